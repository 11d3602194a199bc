//! Deployed Solutions: catalog, detail, runs, state and visibility, deploy, delete, jobs.
//! Each scenario works on its own solutions and job ids, so their order does not matter.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;

use crate::{ensure, fail, Error, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "solutions: filter and page the catalog, kept in the URL",
            run: catalog_filters_and_pages,
        },
        Scenario {
            name: "solutions: open a solution, run it and watch the job complete",
            run: run_and_watch,
        },
        Scenario {
            name: "solutions: change state and visibility",
            run: state_and_visibility,
        },
        Scenario {
            name: "solutions: deploy, follow the job across navigation, find the solution",
            run: deploy_and_follow,
        },
        Scenario {
            name: "solutions: delete with typed confirmation",
            run: delete_typed,
        },
        Scenario {
            name: "solutions: run by name with the default owner and version",
            run: run_by_name,
        },
        Scenario {
            name: "solutions: filter, sort and page jobs across solutions",
            run: jobs_across,
        },
        Scenario {
            name: "solutions: a 51-character job id is refused without sending",
            run: long_job_id,
        },
        Scenario {
            name: "solutions: copy as curl beside a result and an error holds no token",
            run: copy_as_curl,
        },
    ]
}

const WAIT: Duration = Duration::from_secs(20);

async fn wait_url(p: &Page, needle: &str) -> Result<String, Error> {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = p.client.current_url().await?.to_string();
        if url.contains(needle) {
            return Ok(url);
        }
        if Instant::now() > deadline {
            return fail(format!("the URL never contained {needle:?}; it is {url}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Like `Page::wait_text`, with room for a job to finish (runs take about 4 s).
async fn wait_long(p: &Page, css: &str, text: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        match p.wait_text(css, text).await {
            Ok(t) => return Ok(t),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => {}
        }
    }
}

/// The texts of one column of a table's body rows.
async fn column(p: &Page, table: &str, index: usize) -> Result<Vec<String>, Error> {
    let v = p
        .js(&format!(
            "return Array.from(document.querySelectorAll('{table} tbody tr')).map(r => (r.children[{index}] || {{}}).innerText || '')"
        ))
        .await?;
    Ok(v.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.as_str().unwrap_or("").trim().to_string())
        .collect())
}

/// How often the emulator has received one documented operation.
async fn hits(stack: &Stack, method: &str, route: &str) -> Result<u64, Error> {
    let tally: Value =
        serde_json::from_str(&stack.control("GET", "/__emulator/coverage", None).await?)?;
    tally["operations"]
        .as_array()
        .and_then(|ops| {
            ops.iter()
                .find(|o| o["api"] == "solutions" && o["method"] == method && o["route"] == route)
        })
        .and_then(|o| o["hits"].as_u64())
        .ok_or_else(|| format!("{method} {route} is not in the tally").into())
}

/// Opens the catalog filtered by name and the first solution of that name.
async fn open_solution(p: &Page, name: &str) -> Outcome {
    p.open_connected(
        &format!("/solutions?name={}", name.replace(' ', "%20")),
        &["solutions"],
    )
    .await?;
    p.wait_text("#solutions-catalog", name).await?;
    p.click("#solutions-catalog tbody a").await?;
    p.wait_text("main h1", name).await?;
    Ok(())
}

fn catalog_filters_and_pages<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/solutions", &["solutions"]).await?;
        p.wait_text("#solutions-count", "Solutions 1–20").await?;
        p.fill("#sf-owner", "IB_DEPLOYED").await?;
        p.select("#sf-limit", "10").await?;
        p.click("#sf-apply").await?;
        wait_url(p, "owner=IB_DEPLOYED").await?;
        p.wait_text("#solutions-count", "Solutions 1–10").await?;
        let owners = column(p, "#solutions-catalog", 2).await?;
        ensure(
            owners.len() == 10 && owners.iter().all(|o| o == "IB_DEPLOYED"),
            format!("owners: {owners:?}"),
        )?;
        // The next page comes from the answer's has_more/next_offset.
        p.click("#solutions-next").await?;
        let url = wait_url(p, "offset=10").await?;
        ensure(
            url.contains("limit=10"),
            format!("the page size was lost: {url}"),
        )?;
        p.wait_text("#solutions-count", "Solutions 11–").await?;
        p.wait_gone("#solutions-next").await?;
        let second = column(p, "#solutions-catalog", 0).await?;
        // A shared or reloaded link shows the same filtered page.
        p.client.refresh().await?;
        p.wait_text("#solutions-count", "Solutions 11–").await?;
        ensure(
            column(p, "#solutions-catalog", 0).await? == second,
            "the reloaded page differs",
        )?;
        let owner = p
            .js("return document.querySelector('#sf-owner').value")
            .await?;
        ensure(
            owner == "IB_DEPLOYED",
            format!("the filter form forgot the owner: {owner}"),
        )?;
        p.click("#solutions-prev").await?;
        p.wait_text("#solutions-count", "Solutions 1–10").await?;

        // State and visibility filters.
        p.click_text("Clear").await?;
        p.wait_text("#solutions-count", "Solutions 1–20").await?;
        p.select("#sf-state", "INACTIVE").await?;
        p.select("#sf-visibility", "PUBLIC").await?;
        p.click("#sf-apply").await?;
        wait_url(p, "visibility=PUBLIC").await?;
        p.wait_text("#solutions-catalog", "Utility Bill Parser")
            .await?;
        let states = column(p, "#solutions-catalog", 4).await?;
        ensure(
            !states.is_empty() && states.iter().all(|s| s == "INACTIVE"),
            format!("states: {states:?}"),
        )?;
        p.fill("#sf-name", "No Such Solution").await?;
        p.click("#sf-apply").await?;
        p.wait_text(
            "#solutions-catalog",
            "No deployed solution matches these filters.",
        )
        .await?;
        Ok(())
    })
}

