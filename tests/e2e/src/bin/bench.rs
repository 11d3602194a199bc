//! `./dev bench`: what the console costs to load, against the targets of issue #16. Prints the
//! shipped files' sizes (raw, gzip, brotli: what goes over the wire) and, in headless Chromium
//! against the emulator on loopback (`./dev bench` runs an optimized build of it), medians of:
//! navigation → data on screen for one page of each area and the Spot operation form, cold (new
//! browser profile) and warm (the same address again); Swagger UI showing the same operation of
//! Spot's spec (same browser, served by the same emulator build, same run);
//! first data when the area's code is already loaded; and filtering a 10,000-row table. Prints
//! figures; asserts nothing (the browser run asserts the first load's size).

use std::path::Path;
use std::time::{Duration, Instant};

use opsdeck_e2e::{
    dist_sizes, first_load_gzip, in_first_load, serve, workspace_root, Error, Outcome, Page, Stack,
    FIRST_LOAD_BUDGET,
};
use serde_json::{json, Value};

/// Samples per median; `RUNS=n ./dev bench …` takes more, to tell a change of a few ms from the
/// machine's own variation.
fn runs() -> usize {
    std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

/// A page of an area, and the script expression that is true once its data is on screen.
struct Target {
    name: &'static str,
    path: &'static str,
    api: &'static str,
    ready: &'static str,
}

const TARGETS: [Target; 6] = [
    Target {
        name: "Deployment Manager overview",
        path: "/deployment-manager",
        api: "dm",
        ready: "document.querySelector('#dm-version')?.textContent.includes('23.07')",
    },
    Target {
        name: "Solutions list",
        path: "/solutions",
        api: "solutions",
        ready: "document.querySelector('#solutions-count')?.textContent.includes('Solutions 1–20')",
    },
    Target {
        name: "a9s instance overview",
        path: "/a9s/instances/kv-sessions",
        api: "a9s",
        ready: "document.querySelector('main')?.textContent.includes('sessions-cache')",
    },
    Target {
        name: "Keboola sandboxes",
        path: "/keboola?backend=snowflake&type=sandbox",
        api: "keboola",
        ready: "document.querySelector('#kb-current-inuse')?.textContent.includes('in use')",
    },
    Target {
        name: "Spot accounts",
        path: "/spot/accounts",
        api: "spot",
        ready: "document.querySelector('#spot-accounts td')",
    },
    Target {
        name: "Spot operation form",
        path: "/spot/ops/elastigroup-aws/create-elastigroup",
        api: "spot",
        ready: "document.querySelector('#spot-send')",
    },
];

/// The first operation of Spot's 2021-11 spec, as Swagger UI deep-links to it and names its
/// block; the same operation as the Spot form above.
const SWAGGER_LINK: &str = "/#/Elastigroup%20AWS/elastigroupAwsCreate";
const SWAGGER_READY: &str =
    "document.querySelector('#operations-Elastigroup_AWS-elastigroupAwsCreate.is-open .try-out__btn')";

#[tokio::main]
async fn main() -> Result<(), Error> {
    let dist = workspace_root().join("dist");
    sizes(&dist);

    let stack = Stack::start().await?;
    println!(
        "\nnavigation → data on screen, median of {} (min–max); targets: cold ≤ 350 ms, warm ≤ 150 ms",
        runs()
    );
    println!(
        "{:<30} {:>16} {:>16} {:>9} {:>10}",
        "page", "cold ms", "warm ms", "requests", "cold wire"
    );
    // `bench <words>`: only the pages whose name contains them, then that page's waterfall.
    let only = std::env::args().nth(1).map(|w| w.to_lowercase());
    let chosen: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| {
            only.as_ref()
                .is_none_or(|w| t.name.to_lowercase().contains(w))
        })
        .collect();
    for target in chosen.iter().copied() {
        let (mut cold, mut warm, mut requests, mut wire) = (vec![], vec![], 0, 0);
        for _ in 0..runs() {
            let page = stack.page_unwaited().await?;
            connect(&page, target.api).await?;
            watch(&page, target.ready).await?;
            cold.push(time_to(&page, &page.url(target.path)).await?);
            let load = page
                .js("const r = performance.getEntriesByType('resource');
                     return [r.length + 1, r.reduce((n, e) => n + e.transferSize, performance.getEntriesByType('navigation')[0].transferSize)];")
                .await?;
            requests = load[0].as_u64().unwrap_or(0);
            wire = load[1].as_u64().unwrap_or(0);
            // A second visit: from another page of the site, as when coming back to it.
            to_config(&page).await?;
            warm.push(time_to(&page, &page.url(target.path)).await?);
            page.close().await;
        }
        println!(
            "{:<30} {:>16} {:>16} {:>9} {:>7} KB",
            target.name,
            spread(&mut cold),
            spread(&mut warm),
            requests,
            wire.div_ceil(1024)
        );
    }

    if only.is_some() {
        for target in &chosen {
            waterfall(&stack, target).await?;
            main_thread(&stack, target).await?;
        }
        stack.stop().await;
        return Ok(());
    }
    waterfall(&stack, &TARGETS[5]).await?;
    main_thread(&stack, &TARGETS[5]).await?;
    within_area(&stack).await?;
    filter_rows(&stack).await?;
    palette_results(&stack).await?;

    match swagger(&stack, &TARGETS[5]).await {
        Ok((mut swagger, mut form)) => {
            println!(
                "Swagger UI, Spot 2021-11 spec, first operation open (cold): {} ms",
                spread(&mut swagger)
            );
            println!(
                "  and in the same rounds (one of each per round), opsdeck's Spot operation form (cold): {} ms",
                spread(&mut form)
            );
            println!(
                "opsdeck's Spot operation form is {:.1}× faster than Swagger UI (target ≥ 8×)",
                median(&mut swagger) / median(&mut form)
            );
        }
        Err(e) => println!("Swagger UI not measured: {e}"),
    }
    stack.stop().await;
    Ok(())
}

/// The shipped files: raw, gzip -9 and the build's brotli twin (what the emulator and nginx send).
fn sizes(dist: &Path) {
    let sizes = dist_sizes(dist);
    let br = |name: &str| {
        std::fs::metadata(dist.join(format!("{name}.br")))
            .map(|m| m.len() as usize)
            .unwrap_or(0)
    };
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "first-load file", "raw B", "gzip B", "br B"
    );
    let first: Vec<_> = sizes.iter().filter(|(n, _, _)| in_first_load(n)).collect();
    for (name, r, g) in &first {
        println!("{name:<48} {r:>10} {g:>10} {:>10}", br(name));
    }
    let gz = first_load_gzip(&sizes);
    let brotli: usize = first.iter().map(|(n, _, _)| br(n)).sum();
    println!(
        "first load (html + js + main wasm + css): gzip {:.1} KB of the {} KB budget; brotli {:.1} KB on the wire",
        gz as f64 / 1024.0,
        FIRST_LOAD_BUDGET / 1024,
        brotli as f64 / 1024.0
    );
    let chunks: Vec<_> = sizes
        .iter()
        .filter(|(n, _, _)| !in_first_load(n) && n.ends_with(".wasm"))
        .collect();
    println!(
        "lazily loaded: {} wasm chunks, {} B raw, {} B gzip, {} B brotli in all; the largest:",
        chunks.len(),
        chunks.iter().map(|c| c.1).sum::<usize>(),
        chunks.iter().map(|c| c.2).sum::<usize>(),
        chunks.iter().map(|c| br(&c.0)).sum::<usize>()
    );
    for (name, r, g) in chunks.iter().take(8) {
        println!("  {name:<46} {r:>10} {g:>10} {:>10}", br(name));
    }
    for (name, r, g) in sizes.iter().filter(|(n, _, _)| n.starts_with("spot-")) {
        println!("  {name:<46} {r:>10} {g:>10} {:>10}", br(name));
    }
}

