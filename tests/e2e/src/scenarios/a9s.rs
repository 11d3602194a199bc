//! The a9s Data Services area: every documented operation through the UI. Each scenario works
//! on its own instance or its own backups, so their order does not matter.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::{ensure, fail, Error, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "a9s: register instances; overview with state, updates and safe links",
            run: register_and_overview,
        },
        Scenario {
            name: "a9s: lifecycle actions are confirmed, accepted, then watched until settled",
            run: lifecycle,
        },
        Scenario {
            name: "a9s: a new backup goes from queued to done on screen; filter; download; 412 in words",
            run: backups,
        },
        Scenario {
            name: "a9s: restore confirmation names the backup and the rebind advice, then the restore runs",
            run: restore,
        },
        Scenario {
            name: "a9s: backup settings refuse a short key without sending; lowering retention warns",
            run: settings,
        },
        Scenario {
            name: "a9s: disaster recovery wizard from prepare to a finished restore",
            run: disaster_recovery,
        },
        Scenario {
            name: "a9s: metrics charts render points; quantity; the document's 11-digit timestamps are read",
            run: metrics,
        },
        Scenario {
            name: "a9s: point-in-time restore inside the range; explained where unavailable",
            run: pitr,
        },
        Scenario {
            name: "a9s: an injected 502 reads in words and retry recovers",
            run: bad_gateway,
        },
    ]
}

/// Opens a console path with the a9s credential and these instances registered.
async fn open(p: &Page, path: &str, instances: &[&str]) -> Outcome {
    p.open_connected("/", &["a9s"]).await?;
    p.client
        .execute(
            "sessionStorage.setItem('opsdeck.a9s.instances', arguments[0]);",
            vec![json!(json!(instances).to_string())],
        )
        .await?;
    p.open(path).await
}

/// The text of column `col` in the row of `table` whose first cell is `id`.
async fn cell(p: &Page, table: &str, id: &str, col: usize) -> Result<String, Error> {
    let v = p
        .js(&format!(
            "const r = [...document.querySelectorAll('{table} tbody tr')].find(tr => tr.cells.length > 1 && tr.cells[0].textContent.trim() === '{id}'); return r ? r.cells[{col}].textContent : '';"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn wait_cell(p: &Page, table: &str, id: &str, col: usize, text: &str) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let t = cell(p, table, id, col).await?;
        if t.contains(text) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return fail(format!("{table} row {id}: {t:?}, not {text:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn register_and_overview<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s", &[]).await?;
        p.wait_text("main", "No instances yet.").await?;
        for id in ["kv-sessions", "pg-orders-prod", "nope-missing"] {
            p.fill("#a9s-new-id", id).await?;
            p.click("#a9s-add").await?;
            p.wait_for(&format!(".a9s-item[data-id='{id}']")).await?;
        }
        // Names come from each overview; an unknown id says why in words.
        p.wait_text(".a9s-item[data-id='kv-sessions']", "sessions-cache")
            .await?;
        p.wait_text(".a9s-item[data-id='pg-orders-prod']", "available")
            .await?;
        p.wait_text(
            ".a9s-item[data-id='nope-missing']",
            "answered 404 (not found): Service instance nope-missing was not found.",
        )
        .await?;
        // A duplicate is refused next to the field.
        p.fill("#a9s-new-id", "kv-sessions").await?;
        p.click("#a9s-add").await?;
        p.wait_text(".field-error", "already in the list").await?;
        p.click(".a9s-item[data-id='nope-missing'] .a9s-remove")
            .await?;
        p.wait_gone(".a9s-item[data-id='nope-missing']").await?;
        // The list survives a reload.
        p.client.refresh().await?;
        p.wait_for(".a9s-item[data-id='kv-sessions']").await?;

        p.click(".a9s-item[data-id='kv-sessions'] a").await?;
        p.wait_text("main h1", "sessions-cache").await?;
        p.wait_text("#a9s-state", "available").await?;
        p.wait_text("#a9s-updates", "keyvalue8 1.0.0 (release)")
            .await?;
        // The document's dashboard link starts with a space: trimmed, it is a link.
        let hrefs = p
            .js("return [...document.querySelectorAll('#a9s-links a')].map(a => a.getAttribute('href'))")
            .await?;
        let hrefs: Vec<String> = serde_json::from_value(hrefs)?;
        ensure(hrefs.len() == 2, format!("links: {hrefs:?}"))?;
        ensure(
            hrefs.iter().all(|h| h.starts_with("https://")),
            format!("untrimmed links: {hrefs:?}"),
        )?;
        // A javascript: link is shown as text, never as a link.
        p.open("/a9s/instances/mariadb-legacy").await?;
        p.wait_text("#a9s-links", "Legacy console").await?;
        let scripted = p
            .js("return document.querySelectorAll('#a9s-links a[href^=\"javascript\"]').length")
            .await?;
        ensure(scripted == json!(0), "a javascript: link became a link")?;
        Ok(())
    })
}

fn lifecycle<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s/instances/mariadb-legacy", &["mariadb-legacy"]).await?;
        p.wait_text("#a9s-state", "failed").await?;
        // Restart: confirmed, accepted, watched; a broken instance stays failed.
        p.click("#a9s-restart").await?;
        p.wait_text(".dialog", "The service is interrupted").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-lifecycle-note", "The restart was accepted")
            .await?;
        p.wait_text("#a9s-state", "deploying").await?;
        p.wait_text("#a9s-lifecycle-note", "Done: the instance is failed.")
            .await?;
        // Recreate: the instance's name must be typed first.
        p.click("#a9s-recreate").await?;
        let confirm = p.wait_for(".dialog .btn.danger").await?;
        ensure(
            confirm.attr("disabled").await?.is_some(),
            "recreate could be confirmed without typing the name",
        )?;
        p.fill(".dialog .confirm-input", "legacy-billing").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-lifecycle-note", "The recreate was accepted")
            .await?;
        p.wait_text("#a9s-lifecycle-note", "Done: the instance is available.")
            .await?;
        p.wait_text("#a9s-state", "available").await?;
        // Apply updates: afterwards none are left.
        p.wait_text("#a9s-updates", "mariadb106 10.6.18").await?;
        p.click("#a9s-apply-updates").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-lifecycle-note", "The update was accepted")
            .await?;
        p.wait_text("#a9s-lifecycle-note", "Done: the instance is available.")
            .await?;
        p.wait_text("#a9s-updates", "none").await?;
        Ok(())
    })
}

