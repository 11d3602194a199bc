//! opsdeck's API emulator: the five APIs the console administers, in memory, written from their
//! documents (never from the console's types), plus the built console and a control surface
//! for tests and demos (faults, the operation tally, a reset of the demo world).

pub mod api;
pub mod apis;
pub mod catalog;
pub mod hub;
pub mod web;

use std::sync::{Arc, RwLock};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower::{service_fn, ServiceExt};

pub use api::{Api, Tokens};
pub use hub::{FaultRule, Hub};

/// How the emulator is set up.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The built console: trunk's `dist/`, or the files embedded in the binary.
    pub console: web::Console,
    /// Runtime config served at `/config.json` instead of the one in `dist`.
    pub config: Option<String>,
    /// Seed of the demo data.
    pub seed: u64,
    /// Serve the files without the console's Content-Security-Policy: another static site (the
    /// bench's Swagger UI, which styles its elements inline), served as its own deployment would.
    pub without_csp: bool,
    pub tokens: Tokens,
}

/// What every API module gets: the seed of its demo data and the shared hub.
#[derive(Clone)]
pub struct Ctx {
    pub seed: u64,
    pub hub: Arc<Hub>,
}

impl Ctx {
    /// Mounts an API's routes at `prefix`, behind that API's auth check, the operation tally and
    /// the fault injection.
    pub fn mount(&self, router: Router, api: Api, prefix: &str, routes: Router) -> Router {
        let guard = hub::Guard {
            api,
            hub: self.hub.clone(),
        };
        router.nest(
            prefix,
            routes.route_layer(axum::middleware::from_fn_with_state(guard, hub::guard)),
        )
    }
}

/// The whole emulator as one router.
pub fn app(opts: Options) -> Router {
    let hub = Hub::new(opts.tokens.clone());
    let ctx = Ctx {
        seed: opts.seed,
        hub: hub.clone(),
    };
    let world = World::new(ctx);
    let console = web::router(opts.console, opts.config, !opts.without_csp);
    let apis = world.clone();
    Router::new()
        .nest("/__emulator", control(hub, world))
        .fallback_service(service_fn(move |req: Request| {
            // The APIs' routers match the whole path (and record their own route templates).
            let next = if req.uri().path().starts_with("/api/") {
                apis.current()
            } else {
                console.clone()
            };
            next.oneshot(req)
        }))
}

/// The five APIs and their in-memory state, which `POST /__emulator/reset` replaces with a
/// fresh one built from the seed: the demo world as it started.
#[derive(Clone)]
struct World {
    ctx: Ctx,
    apis: Arc<RwLock<Router>>,
}

impl World {
    fn new(ctx: Ctx) -> World {
        let apis = Arc::new(RwLock::new(World::build(&ctx)));
        World { ctx, apis }
    }

    fn build(ctx: &Ctx) -> Router {
        apis::mount(Router::new(), ctx).route("/api/{*rest}", get(no_such_api).post(no_such_api))
    }

    fn current(&self) -> Router {
        self.apis.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn reset(&self) {
        let fresh = World::build(&self.ctx);
        *self.apis.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        self.ctx.hub.clear_faults();
    }
}

async fn no_such_api() -> (StatusCode, Json<serde_json::Value>) {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": "notFound", "description": "No such emulated route." })),
    )
}

/// Test and demo controls: inject and clear faults, read and reset the operation tally, put
/// the demo world back as it started.
fn control(hub: Arc<Hub>, world: World) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/coverage", get(coverage).delete(reset_coverage))
        .route(
            "/odd-requests",
            get(odd_requests).delete(clear_odd_requests),
        )
        .with_state(hub)
        .route(
            "/reset",
            post(move || async move {
                world.reset();
                StatusCode::NO_CONTENT
            }),
        )
}

async fn add_fault(State(hub): State<Arc<Hub>>, Json(rule): Json<FaultRule>) -> StatusCode {
    hub.add_fault(rule);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(hub): State<Arc<Hub>>) -> StatusCode {
    hub.clear_faults();
    StatusCode::NO_CONTENT
}

/// Requests sent with an empty, zero or unread id, or a stray `&` (see `hub::odd_request`).
async fn odd_requests(State(hub): State<Arc<Hub>>) -> Json<serde_json::Value> {
    Json(json!({ "requests": hub.odd_requests() }))
}

async fn clear_odd_requests(State(hub): State<Arc<Hub>>) -> StatusCode {
    hub.clear_odd_requests();
    StatusCode::NO_CONTENT
}

async fn coverage(State(hub): State<Arc<Hub>>) -> Json<serde_json::Value> {
    Json(json!({ "operations": hub.tally() }))
}

async fn reset_coverage(State(hub): State<Arc<Hub>>) -> StatusCode {
    hub.reset_tally();
    StatusCode::NO_CONTENT
}
