//! Resourcing and autoscaling (ops 26–29, 48).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use super::model::SIZES;
use super::{audit, envelope, fail, lock, no_body, ok, reply, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/resourcing/cluster/{size}", post(resize))
        .route("/resourcing/autoscaled", get(autoscaled))
        .route("/autoscaling/controllers/pause", post(pause))
        .route("/autoscaling/controllers/resume", post(resume))
        .route("/autoscaling/controllers/status", get(status))
}

/// Q40: the size is in the path; an unknown size is a 400.
async fn resize(State(s): State<Shared>, Path(size): Path<String>) -> Response {
    if !SIZES.iter().any(|(name, _, _)| *name == size) {
        let known: Vec<String> = SIZES
            .iter()
            .map(|(n, _, what)| format!("{n} ({what})"))
            .collect();
        return fail(
            400,
            format!(
                "unknown cluster size \"{size}\"; use one of: {}",
                known.join(", ")
            ),
        );
    }
    let mut m = lock(&s);
    audit(&format!("cluster size {} -> {size}", m.cluster_size));
    m.cluster_size = size;
    let deployments: Vec<String> = m
        .objects
        .iter()
        .filter(|(_, o)| o.kind == "Deployment")
        .map(|(n, _)| n.clone())
        .collect();
    let result = m.apply(&deployments);
    if result.failed.is_empty() {
        return envelope(json!({ "successful_apply": result.ok }));
    }
    let failed: Vec<&String> = result.failed.iter().map(|(n, _)| n).collect();
    reply(
        500,
        json!({
            "statusCode": 500,
            "data": { "successful_apply": result.ok, "failed_to_apply": failed },
            "error": super::failure_sentence(&result),
        }),
    )
}

async fn autoscaled(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let names: Vec<&String> = m
        .bindings
        .iter()
        .filter(|(l, o)| l == "autoscaled" && m.objects.contains_key(o))
        .map(|(_, o)| o)
        .collect();
    envelope(json!({ "names": names }))
}

async fn pause(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    audit("pausing autoscaling controllers");
    for v in m.controllers.values_mut() {
        *v = "paused".into();
    }
    no_body()
}

async fn resume(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    audit("resuming autoscaling controllers");
    for v in m.controllers.values_mut() {
        *v = "running".into();
    }
    no_body()
}

/// A bare map of controller → state (X2).
async fn status(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    ok(json!(m.controllers))
}
