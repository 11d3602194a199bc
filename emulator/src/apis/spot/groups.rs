//! Elastigroup AWS behaviour, not just shapes: a group's instances follow its target capacity
//! (new ones start `pending` and become healthy two seconds later), a capacity update outside
//! minimum..maximum is refused in Spot's manner and scaling stops at those bounds, a blue/green
//! deployment moves batch by batch (1.5 s per batch) and a second one is refused while one is
//! open ("Can't have 2 Rolls at the same time"), instances lock and are interrupted, stateful
//! instances change state, suspensions are listed once made, costs are a daily series over the
//! requested range, and events and logs accumulate with severities. The same behaviour serves
//! the EMR Scaler, GCP and Azure groups, in their own paths and field names
//! ([`super::group_kinds`]).
//!
//! A group whose name contains `failing` fails its deployment's second batch (or its only one),
//! which then waits for an action (detach old / new instances) and a stop — the emulator's knob
//! for that path.
//!
//! The state is kept in the engine's store (so `/__emulator/reset` puts it back), under a key no
//! route forms: `<account>|~group/<groupId>`.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::group_kinds::{deployment_settings, detach_request, Kind};
use super::{holds_id, now, Asked, Engine, Store};

/// How long one deployment batch takes.
pub(super) const BATCH_MS: i64 = 1_500;
/// How long a new instance is pending.
const PENDING_MS: i64 = 2_000;

