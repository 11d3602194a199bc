//! `cargo run -p opsdeck-spot-catalog` regenerates Spot's catalogs under `data/spot/`;
//! `-- --check` only says whether the committed files are what the generator writes;
//! `-- --slices catalog|descriptions FILE DIR` (a build step) writes each operation's slice of
//! `FILE` (the console's catalog or its documentation lines) to `DIR/<section>/<operation>.json`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, kind, file, dir] = &args[..] {
        if flag == "--slices" {
            return write_slices(kind, file, dir);
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let check = std::env::args().any(|a| a == "--check");
    let read = |p: &str| {
        std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("cannot read {p}: {e}"))
    };
    let files = match opsdeck_spot_catalog::generate(
        &read(opsdeck_spot_catalog::SPEC),
        &read(opsdeck_spot_catalog::TABLE),
        &read(opsdeck_spot_catalog::OVERLAY),
    ) {
        Ok(f) => f,
        Err(problems) => {
            eprintln!("the spec needs repairs the overlay does not name:\n{problems}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = 0;
    for f in files {
        let path = root.join(f.path);
        let same = std::fs::read_to_string(&path).is_ok_and(|t| t == f.text);
        if check {
            if !same {
                eprintln!("{} is stale: run cargo run -p opsdeck-spot-catalog", f.path);
                stale += 1;
            }
        } else if !same {
            std::fs::write(&path, &f.text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", f.path));
            println!("wrote {} ({} bytes)", f.path, f.text.len());
        }
    }
    if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn write_slices(kind: &str, file: &str, dir: &str) -> ExitCode {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let cut = match kind {
        "catalog" => opsdeck_spot_catalog::slices,
        "descriptions" => opsdeck_spot_catalog::doc_slices,
        _ => {
            eprintln!("--slices cuts a catalog or descriptions, not {kind:?}");
            return ExitCode::FAILURE;
        }
    };
    let slices = match cut(&text) {
        Ok(s) => s,
        Err(problem) => {
            eprintln!("{file}: {problem}");
            return ExitCode::FAILURE;
        }
    };
    for (slug, slice) in &slices {
        let path = PathBuf::from(dir).join(format!("{slug}.json"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, slice)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    ExitCode::SUCCESS
}
