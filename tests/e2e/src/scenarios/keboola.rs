//! Keboola Provisioning through the browser: SQL credentials end to end, docker sandboxes as
//! queue jobs (followed across navigation and a reload), transformation sandboxes, async drop,
//! a failed job, input checked before sending, and an error with no documented body.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::{ensure, fail, Error, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "keboola: SQL credentials created (get-or-create explained), listed, detail with reveal and copy, extended, killed, dropped",
            run: sql_lifecycle,
        },
        Scenario {
            name: "keboola: killing a sandbox's processes clears its in-use flag",
            run: kill_in_use,
        },
        Scenario {
            name: "keboola: async sandbox polled to success across navigation and a reload, then opened",
            run: sandbox_job,
        },
        Scenario {
            name: "keboola: transformation sandbox needs its three ids, runs, and is dropped asynchronously",
            run: transformation_and_async_drop,
        },
        Scenario {
            name: "keboola: a failed job is shown in words",
            run: failed_job,
        },
        Scenario {
            name: "keboola: input mapping that is not JSON is refused before sending",
            run: bad_input_mapping,
        },
        Scenario {
            name: "keboola: an empty error body reads as the status, with retry",
            run: empty_error_body,
        },
    ]
}

/// Waits up to `secs` for an element matching `css` to contain `text` (jobs take seconds).
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

/// Waits until `css`'s text differs from `before`; returns the new text.
async fn wait_changed(p: &Page, css: &str, before: &str) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = p.text(css).await?;
        if now != before {
            return Ok(now);
        }
        if Instant::now() > deadline {
            return fail(format!("{css} still reads {before:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Confirms the open dialog (typing `typed` first when the dialog asks for it).
async fn confirm(p: &Page, typed: Option<&str>) -> Outcome {
    if let Some(t) = typed {
        p.fill(".dialog .confirm-input", t).await?;
    }
    p.click(".dialog .btn.danger").await?;
    p.wait_gone(".dialog").await
}

/// The id a job row's "Open sandbox" link leads to, once the job has succeeded.
async fn open_new_sandbox(p: &Page, what: &str) -> Result<String, Error> {
    let row = wait_long(p, ".kb-job", what, 60).await?;
    ensure(row.contains(what), "job row")?;
    let text = wait_long(p, ".kb-job", "is ready.", 60).await?;
    let id = text
        .split("Sandbox ")
        .nth(1)
        .and_then(|s| s.split(" is ready").next())
        .unwrap_or_default()
        .to_string();
    ensure(!id.is_empty(), format!("no sandbox id in {text:?}"))?;
    p.click_text("Open sandbox").await?;
    p.wait_text("h1", &format!("credentials {id}")).await?;
    ensure(
        p.path().await? == format!("/keboola/docker/{id}"),
        "Open sandbox led elsewhere",
    )?;
    Ok(id)
}

fn sql_lifecycle<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola", &["keboola"]).await?;
        // The backend tab and the type choice live in the address.
        p.click("#kb-tab-mysql").await?;
        p.wait_for("#kb-type")
            .await?
            .select_by_value("sandbox")
            .await?;
        p.wait_text("#kb-current h2", "MySQL · sandbox").await?;
        ensure(
            p.client.current_url().await?.query() == Some("backend=mysql&type=sandbox"),
            "the type is not in the address",
        )?;
        p.wait_text("#kb-none", "No sandbox credentials on MySQL yet.")
            .await?;

        p.click("#kb-create").await?;
        p.wait_text("#kb-create-result", "New sandbox credentials created")
            .await?;
        let id = p.text("#kb-current-id").await?;
        p.wait_text("#kb-current-inuse", "idle").await?;
        // Asking again returns the same credentials, and the page says why.
        p.click("#kb-create").await?;
        p.wait_text(
            "#kb-create-result",
            "returned the existing sandbox credentials",
        )
        .await?;
        p.wait_text("#kb-create-result", &id).await?;

        p.click("#kb-open-current").await?;
        p.wait_text("h1", &format!("MySQL credentials {id}"))
            .await?;
        let hidden = p.text("#kb-password-value").await?;
        ensure(
            hidden.starts_with("••••"),
            format!("password shown before reveal: {hidden}"),
        )?;
        p.wait_text("#kb-snippet-0", "mysql --host=").await?;
        p.wait_text("#kb-snippet-1", "password=<password>").await?;
        p.click("#kb-reveal").await?;
        let password = wait_changed(p, "#kb-password-value", &hidden).await?;
        ensure(
            password.len() >= 8,
            format!("revealed password {password:?}"),
        )?;
        p.wait_text("#kb-snippet-1", &format!("password={password}"))
            .await?;
        p.click_text("Copy password").await?;
        p.wait_text("#kb-password", "Copied").await?;
        p.click_text("Copy host").await?;
        p.wait_text("#kb-host", "Copied").await?;

        let touch = p.text("#kb-touch").await?;
        p.fill("#kb-run-id", "e2e-run-1").await?;
        p.click("#kb-extend").await?;
        p.wait_text("#kb-note", "Validity extended: last touch is now")
            .await?;
        let after = wait_changed(p, "#kb-touch", &touch).await?;
        ensure(
            p.text("#kb-note").await?.contains(&after),
            "the note and the detail disagree on the touch",
        )?;

        // Moving to other credentials in the same page (a link, no reload): the note about the
        // previous ones and the reveal do not carry over.
        let other = p
            .js("return fetch('/api/keboola/mysql?type=transformations',
                     { headers: { 'X-StorageApi-Token': 'keboola-demo-token' } })
                   .then(r => r.json()).then(b => b.id);")
            .await?;
        let other = other.as_str().unwrap_or_default().to_string();
        ensure(
            !other.is_empty() && other != id,
            format!("seeded credentials id {other:?}"),
        )?;
        p.click("#kb-reveal").await?;
        p.js(&format!(
            "const a = document.createElement('a'); a.href = '/keboola/mysql/{other}'; a.id = 'e2e-other';
             a.textContent = 'other'; document.querySelector('main').append(a);"
        ))
        .await?;
        p.click("#e2e-other").await?;
        p.wait_text("h1", &format!("MySQL credentials {other}"))
            .await?;
        p.wait_for("#kb-password-value").await?;
        ensure(
            p.js("return document.querySelector('#kb-note') === null")
                .await?
                == json!(true),
            "the previous credentials' note is still shown",
        )?;
        ensure(
            p.text("#kb-password-value").await?.starts_with("••••"),
            "the password of the new credentials is shown without asking",
        )?;
        p.client.back().await?;
        p.wait_text("h1", &format!("MySQL credentials {id}"))
            .await?;

        p.click("#kb-kill").await?;
        p.wait_text(".dialog", "Every running query and session")
            .await?;
        confirm(p, None).await?;
        p.wait_text(
            "#kb-note",
            "Every process using these credentials was terminated.",
        )
        .await?;

        p.click("#kb-drop").await?;
        p.wait_text(".dialog", "cannot be undone").await?;
        confirm(p, Some(&id)).await?;
        p.wait_text(".toaster", &format!("Credentials {id} were dropped."))
            .await?;
        p.wait_text("#kb-current h2", "MySQL").await?;
        p.wait_for("#kb-type")
            .await?
            .select_by_value("sandbox")
            .await?;
        p.wait_text("#kb-none", "No sandbox credentials on MySQL yet.")
            .await?;
        Ok(())
    })
}