/// Opens a page of the console's origin that loads none of it (config.json), and saves the
/// connection there, so the next navigation is a cold start with credentials.
async fn connect(page: &Page, api: &str) -> Result<(), Error> {
    to_config(page).await?;
    page.save_connections(&[api]).await?;
    if api == "a9s" {
        // a9s has no listing call: the console keeps the instances the operator added.
        page.js("sessionStorage.setItem('opsdeck.a9s.instances', '[\"kv-sessions\"]');")
            .await?;
    }
    settle().await;
    Ok(())
}

/// Lets a browser that has just started finish starting. Its first second is busy with its own
/// work, which on two cores doubled the first load's times; an operator opening a link does so in
/// a browser already running. Swagger UI is measured after the same pause.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Opens the site's config.json: a page of the console's origin that is not the console.
async fn to_config(page: &Page) -> Result<(), Error> {
    page.client.goto(&page.url("/config.json")).await?;
    wait_for(
        page,
        "location.pathname === '/config.json' && document.readyState === 'complete'",
    )
    .await
}

/// Has every document `page` opens from now on note when `ready` first holds: checked as the
/// document changes (a MutationObserver), noted at the frame that shows it. The page is watched
/// from inside, so the bench does not load the browser while it measures.
async fn watch(page: &Page, ready: &str) -> Outcome {
    page.on_new_document(&format!(
        "new MutationObserver((_, observer) => {{
           if (!({ready})) return;
           observer.disconnect();
           requestAnimationFrame(() => {{ window.__opsdeckReady = performance.now(); }});
         }}).observe(document, {{ childList: true, subtree: true, characterData: true }});"
    ))
    .await
}

