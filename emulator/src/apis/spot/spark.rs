//! Ocean Spark beyond the generic engine: the clusters Spark runs on (registered by its
//! operator, so read and deleted, never created), applications that move from submitted to
//! running to completed (a job whose id holds `fail` fails) over a few seconds, their driver log
//! and Kubernetes events growing a line at a time while they run, the lists across clusters,
//! and jobs as the applications submitted under each job id.

use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::world::with_minimal;
use super::{holds_id, now, Asked, Engine, Store, DEFAULT_ACCOUNT};

/// How long an application waits before it runs, in milliseconds.
pub const SUBMIT_MS: i64 = 1000;
/// One driver log line every this many milliseconds while it runs.
pub const LINE_MS: i64 = 300;
/// How many log lines a run writes before it ends.
pub const LINES: i64 = 40;

const CLUSTERS: &str = "/ocean/spark/cluster";
const DEMO_CLUSTER: &str = "osc-prod0001";

/// The demo's Spark: one cluster, a config template, two finished applications of one job.
pub fn build(engine: &Engine) {
    let t = now();
    engine.store.lock().unwrap().items.insert(
        format!("{DEFAULT_ACCOUNT}|{CLUSTERS}"),
        vec![json!({"id": DEMO_CLUSTER, "controllerClusterId": "prod-eks", "oceanClusterId": "o-5a170005",
                    "state": "AVAILABLE", "region": "us-east-1", "k8sVersion": "1.21", "nodeCount": 4,
                    "runningAppCount": 0, "oceanControllerLastHeartbeat": t, "operatorLastHeartbeat": t,
                    "createdAt": t, "updatedAt": t})],
    );
    let template = with_minimal(
        engine,
        "/ocean/spark/cluster/{clusterId}/configTemplate",
        json!({"displayName": "spark-pi-small", "config": {"type": "Scala", "mainClass": "org.apache.spark.examples.SparkPi",
               "image": "gcr.io/datamechanics/spark:platform-3.1-latest"}}),
    );
    engine.seed(
        "POST",
        &format!("{CLUSTERS}/{DEMO_CLUSTER}/configTemplate"),
        Some(DEFAULT_ACCOUNT),
        template,
    );
    let long_ago = (chrono::Utc::now() - chrono::Duration::hours(2))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for app in ["nightly-etl-1", "nightly-etl-2"] {
        let mut made = engine.seed(
            "POST",
            &format!("{CLUSTERS}/{DEMO_CLUSTER}/app"),
            Some(DEFAULT_ACCOUNT),
            json!({"jobId": "nightly-etl", "appId": app}),
        );
        made["createdAt"] = json!(long_ago);
        let mut store = engine.store.lock().unwrap();
        let list = store
            .items
            .get_mut(&apps_key(DEFAULT_ACCOUNT, DEMO_CLUSTER));
        if let Some(kept) = list.and_then(|l| l.last_mut()) {
            *kept = submitted(made, DEMO_CLUSTER);
        }
    }
}

fn apps_key(scope: &str, cluster: &str) -> String {
    format!("{scope}|{CLUSTERS}/{cluster}/app")
}

/// An application as submitted: Spot's fields around what the body asked.
fn submitted(mut app: Value, cluster: &str) -> Value {
    let name = app["appId"]
        .as_str()
        .or(app["jobId"].as_str())
        .unwrap_or_default()
        .to_string();
    app["displayName"] = json!(name);
    app["clusterId"] = json!(cluster);
    app["controllerClusterId"] = json!("prod-eks");
    app["submissionSource"] = json!("public-api");
    app["appState"] = json!("SUBMITTED");
    if let Some(c) = app.get("configOverrides").cloned() {
        app["config"] = c;
    }
    advance(&mut app);
    app
}

/// Milliseconds since the application was submitted.
fn age(app: &Value) -> i64 {
    app["createdAt"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| chrono::Utc::now().timestamp_millis() - t.timestamp_millis())
        .unwrap_or(i64::MAX)
}