fn backups<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s/instances/pg-orders-prod/backups", &[]).await?;
        p.wait_for("#a9s-backups tbody tr").await?;
        p.wait_text("#a9s-backups", "deleted").await?;
        p.click("#a9s-create-backup").await?;
        // The new row is there at once, queued, then running, then done.
        let deadline = Instant::now() + Duration::from_secs(10);
        let id = loop {
            let first = p
                .js("const r = document.querySelector('#a9s-backups tbody tr'); return r ? [r.cells[0].textContent, r.cells[1].textContent] : null")
                .await?;
            if let Some([id, status]) = serde_json::from_value::<Option<[String; 2]>>(first)? {
                if status.contains("queued") {
                    break id.trim().to_string();
                }
            }
            if Instant::now() > deadline {
                return fail("no queued backup row appeared");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        wait_cell(p, "#a9s-backups", &id, 1, "done").await?;
        wait_cell(p, "#a9s-backups", &id, 2, "MiB").await?;

        // Filter by status, kept in the URL.
        p.js("const s = document.querySelector('#a9s-status-filter'); s.value = 'failed'; s.dispatchEvent(new Event('change'));")
            .await?;
        p.wait_text("#a9s-backups", "failed").await?;
        let statuses = p
            .js("return [...document.querySelectorAll('#a9s-backups tbody tr')].map(r => r.cells[1].textContent)")
            .await?;
        let statuses: Vec<String> = serde_json::from_value(statuses)?;
        ensure(
            !statuses.is_empty() && statuses.iter().all(|s| s == "failed"),
            format!("filter left {statuses:?}"),
        )?;
        ensure(
            p.client.current_url().await?.query() == Some("status=failed"),
            "the filter is not in the URL",
        )?;

        // Download: a file named after instance and backup.
        p.open("/a9s/instances/pg-orders-prod/backups").await?;
        p.click(&format!(".a9s-download[data-id='{id}']")).await?;
        p.wait_text(
            "#a9s-download-note",
            &format!("Saved pg-orders-prod-backup-{id}.tgz"),
        )
        .await?;
        // 412 with the download's own {message, status} body.
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({"api": "a9s", "route": "/v1/instances/{instance_id}/backups/{id}/download",
                    "status": 412, "times": 1,
                    "body": "{\"message\":\"Either instance_id or id does not exist or match\",\"status\":412}"})),
            )
            .await?;
        p.click(".a9s-download[data-id='7']").await?;
        p.wait_text(
            "#a9s-download-note",
            "a9s Data Services answered 412 (a precondition failed): Either instance_id or id does not exist or match",
        )
        .await?;
        ensure(
            stack
                .hits("a9s", |m, r| {
                    m == "GET" && r == "/v1/instances/{instance_id}/backups/{id}"
                })
                .await?
                > 0,
            "the new backup was not polled",
        )?;
        Ok(())
    })
}