/// Navigates to `url` (on a page [`watch`]ed for its target) and gives the milliseconds from the
/// navigation's start until the target's data was on screen in the new document.
async fn time_to(page: &Page, url: &str) -> Result<f64, Error> {
    let before = page.js("return performance.timeOrigin;").await?;
    page.client.goto(url).await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        // Null or failing while the old document is still the current one, or not yet ready.
        if let Ok(Value::Number(t)) = page
            .client
            .execute(
                &format!("return performance.timeOrigin === {before} ? null : window.__opsdeckReady ?? null;"),
                vec![],
            )
            .await
        {
            return Ok(t.as_f64().unwrap_or_default());
        }
        if Instant::now() > deadline {
            return Err(format!("{url}: not ready within 20 s").into());
        }
    }
}

/// Waits until `condition` is true in the current document.
async fn wait_for(page: &Page, condition: &str) -> Result<(), Error> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !matches!(
        page.client
            .execute(&format!("return !!({condition});"), vec![])
            .await,
        Ok(Value::Bool(true))
    ) {
        if Instant::now() > deadline {
            return Err(format!("not true within 20 s: {condition}").into());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(())
}

/// Milliseconds from a click to `ready`, in the page.
async fn click_to(page: &Page, click: &str, ready: &str) -> Result<f64, Error> {
    let t = page
        .client
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 const start = performance.now();
                 document.querySelector({click:?}).click();
                 const check = () => ({ready}) ? done(performance.now() - start) : requestAnimationFrame(check);
                 check();"
            ),
            vec![],
        )
        .await?;
    Ok(t.as_f64().unwrap_or_default())
}

