//! Kubernetes jobs and pods (ops 53–55).

use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::{delete, post};
use axum::Router;
use serde_json::json;

use super::{audit, fail, input, lock, ok, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/kube/job/{job_name}", delete(delete_job))
        .route("/kube/pod/delete", post(delete_pod))
        .route("/kube/pod/quarantine", post(quarantine_pod))
}

fn done() -> Response {
    ok(json!({ "data": null, "statusCode": 200, "error": null }))
}

async fn delete_job(State(s): State<Shared>, Path(job): Path<String>) -> Response {
    let mut m = lock(&s);
    if m.jobs.remove(&job).is_none() {
        return fail(
            404,
            format!("job \"{job}\" not found in namespace {}", m.namespace),
        );
    }
    audit(&format!("deleted Kubernetes job {job}"));
    done()
}

/// Q66: "pod ID" is read as the pod's name.
async fn pod_name(req: Request) -> Result<String, Response> {
    let i = input(req).await?;
    i.text("pod")
        .ok_or_else(|| fail(400, "pod is required (the pod's name)"))
}

async fn delete_pod(State(s): State<Shared>, req: Request) -> Response {
    let pod = match pod_name(req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut m = lock(&s);
    let Some((object, idx)) = m.find_pod(&pod) else {
        return fail(
            404,
            format!("pod \"{pod}\" not found in namespace {}", m.namespace),
        );
    };
    audit(&format!("deleted pod {pod} of {object}"));
    if let Some(pods) = m.pods.get_mut(&object) {
        pods.remove(idx);
    }
    m.reconcile_pods();
    done()
}

async fn quarantine_pod(State(s): State<Shared>, req: Request) -> Response {
    let pod = match pod_name(req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut m = lock(&s);
    let Some((object, idx)) = m.find_pod(&pod) else {
        return fail(
            404,
            format!("pod \"{pod}\" not found in namespace {}", m.namespace),
        );
    };
    if m.pods[&object][idx].quarantined {
        return fail(409, format!("pod \"{pod}\" is already quarantined"));
    }
    audit(&format!("quarantined pod {pod} of {object}"));
    if let Some(pods) = m.pods.get_mut(&object) {
        pods[idx].quarantined = true;
    }
    m.reconcile_pods();
    done()
}