/// Answers what this module handles; `None` leaves the request to the engine.
pub fn act(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let (kind, route) = Kind::of(&ep.path)?;
    let scope = engine.scope(ep, asked);
    let mut store = engine.store.lock().unwrap();
    let v = |i: usize| asked.values.get(i).cloned().unwrap_or_default();
    let q = |k: &str| asked.param(k);
    // Routes on an instance find its group first.
    if let Some(rest) = route.strip_prefix("instance/") {
        let (instance, what) = match rest.split_once('/') {
            Some((_, w)) => (v(0), w),
            None if rest == "interruption" || rest == "signal" => {
                let body = asked.body.clone().unwrap_or_default();
                let id = first_text(&body["instancesToInterrupt"])
                    .or_else(|| first_text(&body["instanceId"]))
                    .unwrap_or_default();
                (id, rest)
            }
            None => return None,
        };
        let gid = group_of_instance(&store, &scope, &instance)?;
        let mut g = Group::load(&mut store, kind, &scope, &gid)?;
        let t = ms();
        let ok = match what {
            "lock" => {
                let minutes = q("ttlInMinutes")
                    .and_then(|m| m.parse::<i64>().ok())
                    .unwrap_or(60);
                g.set_instance(&instance, "lockedUntil", json!(t + minutes * 60_000));
                g.event(
                    "INSTANCE_LOCKED",
                    "INFO",
                    format!("Instance {instance} locked for {minutes} minute(s)"),
                );
                true
            }
            "unlock" => {
                g.set_instance(&instance, "lockedUntil", Value::Null);
                g.event(
                    "INSTANCE_UNLOCKED",
                    "INFO",
                    format!("Instance {instance} unlocked"),
                );
                true
            }
            "standby/enter" | "standby/exit" => {
                let enter = what == "standby/enter";
                g.set_instance(&instance, "standby", json!(enter));
                g.event(
                    if enter {
                        "INSTANCE_STANDBY"
                    } else {
                        "INSTANCE_STANDBY_EXIT"
                    },
                    "INFO",
                    format!(
                        "Instance {instance} {} standby",
                        if enter { "entered" } else { "left" }
                    ),
                );
                true
            }
            "signal" => {
                let signal = asked
                    .body
                    .as_ref()
                    .and_then(|b| b["signal"].as_str().map(str::to_string))
                    .unwrap_or_default();
                g.event(
                    "INSTANCE_SIGNAL",
                    "INFO",
                    format!("Instance {instance} signalled {signal}"),
                );
                true
            }
            "interruption" => {
                g.remove_instance(&instance);
                g.event(
                    "SPOT_INTERRUPTION",
                    "WARN",
                    format!("Instance {instance} was interrupted (simulated); a replacement is launching"),
                );
                g.sync(t);
                true
            }
            _ => false,
        };
        g.save(&mut store);
        drop(store);
        return ok.then(|| engine.items(ep, &asked.url, Vec::new()));
    }
    if kind == Kind::Aws
        && ep.method == "POST"
        && matches!(
            route,
            "group/autoScalingGroup/import" | "group/instance/import"
        )
    {
        let asg = route.contains("autoScalingGroup");
        let source = q(if asg {
            "autoScalingGroupName"
        } else {
            "instanceId"
        })
        .unwrap_or_default();
        let name = asked
            .body
            .as_ref()
            .and_then(|b| b["group"]["name"].as_str())
            .filter(|n| !n.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("{source}-imported"));
        let target = if asg { 2 } else { 1 };
        let group = json!({"name": name, "region": q("region").unwrap_or_else(|| "us-east-1".into()),
            "description": format!("Imported from {} {source}", if asg { "Auto Scaling group" } else { "EC2 instance" }),
            "capacity": {"minimum": 1, "target": target, "maximum": target * 2, "unit": "instance"}});
        // A dry run says what would be made; otherwise the group is made.
        let made = if q("dryRun").as_deref() == Some("true") {
            group
        } else {
            let create = engine
                .endpoints
                .iter()
                .find(|e| e.method == "POST" && e.path == kind.collection())?;
            let key = format!("{scope}|{}", kind.collection());
            engine.create(&mut store, create, &key, Some(&json!({ "group": group })))
        };
        drop(store);
        return Some(engine.items(ep, &asked.url, vec![made]));
    }
    let rest = route.strip_prefix(kind.group_segment())?;
    let (_, what) = rest.split_once('/')?;
    let (method, what) = kind.normalize(&ep.method, what);
    let gid = v(0);
    let mut g = Group::load(&mut store, kind, &scope, &gid)?;
    let t = ms();
    g.sync(t);
    let pending = |i: &Value| t - i["launchedMs"].as_i64().unwrap_or(0) < PENDING_MS;
    let answer = match (method.as_str(), what.as_str()) {
        ("GET", "status") => {
            let list: Vec<(Value, bool)> = g
                .instances()
                .into_iter()
                .map(|i| {
                    let p = pending(&i);
                    (i, p)
                })
                .collect();
            Ok(kind.status(&list, &gid, &g.state["suspensions"], |i| {
                status_item(i, &gid, t)
            }))
        }
        ("GET", "instanceHealthiness") => Ok(g
            .instances()
            .iter()
            .map(|i| kind.health(i, &gid, pending(i)))
            .collect()),
        ("POST", "vm/lock") | ("POST", "vm/unlock") => {
            let vm = v(1);
            let lock = what == "vm/lock";
            let minutes = q("ttlInMinutes")
                .and_then(|m| m.parse::<i64>().ok())
                .unwrap_or(60);
            let until = if lock {
                json!(t + minutes * 60_000)
            } else {
                Value::Null
            };
            g.set_instance(&vm, "lockedUntil", until);
            g.event(
                if lock {
                    "VM_PROTECTED"
                } else {
                    "VM_PROTECTION_REMOVED"
                },
                "INFO",
                format!(
                    "VM {vm} {}",
                    if lock {
                        "protected"
                    } else {
                        "no longer protected"
                    }
                ),
            );
            Ok(Vec::new())
        }
        ("PUT", "capacity") => {
            let body = asked.body.clone().unwrap_or_default();
            let c = &body["capacity"];
            let mut cap = g.capacity();
            for k in ["minimum", "target", "maximum"] {
                if let Some(n) = c[k].as_i64() {
                    cap[k] = json!(n);
                }
            }
            match capacity_problem(&cap) {
                Some(e) => Err(e),
                None => {
                    let before = g.capacity();
                    g.set_capacity(cap.clone());
                    g.event(
                        "GROUP_UPDATED",
                        "INFO",
                        format!(
                            "Capacity changed from {}/{}/{} to {}/{}/{} (minimum/target/maximum)",
                            before["minimum"],
                            before["target"],
                            before["maximum"],
                            cap["minimum"],
                            cap["target"],
                            cap["maximum"]
                        ),
                    );
                    g.sync(t);
                    Ok(vec![json!({"capacity": cap})])
                }
            }
        }
        ("PUT", "scale/up") | ("PUT", "scale/down") => {
            let n = q("adjustment")
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or(1);
            let up = what == "scale/up";
            let mut cap = g.capacity();
            let now_target = cap["target"].as_i64().unwrap_or(0);
            // Scaling stops at the maximum and at the minimum (a capacity update asking for less
            // than the minimum is refused instead).
            let target = if up {
                (now_target + n).min(cap["maximum"].as_i64().unwrap_or(0).max(now_target))
            } else {
                (now_target - n).max(cap["minimum"].as_i64().unwrap_or(0).min(now_target))
            };
            cap["target"] = json!(target);
            match capacity_problem(&cap) {
                Some(e) => Err(e),
                None => {
                    let old: Vec<String> = g.instances().iter().map(id_of).collect();
                    g.set_capacity(cap);
                    g.event(
                        if up { "SCALE_UP" } else { "SCALE_DOWN" },
                        "INFO",
                        format!(
                            "Scaled {} by {n} to a target of {target}",
                            if up { "up" } else { "down" }
                        ),
                    );
                    g.sync(t);
                    let now_ids: Vec<String> = g.instances().iter().map(id_of).collect();
                    let item = if up {
                        let new: Vec<Value> = g
                            .instances()
                            .iter()
                            .filter(|i| !old.contains(&id_of(i)))
                            .map(|i| json!({"instanceId": i["instanceId"], "availabilityZone": i["availabilityZone"], "instanceType": i["instanceType"]}))
                            .collect();
                        json!({"newInstances": new, "newSpotRequests": []})
                    } else {
                        let gone: Vec<Value> = old
                            .iter()
                            .filter(|i| !now_ids.contains(i))
                            .map(|i| json!({"instanceId": i}))
                            .collect();
                        json!({"victimInstances": gone, "victimSpotRequests": []})
                    };
                    Ok(vec![item])
                }
            }
        }
        ("PUT", "detachInstances") => {
            let body = asked.body.clone().unwrap_or_default();
            let (ids, terminate) = detach_request(&body);
            let decrement = body["shouldDecrementTargetCapacity"] == true;
            let mut cap = g.capacity();
            if decrement {
                let target = cap["target"].as_i64().unwrap_or(0) - ids.len() as i64;
                cap["target"] = json!(target);
                if let Some(e) = capacity_problem(&cap) {
                    drop(store);
                    return Some(refusal(engine, ep, asked, e));
                }
                g.set_capacity(cap);
            }
            for id in &ids {
                g.remove_instance(id);
            }
            g.event(
                "INSTANCES_DETACHED",
                "INFO",
                format!(
                    "Detached {} ({}; {})",
                    ids.join(", "),
                    if terminate {
                        "terminated"
                    } else {
                        "left running outside the group"
                    },
                    if decrement {
                        "target decremented"
                    } else {
                        "replacements launching"
                    }
                ),
            );
            g.sync(t);
            Ok(Vec::new())
        }
        ("GET", "costs") => Ok(costs(&g, q("fromDate"), q("toDate"), t)),
        ("PUT", "roll") => {
            if g.open_roll(t).is_some() {
                Err((
                    "CANT_ROLL",
                    "Can't have 2 Rolls at the same time. Please stop the previous one."
                        .to_string(),
                    None,
                ))
            } else {
                let body = deployment_settings(&asked.body.clone().unwrap_or_default());
                let pct = body["batchSizePercentage"]
                    .as_i64()
                    .unwrap_or(100)
                    .clamp(1, 100);
                let batches = (100 + pct - 1) / pct;
                let fail = g.name().contains("failing").then_some(batches.min(2));
                let id = format!(
                    "sbgd-{}{:02x}",
                    gid.trim_start_matches("sig-"),
                    g.state["rolls"].as_array().map_or(0, Vec::len) + 1
                );
                let roll = json!({"id": id, "groupId": gid, "startedMs": t, "numOfBatches": batches,
                    "failBatch": fail, "config": body, "createdAt": now()});
                g.rolls_mut().push(roll);
                g.event(
                    "DEPLOYMENT_STARTED",
                    "INFO",
                    format!("Blue/green deployment {id} started in {batches} batch(es)"),
                );
                let r = roll_status(g.rolls().last().unwrap(), t);
                Ok(vec![r])
            }
        }
        ("GET", "roll") => Ok(g.rolls().iter().rev().map(|r| roll_status(r, t)).collect()),
        ("GET", w) if w.ends_with("/status") && w.starts_with("roll/") => {
            let rid = v(1);
            match g.rolls().iter().find(|r| r["id"] == rid.as_str()) {
                Some(r) => Ok(vec![roll_status(r, t)]),
                None => Err(not_found(&rid)),
            }
        }
        ("PUT", w) if w.starts_with("roll/") => {
            let rid = v(1);
            let frozen = g
                .rolls()
                .iter()
                .find(|r| r["id"] == rid.as_str())
                .map(|r| roll_status(r, t));
            match frozen {
                None => Err(not_found(&rid)),
                Some(s) if s["status"] == "FINISHED" || s["status"] == "STOPPED" => Err((
                    "ROLL_NOT_IN_PROGRESS",
                    format!(
                        "Deployment {rid} is {} and cannot be stopped",
                        s["status"].as_str().unwrap_or("")
                    ),
                    None,
                )),
                Some(_) => {
                    if let Some(r) = g.rolls_mut().iter_mut().find(|r| r["id"] == rid.as_str()) {
                        r["stoppedMs"] = json!(t);
                    }
                    g.event(
                        "DEPLOYMENT_STOPPED",
                        "WARN",
                        format!("Deployment {rid} stopped"),
                    );
                    Ok(Vec::new())
                }
            }
        }
        ("POST", w) if w.ends_with("/action") => {
            let rid = v(1);
            let action = asked
                .body
                .as_ref()
                .and_then(|b| b["actionType"].as_str().map(str::to_string))
                .unwrap_or_default();
            let status = g
                .rolls()
                .iter()
                .find(|r| r["id"] == rid.as_str())
                .map(|r| roll_status(r, t));
            match status {
                None => Err(not_found(&rid)),
                Some(s) if s["status"] != "FAILED" => Err((
                    "ROLL_NOT_FAILED",
                    format!("Deployment {rid} has no failed batch waiting for an action"),
                    Some("body:actionType"),
                )),
                Some(_) => {
                    let which = if action == "DETACH_NEW" { "new" } else { "old" };
                    if let Some(r) = g.rolls_mut().iter_mut().find(|r| r["id"] == rid.as_str()) {
                        r["action"] = json!(action);
                    }
                    g.event(
                        "DEPLOYMENT_ACTION",
                        "INFO",
                        format!("Deployment {rid}: the {which} instances of the failed batch were detached ({action})"),
                    );
                    Ok(vec![json!({"id": rid, "actionType": action})])
                }
            }
        }
        ("GET", "events") => {
            let from = q("fromDate").and_then(|d| parse_date(&d));
            let mut list: Vec<Value> = g.state["events"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| from.is_none_or(|f| e["ms"].as_i64().unwrap_or(0) >= f))
                .collect();
            list.reverse();
            Ok(list.into_iter().map(strip_ms).collect())
        }
        ("GET", "logs") => {
            let from = q("fromDate").and_then(|d| parse_date(&d));
            let to = q("toDate")
                .and_then(|d| parse_date(&d))
                .map(|d| d + 86_400_000);
            let severity = q("severity").filter(|s| !s.is_empty() && s != "ALL");
            let limit = q("limit")
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(usize::MAX);
            let mut list: Vec<Value> = g.state["events"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| {
                    let at = e["ms"].as_i64().unwrap_or(0);
                    from.is_none_or(|f| at >= f)
                        && to.is_none_or(|x| at < x)
                        && severity.as_deref().is_none_or(|s| e["severity"] == s)
                })
                .collect();
            list.reverse();
            list.truncate(limit);
            Ok(list
                .into_iter()
                .map(|e| json!({"message": e["message"], "severity": e["severity"], "createdAt": e["createdAt"]}))
                .collect())
        }
        ("GET", "statefulInstance") => Ok(g.stateful(t)),
        ("PUT", w) if w.starts_with("statefulInstance/") => {
            let sid = v(1);
            let verb = w.rsplit('/').next().unwrap_or_default().to_string();
            g.stateful(t);
            let state = match verb.as_str() {
                "pause" => "PAUSED",
                "resume" => "ACTIVE",
                "recycle" => "RECYCLING",
                _ => "DEALLOCATED",
            };
            let found = g.state["stateful"]
                .as_array_mut()
                .and_then(|l| l.iter_mut().find(|s| s["id"] == sid.as_str()));
            match found {
                None => Err(not_found(&sid)),
                Some(s) => {
                    s["state"] = json!(state);
                    s["changedMs"] = json!(t);
                    g.event(
                        "STATEFUL_INSTANCE",
                        "INFO",
                        format!("Stateful instance {sid}: {verb}"),
                    );
                    Ok(Vec::new())
                }
            }
        }
        ("POST", "suspension") => {
            let body = asked.body.clone().unwrap_or_default();
            let made = body["suspensions"].as_array().cloned().unwrap_or_default();
            let list = g.state["suspensions"].as_array_mut();
            if let Some(list) = list {
                list.extend(made.iter().cloned());
            } else {
                g.state["suspensions"] = Value::Array(made.clone());
            }
            g.event(
                "PROCESSES_SUSPENDED",
                "INFO",
                format!("{} process(es) suspended", made.len()),
            );
            Ok(vec![
                json!({"groupId": gid, "suspensions": g.state["suspensions"]}),
            ])
        }
        ("GET", "suspension") => Ok(vec![
            json!({"groupId": gid, "suspensions": g.state["suspensions"].as_array().cloned().unwrap_or_default()}),
        ]),
        ("DELETE", "suspension") => {
            let names: Vec<Value> = asked
                .body
                .as_ref()
                .and_then(|b| b["processes"].as_array().cloned())
                .unwrap_or_default();
            if let Some(list) = g.state["suspensions"].as_array_mut() {
                list.retain(|s| !names.contains(&s["name"]));
            }
            Ok(vec![
                json!({"groupId": gid, "suspensions": g.state["suspensions"]}),
            ])
        }
        ("POST", "scale/suspendPolicy") => {
            let policy = q("policyName").unwrap_or_default();
            let minutes = asked
                .body
                .as_ref()
                .and_then(|b| b["suspension"]["ttlInMinutes"].as_i64());
            let item = json!({"groupId": gid, "policyName": policy, "state": "suspended",
                "expiresAt": minutes.map(|m| iso(t + m * 60_000))});
            let list = g.list("policySuspensions");
            list.retain(|s| s["policyName"] != policy.as_str());
            list.push(item.clone());
            g.event(
                "POLICY_SUSPENDED",
                "INFO",
                format!("Scaling policy {policy} suspended"),
            );
            Ok(vec![item])
        }
        ("GET", "scale/suspensions") => {
            let now_listed: Vec<Value> = g
                .list("policySuspensions")
                .iter()
                .filter(|s| {
                    s["expiresAt"]
                        .as_str()
                        .and_then(parse_date)
                        .is_none_or(|until| until > t)
                })
                .cloned()
                .collect();
            Ok(vec![json!({"scalePolicySuspensions": now_listed})])
        }
        ("POST", "scale/resumePolicy") => {
            let policy = q("policyName").unwrap_or_default();
            g.list("policySuspensions")
                .retain(|s| s["policyName"] != policy.as_str());
            g.event(
                "POLICY_RESUMED",
                "INFO",
                format!("Scaling policy {policy} resumed"),
            );
            Ok(Vec::new())
        }
        _ => {
            g.save(&mut store);
            return None;
        }
    };
    g.save(&mut store);
    drop(store);
    Some(match answer {
        Ok(items) => engine.items(ep, &asked.url, items),
        Err(e) => refusal(engine, ep, asked, e),
    })
}

