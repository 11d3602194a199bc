//! Instabase Deployment Manager: operations and response types (see
//! `../shared/seeds/000_42ecbf5a68bd64dd.txt`, catalog `instabase-operations.md` ops 1–55).
//!
//! Paths are relative to `api_root` (`…/api/v1/control_plane`). One function per documented
//! operation, named for what it does; the two operations listed twice (X7) are one function
//! each ([`object_versions`] for ops 8/31, [`update_all`] for ops 19/46). [`types`] reads the
//! answers leniently, [`input`] checks the operator's input and builds the request bodies.

pub mod input;
pub mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::json;

use super::{json, seg, ApiError, ApiKind, Call, FilePart, Part, Request, Response};
use input::{ClusterSize, ConfigSource, DbInit, ExportRequest, ImageUpdate, PatchSource};
use types::{data, decode, string_list};
pub use types::{
    ApplyOutcome, BaseConfig, Component, ConfigPair, DiffRow, DryRun, ExportJob, FailedObject,
    Health, HealthCheck, ImportJob, Inconsistencies, InconsistentObject, JobStatus,
    MaterializedConfig, ObjectVersions, PatchInfo, Settings, SkippedObject, TelemetryScope,
    Upgrade,
};

const API: ApiKind = ApiKind::Dm;

// ---- setup and database (ops 1–5) -------------------------------------------------------

/// Op 1, `GET /setup`. Q1: a GET that initializes metadata: call it only on the operator's
/// explicit request, never to prefetch or refresh.
pub fn setup() -> Call<String> {
    Call::new(API, Request::get("/setup"), |api, r| {
        decode(api, r, types::status_ok)
    })
}

/// Op 2, `POST /setup/status` (Q2: the example uses GET; the documented POST is sent).
pub fn setup_status() -> Call<bool> {
    Call::new(API, Request::post("/setup/status"), |api, r| {
        decode(api, r, types::is_setup)
    })
}

/// Op 3, `POST /database/setup`.
pub fn database_setup(init: &DbInit) -> Call<String> {
    Call::new(
        API,
        Request::post("/database/setup").json(init.body()),
        |api, r| decode(api, r, types::status_ok),
    )
}

/// Op 4, `POST /database/mock_ddl`: the statements database setup would run.
pub fn mock_ddl(init: &DbInit) -> Call<Vec<String>> {
    Call::new(
        API,
        Request::post("/database/mock_ddl").json(init.body()),
        |api, r| decode(api, r, |v| Ok(json::strings(v.get("ddls")))),
    )
}

/// Op 5, `GET /database/connection`: 200 with no body when the database answers.
pub fn database_connection() -> Call<()> {
    Call::empty(API, Request::get("/database/connection"))
}

// ---- base configs (ops 6–10, 30–34) -----------------------------------------------------

fn upload_request(path: &str, release: &str, source: &ConfigSource) -> Request {
    let release = release.trim().to_string();
    match source {
        ConfigSource::Text(text) => Request::post(path).form(vec![
            ("release_version".into(), release),
            ("base_config".into(), text.clone()),
        ]),
        ConfigSource::File(file) => Request::post(path).multipart(vec![
            Part::Text("release_version".into(), release),
            Part::File("file".into(), file.clone()),
        ]),
    }
}

/// Op 6, `POST /base_configs`: stores and applies (deprecated for upgrades; op 33 is the
/// asynchronous form). A failure answers 500 with the per-object lists:
/// [`ApplyOutcome::from_error`] reads them.
pub fn create_base_configs(release: &str, source: &ConfigSource) -> Call<ApplyOutcome> {
    Call::new(
        API,
        upload_request("/base_configs", release, source),
        |api, r| decode(api, r, types::outcome),
    )
}

/// Op 7, `GET /base_configs/versions`.
pub fn base_config_versions() -> Call<Vec<ObjectVersions>> {
    Call::new(API, Request::get("/base_configs/versions"), |api, r| {
        decode(api, r, |v| Ok(types::list_at(v, "baseConfigVersions")))
    })
}

