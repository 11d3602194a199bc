//! Ocean CD beyond the generic engine: the clusters Ocean CD's operator reports from (read,
//! updated and deleted, never created: the operator registers them), the notification
//! providers the document reads and writes under the microservice path, and rollouts that
//! move through their phases and obey the document's action (`rollback`) and external
//! verifications (`passed`, `failed`) a few seconds after they are asked for.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::{holds_id, merge, now, unwrap, Asked, Engine, Store, DEFAULT_ACCOUNT};

/// How long a rollout takes to act on a rollback or a verification, in milliseconds.
pub const STEP_MS: i64 = 1500;

const CLUSTERS: &str = "/ocean/cd/cluster";
const ROLLOUTS: &str = "/ocean/cd/rollout";
const PROVIDERS: &str = "/ocean/cd/notificationProvider";
const MICROSERVICES: &str = "/ocean/cd/microservice";

/// The demo's Ocean CD: a cluster, an environment, a microservice, a notification provider,
/// a rollout spec, and rollouts (two waiting for their verification, one finished).
pub fn build(engine: &Engine) {
    let t = now();
    {
        let mut store = engine.store.lock().unwrap();
        store.items.insert(
            key(CLUSTERS),
            vec![json!({"id": "prod-eks", "createdAt": t, "updatedAt": t, "lastHeartbeatTime": t,
                        "clusterInfo": {"cloudProvider": "aws", "k8sVersion": "1.21"},
                        "controllerInfo": {"version": "0.3.1"},
                        "notification": {"minutesWithoutHeartbeat": 5, "providers": ["ops-webhook"]}})],
        );
        let rollout = |id: &str, service: &str, status: &str| {
            json!({"id": id, "clusterId": "prod-eks", "cloudProvider": "aws", "namespace": "prod-ns",
                   "environment": "prod", "microservice": service, "deploymentName": service,
                   "rolloutSpec": format!("{service}-rolling"), "strategy": "canary",
                   "initiator": "detection", "oldVersion": "v1.23", "newVersion": "v1.24",
                   "startTime": t, "status": status})
        };
        store.items.insert(
            key(ROLLOUTS),
            vec![
                rollout("rol-inventory01", "inventory-service", "inProgress"),
                rollout("rol-checkout01", "checkout-service", "inProgress"),
                rollout("rol-billing001", "billing-service", "finished"),
            ],
        );
    }
    for (path, body) in [
        (
            "/ocean/cd/environment",
            json!({"environment": {"name": "prod", "clusterId": "prod-eks", "namespace": "prod-ns"}}),
        ),
        (
            MICROSERVICES,
            json!({"microservice": {"name": "inventory-service", "k8sResources": {"workload":
                {"type": "deployment", "labels": [{"key": "app", "value": "inventory"}], "versionLabelKey": "version"}}}}),
        ),
        (
            PROVIDERS,
            json!({"notificationProvider": {"name": "ops-webhook", "webhook": {"url": "https://hooks.example.com/cd"}}}),
        ),
        (
            "/ocean/cd/rolloutSpec",
            json!({"rolloutSpec": {"name": "inventory-service-rolling", "microservice": "inventory-service",
                                   "environment": "prod", "strategy": {"name": "canary"}}}),
        ),
    ] {
        let body = super::world::with_minimal(engine, path, body);
        engine.seed("POST", path, None, body);
    }
}

fn key(path: &str) -> String {
    format!("{DEFAULT_ACCOUNT}|{path}")
}

