//! Keboola Provisioning API (`<host>/provisioning`, header `X-StorageApi-Token`).

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::{Api, Ctx};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::Keboola, Api::Keboola.prefix(), routes())
}

fn routes() -> Router {
    Router::new().route(
        "/{backend}",
        get(|Path(backend): Path<String>| async move {
            Json(json!({
                "id": "1386700227",
                "credentials": { "db": "sandbox_1386700227", "hostname": format!("{backend}.keboola.example"),
                                 "id": "1386700227", "password": "s3cr3t-pass", "user": "sandbox_user" },
                "inUse": false, "touch": "1700000000", "status": "ok"
            }))
        }),
    )
}
