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
            name: "spot: account switcher — switching account changes the listed groups and the address; links and a reload keep the account",
            run: account_context,
        },
        Scenario {
            name: "spot: a group id chosen from the groups list; date pickers send the parameter's format; the column picker hides a column",
            run: pickers,
        },
        Scenario {
            name: "spot: sweep — every one of the 342 operations opened in the explorer, filled as the form asks and sent in create → read → update → delete order on the entities it created (one browser session); all 332 routes reached",
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
        // The document's own words: the operation's line, and its fields' lines under a disclosure.
        p.wait_text("#spot-op-doc", "Create a new AWS Elastigroup.")
            .await?;
        // Closed, its hundreds of lines are not in the page yet; opened, they are.
        ensure(
            p.js("return document.querySelectorAll('.op-docs dt').length;")
                .await?
                == 0,
            "the documented fields are listed before their disclosure is opened",
        )?;
        p.click(".op-docs summary").await?;
        p.wait_text(".op-docs", "The capacity unit to launch instances by.")
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

/// Chooses an option of a select by the start of its label, as a person would.
async fn choose(p: &Page, css: &str, label: &str) -> Result<String, crate::Error> {
    p.wait_text(css, label).await?;
    let chosen = p
        .client
        .execute(
            "const s = document.querySelector(arguments[0]);
             const o = [...s.options].find(o => o.textContent.startsWith(arguments[1]));
             if (!o) return null;
             s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));
             return o.value;",
            vec![json!(css), json!(label)],
        )
        .await?;
    match chosen.as_str() {
        Some(v) => Ok(v.to_string()),
        None => fail(format!("{css} offers no {label:?}")),
    }
}

fn account_context<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/elastigroup-aws/list-all-elastigroups", &["spot"])
            .await?;
        // The first listed account is chosen, and the address says so.
        p.wait_text("#spot-account", "production (act-1a2b3c4d)")
            .await?;
        p.wait_text("#spot-op-account", "act-1a2b3c4d").await?;
        p.wait_query("account=act-1a2b3c4d").await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-items", "batch-workers").await?;

        choose(p, "#spot-account", "staging").await?;
        p.wait_text("#spot-op-account", "act-5e6f7a8b").await?;
        let url = p.client.current_url().await?;
        ensure(
            url.query()
                .is_some_and(|q| q.contains("account=act-5e6f7a8b")),
            format!("switching did not change the address: {url}"),
        )?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-items", "web-frontend-staging").await?;
        let items = p.text("#spot-items").await?;
        ensure(
            !items.contains("batch-workers"),
            format!("staging lists production's groups: {items}"),
        )?;

        // A reload keeps the account; so does a link to another Spot page.
        p.client.refresh().await?;
        p.wait_text("#spot-op-account", "act-5e6f7a8b").await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-items", "web-frontend-staging").await?;
        p.click_text("All operations").await?;
        p.wait_text("#spot-op-count", "342 operations").await?;
        p.click_text("POST Create Elastigroup").await?;
        p.wait_text("#spot-op-account", "act-5e6f7a8b").await?;

        // Organization-level operations send no account, whichever is chosen.
        p.open("/spot/ops/accounts/list-accounts?account=act-5e6f7a8b")
            .await?;
        p.wait_text("#spot-op-account", "Organization-level")
            .await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-answer-status", "— done").await?;
        let sent = p
            .js("return JSON.parse(document.querySelector('#spot-answer pre.code').textContent).request.url")
            .await?;
        ensure(
            sent.as_str().is_some_and(|u| !u.contains("accountId")),
            format!("an organization call carried an account: {sent}"),
        )
    })
}

