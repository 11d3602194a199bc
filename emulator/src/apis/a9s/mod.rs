//! a9s Public API v1 (`<base>/v1/instances/{instance_id}…`, `Authorization: <token>`), from
//! `seeds/002_fe4c0720caeb2edd.txt`.
//!
//! Demo instances: `pg-orders-prod` (PostgreSQL with continuous archiving), `kv-sessions`
//! (a9s KeyValue, three nodes), `pg-orders-dr` (a disaster-recovery destination) and
//! `mariadb-legacy` (state `failed`). See `store.rs` for how tasks move and fail.
//!
//! Errors use the document's `{error, description}` (the download's `{message, status}`).
//! Validation failures, for which the document names no status, answer 400 in that shape.
//! A test-only route, `POST /__emulator/clock` with `{"advance_seconds": n}`, moves this API's
//! clock forward so tests need not wait.

mod metrics;
mod store;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Map, Value};

use crate::{Api, Ctx};
use store::{iso, Clock, Instance, Store};

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    ctx.mount(router, Api::A9s, Api::A9s.prefix(), routes(ctx.seed))
}

/// The API's state: its clock and its instances.
struct A9s {
    clock: Clock,
    store: Mutex<Store>,
}

type Shared = State<Arc<A9s>>;

impl A9s {
    /// Locks the store, lets finished lifecycle actions settle, and gives the instance.
    fn with<R>(
        &self,
        key: &str,
        f: impl FnOnce(&mut Instance, DateTime<Utc>) -> R,
    ) -> Result<R, Fail> {
        let now = self.clock.now();
        let mut store: MutexGuard<Store> = self.store.lock().unwrap();
        match store.instances.get_mut(key) {
            Some(instance) => {
                instance.settle(now);
                Ok(f(instance, now))
            }
            None => Err(instance_not_found(key)),
        }
    }
}

fn routes(seed: u64) -> Router {
    let clock = Clock::new();
    let store = Mutex::new(Store::seeded(seed, clock.now()));
    let state = Arc::new(A9s { clock, store });
    Router::new()
        .route("/v1/instances/{instance_id}", get(overview))
        .route("/v1/instances/{instance_id}/recreate", patch(recreate))
        .route("/v1/instances/{instance_id}/restart", patch(restart))
        .route("/v1/instances/{instance_id}/updates", patch(updates))
        .route(
            "/v1/instances/{instance_id}/backups",
            get(list_backups).post(create_backup),
        )
        .route("/v1/instances/{instance_id}/backups/{id}", get(get_backup))
        .route(
            "/v1/instances/{instance_id}/backups/{id}/download",
            get(download),
        )
        .route(
            "/v1/instances/{instance_id}/backups/{id}/restore",
            post(restore_backup),
        )
        .route("/v1/instances/{instance_id}/restores", get(list_restores))
        .route(
            "/v1/instances/{instance_id}/restores/{id}",
            get(get_restore),
        )
        .route(
            "/v1/instances/{instance_id}/backups-config",
            get(get_config).patch(patch_config),
        )
        .route(
            "/v1/instances/{instance_id}/disaster-recovery/prepare",
            post(dr_prepare),
        )
        .route(
            "/v1/instances/{instance_id}/disaster-recovery/perform",
            post(dr_perform),
        )
        .route("/v1/instances/{instance_id}/metrics", get(get_metrics))
        .route("/v1/instances/{instance_id}/pitr", get(pitr_range))
        .route(
            "/v1/instances/{instance_id}/pitr/restore",
            post(pitr_restore),
        )
        .route("/__emulator/clock", post(advance_clock))
        .with_state(state)
}

/// An error answer: a status and the API's JSON body.
struct Fail(StatusCode, Value);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// What every handler answers.
type Reply = Result<Response, Fail>;

fn error(status: StatusCode, code: &str, description: &str) -> Fail {
    Fail(
        status,
        Api::A9s.error_body(status, code, description, "", ""),
    )
}

fn instance_not_found(key: &str) -> Fail {
    error(
        StatusCode::NOT_FOUND,
        "instanceNotFound",
        &format!("Service instance {key} was not found."),
    )
}

fn invalid(description: &str) -> Fail {
    error(StatusCode::BAD_REQUEST, "invalidRequest", description)
}

fn ok(value: Value) -> Response {
    (StatusCode::OK, Json(value)).into_response()
}