/// How many driver log lines the application has written by now.
fn written(app: &Value) -> i64 {
    ((age(app) - SUBMIT_MS) / LINE_MS).clamp(0, LINES)
}

fn fails(app: &Value) -> bool {
    app["jobId"].as_str().is_some_and(|j| j.contains("fail"))
}

/// The application moved on to where the clock says it is.
fn advance(app: &mut Value) {
    let age = age(app);
    let state = if age < SUBMIT_MS {
        "SUBMITTED"
    } else if written(app) < LINES {
        "RUNNING"
    } else if fails(app) {
        "FAILED"
    } else {
        "COMPLETED"
    };
    if state != "SUBMITTED" && app.get("startedAt").is_none() {
        app["startedAt"] = json!(now());
    }
    if matches!(state, "COMPLETED" | "FAILED") && app.get("endedAt").is_none() {
        app["endedAt"] = json!(now());
    }
    app["appState"] = json!(state);
}

/// The driver log so far.
fn driver_log(app: &Value) -> String {
    let id = app["id"].as_str().unwrap_or_default();
    let n = written(app);
    let mut out = format!("INFO SparkContext: Running Spark version 3.1.1 for {id}\n");
    for i in 1..=n {
        let line = if i == LINES && fails(app) {
            format!("ERROR Executor: stage {i} failed: java.lang.IllegalStateException: input missing\n")
        } else {
            format!("INFO DAGScheduler: stage {i} of {LINES} finished\n")
        };
        out.push_str(&line);
    }
    out
}

/// The Kubernetes events so far.
fn kube_events(app: &Value) -> String {
    let id = app["id"].as_str().unwrap_or_default();
    let n = written(app);
    let mut out = format!("Normal Scheduled pod/{id}-driver assigned to a node\n");
    for (at, what) in [
        (1, "Normal Pulled image already present on machine"),
        (2, "Normal Started driver container"),
        (5, "Normal Scheduled executor pods"),
        (LINES, "Normal Completed driver container ended"),
    ] {
        if n >= at {
            out.push_str(&format!("{what} ({id})\n"));
        }
    }
    out
}

