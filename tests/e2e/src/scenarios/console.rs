//! The console as one: the command palette, the request log, the keyboard, and lists whose
//! view is in the address.

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::{ensure, fail, Error, Page, Scenario, ScenarioFuture, Stack, DEMO};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "console: the palette, keyboard only, finds a Spot operation by a word of its title and opens its form",
            run: palette_operation,
        },
        Scenario {
            name: "console: the palette finds a resource seen earlier by part of its id",
            run: palette_resource,
        },
        Scenario {
            name: "console: the request log shows an injected 500 with a curl that holds no token",
            run: request_log_failure,
        },
        Scenario {
            name: "console: a filtered, sorted, paged list reloaded shows the same rows; / and g jump",
            run: list_in_address,
        },
        Scenario {
            name: "console: palette actions, keyboard only: a new backup for an instance seen, a switch to a Spot account seen, Forget all confirmed",
            run: palette_actions,
        },
    ]
}

/// Presses keys on whatever has the focus.
async fn keys(p: &Page, text: &str) -> Result<(), Error> {
    p.client.active_element().await?.send_keys(text).await?;
    Ok(())
}

async fn focused_id(p: &Page) -> Result<String, Error> {
    Ok(
        p.js("return document.activeElement && document.activeElement.id || ''")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Waits until the element with this id has the focus.
async fn wait_focus(p: &Page, id: &str) -> Result<(), Error> {
    for _ in 0..50 {
        if focused_id(p).await? == id {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    fail(format!(
        "#{id} did not get the focus (it is on {:?})",
        focused_id(p).await?
    ))
}

/// Opens the palette with Ctrl+K and waits for its search box to have the focus.
async fn open_palette(p: &Page) -> Result<(), Error> {
    keys(p, &format!("{}k{}", Key::Control, Key::Null)).await?;
    p.wait_for("#palette-input").await?;
    wait_focus(p, "palette-input").await
}

fn palette_operation<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/", &["spot"]).await?;
        p.wait_text("h1", "Overview").await?;
        // The header's button opens it too; Escape closes it and the focus goes back.
        p.click("#palette-open").await?;
        p.wait_for("#palette[role=dialog] #palette-input[role=combobox]")
            .await?;
        wait_focus(p, "palette-input").await?;
        keys(p, &Key::Escape.to_string()).await?;
        p.wait_gone("#palette").await?;
        // The focus went back to the Search button.
        wait_focus(p, "palette-open").await?;
        open_palette(p).await?;
        keys(p, "simulate").await?;
        p.wait_text(
            "#palette-list [role=option][aria-selected=true]",
            "Simulate an Instance Interruption",
        )
        .await?;
        // Grouped by API (the heading is shown in capitals).
        p.wait_text("#palette-list .palette-group", "SPOT").await?;
        keys(p, &Key::Enter.to_string()).await?;
        p.wait_path("/spot/ops/elastigroup-aws/simulate-an-instance-interruption")
            .await?;
        p.wait_text("#spot-op-title", "Simulate an Instance Interruption")
            .await?;
        p.wait_for("#spot-send").await?;
        p.wait_gone("#palette").await?;
        Ok(())
    })
}

fn palette_resource<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text("#spot-accounts", "production").await?;
        // An account id the table shows, e.g. act-1a2b3c4d: searched by a part of it.
        let ids = p.text("#spot-accounts tbody").await?;
        let Some(id) = ids
            .split_whitespace()
            .find(|w| w.starts_with("act-") && w.len() > 8)
        else {
            return fail(format!("no account id in {ids:?}"));
        };
        let part = &id[4..id.len() - 1];
        p.click("#nav-a9s").await?;
        p.wait_path("/a9s").await?;
        open_palette(p).await?;
        keys(p, part).await?;
        p.wait_text("#palette-list", id).await?;
        let found = p
            .wait_text(
                "#palette-list [role=option][aria-selected=true][data-kind=Resource]",
                id,
            )
            .await?;
        ensure(
            found.contains("/spot/accounts"),
            format!("the resource says where it was seen: {found:?}"),
        )?;
        keys(p, &Key::Enter.to_string()).await?;
        p.wait_path("/spot/accounts").await?;
        p.wait_text("#spot-accounts", id).await?;
        Ok(())
    })
}

fn request_log_failure<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        stack.fail_once("spot", "/setup/account", 500).await?;
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text(".notice.error", "Spot answered 500").await?;
        p.click("#nav-requests").await?;
        p.wait_path("/requests").await?;
        p.select("#rl-status", "failed").await?;
        let row = p
            .wait_text("#requests .reqlog-entry.failed summary", "500")
            .await?;
        ensure(
            row.contains("GET") && row.contains("/setup/account"),
            format!("the failed request reads method and path: {row:?}"),
        )?;
        ensure(
            p.client.current_url().await?.query() == Some("status=failed"),
            "the filter is in the address",
        )?;
        p.click("#requests .reqlog-entry.failed summary").await?;
        let curl = p.text("#requests .reqlog-entry.failed pre.curl").await?;
        let token = DEMO.iter().find(|(a, _)| *a == "spot").map(|(_, t)| *t);
        ensure(
            curl.contains("$OPSDECK_TOKEN") && token.is_some_and(|t| !curl.contains(t)),
            format!("the curl command holds a placeholder, not the token: {curl}"),
        )?;
        p.click("#requests .reqlog-entry.failed .rl-body-toggle")
            .await?;
        p.wait_text("#requests .reqlog-entry.failed .rl-body", "Injected fault")
            .await?;
        // The answer that followed is logged too, and not as a failure.
        p.select("#rl-status", "").await?;
        p.click("#nav-spot").await?;
        p.wait_text("#spot-accounts", "production").await?;
        p.click("#nav-requests").await?;
        p.wait_for("#requests .reqlog-entry:not(.failed)").await?;
        Ok(())
    })
}

