//! Keboola Provisioning API (`<host>/provisioning`, header `X-StorageApi-Token`), written from
//! `seeds/003_187ae9ac1c7dd4ef.txt`, plus the Syrup job queue its async actions point at.
//!
//! State is kept per Storage API token: each demo token is one project with its own credentials
//! and jobs. What the document leaves open is decided here, once:
//! - one set of credentials per token, backend and type: `POST /{backend}` returns the existing
//!   ones when there are some (201 either way, the only status the document shows);
//! - types are checked against the document's backend table; `read` appears in the create
//!   parameters but in no backend's row, so it is refused;
//! - `docker` on the sync create, drop and kill answers 400 ("has to use async actions"); any
//!   other backend on `/async/...` answers 400 ("only docker");
//! - `GET /{backend}?type=` answers the newest credentials of that type, or 404 when there are none;
//! - errors use the Keboola shape of [`Api::error_body`] (the document shows no error body);
//! - an async action answers a job (`id`, `url`, `status: waiting`; the drop's `id` is a string,
//!   as documented). The `url` is absolute on the fake host [`QUEUE_HOST`] with the document's
//!   path shape `/queue/job/<id>`; the queue itself is served at `/api/keboola-queue/queue/job/<id>`.
//!   A job is `waiting` for its first second, `processing` until 4 s after creation (30 s when
//!   the script or the transformation's config id contains `slow`), then `success`, or `error`
//!   when the script or config id contains `fail`. Its effect (new or dropped credentials)
//!   takes place when it finishes;
//! - every project starts with `mysql`/`transformations` credentials (so the Connections page's
//!   test has something to read); the first project also has a `snowflake`/`sandbox` with a
//!   process in use (`inUse: true`, cleared by kill), `redshift-workspace`/`writer` credentials
//!   and an RStudio sandbox.
//!
//! Routing: `POST /async/docker/transformation` and `DELETE /async/docker/{credentials_id}` have
//! the same path shape, and axum picks a route by path before method, so the async drop lives
//! in a second router that the first one falls back to. Both sit behind the shared guard.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::hub::{guard, Guard};
use crate::{Api, Ctx};

/// The fake host job urls point at (the document's are on another host than the API).
pub const QUEUE_HOST: &str = "https://queue.keboola.emulator";
/// Where the emulator serves that queue.
pub const QUEUE_PREFIX: &str = "/api/keboola-queue";

const COMPONENT: &str = "keboola-provisioning-bundle";
const WAITING_FOR: Duration = Duration::from_secs(1);
const FINISHED_AFTER: Duration = Duration::from_secs(4);
const SLOW_FINISHED_AFTER: Duration = Duration::from_secs(30);

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    let store = Arc::new(Store::new(ctx));
    let guarded = |routes: Router| {
        let g = Guard {
            api: Api::Keboola,
            hub: ctx.hub.clone(),
        };
        routes.route_layer(from_fn_with_state(g, guard))
    };
    let drop_async = guarded(
        Router::new()
            .route("/async/docker/{credentials_id}", delete(drop_async))
            .with_state(store.clone()),
    );
    let main = guarded(routes(store.clone())).fallback_service(drop_async);
    let router = router.nest_service(Api::Keboola.prefix(), main);
    ctx.mount(router, Api::Keboola, QUEUE_PREFIX, queue_routes(store))
}

fn routes(store: Arc<Store>) -> Router {
    Router::new()
        .route("/async/{backend}", post(create_async))
        .route(
            "/async/{backend}/transformation",
            post(create_transformation),
        )
        .route("/{backend}", post(create).get(list))
        .route("/{backend}/{credentials_id}", get(detail).delete(drop_sync))
        .route("/{backend}/{credentials_id}/kill", post(kill))
        .route("/{backend}/{credentials_id}/extend", post(extend))
        .with_state(store)
}

fn queue_routes(store: Arc<Store>) -> Router {
    Router::new()
        .route("/queue/job/{job_id}", get(job))
        .with_state(store)
}

