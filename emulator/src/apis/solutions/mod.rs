//! Instabase Deployed Solutions (`URL_BASE` + `/api/v2/solutions/deployed`, `Authorization: Bearer`).
//!
//! The document shows no status codes or error bodies (X11): validation problems answer 400,
//! unknown solutions 404, a second deletion 409, all in the API's `{status, msg}` error shape.
//! Bodies are read as JSON whatever their Content-Type (X5). Deploy, run and delete start jobs
//! that move from RUNNING to their final state with the wall clock; deploy and delete jobs are
//! listed by the jobs endpoints too (with `jobType` `async`), so they can be followed by job_id.

mod model;
mod seed;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::{Api, Ctx};
use model::{
    now_ns, Job, JobKind, JobQuery, Solution, Store, CURRENT_USER, DELETE_NS, DEPLOY_NS,
    JOB_STATES, RUN_FAIL_NS, RUN_NS, SORT_KEYS,
};

type Shared = Arc<Mutex<Store>>;
type Answer = Result<Json<Value>, Fail>;

/// A refusal: its status and message, answered in the API's error shape.
#[derive(Debug)]
struct Fail(StatusCode, String);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let Fail(status, message) = self;
        let reason = status.canonical_reason().unwrap_or("Error");
        let body = Api::Solutions.error_body(status, reason, &message, "", "");
        (status, Json(body)).into_response()
    }
}

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    let store: Shared = Arc::new(Mutex::new(seed::build(ctx.seed)));
    ctx.mount(
        router,
        Api::Solutions,
        Api::Solutions.prefix(),
        routes(store),
    )
}

/// Literal segments (`/jobs`, `/run`) win over `{solution_uuid}` (X8).
fn routes(store: Shared) -> Router {
    const BASE: &str = "/api/v2/solutions/deployed";
    Router::new()
        .route(BASE, get(list).post(deploy))
        .route(&format!("{BASE}/jobs"), get(all_jobs))
        .route(&format!("{BASE}/run"), post(run_by_name))
        .route(
            &format!("{BASE}/{{solution_uuid}}"),
            get(one).patch(update).delete(remove),
        )
        .route(&format!("{BASE}/{{solution_uuid}}/run"), post(run))
        .route(
            &format!("{BASE}/{{solution_uuid}}/jobs"),
            get(solution_jobs),
        )
        .with_state(store)
}

fn fail(status: StatusCode, message: impl Into<String>) -> Fail {
    Fail(status, message.into())
}

fn bad(message: impl Into<String>) -> Fail {
    fail(StatusCode::BAD_REQUEST, message)
}

fn not_found(uuid: &str) -> Fail {
    fail(
        StatusCode::NOT_FOUND,
        format!("No deployed solution with id {uuid}."),
    )
}

/// Query parameters in order, repeated keys kept.
struct Params(Vec<(String, String)>);

impl Params {
    fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    fn count(&self, key: &str, default: usize, min: usize, max: usize) -> Result<usize, Fail> {
        let Some(text) = self.one(key) else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(bad(format!(
                "{key} must be an integer from {min} to {max}, not {text:?}."
            ))),
        }
    }

    fn choice(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, Fail> {
        match self.one(key) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v.to_string())),
            Some(v) => Err(bad(format!(
                "{key} must be one of {}, not {v:?}.",
                allowed.join(", ")
            ))),
        }
    }
}

const SOLUTION_STATES: [&str; 2] = ["ACTIVE", "INACTIVE"];
const VISIBILITIES: [&str; 3] = ["PUBLIC", "PRIVATE", "PENDING_REVIEW"];

fn lock(store: &Shared) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|e| e.into_inner())
}

/// A JSON object body, whatever the Content-Type says; an empty body is an empty object.
fn body_object(body: &Bytes) -> Result<Map<String, Value>, Fail> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(bad("The request body must be a JSON object.")),
        Err(e) => Err(bad(format!("The request body is not valid JSON: {e}."))),
    }
}

fn text_field(o: &Map<String, Value>, key: &str) -> Result<Option<String>, Fail> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(bad(format!("{key} must be a string."))),
    }
}

