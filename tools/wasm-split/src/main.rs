//! Splits the console's wasm into a main module and lazily loaded chunks.
//!
//! `lazy_area!` (src/areas/lazy.rs) marks one split point per API area (`wasm_split` imports named
//! `__wasm_split_00…`); this step cuts the module there, so the first load carries only the shell
//! and each area's code arrives when the operator first opens it. It runs between cargo and wasm-bindgen: `tools/wasm-bindgen` (which
//! trunk runs as `wasm-bindgen`) calls it and hands the main module on; trunk's post-build hook
//! (`tools/stage-chunks`) then ships the chunks. The splitting itself is `wasm_split_cli_support`,
//! the library cargo-leptos uses for the same job.
//!
//! Usage: `opsdeck-wasm-split <input.wasm> <out-dir> <main-js-module>`; writes `<out-dir>/main.wasm`,
//! one `.wasm` per chunk and `__wasm_split.js`, the loader the main module imports.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_module] = args.as_slice() else {
        eprintln!("usage: opsdeck-wasm-split <input.wasm> <out-dir> <main-js-module>");
        return ExitCode::from(2);
    };
    match split(input, out_dir, main_module) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opsdeck-wasm-split: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &str, out_dir: &str, main_module: &str) -> Result<(), Box<dyn std::error::Error>> {
    let wasm = std::fs::read(input).map_err(|e| format!("reading {input}: {e}"))?;
    let out_dir = PathBuf::from(out_dir);
    let main_out = out_dir.join("main.wasm");
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = &out_dir;
    opts.main_out_path = &main_out;
    opts.main_module = main_module;
    opts.target.web();
    let result = wasm_split_cli_support::transform(opts)?;
    let main_len = std::fs::metadata(&main_out)?.len();
    eprintln!(
        "split {input}: main {} KB, {} chunks",
        main_len / 1024,
        result.split_modules.len()
    );
    Ok(())
}