/// Ops 8 and 31, `GET /base_configs/{object}/versions` (X7). Q14: the error is `{"error"}` in
/// one listing and a bare JSON string in the other; the error decoder reads both.
pub fn object_versions(object: &str) -> Call<Vec<String>> {
    let path = format!("/base_configs/{}/versions", seg(object));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, |v| Ok(string_list(v, "versions")))
    })
}

/// Op 9, `POST /base_configs/image` (urlencoded). Check [`ImageUpdate::validate`] first.
pub fn update_image(update: &ImageUpdate) -> Call<ApplyOutcome> {
    Call::new(
        API,
        Request::post("/base_configs/image").form(update.pairs()),
        |api, r| decode(api, r, types::outcome),
    )
}

/// Op 10, `GET /base_configs` filtered by version and/or object (Q18: both optional).
pub fn base_configs(version: Option<&str>, object: Option<&str>) -> Call<Vec<BaseConfig>> {
    let clean = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let req = Request::get("/base_configs")
        .query_opt("version", clean(version))
        .query_opt("object", clean(object));
    Call::new(API, req, |api, r| {
        decode(api, r, |v| Ok(types::list_at(v, "baseConfigs")))
    })
}

/// Op 30, `GET /base_configs/{object}/containers`.
pub fn containers(object: &str) -> Call<Vec<String>> {
    let path = format!("/base_configs/{}/containers", seg(object));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, |v| Ok(json::strings(Some(data(v)))))
    })
}

/// Op 32, `GET /base_configs/history` (Q41: `limit`/`offset` sent only when set).
pub fn upgrade_history(limit: Option<u32>, offset: Option<u32>) -> Call<Vec<Upgrade>> {
    let req = Request::get("/base_configs/history")
        .query_opt("limit", limit)
        .query_opt("offset", offset);
    Call::new(API, req, |api, r| {
        decode(api, r, |v| Ok(types::list_at(v, "upgrades")))
    })
}

/// Op 33, `POST /base_configs/upload`: returns the request id to follow with
/// [`upload_result`].
pub fn upload_base_configs(release: &str, source: &ConfigSource) -> Call<String> {
    Call::new(
        API,
        upload_request("/base_configs/upload", release, source),
        |api, r| decode(api, r, types::request_id),
    )
}

/// Op 34, `GET /base_configs/upload/{request_id}`: `None` while the upload runs (Q45).
pub fn upload_result(request_id: &str) -> Call<Option<ApplyOutcome>> {
    let path = format!("/base_configs/upload/{}", seg(request_id));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, types::upload_progress)
    })
}

// ---- patches (ops 11–16, 42) ------------------------------------------------------------

fn patch_request(source: &PatchSource, description: &str, dry_run: bool) -> Request {
    let description = description.trim().to_string();
    match source {
        PatchSource::Text(text) => {
            let mut pairs = vec![("patch".to_string(), text.clone())];
            if !description.is_empty() {
                pairs.push(("description".into(), description));
            }
            // Q23: the document does not say how a form encodes a boolean; "true" is sent.
            if dry_run {
                pairs.push(("dry_run".into(), "true".into()));
            }
            Request::post("/patches/apply").form(pairs)
        }
        PatchSource::File(file) => {
            let mut parts = vec![Part::File("file".into(), file.clone())];
            if !description.is_empty() {
                parts.push(Part::Text("description".into(), description));
            }
            if dry_run {
                parts.push(Part::Text("dry_run".into(), "true".into()));
            }
            Request::post("/patches/apply").multipart(parts)
        }
    }
}

/// Op 11 with `dry_run=true`: the materialized result per target, nothing written.
pub fn dry_run_patch(source: &PatchSource, description: &str) -> Call<Vec<DryRun>> {
    Call::new(API, patch_request(source, description, true), |api, r| {
        decode(api, r, types::dry_runs)
    })
}

/// Op 11, `POST /patches/apply`: writes the patch and applies the re-materialized configs.
pub fn apply_patch(source: &PatchSource, description: &str) -> Call<ApplyOutcome> {
    Call::new(API, patch_request(source, description, false), |api, r| {
        decode(api, r, types::outcome)
    })
}

