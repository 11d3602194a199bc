//! Ocean CD and Ocean Spark as an operator works with them: a rollout acted on (confirmed,
//! then followed until its phase changes), and a Spark application submitted through the body
//! form whose driver log follows new lines until following is paused.

use std::time::{Duration, Instant};

use crate::{ensure, fail, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot cd: a rollout rolled back and another's external verification passed, each confirmed before it is sent, followed until the phase changes",
            run: rollout_actions,
        },
        Scenario {
            name: "spot cd: an environment created through the form, edited as JSON with the diff and sent as a PATCH of the changed field once confirmed, deleted typed",
            run: environment_crud,
        },
        Scenario {
            name: "spot spark: an application submitted through the form (typing stays quick in its 500-field body); its driver log follows new lines and pausing stops following",
            run: spark_live_log,
        },
    ]
}

/// The confirm button of the open dialog.
const CONFIRM: &str = ".dialog .dialog-actions button:last-child";

fn rollout_actions<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.click_text("Ocean CD").await?;
        p.wait_path("/spot/ocean-cd").await?;
        let row = |id: &str| format!("#cd-rollouts tr[data-key='{id}']");
        p.wait_text(&row("rol-checkout01"), "inProgress").await?;
        let puts = || {
            s.hits("spot", |m, r| {
                m == "PUT" && r.starts_with("/ocean/cd/rollout/{rolloutId}")
            })
        };
        let before = puts().await?;

        // The action the document names, confirmed before it is sent.
        p.click(&format!("{} .cd-act", row("rol-checkout01")))
            .await?;
        p.wait_text("#cd-act h3", "rol-checkout01").await?;
        p.wait_for("#cd-action option[value='rollback']").await?;
        p.click("#cd-action-send").await?;
        p.wait_text(".dialog", "rollback rollout rol-checkout01")
            .await?;
        ensure(
            puts().await? == before,
            "the action was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#cd-jobs", "rol-checkout01").await?;
        // Followed until Spot has acted: the phase changes in the list and the job panel.
        p.wait_text(&row("rol-checkout01"), "canceled").await?;
        p.wait_text("#cd-jobs", "canceled").await?;
        ensure(
            puts().await? == before + 1,
            "the confirmed action was not sent once",
        )?;

        // The external verification, passed: the rollout goes on to finished.
        p.click(&format!("{} .cd-act", row("rol-inventory01")))
            .await?;
        p.wait_text("#cd-act h3", "rol-inventory01").await?;
        p.select("#cd-verdict", "passed").await?;
        p.click("#cd-verify-send").await?;
        p.wait_text(".dialog", "verification passed").await?;
        p.click(CONFIRM).await?;
        p.wait_text(&row("rol-inventory01"), "finished").await?;
        // A rollout that is over takes no action.
        let disabled = p
            .js(&format!(
                "return document.querySelector(\"{} .cd-act\").disabled",
                row("rol-inventory01")
            ))
            .await?;
        ensure(
            disabled.as_bool() == Some(true),
            "a finished rollout still offers actions",
        )?;
        Ok(())
    })
}

