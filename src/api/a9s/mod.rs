//! a9s Public API v1: operations and response types (see `../shared/seeds/002_fe4c0720caeb2edd.txt`).
//!
//! Every path is relative to the connection's base and starts `/v1/instances/{instance_id}`.
//! The decoders take the documents' examples as they are: ids as numbers or strings, missing
//! fields, `null` lists, a single object where a list is documented, links with stray spaces.
//! [`metrics`] parses the Graphite lines of the metrics call; [`validate`] checks the operator's
//! input before anything is sent.

pub mod metrics;
pub mod validate;

use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use super::{seg, ApiKind, Call, Request, Response};
pub use metrics::Metrics;
pub use validate::{ConfigForm, ConfigUpdate, FieldError};

const API: ApiKind = ApiKind::A9s;

fn instance_path(instance: &str) -> String {
    format!("/v1/instances/{}", seg(instance))
}

fn path(instance: &str, rest: &str) -> String {
    format!("{}{rest}", instance_path(instance))
}

// ---- lenient field readers --------------------------------------------------------------

/// A number or a numeric string; anything else reads as absent.
fn number_of(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn de_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(number_of(&Value::deserialize(d)?))
}

fn de_id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(number_of(&Value::deserialize(d)?).unwrap_or(0))
}

/// Text from a string, a number or a boolean; `null` and structures read as absent.
fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// `true`, `"true"`, `1`; everything else is false.
fn de_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"),
        _ => false,
    })
}

/// A list, `null` (empty), or one object where a list was documented; unreadable items are
/// dropped rather than failing the whole answer.
fn de_list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    };
    Ok(items
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

/// A whole answer that should be a list: tolerant in the same way.
fn decode_list<T: serde::de::DeserializeOwned>(
    api: ApiKind,
    resp: &Response,
) -> Result<Vec<T>, super::ApiError> {
    let v: Value = super::decode_json(api, resp)?;
    de_list(v).map_err(|e| super::ApiError::Decode {
        api,
        error: e.to_string(),
        body: resp.text(),
    })
}

// ---- statuses ---------------------------------------------------------------------------

/// The status of a backup, restore or point-in-time restore.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum TaskStatus {
    Queued,
    Running,
    Done,
    Failed,
    Deleted,
    /// Not given.
    #[default]
    Unknown,
    /// A status the document does not list, kept as sent.
    Other(String),
}

impl TaskStatus {
    pub fn parse(s: &str) -> TaskStatus {
        match s.trim().to_ascii_lowercase().as_str() {
            "queued" => TaskStatus::Queued,
            "running" => TaskStatus::Running,
            "done" => TaskStatus::Done,
            "failed" => TaskStatus::Failed,
            "deleted" => TaskStatus::Deleted,
            "" => TaskStatus::Unknown,
            _ => TaskStatus::Other(s.trim().to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::Queued => "queued",
            TaskStatus::Running => "running",
            TaskStatus::Done => "done",
            TaskStatus::Failed => "failed",
            TaskStatus::Deleted => "deleted",
            TaskStatus::Unknown => "unknown",
            TaskStatus::Other(s) => s,
        }
    }

    /// Nothing will change any more: stop polling.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            TaskStatus::Done | TaskStatus::Failed | TaskStatus::Deleted
        )
    }

    /// Every status the document lists, for filters.
    pub const DOCUMENTED: [TaskStatus; 5] = [
        TaskStatus::Queued,
        TaskStatus::Running,
        TaskStatus::Done,
        TaskStatus::Failed,
        TaskStatus::Deleted,
    ];
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(de_text(d)?
            .map(|s| TaskStatus::parse(&s))
            .unwrap_or_default())
    }
}

/// The state of a service instance.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum InstanceState {
    Provisioned,
    Available,
    Deleted,
    Deploying,
    Failed,
    #[default]
    Unknown,
    Other(String),
}