/// Ops 12, 13 and 14 answer `{"patches": [...]}`.
fn patch_list(api: ApiKind, r: &Response) -> Result<Vec<PatchInfo>, ApiError> {
    decode(api, r, |v| Ok(types::list_at(v, "patches")))
}

/// Op 12, `GET /patches`.
pub fn patches() -> Call<Vec<PatchInfo>> {
    Call::new(API, Request::get("/patches"), patch_list)
}

/// Op 13, `GET /patches/{object_name}`.
pub fn patches_for(object: &str) -> Call<Vec<PatchInfo>> {
    let path = format!("/patches/{}", seg(object));
    Call::new(API, Request::get(path), patch_list)
}

/// Op 14, `DELETE /patches/{version}`: removes the patch and re-applies what it touched.
pub fn delete_patch(version: &crate::api::Id) -> Call<ApplyOutcome> {
    let path = format!("/patches/{}", version.seg());
    Call::new(API, Request::delete(path), |api, r| {
        decode(api, r, types::outcome)
    })
}

/// Op 15, `POST /patches/namespace` (JSON). Objects in the old namespace are left behind.
pub fn set_namespace(namespace: &str) -> Call<ApplyOutcome> {
    let req = Request::post("/patches/namespace").json(json!({ "namespace": namespace.trim() }));
    Call::new(API, req, |api, r| decode(api, r, types::outcome))
}

/// Op 16, `POST /patches/registry` (JSON).
pub fn set_registry(registry: &str) -> Call<ApplyOutcome> {
    let registry = registry.trim().trim_end_matches('/');
    let req = Request::post("/patches/registry").json(json!({ "registry": registry }));
    Call::new(API, req, |api, r| decode(api, r, types::outcome))
}

/// Op 42, `GET /patches/search`: all three parameters are required.
pub fn search_patches(query: &str, case_sensitive: bool, limit: u32) -> Call<Vec<PatchInfo>> {
    let req = Request::get("/patches/search")
        .query("query", query)
        .query("caseSensitive", case_sensitive)
        .query("limit", limit);
    Call::new(API, req, patch_list)
}

// ---- materialized configs (ops 17, 18, 35, 51) ------------------------------------------

/// Op 17, `GET /configs`.
pub fn configs() -> Call<Vec<MaterializedConfig>> {
    Call::new(API, Request::get("/configs"), |api, r| {
        decode(api, r, |v| Ok(types::list_at(v, "configs")))
    })
}

/// Op 18, `GET /configs/{object_name}` (a bare object, no envelope).
pub fn config(object: &str) -> Call<MaterializedConfig> {
    let path = format!("/configs/{}", seg(object));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, |v| types::one(data(v)))
    })
}

/// Op 35, `GET /configs/k8s-inconsistencies` (Q46: documented GET sent).
pub fn inconsistencies() -> Call<Inconsistencies> {
    Call::new(
        API,
        Request::get("/configs/k8s-inconsistencies"),
        |api, r| decode(api, r, types::inconsistencies),
    )
}

/// Op 51, `GET /configs/previous/{object_name}/{patch_version}`.
pub fn previous_config(object: &str, patch_version: i64) -> Call<ConfigPair> {
    let path = format!(
        "/configs/previous/{}/{}",
        seg(object),
        seg(&patch_version.to_string())
    );
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, |v| types::one(data(v)))
    })
}

// ---- deployment (ops 19/46, 36, 44, 45, 47, 52) -----------------------------------------

/// Ops 19 and 46, `POST /deployment/update`: every object's latest materialized config.
pub fn update_all() -> Call<ApplyOutcome> {
    Call::new(API, Request::post("/deployment/update"), |api, r| {
        decode(api, r, types::outcome)
    })
}

/// Op 47, `POST /deployment/update/{object}`.
pub fn update_object(object: &str) -> Call<ApplyOutcome> {
    let path = format!("/deployment/update/{}", seg(object));
    Call::new(API, Request::post(path), |api, r| {
        decode(api, r, types::outcome)
    })
}

