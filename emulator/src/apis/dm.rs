//! Instabase Deployment Manager (`api_root` = `…/api/v1/control_plane`, header `Token`).

use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::{Api, Ctx};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::Dm, Api::Dm.prefix(), routes())
}

fn routes() -> Router {
    Router::new().route(
        "/platform/version",
        get(|| async {
            Json(
                json!({ "statusCode": 200, "data": { "release_version": "23.07" }, "error": null }),
            )
        }),
    )
}