fn restore<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s/instances/pg-orders-prod/backups", &[]).await?;
        p.click(".a9s-restore[data-id='6']").await?;
        p.wait_text(
            "#a9s-restore-what",
            "Backup #6 (1.2 MiB) replaces the current data of instance orders-db.",
        )
        .await?;
        p.wait_text(".dialog .a9s-advice", "cf restage").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-restore-note", "of backup #6").await?;
        let note = p.wait_text("#a9s-restore-note", "done").await?;
        let rid: String = note
            .trim_start_matches("Restore #")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        ensure(!rid.is_empty(), format!("no restore id in {note:?}"))?;
        p.wait_text("#a9s-restore-note", "rebind").await?;
        // The restores table lists it, finished.
        p.click("#a9s-tab-restores").await?;
        wait_cell(p, "#a9s-restores", &rid, 1, "done").await?;
        wait_cell(p, "#a9s-restores", &rid, 2, "#6").await?;
        Ok(())
    })
}

fn settings<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let route = "/v1/instances/{instance_id}/backups-config";
        open(p, "/a9s/instances/kv-sessions/settings", &[]).await?;
        p.wait_text("#a9s-backup-type", "standard").await?;
        let before = stack.hits("a9s", |m, r| m == "PATCH" && r == route).await?;
        p.fill("#a9s-key", "short").await?;
        p.set("#a9s-min-count", "-1").await?;
        p.click("#a9s-settings-save").await?;
        p.wait_text(
            "#a9s-settings",
            "The encryption key must be at least 8 characters long; this one has 5.",
        )
        .await?;
        p.wait_text("#a9s-settings", "cannot be negative").await?;
        ensure(
            stack.hits("a9s", |m, r| m == "PATCH" && r == route).await? == before,
            "an invalid form was sent",
        )?;
        let typed = p
            .js("return document.querySelector('#a9s-key').type + ':' + document.querySelector('#a9s-key').value")
            .await?;
        ensure(
            typed == json!("password:short"),
            format!("key field: {typed}"),
        )?;

        // Lowering the retention warns first, then saves; the key is never shown again.
        p.set("#a9s-min-count", "5").await?;
        p.fill("#a9s-key", "a-long-enough-key").await?;
        p.set("#a9s-retention", "3").await?;
        p.click("#a9s-settings-save").await?;
        p.wait_text(
            "#a9s-settings-warnings",
            "Lowering the retention time from 5 to 3 days deletes backups older than 3 days.",
        )
        .await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-settings-note", "Saved: instance updated.")
            .await?;
        ensure(
            stack.hits("a9s", |m, r| m == "PATCH" && r == route).await? == before + 1,
            "the change was not sent once",
        )?;
        let key = p
            .js("return document.querySelector('#a9s-key').value")
            .await?;
        ensure(key == json!(""), "the key was put back into the page")?;
        p.client.refresh().await?;
        p.wait_for("#a9s-retention").await?;
        p.wait_text("#a9s-backup-type", "standard").await?;
        let days = p
            .js("return document.querySelector('#a9s-retention').value")
            .await?;
        ensure(
            days == json!("3"),
            format!("retention after reload: {days}"),
        )?;
        Ok(())
    })
}

fn disaster_recovery<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(
            p,
            "/a9s/instances/pg-orders-prod/disaster-recovery",
            &["pg-orders-prod", "pg-orders-dr"],
        )
        .await?;
        p.fill("#a9s-dr-source-key", "dr-drill-key-1").await?;
        p.click("#a9s-dr-prepare-go").await?;
        p.wait_text("#a9s-dr-prepared", "Prepared. Backup GUID:")
            .await?;
        let guid = p.text("#a9s-dr-guid").await?;
        ensure(guid.len() == 36, format!("backup guid {guid:?}"))?;
        // Perform checks its input before asking.
        p.click("#a9s-dr-perform-go").await?;
        p.wait_text("#a9s-dr-perform", "Choose the instance to recover into.")
            .await?;
        p.js("const s = document.querySelector('#a9s-dr-dest'); s.value = 'pg-orders-dr'; s.dispatchEvent(new Event('change'));")
            .await?;
        let prefilled = p
            .js("return document.querySelector('#a9s-dr-guid-input').value")
            .await?;
        ensure(prefilled == json!(guid), "the guid was not carried over")?;
        p.fill("#a9s-dr-key", "dr-drill-key-1").await?;
        p.click("#a9s-dr-perform-go").await?;
        // Confirmed by typing the destination's name.
        p.wait_text(".dialog", "The data of orders-db-dr is replaced")
            .await?;
        p.fill(".dialog .confirm-input", "orders-db-dr").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-restore-note", "Restore #").await?;
        p.wait_text("#a9s-restore-note", "done").await?;
        Ok(())
    })
}

