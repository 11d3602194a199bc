//! Stateful nodes (managed instances) with behaviour, ahead of the generic engine: each node has
//! a state that moves over a few seconds (pause: `PAUSING` then `PAUSED`; resume: `RESUMING` then
//! `ACTIVE`; recycle: `RECYCLING` then `ACTIVE` on a new instance), pause and resume refused in
//! Spot's manner from the wrong state, the status call reports it, costs are a daily series over
//! the requested range, and an import from AWS moves through its migration states and ends with
//! the node listed.
//!
//! The state lives on the node's entity in the engine's store (so `/__emulator/reset` puts it
//! back); a migration under a key no route forms: `<account>|~migration/<id>`.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::{holds_id, Asked, Engine, Store};

/// How long each state change (and each migration step) takes: the emulator's speed knob.
pub const STEP_MS: i64 = 1_500;

const NODES: &str = "/aws/ec2/managedInstance";

/// The migration's states, in order; the last is final.
pub const MIGRATION: [&str; 4] = [
    "MIGRATE_START",
    "CREATE_IMAGE",
    "LAUNCH_MANAGED_INSTANCE",
    "MIGRATE_END",
];

/// Answers what this module handles; `None` leaves the request to the engine.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let rest = ep.path.strip_prefix(NODES)?;
    let scope = engine.scope(ep, asked);
    let t = ms();
    let mut store = engine.store.lock().unwrap();
    let key = format!("{scope}|{NODES}");
    settle(&mut store, &key, t);
    let v = |i: usize| asked.values.get(i).cloned().unwrap_or_default();
    let q = |k: &str| asked.param(k);
    let answer: Result<Vec<Value>, (u16, &str, String)> = match (ep.method.as_str(), rest) {
        ("POST", "/migration") => {
            let m = asked.body.clone().unwrap_or_default()["migration"].clone();
            store.minted += 1;
            let n = 0x5a17_0000 + store.minted;
            let id = format!("smg-{n:08x}");
            let node = format!("smi-{n:08x}");
            let record = json!({"migrationId": id, "managedInstanceId": node, "startedMs": t,
                "instanceId": m["originalInstanceId"], "name": m["managedInstanceName"],
                "region": m["region"], "data": {"originalInstanceId": m["originalInstanceId"],
                "shouldKeepPrivateIp": m["shouldKeepPrivateIp"]}});
            store
                .items
                .insert(format!("{scope}|~migration/{id}"), vec![record.clone()]);
            Ok(vec![migration_item(&record, t)])
        }
        ("GET", _) if rest.starts_with("/migration/") => {
            let id = v(0);
            match store
                .items
                .get(&format!("{scope}|~migration/{id}"))
                .and_then(|l| l.first().cloned())
            {
                None => Err(not_found(&id)),
                Some(r) => {
                    let item = migration_item(&r, t);
                    if item["state"] == MIGRATION[3] {
                        land(&mut store, &key, &r);
                    }
                    Ok(vec![item])
                }
            }
        }
        (method, _) if rest.len() > 1 && rest[1..].contains('/') => {
            let id = v(0);
            let what = rest.rsplit('/').next().unwrap_or_default();
            let Some(node) = store
                .items
                .get_mut(&key)
                .and_then(|l| l.iter_mut().find(|e| holds_id(e, &id)))
            else {
                drop(store);
                return Some(refusal(engine, ep, asked, not_found(&id)));
            };
            match (method, what) {
                ("GET", "status") => Ok(vec![status_item(node)]),
                ("GET", "costs") => Ok(costs(q("fromDate"), q("toDate"), t)),
                ("PUT", verb) => change(node, verb, t).map(|_| Vec::new()),
                _ => return None,
            }
        }
        _ => return None,
    };
    drop(store);
    Some(match answer {
        Ok(items) => engine.items(ep, &asked.url, items),
        Err(e) => refusal(engine, ep, asked, e),
    })
}