fn pickers<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // A group id chosen from the groups list of the chosen account.
        p.open_connected("/spot/ops/elastigroup-aws/list-elastigroup", &["spot"])
            .await?;
        p.wait_text("#spot-account", "production").await?;
        p.click("#spot-choose-groupId").await?;
        let id = choose(p, "#spot-pick-groupId", "api-gateway").await?;
        ensure(id.starts_with("sig-"), format!("not a group id: {id}"))?;
        let typed = p
            .js("return document.querySelector('#spot-path-groupId').value")
            .await?;
        ensure(
            typed == json!(id),
            format!("the field holds {typed}, not {id}"),
        )?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-items", "api-gateway").await?;

        // The column picker hides a column, and shows it again.
        let headers = "return [...document.querySelectorAll('#spot-items th')].map(h => h.textContent.trim())";
        ensure(
            p.js(headers).await?.to_string().contains("\"name"),
            "no name column",
        )?;
        p.click("#spot-items .columns-picker summary").await?;
        p.click("#spot-items .columns-picker input[value=name]")
            .await?;
        let shown = p.js(headers).await?;
        ensure(
            !shown
                .as_array()
                .into_iter()
                .flatten()
                .any(|h| h.as_str().is_some_and(|h| h.starts_with("name"))),
            format!("the name column still shows: {shown}"),
        )?;
        p.wait_text("#spot-items tbody", "sig-").await?;
        let rows = p.text("#spot-items tbody").await?;
        ensure(
            !rows.contains("api-gateway"),
            format!("the name still shows: {rows}"),
        )?;

        // Date pickers: unix-time goes as epoch seconds, date-time as ISO 8601 in UTC.
        let sent_url = "return decodeURIComponent(JSON.parse(document.querySelector('#spot-answer pre.code').textContent).request.url)";
        p.open("/spot/ops/audit-service/list-audit-log-events")
            .await?;
        p.wait_for("#spot-query-fromDate").await?;
        let kind = p
            .js("return document.querySelector('#spot-query-fromDate').type")
            .await?;
        ensure(
            kind == json!("datetime-local"),
            format!("fromDate is a {kind} input"),
        )?;
        p.set("#spot-query-fromDate", "2021-11-01T00:00").await?;
        p.set("#spot-query-toDate", "2021-11-02T00:00").await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-answer-status", "— done").await?;
        let url = p.js(sent_url).await?;
        ensure(
            url.as_str().is_some_and(|u| {
                u.contains("fromDate=1635724800") && u.contains("toDate=1635811200")
            }),
            format!("sent {url}"),
        )?;
        p.open("/spot/ops/ocean-spark/list-applications").await?;
        p.wait_for("#spot-query-minCreatedAt").await?;
        p.set("#spot-query-minCreatedAt", "2021-11-01T10:30")
            .await?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-answer-status", "— done").await?;
        let url = p.js(sent_url).await?;
        ensure(
            url.as_str()
                .is_some_and(|u| u.contains("minCreatedAt=2021-11-01T10:30:00.000Z")),
            format!("sent {url}"),
        )
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
        // The date picker's own form; the console sends it as the format says.
        (_, Some("date-time")) | (Some("integer"), Some("unix-time")) => "2021-11-01T00:00".into(),
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
  // An empty text gets a value; where the document names the value in words while its schema
  // takes any text, that value (Spot checks them): an address, the one valid user action.
  const said = { 'proxyAddress': 'http://10.0.0.1', 'userAction.type': 'terminate' };
  const fill = (v, at) => typeof v === 'string'
      ? (v !== '' ? v : said[at.slice(-2).join('.')] || said[at[at.length - 1]] || 'demo-1')
    : Array.isArray(v) ? v.map(x => fill(x, at))
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, [...at, k])])) : v;
  body.value = JSON.stringify(fill(JSON.parse(body.value), []));
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

/// A path template with its parameters' names erased (`/aws/ec2/group/{}`), as a router sees it.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The operations in create → read → update → delete order: creates of the collections that
/// have item routes first (parents before children), then reads, updates, other actions, and
/// deletes last (children and sub-resources before the items they belong to).
fn crud_order(ops: &[Value]) -> (Vec<Value>, std::collections::HashSet<String>) {
    let path = |o: &Value| o["path"].as_str().unwrap_or_default().to_string();
    let method = |o: &Value| o["method"].as_str().unwrap_or_default().to_string();
    let items: std::collections::HashSet<String> = ops
        .iter()
        .filter(|o| method(o) != "POST")
        .map(|o| shape(&path(o)))
        .collect();
    let creates: std::collections::HashSet<String> = ops
        .iter()
        .filter(|o| method(o) == "POST" && !path(o).ends_with('}'))
        .map(|o| shape(&path(o)))
        .filter(|c| items.contains(&format!("{c}/{{}}")))
        .collect();
    let depth = |o: &Value| path(o).matches('{').count() as i64;
    let mut ordered: Vec<(i64, i64, i64, Value)> = ops
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let phase = match method(o).as_str() {
                "POST" if creates.contains(&shape(&path(o))) => 0,
                "GET" => 1,
                "PUT" | "PATCH" => 2,
                "POST" => 3,
                _ => 4,
            };
            let (a, b) = match phase {
                0 => (depth(o), i as i64),
                4 => (-depth(o), -(path(o).len() as i64)),
                _ => (0, i as i64),
            };
            (phase, a, b, o.clone())
        })
        .collect();
    ordered.sort_by_key(|(phase, a, b, _)| (*phase, *a, *b));
    (ordered.into_iter().map(|(.., o)| o).collect(), creates)
}

/// Parents that no operation of the document creates, by collection: the demo account's own,
/// used for what lives under them (Spark applications and config templates).
const DEMO_PARENTS: [(&str, &str); 1] = [("/ocean/spark/cluster", "osc-prod0001")];

/// The id an entity the sweep created goes by in a path parameter `param`.
fn id_of(entity: &Value, param: &str) -> Option<String> {
    let text = |k: &str| entity.get(k).and_then(Value::as_str).map(str::to_string);
    if param.ends_with("Name") {
        return text("name");
    }
    text(param).or_else(|| text("id")).or_else(|| text("name"))
}

