//! The hostile-data sweep: every page of every area, in each of the emulator's hostile modes
//! (every string markup + `javascript:` + a right-to-left override + a 5,000-character word;
//! numbers negative, zero, 1e308 or strings; every other field dropped; nulls; empty lists),
//! inside one browser session. On every page: no script ran (the payloads would set
//! `window.__pwned`), no link but http(s), no page wider than the window; after each mode: no
//! console error and no request sent with an empty, zero or unread id (the emulator records
//! them, and query strings with a stray `&`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{ensure, Error, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "hostile: every page in every hostile mode runs no script, links only http(s), fits the window, sends no unread id",
            run: sweep,
        },
        Scenario {
            name: "hostile: every Spot screen (groups, Ocean, CD, Spark, nodes, services, costs) in every hostile mode, the same checks",
            run: sweep_spot,
        },
    ]
}

/// The emulator's modes (`emulator/src/hub.rs`, `hostile::MODES`).
const MODES: [&str; 5] = ["strings", "numbers", "dropped", "nulls", "empty"];

/// Every page of every area; `{kb}` and `{sol}` are ids read before the sweep ([`prepare`]).
pub(super) const PAGES: [&str; 33] = [
    "/",
    "/connections",
    "/a9s",
    "/a9s/instances/pg-orders-prod",
    "/a9s/instances/pg-orders-prod/backups",
    "/a9s/instances/pg-orders-prod/restores",
    "/a9s/instances/pg-orders-prod/settings",
    "/a9s/instances/pg-orders-prod/disaster-recovery",
    "/a9s/instances/kv-sessions/metrics",
    "/a9s/instances/pg-orders-prod/pitr",
    "/keboola?backend=mysql&type=transformations",
    "/keboola?backend=snowflake",
    "/keboola?backend=redshift-workspace",
    "/keboola?backend=docker",
    "/keboola/mysql/{kb}",
    "/solutions",
    "/solutions/jobs",
    "/solutions/deploy",
    "/solutions/run",
    "/solutions/s/{sol}",
    "/deployment-manager",
    "/deployment-manager/setup",
    "/deployment-manager/base-configs",
    "/deployment-manager/patches",
    "/deployment-manager/configs",
    "/deployment-manager/deployment",
    "/deployment-manager/labels",
    "/deployment-manager/resourcing",
    "/deployment-manager/telescope",
    "/deployment-manager/settings",
    "/deployment-manager/kube",
    "/spot",
    "/spot/accounts",
];

/// Spot's curated screens; `{group}`, `{ocean}` and `{node}` are ids read before the sweep
/// ([`spot_ids`]). Apart from [`PAGES`] so each sweep stays within one scenario's time limit.
const SPOT_PAGES: [&str; 25] = [
    "/spot/org",
    "/spot/org/access",
    "/spot/org/policies",
    "/spot/org/credentials",
    "/spot/elastigroups",
    "/spot/elastigroups/aws/{group}",
    "/spot/elastigroups/aws/{group}/capacity",
    "/spot/elastigroups/aws/{group}/deployments",
    "/spot/elastigroups/aws/{group}/activity",
    "/spot/elastigroups/aws/{group}/instances",
    "/spot/elastigroups/aws/{group}/stateful",
    "/spot/elastigroups/aws/{group}/configuration",
    "/spot/ocean",
    "/spot/ocean/aws/{ocean}",
    "/spot/ocean-cd",
    "/spot/spark",
    "/spot/stateful-nodes",
    "/spot/stateful-nodes/{node}",
    "/spot/health-checks",
    "/spot/subscriptions",
    "/spot/audit",
    "/spot/insights",
    "/spot/costs",
    "/spot/ops",
    "/spot/ops/elastigroup-aws/list-all-elastigroups",
];

/// What is checked on every page, in one round trip.
const CHECK: &str = r#"
const bad = [...document.querySelectorAll('a[href], area[href]')]
  .filter(a => a.protocol !== 'http:' && a.protocol !== 'https:')
  .map(a => a.getAttribute('href').slice(0, 60));
