//! The activity center and the Overview: long work followed across navigation and a reload,
//! finishing in the activity center without its area being opened again; the Overview's
//! cards each loading on their own, and what needs attention gathered from the areas' reads.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::{ensure, Error, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "activity: a Solutions run is followed across navigation and a reload, and finishes in the activity center",
            run: run_survives_reload,
        },
        Scenario {
            name: "activity: an a9s backup and a Spot roll are followed across navigation and a reload, and finish in the activity center",
            run: backup_and_roll_survive_reload,
        },
        Scenario {
            name: "activity: the Overview lists a degraded DM component, a failed a9s backup, Spot's running deployments and rolls and an unhealthy instance, and the failed requests; a 502 leaves the other cards working",
            run: overview_live,
        },
    ]
}

/// Waits up to `secs` for `css` to contain `text`.
async fn wait_long(p: &Page, css: &str, text: &str, secs: u64) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        match p.wait_text(css, text).await {
            Ok(t) => return Ok(t),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => {}
        }
    }
}

const RUN: &str = "e2e-activity-run";

fn run_survives_reload<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // While Solutions' jobs list answers 503 the run cannot be seen to end: it is still
        // running when the tab is reloaded, whatever the machine's speed.
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({"api": "solutions", "method": "GET", "path_contains": "/jobs", "status": 503})),
            )
            .await?;
        p.open_connected("/solutions?name=Bank%20Statement%20Parser", &["solutions"])
            .await?;
        p.wait_text("#solutions-catalog", "Bank Statement Parser")
            .await?;
        p.click("#solutions-catalog tbody a").await?;
        p.wait_text("main h1", "Bank Statement Parser").await?;
        p.fill("#run-input", "jaydoe/e2e/fs/Instabase Drive/activity/input")
            .await?;
        p.fill("#run-job-id", RUN).await?;
        p.click("#run-submit").await?;
        p.wait_text("#run-started", RUN).await?;
        p.wait_text("#activity-count", "1").await?;

        // Away from the area, then a reload: the run is still listed, still running.
        p.reload_into_activity("1").await?;
        let entry = "#activity-solutions-jobs-e2e-activity-run";
        let row = p.wait_text(entry, "Run Bank Statement Parser").await?;
        ensure(
            row.contains("running"),
            format!("after the reload: {row:?}"),
        )?;
        let running: String = p
            .js(&format!(
                "return document.querySelector('{entry}').dataset.running"
            ))
            .await?
            .as_str()
            .unwrap_or_default()
            .into();
        ensure(running == "true", format!("data-running is {running:?}"))?;

        // The jobs list answers again: the run ends here, without opening Solutions again.
        stack.control("DELETE", "/__emulator/faults", None).await?;
        let done = wait_long(p, entry, "complete", 30).await?;
        ensure(
            done.contains("done"),
            format!("the finished run reads {done:?}"),
        )?;
        p.wait_text("#activity-count", "0").await?;
        p.wait_text(".toaster", "Run Bank Statement Parser").await?;
        ensure(
            p.path().await? == "/activity",
            "the activity center left its page",
        )?;
        // Its link leads to the job on its area's page.
        p.click(&format!("{entry} a")).await?;
        p.wait_path("/solutions/jobs").await?;
        Ok(())
    })
}

fn backup_and_roll_survive_reload<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // While the backup's own read and the roll's own read answer 503, neither can be seen
        // to end.
        let backup = "/v1/instances/{instance_id}/backups/{id}";
        for rule in [
            json!({"api": "a9s", "method": "GET", "route": backup, "status": 503}),
            json!({"api": "spot", "method": "GET", "path_contains": "/roll/", "status": 503}),
        ] {
            stack
                .control("POST", "/__emulator/faults", Some(rule))
                .await?;
        }
        p.open_connected("/a9s", &["a9s", "spot"]).await?;
        p.fill("#a9s-new-id", "pg-orders-prod").await?;
        p.click("#a9s-add").await?;
        p.wait_for(".a9s-item[data-id='pg-orders-prod']").await?;
        p.open("/a9s/instances/pg-orders-prod/backups").await?;
        p.wait_for("#a9s-backups tbody tr").await?;
        p.click("#a9s-create-backup").await?;
        p.wait_text("#activity-count", "1").await?;
        // A roll of the EKS cluster in four batches (a few seconds in the emulator).
        p.open("/spot/ocean").await?;
        p.click_text("prod-eks").await?;
        p.click("#ocean-tab-rolls").await?;
        p.set("#ocean-roll-size", "25").await?;
        p.set("#ocean-roll-comment", "followed across a reload")
            .await?;
        p.click("#ocean-roll-start").await?;
        p.wait_text("#ocean-roll-banner", "of 4").await?;
        p.wait_text("#activity-count", "2").await?;

        p.reload_into_activity("2").await?;
        let backup = "[id^='activity-a9s-jobs-backup:pg-orders-prod:']";
        let row = p.wait_text(backup, "on pg-orders-prod").await?;
        ensure(
            row.contains("Backup #"),
            format!("after the reload: {row:?}"),
        )?;
        let roll = "[id^='activity-spot-ocean-rolls-']";
        let row = p.wait_text(roll, "of Ocean cluster").await?;
        ensure(
            row.contains("in progress"),
            format!("the roll after the reload: {row:?}"),
        )?;

        stack.control("DELETE", "/__emulator/faults", None).await?;
        wait_long(p, backup, "done", 30).await?;
        wait_long(p, roll, "completed", 30).await?;
        p.wait_text("#activity-count", "0").await?;
        ensure(
            p.path().await? == "/activity",
            "the activity center left its page",
        )?;
        // Each entry links to its page: the roll to its cluster's rolls.
        p.click(&format!("{roll} a")).await?;
        p.wait_text("#ocean-roll-jobs", "COMPLETED").await?;
        let path = p.path().await?;
        ensure(
            path.starts_with("/spot/ocean/aws/") && path.ends_with("/rolls"),
            format!("the roll's link led to {path}"),
        )?;
        p.client.back().await?;
        p.wait_path("/activity").await?;
        p.click(&format!("{backup} a")).await?;
        p.wait_path("/a9s/instances/pg-orders-prod/backups").await?;
        Ok(())
    })
}