// ---------------------------------------------------------------------------------------------
// Backends and types

/// The document's table of allowed types per backend.
fn allowed_types(backend: &str) -> Option<&'static [&'static str]> {
    match backend {
        "mysql" => Some(&["transformations", "sandbox"]),
        "snowflake" | "redshift-workspace" => {
            Some(&["transformations", "sandbox", "writer", "luckyguess"])
        }
        "docker" => Some(&["jupyter", "rstudio"]),
        _ => None,
    }
}

fn check_backend(backend: &str) -> Result<&'static [&'static str], Refusal> {
    allowed_types(backend).ok_or_else(|| {
        fail(
            StatusCode::BAD_REQUEST,
            format!(
                "Backend '{backend}' is not supported. Use mysql, snowflake, redshift-workspace or docker."
            ),
        )
    })
}

fn check_type(backend: &str, kind: &str) -> Result<(), Refusal> {
    let allowed = check_backend(backend)?;
    if allowed.contains(&kind) {
        Ok(())
    } else {
        Err(fail(
            StatusCode::BAD_REQUEST,
            format!(
                "Type '{kind}' is not allowed for backend {backend}. Allowed types: {}.",
                allowed.join(", ")
            ),
        ))
    }
}

fn sync_only(backend: &str) -> Result<(), Refusal> {
    if backend == "docker" {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            "The docker backend has to use async actions for creating or deleting credentials.",
        ));
    }
    check_backend(backend).map(|_| ())
}

fn async_only(backend: &str) -> Result<(), Refusal> {
    if backend == "docker" {
        Ok(())
    } else {
        Err(fail(
            StatusCode::BAD_REQUEST,
            format!("Backend '{backend}' is not supported in async actions: only docker is."),
        ))
    }
}

/// A refused request: the status and the message, answered in the Keboola error shape.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let Refusal(status, message) = self;
        let code = status
            .canonical_reason()
            .unwrap_or("Error")
            .replace(' ', "");
        let body = Api::Keboola.error_body(status, &code, &message, "", "");
        (status, Json(body)).into_response()
    }
}

fn fail(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal(status, message.into())
}

type Answer = Result<Response, Refusal>;

// ---------------------------------------------------------------------------------------------
// State

#[derive(Clone, Debug)]
struct Cred {
    id: u64,
    backend: String,
    kind: String,
    hostname: String,
    db: String,
    user: String,
    password: String,
    port: Option<u16>,
    touch: u64,
    in_use: bool,
}

impl Cred {
    /// The `credentials` node: the SQL shape, or the docker shape of the job example.
    fn credentials(&self) -> Value {
        match self.port {
            Some(port) => json!({
                "port": port, "id": self.id, "hostname": self.hostname,
                "password": self.password, "user": self.user,
            }),
            None => json!({
                "db": self.db, "hostname": self.hostname, "id": self.id.to_string(),
                "password": self.password, "user": self.user,
            }),
        }
    }

    fn detail(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "credentials": self.credentials(),
            "inUse": self.in_use,
            "touch": self.touch.to_string(),
            "status": "ok",
        })
    }

    fn url(&self) -> String {
        format!("{}/{}", self.backend, self.id)
    }

    fn extend(&mut self) {
        self.touch = now_secs().max(self.touch + 1);
    }
}

#[derive(Clone, Debug)]
enum Outcome {
    Created(Cred),
    Dropped(u64),
    Failed(String),
}

#[derive(Clone, Debug)]
struct Job {
    id: u64,
    command: &'static str,
    params: Value,
    created: Instant,
    created_at: chrono::DateTime<chrono::Utc>,
    finish_after: Duration,
    outcome: Outcome,
    applied: bool,
}

impl Job {
    fn finished(&self, now: Instant) -> bool {
        now.duration_since(self.created) >= self.finish_after
    }

