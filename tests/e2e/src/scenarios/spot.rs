//! Spot through the operation explorer: find an operation, send it with what the form asks,
//! problems named before sending, destructive operations confirmed by typing the id, Spot's own
//! field errors shown beside their field, and operations that left today's API marked as such.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{ensure, fail, workspace_root, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot: explorer finds an operation by words of its title; create → list → delete an Elastigroup with typed confirmation",
            run: explorer_lifecycle,
        },
        Scenario {
            name: "spot: bad input named beside its field before sending; Spot's field errors shown; removed operations marked",
            run: explorer_checks,
        },
        Scenario {
            name: "spot: sweep — every one of the 342 operations opened in the explorer, filled as the form asks and sent (one browser session); all 332 routes reached",
            run: sweep,
        },
    ]
}

fn explorer_lifecycle<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops", &["spot"]).await?;
        p.wait_text("#spot-op-count", "342 operations").await?;
        p.fill("#spot-op-search", "elastigroup create").await?;
        p.wait_text("#spot-ops", "Create Elastigroup").await?;
        let url = p.client.current_url().await?;
        ensure(
            url.query().is_some_and(|q| q.contains("q=elastigroup")),
            format!("search not in the address: {url}"),
        )?;
        p.click_text("POST Create Elastigroup").await?;
        p.wait_text("#spot-op-path", "/aws/ec2/group").await?;
        p.wait_text("#spot-op-account", "Acts within the chosen Spot account")
            .await?;
        let body = json!({"group": {"name": "made-in-browser", "region": "us-east-1",
            "capacity": {"target": 2, "minimum": 1, "maximum": 5, "unit": "instance"}}});
        p.set("#spot-body", &body.to_string()).await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-answer-status", "200 OK — done").await?;
        p.wait_text("#spot-answer-kind", "spotinst:aws:ec2:group")
            .await?;
        p.wait_text("#spot-answer-count", "1").await?;
        p.wait_text("#spot-items", "made-in-browser").await?;
        let id = p
            .js("return [...document.querySelectorAll('#spot-items td')].map(c => c.textContent).find(t => t.startsWith('sig-'))")
            .await?;
        let id = id.as_str().unwrap_or_default().to_string();
        ensure(
            id.starts_with("sig-"),
            format!("no group id in the answer: {id:?}"),
        )?;
        p.wait_text("form.spot-op", "Copy as curl").await?;

        // The list now holds it: the table's rows equal Spot's count.
        p.open("/spot/ops/elastigroup-aws/list-all-elastigroups")
            .await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-items", "made-in-browser").await?;
        let count = p.text("#spot-answer-count").await?;
        let rows = p
            .js("return document.querySelectorAll('#spot-items tbody tr').length")
            .await?;
        ensure(
            rows.as_u64().map(|r| r.to_string()) == Some(count.clone()),
            format!("{rows} rows, count {count}"),
        )?;

        // Delete: destructive, confirmed by typing the group's id.
        p.open("/spot/ops/elastigroup-aws/delete-elastigroup")
            .await?;
        p.fill("#spot-path-groupId", &id).await?;
        p.click("#spot-view-json").await?;
        p.set("#spot-body", "{}").await?;
        p.click("#spot-send").await?;
        p.wait_for(".confirm-input").await?;
        p.fill(".confirm-input", &id).await?;
        p.click_text("Delete Elastigroup").await?;
        p.wait_text("#spot-answer-status", "200 OK — done").await?;
        p.open("/spot/ops/elastigroup-aws/list-elastigroup").await?;
        p.fill("#spot-path-groupId", &id).await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-errors", "RESOURCE_DOES_NOT_EXIST")
            .await?;
        Ok(())
    })
}

