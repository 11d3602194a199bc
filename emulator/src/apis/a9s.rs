//! a9s Public API v1 (`<base>/v1/instances/{instance_id}…`, `Authorization: <token>`).

use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::{Api, Ctx};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::A9s, Api::A9s.prefix(), routes())
}

fn routes() -> Router {
    Router::new().route("/v1/instances/{instance_id}", get(overview))
}

async fn overview(Path(id): Path<String>) -> (StatusCode, Json<Value>) {
    if id != "pg-orders-prod" {
        return (
            StatusCode::NOT_FOUND,
            Json(
                json!({ "error": "notFound", "description": format!("Service instance {id} was not found.") }),
            ),
        );
    }
    (
        StatusCode::OK,
        Json(json!({
            "available_updates": [], "created_at": "2024-03-02T09:12:44.120Z", "id": 1,
            "name": "orders-db", "plan_id": "a9s-postgresql13-single", "service_guid": "postgresql13",
            "service_id": "postgresql13", "state": "available", "subtenant_id": "s-1", "subtenant_name": "production",
            "tenant_id": "t-1", "tenant_name": "shop", "updated_at": "2024-11-02T10:00:00.000Z", "urls": []
        })),
    )
}