fn sweep<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let text = std::fs::read_to_string(workspace_root().join("data/spot/catalog.json"))?;
        let catalog: Value = serde_json::from_str(&text)?;
        let (ops, creates) = crud_order(
            catalog["ops"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default(),
        );
        p.open_connected("/spot/ops", &["spot"]).await?;
        p.wait_text("#spot-op-count", "342 operations").await?;
        p.wait_text("#spot-account", "production").await?;
        let account = p
            .js("return document.querySelector('#spot-account').value")
            .await?;
        let account = account.as_str().unwrap_or_default().to_string();
        let started = Instant::now();
        // What the sweep created, by collection: later operations act on these.
        let mut created: std::collections::BTreeMap<String, Value> = Default::default();
        let mut refused_on_created = Vec::new();
        let mut refused_for_state = Vec::new();
        let mut made = std::collections::HashSet::new();
        // Creates Spot refused for the entity's configuration (see below): nothing to make.
        let mut refused_creates = std::collections::HashSet::new();
        let mut acted_on_created = 0;
        for op in &ops {
            let slug = op["slug"].as_str().unwrap_or_default();
            let title = op["title"].as_str().unwrap_or_default();
            let path = op["path"].as_str().unwrap_or_default();
            // In-app navigation, as a link would: the catalog and the code stay loaded.
            p.client
                .execute(
                    "history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'));",
                    vec![json!(format!("/spot/ops/{slug}?account={account}"))],
                )
                .await?;
            p.wait_text("#spot-op-title", title).await?;
            let mut values = serde_json::Map::new();
            // How many path parameters name an entity the sweep created, of how many.
            let (mut on_created, mut path_params) = (0, 0);
            for param in op["params"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap_or_default();
                match param["in"].as_str() {
                    Some("path") => {
                        let at = path.find(&format!("/{{{name}}}")).unwrap_or(0);
                        let id = created
                            .get(&shape(&path[..at]))
                            .and_then(|e| id_of(e, name));
                        on_created += usize::from(id.is_some());
                        path_params += 1;
                        // A parent the document gives no create for is one the account has,
                        // as an operator would pick it (never the target of the operation).
                        let parent = (!path.ends_with(&format!("{{{name}}}")))
                            .then(|| {
                                DEMO_PARENTS
                                    .iter()
                                    .find(|(at_path, _)| *at_path == shape(&path[..at]))
                            })
                            .flatten()
                            .map(|(_, id)| id.to_string());
                        values.insert(
                            format!("spot-path-{name}"),
                            json!(id.or(parent).unwrap_or_else(|| "sweep-1".into())),
                        )
                    }
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
            let on_created = on_created > 0 && on_created == path_params;
            acted_on_created += usize::from(on_created);
            // A stateful node moves between states over seconds: an action sent while it is
            // still pausing is refused for its state, in words (the node scenarios wait). A
            // group made from the form has no ECS, Beanstalk or CodeDeploy integration: Spot
            // refuses those jobs for it (the group-jobs scenario adds the integrations first).
            if on_created
                && ["CANT_CHANGE_MANAGED_INSTANCE_STATE", "GROUP_NOT_INTEGRATED"]
                    .iter()
                    .any(|code| shown.contains(code))
            {
                refused_for_state.push(slug.to_string());
                if op["method"] == "POST" {
                    refused_creates.insert(shape(path));
                }
            } else if on_created && !shown.contains("— done") {
                refused_on_created.push(format!("{slug}: {shown}"));
            }
            // A deleted entity is gone: a later operation of the same route (the document's
            // same-shape pairs) no longer counts as acting on it.
            if on_created && op["method"] == "DELETE" && path.ends_with('}') {
                let at = path.rfind('/').unwrap_or(0);
                created.remove(&shape(&path[..at]));
            }
            // A create's answer names the entity it made: later operations use it.
            if op["method"] == "POST" && creates.contains(&shape(path)) && shown.contains("— done")
            {
                let answer = p
                    .js("const pre = document.querySelector('#spot-answer pre.code'); return pre ? JSON.parse(pre.textContent) : null")
                    .await?;
                if let Some(entity) = answer.pointer("/response/items/0") {
                    created.insert(shape(path), entity.clone());
                    made.insert(shape(path));
                }
            }
        }
        // Every create whose documented answer lists what it made (three answer JSON without
        // items: Ocean GKE's cluster create and two rolls; operations on those use a typed id).
        let missing: Vec<String> = ops
            .iter()
            .filter(|o| o["method"] == "POST" && o["response"]["shape"] == "envelope")
            .map(|o| shape(o["path"].as_str().unwrap_or_default()))
            .filter(|c| creates.contains(c) && !made.contains(c) && !refused_creates.contains(c))
            .collect();
        ensure(
            missing.is_empty(),
            format!("the sweep created nothing in {missing:?}"),
        )?;
        ensure(
            refused_on_created.is_empty(),
            format!(
                "operations on entities the sweep created were refused: {refused_on_created:#?}"
            ),
        )?;
        println!(
            "        sweep: {} operations in {:.1} s, {} of them on entities it created ({} kinds); refused for the entity's state or configuration: {refused_for_state:?}",
            ops.len(),
            started.elapsed().as_secs_f32(),
            acted_on_created,
            made.len()
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
