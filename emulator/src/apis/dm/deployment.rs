//! Deployment (ops 19/46, 36, 45, 47, 52): pushing materialized configs to the cluster,
//! hibernation and revival.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::model::now_ms;
use super::{audit, envelope, fail, lock, map_result, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        // Ops 19 and 46 (X7): answered in the op-46 shape, failed_to_apply as a map (Q35).
        .route("/deployment/update", post(update_all))
        .route("/deployment/update/{object}", post(update_one))
        .route("/deployment/revive", post(revive))
        .route("/deployment/hibernate", post(hibernate))
        // Q51: plural, exactly as documented.
        .route("/deployments/namespace", get(namespace))
}

async fn update_all(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    let all = m.all_objects();
    audit("pushing every materialized config to the cluster");
    let result = m.apply(&all);
    map_result(&result)
}

async fn update_one(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let mut m = lock(&s);
    if !m.objects.contains_key(&object) {
        return fail(404, format!("object \"{object}\" does not exist"));
    }
    audit(&format!("pushing {object} to the cluster"));
    let result = m.apply(&[object]);
    map_result(&result)
}

async fn revive(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    if m.hibernated_at.take().is_some() {
        audit("reviving the platform");
        m.revived_at = Some(now_ms());
        m.reconcile_pods();
    }
    envelope(Value::Null)
}

async fn hibernate(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    if m.hibernated_at.is_none() {
        audit("hibernating: every Deployment and StatefulSet scaled to 0");
        m.hibernated_at = Some(now_ms());
        m.revived_at = None;
        m.reconcile_pods();
    }
    super::ok(json!({ "data": null, "statusCode": 200, "error": null }))
}

async fn namespace(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    envelope(json!({ "namespace": m.dm_namespace }))
}
