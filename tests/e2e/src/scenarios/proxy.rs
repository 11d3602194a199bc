//! The production path: the console behind Debian's nginx running `deploy/`'s recipe, with the
//! SSO stand-in in front and the emulator behind (see `crate::proxy`). One browser session.

use std::process::Stdio;

use serde_json::json;

use crate::proxy::{Proxy, SSO_COOKIE};
use crate::{ensure, fail, workspace_root, Outcome, Page, Scenario, ScenarioFuture, Stack, DEMO};

pub fn scenarios() -> Vec<Scenario> {
    vec![Scenario {
        name: "proxy: behind nginx and SSO every area loads with no credential in the browser; a session that ends mid-use says so and keeps the input",
        run: behind_sso,
    }]
}

fn behind_sso<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let proxy = Proxy::start(stack).await?;
        p.base = proxy.base.clone();
        let outcome = through(&proxy, p).await;
        let log = proxy.error_log();
        proxy.stop().await;
        outcome.map_err(|e| format!("{e}\nnginx error log:\n{log}").into())
    })
}

async fn through(proxy: &Proxy, p: &Page) -> Outcome {
    // The recipe's own check: headers and CSP nginx sends match the build in dist/.
    let root = workspace_root();
    let check = tokio::process::Command::new("bash")
        .arg(root.join("deploy/opsdeck-deploy"))
        .arg("check")
        .arg(&proxy.base)
        .arg(root.join("dist"))
        .arg(&proxy.config)
        .args(["-b", &proxy.session_cookie()])
        .env("OPSDECK_EMULATOR", crate::emulator_bin())
        .stdin(Stdio::null())
        .output()
        .await?;
    ensure(
        check.status.success(),
        format!(
            "deploy/opsdeck-deploy check failed:\n{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        ),
    )?;

    // No session yet: the SSO sign-in page, and back to the page asked for afterwards.
    p.client.goto(&p.url("/spot/accounts")).await?;
    p.wait_text("h1", "Sign in to continue").await?;
    ensure(
        p.path().await? == "/oauth2/sign_in",
        "an unauthenticated visit was not sent to the sign-in page",
    )?;
    p.click("#sso-sign-in").await?;
    p.wait_path("/spot/accounts").await?;
    p.wait_text("#spot-accounts", "production").await?;

    // Every request the page sends from now on, with its headers, read in the browser.
    p.js("window.__sent = [];
          const send = window.fetch;
          window.fetch = (input, init) => {
            const h = new Headers(input instanceof Request ? input.headers : undefined);
            if (init && init.headers) new Headers(init.headers).forEach((v, k) => h.set(k, v));
            window.__sent.push({ url: String(input instanceof Request ? input.url : input), headers: [...h.entries()] });
            return send(input, init);
          };
          sessionStorage.setItem('opsdeck.a9s.instances', JSON.stringify(['kv-sessions']));")
        .await?;
    for (nav, css, text) in [
        ("#nav-dm", "#dm-version", "23.07"),
        ("#nav-solutions", "#solutions-count", "Solutions 1–"),
        (
            "#nav-a9s",
            ".a9s-item[data-id='kv-sessions']",
            "sessions-cache",
        ),
        ("#nav-keboola", "#kb-current-id", "1"),
        ("#nav-spot", "#spot-accounts", "production"),
    ] {
        p.click(nav).await?;
        p.wait_text(css, text).await?;
    }
    for (api, _) in DEMO {
        p.wait_text(&format!("#status-{api}"), "healthy").await?;
    }
    let sent = p.js("return window.__sent;").await?;
    let sent = sent.as_array().cloned().unwrap_or_default();
    for api in [
        "/api/dm/",
        "/api/solutions/",
        "/api/a9s/",
        "/api/keboola/",
        "/api/spot/",
    ] {
        ensure(
            sent.iter()
                .any(|r| r["url"].as_str().unwrap_or("").contains(api)),
            format!("no request to {api} was seen: {sent:?}"),
        )?;
    }
    for r in &sent {
        for h in r["headers"].as_array().into_iter().flatten() {
            let name = h[0].as_str().unwrap_or("").to_ascii_lowercase();
            ensure(
                !["authorization", "token", "x-storageapi-token"].contains(&name.as_str())
                    && !h[1].as_str().unwrap_or("").contains("token"),
                format!("the page sent a credential header: {r}"),
            )?;
        }
    }

    // No credential anywhere the page can reach: storage, cookies, the document.
    let visible = p
        .js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie + document.documentElement.outerHTML;")
        .await?;
    let visible = visible.as_str().unwrap_or("");
    let cookies = p.client.get_all_cookies().await?;
    for (api, token) in DEMO {
        ensure(
            !visible.contains(token),
            format!("the {api} credential is in the browser"),
        )?;
        ensure(
            cookies.iter().all(|c| !c.value().contains(token)),
            format!("the {api} credential is in a cookie"),
        )?;
    }
    ensure(
        cookies.iter().all(|c| c.name() == SSO_COOKIE),
        format!(
            "cookies besides the SSO session: {:?}",
            cookies
                .iter()
                .map(|c| c.name().to_string())
                .collect::<Vec<_>>()
        ),
    )?;

    // The Connections page: managed by the proxy, nothing to paste.
    p.click("#nav-connections").await?;
    p.wait_text(
        "main",
        "This console runs behind a proxy that adds each API's credentials.",
    )
    .await?;
    let fields = p
        .js("return document.querySelectorAll('main input[type=password], main [id$=-token]').length")
        .await?;
    ensure(
        fields == json!(0),
        format!("{fields} token fields in proxy mode"),
    )?;

    // Forged credentials from the page go no further than the proxy. A valid token of another
    // Keboola project would show that project's credentials (it has no Snowflake sandbox).
    let forged = p
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const forged = { 'Token': 'forged', 'Authorization': 'Bearer forged', 'X-StorageApi-Token': 'keboola-second-project' };
             const urls = ['/api/keboola/snowflake?type=sandbox', '/api/dm/api/v1/control_plane/setup',
                           '/api/solutions/api/v2/solutions/deployed', '/api/a9s/v1/instances/kv-sessions/backups',
                           '/api/spot/setup/account'];
             Promise.all(urls.map(u => fetch(u, { headers: forged }).then(async r => [u, r.status, await r.text()])))
               .then(done, e => done(String(e)));",
            vec![],
        )
        .await?;
    let answers = forged.as_array().cloned().unwrap_or_default();
    ensure(
        answers.len() == 5,
        format!("forged requests failed: {forged}"),
    )?;
    for a in &answers {
        ensure(
            a[1] == json!(200),
            format!("with forged headers the proxy's credential was not used: {a}"),
        )?;
    }
    ensure(
        answers[0][2]
            .as_str()
            .unwrap_or("")
            .contains("SAPI_570_SAND"),
        format!(
            "the page's Keboola token reached the API: {}",
            answers[0][2]
        ),
    )?;

    // Mid-use the SSO session ends: one message over the page, what was typed stays.
    p.click("#nav-keboola").await?;
    p.click("#kb-tab-docker").await?;
    let script = "# kept across the sign-in\nprint('hello')";
    p.fill("#kb-script", script).await?;
    p.fill("#kb-input", "[]").await?;
    proxy.end_sessions();
    p.click("#kb-sandbox-create").await?;
    p.wait_text("#session-ended", "Your session ended — sign in again")
        .await?;
    p.wait_text("#status-keboola", "session ended").await?;
    let main = p.text("main").await?;
    ensure(
        !main.contains("could not read") && !main.contains("answered 401"),
        format!("the page shows errors besides the session notice: {main}"),
    )?;
    let kept = p
        .js("return document.querySelector('#kb-script').value")
        .await?;
    ensure(
        kept == json!(script),
        format!("the typed script was lost: {kept}"),
    )?;
    let here = p.js("return location.pathname + location.search").await?;
    let link = p
        .wait_for("#session-ended a.sign-in")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    ensure(
        json!(link) == here,
        format!("the sign-in link goes to {link}, not back to {here}"),
    )?;

    // Signing in again in a new tab (where the link opens) lets this tab carry on.
    let this_tab = p.client.window().await?;
    let tab = p.client.new_window(true).await?;
    p.client.switch_to_window(tab.handle).await?;
    p.client.goto(&p.url(&link)).await?;
    p.click("#sso-sign-in").await?;
    p.wait_for("#kb-sandbox-form").await?;
    p.client.close_window().await?;
    p.client.switch_to_window(this_tab).await?;
    p.click_text("Close").await?;
    p.wait_gone("#session-ended").await?;
    p.click("#kb-sandbox-create").await?;
    p.wait_text(".kb-job", "The job is").await?;
    if p.client
        .find(fantoccini::Locator::Css("#session-ended"))
        .await
        .is_ok()
    {
        return fail("the session notice came back after signing in");
    }
    Ok(())
}