impl InstanceState {
    pub fn parse(s: &str) -> InstanceState {
        match s.trim().to_ascii_lowercase().as_str() {
            "provisioned" => InstanceState::Provisioned,
            "available" => InstanceState::Available,
            "deleted" => InstanceState::Deleted,
            "deploying" => InstanceState::Deploying,
            "failed" => InstanceState::Failed,
            "" => InstanceState::Unknown,
            _ => InstanceState::Other(s.trim().to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            InstanceState::Provisioned => "provisioned",
            InstanceState::Available => "available",
            InstanceState::Deleted => "deleted",
            InstanceState::Deploying => "deploying",
            InstanceState::Failed => "failed",
            InstanceState::Unknown => "unknown",
            InstanceState::Other(s) => s,
        }
    }

    /// A lifecycle action is still under way: keep watching.
    pub fn is_busy(&self) -> bool {
        *self == InstanceState::Deploying
    }
}

impl<'de> Deserialize<'de> for InstanceState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(de_text(d)?
            .map(|s| InstanceState::parse(&s))
            .unwrap_or_default())
    }
}

// ---- response types ---------------------------------------------------------------------

/// One backup (list and single answers).
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Backup {
    #[serde(deserialize_with = "de_id")]
    pub id: u64,
    /// Bytes (the document's description of `size` is a copy of the id's).
    #[serde(deserialize_with = "de_number")]
    pub size: Option<u64>,
    pub status: TaskStatus,
    #[serde(deserialize_with = "de_text")]
    pub triggered_at: Option<String>,
    /// When the status last changed.
    #[serde(deserialize_with = "de_text")]
    pub finished_at: Option<String>,
    #[serde(deserialize_with = "de_flag")]
    pub downloadable: bool,
}

/// One restore. The single-restore table lists `size`; the example (followed here) has
/// `backup_id` instead.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Restore {
    #[serde(deserialize_with = "de_id")]
    pub id: u64,
    #[serde(deserialize_with = "de_number")]
    pub backup_id: Option<u64>,
    pub status: TaskStatus,
    #[serde(deserialize_with = "de_text")]
    pub triggered_at: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub finished_at: Option<String>,
}

/// `{"id": 1, "message": "job to backup is queued"}`.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct BackupCreated {
    #[serde(deserialize_with = "de_id")]
    pub id: u64,
    #[serde(deserialize_with = "de_text")]
    pub message: Option<String>,
}

/// `{"id": 1}`: the restore a restore request started.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct RestoreCreated {
    #[serde(deserialize_with = "de_id")]
    pub id: u64,
}

/// `{"message": "instance updated"}`.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Message {
    #[serde(deserialize_with = "de_text")]
    pub message: Option<String>,
}

/// The backups configuration. The encryption key is write-only and never part of it.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct BackupsConfig {
    #[serde(deserialize_with = "de_number")]
    pub min_backup_count: Option<u64>,
    /// Days.
    #[serde(deserialize_with = "de_number")]
    pub retention_time: Option<u64>,
    #[serde(deserialize_with = "de_number")]
    pub min_encryption_key_length: Option<u64>,
    #[serde(deserialize_with = "de_flag")]
    pub exclude_from_auto_backup: bool,
    /// `standard` or `continuous_archiving`.
    #[serde(deserialize_with = "de_text")]
    pub backup_type: Option<String>,
}

impl BackupsConfig {
    /// Continuous archiving is what makes point-in-time recovery possible.
    pub fn continuous_archiving(&self) -> bool {
        self.backup_type.as_deref().map(str::trim) == Some("continuous_archiving")
    }
}

/// `{"backup_guid": "…"}` from preparing a disaster recovery on the source instance.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct DrPrepared {
    #[serde(deserialize_with = "de_text")]
    pub backup_guid: Option<String>,
}

/// `{"restore_id": 1}`: the restore in the destination instance.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct DrPerformed {
    #[serde(deserialize_with = "de_number")]
    pub restore_id: Option<u64>,
}