fn accepted() -> Response {
    StatusCode::ACCEPTED.into_response()
}

/// Path ids are integers in the document; anything else names no entity.
fn parse_id(raw: &str, what: &str, instance: &str) -> Result<u64, Fail> {
    raw.parse::<u64>()
        .map_err(|_| not_found(what, raw, instance))
}

fn not_found(what: &str, id: &str, instance: &str) -> Fail {
    let code = format!("{what}NotFound");
    let what = if what == "backup" {
        "Backup"
    } else {
        "Restore"
    };
    error(
        StatusCode::NOT_FOUND,
        &code,
        &format!("{what} {id} was not found in service instance {instance}."),
    )
}

/// Reads an optional JSON object body: empty means `{}`; anything but an object is refused.
fn body_object(body: &Bytes) -> Result<Map<String, Value>, Fail> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid("The body must be a JSON object.")),
        Err(e) => Err(invalid(&format!("The body is not valid JSON: {e}."))),
    }
}

// ---- overview and lifecycle -------------------------------------------------------------

async fn overview(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, _| ok(i.overview()))
}

async fn recreate(State(s): Shared, Path(id): Path<String>) -> Reply {
    // A recreate builds fresh VMs: even a failed instance comes back available.
    s.with(&id, |i, now| {
        i.start_deploy(now, "available", false);
        accepted()
    })
}

async fn restart(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, now| {
        let then = i.resting_state();
        i.start_deploy(now, then, false);
        accepted()
    })
}

async fn updates(State(s): Shared, Path(id): Path<String>, body: Bytes) -> Reply {
    let fields = body_object(&body)?;
    s.with(&id, |i, now| {
        match fields.get("service_id") {
            None | Some(Value::Null) => {}
            Some(Value::String(sid)) if *sid == i.service_id => {}
            Some(other) => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "serviceMismatch",
                    &format!(
                        "service_id {other} is not the service of instance {} ({}).",
                        i.key, i.service_id
                    ),
                ))
            }
        }
        if !i.available_updates.is_empty() {
            i.start_deploy(now, "available", true);
        }
        Ok(accepted())
    })?
}

// ---- backups ----------------------------------------------------------------------------

async fn list_backups(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, now| {
        ok(Value::Array(
            i.backups.iter().rev().map(|b| b.json(now)).collect(),
        ))
    })
}

async fn create_backup(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, now| {
        let bid = i.create_backup(now);
        ok(json!({ "id": bid, "message": "job to backup is queued" }))
    })
}

async fn get_backup(State(s): Shared, Path((id, bid)): Path<(String, String)>) -> Reply {
    s.with(&id, |i, now| {
        let n = parse_id(&bid, "backup", &id)?;
        i.backup(n)
            .map(|b| ok(b.json(now)))
            .ok_or_else(|| not_found("backup", &bid, &id))
    })?
}

/// The only error this route documents is 412 `{message, status}`, for an unknown or
/// mismatched instance or backup; a backup that cannot be downloaded (yet) gets it too.
async fn download(State(s): Shared, Path((id, bid)): Path<(String, String)>) -> Reply {
    let refuse = |message: String| {
        Fail(
            StatusCode::PRECONDITION_FAILED,
            json!({ "message": message, "status": 412 }),
        )
    };
    let mismatch = || {
        refuse(format!(
            "Either instance_id {id} or id {bid} does not exist or match."
        ))
    };
    let n = bid.parse::<u64>().map_err(|_| mismatch())?;
    let found = s.with(&id, |i, now| {
        i.backup(n)
            .map(|b| (b.status(now).0, b.downloadable, b.size))
    });
    let Ok(Some((status, downloadable, size))) = found else {
        return Err(mismatch());
    };
    if status != "done" {
        return Err(refuse(format!(
            "Backup {n} of instance {id} is {status}; only finished backups can be downloaded."
        )));
    }
    if !downloadable {
        return Err(refuse(format!(
            "Backup {n} of instance {id} is not downloadable."
        )));
    }
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{id}-backup-{n}.tgz\""),
            ),
        ],
        backup_bytes(&id, n, size),
    )
        .into_response())
}

/// "The encrypted and compressed backup": a recognizable header, then noise, `size` bytes.
fn backup_bytes(instance: &str, id: u64, size: u64) -> Vec<u8> {
    let mut out = format!("A9S-BACKUP {instance} {id}\n").into_bytes();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ id ^ ((instance.len() as u64) << 32);
    while (out.len() as u64) < size {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push((x >> 24) as u8);
    }
    out.truncate(size.max(1) as usize);
    out
}

