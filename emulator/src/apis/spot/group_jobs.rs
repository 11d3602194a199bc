//! Elastigroup AWS work beyond blue/green deployments, moving by the clock: ECS cluster rolls
//! (batch by batch, `BATCH_MS` each; a second while one runs, or one while the group's
//! blue/green deployment is open, refused in Spot's words; stopped through the status update), Beanstalk maintenance (ACTIVE → AWAIT_USER_UPDATE when started,
//! CANCELING_MAINTENANCE_MODE for `LEAVE_MS` once finished, then ACTIVE again), the Beanstalk
//! environment's configuration and its re-import, and CodeDeploy blue/green deployments
//! (STARTING → IN_PROGRESS → FINISHED). Each needs the group's integration in its configuration
//! (`thirdPartiesIntegration.ecs`, `.elasticBeanstalk`, `.codeDeploy`), as Spot does.
//!
//! The state is kept in the engine's store under a key no route forms: `<account>|~jobs/<groupId>`.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::groups::iso;
use super::{holds_id, now, Asked, Engine, Store};

/// How long one ECS cluster roll batch takes.
const BATCH_MS: i64 = 1_500;
/// How long leaving Beanstalk maintenance mode takes.
const LEAVE_MS: i64 = 3_000;
/// How long a CodeDeploy deployment is starting, then in progress.
const CODEDEPLOY_MS: i64 = 1_500;

const GROUP: &str = "/aws/ec2/group/{groupId}";

/// Answers what this module handles; `None` leaves the request to the engine.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let route = ep
        .path
        .strip_prefix(GROUP)
        .or_else(|| (ep.path == "/aws/ec2/group/beanstalk/import").then_some("beanstalk/import"))?;
    let q = |k: &str| asked.param(k).unwrap_or_default();
    let t = chrono::Utc::now().timestamp_millis();
    if route == "beanstalk/import" {
        return Some(engine.items(
            ep,
            &asked.url,
            vec![environment(&q("environmentId"), &q("region"))],
        ));
    }
    if !matches!(
        route,
        "/clusterRoll" | "/clusterRoll/{rollId}" | "/codeDeploy/blueGreenDeployment"
    ) && !route.starts_with("/beanstalk/")
    {
        return None;
    }
    let scope = engine.scope(ep, asked);
    let gid = asked.values.first().cloned().unwrap_or_default();
    let mut store = engine.store.lock().unwrap();
    let Some(group) = store
        .items
        .get(&format!("{scope}|/aws/ec2/group"))
        .and_then(|l| l.iter().find(|g| holds_id(g, &gid)).cloned())
    else {
        drop(store);
        return Some(engine.not_found(ep, &asked.url, &gid));
    };
    let key = format!("{scope}|~jobs/{gid}");
    let mut state = store
        .items
        .get(&key)
        .and_then(|l| l.first().cloned())
        .unwrap_or_else(|| json!({"ecs": [], "codeDeploy": [], "beanstalk": {"status": "ACTIVE"}}));
    let integrated = |k: &str| group["thirdPartiesIntegration"][k].is_object();
    let body = asked.body.clone().unwrap_or_default();
    let answer = match (ep.method.as_str(), route) {
        (_, "/clusterRoll" | "/clusterRoll/{rollId}") if !integrated("ecs") => {
            Err(not_integrated(&gid, "ECS"))
        }
        (_, r) if r.starts_with("/beanstalk/") && !integrated("elasticBeanstalk") => {
            Err(not_integrated(&gid, "Elastic Beanstalk"))
        }
        (_, "/codeDeploy/blueGreenDeployment") if !integrated("codeDeploy") => {
            Err(not_integrated(&gid, "CodeDeploy"))
        }
        ("POST", "/clusterRoll") if deploying(&store, &scope, &gid, t) => Err((
            "DEPLOYMENT_ALREADY_IN_PROGRESS",
            "A group roll is currently running. Cannot start cluster roll until the group roll completes.".into(),
        )),
        ("POST", "/clusterRoll") => start_roll(&mut state, &gid, &body["roll"], t),
        ("PUT", "/clusterRoll") => stop_roll(&mut state, &body["roll"], t),
        ("GET", "/clusterRoll") => Ok(list(&state["ecs"], |r| roll(r, t))),
        ("GET", "/clusterRoll/{rollId}") => {
            let rid = asked.values.get(1).cloned().unwrap_or_default();
            list(&state["ecs"], |r| roll(r, t))
                .into_iter()
                .find(|r| r["id"] == rid.as_str())
                .map(|r| vec![r])
                .ok_or_else(|| gone(&rid))
        }
        ("PUT", "/beanstalk/maintenance/start") => match maintenance(&state, t) {
            "ACTIVE" => {
                state["beanstalk"] = json!({"status": "AWAIT_USER_UPDATE"});
                Ok(Vec::new())
            }
            s => Err((
                "MAINTENANCE_MODE_NOT_ALLOWED",
                format!(
                    "Group {gid} is {s}: maintenance mode can only start when the group is ACTIVE"
                ),
            )),
        },
        ("PUT", "/beanstalk/maintenance/finish") => match maintenance(&state, t) {
            "AWAIT_USER_UPDATE" => {
                state["beanstalk"] = json!({"status": "CANCELING_MAINTENANCE_MODE", "leftMs": t});
                Ok(Vec::new())
            }
            s => Err((
                "GROUP_NOT_IN_MAINTENANCE_MODE",
                format!("Group {gid} is {s}, not in maintenance mode"),
            )),
        },
        ("GET", "/beanstalk/maintenance/status") => {
            Ok(vec![json!({"status": maintenance(&state, t)})])
        }
        ("PUT", "/beanstalk/reimport") => {
            let env = group["thirdPartiesIntegration"]["elasticBeanstalk"]["environmentId"]
                .as_str()
                .unwrap_or_default();
            let mut g = group.clone();
            g["compute"]["launchSpecification"] =
                environment(env, "")["group"]["compute"]["launchSpecification"].clone();
            g["updatedAt"] = json!(now());
            Ok(vec![json!({"group": g})])
        }
        ("POST", "/codeDeploy/blueGreenDeployment") => {
            start_codedeploy(&mut state, &gid, &body["deployment"], t)
        }
        ("GET", "/codeDeploy/blueGreenDeployment") => {
            Ok(list(&state["codeDeploy"], |d| codedeploy(d, t)))
        }
        _ => return None,
    };
    store.items.insert(key, vec![state]);
    drop(store);
    Some(match answer {
        Ok(items) => engine.items(ep, &asked.url, items),
        Err((code, message)) => {
            let status = if code == "RESOURCE_DOES_NOT_EXIST" {
                404
            } else {
                400
            };
            engine.errors(
                ep,
                &asked.url,
                status,
                vec![json!({"code": code, "message": message})],
            )
        }
    })
}

