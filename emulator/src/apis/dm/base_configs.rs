//! Base configs (ops 6–10, 30–34): stored per object and release, uploaded as text or
//! archives, synchronously or as an asynchronous request that completes a few seconds later.

use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::body::Input;
use super::model::{now_ms, UploadJob};
use super::{
    archive, audit, bare, envelope, fail, input, list_result, lock, ok, reply, yaml, Shared,
};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/base_configs", post(create).get(all))
        .route("/base_configs/versions", get(all_versions))
        .route("/base_configs/history", get(history))
        .route("/base_configs/image", post(image))
        .route("/base_configs/upload", post(upload))
        .route("/base_configs/upload/{request_id}", get(upload_result))
        .route("/base_configs/{object}/versions", get(object_versions))
        .route("/base_configs/{object}/containers", get(containers))
}

/// The release and the YAML documents of an upload: `base_config` text (split on `---`) or a
/// `file` archive of `.yml`/`.yaml` files.
fn documents(i: &Input) -> Result<(String, Vec<String>), String> {
    let release = i
        .text("release_version")
        .ok_or("release_version is required (for example 23.07.0)")?;
    let valid = release.split('.').count() >= 2
        && release
            .split('.')
            .all(|p| !p.is_empty() && p.chars().next().is_some_and(|c| c.is_ascii_digit()));
    if !valid {
        return Err(format!(
            "release_version \"{release}\" is not a release version such as 23.07.0"
        ));
    }
    let mut docs = Vec::new();
    if let Some(f) = i.file("file") {
        let entries = archive::entries(&f.bytes).map_err(|e| format!("{}: {e}", f.file_name))?;
        for e in entries {
            let lower = e.name.to_ascii_lowercase();
            if lower.ends_with(".yml") || lower.ends_with(".yaml") {
                docs.extend(yaml::split_documents(&String::from_utf8_lossy(&e.bytes)));
            }
        }
        if docs.is_empty() {
            return Err(format!("{} holds no .yml or .yaml configs", f.file_name));
        }
    } else if let Some(text) = i.get("base_config") {
        docs = yaml::split_documents(text);
        if docs.is_empty() {
            return Err("base_config holds no configs".into());
        }
    } else {
        return Err(
            "send the configs as base_config (urlencoded) or as a .zip/.tar.gz file (multipart)"
                .into(),
        );
    }
    Ok((release, docs))
}