    fn status(&self, now: Instant) -> &'static str {
        let elapsed = now.duration_since(self.created);
        if elapsed < WAITING_FOR {
            "waiting"
        } else if elapsed < self.finish_after {
            "processing"
        } else if matches!(self.outcome, Outcome::Failed(_)) {
            "error"
        } else {
            "success"
        }
    }

    fn url(&self) -> String {
        format!("{QUEUE_HOST}/queue/job/{}", self.id)
    }

    fn body(&self, now: Instant) -> Value {
        let stamp = |d: Duration| {
            let at = self.created_at + chrono::Duration::from_std(d).unwrap_or_default();
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        let finished = self.finished(now);
        let started = now.duration_since(self.created) >= WAITING_FOR;
        let mut body = json!({
            "id": self.id,
            "runId": (self.id + 1).to_string(),
            "component": COMPONENT,
            "command": self.command,
            "params": self.params,
            "status": self.status(now),
            "isFinished": finished,
            "createdTime": stamp(Duration::ZERO),
            "startTime": if started { json!(stamp(WAITING_FOR)) } else { Value::Null },
            "endTime": if finished { json!(stamp(self.finish_after)) } else { Value::Null },
        });
        if finished {
            body["result"] = match &self.outcome {
                Outcome::Created(c) => json!({
                    "status": "ok", "credentials": c.credentials(), "url": c.url(),
                }),
                Outcome::Dropped(_) => json!({ "status": "ok" }),
                Outcome::Failed(message) => json!({ "message": message }),
            };
        }
        body
    }
}

#[derive(Default)]
struct Project {
    number: u64,
    creds: BTreeMap<u64, Cred>,
    jobs: BTreeMap<u64, Job>,
}

impl Project {
    /// Applies the effects of jobs that have finished by now, in job order.
    fn settle(&mut self, now: Instant) {
        for job in self.jobs.values_mut() {
            if job.applied || !job.finished(now) {
                continue;
            }
            job.applied = true;
            match &job.outcome {
                Outcome::Created(c) => {
                    let mut c = c.clone();
                    c.touch = now_secs();
                    self.creds.insert(c.id, c);
                }
                Outcome::Dropped(id) => {
                    self.creds.remove(id);
                }
                Outcome::Failed(_) => {}
            }
        }
    }

    fn find(&self, backend: &str, id: &str) -> Option<u64> {
        let id: u64 = id.trim().parse().ok()?;
        self.creds
            .get(&id)
            .filter(|c| c.backend == backend)
            .map(|c| c.id)
    }

    fn newest(&self, backend: &str, kind: &str) -> Option<&Cred> {
        self.creds
            .values()
            .rev()
            .find(|c| c.backend == backend && c.kind == kind)
    }
}

struct Inner {
    projects: HashMap<String, Project>,
    next_sql: u64,
    next_docker: u64,
    next_job: u64,
}

struct Store {
    seed: u64,
    inner: Mutex<Inner>,
}

impl Store {
    fn new(ctx: &Ctx) -> Store {
        let seed = ctx.seed;
        let mut inner = Inner {
            projects: HashMap::new(),
            next_sql: 1_386_700_227 + seed % 1000 * 1000,
            next_docker: 43 + seed % 100 * 100,
            next_job: 206_296_229 + seed % 1000 * 1000,
        };
        for (i, token) in ctx.hub.tokens.keboola.iter().enumerate() {
            let mut p = Project {
                number: 570 + i as u64,
                ..Project::default()
            };
            let mut seeded = vec![("mysql", "transformations", false)];
            if i == 0 {
                seeded.extend([
                    ("snowflake", "sandbox", true),
                    ("redshift-workspace", "writer", false),
                    ("docker", "rstudio", false),
                ]);
            }
            for (backend, kind, in_use) in seeded {
                let mut c = inner.new_cred(seed, p.number, backend, kind);
                c.in_use = in_use;
                p.creds.insert(c.id, c);
            }
            inner.projects.insert(token.clone(), p);
        }
        Store {
            seed,
            inner: Mutex::new(inner),
        }
    }

