//! Spot by NetApp (`https://api.spotinst.io`, `Authorization: Bearer`, `accountId` query).

use axum::extract::OriginalUri;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::{Api, Ctx};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::Spot, Api::Spot.prefix(), routes())
}

fn routes() -> Router {
    Router::new().route("/setup/account", get(accounts))
}

async fn accounts(uri: OriginalUri) -> Json<Value> {
    let items = json!([
        { "accountId": "act-1a2b3c4d", "organizationId": 606079861123_u64, "name": "production",
          "providerExternalId": "123456789012" },
        { "accountId": "act-5e6f7a8b", "organizationId": 606079861123_u64, "name": "staging",
          "providerExternalId": "210987654321" }
    ]);
    Json(json!({
        "request": { "id": "5a6c0f3e-1b2d-4c8e-9f00-4a1b2c3d4e5f", "url": uri.0.to_string(), "method": "GET",
                     "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true) },
        "response": { "status": { "code": 200, "message": "OK" }, "kind": "spotinst:setup:account",
                      "items": items, "count": 2 }
    }))
}
