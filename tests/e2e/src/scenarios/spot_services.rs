//! Spot's account services and the providers' own screens as an operator works them: a
//! notification subscription created, listed, opened and deleted with its endpoint typed; the
//! audit log narrowed to dates with nothing in them and widened again; a data integration added,
//! opened and deleted with its name typed; a health check changed through its diff; an
//! organization made and deleted (typed); an Azure scale set imported into the create form and
//! then created; an Azure Spot VMs group's process suspended then
//! resumed (each confirmed with what it does), and a Scale Set task created then deleted on the
//! Tasks tab only that provider has.

use crate::{ensure, fail, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot services2: a subscription created → listed → opened → deleted with its endpoint typed",
            run: subscription,
        },
        Scenario {
            name: "spot services2: the audit log narrowed to dates without writes says so, and lists the write again once widened",
            run: audit,
        },
        Scenario {
            name: "spot services2: a data integration added → listed → opened → deleted with its name typed",
            run: integration,
        },
        Scenario {
            name: "spot services2: a health check opened; a bad proxy refused beside its field unsent; the change shown as a diff, sent once confirmed",
            run: health_edit,
        },
        Scenario {
            name: "spot services2: an organization created, then deleted only after typing its id; deleted again, Spot's refusal in words",
            run: organization,
        },
        Scenario {
            name: "spot providers: an Azure scale set imported: its configuration fills the create form, nothing made until sent, then the group is listed",
            run: azure_import,
        },
        Scenario {
            name: "spot providers: an Azure group's process suspended then resumed, each confirmed; a scale set task created and deleted",
            run: azure,
        },
    ]
}

/// The confirm button of the open dialog.
const CONFIRM: &str = ".dialog .dialog-actions button:last-child";

/// The key of the row of `table` holding `text`.
async fn row_key(p: &Page, table: &str, text: &str) -> Result<String, crate::Error> {
    p.wait_text(table, text).await?;
    let script = format!(
        "return [...document.querySelectorAll({} + ' tbody tr')].find(r => r.textContent.includes({}))?.dataset.key",
        serde_json::json!(table),
        serde_json::json!(text)
    );
    match p.js(&script).await?.as_str() {
        Some(k) if !k.is_empty() => Ok(k.to_string()),
        _ => fail(format!("no row of {table} holds {text}")),
    }
}

/// Clicks the button labelled `label` in `table`'s row keyed `key`.
async fn click_in_row(p: &Page, table: &str, key: &str, label: &str) -> Outcome {
    let script = format!(
        "const b = [...document.querySelectorAll({} + ' tr[data-key=\\'' + {} + '\\'] button')].find(b => b.textContent.trim() === {}); if (b) b.click(); return !!b",
        serde_json::json!(table),
        serde_json::json!(key),
        serde_json::json!(label)
    );
    ensure(
        p.js(&script).await? == serde_json::json!(true),
        format!("no {label} button in the row {key} of {table}"),
    )
}

/// Subscribes `endpoint` to GROUP_UPDATED of the demo group, from the subscriptions page.
async fn subscribe(p: &mut Page, endpoint: &str) -> Outcome {
    p.open_connected("/spot/subscriptions", &["spot"]).await?;
    p.wait_for("#spot-sub-create").await?;
    p.fill("#spot-sub-endpoint", endpoint).await?;
    p.fill("#spot-sub-resource", "sig-5a170003").await?;
    p.click("#spot-sub-go").await?;
    p.wait_text("#spot-sub-made", "Subscribed").await?;
    Ok(())
}

fn subscription<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        subscribe(p, "e2e-sub@example.com").await?;
        let key = row_key(p, "#spot-subscriptions", "e2e-sub@example.com").await?;
        click_in_row(p, "#spot-subscriptions", &key, "Open").await?;
        p.wait_text("#spot-sub-detail", "e2e-sub@example.com")
            .await?;
        p.wait_text("#spot-sub-detail", "GROUP_UPDATED").await?;
        p.click("#spot-sub-delete").await?;
        ensure(
            p.js(&format!(
                "return document.querySelector('{CONFIRM}').disabled"
            ))
            .await?
                == serde_json::json!(true),
            "the unsubscribe is offered before the endpoint is typed",
        )?;
        p.fill(".dialog .confirm-input", "e2e-sub@example.com")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-sub-done", "Spot accepted it").await?;
        p.wait_gone(&format!("#spot-subscriptions tr[data-key='{key}']"))
            .await?;
        p.wait_gone("#spot-sub-detail").await
    })
}

