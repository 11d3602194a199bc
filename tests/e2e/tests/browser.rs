//! Runs every browser scenario in order (one Chromium at a time: two cores), then writes the
//! tally of documented operations the run exercised to `target/e2e-coverage.json`. The first
//! load's size against its budget counts as one more check.
//! Arguments filter scenarios by name: `cargo test -p opsdeck-e2e --test browser -- a9s`.

use std::time::{Duration, Instant};

use opsdeck_e2e::{
    dist_sizes, first_load_gzip, scenarios, workspace_root, Stack, FIRST_LOAD_BUDGET,
};
use serde_json::Value;

#[tokio::main]
async fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let selected: Vec<_> = scenarios::all()
        .into_iter()
        .filter(|s| filters.is_empty() || filters.iter().any(|f| s.name.contains(f.as_str())))
        .collect();
    let (mut passed, mut failed) = (0, 0);

    // The first-load size against its budget (deterministic, so a check like the scenarios);
    // `./dev bench` prints the detail.
    let sizes = dist_sizes(&workspace_root().join("dist"));
    let first = first_load_gzip(&sizes);
    let built = sizes.iter().any(|(n, _, _)| n.ends_with("_bg.wasm"));
    if !built {
        failed += 1;
        println!("FAILED  size: dist/ holds no wasm module; build with ./dev build");
    } else if first <= FIRST_LOAD_BUDGET {
        passed += 1;
        println!(
            "ok      size: first load is {} KB gzipped, within the {} KB budget",
            first.div_ceil(1024),
            FIRST_LOAD_BUDGET / 1024
        );
    } else {
        failed += 1;
        println!(
            "FAILED  size: first load is {} KB gzipped, over the {} KB budget by {} KB",
            first.div_ceil(1024),
            FIRST_LOAD_BUDGET / 1024,
            (first - FIRST_LOAD_BUDGET).div_ceil(1024)
        );
    }

    let stack = match Stack::start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the browser test stack: {e}");
            std::process::exit(1);
        }
    };
    let _ = stack.control("DELETE", "/__emulator/coverage", None).await;
    for scenario in selected {
        let started = Instant::now();
        let _ = stack.control("DELETE", "/__emulator/faults", None).await;
        let result = match stack.page(None).await {
            Err(e) => Err(format!("cannot open a browser: {e}")),
            Ok(mut page) => {
                let run = tokio::time::timeout(
                    Duration::from_secs(180),
                    (scenario.run)(&stack, &mut page),
                )
                .await;
                let mut outcome = match run {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("timed out after 180 s".to_string()),
                };
                if outcome.is_ok() {
                    match page.console_errors().await {
                        Ok(errors) if !errors.is_empty() => {
                            outcome = Err(format!("the page logged errors: {errors:#?}"))
                        }
                        Err(e) => outcome = Err(format!("cannot read the browser log: {e}")),
                        Ok(_) => {}
                    }
                }
                page.close().await;
                outcome
            }
        };
        let secs = started.elapsed().as_secs_f32();
        match result {
            Ok(()) => {
                passed += 1;
                println!("ok      {} ({secs:.1} s)", scenario.name);
            }
            Err(e) => {
                failed += 1;
                println!(
                    "FAILED  {} ({secs:.1} s)\n        {}",
                    scenario.name,
                    e.replace('\n', "\n        ")
                );
            }
        }
    }
    let _ = stack.control("DELETE", "/__emulator/faults", None).await;
    match stack.control("GET", "/__emulator/coverage", None).await {
        Ok(raw) => report_coverage(&raw),
        Err(e) => println!("could not read the operation tally: {e}"),
    }
    stack.stop().await;
    println!("\nbrowser: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn report_coverage(raw: &str) {
    let tally: Value = serde_json::from_str(raw).unwrap_or_default();
    let path = workspace_root().join("target/e2e-coverage.json");
    let _ = std::fs::create_dir_all(path.parent().unwrap());
    let _ = std::fs::write(
        &path,
        serde_json::to_string_pretty(&tally).unwrap_or_default(),
    );
    let ops = tally["operations"].as_array().cloned().unwrap_or_default();
    for api in ["dm", "solutions", "a9s", "keboola", "spot"] {
        let of: Vec<&Value> = ops.iter().filter(|o| o["api"] == api).collect();
        let hit = of
            .iter()
            .filter(|o| o["hits"].as_u64().unwrap_or(0) > 0)
            .count();
        println!(
            "{api:<10} operations exercised through the browser: {hit} of {}",
            of.len()
        );
    }
    println!("(tally written to {})", path.display());
}
