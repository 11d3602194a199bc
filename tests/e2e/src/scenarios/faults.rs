//! The fault sweep: every page of the four areas (dm, solutions, a9s, keboola) under each fault
//! the emulator injects (401, 403, 404, 429, 500, 502 with a proxy's HTML page, 504, a timeout,
//! a truncated body, a body that is not JSON), all in ONE browser session: the sweep moves
//! between pages inside the app (history + popstate, through an empty route so every page is
//! built afresh) and switches the fault at the emulator's control endpoint between rounds.
//! On every page that sent a request: a sentence naming the API (and the status, for an HTTP
//! answer), Retry on each failed read, no panic; where the page keeps a text field, what was
//! typed there survives a failed retry; after each fault, no console error. Under the timeout
//! (each request waits out the console's time limit) the pages are opened side by side in
//! windows of the same session, so the limit is waited once, not once per page. Then one write
//! per area under each fault: a double click sends it once, the error is said without Retry,
//! what was typed is still in the form; at the end the emulator's count of every write route
//! shows nothing was sent again by itself.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::hostile::{prepare, spot_pages, PAGES};
use crate::{ensure, Error, Outcome, Page, Scenario, ScenarioFuture, Stack};

/// Three scenarios, each one browser session over every page and write under a third of the
/// faults (so each fits the harness's limit for one scenario, on a busy machine too).
pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "faults: 401, a timeout, 403, 404 — every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried",
            run: |stack, p| sweep(stack, p, 0..4),
        },
        Scenario {
            name: "faults: 429, 500, 504 — every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried",
            run: |stack, p| sweep(stack, p, 4..7),
        },
        Scenario {
            name: "faults: a proxy's HTML 502, a truncated body, a body not JSON — every page of the four areas says which API and what, Retry on reads, typed text kept; writes sent once, never retried",
            run: |stack, p| sweep(stack, p, 7..10),
        },
        Scenario {
            name: "faults: 401, a timeout, 403, 404, 429 — every Spot screen says Spot and the status, Retry on reads, typed text kept",
            run: |stack, p| sweep_spot(stack, p, 0..5),
        },
        Scenario {
            name: "faults: 500, 504, a proxy's HTML 502, a truncated body, a body not JSON — every Spot screen says Spot and what, Retry on reads, typed text kept",
            run: |stack, p| sweep_spot(stack, p, 5..10),
        },
    ]
}

/// One injected fault: its name, the emulator's rule, and the status the sentence must name.
struct Fault {
    name: &'static str,
    rule: Value,
    status: Option<u16>,
    /// How long a failed request may take to be said (the harness's time limit is 3 s).
    wait: Duration,
}

fn faults() -> Vec<Fault> {
    let quick = Duration::from_secs(4);
    let mut all: Vec<Fault> = [401, 403, 404, 429, 500, 504]
        .into_iter()
        .map(|s| Fault {
            name: "status",
            rule: json!({ "status": s }),
            status: Some(s),
            wait: quick,
        })
        .collect();
    all.extend([
        Fault {
            name: "502 from a proxy (HTML)",
            rule: json!({ "status": 502, "body": "<html><body><h1>502 Bad Gateway</h1></body></html>" }),
            status: Some(502),
            wait: quick,
        },
        Fault {
            name: "truncated body",
            rule: json!({ "truncated": true }),
            status: None,
            wait: quick,
        },
        Fault {
            name: "body not JSON",
            rule: json!({ "malformed": true }),
            status: None,
            wait: quick,
        },
    ]);
    // The timeout second: its side-by-side round needs the pages seen sending under the first
    // fault, and as the longest round it runs early, before the sweep's time is short.
    all.insert(
        1,
        Fault {
            name: "timeout",
            rule: json!({ "latency_ms": 3600 }),
            status: None,
            wait: Duration::from_secs(7),
        },
    );
    all
}

/// The API an area's pages talk to, as the console names it.
fn api_of(path: &str) -> Option<(&'static str, &'static str)> {
    [
        ("/a9s", "a9s", "a9s Data Services"),
        ("/keboola", "keboola", "Keboola Provisioning"),
        ("/solutions", "solutions", "Deployed Solutions"),
        ("/deployment-manager", "dm", "Deployment Manager"),
        ("/spot", "spot", "Spot"),
    ]
    .into_iter()
    .find(|(prefix, _, _)| path.starts_with(prefix))
    .map(|(_, api, label)| (api, label))
}

/// The emulator's count per (api, method, route).
type Tally = BTreeMap<(String, String, String), u64>;