    /// Runs `f` on the caller's project (settled to now) and the id counters.
    fn with<R>(&self, headers: &HeaderMap, f: impl FnOnce(&mut Project, &mut Inner) -> R) -> R {
        let token = headers
            .get("x-storageapi-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .trim()
            .to_string();
        let mut inner = self.inner.lock().unwrap();
        // The guard only lets known tokens through, so the project exists; an unknown one gets
        // an empty project of its own rather than someone else's.
        let mut project = inner.projects.remove(&token).unwrap_or_default();
        project.settle(Instant::now());
        let out = f(&mut project, &mut inner);
        inner.projects.insert(token, project);
        out
    }
}

impl Inner {
    fn new_cred(&mut self, seed: u64, project: u64, backend: &str, kind: &str) -> Cred {
        let docker = backend == "docker";
        let id = if docker {
            self.next_docker += 1;
            self.next_docker - 1
        } else {
            self.next_sql += 1;
            self.next_sql - 1
        };
        let short = &kind[..4.min(kind.len())];
        let (hostname, name, port) = match backend {
            "mysql" => (
                "tapi-b.keboola.emulator".to_string(),
                format!("tapi_{project}_{short}_{}", id % 1000),
                None,
            ),
            "snowflake" => (
                "keboola.snowflakecomputing.emulator".to_string(),
                format!("SAPI_{project}_{}_{}", short.to_uppercase(), id % 1000),
                None,
            ),
            "redshift-workspace" => (
                "kbc-redshift.eu-central-1.redshift.emulator".to_string(),
                format!("sapi_{project}_{short}_{}", id % 1000),
                None,
            ),
            _ => (
                format!("sandbox-{id}.docker.keboola.emulator"),
                format!("{short}_{project}_{id}"),
                Some(8330 + (id % 100) as u16),
            ),
        };
        Cred {
            id,
            backend: backend.to_string(),
            kind: kind.to_string(),
            hostname,
            db: name.clone(),
            user: name,
            password: password(seed, id),
            port,
            touch: now_secs(),
            in_use: false,
        }
    }

    fn new_job_id(&mut self) -> u64 {
        // Job ids step by two: the run id is the job id plus one, as in the document's example.
        self.next_job += 2;
        self.next_job - 2
    }
}

fn password(seed: u64, id: u64) -> String {
    const CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    Sha256::digest(format!("keboola:{seed}:{id}"))
        .iter()
        .take(16)
        .map(|b| CHARS[*b as usize % CHARS.len()] as char)
        .collect()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn body_json(body: &Bytes) -> Result<Value, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| {
        fail(
            StatusCode::BAD_REQUEST,
            format!("The request body is not valid JSON: {e}."),
        )
    })
}

fn not_found(backend: &str, id: &str) -> Refusal {
    fail(
        StatusCode::NOT_FOUND,
        format!("Credentials '{id}' not found for backend {backend}."),
    )
}

fn status_ok() -> Answer {
    Ok(Json(json!({ "status": "ok" })).into_response())
}

// ---------------------------------------------------------------------------------------------
// Sync actions

async fn create(
    State(store): State<Arc<Store>>,
    Path(backend): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    sync_only(&backend)?;
    let kind = match body_json(&body)?.get("type") {
        None | Some(Value::Null) => "transformations".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(fail(StatusCode::BAD_REQUEST, "'type' must be a string.")),
    };
    check_type(&backend, &kind)?;
    let seed = store.seed;
    let cred = store.with(&headers, |p, inner| match p.newest(&backend, &kind) {
        Some(existing) => existing.clone(),
        None => {
            let c = inner.new_cred(seed, p.number, &backend, &kind);
            p.creds.insert(c.id, c.clone());
            c
        }
    });
    let body = json!({
        "credentials": cred.credentials(),
        "id": cred.id.to_string(),
        "status": "ok",
        "touch": cred.touch.to_string(),
        "url": cred.url(),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Deserialize)]
struct TypeQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
}

