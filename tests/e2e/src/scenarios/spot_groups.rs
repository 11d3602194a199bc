//! Elastigroups (AWS) as an operator works them: create a group, scale it and watch the
//! instances rise, capacity refused below the minimum in Spot's words, the costs chart for a
//! chosen range, blue/green deployments batch by batch (a second refused, a failing batch
//! waiting for an action, then stopped), and a configuration edit whose diff is shown and which
//! is sent only once confirmed. Each AWS scenario creates its own group; the GCP and Azure one
//! works the demo world's `gcp-web` and `azure-web` through the same pages and scales them back.
//! Suspensions are listed once made and gone once removed; a detach says what its two choices
//! will do before it is confirmed.

use crate::{ensure, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot groups: create a group → scale up → instances rise on the overview; capacity below the minimum refused in Spot's words; the costs chart draws a chosen range",
            run: scale_and_costs,
        },
        Scenario {
            name: "spot groups: a deployment's batches complete; a second start refused in Spot's words while one runs",
            run: deployment,
        },
        Scenario {
            name: "spot groups: a failing batch waits for an action, then the deployment is stopped",
            run: failing_deployment,
        },
        Scenario {
            name: "spot groups: a stateful instance paused then resumed, each confirmed with what it does; activity lists what happened, newest first",
            run: stateful_and_activity,
        },
        Scenario {
            name: "spot groups: a configuration edit shows the diff and is sent only after confirming; delete typed",
            run: configuration,
        },
        Scenario {
            name: "spot groups: a GCP and an Azure group through the same pages: instances in their own names, scaled up and back, a deployment's batches complete",
            run: gcp_and_azure,
        },
        Scenario {
            name: "spot groups: a suspended process and a suspended scaling policy are listed, then removed",
            run: suspensions,
        },
        Scenario {
            name: "spot groups: an instance detached with its two choices spelled out before confirming",
            run: detach,
        },
    ]
}

/// Creates a group from the list page (min 1, target `target`, max 5) and opens it.
pub(super) async fn new_group(p: &mut Page, name: &str, target: &str) -> Result<(), crate::Error> {
    p.open_connected("/spot/elastigroups", &["spot"]).await?;
    p.wait_text("#spot-groups", "web-frontend").await?;
    p.fill("#spot-new-name", name).await?;
    p.set("#spot-new-target", target).await?;
    p.click("#spot-new-create").await?;
    p.wait_text("#spot-new-done", name).await?;
    p.click("#spot-new-done a").await?;
    p.wait_text("#spot-group-title", name).await?;
    Ok(())
}

/// The confirm button of the open dialog.
pub(super) const CONFIRM: &str = ".dialog .dialog-actions button:last-child";

fn scale_and_costs<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-scaling", "1").await?;
        p.wait_text("#spot-cap-running", "1").await?;
        p.click("#spot-group-tab-capacity").await?;
        p.set("#spot-scale-by", "2").await?;
        p.click("#spot-scale-up").await?;
        p.wait_text("#spot-scale-done", "Launching 2").await?;
        p.click("#spot-group-tab").await?;
        p.wait_text("#spot-cap-target", "3").await?;
        p.wait_text("#spot-cap-running", "3").await?;
        let rows = p
            .js("return document.querySelectorAll('#spot-group-instances tbody tr[data-key]').length")
            .await?;
        ensure(rows == 3, format!("{rows} instance rows, expected 3"))?;
        // New instances start without health data, then report healthy (the status is polled).
        p.wait_text("#spot-group-instances", "healthy").await?;

        // Below the minimum: the warning first, then Spot's refusal in its words.
        p.click("#spot-group-tab-capacity").await?;
        p.set("#spot-cap-edit-target", "0").await?;
        p.wait_text("#spot-cap-warning", "below the 3 instance(s) running")
            .await?;
        p.click("#spot-cap-update").await?;
        p.wait_text("#spot-capacity", "below the group's minimum of 1")
            .await?;

        // Costs for a chosen range: the chart draws one point per day.
        p.click("#spot-group-tab").await?;
        p.select("#spot-costs-range", "14").await?;
        p.wait_text("#spot-costs-summary", "over 14 day(s)").await?;
        p.wait_for("#spot-costs-chart svg").await?;
        let points = p
            .js("return Number(document.querySelector('#spot-costs-chart svg').dataset.points)")
            .await?;
        ensure(
            points.as_f64().unwrap_or(0.0) >= 14.0,
            format!("the costs chart has {points} points"),
        )?;
        Ok(())
    })
}