async fn tally(stack: &Stack) -> Result<Tally, Error> {
    let v: Value =
        serde_json::from_str(&stack.control("GET", "/__emulator/coverage", None).await?)?;
    Ok(v["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let key = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            Some((
                (key("api"), key("method"), key("route")),
                o["hits"].as_u64()?,
            ))
        })
        .collect())
}

fn sweep<'a>(stack: &'a Stack, p: &'a mut Page, which: Range<usize>) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let (kb, sol) = prepare(p).await?;
        let pages: Vec<String> = PAGES
            .iter()
            .filter(|page| api_of(page).is_some_and(|(api, _)| api != "spot"))
            .map(|page| page.replace("{kb}", &kb).replace("{sol}", &sol))
            .collect();
        run_chosen(stack, p, &pages, &writes(&kb, &sol), which).await
    })
}

/// Spot's curated screens (the hostile sweep's list) under the faults in `which`; reads only.
fn sweep_spot<'a>(stack: &'a Stack, p: &'a mut Page, which: Range<usize>) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/", &["spot"]).await?;
        let pages = spot_pages(p).await?;
        run_chosen(stack, p, &pages, &[], which).await
    })
}

async fn run_chosen(
    stack: &Stack,
    p: &Page,
    pages: &[String],
    writes: &[Write],
    which: Range<usize>,
) -> Outcome {
    let started = Instant::now();
    let chosen: Vec<Fault> = faults()
        .into_iter()
        .skip(which.start)
        .take(which.len())
        .collect();
    let count = chosen.len();
    let result = run_all(stack, p, pages, writes, chosen).await;
    stack.control("DELETE", "/__emulator/faults", None).await?;
    result?;
    println!(
        "    fault sweep: {} pages and {} writes under {} faults in {:.0} s",
        pages.len(),
        writes.len(),
        count,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run_all(
    stack: &Stack,
    p: &Page,
    pages: &[String],
    writes: &[Write],
    chosen: Vec<Fault>,
) -> Outcome {
    let mut problems = Vec::new();
    // Pages seen sending a request (under the first fault), for the side-by-side round.
    let mut sends = BTreeSet::new();
    // Each write route's count right after the sweep's last write on it.
    let mut written: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    let mut reads = BTreeSet::new();
    // Within the harness's limit for one scenario: what was found so far is reported.
    let deadline = Instant::now() + Duration::from_secs(145);
    for fault in chosen {
        let label = fault.rule.to_string();
        if Instant::now() > deadline {
            problems.push(format!("{label}: not reached within the sweep's time"));
            continue;
        }
        let round = Instant::now();
        let mut slow = Vec::new();
        stack
            .control("POST", "/__emulator/faults", Some(fault.rule.clone()))
            .await?;
        let visiting = tally(stack).await?;
        if fault.name == "timeout" && !sends.is_empty() {
            for problem in side_by_side(p, pages, &sends, &fault).await? {
                problems.push(format!("{label} {problem}"));
            }
        } else {
            for path in pages.iter().take_while(|_| Instant::now() < deadline) {
                let visited = Instant::now();
                let (sent, found) = visit(stack, p, path, &fault).await?;
                if visited.elapsed() > Duration::from_millis(1500) {
                    slow.push(format!("{path} {:.1} s", visited.elapsed().as_secs_f64()));
                }
                if sent {
                    sends.insert(path.clone());
                }
                problems.extend(found.into_iter().map(|f| format!("{label} {path}: {f}")));
            }
        }
        // Pages that read with a POST (dm's setup status): not writes.
        for (key, hits) in tally(stack).await? {
            if key.1 != "GET" && visiting.get(&key).is_some_and(|was| *was < hits) {
                reads.insert(key);
            }
        }
        stack.control("DELETE", "/__emulator/faults", None).await?;
        for (n, write) in writes.iter().enumerate() {
            if Instant::now() > deadline {
                problems.push(format!(
                    "{label}: writes not reached within the sweep's time"
                ));
                break;
            }
            let sending = Instant::now();
            let found = try_write(stack, p, write, &fault, n, &mut written).await?;
            if sending.elapsed() > Duration::from_millis(1500) {
                slow.push(format!(
                    "write {} {:.1} s",
                    write.page,
                    sending.elapsed().as_secs_f64()
                ));
            }
            problems.extend(
                found
                    .into_iter()
                    .map(|f| format!("{label} write {}: {f}", write.page)),
            );
        }
        let errors = p.console_errors().await?;
        if !errors.is_empty() {
            problems.push(format!("{label} console errors {errors:?}"));
        }
        println!(
            "    {label}: {:.1} s; slow: {slow:?}",
            round.elapsed().as_secs_f64()
        );
    }
    // A write the console retried by itself would have been counted again since.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let now = tally(stack).await?;
    for (key, hits) in written.iter().filter(|(key, _)| !reads.contains(*key)) {
        let later = now.get(key).copied().unwrap_or(0);
        if later != *hits {
            problems.push(format!(
                "{} {} {} was sent {} more times after its last write said its outcome",
                key.0,
                key.1,
                key.2,
                later - hits
            ));
        }
    }
    ensure(problems.is_empty(), problems.join("\n        "))
}

/// Moves inside the app to `path` (through an empty route, so its page is built afresh).
async fn go(p: &Page, path: &str) -> Outcome {
    const NAVIGATE: &str = "history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate')); return true;";
    p.client
        .execute(NAVIGATE, vec![json!("/fault-sweep-between-pages")])
        .await?;
    p.client.execute(NAVIGATE, vec![json!(path)]).await?;
    Ok(())
}

/// What a page shows about failed requests, in one round trip.
const NOTICES: &str = r#"
const notices = [...document.querySelectorAll('.notice.error')].map(n => ({
  text: (n.querySelector('.notice-text') || n).textContent.replace(/[\u2068\u2069]/g, ''),
  retry: n.querySelector('.retry') !== null,
}));
// Keboola's list answers 404 for "none of this type yet" (its document): said as that.
return { notices, fatal: document.getElementById('fatal') !== null,
         none_yet: document.getElementById('kb-none') !== null,
         loading: document.querySelectorAll('.loading').length,
         shown: (document.querySelector('main') || document.body).innerText.slice(-300) };
"#;

/// Marks the page's first free text field with what an operator typed, then clicks Retry.
const TYPE_AND_RETRY: &str = r#"
const field = [...document.querySelectorAll('main input[type=text], main input:not([type]), main textarea')]
  .find(e => !e.disabled && !e.readOnly && e.offsetParent !== null && !e.closest('.dialog'));
if (!field) return false;
field.value = 'typed by the fault sweep';
field.dataset.faultSweep = '1';
field.dispatchEvent(new Event('input', { bubbles: true }));
const retry = document.querySelector('.notice.error .retry');
if (retry) retry.click();
return true;
"#;

const TYPED: &str = r#"
const f = document.querySelector('[data-fault-sweep]');
return f ? f.value : null;
"#;

/// Opens a page under a fault and says whether it sent a request and what is wrong with how
/// it tells the operator.
async fn visit(
    stack: &Stack,
    p: &Page,
    path: &str,
    fault: &Fault,
) -> Result<(bool, Vec<String>), Error> {
    let (api, _) = api_of(path).expect("an area page");
    let before = stack.hits(api, |_, _| true).await?;
    go(p, path).await?;
    let mut seen = settle(p, fault.wait).await?;
    let sent = stack.hits(api, |_, _| true).await? > before;
    if sent && seen["notices"].as_array().is_some_and(Vec::is_empty) && seen["none_yet"] != true {
        // A request is out and the page shows no "loading": give the answer its time.
        tokio::time::sleep(fault.wait.saturating_sub(Duration::from_secs(1))).await;
        seen = p.js(NOTICES).await?;
    }
    if !sent {
        let panicked = seen["fatal"] != false;
        return Ok((
            false,
            panicked
                .then(|| "the console panicked".to_string())
                .into_iter()
                .collect(),
        ));
    }
    let mut problems = judge(path, &seen, fault);
    if seen["fatal"] != false {
        return Ok((true, problems));
    }
    // A failed retry leaves what the operator typed where it was (not under a timeout: slow).
    if fault.name != "timeout" && p.js(TYPE_AND_RETRY).await? == true {
        tokio::time::sleep(Duration::from_millis(150)).await;
        settle(p, fault.wait).await?;
        let typed = p.js(TYPED).await?;
        if typed != json!("typed by the fault sweep") {
            problems.push(format!(
                "what was typed is gone after a failed retry: {typed}"
            ));
        }
    }
    Ok((true, problems))
}

/// What is wrong with how a page that sent a request tells the operator it failed.
fn judge(path: &str, seen: &Value, fault: &Fault) -> Vec<String> {
    let (_, label) = api_of(path).expect("an area page");
    let mut problems = Vec::new();
    if seen["fatal"] != false {
        problems.push("the console panicked".to_string());
        return problems;
    }
    let notices = seen["notices"].as_array().cloned().unwrap_or_default();
    // The route's own 404 passes a body fault through (truncated): still "none yet".
    let none_yet = seen["none_yet"] == true;
    if notices.is_empty() && !none_yet {
        problems.push(format!(
            "a request failed and nothing says so; the page shows {:?}",
            seen["shown"]
        ));
    }
    for n in &notices {
        let text = n["text"].as_str().unwrap_or_default();
        if !text.contains(label) {
            problems.push(format!("the sentence does not name {label}: {text:?}"));
        }
        if let Some(status) = fault.status {
            if !text.contains(&status.to_string()) {
                problems.push(format!("the sentence does not name {status}: {text:?}"));
            }
        }
        if n["retry"] != true {
            problems.push(format!("a failed read offers no Retry: {text:?}"));
        }
    }
    problems
}

/// The timeout round: every page that sends a request opened at once, each in a window of
/// this session (`window.open` copies the tab's storage, so each is connected), then each
/// window's page judged once the time limit has passed.
async fn side_by_side(
    p: &Page,
    pages: &[String],
    sends: &BTreeSet<String>,
    fault: &Fault,
) -> Result<Vec<String>, Error> {
    let main = p.client.window().await?;
    let paths: Vec<&String> = pages.iter().filter(|path| sends.contains(*path)).collect();
    p.client
        .execute(
            "arguments[0].forEach((path, i) => window.open(path, 'fault-sweep-' + i)); return true;",
            vec![json!(paths)],
        )
        .await?;
    tokio::time::sleep(fault.wait.saturating_sub(Duration::from_secs(4))).await;
    let mut problems = Vec::new();
    let mut judged = 0;
    for window in p.client.windows().await? {
        if window == main {
            continue;
        }
        p.client.switch_to_window(window).await?;
        let name = p.js("return window.name").await?;
        let Some(path) = name
            .as_str()
            .and_then(|n| n.strip_prefix("fault-sweep-"))
            .and_then(|i| paths.get(i.parse::<usize>().ok()?))
        else {
            continue;
        };
        judged += 1;
        let seen = settle(p, fault.wait).await?;
        problems.extend(
            judge(path, &seen, fault)
                .into_iter()
                .map(|f| format!("{path}: {f}")),
        );
        let errors = p.console_errors().await?;
        if !errors.is_empty() {
            problems.push(format!("{path}: console errors {errors:?}"));
        }
        p.client.close_window().await?;
    }
    p.client.switch_to_window(main).await?;
    if judged != paths.len() {
        problems.push(format!("{} of {} windows opened", judged, paths.len()));
    }
    Ok(problems)
}

/// Waits until the page has said how its requests went, or shows no request under way for a
/// while, or `most` has passed.
async fn settle(p: &Page, most: Duration) -> Result<Value, Error> {
    let start = Instant::now();
    let mut last = Value::Null;
    tokio::time::sleep(Duration::from_millis(50)).await;
    loop {
        let seen = p.js(NOTICES).await?;
        let said = seen["notices"].as_array().is_some_and(|n| !n.is_empty());
        let idle = seen["loading"] == 0 && start.elapsed() > Duration::from_millis(500);
        // Said, and nothing changed since the last look (a read not asked yet may stay
        // "loading" beside a failed one).
        let steady = said && seen == last;
        last = seen.clone();
        if (said && seen["loading"] == 0)
            || steady
            || idle
            || seen["fatal"] != false
            || start.elapsed() > most
        {
            return Ok(seen);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One write of an area: where its form is, what is typed into it, and what sends it.
struct Write {
    api: &'static str,
    page: String,
    /// An element and a text it holds once the page's reads are done.
    ready: (&'static str, &'static str),
    fields: Vec<(&'static str, String)>,
    submit: &'static str,
}

/// One harmless write per area (a dry run, a touch, a job run with its own id, a backup
/// setting saved as it was).
fn writes(kb: &str, sol: &str) -> Vec<Write> {
    vec![
        Write {
            api: "dm",
            page: "/deployment-manager/patches".into(),
            ready: ("#dm-patch-text", ""),
            fields: vec![
                (
                    "#dm-patch-text",
                    "# target: deployment-file-service\nspec:\n  replicas: 3\n".into(),
                ),
                ("#dm-patch-description", "fault sweep".into()),
            ],
            submit: "#dm-patch-dry",
        },
        Write {
            api: "solutions",
            page: format!("/solutions/s/{sol}"),
            ready: ("#run-input", ""),
            fields: vec![
                ("#run-input", "jaydoe/e2e/fs/fault-sweep/input".into()),
                ("#run-job-id", "fault-sweep-run".into()),
            ],
            submit: "#run-submit",
        },
        Write {
            api: "a9s",
            page: "/a9s/instances/kv-sessions/settings".into(),
            ready: ("#a9s-backup-type", "standard"),
            fields: vec![("#a9s-key", "fault-sweep-key".into())],
            submit: "#a9s-settings-save",
        },
        Write {
            api: "keboola",
            page: format!("/keboola/mysql/{kb}"),
            ready: ("#kb-run-id", ""),
            fields: vec![("#kb-run-id", "fault-sweep-run".into())],
            submit: "#kb-extend",
        },
    ]
}

/// Sends one write under a fault with a double click, and says what went wrong.
async fn try_write(
    stack: &Stack,
    p: &Page,
    w: &Write,
    fault: &Fault,
    n: usize,
    written: &mut BTreeMap<(String, String, String), u64>,
) -> Result<Vec<String>, Error> {
    if n == 0 || fault.status == Some(401) {
        // Loaded afresh where a 401 may have opened the credential dialog over the page.
        p.open(&w.page).await?;
    } else {
        go(p, &w.page).await?;
    }
    p.wait_text(w.ready.0, w.ready.1).await?;
    let fields: Vec<(&str, String)> = w
        .fields
        .iter()
        .map(|(css, v)| (*css, v.replace("fault-sweep", &format!("fault-sweep-{n}"))))
        .collect();
    for (css, value) in &fields {
        p.set(css, value).await?;
    }
    // Only this area's writes fail; slowly, so the second click lands while the first is out.
    let mut rule = fault.rule.clone();
    rule["api"] = json!(w.api);
    if rule.get("latency_ms").is_none() {
        rule["latency_ms"] = json!(300);
    }
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        rule["method"] = json!(method);
        stack
            .control("POST", "/__emulator/faults", Some(rule.clone()))
            .await?;
    }
    let before = tally(stack).await?;
    p.click(w.submit).await?;
    let _ = p.click(w.submit).await;
    // A write the page asks to confirm (a9s warns about a new key): confirmed with a double click.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let asked = p
        .js("const b = document.querySelector('.dialog .btn.danger'); return b !== null && b.offsetParent !== null;")
        .await?;
    if asked == true {
        p.click(".dialog .btn.danger").await?;
        // The second click lands wherever the button still is (it may be gone with its dialog).
        p.js("const b = document.querySelector('.dialog .btn.danger'); if (b) b.click(); return true;")
            .await?;
    }
    // A write shows no "loading": wait for its outcome, or for its button to be free again
    // (a timeout takes the time limit).
    let until = Instant::now() + fault.wait + Duration::from_millis(500);
    let since = Instant::now();
    let mut seen = p.js(NOTICES).await?;
    while seen["notices"].as_array().is_some_and(Vec::is_empty) && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = p.js(NOTICES).await?;
        let free = p
            .client
            .execute(
                "const b = document.querySelector(arguments[0]); return b !== null && !b.disabled && b.getAttribute('aria-busy') !== 'true';",
                vec![json!(w.submit)],
            )
            .await?;
        if free == true && since.elapsed() > Duration::from_millis(700) {
            seen = p.js(NOTICES).await?;
            break;
        }
    }
    // A retry sent by itself later shows in the write routes' counts at the end of the sweep.
    let after = tally(stack).await?;
    let mut sent = 0;
    for (key, hits) in after {
        let was = before.get(&key).copied().unwrap_or(0);
        if key.0 == w.api && key.1 != "GET" && hits > was {
            sent += hits - was;
            written.insert(key, hits);
        }
    }
    stack.control("DELETE", "/__emulator/faults", None).await?;
    let mut problems = Vec::new();
    if sent != 1 {
        problems.push(format!("sent {sent} times (a double click, then waiting)"));
    }
    let notices = seen["notices"].as_array().cloned().unwrap_or_default();
    // A write whose answer has no documented body may read a cut or odd 2xx body as done.
    if notices.is_empty() && (fault.status.is_some() || fault.name == "timeout") {
        problems.push("the failed write is not said".into());
    }
    for n in &notices {
        if n["retry"] == true {
            problems.push(format!("a failed write offers Retry: {}", n["text"]));
        }
    }
    for (css, value) in &fields {
        let now = p
            .client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
                vec![json!(css), json!(value)],
            )
            .await?;
        if now != json!(value) {
            problems.push(format!("{css} no longer holds what was typed: {now}"));
        }
    }
    Ok(problems)
}