async fn list(
    State(store): State<Arc<Store>>,
    Path(backend): Path<String>,
    Query(q): Query<TypeQuery>,
    headers: HeaderMap,
) -> Answer {
    let kind = q
        .kind
        .filter(|k| !k.trim().is_empty())
        .unwrap_or_else(|| "transformations".into());
    check_type(&backend, &kind)?;
    let found = store.with(&headers, |p, _| p.newest(&backend, &kind).map(Cred::detail));
    let body = found.ok_or_else(|| {
        fail(
            StatusCode::NOT_FOUND,
            format!("No credentials of type '{kind}' exist for backend {backend}."),
        )
    })?;
    Ok(Json(body).into_response())
}

async fn detail(
    State(store): State<Arc<Store>>,
    Path((backend, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    check_backend(&backend)?;
    let found = store.with(&headers, |p, _| {
        p.find(&backend, &id).map(|i| p.creds[&i].detail())
    });
    let body = found.ok_or_else(|| not_found(&backend, &id))?;
    Ok(Json(body).into_response())
}

async fn drop_sync(
    State(store): State<Arc<Store>>,
    Path((backend, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    sync_only(&backend)?;
    store
        .with(&headers, |p, _| {
            p.find(&backend, &id).and_then(|i| p.creds.remove(&i))
        })
        .ok_or_else(|| not_found(&backend, &id))?;
    status_ok()
}

async fn kill(
    State(store): State<Arc<Store>>,
    Path((backend, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    if backend == "docker" {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            "Killing processes is available for mysql, snowflake and redshift-workspace, not for docker.",
        ));
    }
    check_backend(&backend)?;
    store
        .with(&headers, |p, _| {
            let i = p.find(&backend, &id)?;
            p.creds.get_mut(&i).map(|c| c.in_use = false)
        })
        .ok_or_else(|| not_found(&backend, &id))?;
    status_ok()
}

async fn extend(
    State(store): State<Arc<Store>>,
    Path((backend, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    check_backend(&backend)?;
    let touched = store.with(&headers, |p, _| {
        let c = p.creds.get_mut(&p.find(&backend, &id)?)?;
        c.extend();
        Some(json!({ "touch": c.touch.to_string(), "id": c.id.to_string() }))
    });
    let body = touched.ok_or_else(|| not_found(&backend, &id))?;
    Ok(Json(body).into_response())
}

// ---------------------------------------------------------------------------------------------
// Async actions and the queue

/// Reads a required string field (numbers are taken as their text).
fn text_field(v: &Value, name: &str) -> Option<String> {
    match v.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn start_job(
    store: &Store,
    headers: &HeaderMap,
    command: &'static str,
    params: Value,
    trigger: &str,
    make: impl FnOnce(&mut Project, &mut Inner) -> Outcome,
) -> Job {
    let finish_after = if trigger.contains("slow") {
        SLOW_FINISHED_AFTER
    } else {
        FINISHED_AFTER
    };
    store.with(headers, |p, inner| {
        let id = inner.new_job_id();
        let outcome = make(p, inner);
        let job = Job {
            id,
            command,
            params,
            created: Instant::now(),
            created_at: chrono::Utc::now(),
            finish_after,
            outcome,
            applied: false,
        };
        p.jobs.insert(id, job.clone());
        job
    })
}

/// Starts a create job: a new docker sandbox, or the given failure when `trigger` says "fail".
fn create_job(
    store: &Store,
    headers: &HeaderMap,
    params: Value,
    trigger: &str,
    failure: String,
) -> Answer {
    let kind = params["type"].as_str().unwrap_or("rstudio").to_string();
    let fails = trigger.contains("fail");
    let seed = store.seed;
    let job = start_job(store, headers, "create", params, trigger, |p, inner| {
        if fails {
            Outcome::Failed(failure)
        } else {
            Outcome::Created(inner.new_cred(seed, p.number, "docker", &kind))
        }
    });
    let body = json!({ "id": job.id, "url": job.url(), "status": "waiting" });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

async fn create_async(
    State(store): State<Arc<Store>>,
    Path(backend): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    async_only(&backend)?;
    let body = body_json(&body)?;
    let kind = body.get("type").and_then(Value::as_str).unwrap_or_default();
    if kind.is_empty() {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            "'type' is required: rstudio or jupyter.",
        ));
    }
    check_type("docker", kind)?;
    let script = match body.get("script") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(fail(StatusCode::BAD_REQUEST, "'script' must be a string.")),
    };
    let input = match body.get("input") {
        None | Some(Value::Null) => json!([]),
        Some(Value::Array(a)) => Value::Array(a.clone()),
        Some(_) => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "'input' must be an array (the sandbox input mapping).",
            ))
        }
    };
    let mut params = json!({ "backend": "docker", "type": kind, "input": input });
    if let Some(s) = &script {
        params["script"] = json!(s);
    }
    let trigger = script.unwrap_or_default();
    create_job(
        &store,
        &headers,
        params,
        &trigger,
        "Loading the script into the sandbox failed, so no sandbox was created.".into(),
    )
}

async fn create_transformation(
    State(store): State<Arc<Store>>,
    Path(backend): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    async_only(&backend)?;
    let body = body_json(&body)?;
    let t = body.get("transformation").cloned().unwrap_or(Value::Null);
    let fields = ["config_id", "config_version", "row_id"].map(|f| (f, text_field(&t, f)));
    let missing: Vec<String> = fields
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(f, _)| format!("transformation.{f}"))
        .collect();
    if !missing.is_empty() {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!("Required: {}.", missing.join(", ")),
        ));
    }
    let [config_id, config_version, row_id] = fields.map(|(_, v)| v.unwrap_or_default());
    let params = json!({
        "backend": "docker", "type": "rstudio", "input": [],
        "transformation": { "config_id": config_id, "config_version": config_version, "row_id": row_id },
    });
    create_job(
        &store,
        &headers,
        params,
        &config_id,
        format!(
            "Transformation configuration {config_id} (version {config_version}, row {row_id}) could not be loaded into a sandbox."
        ),
    )
}

