//! Stateful nodes and Spot's account services as an operator works them: an EC2 instance
//! imported and followed until its node is listed, that node recycled after the confirmation
//! said what is lost, paused then resumed through its states; a health check refused beside
//! its field for a bad proxy address (nothing sent), then created; the insights chart for a
//! chosen range; the instance-costs export offered as a download. Each scenario imports its
//! own node.

use crate::{ensure, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot nodes: an import is followed until its node is listed; recycle says what is lost and is sent only once confirmed",
            run: import_and_recycle,
        },
        Scenario {
            name: "spot nodes: pause then resume, each confirmed, the state moving through pausing / paused / resuming / active",
            run: pause_resume,
        },
        Scenario {
            name: "spot services: a health check refused beside its field for a bad proxy address, then created; the insights chart draws a chosen range; the export ends in its download link",
            run: services,
        },
    ]
}

/// The confirm button of the open dialog.
const CONFIRM: &str = ".dialog .dialog-actions button:last-child";

/// Imports `instance` as node `name` from the list, waits until the import has ended, and
/// opens the node.
async fn import(p: &mut Page, instance: &str, name: &str) -> Result<(), crate::Error> {
    p.open_connected("/spot/stateful-nodes", &["spot"]).await?;
    p.wait_text("#spot-nodes", "billing-db").await?;
    p.fill("#spot-import-instance", instance).await?;
    p.fill("#spot-import-name", name).await?;
    p.click("#spot-import-go").await?;
    p.wait_text("#spot-import-started", "Import started")
        .await?;
    p.wait_text("#spot-node-imports", instance).await?;
    // Followed until Spot says the migration ended; the list is read again then.
    p.wait_text("#spot-node-imports", "migrate end").await?;
    p.wait_text("#spot-nodes", name).await?;
    p.click_text(name).await?;
    p.wait_text("#spot-node-title", name).await?;
    p.wait_text("#spot-node-state", "active").await?;
    Ok(())
}

fn import_and_recycle<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        import(p, "i-0e2e0recycle", "e2e-recycled").await?;
        let before = p.text("#spot-node-instance").await?;
        let recycles = || s.hits("spot", |m, r| m == "PUT" && r.ends_with("/recycle"));
        let sent = recycles().await?;
        p.click("#spot-node-recycle").await?;
        p.wait_text("#spot-node-explain", "what was only in memory is lost")
            .await?;
        ensure(
            recycles().await? == sent,
            "recycle was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-node-done", "Spot accepted it").await?;
        p.wait_text("#spot-node-state", "recycling").await?;
        p.wait_text("#spot-node-state", "active").await?;
        ensure(
            recycles().await? == sent + 1,
            "the confirmed recycle was not sent once",
        )?;
        let after = p.text("#spot-node-instance").await?;
        ensure(
            after != before,
            format!("the instance is still {before} after the recycle"),
        )?;
        Ok(())
    })
}

fn pause_resume<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        import(p, "i-0e2e0pause", "e2e-paused").await?;
        p.click("#spot-node-pause").await?;
        p.wait_text("#spot-node-explain", "volumes and private IP are kept")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-node-state", "pausing").await?;
        p.wait_text("#spot-node-state", "paused").await?;
        p.click("#spot-node-resume").await?;
        p.wait_text("#spot-node-explain", "started again").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-node-state", "resuming").await?;
        p.wait_text("#spot-node-state", "active").await?;
        Ok(())
    })
}

fn services<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/health-checks", &["spot"]).await?;
        p.wait_text("#spot-health-checks", "web-frontend-http")
            .await?;
        let creates = || s.hits("spot", |m, r| m == "POST" && r.ends_with("/healthCheck"));
        let sent = creates().await?;
        p.fill("#spot-health-name", "e2e-check").await?;
        p.fill("#spot-health-resource", "sig-5a170003").await?;
        p.fill("#spot-health-proxy", "10.0.1.20/health").await?;
        p.click("#spot-health-go").await?;
        p.wait_text("#spot-health-proxy-error", "Start with http:// or https://")
            .await?;
        ensure(creates().await? == sent, "a refused health check was sent")?;
        p.fill("#spot-health-proxy", "http://10.0.1.20").await?;
        p.click("#spot-health-go").await?;
        p.wait_text("#spot-health-done", "Created e2e-check")
            .await?;
        p.wait_text("#spot-health-checks", "http://10.0.1.20")
            .await?;
        ensure(
            creates().await? == sent + 1,
            "the health check was not sent once",
        )?;

        // Insights: costs and savings for a chosen range, one point a day.
        p.open("/spot/insights").await?;
        p.wait_text("#spot-insights-summary", "over 7 day(s)")
            .await?;
        p.select("#spot-insights-range", "30").await?;
        p.wait_text("#spot-insights-summary", "over 30 day(s)")
            .await?;
        p.wait_for("#spot-insights-chart svg").await?;
        let points = p
            .js("return Number(document.querySelector('#spot-insights-chart svg').dataset.points)")
            .await?;
        ensure(
            points.as_f64().unwrap_or(0.0) >= 30.0,
            format!("the insights chart has {points} points"),
        )?;
        p.wait_text("#spot-savings-total", "a month across").await?;

        // The export ends in its download link.
        p.click("#spot-export-go").await?;
        p.wait_text("#spot-export-done", "Download the export")
            .await?;
        let href = p
            .js("return document.querySelector('#spot-export-link').getAttribute('href')")
            .await?;
        ensure(
            href.as_str()
                .is_some_and(|h| h.starts_with("data:text/csv") && h.contains("accountId")),
            format!("the export link is {href}"),
        )?;
        Ok(())
    })
}