fn audit<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        subscribe(p, "e2e-audit@example.com").await?;
        p.open("/spot/audit").await?;
        p.wait_text("#spot-audit", "POST /events/subscription")
            .await?;
        p.set("#spot-audit-from", "2020-01-01").await?;
        p.set("#spot-audit-to", "2020-01-02").await?;
        p.wait_text(
            "#spot-audit",
            "Nothing was done in this account between these dates",
        )
        .await?;
        p.set("#spot-audit-to", "2100-01-01").await?;
        p.wait_text("#spot-audit", "POST /events/subscription")
            .await?;
        Ok(())
    })
}

fn integration<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/insights", &["spot"]).await?;
        p.fill("#spot-integration-name", "e2e-costs").await?;
        p.fill("#spot-integration-bucket", "E2E bucket").await?;
        p.click("#spot-integration-go").await?;
        p.wait_text("#spot-integration-bucket-error", "An S3 bucket name")
            .await?;
        p.fill("#spot-integration-bucket", "e2e-cost-bucket")
            .await?;
        p.click("#spot-integration-go").await?;
        p.wait_text("#spot-integration-made", "Added").await?;
        let key = row_key(p, "#spot-integrations-table", "e2e-costs").await?;
        click_in_row(p, "#spot-integrations-table", &key, "Open").await?;
        p.wait_text("#spot-integration-detail", "e2e-cost-bucket")
            .await?;
        click_in_row(p, "#spot-integrations-table", &key, "Delete…").await?;
        p.fill(".dialog .confirm-input", "e2e-costs").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-integration-done", "Spot accepted it")
            .await?;
        p.wait_gone(&format!("#spot-integrations-table tr[data-key='{key}']"))
            .await
    })
}

fn health_edit<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/health-checks", &["spot"]).await?;
        let key = row_key(p, "#spot-health-checks", "web-frontend-http").await?;
        click_in_row(p, "#spot-health-checks", &key, "Open").await?;
        p.wait_text("#spot-health-detail", "web-frontend-http")
            .await?;
        p.wait_value("#spot-health-edit-proxyAddress", "http://")
            .await?;
        let puts = || s.hits("spot", |m, r| m == "PUT" && r.contains("/healthCheck/"));
        let sent = puts().await?;
        p.fill("#spot-health-edit-proxyAddress", "10.0.1.99/health")
            .await?;
        p.click("#spot-health-review").await?;
        p.wait_text(
            "#spot-health-edit-proxyAddress-error",
            "Start with http:// or https://",
        )
        .await?;
        p.fill("#spot-health-edit-proxyAddress", "http://10.0.1.99")
            .await?;
        // The demo check was made without a check's settings: they are asked for here.
        for (field, value) in [
            ("proxyPort", "80"),
            ("interval", "30"),
            ("healthyThreshold", "2"),
            ("unhealthyThreshold", "3"),
        ] {
            p.fill(&format!("#spot-health-edit-{field}"), value).await?;
        }
        p.select("#spot-health-edit-protocol", "https").await?;
        p.click("#spot-health-review").await?;
        p.wait_text("#spot-health-diff", "http://10.0.1.99").await?;
        ensure(
            puts().await? == sent,
            "an update was sent before it was confirmed",
        )?;
        p.click("#spot-health-send").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-health-updated", "Spot updated the health check")
            .await?;
        p.wait_text("#spot-health-detail-summary", "http://10.0.1.99")
            .await?;
        ensure(puts().await? == sent + 1, "the update was not sent once")
    })
}