/// Op 45, `POST /deployment/revive`.
pub fn revive() -> Call<()> {
    Call::new(API, Request::post("/deployment/revive"), |api, r| {
        decode(api, r, |_| Ok(()))
    })
}

/// Op 52, `POST /deployment/hibernate`: scales every Deployment and StatefulSet to 0.
pub fn hibernate() -> Call<()> {
    Call::new(API, Request::post("/deployment/hibernate"), |api, r| {
        decode(api, r, |_| Ok(()))
    })
}

/// The text at `key` of the answer's `data`, or why not.
fn text_in_data(v: &serde_json::Value, key: &str) -> Result<String, String> {
    data(v)
        .get(key)
        .and_then(json::text)
        .ok_or_else(|| format!("the answer has no {key}"))
}

/// Op 36, `GET /deployments/namespace` (Q51: plural, as documented).
pub fn dm_namespace() -> Call<String> {
    Call::new(API, Request::get("/deployments/namespace"), |api, r| {
        decode(api, r, |v| text_in_data(v, "namespace"))
    })
}

/// Op 44, `GET /platform/version`.
pub fn platform_version() -> Call<String> {
    Call::new(API, Request::get("/platform/version"), |api, r| {
        decode(api, r, |v| text_in_data(v, "release_version"))
    })
}

// ---- resource labels (ops 20–25) --------------------------------------------------------

/// Op 20, `GET /resource_labels` (Q36: the example POSTs; the documented GET is sent).
pub fn labels() -> Call<Vec<String>> {
    Call::new(API, Request::get("/resource_labels"), |api, r| {
        decode(api, r, |v| Ok(string_list(v, "labels")))
    })
}

/// Op 21, `POST /resource_labels/binding`: a binding for every label × object, as repeated
/// urlencoded keys.
pub fn bind_labels(labels: &[String], objects: &[String]) -> Call<ApplyOutcome> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for l in labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        pairs.push(("label".into(), l.into()));
    }
    for o in objects.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        pairs.push(("object_name".into(), o.into()));
    }
    Call::new(
        API,
        Request::post("/resource_labels/binding").form(pairs),
        |api, r| decode(api, r, types::outcome),
    )
}

/// Op 22, `GET /resource_labels/objects/{label}?must_exist=` (Q38: default false).
pub fn objects_by_label(label: &str, must_exist: bool) -> Call<Vec<String>> {
    let req = Request::get(format!("/resource_labels/objects/{}", seg(label)))
        .query("must_exist", must_exist);
    Call::new(API, req, |api, r| {
        decode(api, r, |v| Ok(string_list(v, "objects")))
    })
}

/// Op 23, `GET /resource_labels/labels/{object_name}`.
pub fn labels_of(object: &str) -> Call<Vec<String>> {
    let path = format!("/resource_labels/labels/{}", seg(object));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, |v| Ok(string_list(v, "labels")))
    })
}

/// Op 24, `DELETE /resource_labels/binding/{object_name}`: every binding of the object.
pub fn delete_bindings(object: &str) -> Call<()> {
    let path = format!("/resource_labels/binding/{}", seg(object));
    Call::empty(API, Request::delete(path))
}

/// Op 25, `POST /resource_labels/update-defaults`.
pub fn update_default_labels() -> Call<()> {
    Call::empty(API, Request::post("/resource_labels/update-defaults"))
}

// ---- resourcing and autoscaling (ops 26–29, 48) -----------------------------------------

/// Op 26, `POST /resourcing/cluster/{size}`.
pub fn resize_cluster(size: ClusterSize) -> Call<ApplyOutcome> {
    let path = format!("/resourcing/cluster/{}", seg(size.as_str()));
    Call::new(API, Request::post(path), |api, r| {
        decode(api, r, types::outcome)
    })
}

/// Op 27, `POST /autoscaling/controllers/pause`.
pub fn pause_autoscaling() -> Call<()> {
    Call::empty(API, Request::post("/autoscaling/controllers/pause"))
}

/// Op 28, `POST /autoscaling/controllers/resume`.
pub fn resume_autoscaling() -> Call<()> {
    Call::empty(API, Request::post("/autoscaling/controllers/resume"))
}