async fn restore_backup(State(s): Shared, Path((id, bid)): Path<(String, String)>) -> Reply {
    s.with(&id, |i, now| {
        let n = parse_id(&bid, "backup", &id)?;
        let done = match i.backup(n) {
            Some(b) => b.status(now).0 == "done",
            None => return Err(not_found("backup", &bid, &id)),
        };
        let rid = i.create_restore(now, n, done);
        Ok(ok(json!({ "id": rid })))
    })?
}

// ---- restores ---------------------------------------------------------------------------

async fn list_restores(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, now| {
        ok(Value::Array(
            i.restores.iter().rev().map(|r| r.json(now)).collect(),
        ))
    })
}

async fn get_restore(State(s): Shared, Path((id, rid)): Path<(String, String)>) -> Reply {
    s.with(&id, |i, now| {
        let n = parse_id(&rid, "restore", &id)?;
        i.restores
            .iter()
            .find(|r| r.id == n)
            .map(|r| ok(r.json(now)))
            .ok_or_else(|| not_found("restore", &rid, &id))
    })?
}

// ---- backups configuration --------------------------------------------------------------

async fn get_config(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, _| ok(i.config.json()))
}

/// Checks an encryption key against the instance's minimum length.
fn check_key(key: &Value, min: i64) -> Result<String, String> {
    match key {
        Value::String(k) if k.chars().count() as i64 >= min => Ok(k.clone()),
        Value::String(_) => Err(format!(
            "encryption_key must be at least {min} characters long (min_encryption_key_length)."
        )),
        _ => Err("encryption_key must be a string.".into()),
    }
}

async fn patch_config(State(s): Shared, Path(id): Path<String>, body: Bytes) -> Reply {
    let fields = body_object(&body)?;
    s.with(&id, |i, now| {
        let mut problems = Vec::new();
        let mut count = |name: &str| {
            let v = fields.get(name)?;
            let n = v.as_i64().filter(|n| *n >= 0);
            if n.is_none() {
                problems.push(format!(
                    "{name} must be an integer greater than or equal to 0."
                ));
            }
            n
        };
        let min_backup_count = count("min_backup_count");
        let retention_time = count("retention_time");
        let exclude = match fields.get("exclude_from_auto_backup") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                problems.push("exclude_from_auto_backup must be true or false.".into());
                None
            }
        };
        let key = match fields.get("encryption_key") {
            None => None,
            Some(k) => match check_key(k, i.config.min_encryption_key_length) {
                Ok(k) => Some(k),
                Err(p) => {
                    problems.push(p);
                    None
                }
            },
        };
        for read_only in ["min_encryption_key_length", "backup_type"] {
            if fields.contains_key(read_only) {
                problems.push(format!("{read_only} cannot be changed."));
            }
        }
        if !problems.is_empty() {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "invalidBackupsConfig",
                &problems.join(" "),
            ));
        }
        let c = &mut i.config;
        c.min_backup_count = min_backup_count.unwrap_or(c.min_backup_count);
        c.retention_time = retention_time.unwrap_or(c.retention_time);
        c.exclude_from_auto_backup = exclude.unwrap_or(c.exclude_from_auto_backup);
        if key.is_some() {
            c.encryption_key = key;
        }
        i.prune(now);
        Ok(ok(json!({ "message": "instance updated" })))
    })?
}

// ---- disaster recovery ------------------------------------------------------------------

async fn dr_prepare(State(s): Shared, Path(id): Path<String>, body: Bytes) -> Reply {
    let fields = body_object(&body)?;
    s.with(&id, |i, _| {
        if let Some(k) = fields.get("encryption_key").filter(|k| !k.is_null()) {
            let key = check_key(k, i.config.min_encryption_key_length)
                .map_err(|p| error(StatusCode::BAD_REQUEST, "invalidEncryptionKey", &p))?;
            i.config.encryption_key = Some(key);
        }
        Ok(ok(json!({ "backup_guid": i.backup_guid })))
    })?
}