/// A refusal: Spot's error code, its message, the field when there is one.
type Refusal = (&'static str, String, Option<&'static str>);

fn refusal(
    engine: &Engine,
    ep: &Endpoint,
    asked: &Asked,
    (code, message, field): Refusal,
) -> Response {
    let status = if code == "RESOURCE_DOES_NOT_EXIST" {
        404
    } else {
        400
    };
    let mut e = json!({"code": code, "message": message});
    if let Some(f) = field {
        e["field"] = json!(f);
    }
    engine.errors(ep, &asked.url, status, vec![e])
}

fn not_found(id: &str) -> Refusal {
    (
        "RESOURCE_DOES_NOT_EXIST",
        format!("{id} does not exist"),
        None,
    )
}

/// Minimum ≤ target ≤ maximum, or what Spot says.
fn capacity_problem(cap: &Value) -> Option<Refusal> {
    let n = |k: &str| cap[k].as_i64().unwrap_or(0);
    let (min, target, max) = (n("minimum"), n("target"), n("maximum"));
    if min > max {
        return Some((
            "ValidationError",
            format!("minimum ({min}) cannot be above maximum ({max})"),
            Some("body:capacity.minimum"),
        ));
    }
    if target < min {
        return Some((
            "CANT_SCALE_BELOW_MINIMUM",
            format!("Target capacity {target} is below the group's minimum of {min}. Lower the minimum first."),
            Some("body:capacity.target"),
        ));
    }
    if target > max {
        return Some((
            "CANT_SCALE_ABOVE_MAXIMUM",
            format!("Target capacity {target} is above the group's maximum of {max}. Raise the maximum first."),
            Some("body:capacity.target"),
        ));
    }
    None
}