const frames = document.querySelectorAll('iframe, object, embed').length;
// A right-to-left override must not reach text the console wrote: it is closed in isolate
// marks, or nothing follows it up to the end of its isolating element (`<bdi>`,
// `unicode-bidi: isolate`) or its paragraph (a block).
const spoofed = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n; (n = walk.nextNode()); ) {
  const t = n.data, i = t.indexOf('\u202e');
  if (i < 0) continue;
  if (t.lastIndexOf('\u2068', i) >= 0 && t.indexOf('\u2069', i) > i) continue;
  let scope = n.parentElement;
  while (scope.parentElement) {
    const cs = getComputedStyle(scope);
    if (['isolate', 'isolate-override', 'plaintext'].includes(cs.unicodeBidi) || !cs.display.startsWith('inline')) break;
    scope = scope.parentElement;
  }
  const after = document.createRange();
  after.setStartAfter(n);
  after.setEnd(scope, scope.childNodes.length);
  const rest = after.toString().trim();
  if (rest !== '') spoofed.push(scope.tagName + '#' + scope.id + '.' + scope.className + ' then: ' + rest.slice(0, 30));
}
return { pwned: window.__pwned !== undefined, bad, frames, spoofed,
         width: document.documentElement.scrollWidth, inner: window.innerWidth,
         loading: document.querySelectorAll('.loading').length };
"#;

/// Connects every API, registers the a9s instances the pages show, and reads the ids of a
/// Keboola credentials record and a solution that exist (before any answer turns odd): the
/// `{kb}` and `{sol}` of [`PAGES`].
pub(super) async fn prepare(p: &Page) -> Result<(String, String), Error> {
    p.open_connected("/", &["all"]).await?;
    p.client
        .execute(
            "sessionStorage.setItem('opsdeck.a9s.instances', arguments[0]);",
            vec![json!(json!(["pg-orders-prod", "kv-sessions"]).to_string())],
        )
        .await?;
    let kb = p
        .js("return fetch('/api/keboola/mysql?type=transformations',
                 { headers: { 'X-StorageApi-Token': 'keboola-demo-token' } })
               .then(r => r.json()).then(b => String(b.id));")
        .await?;
    let sol = p
        .js(
            "return fetch('/api/solutions/api/v2/solutions/deployed?limit=1',
                 { headers: { 'Authorization': 'Bearer solutions-demo-token' } })
               .then(r => r.json()).then(b => String(b.solutions[0].id));",
        )
        .await?;
    Ok((
        kb.as_str().unwrap_or("1").to_string(),
        sol.as_str().unwrap_or("x").to_string(),
    ))
}

/// The first Elastigroup, Ocean cluster and stateful node of the console's default account,
/// read before any answer turns odd: the `{group}`, `{ocean}` and `{node}` of [`SPOT_PAGES`].
async fn spot_ids(p: &Page) -> Result<[(&'static str, String); 3], Error> {
    let mut ids = [
        ("{group}", "/aws/ec2/group"),
        ("{ocean}", "/ocean/aws/k8s/cluster"),
        ("{node}", "/aws/ec2/managedInstance"),
    ]
    .map(|(key, route)| (key, route.to_string()));
    for (key, route) in &mut ids {
        let id = p
            .client
            .execute(
                "const route = arguments[0];
                 return fetch('/config.json').then(r => r.json()).then(c =>
                   fetch(c.apis.spot.base_url + route + '?accountId=' + c.apis.spot.account_id,
                         { headers: { 'Authorization': 'Bearer spot-demo-token' } }))
                   .then(r => r.json()).then(b => String(b.response.items[0].id), () => '');",
                vec![json!(route.as_str())],
            )
            .await?;
        match id.as_str() {
            Some(id) if !id.is_empty() && id != "undefined" => *route = id.to_string(),
            _ => return Err(format!("no {key} id in the demo world: {id}").into()),
        }
    }
    Ok(ids)
}

fn sweep<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let (kb, sol) = prepare(p).await?;
        let pages = PAGES.map(|page| page.replace("{kb}", &kb).replace("{sol}", &sol));
        run_sweep(stack, p, &pages).await
    })
}

