//! Telescope (ops 37–41): telemetry export jobs that finish a few seconds after they start,
//! and imports of the zips they produce.

use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use super::body::Input;
use super::model::{now_ms, short_name, Export, Import, Model};
use super::{archive, audit, envelope, fail, input, lock, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/obs/telescope/export", post(export))
        .route("/obs/telescope/export/{id}/status", get(export_status))
        .route("/obs/telescope/import", post(import))
        .route("/obs/telescope/import/{id}/status", get(import_status))
        .route("/obs/telescope/import/{id}/configs", get(import_configs))
}

pub const DATA_SOURCES: [&str; 3] = ["LOGS", "STATS", "CONFIGS"];
const EXPORT_WAIT_MS: i64 = 1000;
const EXPORT_MS: i64 = 4000;
const IMPORT_WAIT_MS: i64 = 800;
const IMPORT_MS: i64 = 3000;

/// Q53: ISO timestamps, also with dots between the time's fields; echoed normalized.
pub fn normalize_time(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (date, time) = raw.split_once('T')?;
    let mut fixed = String::new();
    let mut dots = 0;
    for c in time.chars() {
        if c == '.' && dots < 2 && !time.contains(':') {
            fixed.push(':');
            dots += 1;
        } else {
            fixed.push(c);
        }
    }
    let mut candidate = format!("{date}T{fixed}");
    let has_zone = fixed.ends_with('Z') || fixed.contains('+') || fixed[1..].contains('-');
    if !has_zone {
        if fixed.matches(':').count() == 1 {
            candidate.push_str(":00");
        }
        candidate.push('Z');
    }
    let t = chrono::DateTime::parse_from_rfc3339(&candidate).ok()?;
    Some(
        t.with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    )
}

fn services_known(m: &Model) -> Vec<String> {
    m.objects
        .iter()
        .filter(|(_, o)| Model::is_workload(&o.kind))
        .map(|(n, _)| short_name(n).to_string())
        .collect()
}

/// An export request, validated.
struct Wanted {
    services: Vec<String>,
    data_sources: Vec<String>,
    start: String,
    end: String,
    label: String,
}

fn export_request(i: &Input, m: &Model) -> Result<Wanted, String> {
    let services = i.all("services");
    if services.is_empty() {
        return Err(
            "services is required: the services to include, such as [\"server-nginx\"]".into(),
        );
    }
    let known = services_known(m);
    if let Some(bad) = services.iter().find(|s| !known.contains(s)) {
        return Err(format!(
            "unknown service \"{bad}\"; known services: {}",
            known.join(", ")
        ));
    }
    let sources: Vec<String> = i
        .all("data_sources")
        .into_iter()
        .map(|s| s.to_ascii_uppercase())
        .collect();
    if sources.is_empty() {
        return Err("data_sources is required: LOGS, STATS and/or CONFIGS".into());
    }
    if let Some(bad) = sources.iter().find(|s| !DATA_SOURCES.contains(&s.as_str())) {
        return Err(format!(
            "data source \"{bad}\" is not one of LOGS, STATS, CONFIGS"
        ));
    }
    let time = |key: &str| -> Result<String, String> {
        let raw = i
            .text(key)
            .ok_or(format!("{key} is required (an ISO timestamp)"))?;
        normalize_time(&raw).ok_or(format!(
            "{key} \"{raw}\" is not an ISO timestamp such as 2023-10-26T13:08:45.131Z"
        ))
    };
    let (start, end) = (time("start")?, time("end")?);
    if start >= end {
        return Err(format!("start ({start}) must be before end ({end})"));
    }
    let label = i
        .text("label")
        .ok_or("label is required: a name for the generated file")?;
    if !label
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "label \"{label}\" may only use letters, digits, - and _"
        ));
    }
    Ok(Wanted {
        services,
        data_sources: sources,
        start,
        end,
        label,
    })
}

fn export_json(e: &Export, now: i64) -> Value {
    let elapsed = now - e.created_ms;
    let failed = e.label.to_ascii_lowercase().contains("fail");
    let status = if elapsed < EXPORT_WAIT_MS {
        "WAITING"
    } else if elapsed < EXPORT_MS {
        "RUNNING"
    } else if failed {
        "FAILED"
    } else {
        "SUCCESS"
    };
    let mut result = json!({ "zip_file_path": "" });
    if status == "SUCCESS" {
        result["zip_file_path"] = json!(format!("/tmp/telescope-{}/{}.zip", e.zip_dir, e.id));
    } else if status == "FAILED" {
        result["message"] = json!("no telemetry could be collected for this label");
    }
    json!({
        "id": e.id,
        "job_status": status,
        "request": {
            "services": e.services,
            "data_sources": e.data_sources,
            "start": e.start,
            "end": e.end,
            "label": e.label,
        },
        "result": result,
    })
}

async fn export(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let mut m = lock(&s);
    let w = match export_request(&i, &m) {
        Ok(r) => r,
        Err(e) => return fail(400, e),
    };
    let now = now_ms();
    let id = m.uuid();
    let zip_dir = m.rand() % 9_000_000_000 + 1_000_000_000;
    let e = Export {
        id: id.clone(),
        created_ms: now,
        services: w.services,
        data_sources: w.data_sources,
        start: w.start,
        end: w.end,
        label: format!("{}-{now}", w.label),
        zip_dir,
    };
    audit(&format!("telescope export {id} started"));
    let body = export_json(&e, now);
    m.exports.insert(id, e);
    envelope(body)
}