// ---- S2, S3: read solutions ----

async fn list(State(store): State<Shared>, Query(q): Query<Vec<(String, String)>>) -> Answer {
    let p = Params(q);
    let limit = p.count("limit", 20, 1, 500)?;
    let offset = p.count("offset", 0, 0, usize::MAX)?;
    let state = p.choice("state", &SOLUTION_STATES)?;
    let visibility = p.choice("visibility", &VISIBILITIES)?;
    let (name, author, owner) = (p.one("name"), p.one("author"), p.one("owner"));
    let now = now_ns();
    let store = lock(&store);
    let mut hits: Vec<&Solution> = store
        .solutions
        .iter()
        .filter(|s| s.visible(now))
        .filter(|s| state.as_deref().is_none_or(|v| s.state == v))
        .filter(|s| visibility.as_deref().is_none_or(|v| s.visibility == v))
        .filter(|s| name.is_none_or(|v| s.name == v))
        .filter(|s| author.is_none_or(|v| s.author == v))
        .filter(|s| owner.is_none_or(|v| s.owner == v))
        .collect();
    // By name, newest version first.
    hits.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(b.created_ms.cmp(&a.created_ms))
            .then(a.id.cmp(&b.id))
    });
    let total = hits.len();
    let page: Vec<Value> = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(Solution::list_item)
        .collect();
    let more = offset.saturating_add(limit) < total;
    let next = if more { (offset + limit) as i64 } else { -1 };
    // One-element lists, as the document types them (Q68).
    Ok(Json(json!({
        "has_more": [more],
        "next_offset": [next],
        "solutions": page,
    })))
}

async fn one(State(store): State<Shared>, Path(uuid): Path<String>) -> Answer {
    let store = lock(&store);
    match store.solution(&uuid, now_ns()) {
        Some(s) => Ok(Json(json!({ "solution": s.detail() }))),
        None => Err(not_found(&uuid)),
    }
}

// ---- S7: state and visibility ----

async fn update(
    State(store): State<Shared>,
    Path(uuid): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Answer {
    // Documented in the query string; a JSON body is accepted too (Q74).
    let mut p = Params(q);
    for (k, v) in body_object(&body)? {
        if let Value::String(s) = v {
            p.0.push((k, s));
        }
    }
    let state = p.choice("state", &SOLUTION_STATES)?;
    let visibility = p.choice("visibility", &VISIBILITIES)?;
    if state.is_none() && visibility.is_none() {
        return Err(bad("Nothing to update: give state and/or visibility."));
    }
    let now = now_ns();
    let mut store = lock(&store);
    let Some(s) = store
        .solutions
        .iter_mut()
        .find(|s| s.id == uuid && s.visible(now))
    else {
        return Err(not_found(&uuid));
    };
    if let Some(v) = state {
        s.state = v;
    }
    if let Some(v) = visibility {
        s.visibility = v;
    }
    s.updated_ms = (now / 1_000_000) as i64;
    Ok(Json(json!({ "solution": s.patched() })))
}

// ---- S1, S6: deploy and delete (asynchronous jobs) ----

/// `…/Receipt Reader-0.5.0.ibsolution` → ("Receipt Reader", "0.5.0"); no version → "0.0.1".
fn name_and_version(path: &str) -> (String, String) {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".ibsolution").unwrap_or(file);
    if let Some((name, version)) = stem.rsplit_once(['-', '_']) {
        let version = version.trim_start_matches(['v', 'V']);
        if !name.trim().is_empty() && version.starts_with(|c: char| c.is_ascii_digit()) {
            return (
                name.replace('_', " ").trim().to_string(),
                version.to_string(),
            );
        }
    }
    (stem.replace('_', " ").trim().to_string(), "0.0.1".into())
}

async fn deploy(State(store): State<Shared>, body: Bytes) -> Answer {
    let o = body_object(&body)?;
    let Some(path) = text_field(&o, "solution_path")? else {
        return Err(bad("solution_path is required."));
    };
    let job_id = start_deploy(&mut lock(&store), path, now_ns())?;
    Ok(Json(json!({ "job_id": job_id })))
}