fn environment_crud<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean-cd/environments", &["spot"])
            .await?;
        p.wait_text("#cd-environments tr[data-key='prod']", "prod-ns")
            .await?;
        // Created through the form generated from the create operation's schema.
        p.click("#cd-create summary").await?;
        p.set("#spot-body-environment-name", "e2e-env").await?;
        p.set("#spot-body-environment-clusterId", "prod-eks")
            .await?;
        p.set("#spot-body-environment-namespace", "e2e-ns").await?;
        p.click("#cd-create-send").await?;
        p.wait_text("#cd-created", "created").await?;
        p.wait_text("#cd-environments tr[data-key='e2e-env']", "e2e-ns")
            .await?;
        p.click("#cd-environments tr[data-key='e2e-env'] a").await?;
        p.wait_text("#cd-entity-title", "e2e-env").await?;

        // Edited as JSON: the diff first, then a PATCH of only what changed, once confirmed.
        p.wait_value("#cd-edit-json", "e2e-ns").await?;
        let edited = p
            .js("return document.querySelector('#cd-edit-json').value.replace('e2e-ns', 'e2e-ns2')")
            .await?;
        p.set("#cd-edit-json", edited.as_str().unwrap_or_default())
            .await?;
        p.click("#cd-edit-review").await?;
        p.wait_text("#cd-edit-diff", "e2e-ns2").await?;
        p.click("#cd-patch").await?;
        p.wait_text("#cd-edit-diff", "only the 1 changed field")
            .await?;
        let patches = || {
            s.hits("spot", |m, r| {
                m == "PATCH" && r == "/ocean/cd/environment/{environmentName}"
            })
        };
        let before = patches().await?;
        p.click("#cd-edit-send").await?;
        p.wait_for(CONFIRM).await?;
        ensure(
            patches().await? == before,
            "the PATCH was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#cd-edit-done", "updated").await?;
        ensure(
            patches().await? == before + 1,
            "the confirmed PATCH was not sent once",
        )?;
        p.wait_text("#cd-entity", "e2e-ns2").await?;

        // Deleted with its name typed.
        p.click("#cd-delete-open").await?;
        p.fill(".confirm-input", "e2e-env").await?;
        p.click(CONFIRM).await?;
        p.wait_path("/spot/ocean-cd/environments").await?;
        p.wait_text("#cd-environments", "prod-ns").await?;
        let gone = p
            .js("return !document.querySelector(\"#cd-environments tr[data-key='e2e-env']\")")
            .await?;
        ensure(
            gone.as_bool() == Some(true),
            "the deleted environment is still listed",
        )?;
        Ok(())
    })
}

/// How many lines the live text `css` shows.
async fn lines(p: &Page, css: &str) -> Result<u64, crate::Error> {
    Ok(p.js(&format!(
        "return document.querySelectorAll('{css} .line').length"
    ))
    .await?
    .as_u64()
    .unwrap_or(0))
}

/// Waits until the live text `css` shows more than `n` lines; how many it shows then.
async fn more_than(p: &Page, css: &str, n: u64) -> Result<u64, crate::Error> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = lines(p, css).await?;
        if now > n {
            return Ok(now);
        }
        if Instant::now() > deadline {
            return fail(format!(
                "{css} stayed at {now} lines (more than {n} expected)"
            ));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

fn spark_live_log<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/spark/submit", &["spot"]).await?;
        p.wait_for("#spark-submit-cluster option[value='osc-prod0001']")
            .await?;
        // The body is Spot's largest: it opens as JSON; in the form, typing stays quick.
        p.wait_for("#spot-body").await?;
        p.click("#spot-view-form").await?;
        p.wait_for("#spot-body-form").await?;
        let per_key = p
            .js("const e = document.querySelector('#spot-body-jobId'); const word = 'e2e-live-log';
                 const t0 = performance.now();
                 for (let i = 1; i <= word.length; i++) { e.value = word.slice(0, i); e.dispatchEvent(new Event('input', {bubbles: true})); }
                 return (performance.now() - t0) / word.length;")
            .await?
            .as_f64()
            .unwrap_or(f64::MAX);
        ensure(
            per_key < 50.0,
            format!("typing in the submit form takes {per_key:.1} ms a key"),
        )?;
        p.set("#spot-body-appId", "e2e-live-log-1").await?;
        p.click("#spark-submit-send").await?;
        p.wait_text("#spark-app-title", "").await?;
        let path = p.path().await?;
        ensure(
            path.starts_with("/spot/spark/app/osc-prod0001/"),
            format!("the application's page did not open: {path}"),
        )?;
        p.wait_text("#spark-app-state", "RUNNING").await?;

        // The driver log follows new lines while the application runs.
        let first = more_than(p, "#spark-log", 2).await?;
        let later = more_than(p, "#spark-log", first).await?;
        p.wait_text("#spark-log-state", "Following").await?;

        // Paused: what is shown stays, though the application writes on.
        p.click("#spark-log-follow").await?;
        p.wait_text("#spark-log-state", "Paused").await?;
        let paused = lines(p, "#spark-log").await?;
        ensure(paused >= later, "pausing lost lines")?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let still = lines(p, "#spark-log").await?;
        ensure(
            still == paused,
            format!("paused at {paused} lines, yet {still} are shown"),
        )?;
        // Following again catches up; the application ends with its last stage logged.
        p.click("#spark-log-follow").await?;
        more_than(p, "#spark-log", still).await?;
        p.wait_text("#spark-app-state", "COMPLETED").await?;
        p.wait_text("#spark-log", "stage 40 of 40").await?;
        p.wait_text("#spark-events", "Started driver container")
            .await?;
        Ok(())
    })
}
