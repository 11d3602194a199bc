//! Elastigroup AWS's stateful import, ahead of the generic engine: importing an EC2 instance
//! makes a new stateful Elastigroup at once (no instance yet) and a process that moves through
//! Spot's documented states, one every `STEP_MS`: the image, then (when the import does not
//! terminate the original itself) a wait for the operator's "terminate" user action, then the
//! termination, the group's update and the launch, and `MIGRATE_FINISH` with the group running
//! one instance, listed as its stateful instance. Deleting the status of an import under way
//! cancels it (`MIGRATE_CANCEL`, its empty group deleted); of a finished one forgets it.
//!
//! A process is kept under a key no route forms: `<account>|~stateful-import/<id>`. The group's
//! instance and stateful instance are written in the shape `groups.rs` keeps them in.
//!
//! The other Elastigroup AWS reads the group page adds, from the same state ([`reads`]): an
//! instance's status (`ACTIVE` while a group runs it), the detailed cost (each running instance
//! over the requested range, by its type's price and lifecycle) and the spot types of a region.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::nodes::{iso, ms, parse_date};
use super::{holds_id, Asked, Engine, Store};

/// How long each state of an import lasts: the emulator's speed knob.
pub const STEP_MS: i64 = 700;

const IMPORTS: &str = "/aws/ec2/statefulMigrationGroup";
const GROUPS: &str = "/aws/ec2/group";

/// Before the original instance is terminated.
const IMAGE: [&str; 3] = [
    "MIGRATE_PREPARE_AWS_INSTANCE",
    "MIGRATE_CREATE_IMAGE",
    "MIGRATE_AWAIT_FOR_IMAGE",
];
const AWAIT_USER: &str = "MIGRATE_AWAIT_USER_ACTION";
/// From the termination on; the last is final.
const LAUNCH: [&str; 5] = [
    "MIGRATE_TERMINATE_INSTANCE",
    "MIGRATE_UPDATE_GROUP",
    "MIGRATE_LAUNCH_INSTANCE",
    "MIGRATE_AWAIT_STATEFUL_INSTANCE_RUNNING",
    "MIGRATE_FINISH",
];
const CANCEL: &str = "MIGRATE_CANCEL";

type Refusal = (u16, &'static str, String);

/// Answers what this module handles; `None` leaves the request to the engine.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    if let Some(r) = reads(engine, ep, asked) {
        return Some(r);
    }
    let rest = ep.path.strip_prefix(IMPORTS)?;
    let scope = engine.scope(ep, asked);
    let t = ms();
    let id = asked.values.first().cloned().unwrap_or_default();
    let answer = match (ep.method.as_str(), rest) {
        ("POST", "") => Ok(start(
            engine,
            &scope,
            asked.body.clone().unwrap_or_default(),
            t,
        )),
        ("GET", _) => with(engine, &scope, &id, t, |_, r| Ok(item(r, t))),
        ("DELETE", _) => with(engine, &scope, &id, t, |store, r| {
            let now = state(r, t);
            if now == LAUNCH[4] || now == CANCEL {
                store
                    .items
                    .remove(&format!("{scope}|~stateful-import/{id}"));
            } else {
                r["cancelled"] = json!(true);
                let gid = r["groupId"].as_str().unwrap_or_default().to_string();
                if let Some(list) = store.items.get_mut(&format!("{scope}|{GROUPS}")) {
                    list.retain(|g| !holds_id(g, &gid));
                }
            }
            Ok(item(r, t))
        }),
        ("POST", _) => with(engine, &scope, &id, t, |_, r| {
            let asked_for = &asked.body.clone().unwrap_or_default()["userAction"]["type"];
            if asked_for.as_str().is_some_and(|a| a != "terminate") {
                return Err((
                    400,
                    "BAD_REQUEST",
                    format!("Unknown user action {asked_for}; the valid one is \"terminate\"."),
                ));
            }
            let now = state(r, t);
            if LAUNCH.contains(&now.as_str()) || now == CANCEL || !r["actedMs"].is_null() {
                return Err((400, "CANT_TERMINATE_INSTANCE",
                    format!("Can't terminate the instance of import {id} in state {now}: it is terminated already or the import ended.")));
            }
            r["actedMs"] = json!(t);
            Ok(item(r, t))
        }),
        _ => return None,
    };
    Some(match answer {
        Ok(v) => engine.items(ep, &asked.url, vec![v]),
        Err((status, code, message)) => engine.errors(
            ep,
            &asked.url,
            status,
            vec![json!({"code": code, "message": message})],
        ),
    })
}