fn deployment<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-deploying", "2").await?;
        p.click("#spot-group-tab-deployments").await?;
        p.wait_text(
            "#spot-roll-start",
            "One deployment runs per group at a time",
        )
        .await?;
        p.click("#spot-roll-go").await?;
        p.wait_text("#spot-roll-started", "started").await?;
        p.wait_text("#spot-roll-banner", "Deployment running")
            .await?;
        p.click("#spot-roll-go").await?;
        p.wait_text(
            "#spot-roll-start",
            "Can't have 2 Rolls at the same time. Please stop the previous one.",
        )
        .await?;
        // Followed batch by batch until final; the banner leaves once it is done.
        p.wait_text("#spot-rolls", "finished").await?;
        p.wait_text("#spot-rolls", "Batch 2: finished").await?;
        p.wait_gone("#spot-roll-banner").await?;
        Ok(())
    })
}

fn failing_deployment<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // The emulator fails the second batch of a group whose name says "failing".
        new_group(p, "e2e-failing", "2").await?;
        p.click("#spot-group-tab-deployments").await?;
        p.click("#spot-roll-go").await?;
        p.wait_text("#spot-roll-banner", "A batch failed").await?;
        p.wait_text("#spot-rolls", "Batch 2: failed").await?;
        // On every tab of the group.
        p.click("#spot-group-tab").await?;
        p.click("#spot-roll-detach-new").await?;
        p.wait_text(
            "#spot-roll-action-done",
            "new instances of the failed batch were detached",
        )
        .await?;
        p.click("#spot-roll-stop").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-roll-stopped", "Deployment stopped")
            .await?;
        p.wait_gone("#spot-roll-banner").await?;
        Ok(())
    })
}

fn stateful_and_activity<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-stateful", "1").await?;
        p.click("#spot-group-tab-stateful").await?;
        p.wait_text("#spot-stateful-table", "active").await?;
        let id = p
            .js("return document.querySelector('#spot-stateful-pick option:nth-child(2)').value")
            .await?;
        p.select("#spot-stateful-pick", id.as_str().unwrap_or_default())
            .await?;
        p.click("#spot-stateful-pause").await?;
        p.wait_text("#spot-stateful-explain", "volumes and private IP are kept")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-stateful-table", "paused").await?;
        p.click("#spot-stateful-resume").await?;
        p.wait_text("#spot-stateful-explain", "started again")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-stateful-table", "active").await?;

        // What happened is in the activity, newest first.
        p.click("#spot-group-tab-activity").await?;
        p.wait_text("#spot-events-table", "resume").await?;
        let first = p
            .js("return document.querySelector('#spot-events-table tbody tr').textContent")
            .await?;
        ensure(
            first.as_str().is_some_and(|t| t.contains("resume")),
            format!("the newest event is not first: {first}"),
        )?;
        p.wait_text("#spot-log-table", "pause").await?;
        Ok(())
    })
}

fn configuration<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-config", "1").await?;
        p.click("#spot-group-tab-configuration").await?;
        p.wait_value("#spot-config-json", "e2e-config").await?;
        let puts = || {
            s.hits("spot", |m, r| {
                m == "PUT" && r.ends_with("/aws/ec2/group/{groupId}")
            })
        };
        let before = puts().await?;
        let edited = p
            .js("return document.querySelector('#spot-config-json').value.replace('\"region\": \"us-east-1\"', '\"region\": \"eu-west-1\"')")
            .await?;
        p.set("#spot-config-json", edited.as_str().unwrap_or_default())
            .await?;
        p.click("#spot-config-review").await?;
        p.wait_text("#spot-config-diff", "1 line(s) differ").await?;
        p.wait_text("#spot-config-diff", "eu-west-1").await?;
        p.click("#spot-config-send").await?;
        p.wait_for(CONFIRM).await?;
        ensure(
            puts().await? == before,
            "the update was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-config-done", "Spot updated the group")
            .await?;
        ensure(
            puts().await? == before + 1,
            "the confirmed update was not sent once",
        )?;
        p.wait_value("#spot-config-json", "eu-west-1").await?;

        // Delete, typed.
        p.click("#spot-group-delete-open").await?;
        p.fill(".confirm-input", "e2e-config").await?;
        p.click(CONFIRM).await?;
        p.wait_path("/spot/elastigroups").await?;
        Ok(())
    })
}