/// One cold load of `target`, request by request: when each started and ended (ms from the
/// navigation's start), what it cost on the wire, and when the data was on screen.
async fn waterfall(stack: &Stack, target: &Target) -> Result<(), Error> {
    let page = stack.page_unwaited().await?;
    connect(&page, target.api).await?;
    watch(&page, target.ready).await?;
    let ready = time_to(&page, &page.url(target.path)).await?;
    let entries = page
        .js("const n = performance.getEntriesByType('navigation')[0];
             return [[location.pathname, 0, n.responseEnd, n.transferSize]].concat(
               performance.getEntriesByType('resource').map(e =>
                 [new URL(e.name).pathname, e.startTime, e.responseEnd, e.transferSize]),
               performance.getEntriesByType('mark').map(e => ['mark ' + e.name, e.startTime, e.startTime, 0]))
               .sort((a, b) => a[1] - b[1]);")
        .await?;
    println!(
        "\none cold load of {}, request by request (ms from the navigation's start):",
        target.name
    );
    for e in entries.as_array().into_iter().flatten() {
        println!(
            "  {:>6.0} → {:>6.0}  {:>7} B  {}",
            e[1].as_f64().unwrap_or_default(),
            e[2].as_f64().unwrap_or_default(),
            e[3].as_u64().unwrap_or_default(),
            e[0].as_str().unwrap_or_default()
        );
    }
    println!("  data on screen at {ready:.0} ms");
    page.close().await;
    Ok(())
}

/// What the page's main thread did during one cold load of `target`, until its data was on
/// screen, by kind of work (self time of the browser's trace events): where the time goes that
/// the waterfall's gaps do not explain. Tracing slows the browser, so these are shares of a
/// slower load, not times to compare with the medians.
async fn main_thread(stack: &Stack, target: &Target) -> Outcome {
    let page = stack.page_traced().await?;
    connect(&page, target.api).await?;
    watch(&page, target.ready).await?;
    let ready = time_to(&page, &page.url(target.path)).await?;
    let started = page
        .js("return performance.getEntriesByName('opsdeck-main')[0]?.startTime ?? null;")
        .await?
        .as_f64();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events = page.trace().await?;
    page.close().await;
    // The console's mark as it starts (src/main.rs) is on the main thread and in both clocks.
    let Some((mark, started)) = events
        .iter()
        .find(|e| e["name"] == "opsdeck-main" && e["ph"] != "M")
        .zip(started)
    else {
        println!("main thread: the trace holds no opsdeck-main mark");
        return Ok(());
    };
    let thread = (&mark["pid"], &mark["tid"]);
    let from = mark["ts"].as_f64().unwrap_or_default() - started * 1000.0;
    let to = from + ready * 1000.0;
    let mut spans: Vec<(f64, f64, &str)> = within(&events, from, to)
        .filter(|(t, ..)| *t == thread)
        .map(|(_, start, end, name)| (start, end, name))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    // Self time: each span's time less that of the spans inside it.
    let mut kinds: Vec<(&str, f64)> = Vec::new();
    let mut open: Vec<(f64, &str)> = Vec::new();
    let mut add = |kind: &'static str, us: f64| match kinds.iter_mut().find(|k| k.0 == kind) {
        Some(k) => k.1 += us,
        None => kinds.push((kind, us)),
    };
    for &(start, end, name) in &spans {
        while open.last().is_some_and(|o| o.0 <= start) {
            open.pop();
        }
        if let Some(&(_, parent)) = open.last() {
            add(kind(parent), start - end);
        }
        add(kind(name), end - start);
        open.push((end, name));
    }
    let compiled = spans.iter().filter(|s| s.2 == "wasm.CompileLazy").count();
    let busy = covered(spans.iter().map(|s| (s.0, s.1)).collect());
    kinds.push(("idle (waiting for the network or a core)", to - from - busy));
    kinds.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!(
        "
the main thread during one traced cold load of {} (data on screen at {ready:.0} ms, slowed by tracing):",
        target.name
    );
    for (kind, us) in kinds.iter().filter(|k| k.1 >= 50.0) {
        let what = if *kind == LAZY {
            format!("{kind} ({compiled} functions, on first call)")
        } else {
            kind.to_string()
        };
        println!(
            "  {:>5.1} ms {:>3.0}%  {what}",
            us / 1000.0,
            us * 100.0 / (to - from)
        );
    }
    other_threads(&events, thread, from, to);
    Ok(())
}

/// A thread of a trace: its process's and its own id.
type Thread<'a> = (&'a Value, &'a Value);

