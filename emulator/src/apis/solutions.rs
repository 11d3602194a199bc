//! Instabase Deployed Solutions (`URL_BASE` + `/api/v2/solutions/deployed`, `Authorization: Bearer`).

use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::{Api, Ctx};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::Solutions, Api::Solutions.prefix(), routes())
}

fn routes() -> Router {
    Router::new().route(
        "/api/v2/solutions/deployed",
        get(|| async {
            Json(json!({
                "has_more": [false],
                "next_offset": [-1],
                "solutions": [{
                    "id": "6f1c2d7e-0b7a-4d33-9a55-1f0e7c1d2a01", "name": "Invoice Extraction",
                    "version": "1.4.0", "owner": "IB_DEPLOYED", "createdAtMs": 1_700_000_000_000_u64,
                    "updatedAtMs": 1_710_000_000_000_u64, "summary": "Extracts totals and line items from invoices",
                    "state": "ACTIVE", "author": "maria.lopez"
                }]
            }))
        }),
    )
}