/// Starts a deploy job; the solution appears when it completes (unless it fails).
fn start_deploy(store: &mut Store, path: String, now: u128) -> Result<String, Fail> {
    if !path.ends_with(".ibsolution") {
        return Err(bad(format!(
            "solution_path must be the path of a .ibsolution file, not {path:?}."
        )));
    }
    let (name, version) = name_and_version(&path);
    if name.is_empty() {
        return Err(bad("The .ibsolution file needs a name."));
    }
    let owner = match path.split_once('/') {
        Some((space_owner, _)) if !space_owner.is_empty() => space_owner.to_string(),
        _ => CURRENT_USER.to_string(),
    };
    let id = store.new_id();
    let job_id = store.new_id();
    // Another deploy of the same solution still running counts as a duplicate too.
    let duplicate = store.solutions.iter().any(|s| {
        s.deleted_from_ns.is_none_or(|d| now < d)
            && s.name == name
            && s.version == version
            && s.owner == owner
    });
    let (outcome, message) = if path.to_ascii_lowercase().contains("fail") {
        (
            "FAILED",
            format!("Deploy failed: package.json in {path} has no solution_type"),
        )
    } else if duplicate {
        (
            "FAILED",
            format!("Deploy failed: {name} {version} is already deployed for {owner}"),
        )
    } else {
        let ms = ((now + DEPLOY_NS) / 1_000_000) as i64;
        store.solutions.push(Solution {
            id: id.clone(),
            name: name.clone(),
            version: version.clone(),
            owner: owner.clone(),
            created_ms: ms,
            updated_ms: ms,
            summary: format!("Deployed from {path}"),
            description: format!("Deployed from {path} by {CURRENT_USER}."),
            state: "ACTIVE".into(),
            author: CURRENT_USER.into(),
            metadata: json!({ "authors": [CURRENT_USER], "solution_type": "ibflowbin" })
                .to_string(),
            solution_path: path.clone(),
            visibility: "PRIVATE".into(),
            available_from_ns: now + DEPLOY_NS,
            deleted_from_ns: None,
        });
        ("COMPLETE", format!("Deployed {name} {version}"))
    };
    store.jobs.push(Job {
        id: job_id.clone(),
        username: CURRENT_USER.into(),
        kind: JobKind::Async,
        solution_id: id,
        name,
        version,
        owner,
        start_ns: now,
        duration_ns: DEPLOY_NS,
        outcome,
        running_message: format!("Deploying {path}"),
        message,
        output_folder: String::new(),
        metadata: json!({ "operation": "deploy", "solution_path": path }).to_string(),
    });
    Ok(job_id)
}

async fn remove(State(store): State<Shared>, Path(uuid): Path<String>) -> Answer {
    let job_id = start_delete(&mut lock(&store), &uuid, now_ns())?;
    Ok(Json(json!({ "job_id": job_id })))
}

/// Starts a deletion job; the solution disappears when it completes.
fn start_delete(store: &mut Store, uuid: &str, now: u128) -> Result<String, Fail> {
    let job_id = store.new_id();
    let Some(s) = store
        .solutions
        .iter_mut()
        .find(|s| s.id == uuid && s.visible(now))
    else {
        return Err(not_found(uuid));
    };
    if s.deleted_from_ns.is_some() {
        return Err(fail(
            StatusCode::CONFLICT,
            format!("Solution {uuid} is already being deleted."),
        ));
    }
    s.deleted_from_ns = Some(now + DELETE_NS);
    let job = Job {
        id: job_id.clone(),
        username: CURRENT_USER.into(),
        kind: JobKind::Async,
        solution_id: s.id.clone(),
        name: s.name.clone(),
        version: s.version.clone(),
        owner: s.owner.clone(),
        start_ns: now,
        duration_ns: DELETE_NS,
        outcome: "COMPLETE",
        running_message: format!("Deleting {} {}", s.name, s.version),
        message: format!("Deleted {} {}", s.name, s.version),
        output_folder: String::new(),
        metadata: json!({ "operation": "delete", "solution_path": s.solution_path }).to_string(),
    };
    store.jobs.push(job);
    Ok(job_id)
}