fn ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub(super) fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_date(s: &str) -> Option<i64> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let day = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

fn first_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first().and_then(first_text),
        _ => None,
    }
}

fn id_of(i: &Value) -> String {
    i["instanceId"].as_str().unwrap_or_default().to_string()
}

fn strip_ms(mut e: Value) -> Value {
    if let Some(m) = e.as_object_mut() {
        m.remove("ms");
    }
    e
}

fn status_item(i: &Value, gid: &str, t: i64) -> Value {
    let pending = t - i["launchedMs"].as_i64().unwrap_or(0) < PENDING_MS;
    let spot = i["lifeCycle"] == "SPOT";
    json!({
        "instanceId": i["instanceId"], "groupId": gid, "instanceType": i["instanceType"],
        "availabilityZone": i["availabilityZone"], "product": "Linux/UNIX",
        "privateIp": i["privateIp"], "createdAt": i["createdAt"],
        "spotInstanceRequestId": if spot { json!(format!("sir-{}", &id_of(i)[2..])) } else { Value::Null },
        "status": if pending { "pending-evaluation" } else { "fulfilled" },
        "lifeCycle": i["lifeCycle"],
        "lockedUntil": i["lockedUntil"].as_i64().filter(|u| *u > t).map(iso),
    })
}

/// A deployment as Spot reports it, computed from the time since it started.
fn roll_status(r: &Value, t: i64) -> Value {
    let n = r["numOfBatches"].as_i64().unwrap_or(1).max(1);
    let started = r["startedMs"].as_i64().unwrap_or(t);
    let until = r["stoppedMs"].as_i64().unwrap_or(t).min(t);
    let done = ((until - started) / BATCH_MS).clamp(0, n);
    let (status, done) = match r["failBatch"].as_i64() {
        Some(f) if done >= f => ("FAILED", f - 1),
        _ if done >= n => ("FINISHED", n),
        _ => ("IN_PROGRESS", done),
    };
    let status = if r["stoppedMs"].is_i64() && status != "FINISHED" {
        "STOPPED"
    } else {
        status
    };
    let batches: Vec<Value> = (1..=n)
        .map(|b| {
            let s = if b <= done {
                "FINISHED"
            } else if b == done + 1 && status == "FAILED"
                || b == done + 1 && status == "STOPPED" && r["failBatch"] == b
            {
                "FAILED"
            } else if b == done + 1 && status == "IN_PROGRESS" {
                "IN_PROGRESS"
            } else {
                "PENDING"
            };
            json!({"batchNumber": b, "status": s})
        })
        .collect();
    json!({
        "id": r["id"], "groupId": r["groupId"], "status": status,
        "currentBatch": (done + 1).min(n), "numOfBatches": n,
        "progress": {"unit": "percent", "value": done * 100 / n},
        "batches": batches, "strategy": r["config"]["strategy"],
        "action": r["action"], "createdAt": r["createdAt"],
        "updatedAt": iso(until),
    })
}

