//! The fault sweep: every page of the four areas (dm, solutions, a9s, keboola) under each fault
//! the emulator injects (401, 403, 404, 429, 500, 502 with a proxy's HTML page, 504, a timeout,
//! a truncated body, a body that is not JSON), inside one browser session. On every page that
//! sent a request: a sentence naming the API (and the status, for an HTTP answer), Retry on each
//! failed read, no panic; where the page keeps a text field, what was typed there survives a
//! failed retry; after each fault, no console error. Then one write per area under each fault:
//! a double click sends it once, the error is said without Retry, nothing is sent again by
//! itself, and what was typed is still in the form.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::hostile::{prepare, PAGES};
use crate::{ensure, Error, Outcome, Page, ScenarioFuture, Stack};

/// One scenario per fault (a fresh browser each, to stay within the harness's time limit).
macro_rules! per_fault {
    ($($run:ident: $i:expr, $name:literal;)*) => {
        pub fn scenarios() -> Vec<crate::Scenario> {
            vec![$(crate::Scenario { name: $name, run: $run }),*]
        }
        $(fn $run<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
            sweep(stack, p, $i)
        })*
    };
}

per_fault! {
    f401: 0, "faults 401: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f403: 1, "faults 403: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f404: 2, "faults 404: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f429: 3, "faults 429: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f500: 4, "faults 500: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f504: 5, "faults 504: every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    f502: 6, "faults 502 (HTML body): every page of the four areas says which API and status, Retry on reads, typed text kept; writes sent once, never retried";
    timeout: 7, "faults timeout: every page of the four areas says which API timed out, Retry on reads; writes sent once, never retried";
    truncated: 8, "faults truncated body: every page of the four areas says which API, Retry on reads, typed text kept; writes sent once, never retried";
    not_json: 9, "faults body not JSON: every page of the four areas says which API, Retry on reads, typed text kept; writes sent once, never retried";
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
            name: "timeout",
            rule: json!({ "latency_ms": 3600 }),
            status: None,
            wait: Duration::from_secs(7),
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
    all
}

/// The API an area's pages talk to, as the console names it.
fn api_of(path: &str) -> Option<(&'static str, &'static str)> {
    [
        ("/a9s", "a9s", "a9s Data Services"),
        ("/keboola", "keboola", "Keboola Provisioning"),
        ("/solutions", "solutions", "Deployed Solutions"),
        ("/deployment-manager", "dm", "Deployment Manager"),
    ]
    .into_iter()
    .find(|(prefix, _, _)| path.starts_with(prefix))
    .map(|(_, api, label)| (api, label))
}