// ---- S4, S5: runs ----

/// The run parameters shared by S4 and S5, validated.
struct RunArgs {
    input_dir: String,
    output_dir: Option<String>,
    job_id: Option<String>,
    settings: Map<String, Value>,
}

fn run_args(o: &Map<String, Value>) -> Result<RunArgs, Fail> {
    let Some(input_dir) = text_field(o, "input_dir")? else {
        return Err(bad("input_dir is required."));
    };
    let output_dir = text_field(o, "output_dir")?;
    let job_id = text_field(o, "job_id")?;
    if let Some(id) = &job_id {
        let n = id.chars().count();
        if n > 50 {
            return Err(bad(format!(
                "job_id must be at most 50 characters; it has {n}."
            )));
        }
    }
    // Not marked optional, but not required either (Q71).
    let settings = match o.get("settings") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(s)) => s.clone(),
        Some(_) => return Err(bad("settings must be an object.")),
    };
    for flag in ["delete_out_dir", "output_has_run_id"] {
        if settings.get(flag).is_some_and(|v| !v.is_boolean()) {
            return Err(bad(format!("settings.{flag} must be true or false.")));
        }
    }
    if let Some(emails) = settings.get("notification_emails") {
        let ok = emails.as_array().is_some_and(|a| {
            a.iter().all(|e| {
                e.as_str().is_some_and(|s| {
                    s.split_once('@')
                        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                })
            })
        });
        if !ok {
            return Err(bad(
                "settings.notification_emails must be a list of email addresses.",
            ));
        }
    }
    Ok(RunArgs {
        input_dir,
        output_dir,
        job_id,
        settings,
    })
}

fn start_run(store: &mut Store, sol: Solution, args: RunArgs, now: u128) -> Result<String, Fail> {
    if sol.state != "ACTIVE" {
        return Err(bad(format!(
            "{} {} is {}; set it ACTIVE before running it.",
            sol.name, sol.version, sol.state
        )));
    }
    let job_id = match args.job_id {
        Some(id) if store.jobs.iter().any(|j| j.id == id) => {
            return Err(bad(format!(
                "job_id {id:?} is already used by another job."
            )));
        }
        Some(id) => id,
        None => store.new_id(),
    };
    let input = args.input_dir.to_ascii_lowercase();
    let (outcome, duration, message) = if input.contains("fail") {
        (
            "FAILED",
            RUN_FAIL_NS,
            format!(
                "Failed single_flow: could not read input folder {}",
                args.input_dir
            ),
        )
    } else if input.contains("cancel") {
        (
            "CANCELLED",
            RUN_FAIL_NS,
            format!("Cancelled by {CURRENT_USER}"),
        )
    } else if input.contains("checkpoint") {
        (
            "STOPPED_AT_CHECKPOINT",
            RUN_NS,
            "Stopped at checkpoint: review_extractions".to_string(),
        )
    } else {
        ("COMPLETE", RUN_NS, "Completed single_flow".to_string())
    };
    let mut output = args
        .output_dir
        .clone()
        .unwrap_or_else(|| format!("{}/out", args.input_dir.trim_end_matches('/')));
    if args.settings.get("output_has_run_id") == Some(&Value::Bool(true)) {
        output = format!("{output}/{job_id}");
    }
    let metadata = json!({
        "solution_name": sol.name, "solution_version": sol.version, "owner": sol.owner,
        "username": CURRENT_USER, "input_dir": args.input_dir, "output_dir": args.output_dir,
        "settings": args.settings,
    });
    store.jobs.push(Job {
        id: job_id.clone(),
        username: CURRENT_USER.into(),
        kind: JobKind::Run,
        solution_id: sol.id,
        name: sol.name,
        version: sol.version,
        owner: sol.owner,
        start_ns: now,
        duration_ns: duration,
        outcome,
        running_message: "Running single_flow".into(),
        message,
        output_folder: output,
        metadata: metadata.to_string(),
    });
    Ok(job_id)
}

