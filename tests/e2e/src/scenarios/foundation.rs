//! The shell, the Connections page, credential storage, and how failures read.

use serde_json::json;

use crate::{ensure, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "shell: every area opens without console errors",
            run: every_area_opens,
        },
        Scenario {
            name: "shell: deep link survives a reload",
            run: deep_link_reload,
        },
        Scenario {
            name: "shell: area code arrives on first visit; an unreachable chunk reads in words",
            run: lazy_areas,
        },
        Scenario {
            name: "shell: a deep link requests its config and its area's code (on an explorer page, Spot's catalog or its operation's slice too) before the main module starts, once each",
            run: early_requests,
        },
        Scenario {
            name: "shell: unknown page says not found",
            run: not_found,
        },
        Scenario {
            name: "connections: test connection for all five APIs",
            run: test_all_connections,
        },
        Scenario {
            name: "connections: token saved without remember lives in sessionStorage",
            run: session_by_default,
        },
        Scenario {
            name: "connections: remember survives a new browser session; forget all wipes",
            run: remember_and_forget,
        },
        Scenario {
            name: "connections: bad input is refused next to the field",
            run: bad_input,
        },
        Scenario {
            name: "errors: a refused token opens that API's settings over the page",
            run: wrong_token,
        },
        Scenario {
            name: "errors: server error and timeout read in words, with retry",
            run: server_error_and_timeout,
        },
    ]
}

fn every_area_opens<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/").await?;
        p.wait_text("h1", "Overview").await?;
        for (nav, path) in [
            ("#nav-dm", "/deployment-manager"),
            ("#nav-solutions", "/solutions"),
            ("#nav-a9s", "/a9s"),
            ("#nav-keboola", "/keboola"),
            ("#nav-spot", "/spot"),
            ("#nav-connections", "/connections"),
        ] {
            p.click(nav).await?;
            p.wait_path(path).await?;
            p.wait_for("main h1").await?;
        }
        // Not connected yet: the header says so in words.
        p.wait_text("#status-spot", "not connected").await?;
        Ok(())
    })
}

/// The `.wasm` files the page has fetched so far.
async fn wasm_fetched(p: &Page) -> Result<Vec<String>, crate::Error> {
    let v = p
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm'));")
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(String::from))
        .collect())
}

fn lazy_areas<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/").await?;
        p.wait_text("h1", "Overview").await?;
        let first = wasm_fetched(p).await?;
        // The main module, and the Overview's chunk (the home page is lazy too) with the
        // chunk of the code it shares with the areas; no area's own chunk, nor the code only
        // areas share.
        let shared = |files: &[String]| files.iter().filter(|n| n.contains("-chunk_")).count();
        ensure(
            first.iter().filter(|n| n.ends_with("_bg.wasm")).count() == 1
                && shared(&first) == 1
                && first
                    .iter()
                    .any(|n| n.ends_with("-split_overview_area.wasm"))
                && !first.iter().any(|n| {
                    ["dm", "solutions", "a9s", "keboola", "spot"]
                        .iter()
                        .any(|a| n.ends_with(&format!("-split_{a}_area.wasm")))
                }),
            format!("the first load fetched these wasm files: {first:?}"),
        )?;

        // The network drops before the operator opens an area: the page says so, the app lives.
        p.js("window.__fetch = window.fetch;
              window.fetch = (url, init) => String(url).endsWith('.wasm')
                ? Promise.reject(new TypeError('network down (test)'))
                : window.__fetch(url, init);")
            .await?;
        p.click("#nav-keboola").await?;
        p.wait_text("#chunk-failed", "could not be loaded").await?;
        let logged = p.console_errors().await?;
        ensure(
            logged.iter().all(|e| e.contains("network down (test)")),
            format!("expected only the failed fetch in the log, got {logged:?}"),
        )?;

        // Back online: the notice's Reload button fetches the area and shows it.
        p.js("window.fetch = window.__fetch;").await?;
        p.click("#chunk-failed button").await?;
        p.wait_text("main h1", "Keboola").await?;
        let fetched = wasm_fetched(p).await?;
        ensure(
            fetched
                .iter()
                .any(|n| n.ends_with("-split_keboola_area.wasm"))
                && !fetched.iter().any(|n| n.contains("-split_dm_area"))
                && shared(&fetched) == 2,
            format!("after opening Keboola the page fetched {fetched:?}"),
        )?;
        Ok(())
    })
}

