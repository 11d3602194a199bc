//! `./dev bench`: what the console costs to load. Prints every shipped file's size (raw and
//! gzip) and, over several runs in headless Chromium against the emulator on loopback, the
//! median time from navigation start to the first area page showing its data. Prints figures;
//! asserts nothing.

use opsdeck_e2e::{
    dist_sizes, first_load_gzip, in_first_load, workspace_root, Stack, FIRST_LOAD_BUDGET,
};
use serde_json::json;

const RUNS: usize = 7;

#[tokio::main]
async fn main() -> Result<(), opsdeck_e2e::Error> {
    let sizes = dist_sizes(&workspace_root().join("dist"));
    let first_files: Vec<_> = sizes.iter().filter(|(n, _, _)| in_first_load(n)).collect();
    let chunks: Vec<_> = sizes
        .iter()
        .filter(|(n, _, _)| !in_first_load(n) && n.ends_with(".wasm"))
        .collect();
    println!("{:<48} {:>10} {:>10}", "first-load file", "raw B", "gzip B");
    for (name, r, g) in &first_files {
        println!("{name:<48} {r:>10} {g:>10}");
    }
    let first = first_load_gzip(&sizes);
    println!(
        "first load (html + js + main wasm + css), gzip: {} B = {:.1} KB of the {} KB budget",
        first,
        first as f64 / 1024.0,
        FIRST_LOAD_BUDGET / 1024
    );
    let chunk_raw: usize = chunks.iter().map(|c| c.1).sum();
    let chunk_gz: usize = chunks.iter().map(|c| c.2).sum();
    println!(
        "lazily loaded: {} wasm chunks, {chunk_raw} B raw, {chunk_gz} B gzip in all; the largest:",
        chunks.len()
    );
    for (name, r, g) in chunks.iter().take(8) {
        println!("  {name:<46} {r:>10} {g:>10}");
    }
    let other: usize = sizes
        .iter()
        .filter(|(n, _, _)| !n.ends_with(".wasm") && !in_first_load(n))
        .map(|f| f.1)
        .sum();
    println!("other files (config, icon, Spot catalog): {other} B raw");
    let spot: Vec<_> = sizes
        .iter()
        .filter(|(n, _, _)| n.contains("spot_area") || n.starts_with("spot-catalog-"))
        .collect();
    let spot_gz: usize = spot.iter().map(|f| f.2).sum();
    for (name, r, g) in &spot {
        println!("  {name:<46} {r:>10} {g:>10}");
    }
    println!(
        "Spot (its area chunk + catalog), gzip: {spot_gz} B = {:.1} KB",
        spot_gz as f64 / 1024.0
    );

    let stack = Stack::start().await?;
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let page = stack.page(None).await?;
        page.open_connected("/", &["spot"]).await?;
        page.client.goto(&page.url("/spot/accounts")).await?;
        page.wait_text("#spot-accounts", "production").await?;
        // Navigation start to the moment the table row exists, measured in the page.
        let t = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const check = () => document.querySelector('#spot-accounts td') ? done(performance.now()) : requestAnimationFrame(check);
                 check();",
                vec![json!(null)],
            )
            .await?;
        // performance.now() when found is an upper bound; the first paint with data is earlier.
        let entries = page
            .js("const m = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/spot/setup/account')); return m.length ? m[m.length-1].responseEnd : null;")
            .await?;
        times.push((t.as_f64().unwrap_or(0.0), entries.as_f64()));
        page.close().await;
    }
    // A Spot operation's form, cold (new browser profile: chunk and catalog not cached).
    let mut form = Vec::new();
    for _ in 0..RUNS {
        let page = stack.page(None).await?;
        page.open_connected("/", &["spot"]).await?;
        page.client
            .goto(&page.url("/spot/ops/elastigroup-aws/create-elastigroup"))
            .await?;
        let t = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const check = () => document.querySelector('#spot-send') ? done(performance.now()) : requestAnimationFrame(check);
                 check();",
                vec![json!(null)],
            )
            .await?;
        form.push(t.as_f64().unwrap_or(0.0));
        page.close().await;
    }
    form.sort_by(|a, b| a.partial_cmp(b).unwrap());
    stack.stop().await;
    println!(
        "navigation start → Spot operation form usable (cold), median of {RUNS}: {:.0} ms (min {:.0}, max {:.0})",
        form[form.len() / 2],
        form[0],
        form[form.len() - 1]
    );
    let mut shown: Vec<f64> = times.iter().map(|(t, _)| *t).collect();
    shown.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut answered: Vec<f64> = times.iter().filter_map(|(_, r)| *r).collect();
    answered.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("navigation start → Spot accounts on screen, median of {RUNS}: {:.0} ms (min {:.0}, max {:.0})",
        shown[shown.len() / 2], shown[0], shown[shown.len() - 1]);
    if !answered.is_empty() {
        println!(
            "navigation start → accounts answer received, median: {:.0} ms",
            answered[answered.len() / 2]
        );
    }
    Ok(())
}