async fn dr_perform(State(s): Shared, Path(id): Path<String>, body: Bytes) -> Reply {
    let fields = body_object(&body)?;
    let text = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let (Some(guid), Some(key)) = (text("backup_guid"), text("encryption_key")) else {
        return Err(invalid("backup_guid and encryption_key are both required."));
    };
    let now = s.clock.now();
    let mut store = s.store.lock().unwrap();
    if !store.instances.contains_key(&id) {
        return Err(instance_not_found(&id));
    }
    let Some(source) = store.instances.values().find(|i| i.backup_guid == guid) else {
        return Err(error(
            StatusCode::NOT_FOUND,
            "backupGuidNotFound",
            &format!("No service instance keeps its backups under {guid}."),
        ));
    };
    if source.key == id {
        return Err(invalid(
            "A disaster recovery restores another instance's backups into this one.",
        ));
    }
    let key_ok = source
        .config
        .encryption_key
        .as_deref()
        .is_none_or(|k| k == key);
    let newest = source.closest_backup(now, now);
    let Some(destination) = store.instances.get_mut(&id) else {
        return Err(instance_not_found(&id));
    };
    destination.settle(now);
    let rid = destination.create_restore(now, newest.unwrap_or(0), key_ok && newest.is_some());
    Ok(ok(json!({ "restore_id": rid })))
}

// ---- metrics ----------------------------------------------------------------------------

async fn get_metrics(State(s): Shared, Path(id): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let raw = q
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.strip_prefix("quantity="))
        .map(str::to_string)
        .next_back();
    let quantity = match raw {
        None => None,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "invalidQuantity",
                    &format!("quantity must be an integer greater than or equal to 1, not {v:?}."),
                ))
            }
        },
    };
    s.with(&id, |i, now| {
        ok(json!(metrics::lines(&i.profile, now, quantity)))
    })
}

// ---- point-in-time recovery -------------------------------------------------------------

/// The restorable range: three days back (or since creation) up to a minute ago.
fn pitr_window(i: &Instance, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), Fail> {
    if i.config.backup_type != "continuous_archiving" {
        return Err(error(
            StatusCode::NOT_FOUND,
            "continuousArchivingDisabled",
            &format!(
                "Point-in-time recovery is only available for a9s PostgreSQL instances with continuous archiving; instance {} uses {} backups.",
                i.key, i.config.backup_type
            ),
        ));
    }
    let start = (now - TimeDelta::days(3)).max(i.created_at);
    let start = DateTime::from_timestamp(start.timestamp(), 0).unwrap_or(start);
    Ok((start, now - TimeDelta::seconds(60)))
}

async fn pitr_range(State(s): Shared, Path(id): Path<String>) -> Reply {
    s.with(&id, |i, now| {
        let (start, end) = pitr_window(i, now)?;
        Ok((
            StatusCode::ACCEPTED,
            Json(json!({ "start_time": iso(start), "end_time": iso(end) })),
        )
            .into_response())
    })?
}

async fn pitr_restore(State(s): Shared, Path(id): Path<String>, body: Bytes) -> Reply {
    let fields = body_object(&body)?;
    s.with(&id, |i, now| {
        let (start, end) = pitr_window(i, now)?;
        let Some(raw) = fields.get("target_time").and_then(Value::as_str) else {
            return Err(invalid("target_time is required (ISO 8601 UTC)."));
        };
        let target = DateTime::parse_from_rfc3339(raw.trim())
            .map_err(|_| {
                error(
                    StatusCode::BAD_REQUEST,
                    "invalidTargetTime",
                    &format!("target_time {raw:?} is not an ISO 8601 date and time."),
                )
            })?
            .with_timezone(&Utc);
        if target < start || target > end {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "targetTimeOutOfRange",
                &format!(
                    "target_time must lie between {} and {}.",
                    iso(start),
                    iso(end)
                ),
            ));
        }
        let backup = i.closest_backup(now, target);
        i.create_restore(now, backup.unwrap_or(0), backup.is_some());
        Ok((StatusCode::ACCEPTED, Json(json!({ "status": "queued" }))).into_response())
    })?
}

// ---- test control -----------------------------------------------------------------------

async fn advance_clock(State(s): Shared, body: Bytes) -> Reply {
    let seconds = body_object(&body)?
        .get("advance_seconds")
        .and_then(Value::as_f64)
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| invalid("Send {\"advance_seconds\": n} with n >= 0."))?;
    s.clock.advance(Duration::from_secs_f64(seconds));
    Ok(ok(json!({ "now": iso(s.clock.now()) })))
}