fn early_requests<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text("#spot-accounts", "production").await?;
        let requests = requested(p).await?;
        let count = |end: &str| requests.iter().filter(|(n, _)| n.ends_with(end)).count();
        ensure(
            count("config.json") == 1 && count("-split_spot_area.wasm") == 1,
            format!("expected config.json and Spot's chunk once each, got {requests:?}"),
        )?;
        early(&requests, |n| !n.starts_with("spot-catalog-"))?;
        // The accounts page reads Spot's catalog (for its writes) after it starts, once.
        ensure(
            count(".json") - count("config.json") <= 1,
            format!("Spot's catalog requested more than once: {requests:?}"),
        )?;
        // The explorer's list needs it at once: it is asked for as early as the rest, once.
        p.open("/spot/ops").await?;
        p.wait_for("#spot-ops li").await?;
        let requests = requested(p).await?;
        early(&requests, |_| true)?;
        ensure(
            requests
                .iter()
                .filter(|(n, _)| n.starts_with("spot-catalog-"))
                .count()
                == 1,
            format!("expected Spot's catalog once, got {requests:?}"),
        )?;
        // An operation's form needs only its operation's slice of it: asked for as early, once;
        // the whole catalog follows at most once, later.
        p.open("/spot/ops/elastigroup-aws/create-elastigroup")
            .await?;
        p.wait_for("#spot-send").await?;
        let requests = requested(p).await?;
        early(&requests, |n| !n.starts_with("spot-catalog-"))?;
        ensure(
            requests
                .iter()
                .filter(|(n, _)| n == "create-elastigroup.json")
                .count()
                == 1
                && requests
                    .iter()
                    .filter(|(n, _)| n.starts_with("spot-catalog-"))
                    .count()
                    <= 1,
            format!("expected the operation's slice once, got {requests:?}"),
        )?;
        // An address naming no operation has no slice: the whole catalog says there is none.
        p.open("/spot/ops/elastigroup-aws/no-such-operation")
            .await?;
        p.wait_text("main", "No Spot operation is at this address")
            .await?;
        Ok(())
    })
}

/// The config, the chunks and Spot's catalog (or an operation's slice of it) this page requested,
/// each with whether it was before the main module started (it marks when: src/main.rs).
async fn requested(p: &Page) -> Result<Vec<(String, bool)>, crate::Error> {
    let requests = p
        .js(
            "const main = performance.getEntriesByName('opsdeck-main')[0].startTime;
             return performance.getEntriesByType('resource')
               .filter(e => e.name.endsWith('/config.json') || e.name.includes('/spot-catalog-')
                 || (e.name.endsWith('.wasm') && !e.name.endsWith('_bg.wasm')))
               .map(e => [e.name.split('/').pop(), e.startTime < main]);",
        )
        .await?;
    Ok(serde_json::from_value(requests)?)
}

/// Fails if any of the `requests` `checked` names was asked for after the main module started.
fn early(requests: &[(String, bool)], checked: impl Fn(&str) -> bool) -> crate::Outcome {
    let late: Vec<_> = requests
        .iter()
        .filter(|(n, early)| checked(n) && !early)
        .collect();
    ensure(
        late.is_empty(),
        format!("requested after the main module started: {late:?}"),
    )
}

fn deep_link_reload<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text("#spot-accounts", "production").await?;
        p.client.refresh().await?;
        p.wait_text("#spot-accounts", "production").await?;
        ensure(
            p.path().await? == "/spot/accounts",
            "reload changed the page",
        )?;
        p.wait_text("#status-spot", "healthy").await?;
        Ok(())
    })
}

fn not_found<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/no/such/page").await?;
        p.wait_text("main", "Page not found").await?;
        p.wait_text("main", "/no/such/page").await?;
        Ok(())
    })
}

fn test_all_connections<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/connections").await?;
        for (api, token) in crate::DEMO {
            p.fill(&format!("#{api}-token"), token).await?;
            p.click(&format!("#{api}-test")).await?;
            p.wait_text(&format!("#{api}-result"), "Connected").await?;
            p.wait_text(&format!("#status-{api}"), "healthy").await?;
        }
        p.wait_text("#dm-result", "platform release 23.07").await?;
        p.wait_text("#spot-result", "2 accounts visible").await?;
        Ok(())
    })
}

fn session_by_default<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/connections").await?;
        let kind = p
            .js("return document.querySelector('#a9s-token').type")
            .await?;
        ensure(kind == json!("password"), "the token field is not masked")?;
        p.fill("#a9s-token", "a9s-demo-token").await?;
        p.click("#a9s-save").await?;
        p.wait_text("#conn-a9s", "A credential is saved.").await?;
        let value = p
            .js("return document.querySelector('#a9s-token').value")
            .await?;
        ensure(
            value == json!(""),
            "the saved token was put back into the page",
        )?;
        let session = p
            .js("return sessionStorage.getItem('opsdeck.connections') || ''")
            .await?;
        let local = p
            .js("return localStorage.getItem('opsdeck.connections')")
            .await?;
        ensure(
            session.as_str().unwrap_or("").contains("a9s-demo-token"),
            "token not in sessionStorage",
        )?;
        ensure(local.is_null(), format!("token in localStorage: {local}"))?;
        ensure(
            !p.path().await?.contains("token")
                && !p
                    .client
                    .current_url()
                    .await?
                    .as_str()
                    .contains("demo-token"),
            "token in the URL",
        )?;
        // A reload keeps it (same tab).
        p.client.refresh().await?;
        p.wait_text("#conn-a9s", "A credential is saved.").await?;
        Ok(())
    })
}