fn sweep<'a>(stack: &'a Stack, p: &'a mut Page, which: usize) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let started = Instant::now();
        let (kb, sol) = prepare(p).await?;
        let pages: Vec<String> = PAGES
            .iter()
            .filter(|page| api_of(page).is_some())
            .map(|page| page.replace("{kb}", &kb).replace("{sol}", &sol))
            .collect();
        let fault = faults().swap_remove(which);
        let result = run_fault(stack, p, &pages, &kb, &sol, &fault).await;
        stack.control("DELETE", "/__emulator/faults", None).await?;
        result?;
        println!(
            "    fault sweep ({}): {} pages and {} writes in {:.0} s",
            fault.rule,
            pages.len(),
            writes(&kb, &sol).len(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}

async fn run_fault(
    stack: &Stack,
    p: &Page,
    pages: &[String],
    kb: &str,
    sol: &str,
    fault: &Fault,
) -> Outcome {
    let mut problems = Vec::new();
    stack
        .control("POST", "/__emulator/faults", Some(fault.rule.clone()))
        .await?;
    for path in pages {
        for problem in visit(stack, p, path, fault).await? {
            problems.push(format!("{path}: {problem}"));
        }
    }
    stack.control("DELETE", "/__emulator/faults", None).await?;
    for (n, write) in writes(kb, sol).iter().enumerate() {
        for problem in try_write(stack, p, write, fault, n).await? {
            problems.push(format!("write {}: {problem}", write.page));
        }
    }
    let errors = p.console_errors().await?;
    if !errors.is_empty() {
        problems.push(format!("console errors {errors:?}"));
    }
    ensure(problems.is_empty(), problems.join("\n        "))
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
         loading: document.querySelectorAll('.loading').length };
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

/// Opens a page under a fault and says what is wrong with how it tells the operator.
async fn visit(stack: &Stack, p: &Page, path: &str, fault: &Fault) -> Result<Vec<String>, Error> {
    let (api, label) = api_of(path).expect("an area page");
    let before = stack.hits(api, |_, _| true).await?;
    p.open(path).await?;
    let mut seen = settle(p, fault.wait).await?;
    let sent = stack.hits(api, |_, _| true).await? > before;
    if sent && seen["notices"].as_array().is_some_and(Vec::is_empty) {
        // A request is out and the page shows no "loading": give the answer its time.
        tokio::time::sleep(fault.wait.saturating_sub(Duration::from_secs(1))).await;
        seen = p.js(NOTICES).await?;
    }
    let mut problems = Vec::new();
    if seen["fatal"] != false {
        problems.push("the console panicked".to_string());
        return Ok(problems);
    }
    let notices = seen["notices"].as_array().cloned().unwrap_or_default();
    if !sent {
        return Ok(problems);
    }
    // The route's own 404 passes a body fault through (truncated): still "none yet".
    let none_yet = seen["none_yet"] == true;
    if notices.is_empty() && !none_yet {
        problems.push("a request failed and nothing says so".into());
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
    // A failed retry leaves what the operator typed where it was (not under a timeout: slow).
    if fault.name != "timeout" && p.js(TYPE_AND_RETRY).await? == true {
        tokio::time::sleep(Duration::from_millis(300)).await;
        settle(p, fault.wait).await?;
        let typed = p.js(TYPED).await?;
        if typed != json!("typed by the fault sweep") {
            problems.push(format!(
                "what was typed is gone after a failed retry: {typed}"
            ));
        }
    }
    Ok(problems)
}

/// Waits until the page has said how its requests went, or shows no request under way for a
/// while, or `most` has passed.
async fn settle(p: &Page, most: Duration) -> Result<Value, Error> {
    let start = Instant::now();
    tokio::time::sleep(Duration::from_millis(150)).await;
    loop {
        let seen = p.js(NOTICES).await?;
        let said = seen["notices"].as_array().is_some_and(|n| !n.is_empty());
        let idle = seen["loading"] == 0 && start.elapsed() > Duration::from_millis(800);
        if (said && seen["loading"] == 0)
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
) -> Result<Vec<String>, Error> {
    p.open(&w.page).await?;
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
        rule["latency_ms"] = json!(500);
    }
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        rule["method"] = json!(method);
        stack
            .control("POST", "/__emulator/faults", Some(rule.clone()))
            .await?;
    }
    let before = stack.hits(w.api, |m, _| m != "GET").await?;
    p.click(w.submit).await?;
    let _ = p.click(w.submit).await;
    // A write the page asks to confirm (a9s warns about a new key): confirmed with a double click.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = p
        .js("const b = document.querySelector('.dialog .btn.danger'); return b !== null && b.offsetParent !== null;")
        .await?;
    if asked == true {
        p.click(".dialog .btn.danger").await?;
        let _ = p.click(".dialog .btn.danger").await;
    }
    // A write shows no "loading": wait for its outcome (a timeout takes the time limit).
    let until = Instant::now() + fault.wait + Duration::from_millis(500);
    let mut seen = p.js(NOTICES).await?;
    while seen["notices"].as_array().is_some_and(Vec::is_empty) && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = p.js(NOTICES).await?;
    }
    // Time for a retry the console might send by itself.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sent = stack.hits(w.api, |m, _| m != "GET").await? - before;
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