fn organization<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/org/organization", &["spot"])
            .await?;
        p.wait_for("#spot-org-permissions").await?;
        p.fill("#spot-org-new-name", "e2e-org").await?;
        p.click("#spot-org-create").await?;
        let made = p
            .wait_text("#spot-org-created", "Created e2e-org (")
            .await?;
        let Some(id) = made
            .split_once('(')
            .and_then(|(_, r)| r.split_once(')'))
            .map(|(id, _)| id.to_string())
        else {
            return fail(format!("no id in {made}"));
        };
        for (n, words) in [(0, "Deleted"), (1, "does not exist")] {
            p.fill("#spot-org-delete-id", &id).await?;
            p.click("#spot-org-delete").await?;
            if n == 0 {
                ensure(
                    p.js(&format!(
                        "return document.querySelector('{CONFIRM}').disabled"
                    ))
                    .await?
                        == serde_json::json!(true),
                    "the delete is offered before the id is typed",
                )?;
            }
            p.fill(".dialog .confirm-input", &id).await?;
            p.click(CONFIRM).await?;
            p.wait_text("#spot-org-organizations", words).await?;
        }
        Ok(())
    })
}

fn azure_import<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/elastigroups", &["spot"]).await?;
        p.wait_text("#spot-groups", "azure-web").await?;
        p.click("#spot-group-other summary").await?;
        p.select("#spot-other-provider", "azure").await?;
        p.select(
            "#spot-other-way",
            "elastigroup-azure-spot-vms/import-group-from-scale-set",
        )
        .await?;
        p.fill("#spot-other-resourceGroupName", "rg-e2e").await?;
        p.fill("#spot-other-scaleSetName", "e2e-ss").await?;
        p.click("#spot-other-send").await?;
        p.wait_for("#spot-other-filled").await?;
        ensure(
            !p.text("#spot-groups").await?.contains("e2e-ss"),
            "the import made a group before the create was sent",
        )?;
        p.click("#spot-view-json").await?;
        p.wait_value("#spot-body", "e2e-ss").await?;
        p.click("#spot-other-send").await?;
        p.wait_text("#spot-other-made", "Created e2e-ss").await?;
        p.wait_text("#spot-groups", "e2e-ss").await?;
        Ok(())
    })
}

fn azure<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/elastigroups", &["spot"]).await?;
        p.wait_text("#spot-groups", "azure-web").await?;
        p.click_text("azure-web").await?;
        p.wait_text("#spot-group-title", "azure-web").await?;
        ensure(
            p.js("return document.querySelector('#spot-group-tab-tasks') === null")
                .await?
                == serde_json::json!(true),
            "an Azure Spot VMs group shows a Tasks tab",
        )?;
        p.click("#spot-group-tab-capacity").await?;
        p.wait_text("#spot-azure-suspended", "No process is suspended")
            .await?;
        p.select("#spot-azure-process", "autoScale").await?;
        p.click("#spot-azure-suspend-go").await?;
        p.wait_text(
            "#spot-azure-suspend-confirm",
            "scaling policies no longer change the capacity",
        )
        .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-azure-suspended", "Suspended: autoScale")
            .await?;
        p.click("#spot-azure-resume-go").await?;
        p.wait_text("#spot-azure-resume-confirm", "autoScale runs again")
            .await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-azure-suspended", "No process is suspended")
            .await?;

        // A scale set's tasks, on the tab only that provider has.
        p.open("/spot/elastigroups").await?;
        p.wait_text("#spot-groups", "azure-scaleset").await?;
        p.click_text("azure-scaleset").await?;
        p.click("#spot-group-tab-tasks").await?;
        p.wait_text("#spot-tasks-table", "No tasks in this account")
            .await?;
        p.click("#spot-task-new summary").await?;
        p.click("#spot-view-json").await?;
        p.set("#spot-body", r#"{"group": {"name": "e2e-task"}}"#)
            .await?;
        p.click("#spot-task-create-send").await?;
        p.wait_for("#spot-task-create-done").await?;
        let key = row_key(p, "#spot-tasks-table", "e2e-task").await?;
        click_in_row(p, "#spot-tasks-table", &key, "Delete…").await?;
        p.fill(".dialog .confirm-input", "e2e-task").await?;
        p.click(CONFIRM).await?;
        p.wait_text("#spot-task-deleted", "Deleted").await?;
        p.wait_gone(&format!("#spot-tasks-table tr[data-key='{key}']"))
            .await
    })
}
