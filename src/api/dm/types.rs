//! What the Deployment Manager answers, read leniently: each operation has its own envelope
//! (X2), keys keep the document's mixed casing (X3), numbers may arrive as strings and
//! strings as numbers, lists may be missing, and `failed_to_apply` is a list or a map (X4).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::json::{self, Read};
use crate::api::{ApiError, ApiKind, Response};

// ---- lenient field readers (the one rule: `crate::api::json`) ---------------------------

fn txt(v: &Value, k: &str) -> String {
    v.get(k).and_then(json::text).unwrap_or_default()
}

fn opt(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(json::text)
}

fn int(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(json::int)
}

fn strs(v: &Value, k: &str) -> Vec<String> {
    json::strings(v.get(k))
}

// ---- envelopes --------------------------------------------------------------------------

/// Reads an answer with `read`. A body whose own `statusCode` (or `status_code`, Q44) says
/// failure is an error even under HTTP 200 (X10: the body's code is the real status).
pub(crate) fn decode<T>(
    api: ApiKind,
    resp: &Response,
    read: fn(&Value) -> Result<T, String>,
) -> Result<T, ApiError> {
    let text = resp.text();
    let v: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).map_err(|e| ApiError::Decode {
            api,
            error: e.to_string(),
            body: text.clone(),
        })?
    };
    if let Some(code) = body_status(&v).filter(|c| *c >= 400) {
        return Err(ApiError::from_status(api, code, &text));
    }
    read(&v).map_err(|error| ApiError::Decode {
        api,
        error,
        body: text,
    })
}

fn body_status(v: &Value) -> Option<u16> {
    v.get("statusCode")
        .or_else(|| v.get("status_code"))
        .and_then(json::int)
        .and_then(|c| u16::try_from(c).ok())
}

/// `data` of the `{statusCode, data, error}` envelope, or the body itself when it has none.
pub(crate) fn data(v: &Value) -> &Value {
    v.get("data").unwrap_or(v)
}

/// The `{"status": "OK"}` answer of setup and database setup.
pub(crate) fn status_ok(v: &Value) -> Result<String, String> {
    match v.get("status").and_then(json::text) {
        Some(s) => Ok(s),
        None if v.is_null() => Ok(String::new()),
        None => Err("the answer has no \"status\"".into()),
    }
}

// ---- per-object results (X4) ------------------------------------------------------------

/// One object that could not be applied, with the reason when the server gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedObject {
    pub name: String,
    pub reason: Option<String>,
}

/// What a state-changing call did to the cluster, object by object.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ApplyOutcome {
    pub successful: Vec<String>,
    pub failed: Vec<FailedObject>,
    /// The `error` the server sent beside the lists.
    pub error: Option<String>,
    /// Whether the answer had either list at all: a success that names neither says nothing
    /// about what was applied (and is not shown as a success).
    pub told: bool,
}

impl ApplyOutcome {
    /// Reads `{successful_apply, failed_to_apply}` from `v` (already inside `data` or
    /// `updatedConfigs`). X4: `failed_to_apply` is a list of names in most operations and a
    /// map of name → reason in `/deployment/update*`; both are accepted, and so is its absence
    /// (op 19's first listing, Q35).
    pub fn from_lists(v: &Value) -> ApplyOutcome {
        let failed = match v.get("failed_to_apply") {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, r)| FailedObject {
                    name: k.clone(),
                    reason: json::text(r).filter(|r| !r.is_empty()),
                })
                .collect(),
            Some(other) => json::strings(Some(other))
                .into_iter()
                .map(|name| FailedObject { name, reason: None })
                .collect(),
            None => Vec::new(),
        };
        ApplyOutcome {
            successful: json::strings(v.get("successful_apply")),
            failed,
            error: None,
            told: v.get("successful_apply").is_some_and(|l| !l.is_null())
                || v.get("failed_to_apply").is_some_and(|l| !l.is_null()),
        }
    }

    /// Reads a whole answer: the lists under `data` (or `updatedConfigs`, op 50) and `error`.
    pub fn from_body(v: &Value) -> ApplyOutcome {
        let inner = v.get("updatedConfigs").unwrap_or_else(|| data(v));
        let mut out = ApplyOutcome::from_lists(inner);
        out.error = v
            .get("error")
            .and_then(json::text)
            .filter(|e| !e.trim().is_empty());
        out
    }

    /// The per-object lists carried by an error answer (the documented 500 failure bodies).
    pub fn from_error(e: &ApiError) -> Option<ApplyOutcome> {
        let body: Value = serde_json::from_str(e.raw_body()?).ok()?;
        let inner = body.get("updatedConfigs").unwrap_or_else(|| data(&body));
        if inner.get("successful_apply").is_none() && inner.get("failed_to_apply").is_none() {
            return None;
        }
        Some(ApplyOutcome::from_body(&body))
    }

    /// Every object applied, as the server said (it named at least one of its lists).
    pub fn all_ok(&self) -> bool {
        self.told && self.failed.is_empty()
    }
}