async fn run(State(store): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Answer {
    let args = run_args(&body_object(&body)?)?;
    let now = now_ns();
    let mut store = lock(&store);
    let Some(sol) = store.solution(&uuid, now).cloned() else {
        return Err(not_found(&uuid));
    };
    let job_id = start_run(&mut store, sol, args, now)?;
    Ok(Json(json!({ "job_id": job_id })))
}

async fn run_by_name(State(store): State<Shared>, body: Bytes) -> Answer {
    let o = body_object(&body)?;
    let Some(name) = text_field(&o, "name")? else {
        return Err(bad("name is required."));
    };
    let version = text_field(&o, "version")?;
    let owner = text_field(&o, "owner")?.unwrap_or_else(|| "IB_DEPLOYED".into());
    let args = run_args(&o)?;
    let now = now_ns();
    let mut store = lock(&store);
    // Without a version: the most recently created solution of that name and owner.
    let sol = store
        .solutions
        .iter()
        .filter(|s| s.visible(now) && s.name == name && s.owner == owner)
        .filter(|s| version.as_deref().is_none_or(|v| s.version == v))
        .max_by_key(|s| s.created_ms)
        .cloned();
    let Some(sol) = sol else {
        let which = version.map(|v| format!(" version {v}")).unwrap_or_default();
        return Err(fail(
            StatusCode::NOT_FOUND,
            format!("No deployed solution named {name:?}{which} owned by {owner}."),
        ));
    };
    let job_id = start_run(&mut store, sol, args, now)?;
    Ok(Json(json!({ "job_id": job_id })))
}

// ---- S8, S9: jobs ----

fn job_query(p: &Params, across: bool) -> Result<JobQuery, Fail> {
    let state = p.all("state");
    if let Some(bad_state) = state.iter().find(|s| !JOB_STATES.contains(&s.as_str())) {
        return Err(bad(format!(
            "state must be one of {}, not {bad_state:?}.",
            JOB_STATES.join(", ")
        )));
    }
    let output_repo = p.all("output_repo");
    if let Some(r) = output_repo.iter().find(|r| {
        !matches!(r.split_once('/'), Some((o, n)) if !o.is_empty() && !n.is_empty() && !n.contains('/'))
    }) {
        return Err(bad(format!(
            "output_repo must be <space-owner>/<space-name>, not {r:?}."
        )));
    }
    let sort_by = p
        .choice("sort_by", &SORT_KEYS)?
        .unwrap_or_else(|| "startTimeNs".into());
    let descending = p
        .choice("order", &["ASCENDING", "DESCENDING"])?
        .is_none_or(|o| o == "DESCENDING");
    let multi = |k: &str| if across { p.all(k) } else { Vec::new() };
    Ok(JobQuery {
        solution_id: multi("solution_id"),
        user: p.all("user"),
        job_id: p.all("job_id"),
        state,
        owner: multi("owner"),
        name: multi("name"),
        output_repo,
        sort_by,
        descending,
        limit: p.count("limit", 20, 1, 500)?,
        offset: p.count("offset", 0, 0, usize::MAX)?,
    })
}

async fn solution_jobs(
    State(store): State<Shared>,
    Path(uuid): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Answer {
    let mut query = job_query(&Params(q), false)?;
    let now = now_ns();
    let store = lock(&store);
    if store.solution(&uuid, now).is_none() {
        return Err(not_found(&uuid));
    }
    query.solution_id = vec![uuid];
    Ok(Json(json!({ "jobs": query.run(&store.jobs, now) })))
}

async fn all_jobs(State(store): State<Shared>, Query(q): Query<Vec<(String, String)>>) -> Answer {
    let query = job_query(&Params(q), true)?;
    let now = now_ns();
    let store = lock(&store);
    Ok(Json(json!({ "jobs": query.run(&store.jobs, now) })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::SECOND_NS;

    const T0: u128 = 1_800_000_000 * SECOND_NS;

    fn state_of(store: &Store, job_id: &str, now: u128) -> &'static str {
        store
            .jobs
            .iter()
            .find(|j| j.id == job_id)
            .unwrap()
            .state(now)
    }

    fn visible(store: &Store, name: &str, now: u128) -> Vec<String> {
        store
            .solutions
            .iter()
            .filter(|s| s.visible(now) && s.name == name)
            .map(|s| s.version.clone())
            .collect()
    }

    #[test]
    fn a_deployed_solution_appears_when_its_job_completes() {
        let mut store = seed::build(7);
        let path = "jaydoe/r/fs/Instabase Drive/Receipt Reader-0.5.0.ibsolution".to_string();
        let job = start_deploy(&mut store, path.clone(), T0).unwrap();
        assert_eq!(state_of(&store, &job, T0 + SECOND_NS), "RUNNING");
        assert_eq!(visible(&store, "Receipt Reader", T0 + SECOND_NS), ["0.4.0"]);
        assert_eq!(state_of(&store, &job, T0 + DEPLOY_NS), "COMPLETE");
        assert_eq!(
            visible(&store, "Receipt Reader", T0 + DEPLOY_NS),
            ["0.4.0", "0.5.0"]
        );
        // The same again fails, as does a package the emulator is told is broken.
        let again = start_deploy(&mut store, path, T0 + DEPLOY_NS).unwrap();
        assert_eq!(state_of(&store, &again, T0 + 2 * DEPLOY_NS), "FAILED");
        let broken = start_deploy(&mut store, "a/b/fail-1.0.ibsolution".into(), T0).unwrap();
        assert_eq!(state_of(&store, &broken, T0 + DEPLOY_NS), "FAILED");
        assert_eq!(
            visible(&store, "fail", T0 + DEPLOY_NS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_deleted_solution_disappears_when_its_job_completes() {
        let mut store = seed::build(7);
        let id = store.solutions[0].id.clone();
        let job = start_delete(&mut store, &id, T0).unwrap();
        assert!(store.solution(&id, T0 + SECOND_NS).is_some());
        assert_eq!(state_of(&store, &job, T0 + DELETE_NS), "COMPLETE");
        assert!(store.solution(&id, T0 + DELETE_NS).is_none());
    }

    #[test]
    fn runs_end_by_their_input_folder() {
        let mut store = seed::build(7);
        let sol = store
            .solutions
            .iter()
            .find(|s| s.state == "ACTIVE")
            .unwrap()
            .clone();
        let mut run = |dir: &str| {
            let args = RunArgs {
                input_dir: dir.into(),
                output_dir: None,
                job_id: None,
                settings: Map::new(),
            };
            let id = start_run(&mut store, sol.clone(), args, T0).unwrap();
            store.jobs.iter().find(|j| j.id == id).unwrap().clone()
        };
        let ends = [
            ("a/b/fs/in", "COMPLETE"),
            ("a/b/fs/will-FAIL", "FAILED"),
            ("a/b/fs/cancel-me", "CANCELLED"),
            ("a/b/fs/checkpoint", "STOPPED_AT_CHECKPOINT"),
        ];
        for (dir, end) in ends {
            let job = run(dir);
            assert_eq!(job.state(T0 + SECOND_NS), "RUNNING", "{dir}");
            assert_eq!(job.state(T0 + RUN_NS), end, "{dir}");
        }
    }

    #[test]
    fn deploy_reads_name_and_version_from_the_file_name() {
        let n = |p: &str| name_and_version(p);
        assert_eq!(
            n("jaydoe/r/fs/Instabase Drive/Receipt Reader-0.5.0.ibsolution"),
            ("Receipt Reader".into(), "0.5.0".into())
        );
        assert_eq!(
            n("a/b/lease_abstraction_v2.1.ibsolution"),
            ("lease abstraction".into(), "2.1".into())
        );
        assert_eq!(
            n("a/b/My-Solution.ibsolution"),
            ("My-Solution".into(), "0.0.1".into())
        );
    }
}