/// [`SPOT_PAGES`] with the demo world's ids in place; the page must be connected to Spot.
pub(super) async fn spot_pages(p: &Page) -> Result<Vec<String>, Error> {
    let ids = spot_ids(p).await?;
    Ok(SPOT_PAGES
        .iter()
        .map(|page| {
            ids.iter()
                .fold(page.to_string(), |page, (key, id)| page.replace(key, id))
        })
        .collect())
}

fn sweep_spot<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/", &["spot"]).await?;
        let pages = spot_pages(p).await?;
        run_sweep(stack, p, &pages).await
    })
}

async fn run_sweep(stack: &Stack, p: &Page, pages: &[String]) -> Outcome {
    let started = Instant::now();
    stack
        .control("DELETE", "/__emulator/odd-requests", None)
        .await?;
    let result = run_modes(stack, p, pages).await;
    // Whatever happened, the answers are honest again for the scenarios after this one.
    stack.control("DELETE", "/__emulator/faults", None).await?;
    result?;
    println!(
        "    hostile sweep: {} pages × {} modes in {:.0} s",
        pages.len(),
        MODES.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run_modes(stack: &Stack, p: &Page, pages: &[String]) -> Outcome {
    // Every problem of every page and mode, so one run shows them all.
    let mut problems = Vec::new();
    for mode in MODES {
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({ "hostile": mode })),
            )
            .await?;
        for path in pages {
            for problem in visit(p, path).await? {
                problems.push(format!("{mode} mode, {path}: {problem}"));
            }
        }
        stack.control("DELETE", "/__emulator/faults", None).await?;
        let errors = p.console_errors().await?;
        if !errors.is_empty() {
            problems.push(format!("{mode} mode: console errors {errors:?}"));
        }
        let odd: Value = serde_json::from_str(
            &stack
                .control("GET", "/__emulator/odd-requests", None)
                .await?,
        )?;
        let sent = odd["requests"].as_array().cloned().unwrap_or_default();
        if !sent.is_empty() {
            problems.push(format!(
                "{mode} mode: requests with an empty, zero or unread id: {sent:?}"
            ));
        }
        stack
            .control("DELETE", "/__emulator/odd-requests", None)
            .await?;
    }
    ensure(problems.is_empty(), problems.join("\n        "))
}

/// Opens a page, lets it load (at most 4 s), then says what is wrong with it.
async fn visit(p: &Page, path: &str) -> Result<Vec<String>, Error> {
    p.open(path).await?;
    let until = Instant::now() + Duration::from_secs(4);
    let mut seen;
    loop {
        tokio::time::sleep(Duration::from_millis(150)).await;
        seen = p.js(CHECK).await?;
        if seen["loading"] == 0 || Instant::now() > until {
            break;
        }
    }
    let mut problems = Vec::new();
    if seen["pwned"] != false {
        problems.push("a payload's script ran".to_string());
    }
    if !seen["bad"].as_array().is_some_and(Vec::is_empty) {
        problems.push(format!("links that are not http(s): {}", seen["bad"]));
    }
    if seen["frames"] != 0 {
        problems.push("an embedded frame or object".into());
    }
    if !seen["spoofed"].as_array().is_some_and(Vec::is_empty) {
        problems.push(format!(
            "right-to-left overrides not isolated: {}",
            seen["spoofed"]
        ));
    }
    let (width, inner) = (
        seen["width"].as_i64().unwrap_or(0),
        seen["inner"].as_i64().unwrap_or(0),
    );
    if width > inner {
        problems.push(format!(
            "the page is {width} px wide in a {inner} px window"
        ));
    }
    Ok(problems)
}