/// A daily series from `from` to `to` (default: the last week): what the group's running
/// instances cost, what they would have on demand, the difference.
fn costs(g: &Group, from: Option<String>, to: Option<String>, t: i64) -> Vec<Value> {
    const DAY: i64 = 86_400_000;
    let to = to.and_then(|d| parse_date(&d)).unwrap_or(t);
    let from = from.and_then(|d| parse_date(&d)).unwrap_or(to - 6 * DAY);
    let running = g.instances().len().max(1) as f64;
    let mut out = Vec::new();
    let mut day = from - from.rem_euclid(DAY);
    while day <= to && out.len() < 400 {
        let wobble = 1.0 + ((day / DAY) % 5) as f64 * 0.04;
        let potential = (running * 2.30 * 24.0 * wobble * 100.0).round() / 100.0;
        let actual = (potential * 0.32 * 100.0).round() / 100.0;
        out.push(g.kind.cost(iso(day), actual, potential));
        day += DAY;
    }
    out
}

fn group_of_instance(store: &Store, scope: &str, instance: &str) -> Option<String> {
    let prefix = format!("{scope}|~group/");
    store.items.iter().find_map(|(k, v)| {
        let gid = k.strip_prefix(&prefix)?;
        let held = v.first()?["instances"]
            .as_array()?
            .iter()
            .any(|i| i["instanceId"] == instance);
        held.then(|| gid.to_string())
    })
}