fn run_and_watch<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open_solution(p, "Bank Statement Parser").await?;
        p.wait_text("#solution-fields", "sam.okafor").await?;
        p.wait_text("#solution-fields", "(public)").await?;
        p.wait_text("#solution-description", "bank statements")
            .await?;
        // Metadata (a JSON string) is pretty-printed and folded.
        p.click("#solution-metadata summary").await?;
        p.wait_text("#solution-metadata pre", "\"solution_type\": \"ibflowbin\"")
            .await?;

        p.fill("#run-input", "jaydoe/e2e/fs/Instabase Drive/bank/input")
            .await?;
        p.fill("#run-job-id", "e2e-bank-run-1").await?;
        p.fill("#run-emails", "ops@example.com, oncall@example.org")
            .await?;
        p.fill("#run-settings", r#"{"priority": "high"}"#).await?;
        p.click("#run-submit").await?;
        p.wait_text("#run-started", "e2e-bank-run-1").await?;
        // The solution's own jobs table shows it running, then refreshes until it is final.
        let row = "#solutions-jobs tr[data-key='e2e-bank-run-1']";
        p.wait_text(row, "RUNNING").await?;
        let done = wait_long(p, row, "COMPLETE").await?;
        ensure(
            done.contains("e2e/fs/Instabase Drive/bank/input/out/e2e-bank-run-1"),
            format!("row: {done}"),
        )?;
        wait_long(
            p,
            "#solutions-panel tr[data-key='e2e-bank-run-1']",
            "COMPLETE",
        )
        .await?;
        p.wait_text("#solutions-panel", "Run Bank Statement Parser")
            .await?;
        // A run that fails shows FAILED.
        p.fill("#run-input", "jaydoe/e2e/fs/will-fail/input")
            .await?;
        p.fill("#run-job-id", "e2e-bank-run-2").await?;
        p.click("#run-submit").await?;
        wait_long(p, "#solutions-jobs tr[data-key='e2e-bank-run-2']", "FAILED").await?;
        // The per-solution jobs filter (S8) keeps its state in the URL.
        p.click("#jf-state-failed").await?;
        p.fill("#jf-job", "e2e-bank-run-1, e2e-bank-run-2").await?;
        p.click("#jf-apply").await?;
        wait_url(p, "state=FAILED").await?;
        p.wait_text("#solutions-jobs", "e2e-bank-run-2").await?;
        let ids = column(p, "#solutions-jobs", 0).await?;
        ensure(ids == ["e2e-bank-run-2"], format!("filtered jobs: {ids:?}"))?;
        Ok(())
    })
}

