//! One module per API. Each builds its routes with the document's path templates (relative to
//! the API's base), keeps its own in-memory state, and mounts itself with [`Ctx::mount`].

mod a9s;
mod dm;
mod keboola;
mod solutions;
mod spot;

use axum::Router;

use crate::Ctx;

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    let router = dm::mount(router, ctx);
    let router = solutions::mount(router, ctx);
    let router = a9s::mount(router, ctx);
    let router = keboola::mount(router, ctx);
    spot::mount(router, ctx)
}