/// The other threads busiest during the same load (their trace events' time, overlaps counted
/// once): on two cores, what the page's main thread shares them with.
fn other_threads(events: &[Value], page: Thread, from: f64, to: f64) {
    let named = |kind: &str, pid: &Value, tid: Option<&Value>| {
        events
            .iter()
            .find(|e| {
                e["ph"] == "M"
                    && e["name"] == kind
                    && &e["pid"] == pid
                    && tid.is_none_or(|t| &e["tid"] == t)
            })
            .and_then(|e| e["args"]["name"].as_str())
            .unwrap_or("?")
    };
    let mut threads: Vec<(Thread, Vec<(f64, f64)>)> = Vec::new();
    for (key, start, end, _) in within(events, from, to).filter(|(t, ..)| *t != page) {
        match threads.iter_mut().find(|t| t.0 == key) {
            Some(t) => t.1.push((start, end)),
            None => threads.push((key, vec![(start, end)])),
        }
    }
    let mut busy: Vec<(f64, Thread)> = threads
        .into_iter()
        .map(|(key, spans)| (covered(spans), key))
        .collect();
    busy.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("  the busiest other threads meanwhile:");
    for (us, (pid, tid)) in busy.iter().take(5) {
        println!(
            "  {:>5.1} ms       {} ({})",
            us / 1000.0,
            named("thread_name", pid, Some(tid)),
            named("process_name", pid, None)
        );
    }
}

/// The trace's complete events (`ph` "X") that overlap `from..to` (µs), cut to it: their
/// thread, start, end and name.
fn within(
    events: &[Value],
    from: f64,
    to: f64,
) -> impl Iterator<Item = (Thread<'_>, f64, f64, &str)> {
    events
        .iter()
        .filter(|e| e["ph"] == "X")
        .filter_map(move |e| {
            let start = e["ts"].as_f64()?;
            let end = start + e["dur"].as_f64()?;
            (end > from && start < to).then(|| {
                (
                    (&e["pid"], &e["tid"]),
                    start.max(from),
                    end.min(to),
                    e["name"].as_str().unwrap_or(""),
                )
            })
        })
}

/// The time `spans` cover, overlaps counted once.
fn covered(mut spans: Vec<(f64, f64)>) -> f64 {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut total, mut reach) = (0.0, f64::MIN);
    for (start, end) in spans {
        total += (end - start.max(reach)).max(0.0);
        reach = reach.max(end);
    }
    total
}

const LAZY: &str = "compiling wasm functions";

/// The kind of work a trace event of the main thread is.
fn kind(name: &str) -> &'static str {
    match name {
        "wasm.CompileLazy" | "FlushInstructionCache" => LAZY,
        "wasm.GrowMemory" => "growing wasm memory",
        "Layout" | "UpdateLayoutTree" | "RecalculateStyles" | "PrePaint" | "Paint" | "Layerize"
        | "Commit" | "UpdateLayer" | "HitTest" => "style, layout and paint",
        "ParseHTML" | "ParseAuthorStyleSheet" => "parsing HTML and CSS",
        "FunctionCall" | "v8.callFunction" | "RunMicrotasks" | "v8.evaluateModule"
        | "EvaluateScript" | "v8.run" | "TimerFire" | "FireAnimationFrame" | "EventDispatch"
        | "FireIdleCallback" => "running script (JS and wasm)",
        n if n.contains("GC") => "garbage collection",
        n if n.starts_with("wasm.") || n.starts_with("v8.wasm.") => {
            "decoding and instantiating wasm"
        }
        n if n.starts_with("V8.") || n.starts_with("v8.") => "compiling JavaScript",
        // Mostly the self time of `RunTask`: network data, messages, scheduling.
        _ => "other browser tasks",
    }
}

/// First data on another page of an area whose code is loaded: a link inside the area.
async fn within_area(stack: &Stack) -> Result<(), Error> {
    let mut times = Vec::new();
    for _ in 0..runs() {
        let page = stack.page_unwaited().await?;
        connect(&page, "solutions").await?;
        watch(&page, TARGETS[1].ready).await?;
        time_to(&page, &page.url("/solutions")).await?;
        times.push(
            click_to(
                &page,
                "a[href='/solutions/jobs']",
                "document.querySelector('#solutions-jobs')?.textContent.includes('Jobs 1–20')",
            )
            .await?,
        );
        page.close().await;
    }
    println!(
        "area loaded, Solutions list → jobs on screen (a link in the area): {} ms",
        spread(&mut times)
    );
    Ok(())
}