/// A new import: its group made now (empty, through the engine's create path), the process kept.
fn start(engine: &Engine, scope: &str, body: Value, t: i64) -> Value {
    let m = &body["statefulMigrationGroup"];
    let name = m["name"].as_str().unwrap_or("imported").to_string();
    let region = m["region"].as_str().unwrap_or("us-east-1").to_string();
    let group = engine.seed(
        "POST",
        GROUPS,
        Some(scope),
        json!({"group": {"name": name, "region": region,
            "capacity": {"minimum": 0, "target": 0, "maximum": 1, "unit": "instance"}}}),
    );
    let mut store = engine.store.lock().unwrap();
    store.minted += 1;
    let id = format!("smg-{:08x}", 0x5f01_0000 + store.minted);
    let record = json!({"id": id, "groupId": group["id"], "instanceId": m["originalInstanceId"],
        "region": region, "keepIp": m["shouldKeepPrivateIp"] == true,
        "auto": m["shouldTerminateInstance"] == true, "startedMs": t,
        "type": m["spotInstanceTypes"][0].as_str().unwrap_or("m5.large")});
    store.items.insert(
        format!("{scope}|~stateful-import/{id}"),
        vec![record.clone()],
    );
    item(&record, t)
}

/// Runs `f` on import `id`'s record (saved back; a finished import's group landed first), or
/// refuses an unknown id.
fn with(
    engine: &Engine,
    scope: &str,
    id: &str,
    t: i64,
    f: impl FnOnce(&mut Store, &mut Value) -> Result<Value, Refusal>,
) -> Result<Value, Refusal> {
    let mut store = engine.store.lock().unwrap();
    let key = format!("{scope}|~stateful-import/{id}");
    let Some(mut r) = store.items.get(&key).and_then(|l| l.first().cloned()) else {
        return Err((
            404,
            "RESOURCE_DOES_NOT_EXIST",
            format!("Stateful import {id} does not exist"),
        ));
    };
    land(&mut store, scope, &mut r, t);
    let out = f(&mut store, &mut r);
    if let Some(slot) = store.items.get_mut(&key) {
        *slot = vec![r];
    }
    out
}

/// The import's state at `t`.
fn state(r: &Value, t: i64) -> String {
    if r["cancelled"] == true {
        return CANCEL.into();
    }
    let started = r["startedMs"].as_i64().unwrap_or(t);
    let step = (t - started) / STEP_MS;
    if step < IMAGE.len() as i64 {
        return IMAGE[step.max(0) as usize].into();
    }
    let imaged = started + IMAGE.len() as i64 * STEP_MS;
    let from = match (r["auto"] == true, r["actedMs"].as_i64()) {
        (true, _) => imaged,
        (false, Some(acted)) => acted.max(imaged),
        (false, None) => return AWAIT_USER.into(),
    };
    let k = ((t - from) / STEP_MS).clamp(0, LAUNCH.len() as i64 - 1);
    LAUNCH[k as usize].into()
}

fn item(r: &Value, t: i64) -> Value {
    let s = state(r, t);
    let words = match s.as_str() {
        AWAIT_USER => format!(
            "Waiting for the original instance {} to be terminated (user action \"terminate\")",
            r["instanceId"].as_str().unwrap_or("")
        ),
        CANCEL => "The import was cancelled".into(),
        s if s == LAUNCH[4] => "The stateful instance is running in the group".into(),
        s => format!(
            "{} for instance {}",
            s.trim_start_matches("MIGRATE_")
                .replace('_', " ")
                .to_lowercase(),
            r["instanceId"].as_str().unwrap_or("")
        ),
    };
    json!({"id": r["id"], "statefulMigrationId": r["id"], "groupId": r["groupId"],
        "instanceId": r["instanceId"], "state": s, "stateDescription": words})
}

/// A finished import's group: running one instance, kept as its stateful instance (once).
fn land(store: &mut Store, scope: &str, r: &mut Value, t: i64) {
    if state(r, t) != LAUNCH[4] || r["landed"] == true {
        return;
    }
    r["landed"] = json!(true);
    let gid = r["groupId"].as_str().unwrap_or_default().to_string();
    if let Some(g) = store
        .items
        .get_mut(&format!("{scope}|{GROUPS}"))
        .and_then(|l| l.iter_mut().find(|g| holds_id(g, &gid)))
    {
        g["capacity"] = json!({"minimum": 0, "target": 1, "maximum": 1, "unit": "instance"});
    }
    let hex = gid.trim_start_matches("sig-");
    let ip = if r["keepIp"] == true {
        "10.0.200.17"
    } else {
        "10.0.201.33"
    };
    let region = r["region"].as_str().unwrap_or("us-east-1");
    let instance = json!({"instanceId": format!("i-{hex}00001"), "instanceType": r["type"],
        "lifeCycle": "SPOT", "availabilityZone": format!("{region}a"), "privateIp": ip,
        "createdAt": iso(t), "launchedMs": t - 60_000});
    let stateful = json!({"id": format!("ssi-{hex}00"), "instanceId": instance["instanceId"],
        "privateIp": ip, "state": "ACTIVE", "importedFrom": r["instanceId"],
        "launchSpecification": {"instanceType": r["type"]},
        "devices": [{"deviceName": "/dev/xvda", "volumeId": format!("vol-{hex}")}]});
    store.items.insert(
        format!("{scope}|~group/{gid}"),
        vec![
            json!({"instances": [instance], "stateful": [stateful], "rolls": [], "events": [],
            "suspensions": [], "seq": 1}),
        ],
    );
}