fn state_and_visibility<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open_solution(p, "Receipt Reader").await?;
        p.wait_text("#solution-fields", "ACTIVE").await?;
        // Nothing chosen: said beside the field, nothing sent.
        p.click("#patch-submit").await?;
        p.wait_text(".field-error", "Choose a new state or visibility.")
            .await?;
        p.select("#patch-state", "INACTIVE").await?;
        p.select("#patch-visibility", "PRIVATE").await?;
        p.click("#patch-submit").await?;
        p.wait_text("#patch-result", "INACTIVE").await?;
        p.wait_text("#solution-fields", "INACTIVE").await?;
        p.wait_text("#solution-fields", "PRIVATE (as set here")
            .await?;
        // An inactive solution cannot run: the API's refusal is shown in words.
        p.fill("#run-input", "jaydoe/e2e/fs/receipts").await?;
        p.click("#run-submit").await?;
        p.wait_text(".notice.error", "INACTIVE").await?;
        // The catalog agrees: the solution is now private and inactive.
        p.open("/solutions?name=Receipt%20Reader&visibility=PRIVATE&state=INACTIVE")
            .await?;
        p.wait_text("#solutions-catalog", "Receipt Reader").await?;
        p.open("/solutions?name=Receipt%20Reader&visibility=PUBLIC")
            .await?;
        p.wait_text("#solutions-catalog", "No deployed solution matches")
            .await?;
        // And back.
        p.click("#nav-solutions").await?;
        open_solution(p, "Receipt Reader").await?;
        p.select("#patch-state", "ACTIVE").await?;
        p.select("#patch-visibility", "PUBLIC").await?;
        p.click("#patch-submit").await?;
        p.wait_text("#patch-result", "ACTIVE").await?;
        p.wait_text("#solution-fields", "PUBLIC (as set here")
            .await?;
        Ok(())
    })
}

fn deploy_and_follow<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/solutions/deploy", &["solutions"])
            .await?;
        p.click("#deploy-submit").await?;
        p.wait_text("#deploy-path-error", "Solution path is required")
            .await?;
        p.fill(
            "#deploy-path",
            "jaydoe/e2e/fs/Instabase Drive/build/flow.ibflowbin",
        )
        .await?;
        p.wait_text("#deploy-path-error", ".ibsolution").await?;
        p.fill(
            "#deploy-path",
            "jaydoe/e2e/fs/Instabase Drive/build/E2E Statement Splitter-2.0.0.ibsolution",
        )
        .await?;
        p.click("#deploy-submit").await?;
        let notice = p.text("#deploy-started").await?;
        let job = notice
            .split_whitespace()
            .nth(1)
            .ok_or("no job id in the notice")?
            .to_string();
        let row = format!("#solutions-panel tr[data-key='{job}']");
        p.wait_text(&row, "Deploy E2E Statement Splitter-2.0.0.ibsolution")
            .await?;
        // Leave the area while the deploy job runs; the panel finds it again on return.
        p.click("#nav-connections").await?;
        p.wait_text("main h1", "Connections").await?;
        p.click("#nav-solutions").await?;
        p.wait_for(&row).await?;
        wait_long(p, &row, "COMPLETE").await?;
        p.wait_text(&row, "Deployed E2E Statement Splitter 2.0.0")
            .await?;
        // A reload keeps it too.
        p.client.refresh().await?;
        p.wait_text(&row, "COMPLETE").await?;
        p.open("/solutions?name=E2E%20Statement%20Splitter").await?;
        let found = p
            .wait_text("#solutions-catalog tbody tr", "E2E Statement Splitter")
            .await?;
        ensure(
            found.contains("2.0.0") && found.contains("jaydoe"),
            format!("row: {found}"),
        )?;
        // The deploy job is listed with the jobs, found by its id.
        p.client
            .find(Locator::Css(&format!("{row} a")))
            .await?
            .click()
            .await?;
        wait_url(p, &format!("job_id={job}")).await?;
        p.wait_text(&format!("#solutions-jobs tr[data-key='{job}']"), "COMPLETE")
            .await?;
        Ok(())
    })
}