/// Typing into the filter of a 10,000-row table (Spot accounts, the emulator answering with
/// 10,000 of them): the time from the keystroke until the filtered rows are in the page.
async fn filter_rows(stack: &Stack) -> Result<(), Error> {
    let page = stack.page(None).await?;
    page.open_connected("/spot/accounts", &["spot"]).await?;
    page.wait_text("#spot-accounts", "production").await?;
    // The fields the table shows (the control surface takes up to 2 MB).
    let items: Vec<Value> = (0..10_000)
        .map(|i| {
            json!({ "name": format!("account {i:05}"), "accountId": format!("act-{i:05}"),
                    "providerExternalId": "123456789012", "organizationId": "606079861234" })
        })
        .collect();
    stack.list_spot_accounts(&page, items).await?;
    page.open("/spot/accounts").await?;
    page.wait_text("#spot-accounts", "account 00000").await?;
    let mut times = Vec::new();
    for i in 0..runs() {
        let t = page
            .client
            .execute_async(
                "const [needle, done] = arguments;
                 const input = document.querySelector('#spot-accounts .table-filter');
                 const start = performance.now();
                 input.value = needle;
                 input.dispatchEvent(new Event('input', { bubbles: true }));
                 // After the event and every update it queued (microtasks), before the next frame.
                 setTimeout(() => {
                   const shown = document.querySelector('#spot-accounts td')?.textContent.includes(needle);
                   done(shown ? performance.now() - start : null);
                 }, 0);",
                vec![json!(format!("account {:05}", 1234 + i))],
            )
            .await?;
        times.push(t.as_f64().ok_or("the filtered row was not shown")?);
    }
    let _ = stack.control("DELETE", "/__emulator/faults", None).await;
    page.close().await;
    println!(
        "10,000-row table, a keystroke in its filter → filtered rows in the page: {} ms (target: one 16 ms frame)",
        spread(&mut times)
    );
    Ok(())
}

/// Swagger UI (npm swagger-ui-dist, installed into .tools/ by `./dev bench`) showing Spot's
/// 2021-11 spec, served precompressed by the emulator like the console: cold, one browser each;
/// and the console's operation `form`, cold, in turns with it (which goes first alternates), so
/// the ratio compares loads made in the same state of the machine, whose speed drifts over
/// minutes. Gives Swagger UI's times and the form's.
async fn swagger(stack: &Stack, form: &Target) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let root = workspace_root();
    let package = root.join(".tools/node_modules/swagger-ui-dist");
    if !package.join("swagger-ui-bundle.js").exists() {
        return Err("swagger-ui-dist is not installed in .tools/ (./dev bench installs it)".into());
    }
    let site = root.join(".tools/swagger-bench");
    std::fs::create_dir_all(&site)?;
    for file in ["swagger-ui.css", "swagger-ui-bundle.js"] {
        std::fs::copy(package.join(file), site.join(file))?;
    }
    std::fs::copy(
        root.join("data/spot/openapi-2021-11.json"),
        site.join("spec.json"),
    )?;
    std::fs::write(
        site.join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Swagger UI</title>\
         <link rel=\"stylesheet\" href=\"/swagger-ui.css\"></head><body><div id=\"swagger-ui\"></div>\
         <script src=\"/swagger-ui-bundle.js\"></script><script src=\"/init.js\"></script></body></html>",
    )?;
    std::fs::write(
        site.join("init.js"),
        "window.ui = SwaggerUIBundle({ url: '/spec.json', dom_id: '#swagger-ui', deepLinking: true });\n",
    )?;
    for file in [
        "index.html",
        "init.js",
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "spec.json",
    ] {
        let path = site.join(file);
        for (tool, args) in [("gzip", ["-9nkf"]), ("brotli", ["-kf"])] {
            std::process::Command::new(tool)
                .args(args)
                .arg(&path)
                .status()?;
        }
    }
    // A page of its origin that is not Swagger UI, opened first as the console's config.json is.
    std::fs::write(
        site.join("blank.html"),
        "<!DOCTYPE html><title>blank</title>",
    )?;
    // Served as its own deployment would: Swagger UI styles its elements inline, which the
    // console's policy refuses (each refusal reported, about 30–70 ms more to its first operation).
    let (mut server, base) = serve(&site, None, false).await?;
    let (mut times, mut form_times) = (Vec::new(), Vec::new());
    for round in 0..runs() {
        if round % 2 == 1 {
            form_times.push(cold(stack, form).await?);
        }
        times.push(swagger_cold(stack, &base).await?);
        if round % 2 == 0 {
            form_times.push(cold(stack, form).await?);
        }
    }
    let _ = server.kill().await;
    Ok((times, form_times))
}