/// Hourly on-demand prices of the types the demo groups run (USD); a spot hour costs 30% of it.
const PRICES: [(&str, f64); 8] = [
    ("t3.medium", 0.0416),
    ("m5.large", 0.096),
    ("m5.xlarge", 0.192),
    ("c5.large", 0.085),
    ("c5.xlarge", 0.17),
    ("r5.large", 0.126),
    ("r5.xlarge", 0.252),
    ("m6i.large", 0.096),
];

/// Instance status, detailed cost and spot types by region; `None` for any other route.
fn reads(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    if ep.method != "GET" {
        return None;
    }
    let scope = engine.scope(ep, asked);
    let q = |k: &str| asked.param(k);
    let v0 = asked.values.first().cloned().unwrap_or_default();
    let running = |store: &Store| -> Vec<(String, Value)> {
        let prefix = format!("{scope}|~group/");
        store
            .items
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.first()?.clone())))
            .flat_map(|(gid, state)| {
                let list = state["instances"].as_array().cloned().unwrap_or_default();
                list.into_iter().map(move |i| (gid.clone(), i))
            })
            .collect()
    };
    let found: Result<Vec<Value>, (u16, &str, String, &str)> = match ep.path.as_str() {
        "/aws/ec2/spotType" => {
            let region = q("region").unwrap_or_default();
            match region.split('-').count() == 3 && region.ends_with(|c: char| c.is_ascii_digit()) {
                true => Ok(PRICES
                    .iter()
                    .map(|(t, _)| json!({"instanceType": t}))
                    .collect()),
                false => Err((
                    400,
                    "INVALID_REGION",
                    format!("{region:?} is not an AWS region"),
                    "query:region",
                )),
            }
        }
        "/aws/ec2/instance/{instanceId}" => {
            let store = engine.store.lock().unwrap();
            match running(&store)
                .into_iter()
                .find(|(_, i)| i["instanceId"] == v0.as_str())
            {
                Some(_) => Ok(vec![json!({"instanceId": v0, "lifeCycleState": "ACTIVE"})]),
                None => Err((
                    404,
                    "RESOURCE_DOES_NOT_EXIST",
                    format!("Instance {v0} does not exist"),
                    "path:instanceId",
                )),
            }
        }
        "/aws/ec2/group/{groupId}/costs/detailed" => {
            let from = q("fromDate").and_then(|d| parse_date(&d)).unwrap_or(0);
            let to = q("toDate")
                .and_then(|d| parse_date(&d))
                .map(|t| t + 86_400_000)
                .unwrap_or(i64::MAX);
            let now = ms();
            let store = engine.store.lock().unwrap();
            Ok(running(&store)
                .into_iter()
                .filter(|(gid, _)| *gid == v0)
                .map(|(gid, i)| instance_cost(&gid, &i, from, to.min(now)))
                .collect())
        }
        _ => return None,
    };
    Some(match found {
        Ok(items) => engine.items(ep, &asked.url, items),
        Err((status, code, message, field)) => engine.errors(
            ep,
            &asked.url,
            status,
            vec![json!({"code": code, "message": message, "field": field})],
        ),
    })
}

/// What instance `i` of group `gid` cost between `from` and `to` (ms).
fn instance_cost(gid: &str, i: &Value, from: i64, to: i64) -> Value {
    let launched = i["launchedMs"].as_i64().unwrap_or(from);
    let hours = ((to - launched.max(from)).max(0) as f64 / 3_600_000.0).round();
    let kind = i["instanceType"].as_str().unwrap_or("m5.large");
    let price = PRICES
        .iter()
        .find(|(t, _)| *t == kind)
        .map_or(0.1, |(_, p)| *p);
    let spot = i["lifeCycle"] == "SPOT";
    let potential = (hours * price * 1000.0).round() / 1000.0;
    let actual = if spot {
        (potential * 0.3 * 1000.0).round() / 1000.0
    } else {
        potential
    };
    json!({"groupId": gid, "instanceId": i["instanceId"], "instanceType": kind,
        "availabilityZone": i["availabilityZone"], "running": {"value": hours, "unit": "hours"},
        "savings": {"value": if spot { 70 } else { 0 }, "unit": "percentage"},
        "costs": {"actual": actual, "potential": potential}})
}