/// The rows the accounts table shows, in order.
async fn rows(p: &Page) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for r in p
        .client
        .find_all(Locator::Css("#spot-accounts tbody tr"))
        .await?
    {
        out.push(r.text().await?);
    }
    Ok(out)
}

fn list_in_address<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text("#spot-accounts", "production").await?;
        // Spot answers with 80 accounts for this scenario (put back at its end).
        let items: Vec<Value> = (0..80)
            .map(|i| json!({ "name": format!("team {} {i:02}", ["red", "blue"][i % 2]), "accountId": format!("act-{i:05}") }))
            .collect();
        stack.list_spot_accounts(p, items).await?;
        let outcome = async {
            p.open("/spot/accounts").await?;
            p.wait_text("#spot-accounts", "team red 00").await?;
            // `/` focuses the filter.
            p.click("main h1").await?;
            keys(p, "/").await?;
            ensure(
                p.js("return document.activeElement.classList.contains('table-filter')")
                    .await?
                    == json!(true),
                "/ focuses the list's filter",
            )?;
            keys(p, "blue").await?;
            p.wait_text("#spot-accounts .count", "of 40").await?;
            // Sorted by account name, descending, then the second page.
            let account =
                "//th/button[contains(@class,'th-sort')][normalize-space(text()[1])='Account']";
            for _ in 0..2 {
                p.client
                    .find(Locator::XPath(account))
                    .await?
                    .click()
                    .await?;
            }
            p.click_text("Next").await?;
            p.wait_text("#spot-accounts .count", "26–40 of 40").await?;
            let before = rows(p).await?;
            ensure(
                before.first().is_some_and(|r| r.contains("team blue 29")),
                format!("descending by name, second page: {before:?}"),
            )?;
            let url = p.client.current_url().await?;
            let query = url.query().unwrap_or_default().to_string();
            ensure(
                query.contains("spot-accounts-filter=blue")
                    && query.contains("spot-accounts-sort=-account")
                    && query.contains("spot-accounts-page=2"),
                format!("the view is in the address: {query}"),
            )?;
            p.client.refresh().await?;
            p.wait_text("#spot-accounts .count", "26–40 of 40").await?;
            ensure(rows(p).await? == before, "the same rows after a reload")?;
            let filter = p
                .wait_for("#spot-accounts .table-filter")
                .await?
                .prop("value")
                .await?;
            ensure(
                filter.as_deref() == Some("blue"),
                "the filter box shows the filter",
            )?;
            // `g` then a letter opens an area.
            p.click("main h1").await?;
            keys(p, "ga").await?;
            p.wait_path("/a9s").await?;
            Ok::<(), Error>(())
        }
        .await;
        stack.control("DELETE", "/__emulator/faults", None).await?;
        outcome
    })
}

/// Opens the palette, types `query` and opens the selected result once it holds `title`.
async fn choose(p: &Page, query: &str, title: &str) -> Result<(), Error> {
    open_palette(p).await?;
    keys(p, query).await?;
    p.wait_text(
        "#palette-list [role=option][aria-selected=true][data-kind=Action]",
        title,
    )
    .await?;
    keys(p, &Key::Enter.to_string()).await
}

fn palette_actions<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/a9s", &["a9s", "spot"]).await?;
        p.fill("#a9s-new-id", "kv-sessions").await?;
        p.click("#a9s-add").await?;
        p.wait_for(".a9s-item[data-id='kv-sessions']").await?;
        // A new backup for the instance added: its backups, where "Create backup" is.
        p.click("main h1").await?;
        choose(p, "backup kv", "New backup for kv-sessions").await?;
        p.wait_path("/a9s/instances/kv-sessions/backups").await?;
        p.wait_for("#a9s-create-backup").await?;
        p.wait_gone("#palette").await?;

        // A switch to an account the accounts list named, from the Elastigroups page (reached
        // inside the app: the request log is this tab's memory).
        p.open("/spot/accounts").await?;
        p.wait_text("#spot-accounts", "staging").await?;
        p.click_text("Elastigroups").await?;
        p.wait_text("#spot-groups", "web-frontend").await?;
        choose(p, "switch staging", "Switch Spot account to staging").await?;
        p.wait_path("/spot/elastigroups").await?;
        p.wait_text("#spot-groups", "web-frontend-staging").await?;
        let url = p.client.current_url().await?;
        ensure(
            url.query()
                .unwrap_or_default()
                .contains("account=act-5e6f7a8b"),
            format!("the staging account is in the address: {url}"),
        )?;

        // Forget all: confirmed with Enter on the confirmation, which has the focus.
        choose(p, "forget", "Forget all credentials").await?;
        p.wait_text(".dialog h2", "Forget all credentials?").await?;
        let focused = p
            .js("return document.activeElement && document.activeElement.textContent || ''")
            .await?;
        ensure(
            focused == json!("Forget all"),
            format!("the confirmation's button has the focus, not {focused}"),
        )?;
        keys(p, &Key::Enter.to_string()).await?;
        p.wait_gone("#palette").await?;
        p.wait_text(".toaster", "Every credential was forgotten.")
            .await?;
        let left = p
            .js("return sessionStorage.getItem('opsdeck.connections') || ''")
            .await?;
        ensure(
            !left.as_str().unwrap_or_default().contains("demo-token"),
            format!("a token is still saved: {left}"),
        )?;
        Ok(())
    })
}