/// Spot's error code and message.
type Refusal = (&'static str, String);

fn not_integrated(gid: &str, what: &str) -> Refusal {
    (
        "GROUP_NOT_INTEGRATED",
        format!("Group {gid} has no {what} integration"),
    )
}

fn gone(id: &str) -> Refusal {
    ("RESOURCE_DOES_NOT_EXIST", format!("{id} does not exist"))
}

/// A kept list as Spot reports it, newest first.
fn list(v: &Value, show: impl Fn(&Value) -> Value) -> Vec<Value> {
    v.as_array().into_iter().flatten().rev().map(show).collect()
}

/// Whether the group's blue/green deployment ([`super::groups`]' state) is still open: not
/// stopped, and failed (waiting for an action) or not yet through its batches.
fn deploying(store: &Store, scope: &str, gid: &str, t: i64) -> bool {
    let rolls = store
        .items
        .get(&format!("{scope}|~group/{gid}"))
        .and_then(|s| s.first());
    rolls
        .and_then(|s| s["rolls"].as_array())
        .into_iter()
        .flatten()
        .any(|r| {
            let n = r["numOfBatches"].as_i64().unwrap_or(1);
            let running = t - r["startedMs"].as_i64().unwrap_or(t) < n * super::groups::BATCH_MS;
            !r["stoppedMs"].is_i64() && (r["failBatch"].is_i64() || running)
        })
}

fn start_roll(state: &mut Value, gid: &str, asked: &Value, t: i64) -> Result<Vec<Value>, Refusal> {
    if list(&state["ecs"], |r| roll(r, t))
        .iter()
        .any(|r| r["status"] == "IN_PROGRESS")
    {
        return Err((
            "CANT_ROLL",
            "Can't have 2 Rolls at the same time. Please stop the previous one.".into(),
        ));
    }
    let pct = asked["batchSizePercentage"]
        .as_i64()
        .unwrap_or(100)
        .clamp(1, 100);
    let made = state["ecs"].as_array().map_or(0, Vec::len) + 1;
    let r = json!({"id": format!("scr-{}{made:02x}", gid.trim_start_matches("sig-")), "groupId": gid,
        "numOfBatches": (100 + pct - 1) / pct, "startedMs": t, "createdAt": iso(t),
        "batchMinHealthyPercentage": asked["batchMinHealthyPercentage"].as_i64().unwrap_or(50),
        "comment": asked["comment"]});
    let shown = roll(&r, t);
    push(state, "ecs", r);
    Ok(vec![shown])
}

fn stop_roll(state: &mut Value, asked: &Value, t: i64) -> Result<Vec<Value>, Refusal> {
    if asked["status"] != "STOPPED" {
        return Err((
            "ValidationError",
            "roll.status: valid values: \"STOPPED\"".into(),
        ));
    }
    let running = state["ecs"]
        .as_array_mut()
        .and_then(|l| l.iter_mut().find(|r| roll(r, t)["status"] == "IN_PROGRESS"));
    match running {
        Some(r) => {
            r["stoppedMs"] = json!(t);
            Ok(vec![roll(r, t)])
        }
        None => Err((
            "CLUSTER_ROLL_NOT_IN_PROGRESS",
            "No cluster roll is in progress in this group".into(),
        )),
    }
}

/// An ECS cluster roll as Spot reports it, computed from the time since it started.
fn roll(r: &Value, t: i64) -> Value {
    let n = r["numOfBatches"].as_i64().unwrap_or(1).max(1);
    let until = r["stoppedMs"].as_i64().unwrap_or(t).min(t);
    let done = ((until - r["startedMs"].as_i64().unwrap_or(t)) / BATCH_MS).clamp(0, n);
    let status = match (done >= n, r["stoppedMs"].is_i64()) {
        (true, _) => "COMPLETED",
        (false, true) => "STOPPED",
        (false, false) => "IN_PROGRESS",
    };
    json!({"id": r["id"], "groupId": r["groupId"], "status": status, "currentBatch": (done + 1).min(n),
        "numOfBatches": n, "progress": {"unit": "percentage", "value": done * 100 / n},
        "batchMinHealthyPercentage": r["batchMinHealthyPercentage"], "comment": r["comment"],
        "createdAt": r["createdAt"], "updatedAt": iso(until)})
}

/// The group's Beanstalk maintenance status now.
fn maintenance(state: &Value, t: i64) -> &'static str {
    let b = &state["beanstalk"];
    match b["status"].as_str() {
        Some("AWAIT_USER_UPDATE") => "AWAIT_USER_UPDATE",
        Some("CANCELING_MAINTENANCE_MODE") if t - b["leftMs"].as_i64().unwrap_or(t) < LEAVE_MS => {
            "CANCELING_MAINTENANCE_MODE"
        }
        _ => "ACTIVE",
    }
}

