//! Spot's organization and accounts as an operator works them: a user's token shown once and
//! never again, AWS credentials in Spot's order, accounts created / renamed / deleted with typed
//! confirmation, an access policy written with the statement editor.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::{ensure, fail, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot org: a user's and a programmatic user's token shown once with copy; after Done or a reload it is nowhere (page or storage) while the user stays listed",
            run: token_once,
        },
        Scenario {
            name: "spot org: AWS credentials — a role ARN before the external id refused in Spot's words; external id, then the role, accepted",
            run: aws_order,
        },
        Scenario {
            name: "spot org: an account created, renamed, and deleted only after typing its name",
            run: account_lifecycle,
        },
        Scenario {
            name: "spot org: a user assigned to the account with a role (said in words, confirmed), then detached only after typing the email",
            run: access_assign_detach,
        },
        Scenario {
            name: "spot org: an access policy created with a statement (problems named per field before sending), edited, deleted typed",
            run: policy_statement,
        },
    ]
}

/// A suffix no earlier run of the shared emulator used.
fn unique() -> String {
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("{:x}", n & 0xffff_ffff_ffff)
}

/// Fails if `secret` is anywhere in the page's text or in the tab's storage.
async fn nowhere(p: &Page, secret: &str, when: &str) -> crate::Outcome {
    let seen = p
        .client
        .execute(
            "const s = arguments[0]; return [document.body.innerText, document.documentElement.outerHTML, JSON.stringify(sessionStorage), JSON.stringify(localStorage)].filter(t => t.includes(s)).length",
            vec![serde_json::json!(secret)],
        )
        .await?;
    ensure(
        seen.as_u64() == Some(0),
        format!("{when}: the token is still on the page or in storage"),
    )
}

fn token_once<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/org", &["spot"]).await?;
        let email = format!("e2e-{}@example.com", unique());
        p.wait_for("#spot-users-table, #spot-users .empty")
            .await
            .ok();
        p.fill("#spot-user-email", &email).await?;
        p.fill("#spot-user-first", "Ana").await?;
        p.click("#spot-user-create-send").await?;
        p.wait_text("#spot-token-once", "Copy this token now")
            .await?;
        p.wait_text("#spot-token-once", "Copy token").await?;
        let token = p.text("#spot-token").await?;
        ensure(token.len() >= 32, format!("no token shown: {token:?}"))?;
        p.wait_text("#spot-users-table", &email).await?;
        // Reloaded: the user is listed, the token is gone for good.
        p.client.refresh().await?;
        p.wait_text("#spot-users-table", &email).await?;
        nowhere(p, &token, "after a reload").await?;

        // A programmatic user: its token until "Done", then never again; deleted typed.
        let name = format!("e2e-bot-{}", unique());
        p.fill("#spot-pu-name", &name).await?;
        p.wait_text("#spot-pu-accounts", "viewer").await.ok();
        let accounts = p
            .js("return document.querySelector('#spot-pu-accounts').value")
            .await?;
        ensure(
            accounts.as_str().is_some_and(|a| a.starts_with("act-")),
            format!("the chosen account is not offered: {accounts}"),
        )?;
        p.click("#spot-pu-create-send").await?;
        p.wait_text("#spot-programmatic #spot-token-once", "Copy this token now")
            .await?;
        let token = p.text("#spot-programmatic #spot-token").await?;
        p.wait_text("#spot-pu-table", &name).await?;
        p.click("#spot-programmatic #spot-token-done").await?;
        p.wait_gone("#spot-programmatic #spot-token").await?;
        nowhere(p, &token, "after Done").await?;
        let row = p
            .client
            .execute(
                "return [...document.querySelectorAll('#spot-pu-table tbody tr')].find(r => r.textContent.includes(arguments[0]))?.dataset.key",
                vec![serde_json::json!(name)],
            )
            .await?;
        let Some(key) = row.as_str().map(str::to_string) else {
            return fail(format!("no row for {name}"));
        };
        p.click(&format!("#spot-pu-delete-{key}")).await?;
        let confirm = ".dialog .dialog-actions .btn.danger";
        ensure(
            p.js(&format!(
                "return document.querySelector('{confirm}').disabled"
            ))
            .await?
                == serde_json::json!(true),
            "the delete is offered before the name is typed",
        )?;
        p.fill(".dialog .confirm-input", &name).await?;
        p.click(confirm).await?;
        p.wait_text("#spot-pu-deleted", "Deleted").await?;
        p.wait_gone(&format!("#spot-pu-table tr[data-key='{key}']"))
            .await
    })
}