async fn drop_async(
    State(store): State<Arc<Store>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let n: u64 = id.trim().parse().map_err(|_| not_found("docker", &id))?;
    let backend = store
        .with(&headers, |p, _| p.creds.get(&n).map(|c| c.backend.clone()))
        .ok_or_else(|| not_found("docker", &id))?;
    if backend != "docker" {
        return Err(fail(
            StatusCode::BAD_REQUEST,
            format!(
                "Credentials '{id}' belong to backend {backend}: drop them with DELETE /{backend}/{id}."
            ),
        ));
    }
    let params = json!({ "backend": "docker", "id": n.to_string() });
    let job = start_job(&store, &headers, "delete", params, "", |_, _| {
        Outcome::Dropped(n)
    });
    // The document's drop answers 200 (not 202) and carries the job id as a string.
    let body = json!({ "id": job.id.to_string(), "url": job.url(), "status": "waiting" });
    Ok(Json(body).into_response())
}

async fn job(
    State(store): State<Arc<Store>>,
    Path(job_id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let found = store.with(&headers, |p, _| {
        let id: u64 = job_id.trim().parse().ok()?;
        p.jobs.get(&id).map(|j| j.body(Instant::now()))
    });
    let body =
        found.ok_or_else(|| fail(StatusCode::NOT_FOUND, format!("Job '{job_id}' not found.")))?;
    Ok(Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_table_is_the_documents() {
        assert_eq!(allowed_types("mysql").unwrap().len(), 2);
        assert!(allowed_types("snowflake").unwrap().contains(&"luckyguess"));
        assert!(!allowed_types("redshift-workspace")
            .unwrap()
            .contains(&"read"));
        assert_eq!(allowed_types("docker").unwrap(), ["jupyter", "rstudio"]);
        assert!(allowed_types("redshift").is_none());
    }

    #[test]
    fn passwords_are_stable_and_differ_per_id() {
        assert_eq!(password(7, 1), password(7, 1));
        assert_ne!(password(7, 1), password(7, 2));
        assert_eq!(password(7, 1).len(), 16);
    }
}