/// One component with an update.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct AvailableUpdate {
    #[serde(deserialize_with = "de_text")]
    pub name: Option<String>,
    #[serde(rename = "type", deserialize_with = "de_text")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub version: Option<String>,
}

/// A dashboard link of the overview.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct InstanceUrl {
    #[serde(deserialize_with = "de_text")]
    pub display_name: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub link: Option<String>,
}

impl InstanceUrl {
    /// What to call it: the display name, else the id, else the link itself.
    pub fn label(&self) -> String {
        [&self.display_name, &self.id, &self.link]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or("link")
            .to_string()
    }
}

/// The instance overview.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Instance {
    #[serde(deserialize_with = "de_list")]
    pub available_updates: Vec<AvailableUpdate>,
    #[serde(deserialize_with = "de_text")]
    pub created_at: Option<String>,
    /// The id within the data service (a number in the document).
    #[serde(deserialize_with = "de_text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub plan_id: Option<String>,
    /// In the document's example only, equal to `service_id`.
    #[serde(deserialize_with = "de_text")]
    pub service_guid: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub service_id: Option<String>,
    pub state: InstanceState,
    #[serde(deserialize_with = "de_text")]
    pub subtenant_id: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub subtenant_name: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub tenant_id: Option<String>,
    /// The tenant's (org's) name, though the document describes it as the subtenant's.
    #[serde(deserialize_with = "de_text")]
    pub tenant_name: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub updated_at: Option<String>,
    #[serde(deserialize_with = "de_list")]
    pub urls: Vec<InstanceUrl>,
}

impl Instance {
    /// The service id to send with "apply updates" (`service_guid` when only that is given).
    pub fn service(&self) -> Option<&str> {
        self.service_id
            .as_deref()
            .or(self.service_guid.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// The range a point-in-time restore can target.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct PitrRange {
    #[serde(deserialize_with = "de_text")]
    pub start_time: Option<String>,
    #[serde(deserialize_with = "de_text")]
    pub end_time: Option<String>,
}

impl PitrRange {
    /// Start and end in epoch milliseconds, when both are readable and in order.
    pub fn bounds_ms(&self) -> Option<(i64, i64)> {
        let start = crate::time::parse_iso(self.start_time.as_deref()?)?;
        let end = crate::time::parse_iso(self.end_time.as_deref()?)?;
        (start <= end).then_some((start, end))
    }
}

/// `{"status": "queued"}`: a point-in-time restore returns no id.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct PitrQueued {
    pub status: TaskStatus,
}

/// What a downloaded backup is saved as: instance and backup id, safe as a file name.
pub fn download_file_name(instance: &str, backup_id: u64) -> String {
    let safe: String = instance
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_matches('.');
    let safe = if safe.is_empty() { "instance" } else { safe };
    format!("{safe}-backup-{backup_id}.tgz")
}

// ---- operations -------------------------------------------------------------------------

/// A1 `GET …/backups`.
pub fn list_backups(instance: &str) -> Call<Vec<Backup>> {
    Call::new(
        API,
        Request::get(path(instance, "/backups")),
        decode_list::<Backup>,
    )
}

/// A2 `GET …/backups/{id}`: the poll target after creating a backup.
pub fn get_backup(instance: &str, id: u64) -> Call<Backup> {
    Call::json(API, Request::get(path(instance, &format!("/backups/{id}"))))
}

/// A3 `POST …/backups`: queues a backup (no body).
pub fn create_backup(instance: &str) -> Call<BackupCreated> {
    Call::json(API, Request::post(path(instance, "/backups")))
}

/// A4 `GET …/backups/{id}/download`: the encrypted, compressed file; 412 `{message, status}`
/// when instance and backup do not exist or match.
pub fn download_backup(instance: &str, id: u64) -> Call<Response> {
    Call::raw(
        API,
        Request::get(path(instance, &format!("/backups/{id}/download"))),
    )
}

/// A5 `GET …/restores`.
pub fn list_restores(instance: &str) -> Call<Vec<Restore>> {
    Call::new(
        API,
        Request::get(path(instance, "/restores")),
        decode_list::<Restore>,
    )
}

/// A6 `GET …/restores/{id}`.
pub fn get_restore(instance: &str, id: u64) -> Call<Restore> {
    Call::json(
        API,
        Request::get(path(instance, &format!("/restores/{id}"))),
    )
}

/// A7 `POST …/backups/{id}/restore`: overwrites the instance's data with the backup.
pub fn restore_backup(instance: &str, backup_id: u64) -> Call<RestoreCreated> {
    Call::json(
        API,
        Request::post(path(instance, &format!("/backups/{backup_id}/restore"))),
    )
}

/// A8 `GET …/backups-config`.
pub fn get_backups_config(instance: &str) -> Call<BackupsConfig> {
    Call::json(API, Request::get(path(instance, "/backups-config")))
}

/// A9 `PATCH …/backups-config` with only the fields that change.
pub fn update_backups_config(instance: &str, update: &ConfigUpdate) -> Call<Message> {
    Call::json(
        API,
        Request::patch(path(instance, "/backups-config")).json(update.body()),
    )
}

/// A10 `POST …/disaster-recovery/prepare` on the source instance; the key is optional.
pub fn prepare_disaster_recovery(instance: &str, encryption_key: Option<&str>) -> Call<DrPrepared> {
    let body = match encryption_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => json!({ "encryption_key": key }),
        None => json!({}),
    };
    Call::json(
        API,
        Request::post(path(instance, "/disaster-recovery/prepare")).json(body),
    )
}