/// One provider's demo group from the list: instances in its own names, scaled up by one and
/// back, a two-batch deployment followed to the end.
async fn provider_group(p: &mut Page, name: &str, provider: &str, instance: &str) -> Outcome {
    p.wait_text("#spot-groups", name).await?;
    p.wait_text("#spot-groups", provider).await?;
    p.click_text(name).await?;
    p.wait_text("#spot-group-title", name).await?;
    p.wait_text("#spot-cap-running", "2").await?;
    p.wait_text("#spot-group-instances", instance).await?;
    p.click("#spot-group-tab-capacity").await?;
    p.set("#spot-scale-by", "1").await?;
    p.click("#spot-scale-up").await?;
    p.wait_text("#spot-scale-done", "Launching 1").await?;
    p.click("#spot-group-tab").await?;
    p.wait_text("#spot-cap-running", "3").await?;
    p.click("#spot-group-tab-capacity").await?;
    p.click("#spot-scale-down").await?;
    p.wait_text("#spot-scale-done", "Terminating 1").await?;
    p.click("#spot-group-tab-deployments").await?;
    p.click("#spot-roll-go").await?;
    p.wait_text("#spot-roll-started", "started").await?;
    p.wait_text("#spot-rolls", "Batch 2: finished").await?;
    p.wait_gone("#spot-roll-banner").await?;
    Ok(())
}

fn gcp_and_azure<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/elastigroups", &["spot"]).await?;
        provider_group(p, "gcp-web", "GCP", "sin-").await?;
        p.click(".crumbs a").await?;
        provider_group(p, "azure-web", "Azure Spot VMs", "vm-").await?;
        // Azure has no per-instance costs operation: the page says so rather than fail.
        p.click("#spot-group-tab").await?;
        p.wait_text("#spot-group-costs", "no operation for costs")
            .await?;
        Ok(())
    })
}

fn suspensions<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-suspend", "1").await?;
        p.click("#spot-group-tab-capacity").await?;
        p.wait_text("#spot-suspensions", "No process is suspended.")
            .await?;
        p.select("#spot-suspend-process", "AUTO_HEALING").await?;
        p.click("#spot-suspend-go").await?;
        p.wait_text("#spot-suspended-processes", "AUTO_HEALING")
            .await?;
        p.click("#spot-suspend-remove").await?;
        p.wait_text("#spot-suspensions", "No process is suspended.")
            .await?;

        p.fill("#spot-suspend-policy", "cpu-high").await?;
        p.click("#spot-suspend-policy-go").await?;
        p.wait_text("#spot-suspended-policies", "cpu-high").await?;
        p.click("#spot-suspend-policy-resume").await?;
        p.wait_text("#spot-suspensions", "No scaling policy is suspended.")
            .await?;
        Ok(())
    })
}

fn detach<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // GCP's demo group (an AWS detach is in the `spot stateful` scenarios);
        // its target is put back at the end.
        p.open_connected("/spot/elastigroups", &["spot"]).await?;
        p.wait_text("#spot-groups", "gcp-web").await?;
        p.click_text("gcp-web").await?;
        p.wait_text("#spot-cap-running", "2").await?;
        p.click("#spot-group-tab-instances").await?;
        p.wait_text("#spot-instances-table", "sin-").await?;
        let id = p
            .js("return document.querySelector('#spot-instance-pick option:nth-child(2)').value")
            .await?;
        let id = id.as_str().unwrap_or_default().to_string();
        p.select("#spot-instance-pick", &id).await?;
        p.select("#spot-detach-terminate", "false").await?;
        p.select("#spot-detach-decrement", "true").await?;
        p.wait_text("#spot-detach-explain", "keeps running outside the group")
            .await?;
        p.wait_text(
            "#spot-detach-explain",
            "the target capacity goes down by one",
        )
        .await?;
        p.click("#spot-detach-open").await?;
        p.wait_text("#spot-detach-confirm", &id).await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-instance-done", "Done.").await?;
        p.click("#spot-group-tab").await?;
        p.wait_text("#spot-cap-target", "1").await?;
        p.wait_text("#spot-cap-running", "1").await?;
        let gone = p
            .js(&format!(
                "return !document.querySelector('#spot-group-instances').textContent.includes('{id}')"
            ))
            .await?;
        ensure(
            gone == true,
            format!("{id} is still listed after the detach"),
        )?;
        // Put the demo group back as it was.
        p.click("#spot-group-tab-capacity").await?;
        p.set("#spot-scale-by", "1").await?;
        p.click("#spot-scale-up").await?;
        p.wait_text("#spot-scale-done", "Launching 1").await?;
        Ok(())
    })
}