fn explorer_checks<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/elastigroup-aws/create-elastigroup", &["spot"])
            .await?;
        let bad = json!({"group": {"name": "x", "capacity": {"target": "two", "minimum": 1, "maximum": 5, "unit": "gallons"}}});
        p.set("#spot-body", &bad.to_string()).await?;
        p.click("#spot-send").await?;
        p.wait_text(
            "#spot-body-errors",
            "group.capacity.unit must be one of: instance, weight.",
        )
        .await?;
        p.wait_text(
            "#spot-body-errors",
            "group.capacity.target must be a whole number.",
        )
        .await?;
        ensure(
            p.js("return document.querySelector('#spot-answer') === null")
                .await?
                == json!(true),
            "a request went out",
        )?;
        // What the operator typed stays.
        let kept = p
            .js("return document.querySelector('#spot-body').value")
            .await?;
        ensure(
            kept.as_str().is_some_and(|v| v.contains("gallons")),
            "the body was reset",
        )?;

        // Spot's own field error lands beside the body.
        let refusal = json!({"request": {"id": "r"}, "response": {"status": {"code": 400, "message": "Bad Request"},
            "errors": [{"code": "ValidationError", "message": "name is taken", "field": "body:group.name"}]}});
        s.control(
            "POST",
            "/__emulator/faults",
            Some(
                json!({"api": "spot", "route": "/aws/ec2/group", "method": "POST",
            "status": 400, "body": refusal.to_string(), "times": 1}),
            ),
        )
        .await?;
        let good = json!({"group": {"name": "taken", "capacity": {"target": 1, "minimum": 1, "maximum": 2, "unit": "instance"}}});
        p.set("#spot-body", &good.to_string()).await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-errors", "ValidationError").await?;
        p.wait_text("#spot-body-errors", "group.name: name is taken")
            .await?;

        // What was typed is kept for the tab: away and back, the body is still there.
        p.open("/spot/ops").await?;
        p.wait_text("#spot-op-count", "342 operations").await?;
        p.open("/spot/ops/elastigroup-aws/create-elastigroup")
            .await?;
        p.wait_for("#spot-body").await?;
        let kept = p
            .js("return document.querySelector('#spot-body').value")
            .await?;
        ensure(
            kept.as_str().is_some_and(|v| v.contains("taken")),
            format!("the draft was lost: {kept}"),
        )?;

        // A required path parameter left empty.
        p.open("/spot/ops/elastigroup-aws/get-elastilog").await?;
        p.click("#spot-send").await?;
        p.wait_text(".field-error", "groupId is required.").await?;

        // Operations that left today's API say so, with their successor.
        p.open("/spot/ops/organizations/get-all-programmatic-users")
            .await?;
        p.wait_text("#spot-op-now", "No longer in today's Spot API (removed 2022-06); closest successor: GET /setup/organization/user.").await?;
        p.wait_text("#spot-op-account", "Organization-level")
            .await?;
        Ok(())
    })
}

/// A value of a parameter's declared type, as an operator would type it.
fn sample(p: &Value) -> String {
    if let Some(first) = p["enum"].as_array().and_then(|e| e.first()) {
        return first
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| first.to_string());
    }
    match (p["type"].as_str(), p["format"].as_str()) {
        (_, Some("date-time")) => "2021-11-01T00:00:00.000Z".into(),
        (Some("integer" | "number"), _) => p["minimum"]
            .as_f64()
            .map(|m| m.max(1.0))
            .unwrap_or(1.0)
            .to_string(),
        (Some("boolean"), _) => "true".into(),
        _ => "sweep-1".into(),
    }
}

/// Fills the page's form for one operation, the way a person would, and presses Send.
const FILL_AND_SEND: &str = r#"
const [values] = arguments;
for (const [id, value] of Object.entries(values)) {
  const e = document.getElementById(id);
  if (!e) return 'no field ' + id;
  e.value = value;
  e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
}
const body = document.getElementById('spot-body');
if (body && body.value.trim()) {
  const fill = v => typeof v === 'string' ? (v === '' ? 'demo-1' : v)
    : Array.isArray(v) ? v.map(fill)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
  body.value = JSON.stringify(fill(JSON.parse(body.value)));
  body.dispatchEvent(new Event('input', {bubbles: true}));
}
document.getElementById('spot-send').click();
return 'sent';
"#;

