//! Platform status (ops 43–44): component health computed from what runs in the cluster, so
//! hibernation, revival and quarantined pods show up.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::model::{now_ms, short_hash, Model};
use super::{envelope, lock, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/platform-status/components", get(components))
        .route("/platform/version", get(version))
}

/// How long workloads take to come back after a revive.
const REVIVE_MS: i64 = 6000;
const CHECK_EVERY_S: i64 = 15;

const COMPONENTS: [(&str, &[&str], bool); 9] = [
    (
        "core-platform",
        &[
            "deployment-core-platform-service",
            "deployment-license-service",
        ],
        true,
    ),
    (
        "api-server",
        &["deployment-api-server", "deployment-api-server-apps"],
        true,
    ),
    (
        "webapp",
        &["deployment-webapp", "deployment-server-nginx"],
        true,
    ),
    ("storage", &["deployment-file-service"], true),
    (
        "jobs",
        &["deployment-job-service", "deployment-celery-app-tasks"],
        false,
    ),
    (
        "apps",
        &[
            "deployment-apps-server",
            "deployment-conversion-service",
            "deployment-ml-studio",
        ],
        false,
    ),
    ("models", &["deployment-model-service"], false),
    (
        "messaging",
        &["statefulset-redis", "statefulset-rabbitmq"],
        true,
    ),
    (
        "observability",
        &[
            "deployment-grafana",
            "deployment-loki-read",
            "statefulset-victoriametrics",
        ],
        false,
    ),
];

struct Clock {
    now_s: i64,
    checked_s: i64,
    started_s: i64,
}

fn check(
    c: &Clock,
    component: &str,
    id: &str,
    status: &str,
    details: String,
    critical: bool,
    down_since_s: Option<i64>,
) -> Value {
    let fails = match (status, down_since_s) {
        ("healthy", _) => 0,
        (_, Some(since)) => (c.now_s - since) / CHECK_EVERY_S + 1,
        _ => 1,
    };
    let runtime = 40 + (short_hash(id).bytes().map(u64::from).sum::<u64>() % 360);
    json!({
        "id": id,
        "status": status,
        "component_name": component,
        "details": details,
        "tags": ["platform-status-dashboard"],
        "is_critical": critical,
        "contiguous_fails": fails,
        "first_check_started_at_epoch_seconds": c.started_s,
        "last_checked_at_epoch_seconds": c.checked_s,
        "last_check_runtime_milliseconds": runtime,
        "last_success_at_epoch_seconds": if status == "healthy" { c.checked_s } else { down_since_s.unwrap_or(c.started_s) },
    })
}

fn workload_check(
    m: &Model,
    c: &Clock,
    component: &str,
    object: &str,
    critical: bool,
    now: i64,
) -> Value {
    let id = format!("Pods Ready: {object}");
    let pods = m.pods.get(object).cloned().unwrap_or_default();
    let serving: Vec<&str> = pods
        .iter()
        .filter(|p| !p.quarantined)
        .map(|p| p.name.as_str())
        .collect();
    let quarantined: Vec<&str> = pods
        .iter()
        .filter(|p| p.quarantined)
        .map(|p| p.name.as_str())
        .collect();
    let want = m.replicas_of(object);
    let q = if quarantined.is_empty() {
        String::new()
    } else {
        format!(
            "; quarantined (out of the load balancer): {}",
            quarantined.join(", ")
        )
    };
    if let Some(h) = m.hibernated_at {
        return check(
            c,
            component,
            &id,
            "unhealthy",
            format!("0/{want} pods ready: the platform is hibernated{q}"),
            critical,
            Some(h / 1000),
        );
    }
    if !m.deployed.contains_key(object) {
        return check(
            c,
            component,
            &id,
            "unhealthy",
            "not deployed: no config was applied".into(),
            critical,
            None,
        );
    }
    if let Some(r) = m.revived_at.filter(|r| now - r < REVIVE_MS) {
        let ready = (want * (now - r) / REVIVE_MS).min(want);
        return check(
            c,
            component,
            &id,
            "degraded",
            format!("{ready}/{want} pods ready: starting after revive{q}"),
            critical,
            Some(r / 1000),
        );
    }
    check(
        c,
        component,
        &id,
        "healthy",
        format!(
            "{}/{want} pods ready: {}{q}",
            serving.len(),
            serving.join(", ")
        ),
        critical,
        None,
    )
}

fn component(checks: Vec<Value>, c: &Clock) -> Value {
    let by_id: Map<String, Value> = checks
        .into_iter()
        .map(|v| (v["id"].as_str().unwrap_or("").to_string(), v))
        .collect();
    json!({ "last_updated_epoch_seconds": c.checked_s, "health_checks_by_id": by_id })
}

async fn components(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let now = now_ms();
    let now_s = now / 1000;
    let c = Clock {
        now_s,
        checked_s: now_s - now_s % CHECK_EVERY_S,
        started_s: m.started_ms / 1000,
    };
    let mut data = Map::new();
    let mut db = vec![check(
        &c,
        "database",
        "Database Connection",
        "healthy",
        "Check Passed!".into(),
        true,
        None,
    )];
    db[0]["tags"] = json!(["platform-status-dashboard", "upgrade"]);
    db.push(if m.db.initialized {
        check(
            &c,
            "database",
            "Database Schema",
            "healthy",
            "Instabase tables are set up".into(),
            false,
            None,
        )
    } else {
        check(
            &c,
            "database",
            "Database Schema",
            "degraded",
            "Instabase tables are not set up yet (POST /database/setup)".into(),
            false,
            Some(c.started_s),
        )
    });
    data.insert("database".into(), component(db, &c));
    let mut grouped: Vec<&str> = Vec::new();
    for (name, objects, critical) in COMPONENTS {
        let checks: Vec<Value> = objects
            .iter()
            .filter(|o| m.objects.contains_key(**o))
            .map(|o| workload_check(&m, &c, name, o, critical, now))
            .collect();
        grouped.extend(objects.iter());
        if !checks.is_empty() {
            data.insert(name.into(), component(checks, &c));
        }
    }
    let others: Vec<Value> = m
        .objects
        .iter()
        .filter(|(n, o)| Model::is_workload(&o.kind) && !grouped.contains(&n.as_str()))
        .map(|(n, _)| workload_check(&m, &c, "other-workloads", n, false, now))
        .collect();
    if !others.is_empty() {
        data.insert("other-workloads".into(), component(others, &c));
    }
    let jobs: Vec<Value> = m
        .jobs
        .iter()
        .map(|(n, j)| {
            let mut v = check(
                &c,
                "kubernetes-jobs",
                &format!("Job: {n}"),
                "healthy",
                j.detail.clone(),
                false,
                None,
            );
            v["first_check_started_at_epoch_seconds"] = json!(j.created_ms / 1000);
            v
        })
        .collect();
    if !jobs.is_empty() {
        data.insert("kubernetes-jobs".into(), component(jobs, &c));
    }
    envelope(Value::Object(data))
}

async fn version(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    envelope(json!({ "release_version": m.release_version() }))
}
