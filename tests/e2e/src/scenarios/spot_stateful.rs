//! Elastigroup AWS's stateful import and detach, and a stateful node created, as an operator
//! works them: an import started on a group's Stateful tab, left, found again in the activity
//! center after a reload, waiting there for the original instance's typed termination, then
//! finished with its instance listed in the new group; an AWS instance detached with its two
//! choices spelled out, sent once confirmed, the target lowered; a stateful node refused
//! beside its empty name (nothing sent), then created through the schema form and opened.

use crate::{ensure, Page, Scenario, ScenarioFuture, Stack};

use super::spot_groups::new_group;

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot stateful: an import is left, found again in the activity center, its original instance terminated (typed), and it ends with the instance listed in the new group",
            run: import_found_again,
        },
        Scenario {
            name: "spot stateful: an AWS instance detached with its choices spelled out; a stateful node created through the form after its missing name was said beside the field",
            run: detach_and_create,
        },
    ]
}

/// The confirm button of the open dialog.
const CONFIRM: &str = ".dialog .dialog-actions button:last-child";
/// The activity center's entries of stateful imports.
const ENTRY: &str = "[id^='activity-spot-groups-stateful-imports-']";

fn import_found_again<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-simport-home", "1").await?;
        p.click("#spot-group-tab-stateful").await?;
        p.fill("#spot-simport-name", "e2e-imported").await?;
        p.click("#spot-simport-go").await?;
        p.wait_text("#spot-simport-instance-error", "An EC2 instance id")
            .await?;
        p.fill("#spot-simport-instance", "i-0e2e0simport").await?;
        // Not terminated automatically: Spot waits for the operator.
        p.click("#spot-simport-terminate").await?;
        p.wait_text("#spot-simport-explain", "The import waits for you")
            .await?;
        p.click("#spot-simport-go").await?;
        p.wait_text("#spot-simport-started", "Import started")
            .await?;
        p.wait_text("#spot-stateful-imports", "i-0e2e0simport")
            .await?;

        // Left, the tab reloaded: the activity center still follows it.
        p.reload_into_activity("1").await?;
        p.wait_text(ENTRY, "Stateful import of i-0e2e0simport as e2e-imported")
            .await?;
        p.wait_text(ENTRY, "waiting for you to terminate the original instance")
            .await?;
        let id = p
            .js(&format!("return document.querySelector(\"{ENTRY}\").id.replace('activity-spot-groups-stateful-imports-', '')"))
            .await?;
        let id = id.as_str().unwrap_or_default().to_string();
        p.click(&format!("{ENTRY} a")).await?;
        p.wait_text("#spot-group-title", "e2e-imported").await?;
        p.wait_text("#spot-stateful-imports", "waiting for you")
            .await?;

        let terminations = || s.hits("spot", |m, r| m == "POST" && r.ends_with("/userAction"));
        let sent = terminations().await?;
        p.select("#spot-simport-pick", &id).await?;
        p.click("#spot-simport-terminate-open").await?;
        p.wait_text("#spot-simport-terminate-explain", "terminated for good")
            .await?;
        p.fill(".dialog .confirm-input", "i-0e2e0simport").await?;
        ensure(
            terminations().await? == sent,
            "the termination was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-simport-done", "Spot accepted it")
            .await?;
        p.wait_text("#spot-stateful-imports", "finished").await?;
        ensure(
            terminations().await? == sent + 1,
            "the termination was not sent once",
        )?;
        // The new group's stateful instance, read again once the import ended.
        p.wait_text("#spot-stateful-table", "10.0.201.33").await?;
        p.wait_text("#spot-stateful-table", "active").await?;
        Ok(())
    })
}

fn detach_and_create<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        new_group(p, "e2e-aws-detach", "2").await?;
        p.wait_text("#spot-cap-running", "2").await?;
        p.click("#spot-group-tab-instances").await?;
        p.wait_text("#spot-instances-table", "i-").await?;
        let id = p
            .js("return document.querySelector('#spot-instance-pick option:nth-child(2)').value")
            .await?;
        let id = id.as_str().unwrap_or_default().to_string();
        p.select("#spot-instance-pick", &id).await?;
        p.wait_text("#spot-instance-status", "Spot says this instance is")
            .await?;
        p.select("#spot-detach-terminate", "false").await?;
        p.select("#spot-detach-decrement", "true").await?;
        p.wait_text("#spot-detach-explain", "keeps running outside the group")
            .await?;
        p.wait_text(
            "#spot-detach-explain",
            "the target capacity goes down by one",
        )
        .await?;
        let detaches = || s.hits("spot", |m, r| m == "PUT" && r.ends_with("/detachInstances"));
        let sent = detaches().await?;
        p.click("#spot-detach-open").await?;
        p.wait_text("#spot-detach-confirm", &id).await?;
        ensure(
            detaches().await? == sent,
            "the detach was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-instance-done", "Done.").await?;
        ensure(
            detaches().await? == sent + 1,
            "the detach was not sent once",
        )?;
        p.click("#spot-group-tab").await?;
        p.wait_text("#spot-cap-target", "1").await?;
        p.wait_text("#spot-cap-running", "1").await?;

        // A stateful node: its empty name said beside the field, nothing sent; then made.
        p.open("/spot/stateful-nodes").await?;
        p.wait_text("#spot-nodes", "billing-db").await?;
        p.click("#spot-node-create summary").await?;
        p.wait_for("#spot-body-managedInstance-name").await?;
        let creates = || {
            s.hits("spot", |m, r| {
                m == "POST" && r.ends_with("/managedInstance")
            })
        };
        let sent = creates().await?;
        p.click("#spot-node-create-send").await?;
        p.wait_text("#spot-body-errors", "managedInstance.name")
            .await?;
        ensure(creates().await? == sent, "a node without a name was sent")?;
        p.fill("#spot-body-managedInstance-name", "e2e-made-node")
            .await?;
        p.click("#spot-node-create-send").await?;
        p.wait_text("#spot-node-title", "e2e-made-node").await?;
        ensure(
            creates().await? == sent + 1,
            "the node was not created once",
        )?;
        Ok(())
    })
}