/// Op 29, `GET /autoscaling/controllers/status`: controller → `running` / `paused`.
pub fn autoscaling_status() -> Call<BTreeMap<String, String>> {
    Call::new(
        API,
        Request::get("/autoscaling/controllers/status"),
        |api, r| decode(api, r, types::controllers),
    )
}

/// Op 48, `GET /resourcing/autoscaled`.
pub fn autoscaled() -> Call<Vec<String>> {
    Call::new(API, Request::get("/resourcing/autoscaled"), |api, r| {
        decode(api, r, |v| Ok(string_list(v, "names")))
    })
}

// ---- telescope (ops 37–41) --------------------------------------------------------------

/// Op 37, `POST /obs/telescope/export`: starts a job; follow it with [`export_status`].
pub fn start_export(request: &ExportRequest) -> Call<ExportJob> {
    let req = Request::post("/obs/telescope/export").json(request.body());
    Call::new(API, req, |api, r| decode(api, r, types::export_job))
}

/// Op 38, `GET /obs/telescope/export/{id}/status`.
pub fn export_status(id: &str) -> Call<ExportJob> {
    let path = format!("/obs/telescope/export/{}/status", seg(id));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, types::export_job)
    })
}

/// Op 39, `POST /obs/telescope/import` (multipart field `file`, a telescope `.zip`).
pub fn import_telemetry(file: &FilePart) -> Call<ImportJob> {
    let req = Request::post("/obs/telescope/import")
        .multipart(vec![Part::File("file".into(), file.clone())]);
    Call::new(API, req, |api, r| decode(api, r, types::import_job))
}

/// Op 40, `GET /obs/telescope/import/{id}/configs`: each config name with its text.
pub fn import_configs(id: &str) -> Call<Vec<(String, String)>> {
    let path = format!("/obs/telescope/import/{}/configs", seg(id));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, types::imported_configs)
    })
}

/// Op 41, `GET /obs/telescope/import/{id}/status` (Q60: `{}` reads as an unknown status).
pub fn import_status(id: &str) -> Call<ImportJob> {
    let path = format!("/obs/telescope/import/{}/status", seg(id));
    Call::new(API, Request::get(path), |api, r| {
        decode(api, r, types::import_job)
    })
}

// ---- platform status, settings, kube (ops 43, 49, 50, 53–55) ----------------------------

/// Op 43, `GET /platform-status/components`.
pub fn platform_status() -> Call<Vec<Component>> {
    Call::new(
        API,
        Request::get("/platform-status/components"),
        |api, r| decode(api, r, types::components),
    )
}

/// Op 49, `GET /settings`.
pub fn settings() -> Call<Settings> {
    Call::new(API, Request::get("/settings"), |api, r| {
        decode(api, r, types::settings)
    })
}

/// Op 50, `POST /settings`: the whole GET answer with the edited values (Q64); the answer is
/// `{"updatedConfigs": …}` without an envelope (Q65).
pub fn update_settings(settings: &Settings) -> Call<ApplyOutcome> {
    let req = Request::post("/settings").json(settings.body());
    Call::new(API, req, |api, r| decode(api, r, types::outcome))
}

/// Op 53, `DELETE /kube/job/{job_name}`.
pub fn delete_job(name: &str) -> Call<()> {
    let path = format!("/kube/job/{}", seg(name));
    Call::new(API, Request::delete(path), |api, r| {
        decode(api, r, |_| Ok(()))
    })
}

/// Op 54, `POST /kube/pod/delete` (Q66: the pod's name).
pub fn delete_pod(pod: &str) -> Call<()> {
    let req = Request::post("/kube/pod/delete").form(vec![("pod".into(), pod.trim().into())]);
    Call::new(API, req, |api, r| decode(api, r, |_| Ok(())))
}

/// Op 55, `POST /kube/pod/quarantine`: out of the load balancer; there is no undo endpoint.
pub fn quarantine_pod(pod: &str) -> Call<()> {
    let req = Request::post("/kube/pod/quarantine").form(vec![("pod".into(), pod.trim().into())]);
    Call::new(API, req, |api, r| decode(api, r, |_| Ok(())))
}