/// One cold load of Swagger UI, served at `base`, in a new browser: navigation → its first
/// operation open, ms.
async fn swagger_cold(stack: &Stack, base: &str) -> Result<f64, Error> {
    let mut page = stack.page_unwaited().await?;
    page.base = base.to_string();
    page.client.goto(&page.url("/blank.html")).await?;
    wait_for(
        &page,
        "document.title === 'blank' && document.readyState === 'complete'",
    )
    .await?;
    settle().await;
    watch(&page, SWAGGER_READY).await?;
    let ms = time_to(&page, &page.url(SWAGGER_LINK)).await?;
    page.close().await;
    Ok(ms)
}

/// One cold load of `target` in a new browser: navigation → data on screen, ms.
async fn cold(stack: &Stack, target: &Target) -> Result<f64, Error> {
    let page = stack.page_unwaited().await?;
    connect(&page, target.api).await?;
    watch(&page, target.ready).await?;
    let ms = time_to(&page, &page.url(target.path)).await?;
    page.close().await;
    Ok(ms)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The command palette over everything loaded (every page, Spot's 342 operations, the
/// resources of a page of each area): the time from a keystroke in its search box until the
/// first results are in the page.
async fn palette_results(stack: &Stack) -> Result<(), Error> {
    let page = stack.page(None).await?;
    page.open_connected("/spot/accounts", &["all"]).await?;
    page.wait_text("#spot-accounts", "production").await?;
    // Inside the app: the request log, and so what the palette finds, is this tab's memory.
    for area in ["a9s", "solutions", "dm", "keboola"] {
        page.click(&format!("#nav-{area}")).await?;
        page.wait_for("main h1").await?;
        // Its reads answered (the palette indexes what they named).
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    page.click("#palette-open").await?;
    page.set("#palette-input", "simulate interruption").await?;
    page.wait_text("#palette-list", "Simulate an Instance Interruption")
        .await?;
    let mut times = Vec::new();
    for needle in ["ins", "group", "prod", "backup", "act", "list", "pat"] {
        let t = page
            .client
            .execute_async(
                "const [needle, done] = arguments;
                 const input = document.querySelector('#palette-input');
                 const list = document.querySelector('#palette-list');
                 input.value = '';
                 input.dispatchEvent(new Event('input', { bubbles: true }));
                 setTimeout(() => {
                   const before = list.innerHTML;
                   const start = performance.now();
                   input.value = needle;
                   input.dispatchEvent(new Event('input', { bubbles: true }));
                   // After the event and every update it queued (microtasks): the new list
                   // is in the page, or nothing changed (then no time is reported).
                   setTimeout(() => {
                     const first = list.querySelector('[role=option]');
                     done(first && list.innerHTML !== before ? performance.now() - start : null);
                   }, 0);
                 }, 0);",
                vec![json!(needle)],
            )
            .await?;
        times.push(
            t.as_f64()
                .ok_or(format!("the palette showed no new results for {needle:?}"))?,
        );
    }
    page.close().await;
    println!(
        "command palette over everything loaded, a query → first results in the page: {} ms (target: one 16 ms frame)",
        spread(&mut times)
    );
    Ok(())
}

/// "median (min–max)".
fn spread(v: &mut [f64]) -> String {
    let m = median(v);
    format!("{m:.0} ({:.0}–{:.0})", v[0], v[v.len() - 1])
}