fn remember_and_forget<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let profile = std::env::temp_dir().join(format!("opsdeck-profile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let first = stack.page(Some(&profile)).await?;
        first.open("/connections").await?;
        first.click("#storage-local").await?;
        first.wait_text(".storage", "plain browser storage").await?;
        first.fill("#keboola-token", "keboola-demo-token").await?;
        first.click("#keboola-save").await?;
        first
            .wait_text("#conn-keboola", "A credential is saved.")
            .await?;
        let session = first
            .js("return sessionStorage.getItem('opsdeck.connections')")
            .await?;
        ensure(
            session.is_null(),
            "a remembered token was also left in sessionStorage",
        )?;
        first.close().await;

        let second = stack.page(Some(&profile)).await?;
        second.open("/connections").await?;
        second
            .wait_text("#conn-keboola", "A credential is saved.")
            .await?;
        second.click("#keboola-test").await?;
        second.wait_text("#keboola-result", "Connected").await?;
        second.click("#forget-all").await?;
        second.click_text("Forget all").await.ok();
        second
            .wait_for(".dialog .btn.danger")
            .await?
            .click()
            .await?;
        second
            .wait_text("#conn-keboola", "No credential saved.")
            .await?;
        let left = second
            .js("return Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter(k => k.startsWith('opsdeck.')).length")
            .await?;
        ensure(
            left == json!(0),
            format!("{left} opsdeck keys left after Forget all"),
        )?;
        *p = second;
        let _ = std::fs::remove_dir_all(&profile);
        Ok(())
    })
}

fn bad_input<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open("/connections").await?;
        p.fill("#spot-base-url", "api.spotinst.io").await?;
        p.fill("#spot-account", "12345").await?;
        p.click("#spot-test").await?;
        p.wait_text("#conn-spot", "Use an absolute http(s) URL")
            .await?;
        p.wait_text("#conn-spot", "A Spot account id looks like act-1a2b3c4d.")
            .await?;
        p.wait_text("#conn-spot", "Enter the API token.").await?;
        // What the user typed stays.
        let typed = p
            .js("return document.querySelector('#spot-base-url').value")
            .await?;
        ensure(
            typed == json!("api.spotinst.io"),
            "the typed base URL was lost",
        )?;
        Ok(())
    })
}

fn wrong_token<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/", &["spot"]).await?;
        p.js("const s = JSON.parse(sessionStorage.getItem('opsdeck.connections')); s.connections.spot.token = 'expired'; sessionStorage.setItem('opsdeck.connections', JSON.stringify(s));").await?;
        p.open("/spot/accounts").await?;
        p.wait_text("#reauth", "Spot needs a valid credential")
            .await?;
        p.wait_text(
            ".notice.error",
            "answered 401 (the credential is missing or no longer valid)",
        )
        .await?;
        p.wait_text("#status-spot", "credential refused").await?;
        p.fill("#reauth #spot-token", "spot-demo-token").await?;
        p.click("#reauth #spot-save").await?;
        p.wait_gone("#reauth").await?;
        p.click(".notice.error .retry").await?;
        p.wait_text("#spot-accounts", "production").await?;
        Ok(())
    })
}

fn server_error_and_timeout<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        stack.fail_once("spot", "/setup/account", 500).await?;
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.wait_text(
            ".notice.error",
            "Spot answered 500 (the server failed): Injected fault: Internal Server Error.",
        )
        .await?;
        p.wait_text("#status-spot", "failing").await?;
        p.click(".notice.error .retry").await?;
        p.wait_text("#spot-accounts", "production").await?;

        stack
            .control("POST", "/__emulator/faults", Some(json!({"api": "spot", "route": "/setup/account", "latency_ms": 6000, "times": 1})))
            .await?;
        p.open("/spot/accounts").await?;
        p.wait_text(
            ".notice.error",
            "Spot did not answer within 3 seconds, so the request was stopped.",
        )
        .await?;
        p.wait_text("#status-spot", "unreachable").await?;
        p.click(".notice.error .retry").await?;
        p.wait_text("#spot-accounts", "staging").await?;
        Ok(())
    })
}