fn kill_in_use<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola?backend=snowflake&type=sandbox", &["keboola"])
            .await?;
        p.wait_text("#kb-current-inuse", "in use").await?;
        p.click("#kb-open-current").await?;
        p.wait_text("#kb-inuse", "in use").await?;
        p.wait_text("#kb-snippet-0", "snowsql").await?;
        p.wait_text("#kb-snippet-1", "jdbc:snowflake://").await?;
        p.click("#kb-kill").await?;
        confirm(p, None).await?;
        p.wait_text("#kb-inuse", "idle").await?;
        Ok(())
    })
}

fn sandbox_job<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola?backend=docker", &["keboola"])
            .await?;
        p.wait_for("#kb-sandbox-type")
            .await?
            .select_by_value("jupyter")
            .await?;
        // "slow" keeps the emulator's job running long enough to leave and reload.
        p.fill(
            "#kb-script",
            "# slow: load the orders table\nprint('hello')",
        )
        .await?;
        p.fill("#kb-input", "[]").await?;
        p.click("#kb-sandbox-create").await?;
        p.wait_text(".kb-job", "New jupyter sandbox").await?;
        p.wait_text(".kb-job", "The job is").await?;

        // Leave the area and come back: the job is still followed.
        p.click("#nav-connections").await?;
        p.wait_for("main h1").await?;
        p.click("#nav-keboola").await?;
        p.wait_text(".kb-job", "New jupyter sandbox").await?;
        // Reload while it runs: still there, still running.
        p.client.refresh().await?;
        let row = p.wait_text(".kb-job", "New jupyter sandbox").await?;
        ensure(
            row.contains("The job is") && !row.contains("is ready"),
            format!("after the reload the job reads {row:?}"),
        )?;
        ensure(
            row.contains("Polled at /api/keboola-queue/queue/job/"),
            format!("the job is not polled on the queue base: {row:?}"),
        )?;

        let id = open_new_sandbox(p, "New jupyter sandbox").await?;
        p.wait_text("#kb-port", "83").await?;
        p.wait_text("#kb-snippet-0", "http://").await?;
        // Docker sandboxes are extended like the rest, but never killed.
        p.click("#kb-extend").await?;
        p.wait_text("#kb-note", "Validity extended").await?;
        ensure(
            p.client
                .find_all(fantoccini::Locator::Css("#kb-kill"))
                .await?
                .is_empty(),
            "kill offered for docker",
        )?;
        // The list for the type shows the newest sandbox.
        p.open("/keboola?backend=docker&type=jupyter").await?;
        p.wait_text("#kb-current-id", &id).await?;
        Ok(())
    })
}