/// A11 `POST …/disaster-recovery/perform` on the destination instance.
pub fn perform_disaster_recovery(
    destination: &str,
    backup_guid: &str,
    encryption_key: &str,
) -> Call<DrPerformed> {
    Call::json(
        API,
        Request::post(path(destination, "/disaster-recovery/perform")).json(json!({
            "backup_guid": backup_guid.trim(),
            "encryption_key": encryption_key,
        })),
    )
}

/// A12 `GET /v1/instances/{id}`.
pub fn get_instance(instance: &str) -> Call<Instance> {
    Call::json(API, Request::get(instance_path(instance)))
}

/// A13 `PATCH …/recreate`: 202, no body.
pub fn recreate(instance: &str) -> Call<()> {
    Call::empty(API, Request::patch(path(instance, "/recreate")))
}

/// A14 `PATCH …/restart`: 202, no body.
pub fn restart(instance: &str) -> Call<()> {
    Call::empty(API, Request::patch(path(instance, "/restart")))
}

/// A15 `PATCH …/updates` with the instance's service id: applies every available update.
pub fn apply_updates(instance: &str, service_id: &str) -> Call<()> {
    Call::empty(
        API,
        Request::patch(path(instance, "/updates")).json(json!({ "service_id": service_id })),
    )
}

/// A16 `GET …/metrics?quantity=n`: the newest `n` samples (all when `None`), parsed.
pub fn get_metrics(instance: &str, quantity: Option<u32>) -> Call<Metrics> {
    Call::new(
        API,
        Request::get(path(instance, "/metrics")).query_opt("quantity", quantity),
        |api, resp| {
            Metrics::from_body(&resp.text()).ok_or_else(|| super::ApiError::Decode {
                api,
                error: "the metrics are not a list of Graphite lines".into(),
                body: resp.text(),
            })
        },
    )
}

/// A17 `GET …/pitr` (answers 202 with the range).
pub fn get_pitr_range(instance: &str) -> Call<PitrRange> {
    Call::json(API, Request::get(path(instance, "/pitr")))
}

/// A18 `POST …/pitr/restore` to an ISO 8601 UTC time inside the range; returns no restore id.
pub fn pitr_restore(instance: &str, target_time: &str) -> Call<PitrQueued> {
    Call::json(
        API,
        Request::post(path(instance, "/pitr/restore")).json(json!({ "target_time": target_time })),
    )
}

#[cfg(test)]
mod tests;