/// A group and the state this module keeps for it.
struct Group {
    kind: Kind,
    scope: String,
    id: String,
    entity: Value,
    state: Value,
}

impl Group {
    fn load(store: &mut Store, kind: Kind, scope: &str, id: &str) -> Option<Group> {
        let entity = store
            .items
            .get(&format!("{scope}|{}", kind.collection()))?
            .iter()
            .find(|e| holds_id(e, id))?
            .clone();
        let state = store
            .items
            .get(&format!("{scope}|~group/{id}"))
            .and_then(|v| v.first().cloned())
            .unwrap_or_else(
                || json!({"instances": [], "rolls": [], "events": [], "suspensions": [], "seq": 0}),
            );
        Some(Group {
            kind,
            scope: scope.into(),
            id: id.into(),
            entity,
            state,
        })
    }

    fn save(self, store: &mut Store) {
        let key = format!("{}|{}", self.scope, self.kind.collection());
        if let Some(list) = store.items.get_mut(&key) {
            if let Some(e) = list.iter_mut().find(|e| holds_id(e, &self.id)) {
                *e = self.entity;
            }
        }
        store.items.insert(
            format!("{}|~group/{}", self.scope, self.id),
            vec![self.state],
        );
    }

    fn name(&self) -> String {
        self.entity["name"].as_str().unwrap_or_default().to_string()
    }