/// What AWS says of a Beanstalk environment, as a group's configuration.
fn environment(env: &str, region: &str) -> Value {
    json!({"group": {"name": env, "region": if region.is_empty() { "us-east-1" } else { region },
        "capacity": {"minimum": 1, "target": 2, "maximum": 4, "unit": "instance"},
        "compute": {"instanceTypes": {"ondemand": "t3.medium", "spot": ["t3.medium", "t3a.medium", "t2.medium"]},
            "launchSpecification": {"imageId": "ami-3c873e5c", "iamRole": {"name": "aws-elasticbeanstalk-ec2-role"},
                "securityGroupIds": ["sg-b75343cf"], "monitoring": false}},
        "thirdPartiesIntegration": {"elasticBeanstalk": {"environmentId": env}}}})
}

fn start_codedeploy(
    state: &mut Value,
    gid: &str,
    asked: &Value,
    t: i64,
) -> Result<Vec<Value>, Refusal> {
    if list(&state["codeDeploy"], |d| codedeploy(d, t))
        .iter()
        .any(|d| d["state"] != "FINISHED")
    {
        return Err((
            "CANT_ROLL",
            "Can't have 2 Rolls at the same time. Please stop the previous one.".into(),
        ));
    }
    let made = state["codeDeploy"].as_array().map_or(0, Vec::len) + 1;
    let d = json!({"id": format!("cdbg-{}{made:02x}", gid.trim_start_matches("sig-")), "groupId": gid,
        "startedMs": t, "config": asked});
    let shown = codedeploy(&d, t);
    push(state, "codeDeploy", d);
    Ok(vec![shown])
}

/// A CodeDeploy blue/green deployment as Spot reports it.
fn codedeploy(d: &Value, t: i64) -> Value {
    let state = match (t - d["startedMs"].as_i64().unwrap_or(t)) / CODEDEPLOY_MS {
        0 => "STARTING",
        1 | 2 => "IN_PROGRESS",
        _ => "FINISHED",
    };
    json!({"id": d["id"], "groupId": d["groupId"], "state": state, "config": d["config"]})
}

fn push(state: &mut Value, k: &str, v: Value) {
    if !state[k].is_array() {
        state[k] = json!([]);
    }
    if let Some(l) = state[k].as_array_mut() {
        l.push(v);
    }
}
