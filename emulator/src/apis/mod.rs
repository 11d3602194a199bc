//! One module per API. Each builds its routes with the document's path templates (relative to
//! the API's base) and keeps its own in-memory state.

mod a9s;
mod dm;
mod keboola;
mod solutions;
mod spot;

use axum::Router;

use crate::{Api, Ctx};

pub fn routes(api: Api, ctx: &Ctx) -> Router {
    match api {
        Api::Dm => dm::routes(ctx),
        Api::Solutions => solutions::routes(ctx),
        Api::A9s => a9s::routes(ctx),
        Api::Keboola => keboola::routes(ctx),
        Api::Spot => spot::routes(ctx),
    }
}