async fn create(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (release, docs) = match documents(&i) {
        Ok(d) => d,
        Err(e) => return fail(400, e),
    };
    let mut m = lock(&s);
    audit(&format!(
        "storing and applying {} base config(s) for {release}",
        docs.len()
    ));
    let result = m.store_base_configs(&release, &docs, "api-token@deployment-manager");
    list_result(&result)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Filters {
    version: Option<String>,
    object: Option<String>,
}

/// Q18: both filters are optional.
async fn all(State(s): State<Shared>, Query(f): Query<Filters>) -> Response {
    let m = lock(&s);
    fn want(x: &Option<String>) -> Option<&str> {
        x.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let mut out = Vec::new();
    for (name, o) in &m.objects {
        if want(&f.object).is_some_and(|w| w != name) {
            continue;
        }
        let latest = o.bases.last().map(|b| b.version.clone());
        for b in &o.bases {
            if want(&f.version).is_some_and(|w| w != b.version) {
                continue;
            }
            let current = Some(&b.version) == latest.as_ref();
            out.push(json!({
                "object_name": name,
                "version": b.version,
                "previous_version": b.previous_version,
                "state": if current { "IS_GOLDEN" } else { "NOT_GOLDEN" },
                "config": b.config,
                "metadata": b.metadata,
            }));
        }
    }
    ok(json!({ "data": { "baseConfigs": out }, "statusCode": 200 }))
}

async fn all_versions(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let list: Vec<Value> = m
        .objects
        .iter()
        .map(|(n, o)| {
            let versions: Vec<&String> = o.bases.iter().map(|b| &b.version).collect();
            // Q13: capital "Versions" here.
            json!({ "objectName": n, "Versions": versions })
        })
        .collect();
    ok(json!({ "baseConfigVersions": list }))
}

/// Ops 8 and 31 (one route, X7): the error is the bare JSON string of op 31.
async fn object_versions(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let m = lock(&s);
    match m.objects.get(&object) {
        Some(o) if !o.bases.is_empty() => {
            let versions: Vec<&String> = o.bases.iter().map(|b| &b.version).collect();
            ok(json!({ "versions": versions }))
        }
        _ => bare(
            500,
            format!("Could not get base config history: no base configs for object \"{object}\""),
        ),
    }
}

async fn containers(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let m = lock(&s);
    match m.containers(&object) {
        Some(c) => envelope(json!(c)),
        None => reply(
            500,
            json!({ "statusCode": 500, "error": format!("Could not get containers: object \"{object}\" has no base config") }),
        ),
    }
}

/// Q17: the intended character set, at most 40 characters.
pub fn comment_ok(c: &str) -> bool {
    !c.is_empty()
        && c.chars().count() <= 40
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
}

async fn image(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(object) = i.text("object") else {
        return fail(400, "object is required");
    };
    let Some(image) = i.text("image") else {
        return fail(
            400,
            "image is required (for example gcr.io/instabase-public/image:tag)",
        );
    };
    if image.contains(char::is_whitespace) {
        return fail(400, format!("image \"{image}\" must not contain spaces"));
    }
    let comment = i.get("comment").unwrap_or("").trim().to_string();
    if !comment_ok(&comment) {
        return fail(
            400,
            "comment is required and may only use a-z, A-Z, 0-9, - and _ (at most 40 characters)",
        );
    }
    let mut m = lock(&s);
    let Some(containers) = m.containers(&object) else {
        return fail(404, format!("object \"{object}\" has no base config"));
    };
    // Q16: an empty container means the object's first container.
    let container = match i.text("container") {
        Some(c) if containers.contains(&c) => c,
        Some(c) => {
            return fail(
                400,
                format!(
                    "object \"{object}\" has no container \"{c}\" (it has: {})",
                    containers.join(", ")
                ),
            )
        }
        None => match containers.first() {
            Some(c) => c.clone(),
            None => return fail(400, format!("object \"{object}\" has no containers")),
        },
    };
    audit(&format!(
        "image override {object}/{container} -> {image} ({comment})"
    ));
    m.image_overrides
        .insert((object.clone(), container), (image, comment));
    let result = m.apply(&[object]);
    list_result(&result)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Page {
    limit: Option<String>,
    offset: Option<String>,
}

/// Q41: `limit` and `offset` are optional non-negative integers; no limit means all.
async fn history(State(s): State<Shared>, Query(p): Query<Page>) -> Response {
    fn parse(name: &str, v: &Option<String>) -> Result<Option<usize>, String> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse::<usize>()
                .map(Some)
                .map_err(|_| format!("{name} must be a non-negative integer, not \"{v}\"")),
        }
    }
    let (limit, offset) = match (parse("limit", &p.limit), parse("offset", &p.offset)) {
        (Ok(l), Ok(o)) => (l, o.unwrap_or(0)),
        (Err(e), _) | (_, Err(e)) => {
            return reply(400, json!({ "statusCode": 400, "error": e }));
        }
    };
    let m = lock(&s);
    let mut versions: Vec<&String> = m.history.keys().collect();
    versions.sort_by_key(|v| super::model::version_key(v));
    let upgrades: Vec<Value> = versions
        .into_iter()
        .skip(offset)
        .take(limit.unwrap_or(usize::MAX))
        .map(|v| {
            let h = &m.history[v];
            json!({
                "version": v,
                "creators": h.creators,
                "lastUpdatedTimestampMS": h.updated_ms,
                "createdAtTimestampMS": h.created_ms,
            })
        })
        .collect();
    envelope(json!({ "upgrades": upgrades }))
}

/// Op 33: errors are bare JSON strings; the answer uses `status_code` and `RequestID` (Q44).
async fn upload(State(s): State<Shared>, req: Request) -> Response {
    let i = match body_or_bare(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let (release, docs) = match documents(&i) {
        Ok(d) => d,
        Err(e) => return bare(400, e),
    };
    let mut m = lock(&s);
    let id = m.uuid();
    audit(&format!(
        "asynchronous upload {id}: {} base config(s) for {release}",
        docs.len()
    ));
    m.uploads.insert(
        id.clone(),
        UploadJob {
            created_ms: now_ms(),
            release,
            docs,
            result: None,
        },
    );
    ok(json!({ "data": { "RequestID": id }, "status_code": 200 }))
}

async fn body_or_bare(req: Request) -> Result<Input, Response> {
    super::body::read(req).await.map_err(|e| bare(400, e))
}

/// Q45: while the upload runs, 200 with `data: null`; an unknown id is a 400.
async fn upload_result(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let m = lock(&s);
    let Some(job) = m.uploads.get(&id) else {
        return fail(400, format!("no upload request with id \"{id}\""));
    };
    match &job.result {
        None => ok(json!({ "statusCode": 200, "data": null, "error": null })),
        Some(r) if r.failed.is_empty() => envelope(json!({ "successful_apply": r.ok })),
        Some(r) => {
            let failed: Vec<&String> = r.failed.iter().map(|(n, _)| n).collect();
            ok(json!({
                "statusCode": 200,
                "data": { "successful_apply": r.ok, "failed_to_apply": failed },
                "error": super::failure_sentence(r),
            }))
        }
    }
}