type Refusal = (u16, &'static str, String);

fn not_found(id: &str) -> Refusal {
    (
        404,
        "RESOURCE_DOES_NOT_EXIST",
        format!("{id} does not exist"),
    )
}

fn refusal(
    engine: &Engine,
    ep: &Endpoint,
    asked: &Asked,
    (status, code, message): Refusal,
) -> Response {
    engine.errors(
        ep,
        &asked.url,
        status,
        vec![json!({"code": code, "message": message})],
    )
}

/// A node's state (a node that never changed is `ACTIVE`).
fn state(node: &Value) -> String {
    node["state"].as_str().unwrap_or("ACTIVE").to_string()
}

/// Pause, resume or recycle, when the node's state allows it.
fn change(node: &mut Value, verb: &str, t: i64) -> Result<(), Refusal> {
    let now = state(node);
    let (from, to) = match verb {
        "pause" => ("ACTIVE", "PAUSING"),
        "resume" => ("PAUSED", "RESUMING"),
        "recycle" => ("ACTIVE", "RECYCLING"),
        _ => return Err((400, "BAD_REQUEST", format!("unknown action {verb}"))),
    };
    if now != from {
        return Err((
            400,
            "CANT_CHANGE_MANAGED_INSTANCE_STATE",
            format!("Can't {verb} a managed instance in state {now}; it must be {from}."),
        ));
    }
    node["state"] = json!(to);
    node["changedMs"] = json!(t);
    Ok(())
}

/// Moves every node whose change has had its time to its next state.
fn settle(store: &mut Store, key: &str, t: i64) {
    for node in store.items.get_mut(key).into_iter().flatten() {
        let since = t - node["changedMs"].as_i64().unwrap_or(t);
        if since < STEP_MS {
            continue;
        }
        let next = match state(node).as_str() {
            "PAUSING" => "PAUSED",
            "RESUMING" => "ACTIVE",
            "RECYCLING" => {
                let n = node["generation"].as_u64().unwrap_or(0) + 1;
                node["generation"] = json!(n);
                "ACTIVE"
            }
            _ => continue,
        };
        node["state"] = json!(next);
    }
}

/// A finished migration's node, listed once.
fn land(store: &mut Store, key: &str, r: &Value) {
    let id = r["managedInstanceId"].as_str().unwrap_or_default();
    let list = store.items.entry(key.to_string()).or_default();
    if list.iter().any(|e| holds_id(e, id)) {
        return;
    }
    let t = iso(ms());
    let name = r["name"]
        .as_str()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("imported-{}", r["instanceId"].as_str().unwrap_or("")));
    list.push(json!({"id": id, "name": name, "region": r["region"],
        "importedFrom": r["instanceId"], "createdAt": t, "updatedAt": t}));
}

fn migration_item(r: &Value, t: i64) -> Value {
    let step = ((t - r["startedMs"].as_i64().unwrap_or(t)) / STEP_MS).clamp(0, 3) as usize;
    json!({"migrationId": r["migrationId"], "managedInstanceId": r["managedInstanceId"],
        "instanceId": r["instanceId"], "data": r["data"], "state": MIGRATION[step]})
}

fn status_item(node: &Value) -> Value {
    let id = node["id"].as_str().unwrap_or_default();
    let hex: String = id
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let generation = node["generation"].as_u64().unwrap_or(0);
    let paused = matches!(state(node).as_str(), "PAUSED" | "RESUMING");
    json!({
        "id": id, "name": node["name"], "status": state(node),
        "instanceId": if paused { Value::Null } else { json!(format!("i-0{hex}{generation:04x}")) },
        "instanceType": node["compute"]["launchSpecification"]["instanceTypes"]["preferredType"]
            .as_str().unwrap_or("m5.large"),
        "imageId": "ami-0c55b159cbfafe1f0", "privateIp": "10.0.4.21",
        "publicIp": if paused { Value::Null } else { json!("34.212.65.224") },
        "createdAt": node["createdAt"], "launchedAt": node["updatedAt"],
    })
}

/// A daily series from `from` to `to` (default: the last week).
fn costs(from: Option<String>, to: Option<String>, t: i64) -> Vec<Value> {
    const DAY: i64 = 86_400_000;
    let to = to.and_then(|d| parse_date(&d)).unwrap_or(t);
    let from = from.and_then(|d| parse_date(&d)).unwrap_or(to - 6 * DAY);
    let mut out = Vec::new();
    let mut day = from - from.rem_euclid(DAY);
    while day <= to && out.len() < 400 {
        let wobble = 1.0 + ((day / DAY) % 4) as f64 * 0.05;
        let potential = (0.096 * 24.0 * wobble * 1000.0).round() / 1000.0;
        let actual = (potential * 0.35 * 1000.0).round() / 1000.0;
        out.push(json!({
            "timestamp": iso(day),
            "costs": {"actual": actual, "potential": potential},
            "savings": {"unit": "percentage", "value": 65},
            "running": {"unit": "hours", "value": 24},
        }));
        day += DAY;
    }
    out
}

pub(super) fn ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub(super) fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An RFC 3339 time, a day (`YYYY-MM-DD`), or epoch seconds / milliseconds.
pub(super) fn parse_date(s: &str) -> Option<i64> {
    if let Ok(n) = s.trim().parse::<i64>() {
        return Some(if n > 100_000_000_000 { n } else { n * 1000 });
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let day = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}