/// Answers a confirmation dialog, typing what it asks for.
const CONFIRM: &str = r#"
const dialog = document.querySelector('.dialog');
if (!dialog) return false;
const typed = dialog.querySelector('.confirm-input');
if (typed) {
  typed.value = dialog.querySelector('code').textContent;
  typed.dispatchEvent(new Event('input', {bubbles: true}));
}
dialog.querySelector('.btn.danger').click();
return true;
"#;

fn sweep<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let text = std::fs::read_to_string(workspace_root().join("data/spot/catalog.json"))?;
        let catalog: Value = serde_json::from_str(&text)?;
        let ops = catalog["ops"].as_array().cloned().unwrap_or_default();
        p.open_connected("/spot/ops", &["spot"]).await?;
        p.wait_text("#spot-op-count", "342 operations").await?;
        let started = Instant::now();
        for op in &ops {
            let slug = op["slug"].as_str().unwrap_or_default();
            let title = op["title"].as_str().unwrap_or_default();
            // In-app navigation, as a link would: the catalog and the code stay loaded.
            p.client
                .execute(
                    "history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'));",
                    vec![json!(format!("/spot/ops/{slug}"))],
                )
                .await?;
            p.wait_text("#spot-op-title", title).await?;
            let mut values = serde_json::Map::new();
            for param in op["params"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap_or_default();
                match param["in"].as_str() {
                    Some("path") => values.insert(format!("spot-path-{name}"), json!("sweep-1")),
                    _ if param["required"] == true && name != "accountId" => {
                        values.insert(format!("spot-query-{name}"), json!(sample(param)))
                    }
                    _ => None,
                };
            }
            // Bodies are filled in the JSON view (small ones open as a form).
            if op.get("body").is_some() && op["method"] != "GET" {
                p.js("if (!document.getElementById('spot-body')) document.getElementById('spot-view-json').click();")
                    .await?;
                p.wait_for("#spot-body").await?;
            }
            let sent = p
                .client
                .execute(FILL_AND_SEND, vec![Value::Object(values)])
                .await?;
            if sent != json!("sent") {
                return fail(format!("{slug}: {sent}"));
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let state = p
                    .js("return document.querySelector('#spot-answer') ? 'answered' : document.querySelector('.dialog') ? 'confirm' : (document.querySelector('[role=alert].field-error:not(:empty)') || {}).textContent || ''")
                    .await?;
                match state.as_str() {
                    Some("answered") => break,
                    Some("confirm") => {
                        p.client.execute(CONFIRM, vec![]).await?;
                    }
                    Some(problem) if !problem.is_empty() => {
                        return fail(format!("{slug}: the form refused: {problem}"))
                    }
                    _ => {}
                }
                if Instant::now() > deadline {
                    return fail(format!("{slug}: no answer shown within 10 s"));
                }
                tokio::time::sleep(Duration::from_millis(15)).await;
            }
            // What the operator sees: the status in words, or Spot's refusal in words.
            let shown = p.text("#spot-answer").await?;
            ensure(
                shown.contains("— done") || shown.contains("Spot"),
                format!("{slug}: the answer says nothing a person can read: {shown:?}"),
            )?;
        }
        println!(
            "        sweep: {} operations in {:.1} s",
            ops.len(),
            started.elapsed().as_secs_f32()
        );
        let tally: Value =
            serde_json::from_str(&s.control("GET", "/__emulator/coverage", None).await?)?;
        let missed: Vec<String> = tally["operations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| o["api"] == "spot" && o["hits"] == 0)
            .map(|o| format!("{} {}", o["method"], o["route"]))
            .collect();
        ensure(
            missed.is_empty(),
            format!("Spot routes the sweep never reached: {missed:#?}"),
        )
    })
}