fn overview_live<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/a9s", &["all"]).await?;
        p.fill("#a9s-new-id", "pg-orders-prod").await?;
        p.click("#a9s-add").await?;
        p.wait_for(".a9s-item[data-id='pg-orders-prod']").await?;
        // DM answers with one degraded component; Keboola answers 502 to everything.
        let components = json!({"statusCode": 200, "error": null, "data": {
            "search": {"last_updated_epoch_seconds": 1_764_640_000, "health_checks_by_id": {
                "search-pods": {"id": "search-pods", "status": "degraded", "component_name": "search",
                                "details": "1/2 pods ready"}}},
            "webapp": {"health_checks_by_id": {
                "webapp-pods": {"id": "webapp-pods", "status": "healthy", "component_name": "webapp"}}}}});
        // Spot: every group's and cluster's deployments or rolls list one running at 50%, and
        // every group's instance health one unhealthy instance.
        let spot = |items: serde_json::Value| {
            json!({"request": {"id": "e2e-overview", "method": "GET"},
                   "response": {"status": {"code": 200, "message": "OK"}, "items": items, "count": 1}})
            .to_string()
        };
        let running =
            spot(json!([{"id": "roll-e2e", "status": "IN_PROGRESS", "progress": {"value": 50}}]));
        let sick = spot(json!([{"instanceId": "i-0e2e5c1c", "healthStatus": "UNHEALTHY"}]));
        for rule in [
            json!({"api": "dm", "path_contains": "/platform-status/components", "status": 200,
                   "body": components.to_string()}),
            json!({"api": "keboola", "status": 502}),
            json!({"api": "spot", "method": "GET", "path_contains": "/roll", "status": 200, "body": running}),
            json!({"api": "spot", "method": "GET", "path_contains": "/instanceHealthiness", "status": 200,
                   "body": sick}),
        ] {
            stack
                .control("POST", "/__emulator/faults", Some(rule))
                .await?;
        }
        p.click("a.brand").await?;
        p.wait_path("/").await?;
        p.wait_text("#overview-keboola", "502").await?;
        p.wait_text("#overview-keboola", "Retry").await?;
        for api in ["dm", "solutions", "a9s", "spot"] {
            p.wait_text(&format!("#overview-{api}"), "Connected")
                .await?;
        }
        p.wait_text("#overview-attention-dm", "Component search is degraded")
            .await?;
        let dm = p.text("#overview-attention-dm").await?;
        ensure(
            !dm.contains("webapp"),
            format!("a healthy component listed: {dm:?}"),
        )?;
        p.wait_text(
            "#overview-attention-a9s",
            "Backup 3 of pg-orders-prod failed",
        )
        .await?;
        let spot = "#overview-attention-spot";
        p.wait_text(
            spot,
            "Elastigroup web-frontend: a deployment is running (50%)",
        )
        .await?;
        p.wait_text(
            spot,
            "Elastigroup web-frontend: instance i-0e2e5c1c is unhealthy",
        )
        .await?;
        p.wait_text(spot, "Ocean cluster prod-eks: a roll is running (50%)")
            .await?;
        // The checks that failed are the tab's last failed requests, with the way to the log.
        let failed = p
            .wait_text("#overview-failed-requests", "answered 502")
            .await?;
        ensure(
            failed.contains("GET Keboola"),
            format!("the failed request reads method and API: {failed:?}"),
        )?;
        p.click_text("Ocean cluster prod-eks: a roll is running (50%)")
            .await?;
        p.wait_text("#ocean-roll-banner", "roll-e2e").await?;
        let path = p.path().await?;
        ensure(
            path.starts_with("/spot/ocean/aws/") && path.ends_with("/rolls"),
            format!("the roll's line led to {path}"),
        )?;
        p.client.back().await?;
        p.wait_path("/").await?;
        p.click_text("Backup 3 of pg-orders-prod failed").await?;
        p.wait_path("/a9s/instances/pg-orders-prod/backups").await?;
        Ok(())
    })
}