/// Ocean CD's answer where it is more than the engine's, else `None`.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let path = ep.path.as_str();
    if !path.starts_with("/ocean/cd/") {
        return None;
    }
    let mut store = engine.store.lock().unwrap();
    let id = asked.values.first().cloned();
    if path == ROLLOUTS || path.starts_with("/ocean/cd/rollout/") {
        let list = store.items.entry(key(ROLLOUTS)).or_default();
        list.iter_mut().for_each(advance);
        let Some(id) = id else {
            // The rollouts started on or after `fromDate` (a day, or a time), newest first.
            let from = asked
                .query
                .iter()
                .find(|(k, _)| k == "fromDate")
                .map(|(_, v)| v.get(..10).unwrap_or(v).to_string())
                .unwrap_or_default();
            let shown = list
                .iter()
                .rev()
                .filter(|r| r["startTime"].as_str().unwrap_or_default() >= from.as_str())
                .map(public)
                .collect();
            drop(store);
            return Some(engine.items(ep, &asked.url, shown));
        };
        let Some(rollout) = list.iter_mut().find(|r| holds_id(r, &id)) else {
            drop(store);
            return Some(engine.not_found(ep, &asked.url, &id));
        };
        let body = asked.body.as_ref()?;
        let verification = path.ends_with("/externalVerification");
        if rollout["status"] != "inProgress" || rollout.get("asked").is_some() {
            let what = if verification {
                "verification"
            } else {
                "action"
            };
            let message = format!(
                "Rollout {id} is {} and takes no {what} now",
                if rollout.get("asked").is_some() {
                    "already acting on an earlier request"
                } else {
                    rollout["status"].as_str().unwrap_or("over")
                }
            );
            drop(store);
            return Some(engine.refuse(
                ep,
                &asked.url,
                400,
                "ROLLOUT_NOT_ACTIVE",
                &message,
                "body",
            ));
        }
        let wanted = if verification {
            match body["status"].as_str() {
                Some("passed") => "finished",
                _ => "failed",
            }
        } else {
            "canceled"
        };
        rollout["asked"] = json!({"status": wanted, "at": chrono::Utc::now().timestamp_millis()});
        drop(store);
        return Some(engine.items(ep, &asked.url, Vec::new()));
    }
    if path.starts_with(CLUSTERS) {
        return clusters(engine, &mut store, ep, asked, id);
    }
    // The document has no item path of its own for notification providers (it reads and
    // writes them under the microservice path), so the engine does not keep them by itself.
    if path == PROVIDERS {
        let shown = match ep.method.as_str() {
            "POST" => vec![engine.create(&mut store, ep, &key(PROVIDERS), asked.body.as_ref())],
            _ => store
                .items
                .get(&key(PROVIDERS))
                .cloned()
                .unwrap_or_default(),
        };
        drop(store);
        return Some(engine.items(ep, &asked.url, shown));
    }
    // A name under the microservice path that is a provider and no microservice is the provider.
    let name = id?;
    if !path.starts_with(MICROSERVICES) || find(&store, MICROSERVICES, &name).is_some() {
        return None;
    }
    let pos = find(&store, PROVIDERS, &name)?;
    let list = store.items.get_mut(&key(PROVIDERS))?;
    let shown = match ep.method.as_str() {
        "GET" => vec![list[pos].clone()],
        "PUT" | "PATCH" => {
            if let (Some(Value::Object(changes)), Value::Object(entity)) =
                (asked.body.as_ref().map(unwrap), &mut list[pos])
            {
                merge(entity, changes);
                entity.insert("updatedAt".into(), json!(now()));
            }
            vec![list[pos].clone()]
        }
        "DELETE" => {
            list.remove(pos);
            Vec::new()
        }
        _ => return None,
    };
    drop(store);
    Some(engine.items(ep, &asked.url, shown))
}

fn find(store: &Store, path: &str, name: &str) -> Option<usize> {
    store
        .items
        .get(&key(path))?
        .iter()
        .position(|e| holds_id(e, name))
}

/// The clusters Ocean CD knows: listed, read, updated (notification settings), deleted.
fn clusters(
    engine: &Engine,
    store: &mut Store,
    ep: &Endpoint,
    asked: &Asked,
    id: Option<String>,
) -> Option<Response> {
    let list = store.items.entry(key(CLUSTERS)).or_default();
    let Some(id) = id else {
        return Some(engine.items(ep, &asked.url, list.clone()));
    };
    let Some(pos) = list.iter().position(|c| holds_id(c, &id)) else {
        return Some(engine.not_found(ep, &asked.url, &id));
    };
    let shown = match ep.method.as_str() {
        "PUT" => {
            if let (Some(Value::Object(changes)), Value::Object(entity)) =
                (asked.body.clone(), &mut list[pos])
            {
                merge(entity, changes);
                entity.insert("updatedAt".into(), json!(now()));
            }
            Vec::new()
        }
        "DELETE" => {
            list.remove(pos);
            Vec::new()
        }
        _ => vec![list[pos].clone()],
    };
    Some(engine.items(ep, &asked.url, shown))
}

/// A rollout as Spot shows it (what it was asked to do is the emulator's own bookkeeping).
fn public(rollout: &Value) -> Value {
    let mut r = rollout.clone();
    if let Some(m) = r.as_object_mut() {
        m.remove("asked");
    }
    r
}

/// A rollout moved on to where the clock says it is: what was asked of it takes [`STEP_MS`].
fn advance(rollout: &mut Value) {
    let Some(asked) = rollout.get("asked").cloned() else {
        return;
    };
    let at = asked["at"].as_i64().unwrap_or_default();
    if chrono::Utc::now().timestamp_millis() - at < STEP_MS {
        return;
    }
    rollout["status"] = asked["status"].clone();
    rollout["endTime"] = json!(now());
    if let Some(m) = rollout.as_object_mut() {
        m.remove("asked");
    }
}