/// Ocean Spark's answer where it is more than the engine's, else `None`.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let path = ep.path.as_str();
    if !path.starts_with("/ocean/spark/") {
        return None;
    }
    let scope = engine.scope(ep, asked);
    let mut store = engine.store.lock().unwrap();
    let cluster = asked.values.first().cloned();
    let clusters = store
        .items
        .get(&format!("{scope}|{CLUSTERS}"))
        .cloned()
        .unwrap_or_default();
    // Every call under a cluster names one Spark knows.
    if let (Some(id), true) = (&cluster, path.starts_with("/ocean/spark/cluster/")) {
        if !clusters.iter().any(|c| holds_id(c, id)) {
            drop(store);
            return Some(engine.not_found(ep, &asked.url, id));
        }
    }
    let query = |k: &str| {
        asked
            .query
            .iter()
            .find(|(q, _)| q == k)
            .map(|(_, v)| v.clone())
    };
    let shown = match (ep.method.as_str(), path) {
        ("GET", CLUSTERS) => clusters,
        ("GET", "/ocean/spark/cluster/{clusterId}") => {
            let id = cluster?;
            clusters.into_iter().filter(|c| holds_id(c, &id)).collect()
        }
        ("DELETE", "/ocean/spark/cluster/{clusterId}") => {
            let id = cluster?;
            let list = store.items.get_mut(&format!("{scope}|{CLUSTERS}"))?;
            list.retain(|c| !holds_id(c, &id));
            Vec::new()
        }
        ("POST", "/ocean/spark/cluster/{clusterId}/app") => {
            let id = cluster?;
            let key = apps_key(&scope, &id);
            let made = engine.create(&mut store, ep, &key, asked.body.as_ref());
            let app = submitted(made, &id);
            if let Some(kept) = store.items.get_mut(&key).and_then(|l| l.last_mut()) {
                *kept = app.clone();
            }
            vec![app]
        }
        ("GET", "/ocean/spark/app" | "/ocean/spark/cluster/{clusterId}/app") => {
            let cluster = cluster.or_else(|| query("clusterId"));
            let page: Vec<Value> = apps(&mut store, &scope)
                .into_iter()
                .rev()
                .filter(|a| cluster.as_deref().is_none_or(|c| a["clusterId"] == c))
                .filter(|a| query("state").is_none_or(|s| a["appState"] == s.as_str()))
                .filter(|a| query("jobId").is_none_or(|j| a["jobId"] == j.as_str()))
                .collect();
            vec![json!({"total": page.len(), "page": page})]
        }
        ("GET", p) if p.starts_with("/ocean/spark/cluster/{clusterId}/app/{applicationId}") => {
            let id = asked.values.get(1)?;
            let Some(app) = apps(&mut store, &scope)
                .into_iter()
                .find(|a| holds_id(a, id) && a["clusterId"] == cluster.as_deref().unwrap_or(""))
            else {
                drop(store);
                return Some(engine.not_found(ep, &asked.url, id));
            };
            drop(store);
            let text = match p.rsplit('/').nth(1) {
                Some("logs") => driver_log(&app),
                Some("kubeEvents") => kube_events(&app),
                _ => return Some(engine.items(ep, &asked.url, vec![app])),
            };
            return Some((axum::http::StatusCode::OK, text).into_response());
        }
        ("GET", "/ocean/spark/configTemplate") => {
            let prefix = format!("{scope}|{CLUSTERS}/");
            store
                .items
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix) && k.ends_with("/configTemplate"))
                .flat_map(|(_, v)| v.iter().cloned())
                .collect()
        }
        ("GET", p) if p.contains("/job") => {
            let cluster = cluster.clone();
            let jobs = jobs(apps(&mut store, &scope))
                .into_iter()
                .filter(|j| cluster.as_deref().is_none_or(|c| j["clusterId"] == c));
            match asked.values.get(1) {
                Some(id) => {
                    let one: Vec<Value> = jobs.filter(|j| holds_id(j, id)).collect();
                    if one.is_empty() {
                        drop(store);
                        return Some(engine.not_found(ep, &asked.url, id));
                    }
                    one
                }
                None => jobs.collect(),
            }
        }
        _ => return None,
    };
    drop(store);
    Some(engine.items(ep, &asked.url, shown))
}

/// Every application of the account, moved on to now, oldest first.
fn apps(store: &mut Store, scope: &str) -> Vec<Value> {
    let prefix = format!("{scope}|{CLUSTERS}/");
    let mut all: Vec<Value> = store
        .items
        .iter_mut()
        .filter(|(k, _)| k.starts_with(&prefix) && k.ends_with("/app"))
        .flat_map(|(_, v)| v.iter_mut())
        .map(|a| {
            advance(a);
            a.clone()
        })
        .collect();
    all.sort_by(|a, b| a["createdAt"].as_str().cmp(&b["createdAt"].as_str()));
    all
}

/// The jobs: each job id's applications, its last one first.
fn jobs(apps: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for app in apps {
        let Some(job) = app["jobId"].as_str() else {
            continue;
        };
        let summary = json!({"id": app["id"], "appState": app["appState"], "displayName": app["displayName"]});
        match out.iter_mut().find(|j| j["id"] == job) {
            Some(j) => {
                j["lastApp"] = summary;
                j["updatedAt"] = app["createdAt"].clone();
            }
            None => out.push(
                json!({"id": job, "displayName": job, "clusterId": app["clusterId"],
                                    "controllerClusterId": app["controllerClusterId"],
                                    "createdAt": app["createdAt"], "updatedAt": app["createdAt"],
                                    "lastApp": summary}),
            ),
        }
    }
    out
}
