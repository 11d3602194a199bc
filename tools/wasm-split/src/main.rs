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
//!
//! The loader also starts fetching the chunks of the area the page's address belongs to as soon as
//! it runs, in parallel with the main module rather than after it has started and its router
//! matched; the area's loader then takes those responses instead of fetching again.

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

/// Each area's split point (`lazy_area!(name { … })`) and the route prefix of its pages
/// (`ApiKind::route` in src/api/kind.rs).
const AREA_ROUTES: &[(&str, &str)] = &[
    ("dm_area", "/deployment-manager"),
    ("solutions_area", "/solutions"),
    ("a9s_area", "/a9s"),
    ("keboola_area", "/keboola"),
    ("spot_area", "/spot"),
    ("spot_org_area", "/spot/org"),
    ("spot_ocean_area", "/spot/ocean"),
    ("spot_costs_area", "/spot/costs"),
    ("spot_groups_area", "/spot/elastigroups"),
    ("spot_cd_area", "/spot/ocean-cd"),
    ("spot_spark_area", "/spot/spark"),
    ("spot_nodes_area", "/spot/stateful-nodes"),
    ("spot_services_area", "/spot/insights"),
    ("connections_area", "/connections"),
    ("activity_area", "/activity"),
    ("overview_area", "/"),
    ("tools_area", "/requests"),
];

/// Which shared chunk code several split points use goes into, given those split points: what
/// the home page (the live Overview, `overview_area`) uses is one chunk, the rest another. So the
/// home page fetches only the code it shares (a fraction of all shared code), and an area fetches
/// its own chunk and at most these two, all at once (`fetch_early`).
fn shared_group(users: &std::collections::BTreeSet<String>) -> &'static str {
    if users.contains("overview_area") {
        "home"
    } else {
        "areas"
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
    opts.shared_chunk_group = shared_group;
    let result = wasm_split_cli_support::transform(opts)?;
    let loader = out_dir.join("__wasm_split.js");
    let js = std::fs::read_to_string(&loader)?;
    let js = fetch_early(&js, &result.prefetch_map)?;
    std::fs::write(&loader, js)?;
    let main_len = std::fs::metadata(&main_out)?.len();
    eprintln!(
        "split {input}: main {} KB, {} chunks",
        main_len / 1024,
        result.split_modules.len()
    );
    Ok(())
}

/// The loader, changed to fetch and compile the chunks of the current address's area at once (an
/// area inside another, `/spot/org`, fetches both): each chunk's fetch goes through `fetchOnce`,
/// which hands over a module already compiling (`WebAssembly.compileStreaming`, decoded as the
/// bytes arrive rather than when the area is first shown), and `instantiateOnce`
/// instantiates either that module or a fresh fetch. It also reads the static files the address
/// needs (the config; on Spot's explorer pages, Spot's catalog, or on one operation's form only
/// its slice) for the console to take.
fn fetch_early(
    loader: &str,
    files: &std::collections::HashMap<String, Vec<String>>,
) -> Result<String, Box<dyn std::error::Error>> {
    const FETCH: &str = "fetch(new URL(";
    const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
    if !loader.contains(FETCH) || !loader.contains(INSTANTIATE) {
        return Err(
            "the loader no longer fetches a chunk with fetch(new URL(…)) and instantiates it with \
             WebAssembly.instantiateStreaming(src, imports): new wasm_split?"
                .into(),
        );
    }
    let mut areas = String::new();
    let mut names: Vec<_> = files.keys().collect();
    names.sort();
    for name in names {
        let Some((_, prefix)) = AREA_ROUTES.iter().find(|(area, _)| area == name) else {
            return Err(format!("split point {name} has no route prefix in AREA_ROUTES").into());
        };
        let urls: String = files[name]
            .iter()
            .map(|stem| format!("new URL(\"./{stem}.wasm\", import.meta.url), "))
            .collect();
        areas.push_str(&format!("    [\"{prefix}\", [{urls}]],\n"));
    }
    Ok(format!(
        "{}
// Added by tools/wasm-split: the chunks of the area the address belongs to, requested and compiled
// as this loader runs, before the main module has started.
const early = new Map();
for (const [prefix, urls] of [
{areas}]) {{
    if (location.pathname === prefix || location.pathname.startsWith(prefix + \"/\")) {{
        for (const url of urls) {{
            if (early.has(url.href)) continue;
            const module = WebAssembly.compileStreaming(fetch(url));
            module.catch(() => {{}});
            early.set(url.href, module);
        }}
    }}
}}
// The static files the address needs, requested now and read to their end as bytes: the
// console's config, and on Spot's explorer pages Spot's catalog (a hashed file index.html names),
// or on one operation's form only that operation's slice of it (in the folder named like it).
// The console takes each once (`transport::static_file`): a promise of its bytes, `null` when the
// file is not there; any other failure rejects, and the console asks again.
const files = new Map();
function readEarly(path) {{
    const read = fetch(path).then((r) => r.ok ? r.arrayBuffer()
        : r.status === 404 ? null : Promise.reject(new Error(path + \" answered \" + r.status)));
    read.catch(() => {{}});
    files.set(path, read);
}}
readEarly(\"/config.json\");
const catalog = document.querySelector(\"meta[name=opsdeck-spot-catalog]\")?.content;
const op = location.pathname.match(/^\\/spot\\/ops\\/([a-z0-9-]+\\/[a-z0-9-]+)$/);
if (catalog && op) readEarly(\"/\" + catalog.replace(/\\.json$/, \"/\") + op[1] + \".json\");
else if (catalog && location.pathname.startsWith(\"/spot/ops\")) readEarly(\"/\" + catalog);
// Settled once every file read early is in (or has failed): the console starts then
// (`transport::early_files_in`), so the page renders from them in one go.
const allIn = Promise.allSettled(files.values());
globalThis.opsdeckEarlyFilesIn = () => allIn;
globalThis.opsdeckEarlyFile = (path) => {{
    const read = files.get(path);
    files.delete(path);
    return read;
}};
// A module compiled early, once; otherwise the chunk is fetched now.
function fetchOnce(url) {{
    const module = early.get(url.href);
    early.delete(url.href);
    return module ?? fetch(url);
}}
function instantiateOnce(source, imports) {{
    return source.then((s) => s instanceof WebAssembly.Module
        ? WebAssembly.instantiate(s, imports).then((instance) => ({{ module: s, instance }}))
        : WebAssembly.instantiateStreaming(s, imports));
}}
",
        loader
            .replace(FETCH, "fetchOnce(new URL(")
            .replace(INSTANTIATE, "instantiateOnce(src, imports)")
    ))
}
