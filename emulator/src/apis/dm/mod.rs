//! Instabase Deployment Manager (`api_root` = `…/api/v1/control_plane`, header `Token`).
//!
//! Every one of the document's 53 distinct operations, each answering in its own documented
//! envelope (X2, X3, X4 kept as documented), over an in-memory cluster ([`model`]). Routes
//! with literal segments (`/patches/search`, `/configs/k8s-inconsistencies`,
//! `/base_configs/upload/…`) win over parameter routes (X8): the router prefers static
//! segments.

mod archive;
mod base_configs;
mod body;
mod configs;
mod deployment;
mod kube;
mod labels;
mod merge;
mod model;
mod patches;
mod resourcing;
mod seed;
mod settings;
mod setup;
mod status;
mod telescope;
mod yaml;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::{Api, Ctx};
use model::{now_ms, Applied, Model};

pub type Shared = Arc<Mutex<Model>>;

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    let mut model = Model::empty(ctx.seed);
    seed::populate(&mut model);
    let state: Shared = Arc::new(Mutex::new(model));
    ctx.mount(router, Api::Dm, Api::Dm.prefix(), routes(state))
}

fn routes(state: Shared) -> Router {
    Router::new()
        .merge(setup::routes())
        .merge(base_configs::routes())
        .merge(patches::routes())
        .merge(configs::routes())
        .merge(deployment::routes())
        .merge(labels::routes())
        .merge(resourcing::routes())
        .merge(telescope::routes())
        .merge(status::routes())
        .merge(settings::routes())
        .merge(kube::routes())
        .with_state(state)
}

/// The model, with due asynchronous work completed.
fn lock(s: &Shared) -> MutexGuard<'_, Model> {
    let mut m = s.lock().unwrap_or_else(|e| e.into_inner());
    m.tick(now_ms());
    m
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON answer whose HTTP status is the body's status code (X10).
fn reply(code: u16, body: Value) -> Response {
    (status_of(code), Json(body)).into_response()
}

fn ok(body: Value) -> Response {
    reply(200, body)
}

/// `{"statusCode": 200, "data": …, "error": null}`.
fn envelope(data: Value) -> Response {
    ok(json!({ "statusCode": 200, "data": data, "error": null }))
}

/// An error in the common envelope: `{"statusCode", "data": null, "error"}`.
fn fail(code: u16, message: impl Into<String>) -> Response {
    reply(
        code,
        json!({ "statusCode": code, "data": null, "error": message.into() }),
    )
}

/// An error whose body is a bare JSON string (ops 31, 33, 35).
fn bare(code: u16, message: impl Into<String>) -> Response {
    reply(code, Value::String(message.into()))
}

/// An error as `{"error": string}` (ops 3, 4, 8, 22).
fn error_only(code: u16, message: impl Into<String>) -> Response {
    reply(code, json!({ "error": message.into() }))
}

/// 200 with no body (ops 5, 24, 25, 27, 28).
fn no_body() -> Response {
    StatusCode::OK.into_response()
}

fn failure_sentence(a: &Applied) -> String {
    let names: Vec<String> = a
        .failed
        .iter()
        .map(|(n, why)| format!("{n}: {why}"))
        .collect();
    format!(
        "{} object(s) failed to apply: {}",
        a.failed.len(),
        names.join("; ")
    )
}

/// The list-shaped result of ops 6, 9, 11, 14, 15, 16: 200 with `successful_apply`, or 500
/// with `failed_to_apply` as a list of names and an `error`.
fn list_result(a: &Applied) -> Response {
    if a.failed.is_empty() {
        return ok(json!({ "data": { "successful_apply": a.ok }, "statusCode": 200 }));
    }
    let failed: Vec<&String> = a.failed.iter().map(|(n, _)| n).collect();
    reply(
        500,
        json!({
            "data": { "successful_apply": a.ok, "failed_to_apply": failed },
            "statusCode": 500,
            "error": failure_sentence(a),
        }),
    )
}

/// The map-shaped result of `/deployment/update*` (ops 46, 47): `failed_to_apply` maps each
/// object to its reason, and the call itself answers 200 (X4).
fn map_result(a: &Applied) -> Response {
    let failed: serde_json::Map<String, Value> = a
        .failed
        .iter()
        .map(|(n, why)| (n.clone(), json!(why)))
        .collect();
    envelope(json!({ "successful_apply": a.ok, "failed_to_apply": failed }))
}

/// Reads the body (sniffed, X5); a body that cannot be read is a 400 in the common envelope.
async fn input(req: Request) -> Result<body::Input, Response> {
    body::read(req).await.map_err(|e| fail(400, e))
}

/// The emulator logs what would change a production cluster.
fn audit(what: &str) {
    eprintln!("[dm] {what}");
}