pub(crate) fn outcome(v: &Value) -> Result<ApplyOutcome, String> {
    Ok(ApplyOutcome::from_body(v))
}

// ---- setup ------------------------------------------------------------------------------

/// Q3: `isSetup` is a boolean in the schema and the string `"true"` in the example; both read.
pub(crate) fn is_setup(v: &Value) -> Result<bool, String> {
    v.get("isSetup")
        .and_then(json::flag)
        .ok_or_else(|| "the answer has no readable \"isSetup\"".into())
}

// ---- base configs -----------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ObjectVersions {
    pub object_name: String,
    /// Q13: `Versions` here, `versions` in ops 8 and 31; either is read.
    pub versions: Vec<String>,
}

impl Read for ObjectVersions {
    fn read(v: &Value) -> Self {
        ObjectVersions {
            object_name: txt(v, "objectName"),
            // Q13: `Versions` here, `versions` in ops 8 and 31; either is read.
            versions: json::strings(v.get("Versions").or_else(|| v.get("versions"))),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BaseConfig {
    pub object_name: String,
    pub version: String,
    pub previous_version: String,
    pub state: String,
    pub config: String,
    pub metadata: String,
}

impl Read for BaseConfig {
    fn read(v: &Value) -> Self {
        BaseConfig {
            object_name: opt(v, "object_name").unwrap_or_else(|| txt(v, "objectName")),
            version: txt(v, "version"),
            previous_version: txt(v, "previous_version"),
            state: txt(v, "state"),
            config: txt(v, "config"),
            metadata: txt(v, "metadata"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Upgrade {
    pub version: String,
    pub creators: Vec<String>,
    pub last_updated_ms: Option<i64>,
    pub created_ms: Option<i64>,
}

impl Read for Upgrade {
    fn read(v: &Value) -> Self {
        Upgrade {
            version: txt(v, "version"),
            creators: strs(v, "creators"),
            last_updated_ms: int(v, "lastUpdatedTimestampMS"),
            created_ms: int(v, "createdAtTimestampMS"),
        }
    }
}

/// The progress of an asynchronous upload (op 34): `None` while it runs (Q45: `data: null`).
pub(crate) fn upload_progress(v: &Value) -> Result<Option<ApplyOutcome>, String> {
    let d = data(v);
    if d.is_null() {
        return Ok(None);
    }
    Ok(Some(ApplyOutcome::from_body(v)))
}

/// Op 33's `data.RequestID` (Q44), also read as `requestId`/`request_id`.
pub(crate) fn request_id(v: &Value) -> Result<String, String> {
    let d = data(v);
    ["RequestID", "requestId", "request_id", "id"]
        .iter()
        .find_map(|k| d.get(*k).and_then(json::text))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| "the answer has no RequestID".into())
}

// ---- patches and materialized configs ---------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PatchInfo {
    /// Q61: a number in ops 12–13, a string in op 42.
    pub version: Option<i64>,
    pub next_version: Option<i64>,
    pub target: String,
    /// Q24: only in the examples.
    pub state: Option<String>,
    pub patch: String,
    pub metadata: String,
    pub description: String,
}

impl Read for PatchInfo {
    fn read(v: &Value) -> Self {
        PatchInfo {
            version: int(v, "version"),
            next_version: int(v, "nextVersion"),
            target: txt(v, "target"),
            state: opt(v, "state"),
            patch: txt(v, "patch"),
            metadata: txt(v, "metadata"),
            description: txt(v, "description"),
        }
    }
}

impl PatchInfo {
    /// The version as an id to act on (identity rule: a whole number in range, else unread).
    pub fn version_id(&self) -> crate::api::IdRead {
        match self.version {
            None => Err(crate::api::Unread::Missing),
            Some(v) => crate::api::Id::integer(Some(&Value::from(v))),
        }
    }

    /// A field of the patch's JSON metadata text (`createdBy`, `format`, `type`).
    pub fn meta(&self, key: &str) -> Option<String> {
        serde_json::from_str::<Value>(&self.metadata)
            .ok()?
            .get(key)
            .and_then(json::text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MaterializedConfig {
    pub object_name: String,
    pub release_version: String,
    pub patch_version: Option<i64>,
    /// Q31: "an integer" in one schema, a string in the examples; read as text.
    pub previous_release_version: Option<String>,
    pub previous_patch_version: Option<i64>,
    pub state: Option<String>,
    pub config: String,
    pub metadata: String,
    pub timestamp_ms: Option<i64>,
}

impl Read for MaterializedConfig {
    fn read(v: &Value) -> Self {
        MaterializedConfig {
            object_name: txt(v, "objectName"),
            release_version: txt(v, "releaseVersion"),
            patch_version: int(v, "patchVersion"),
            previous_release_version: opt(v, "previousReleaseVersion"),
            previous_patch_version: int(v, "previousPatchVersion"),
            state: opt(v, "state"),
            config: txt(v, "config"),
            metadata: txt(v, "metadata"),
            timestamp_ms: int(v, "timestampMS"),
        }
    }
}

impl MaterializedConfig {
    /// IS_GOLDEN: this config is the one running in the cluster.
    pub fn is_golden(&self) -> bool {
        self.state.as_deref() == Some("IS_GOLDEN")
    }
}

/// One target of a dry run: the materialized result, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DryRun {
    pub message: Option<String>,
    pub dry_run: Option<MaterializedConfig>,
}

impl Read for DryRun {
    fn read(v: &Value) -> Self {
        DryRun {
            message: opt(v, "message"),
            dry_run: v
                .get("dryRun")
                .filter(|d| d.is_object())
                .map(MaterializedConfig::read),
        }
    }
}

pub(crate) fn dry_runs(v: &Value) -> Result<Vec<DryRun>, String> {
    let d = data(v);
    match d.get("dryRuns") {
        Some(list) => Ok(json::read_all(Some(list))),
        // A server that ignored dry_run answered the apply shape: say so instead of guessing.
        None if d.get("successful_apply").is_some() => {
            Err("the server applied the patch instead of dry-running it".into())
        }
        None => Ok(Vec::new()),
    }
}

/// Previous and new config around one patch (op 51).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ConfigPair {
    pub prev_config: String,
    pub new_config: String,
}

impl Read for ConfigPair {
    fn read(v: &Value) -> Self {
        ConfigPair {
            prev_config: txt(v, "prev_config"),
            new_config: txt(v, "new_config"),
        }
    }
}

/// One differing field between the database and Kubernetes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DiffRow {
    pub key: String,
    pub expected: String,
    pub got: String,
}

impl Read for DiffRow {
    fn read(v: &Value) -> Self {
        DiffRow {
            key: txt(v, "key"),
            expected: txt(v, "expected"),
            got: txt(v, "got"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct InconsistentObject {
    pub name: String,
    pub rows: Vec<DiffRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SkippedObject {
    pub name: String,
    pub code: Option<i64>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Inconsistencies {
    pub count: u64,
    pub inconsistent: Vec<InconsistentObject>,
    pub consistent: Vec<String>,
    pub skipped: Vec<SkippedObject>,
}

const NESTED_LISTS: [&str; 2] = ["consistentResources", "skippedResources"];

/// Op 35 in either layout. Q47: the count is `numInconsistencies` (Go tag) or
/// `numInconstencies` (example). Q49: the consistent and skipped lists are read at top level
/// first and inside `inconsistentResources` second, where they are not object names. Q48: a
/// skip reason is `reason` or the example's `readon`.
pub(crate) fn inconsistencies(v: &Value) -> Result<Inconsistencies, String> {
    if !v.is_object() {
        return Err("the answer is not an object".into());
    }
    let nested = v
        .get("inconsistentResources")
        .cloned()
        .unwrap_or(Value::Null);
    let pick = |key: &str| {
        v.get(key)
            .or_else(|| nested.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let inconsistent: Vec<InconsistentObject> = nested
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !NESTED_LISTS.contains(&k.as_str()))
                .map(|(k, d)| InconsistentObject {
                    name: k.clone(),
                    rows: json::read_all(d.get("diffRows")),
                })
                .collect()
        })
        .unwrap_or_default();
    let skipped = pick("skippedResources")
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, s)| SkippedObject {
                    name: k.clone(),
                    code: s.get("code").and_then(json::int),
                    reason: s
                        .get("reason")
                        .or_else(|| s.get("readon"))
                        .and_then(json::text)
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let count = v
        .get("numInconsistencies")
        .or_else(|| v.get("numInconstencies"))
        .and_then(json::int)
        .map(|n| n.max(0) as u64)
        .unwrap_or(inconsistent.len() as u64);
    Ok(Inconsistencies {
        count,
        inconsistent,
        consistent: json::strings(Some(&pick("consistentResources"))),
        skipped,
    })
}

// ---- telescope --------------------------------------------------------------------------

/// A telescope job's state. Q55: only WAITING and SUCCESS are documented; anything else that
/// is not a failure counts as still running.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum JobStatus {
    Waiting,
    Running,
    Success,
    Failed,
    #[default]
    Unknown,
    Other(String),
}

impl JobStatus {
    pub fn parse(s: &str) -> JobStatus {
        match s.trim().to_ascii_uppercase().as_str() {
            "WAITING" | "PENDING" | "QUEUED" => JobStatus::Waiting,
            "RUNNING" | "IN_PROGRESS" => JobStatus::Running,
            "SUCCESS" | "SUCCEEDED" | "DONE" | "COMPLETE" => JobStatus::Success,
            "FAILED" | "FAILURE" | "ERROR" => JobStatus::Failed,
            "" => JobStatus::Unknown,
            _ => JobStatus::Other(s.to_string()),
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self, JobStatus::Success | JobStatus::Failed)
    }

    pub fn label(&self) -> String {
        match self {
            JobStatus::Waiting => "WAITING".into(),
            JobStatus::Running => "RUNNING".into(),
            JobStatus::Success => "SUCCESS".into(),
            JobStatus::Failed => "FAILED".into(),
            JobStatus::Unknown => "UNKNOWN".into(),
            JobStatus::Other(s) => s.clone(),
        }
    }
}

/// What an export covers (the request echoed by export, the decoded zip of an import).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TelemetryScope {
    pub services: Vec<String>,
    pub data_sources: Vec<String>,
    pub start: String,
    pub end: String,
    pub label: String,
}

impl Read for TelemetryScope {
    fn read(v: &Value) -> Self {
        TelemetryScope {
            services: strs(v, "services"),
            data_sources: strs(v, "data_sources"),
            start: txt(v, "start"),
            end: txt(v, "end"),
            label: txt(v, "label"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ExportJob {
    pub id: String,
    pub status: JobStatus,
    pub request: TelemetryScope,
    /// Empty until the export is done.
    pub zip_file_path: String,
    pub message: Option<String>,
}

fn scope(v: Option<&Value>) -> TelemetryScope {
    v.map(TelemetryScope::read).unwrap_or_default()
}

pub(crate) fn export_job(v: &Value) -> Result<ExportJob, String> {
    let d = data(v);
    Ok(ExportJob {
        id: d.get("id").and_then(json::text).unwrap_or_default(),
        status: JobStatus::parse(&d.get("job_status").and_then(json::text).unwrap_or_default()),
        request: scope(d.get("request")),
        zip_file_path: d
            .pointer("/result/zip_file_path")
            .and_then(json::text)
            .unwrap_or_default(),
        message: d.pointer("/result/message").and_then(json::text),
    })
}

/// Q57: an import's `request` holds the zip path and its `result` the decoded scope; a
/// separate type from [`ExportJob`]. Q60: the status may be `{}`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImportJob {
    pub id: String,
    pub status: JobStatus,
    pub zip_file_path: String,
    pub result: TelemetryScope,
}

pub(crate) fn import_job(v: &Value) -> Result<ImportJob, String> {
    let d = data(v);
    Ok(ImportJob {
        id: d.get("id").and_then(json::text).unwrap_or_default(),
        status: JobStatus::parse(&d.get("job_status").and_then(json::text).unwrap_or_default()),
        zip_file_path: d
            .pointer("/request/zip_file_path")
            .and_then(json::text)
            .unwrap_or_default(),
        result: scope(d.get("result")),
    })
}

/// Q59: the configs payload is undocumented (`{}` in the example): each key with its text.
pub(crate) fn imported_configs(v: &Value) -> Result<Vec<(String, String)>, String> {
    Ok(data(v)
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), json::text(v).unwrap_or_else(|| v.to_string())))
                .collect()
        })
        .unwrap_or_default())
}

// ---- platform status --------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HealthCheck {
    pub id: String,
    pub status: String,
    pub component_name: String,
    pub details: String,
    pub tags: Vec<String>,
    pub is_critical: bool,
    pub contiguous_fails: Option<i64>,
    pub first_check_started_at_epoch_seconds: Option<i64>,
    pub last_checked_at_epoch_seconds: Option<i64>,
    pub last_check_runtime_milliseconds: Option<i64>,
    pub last_success_at_epoch_seconds: Option<i64>,
}

impl Read for HealthCheck {
    fn read(v: &Value) -> Self {
        HealthCheck {
            id: txt(v, "id"),
            status: txt(v, "status"),
            component_name: txt(v, "component_name"),
            details: txt(v, "details"),
            tags: strs(v, "tags"),
            is_critical: v.get("is_critical").and_then(json::flag).unwrap_or(false),
            contiguous_fails: int(v, "contiguous_fails"),
            first_check_started_at_epoch_seconds: int(v, "first_check_started_at_epoch_seconds"),
            last_checked_at_epoch_seconds: int(v, "last_checked_at_epoch_seconds"),
            last_check_runtime_milliseconds: int(v, "last_check_runtime_milliseconds"),
            last_success_at_epoch_seconds: int(v, "last_success_at_epoch_seconds"),
        }
    }
}

/// A check's status in three kinds; only `healthy` is documented (Q62).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    Healthy,
    Degraded,
    Unhealthy,
}

impl HealthCheck {
    pub fn health(&self) -> Health {
        match self.status.trim().to_ascii_lowercase().as_str() {
            "healthy" | "ok" | "passing" => Health::Healthy,
            "degraded" | "warning" | "starting" | "unknown" | "" => Health::Degraded,
            _ => Health::Unhealthy,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Component {
    pub name: String,
    pub last_updated: Option<i64>,
    pub checks: Vec<HealthCheck>,
}

impl Component {
    /// The worst health of the component's checks.
    pub fn health(&self) -> Health {
        let h: Vec<Health> = self.checks.iter().map(HealthCheck::health).collect();
        if h.contains(&Health::Unhealthy) {
            Health::Unhealthy
        } else if h.contains(&Health::Degraded) {
            Health::Degraded
        } else {
            Health::Healthy
        }
    }
}

pub(crate) fn components(v: &Value) -> Result<Vec<Component>, String> {
    let d = data(v);
    let Some(m) = d.as_object() else {
        return Ok(Vec::new());
    };
    Ok(m.iter()
        .map(|(name, c)| {
            let mut checks: Vec<HealthCheck> = c
                .get("health_checks_by_id")
                .and_then(Value::as_object)
                .map(|checks| {
                    checks
                        .iter()
                        .filter_map(|(id, check)| {
                            if !check.is_object() {
                                return None;
                            }
                            let mut hc = HealthCheck::read(check);
                            if hc.id.is_empty() {
                                hc.id = id.clone();
                            }
                            Some(hc)
                        })
                        .collect()
                })
                .unwrap_or_default();
            checks.sort_by(|a, b| a.id.cmp(&b.id));
            Component {
                name: name.clone(),
                last_updated: c.get("last_updated_epoch_seconds").and_then(json::int),
                checks,
            }
        })
        .collect())
}

// ---- settings ---------------------------------------------------------------------------

/// The platform settings as received, kept whole so an edit sends back exactly what came
/// with only the values changed (Q64).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Settings {
    /// The GET answer as received.
    pub envelope: Value,
    /// Each setting as text, in the answer's order (Q63: booleans are the strings
    /// `"true"`/`"false"`).
    pub entries: Vec<(String, String)>,
}

impl Read for Settings {
    fn read(v: &Value) -> Settings {
        let map = v
            .pointer("/data/settings")
            .or_else(|| v.get("settings"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Settings {
            envelope: v.clone(),
            entries: map
                .iter()
                .map(|(k, v)| (k.clone(), json::text(v).unwrap_or_default()))
                .collect(),
        }
    }
}

impl Settings {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 = value,
            None => self.entries.push((key.to_string(), value)),
        }
    }

    /// A string boolean, shown as a switch.
    pub fn is_switch(value: &str) -> bool {
        value == "true" || value == "false"
    }

    /// Passwords and webhook URLs are masked in the console.
    pub fn is_secret(key: &str) -> bool {
        let k = key.to_ascii_lowercase();
        ["password", "secret", "token", "slackurl", "apikey"]
            .iter()
            .any(|s| k.contains(s))
    }

    /// The keys whose values differ from `other`.
    pub fn changed_keys(&self, other: &Settings) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(k, v)| other.get(k) != Some(v.as_str()))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// The body of op 50: the received envelope with its settings replaced, every value a
    /// string. A bare map that came without an envelope is sent back as the envelope.
    pub fn body(&self) -> Value {
        let map: serde_json::Map<String, Value> = self
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let mut env = self.envelope.clone();
        if env.pointer("/data/settings").is_some() {
            env["data"]["settings"] = Value::Object(map);
            env
        } else {
            serde_json::json!({ "data": { "settings": map }, "statusCode": 200, "error": null })
        }
    }
}

pub(crate) fn settings(v: &Value) -> Result<Settings, String> {
    if v.pointer("/data/settings").is_none() && v.get("settings").is_none() {
        return Err("the answer has no settings".into());
    }
    Ok(Settings::read(v))
}

// ---- small readers ----------------------------------------------------------------------

/// `data.<key>` (or `<key>`) as a list of strings.
pub(crate) fn string_list(v: &Value, key: &str) -> Vec<String> {
    json::strings(data(v).get(key).or_else(|| v.get(key)))
}

/// The controller map of op 29 (no envelope), also accepted inside `data`.
pub(crate) fn controllers(v: &Value) -> Result<BTreeMap<String, String>, String> {
    let m = data(v)
        .as_object()
        .ok_or_else(|| "the answer is not a map of controllers".to_string())?;
    Ok(m.iter()
        .filter_map(|(k, v)| json::text(v).map(|s| (k.clone(), s)))
        .collect())
}

pub(crate) fn list_at<T: Read>(v: &Value, key: &str) -> Vec<T> {
    json::read_all(data(v).get(key).or_else(|| v.get(key)))
}

/// One object of type `T` (an answer that is not an object is refused).
pub(crate) fn one<T: Read>(v: &Value) -> Result<T, String> {
    if v.is_object() {
        Ok(T::read(v))
    } else {
        Err("the answer is not an object".into())
    }
}