async fn export_status(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let m = lock(&s);
    match m.exports.get(&id) {
        Some(e) => envelope(export_json(e, now_ms())),
        None => fail(404, format!("no telescope export with id \"{id}\"")),
    }
}

fn import_status_of(j: &Import, now: i64) -> &'static str {
    let elapsed = now - j.created_ms;
    if elapsed < IMPORT_WAIT_MS {
        "WAITING"
    } else if elapsed < IMPORT_MS {
        "RUNNING"
    } else {
        "SUCCESS"
    }
}

/// Q57: import's `request` holds the zip path and `result` the decoded export request.
fn import_json(j: &Import, now: i64) -> Value {
    let status = import_status_of(j, now);
    json!({
        "id": j.id,
        "job_status": status,
        "request": { "zip_file_path": j.zip_path },
        "result": if status == "SUCCESS" { j.result.clone() } else { json!({}) },
    })
}

/// What an uploaded zip says it holds: a JSON manifest with the export request, else the
/// export whose id names the file, else what a typical STATS export holds.
fn decode_zip(m: &mut Model, file_name: &str, bytes: &[u8], now: i64) -> Value {
    let entries = archive::entries(bytes).unwrap_or_default();
    for e in &entries {
        if let Ok(v) = serde_json::from_slice::<Value>(&e.bytes) {
            if v.get("services").is_some_and(Value::is_array) {
                return v;
            }
        }
    }
    let stem = file_name.trim_end_matches(".zip");
    if let Some(e) = m.exports.get(stem) {
        return json!({
            "services": e.services, "data_sources": e.data_sources,
            "start": e.start, "end": e.end, "label": e.label,
        });
    }
    let t = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default()
    };
    let tag = m.suffix(6);
    json!({
        "services": ["core-platform-service"],
        "data_sources": ["STATS"],
        "start": t(now - 3_600_000),
        "end": t(now),
        "label": format!("{tag}-{}-{now}", (m.rand() % 90_000) + 10_000),
    })
}

fn configs_for(m: &Model, result: &Value) -> Value {
    let mut out = Map::new();
    let wants_configs = result["data_sources"]
        .as_array()
        .is_some_and(|a| a.iter().any(|s| s == "CONFIGS"));
    if wants_configs {
        for s in result["services"].as_array().into_iter().flatten() {
            let Some(s) = s.as_str() else { continue };
            let object = [format!("deployment-{s}"), format!("statefulset-{s}")]
                .into_iter()
                .find(|o| m.objects.contains_key(o));
            if let Some(c) = object.and_then(|o| m.objects[&o].materialized.last()) {
                out.insert(s.to_string(), json!(c.config));
            }
        }
    }
    Value::Object(out)
}

async fn import(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(file) = i.file("file") else {
        return fail(
            400,
            "send the telemetry .zip as the multipart field \"file\"",
        );
    };
    if !archive::is_zip(&file.bytes) {
        return fail(
            400,
            format!(
                "{} is not a .zip file from a telescope export",
                file.file_name
            ),
        );
    }
    let mut m = lock(&s);
    let now = now_ms();
    let id = m.uuid();
    let result = decode_zip(&mut m, &file.file_name, &file.bytes, now);
    let configs = configs_for(&m, &result);
    let dir = m.rand() % 9_000_000_000 + 1_000_000_000;
    let j = Import {
        id: id.clone(),
        created_ms: now,
        zip_path: format!("/tmp/telescope-{dir}/{id}.zip"),
        result,
        configs,
    };
    audit(&format!("telescope import {id} of {}", file.file_name));
    let body = import_json(&j, now);
    m.imports.insert(id, j);
    envelope(body)
}

/// Q60: the job object (the document's example shows `{}`).
async fn import_status(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let m = lock(&s);
    match m.imports.get(&id) {
        Some(j) => envelope(import_json(j, now_ms())),
        None => fail(404, format!("no telescope import with id \"{id}\"")),
    }
}

/// Q59: `{}` until the import is done; then each imported service's config when the export
/// held CONFIGS.
async fn import_configs(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let m = lock(&s);
    match m.imports.get(&id) {
        Some(j) if import_status_of(j, now_ms()) == "SUCCESS" => envelope(j.configs.clone()),
        Some(_) => envelope(json!({})),
        None => fail(404, format!("no telescope import with id \"{id}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_time;

    #[test]
    fn times_are_read_leniently() {
        assert_eq!(
            normalize_time("2023-10-26T13.08.45.131Z").as_deref(),
            Some("2023-10-26T13:08:45.131Z")
        );
        assert_eq!(
            normalize_time("2023-10-26T13:08:45.131Z").as_deref(),
            Some("2023-10-26T13:08:45.131Z")
        );
        assert_eq!(
            normalize_time("2023-10-26T13:08").as_deref(),
            Some("2023-10-26T13:08:00.000Z")
        );
        assert_eq!(
            normalize_time("2023-10-26T15:08:00+02:00").as_deref(),
            Some("2023-10-26T13:08:00.000Z")
        );
        assert_eq!(normalize_time("yesterday"), None);
    }
}