fn delete_typed<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open_solution(p, "Freight Invoice Audit").await?;
        p.click("#delete-open").await?;
        p.wait_text(".dialog", "Type").await?;
        let disabled = "return document.querySelector('.dialog .btn.danger').disabled";
        ensure(
            p.js(disabled).await? == true,
            "delete allowed without typing the name",
        )?;
        p.fill(".confirm-input", "Freight Invoice").await?;
        ensure(
            p.js(disabled).await? == true,
            "delete allowed with the wrong name",
        )?;
        p.fill(".confirm-input", "Freight Invoice Audit").await?;
        ensure(
            p.js(disabled).await? == false,
            "the typed name did not enable delete",
        )?;
        p.click(".dialog .btn.danger").await?;
        p.wait_gone(".dialog").await?;
        let notice = p.text("#delete-started").await?;
        let job = notice
            .split_whitespace()
            .nth(1)
            .ok_or("no job id")?
            .to_string();
        let row = format!("#solutions-panel tr[data-key='{job}']");
        p.wait_text(&row, "Delete Freight Invoice Audit 0.9.1")
            .await?;
        wait_long(p, &row, "COMPLETE").await?;
        p.open("/solutions?name=Freight%20Invoice%20Audit").await?;
        p.wait_text("#solutions-catalog", "No deployed solution matches")
            .await?;
        Ok(())
    })
}

fn run_by_name<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/solutions/run", &["solutions"]).await?;
        p.fill("#rn-input", "jaydoe/e2e/fs/invoices/input").await?;
        p.click("#rn-submit").await?;
        p.wait_text("#rn-name-error", "Solution name is required")
            .await?;
        p.fill("#rn-name", "Invoice Extraction").await?;
        p.fill("#rn-job-id", "e2e-byname-1").await?;
        p.click("#rn-submit").await?;
        p.wait_text("#rn-started", "e2e-byname-1").await?;
        let row = "#solutions-panel tr[data-key='e2e-byname-1']";
        p.wait_text(row, "Run Invoice Extraction latest (IB_DEPLOYED)")
            .await?;
        wait_long(p, row, "COMPLETE").await?;
        // Defaults: the public owner and the latest version.
        p.open("/solutions/jobs?job_id=e2e-byname-1").await?;
        p.wait_text(
            "#solutions-jobs tr[data-key='e2e-byname-1']",
            "Invoice Extraction 1.4.0",
        )
        .await?;
        // A named owner picks that owner's solution.
        p.click_text("Run by name").await?;
        p.fill("#rn-name", "Invoice Extraction").await?;
        p.fill("#rn-owner", "maria.lopez").await?;
        p.fill("#rn-input", "jaydoe/e2e/fs/invoices/input").await?;
        p.fill("#rn-job-id", "e2e-byname-2").await?;
        p.click("#rn-submit").await?;
        p.wait_text("#rn-started", "e2e-byname-2").await?;
        p.open("/solutions/jobs?job_id=e2e-byname-2").await?;
        p.wait_text(
            "#solutions-jobs tr[data-key='e2e-byname-2']",
            "Invoice Extraction 1.5.0-beta",
        )
        .await?;
        Ok(())
    })
}

fn jobs_across<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/solutions/jobs", &["solutions"]).await?;
        p.wait_text("#solutions-jobs", "Jobs 1–20").await?;
        p.click("#jf-state-failed").await?;
        p.click("#jf-state-cancelled").await?;
        p.fill("#jf-user", "li.wei, sam.okafor").await?;
        p.select("#jf-sort", "timeTakenNs").await?;
        p.select("#jf-order", "ASCENDING").await?;
        p.select("#jf-limit", "10").await?;
        p.click("#jf-apply").await?;
        let url = wait_url(p, "state=FAILED&state=CANCELLED").await?;
        for part in [
            "user=li.wei&user=sam.okafor",
            "sort_by=timeTakenNs",
            "order=ASCENDING",
            "limit=10",
        ] {
            ensure(url.contains(part), format!("{part} missing from {url}"))?;
        }
        p.wait_text("#solutions-jobs", "Jobs 1–").await?;
        let states = column(p, "#solutions-jobs", 2).await?;
        ensure(
            !states.is_empty() && states.iter().all(|s| s == "FAILED" || s == "CANCELLED"),
            format!("states: {states:?}"),
        )?;
        let accounts = column(p, "#solutions-jobs", 8).await?;
        let distinct: std::collections::BTreeSet<String> = accounts
            .iter()
            .map(|a| a.rsplit(' ').next().unwrap_or("").to_string())
            .collect();
        ensure(
            distinct.len() <= 2,
            format!("more than the two users' accounts: {distinct:?}"),
        )?;
        // Time taken ascending: each page starts where the previous ended.
        let taken = column(p, "#solutions-jobs", 5).await?;
        ensure(!taken.is_empty(), "no time taken shown")?;
        if states.len() == 10 {
            p.click("#jobs-next").await?;
            wait_url(p, "offset=10").await?;
            p.wait_text("#solutions-jobs", "Jobs 11–").await?;
        }
        // Filtering by solution name across solutions.
        p.open("/solutions/jobs?name=W-2%20Extraction&limit=50")
            .await?;
        p.wait_text("#solutions-jobs", "Jobs 1–").await?;
        let names = column(p, "#solutions-jobs", 1).await?;
        ensure(
            !names.is_empty() && names.iter().all(|n| n.starts_with("W-2 Extraction")),
            format!("solutions: {names:?}"),
        )?;
        let name = p
            .js("return document.querySelector('#jf-name').value")
            .await?;
        ensure(
            name == "W-2 Extraction",
            format!("the form lost the name filter: {name}"),
        )?;
        Ok(())
    })
}