fn aws_order<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // An account of its own: no external id was ever made for it.
        let account = format!("act-e2e{}", unique());
        p.open_connected(
            &format!("/spot/org/credentials?account={account}"),
            &["spot"],
        )
        .await?;
        p.wait_text("#spot-credentials-aws", "Create the external ID")
            .await?;
        // A malformed ARN is named before anything is sent.
        p.fill("#spot-aws-role", "SpotRole").await?;
        p.click("#spot-aws-role-send").await?;
        p.wait_text("#spot-credentials-aws .field-error", "Enter the role's ARN")
            .await?;
        let role = "arn:aws:iam::123456789012:role/SpotRole";
        p.fill("#spot-aws-role", role).await?;
        p.wait_text("#spot-aws-order", "Spot will refuse the role ARN")
            .await?;
        p.click("#spot-aws-role-send").await?;
        p.wait_text(
            "#spot-credentials-aws",
            &format!("No external ID was created for account {account}"),
        )
        .await?;
        // In Spot's order.
        p.click("#spot-aws-external-send").await?;
        let shown = p
            .wait_text("#spot-aws-external-id", "spotinst:aws:extid:")
            .await?;
        ensure(!shown.is_empty(), "no external id shown")?;
        p.wait_gone("#spot-aws-order").await?;
        p.click("#spot-aws-role-send").await?;
        p.wait_text("#spot-aws-set", "Spot accepted the role")
            .await?;
        Ok(())
    })
}

fn account_lifecycle<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text("#spot-accounts", "production").await?;
        let name = format!("e2e-acct-{}", unique());
        p.click("#spot-account-create-send").await?;
        p.wait_text("#spot-account-create .field-error", "Name the account.")
            .await?;
        p.fill("#spot-account-new-name", &name).await?;
        p.click("#spot-account-create-send").await?;
        let created = p.wait_text("#spot-account-created", "act-").await?;
        let id = created
            .split_whitespace()
            .find(|w| w.starts_with("act-"))
            .map(|w| w.trim_end_matches('.').to_string())
            .unwrap_or_default();
        p.wait_text(&format!("#spot-accounts tr[data-key='{id}']"), &name)
            .await?;
        // The switcher offers it too (one list for the page).
        p.wait_text("#spot-account", &name).await?;

        let renamed = format!("{name}-renamed");
        p.click(&format!("#spot-account-rename-{id}")).await?;
        p.fill("#spot-account-rename-name", &renamed).await?;
        p.click("#spot-account-rename button[type=submit]").await?;
        p.wait_text(&format!("#spot-accounts tr[data-key='{id}']"), &renamed)
            .await?;

        // The pages act within it, then it is deleted: they move to another account.
        p.select("#spot-account", &id).await?;
        p.wait_value("#spot-account", &id).await?;
        p.click(&format!("#spot-account-delete-{id}")).await?;
        let confirm = ".dialog .dialog-actions .btn.danger";
        p.fill(".dialog .confirm-input", &name).await?;
        ensure(
            p.js(&format!(
                "return document.querySelector('{confirm}').disabled"
            ))
            .await?
                == serde_json::json!(true),
            "the old name confirms the delete",
        )?;
        p.fill(".dialog .confirm-input", &renamed).await?;
        p.click(confirm).await?;
        p.wait_text("#spot-account-deleted", "Deleted").await?;
        p.wait_gone(&format!("#spot-accounts tr[data-key='{id}']"))
            .await?;
        let mut moved = serde_json::Value::Null;
        for _ in 0..50 {
            moved = p
                .js(&format!(
                    "const v = document.querySelector('#spot-account').value; \
                     return v.startsWith('act-') && v !== '{id}' && !location.search.includes('{id}') \
                     ? null : [v, location.search]"
                ))
                .await?;
            if moved.is_null() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        ensure(
            moved.is_null(),
            format!("the deleted account stays chosen (switcher, address): {moved}"),
        )
    })
}