fn metrics<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s/instances/kv-sessions/metrics", &[]).await?;
        p.wait_for("#a9s-chart-cpu svg").await?;
        for chart in [
            "cpu",
            "load",
            "memory",
            "disk-persistent",
            "parachute-ephemeral",
        ] {
            let points = p
                .js(&format!(
                    "return Number(document.querySelector('#a9s-chart-{chart} svg').dataset.points)"
                ))
                .await?;
            ensure(
                points.as_f64().unwrap_or(0.0) > 10.0,
                format!("{chart} chart has {points} points"),
            )?;
        }
        let line = p
            .js("return document.querySelector('#a9s-chart-cpu path.chart-line').getAttribute('d')")
            .await?;
        ensure(
            line.as_str().is_some_and(|d| d.matches(" L").count() > 5),
            format!("cpu line {line}"),
        )?;
        p.wait_text("#a9s-chart-load", "15 min").await?;
        p.wait_text("#a9s-chart-swap", "No swap on this node.")
            .await?;
        p.wait_text("#a9s-parachute", "activated").await?;
        // The document's odd 11-digit timestamp is read (its first ten digits are the
        // seconds): nothing is skipped.
        p.wait_gone("#a9s-skipped").await?;
        // Another node.
        p.js("const s = document.querySelector('#a9s-node'); s.value = 'keyvalue.2'; s.dispatchEvent(new Event('change'));")
            .await?;
        p.wait_for("#a9s-chart-cpu svg").await?;
        // One sample: no interval, so the since-boot average.
        p.js("const s = document.querySelector('#a9s-quantity'); s.value = '1'; s.dispatchEvent(new Event('change'));")
            .await?;
        p.wait_text("#a9s-chart-cpu", "CPU busy since boot").await?;
        ensure(
            p.client.current_url().await?.query() == Some("quantity=1"),
            "the quantity is not in the URL",
        )?;
        Ok(())
    })
}

fn pitr<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/a9s/instances/kv-sessions/pitr", &[]).await?;
        p.wait_text(".notice.error", "continuous archiving").await?;
        p.wait_text(
            "#a9s-pitr-why",
            "Point-in-time recovery needs continuous archiving",
        )
        .await?;

        p.open("/a9s/instances/pg-orders-prod/pitr").await?;
        p.wait_text("#a9s-pitr-range", "Restorable from").await?;
        // Outside the range: refused beside the field, nothing asked.
        p.set("#a9s-pitr-time", "2001-01-01T00:00").await?;
        p.click("#a9s-pitr-go").await?;
        p.wait_text("#a9s-pitr-time-error", "Pick a time between")
            .await?;
        // Inside: an hour before the newest restorable time.
        p.js("const i = document.querySelector('#a9s-pitr-time'); const d = new Date(Date.parse(i.max + ':00Z') - 3600e3); i.value = d.toISOString().slice(0, 16); i.dispatchEvent(new Event('input', {bubbles: true}));")
            .await?;
        p.click("#a9s-pitr-go").await?;
        p.wait_text(".dialog", "goes back to").await?;
        p.click(".dialog .btn.danger").await?;
        p.wait_text("#a9s-pitr-note", "accepted (queued)").await?;
        p.wait_text("#a9s-restore-note", "done").await?;
        Ok(())
    })
}

fn bad_gateway<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({"api": "a9s", "route": "/v1/instances/{instance_id}/restores", "status": 502, "times": 1})),
            )
            .await?;
        open(p, "/a9s/instances/pg-orders-dr/restores", &[]).await?;
        p.wait_text(
            ".notice.error",
            "a9s Data Services answered 502 (the server could not reach a service behind it): Injected fault: Bad Gateway.",
        )
        .await?;
        p.click(".notice.error .retry").await?;
        p.wait_for("#a9s-restores table").await?;
        p.wait_gone(".notice.error").await?;
        Ok(())
    })
}
