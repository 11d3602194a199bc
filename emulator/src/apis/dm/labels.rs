//! Resource labels (ops 20–25): labels, their bindings to objects, and the default labels.

use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::json;

use super::body::parse_bool;
use super::{audit, envelope, error_only, fail, input, lock, no_body, ok, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        // Q36: the example POSTs; GET is documented.
        .route("/resource_labels", get(all).post(all))
        .route("/resource_labels/binding", post(bind))
        .route("/resource_labels/binding/{object_name}", delete(unbind))
        .route("/resource_labels/objects/{label}", get(objects))
        .route("/resource_labels/labels/{object_name}", get(labels_of))
        .route("/resource_labels/update-defaults", post(update_defaults))
}

async fn all(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    envelope(json!({ "labels": m.labels }))
}

/// A binding for every (label × object_name); the bound objects are re-applied.
async fn bind(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let labels = i.all("label");
    let objects = i.all("object_name");
    if labels.is_empty() || objects.is_empty() {
        return fail(400, "at least one label and one object_name are required");
    }
    let mut m = lock(&s);
    for l in &labels {
        m.labels.insert(l.clone());
        for o in &objects {
            m.bindings.insert((l.clone(), o.clone()));
        }
    }
    audit(&format!("bound {labels:?} to {objects:?}"));
    let (existing, missing): (Vec<String>, Vec<String>) =
        objects.into_iter().partition(|o| m.objects.contains_key(o));
    let mut result = m.apply(&existing);
    for o in missing {
        result.failed.push((
            o,
            "no such object in the cluster yet; the binding is kept".into(),
        ));
    }
    let failed: Vec<&String> = result.failed.iter().map(|(n, _)| n).collect();
    let error = (!result.failed.is_empty()).then(|| super::failure_sentence(&result));
    ok(json!({
        "statusCode": 200,
        "data": { "successful_apply": result.ok, "failed_to_apply": failed },
        "error": error,
    }))
}

async fn unbind(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let mut m = lock(&s);
    let before = m.bindings.len();
    m.bindings.retain(|(_, o)| o != &object);
    if before == m.bindings.len() && !m.objects.contains_key(&object) {
        return fail(404, format!("object \"{object}\" has no label bindings"));
    }
    audit(&format!("deleted every label binding of {object}"));
    no_body()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MustExist {
    must_exist: Option<String>,
}

/// Q38: `must_exist` defaults to false; true keeps only objects that have base configs.
async fn objects(
    State(s): State<Shared>,
    Path(label): Path<String>,
    Query(q): Query<MustExist>,
) -> Response {
    let must_exist = match q.must_exist.as_deref() {
        None | Some("") => false,
        Some(v) => match parse_bool(v) {
            Some(b) => b,
            None => {
                return error_only(
                    400,
                    format!("must_exist must be true or false, not \"{v}\""),
                )
            }
        },
    };
    let m = lock(&s);
    let list: Vec<&String> = m
        .bindings
        .iter()
        .filter(|(l, o)| l == &label && (!must_exist || m.latest_base(o).is_some()))
        .map(|(_, o)| o)
        .collect();
    ok(json!({ "objects": list }))
}

async fn labels_of(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let m = lock(&s);
    let list: Vec<&String> = m
        .bindings
        .iter()
        .filter(|(_, o)| o == &object)
        .map(|(l, _)| l)
        .collect();
    ok(json!({ "labels": list }))
}

async fn update_defaults(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    let added = m.ensure_defaults();
    if !added.is_empty() {
        audit(&format!(
            "created default labels and bindings: {}",
            added.join(", ")
        ));
    }
    no_body()
}