fn long_job_id<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let route = "/api/v2/solutions/deployed/run";
        p.open_connected("/solutions/run", &["solutions"]).await?;
        p.fill("#rn-name", "Claims Intake").await?;
        p.fill("#rn-input", "jaydoe/e2e/fs/claims").await?;
        p.fill("#rn-job-id", &"x".repeat(51)).await?;
        let before = hits(stack, "POST", route).await?;
        p.click("#rn-submit").await?;
        p.wait_text("#rn-job-id-error", "at most 50 characters; this one has 51")
            .await?;
        p.fill("#rn-emails", "ops@example").await?;
        p.wait_text(
            "#rn-emails-error",
            "Not a valid email address: ops@example.",
        )
        .await?;
        p.fill("#rn-settings", "[1]").await?;
        p.wait_text("#rn-settings-error", "JSON object").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure(
            hits(stack, "POST", route).await? == before,
            "the invalid run was sent",
        )?;
        ensure(
            p.client
                .find_all(Locator::Css("#rn-started"))
                .await?
                .is_empty(),
            "a job was started",
        )?;
        // Fixed, it goes through; what was typed was kept.
        p.fill("#rn-job-id", &"x".repeat(50)).await?;
        p.fill("#rn-emails", "ops@example.com").await?;
        p.fill("#rn-settings", "{}").await?;
        p.click("#rn-submit").await?;
        p.wait_text("#rn-started", &"x".repeat(50)).await?;
        ensure(
            hits(stack, "POST", route).await? == before + 1,
            "the fixed run was not sent once",
        )?;
        Ok(())
    })
}

/// Opens the "Request" disclosure inside `scope`, copies its curl command and returns the
/// command as the page holds it.
async fn copied_curl(p: &Page, scope: &str) -> Result<String, Error> {
    p.click(&format!("{scope} details.request summary")).await?;
    let curl = p
        .wait_text(
            &format!("{scope} details.request pre.curl"),
            "curl -sS -X GET",
        )
        .await?;
    p.click(&format!("{scope} details.request button")).await?;
    p.wait_text(&format!("{scope} details.request button"), "Copied")
        .await?;
    for token in crate::DEMO.iter().map(|(_, t)| *t) {
        ensure(
            !curl.contains(token),
            format!("the copied command holds a token: {curl}"),
        )?;
    }
    ensure(
        curl.contains("/api/solutions/") && curl.contains("Bearer $OPSDECK_TOKEN"),
        format!("the copied command is not the request with a placeholder: {curl}"),
    )?;
    Ok(curl)
}

fn copy_as_curl<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // Beside a result: the catalog's page.
        p.open_connected("/solutions?name=Invoice%20Extraction", &["solutions"])
            .await?;
        p.wait_text("#solutions-catalog", "Invoice Extraction")
            .await?;
        let curl = copied_curl(p, "main").await?;
        ensure(
            curl.contains("name=Invoice%20Extraction"),
            format!("the copied command is not the catalog's request: {curl}"),
        )?;
        // Beside an error: a solution that does not exist.
        p.open("/solutions/s/e2e-no-such-solution").await?;
        p.wait_for("main .notice.error").await?;
        let curl = copied_curl(p, "main").await?;
        ensure(
            curl.contains("e2e-no-such-solution"),
            format!("the copied command is not the failed request: {curl}"),
        )?;
        Ok(())
    })
}