    fn capacity(&self) -> Value {
        let c = &self.entity["capacity"];
        json!({"minimum": c["minimum"].as_i64().unwrap_or(0), "target": c["target"].as_i64().unwrap_or(0),
               "maximum": c["maximum"].as_i64().unwrap_or(0), "unit": c["unit"].as_str().unwrap_or("instance")})
    }

    fn set_capacity(&mut self, cap: Value) {
        if let Some(m) = self.entity.as_object_mut() {
            let slot = m.entry("capacity").or_insert_with(|| json!({}));
            for k in ["minimum", "target", "maximum"] {
                slot[k] = cap[k].clone();
            }
            m.insert("updatedAt".into(), json!(now()));
        }
    }

    fn instances(&self) -> Vec<Value> {
        self.state["instances"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn list(&mut self, k: &str) -> &mut Vec<Value> {
        if !self.state[k].is_array() {
            self.state[k] = json!([]);
        }
        self.state[k].as_array_mut().unwrap()
    }

    fn rolls(&self) -> Vec<Value> {
        self.state["rolls"].as_array().cloned().unwrap_or_default()
    }

    fn rolls_mut(&mut self) -> &mut Vec<Value> {
        self.list("rolls")
    }

    /// The deployment not yet finished or stopped, if any.
    fn open_roll(&self, t: i64) -> Option<Value> {
        self.rolls()
            .iter()
            .map(|r| roll_status(r, t))
            .find(|s| s["status"] == "IN_PROGRESS" || s["status"] == "FAILED")
    }

    fn next(&mut self) -> u64 {
        let n = self.state["seq"].as_u64().unwrap_or(0) + 1;
        self.state["seq"] = json!(n);
        n
    }

    fn event(&mut self, kind: &str, severity: &str, message: String) {
        let t = ms();
        let gid = self.id.clone();
        self.list("events").push(
            json!({"groupId": gid, "eventType": kind, "severity": severity,
            "message": message, "createdAt": iso(t), "ms": t}),
        );
    }

    fn set_instance(&mut self, id: &str, k: &str, v: Value) {
        if let Some(i) = self
            .list("instances")
            .iter_mut()
            .find(|i| i["instanceId"] == id)
        {
            i[k] = v;
        }
    }

    fn remove_instance(&mut self, id: &str) {
        self.list("instances").retain(|i| i["instanceId"] != id);
    }

    /// Launches or terminates instances until as many run as the target asks (the newest
    /// unlocked ones go first).
    fn sync(&mut self, t: i64) {
        let target = self.capacity()["target"].as_i64().unwrap_or(0).max(0) as usize;
        let region = self.kind.region(&self.entity);
        let first_sync =
            self.state["instances"].as_array().is_none_or(Vec::is_empty) && self.state["seq"] == 0;
        while self.instances().len() < target {
            let n = self.next();
            let gid_hex = self.id.rsplit('-').next().unwrap_or_default().to_string();
            let zone = self.kind.zone(&region, n);
            let lifecycle = if n % 4 == 1 { "OD" } else { "SPOT" };
            // The group's first instances are running already; later ones launch now.
            let launched = if first_sync { t - 3_600_000 } else { t };
            let machine = self.kind.machine(n);
            let id = self.kind.instance_id(&gid_hex, n);
            self.list("instances").push(json!({
                "instanceId": id, "instanceType": machine,
                "lifeCycle": lifecycle, "availabilityZone": zone,
                "privateIp": format!("10.0.{}.{}", n / 250, 10 + n % 240),
                "createdAt": iso(launched), "launchedMs": launched,
            }));
        }
        let locked = |i: &Value| i["lockedUntil"].as_i64().is_some_and(|u| u > t);
        while self.instances().len() > target {
            let list = self.list("instances");
            let Some(pos) = list.iter().rposition(|i| !locked(i)) else {
                break;
            };
            list.remove(pos);
        }
    }

    /// The group's stateful instances (one per running instance, made when first asked for),
    /// recycling ones active again after two seconds.
    fn stateful(&mut self, t: i64) -> Vec<Value> {
        if !self.state["stateful"].is_array() {
            let made: Vec<Value> = self
                .instances()
                .iter()
                .enumerate()
                .map(|(k, i)| {
                    json!({"id": format!("ssi-{}{k:02x}", self.id.trim_start_matches("sig-")),
                    "instanceId": i["instanceId"], "privateIp": i["privateIp"], "state": "ACTIVE",
                    "launchSpecification": {"instanceType": i["instanceType"]},
                    "devices": [{"deviceName": "/dev/xvda", "volumeId": format!("vol-{k:08x}")}]})
                })
                .collect();
            self.state["stateful"] = Value::Array(made);
        }
        let list = self.list("stateful");
        for s in list.iter_mut() {
            if s["state"] == "RECYCLING" && t - s["changedMs"].as_i64().unwrap_or(t) > PENDING_MS {
                s["state"] = json!("ACTIVE");
            }
        }
        list.iter()
            .map(|s| {
                let mut s = s.clone();
                if let Some(m) = s.as_object_mut() {
                    m.remove("changedMs");
                }
                s
            })
            .collect()
    }
}