fn transformation_and_async_drop<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola?backend=docker", &["keboola"])
            .await?;
        let before = stack
            .hits("keboola", |m, r| {
                m == "POST" && r == "/async/{backend}/transformation"
            })
            .await?;
        p.fill("#kb-tr-config", "12345").await?;
        p.click("#kb-tr-create").await?;
        p.wait_text(
            "#kb-transformation-form",
            "Configuration version is required.",
        )
        .await?;
        p.wait_text("#kb-transformation-form", "Row id is required.")
            .await?;
        ensure(
            stack
                .hits("keboola", |m, r| {
                    m == "POST" && r == "/async/{backend}/transformation"
                })
                .await?
                == before,
            "an incomplete transformation sandbox was sent",
        )?;
        p.fill("#kb-tr-version", "4").await?;
        p.fill("#kb-tr-row", "6789").await?;
        p.click("#kb-tr-create").await?;
        let id = open_new_sandbox(
            p,
            "Transformation sandbox of configuration 12345 (row 6789)",
        )
        .await?;

        p.click("#kb-drop").await?;
        p.wait_text(".dialog", "Starts a job that deletes this sandbox")
            .await?;
        confirm(p, Some(&id)).await?;
        p.wait_text("#kb-note", "Drop requested: job").await?;
        let what = format!("Drop sandbox {id}");
        wait_long(p, ".kb-job", &what, 30).await?;
        wait_long(p, ".kb-job", &format!("Sandbox {id} was dropped."), 60).await?;
        p.open(&format!("/keboola/docker/{id}")).await?;
        p.wait_text(".notice.error", "answered 404").await?;
        Ok(())
    })
}

fn failed_job<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola?backend=docker&type=rstudio", &["keboola"])
            .await?;
        p.fill("#kb-script", "stop('fail on purpose')").await?;
        p.click("#kb-sandbox-create").await?;
        let text = wait_long(
            p,
            ".kb-job-failure",
            "The job failed: Loading the script into the sandbox failed",
            60,
        )
        .await?;
        ensure(!text.contains("is ready"), "a failed job reads as ready")?;
        p.wait_text(".kb-job", "error").await?;
        Ok(())
    })
}

fn bad_input_mapping<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/keboola?backend=docker&type=rstudio", &["keboola"])
            .await?;
        let before = stack
            .hits("keboola", |m, r| m == "POST" && r == "/async/{backend}")
            .await?;
        let jobs = p
            .client
            .find_all(fantoccini::Locator::Css(".kb-job"))
            .await?
            .len();
        p.fill("#kb-input", "[{\"source\": \"in.c-main.orders\"")
            .await?;
        p.click("#kb-sandbox-create").await?;
        p.wait_text("#kb-input-error", "The input mapping is not valid JSON")
            .await?;
        p.fill("#kb-input", "{\"tables\": []}").await?;
        p.wait_text("#kb-input-error", "must be a JSON array")
            .await?;
        p.click("#kb-sandbox-create").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure(
            stack
                .hits("keboola", |m, r| m == "POST" && r == "/async/{backend}")
                .await?
                == before,
            "the invalid input mapping was sent",
        )?;
        let after = p
            .client
            .find_all(fantoccini::Locator::Css(".kb-job"))
            .await?
            .len();
        ensure(after == jobs, "a job was started")?;
        let typed = p
            .js("return document.querySelector('#kb-input').value")
            .await?;
        ensure(
            typed == json!("{\"tables\": []}"),
            "the typed mapping was lost",
        )?;
        Ok(())
    })
}

fn empty_error_body<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({"api": "keboola", "method": "GET", "route": "/{backend}", "status": 503, "body": "", "times": 1})),
            )
            .await?;
        p.open_connected("/keboola?backend=mysql&type=transformations", &["keboola"])
            .await?;
        p.wait_text(
            "#kb-current .notice.error",
            "Keboola Provisioning answered 503",
        )
        .await?;
        p.click("#kb-current .notice.error .retry").await?;
        p.wait_text("#kb-current-inuse", "idle").await?;
        Ok(())
    })
}