fn policy_statement<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/org/policies", &["spot"]).await?;
        p.wait_for("#spot-policy-form").await?;
        // Nothing filled: every problem named beside its field, nothing sent.
        p.click("#spot-policy-send").await?;
        p.wait_text("#spot-policy-form", "Name the policy.").await?;
        p.wait_text("#spot-policy-form", "List at least one action")
            .await?;
        p.wait_text("#spot-policy-form", "List at least one resource")
            .await?;
        let name = format!("e2e-policy-{}", unique());
        p.fill("#spot-policy-name", &name).await?;
        p.set("#spot-statement-0-actions", "everything").await?;
        p.set("#spot-statement-0-resources", "*").await?;
        p.click("#spot-policy-send").await?;
        p.wait_text("#spot-policy-form", "\"everything\" is not an action")
            .await?;
        p.set(
            "#spot-statement-0-actions",
            "ocean:*\nelastigroup:describe*",
        )
        .await?;
        p.select("#spot-statement-0-effect", "DENY").await?;
        p.click("#spot-policy-send").await?;
        p.wait_text("#spot-policy-saved", &name).await?;
        let row = format!("#spot-policies-table tr[data-key='{name}']");
        let statements = format!("{row} td:nth-child(4)");
        p.wait_text(&statements, "1").await?;

        // Edited: a second statement.
        let id = p
            .client
            .execute(
                "return document.querySelector(arguments[0] + ' button').id.replace('spot-policy-edit-', '')",
                vec![serde_json::json!(row)],
            )
            .await?;
        let id = id.as_str().unwrap_or_default().to_string();
        p.click(&format!("#spot-policy-edit-{id}")).await?;
        p.wait_text("#spot-policy-form h4", "Edit policy").await?;
        let effect = p
            .js("return document.querySelector('#spot-statement-0-effect').value")
            .await?;
        ensure(
            effect == "DENY",
            format!("the statement's effect was not loaded: {effect}"),
        )?;
        p.click("#spot-statement-add").await?;
        p.set("#spot-statement-1-actions", "ocean:describe*")
            .await?;
        p.set("#spot-statement-1-resources", "*").await?;
        p.click("#spot-policy-send").await?;
        p.wait_text("#spot-policy-saved", &name).await?;
        p.wait_text(&statements, "2").await?;

        p.click(&format!("#spot-policy-delete-{id}")).await?;
        p.fill(".dialog .confirm-input", &name).await?;
        p.click(".dialog .dialog-actions .btn.danger").await?;
        p.wait_text("#spot-policy-deleted", "Deleted").await?;
        p.wait_gone(&row).await
    })
}

fn access_assign_detach<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/org", &["spot"]).await?;
        p.wait_for("#spot-users-table").await?;
        let email = format!("e2e-access-{}@example.com", unique());
        p.fill("#spot-user-email", &email).await?;
        p.click("#spot-user-token").await?;
        p.click("#spot-user-create-send").await?;
        p.wait_text("#spot-user-created", &email).await?;
        ensure(
            p.client
                .find(fantoccini::Locator::Css("#spot-token-once"))
                .await
                .is_err(),
            "a token is shown though none was asked for",
        )?;
        p.click("#spot-org-tab-access").await?;
        let row = format!("#spot-access-users tr[data-key='{email}'] td:nth-child(3)");
        p.wait_text(&row, "no").await?;
        p.select("#spot-access-user", &email).await?;
        p.select("#spot-access-change", "assign").await?;
        p.select("#spot-access-role", "editor").await?;
        p.click("#spot-access-send").await?;
        p.wait_text(
            "#spot-access-words",
            &format!("{email} gets the editor role in account act-"),
        )
        .await?;
        p.click(".dialog .dialog-actions .btn.primary").await?;
        p.wait_text("#spot-access-done", "Spot accepted the change")
            .await?;
        p.wait_text(&row, "yes").await?;

        p.select("#spot-access-change", "detach").await?;
        p.click("#spot-access-send").await?;
        p.wait_text("#spot-access-words", "loses all access")
            .await?;
        let confirm = ".dialog .dialog-actions .btn.danger";
        ensure(
            p.js(&format!(
                "return document.querySelector('{confirm}').disabled"
            ))
            .await?
                == serde_json::json!(true),
            "detach is offered before the email is typed",
        )?;
        p.fill(".dialog .confirm-input", &email).await?;
        p.click(confirm).await?;
        p.wait_text("#spot-access-done", "Spot accepted the change")
            .await?;
        p.wait_text(&row, "no").await?;
        Ok(())
    })
}
