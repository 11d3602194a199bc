//! a9s Public API v1: operations and response types (see `../shared/seeds/002_fe4c0720caeb2edd.txt`).
//!
//! Every path is relative to the connection's base and starts `/v1/instances/{instance_id}`.
//! The decoders take the documents' examples as they are: ids as numbers or strings, missing
//! fields, `null` lists, a single object where a list is documented, links with stray spaces.
//! They read a parsed `serde_json::Value` by hand rather than deriving serde impls per type,
//! which keeps the WebAssembly small.
//! [`metrics`] parses the Graphite lines of the metrics call; [`validate`] checks the operator's
//! input before anything is sent.

pub mod metrics;
pub mod validate;

use serde_json::{json, Value};

use super::json::{self, Read};
use super::{seg, ApiKind, Call, Id, IdRead, Request, Response};
pub use metrics::Metrics;
pub use validate::{ConfigForm, ConfigUpdate, FieldError};

const API: ApiKind = ApiKind::A9s;

fn instance_path(instance: &str) -> String {
    format!("/v1/instances/{}", seg(instance))
}

fn path(instance: &str, rest: &str) -> String {
    format!("{}{rest}", instance_path(instance))
}

// ---- lenient field readers (the one rule: `super::json`) ---------------------------------

fn num(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(json::uint)
}

/// A size in bytes: absent, or the number when it is one within [`MAX_SIZE`] (a negative, huge
/// or non-numeric size is `Err`: shown as unreadable, not as "16384.0 PiB").
fn size(v: Option<&Value>) -> Option<Result<u64, ()>> {
    let v = v.filter(|v| !v.is_null())?;
    Some(json::uint(v).filter(|s| *s <= MAX_SIZE).ok_or(()))
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(json::text)
}

/// A flag that is not known to be set is unset.
fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(json::flag).unwrap_or(false)
}

/// A JSON answer as a value (an empty body reads as `null`).
fn value(api: ApiKind, resp: &Response) -> Result<Value, super::ApiError> {
    super::decode_json::<Value>(api, resp)
}

/// A success body that must be an object (or, for lists, an array of them).
fn shaped(api: ApiKind, resp: &Response, list: bool) -> Result<Value, super::ApiError> {
    let v = value(api, resp)?;
    if v.is_object() || (list && v.is_array()) {
        Ok(v)
    } else {
        Err(super::ApiError::Decode {
            api,
            error: format!(
                "expected {}, found {}",
                if list { "a list" } else { "an object" },
                if v.is_null() {
                    "nothing"
                } else {
                    "something else"
                }
            ),
            body: resp.text(),
        })
    }
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

    fn of(v: &Value) -> TaskStatus {
        text(v, "status")
            .map(|s| TaskStatus::parse(&s))
            .unwrap_or_default()
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

// ---- response types ---------------------------------------------------------------------

/// The largest size the console believes (1 PiB): beyond it a size shows as unreadable.
pub const MAX_SIZE: u64 = 1 << 50;

/// One backup (list and single answers).
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    /// An integer id (see [`Id::integer`]); a backup without one is listed but not actionable.
    pub id: IdRead,
    /// Bytes (the document's description of `size` is a copy of the id's); `Err` when sent
    /// but beyond [`MAX_SIZE`] or not a number.
    pub size: Option<Result<u64, ()>>,
    pub status: TaskStatus,
    pub triggered_at: Option<String>,
    /// When the status last changed.
    pub finished_at: Option<String>,
    pub downloadable: bool,
}

impl Read for Backup {
    fn read(v: &Value) -> Backup {
        Backup {
            id: Id::integer(v.get("id")),
            size: size(v.get("size")),
            status: TaskStatus::of(v),
            triggered_at: text(v, "triggered_at"),
            finished_at: text(v, "finished_at"),
            downloadable: flag(v, "downloadable"),
        }
    }
}

/// One restore. The single-restore table lists `size`; the example (followed here) has
/// `backup_id` instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Restore {
    pub id: IdRead,
    pub backup_id: Option<Id>,
    pub status: TaskStatus,
    pub triggered_at: Option<String>,
    pub finished_at: Option<String>,
}

impl Read for Restore {
    fn read(v: &Value) -> Restore {
        Restore {
            id: Id::integer(v.get("id")),
            backup_id: Id::integer(v.get("backup_id")).ok(),
            status: TaskStatus::of(v),
            triggered_at: text(v, "triggered_at"),
            finished_at: text(v, "finished_at"),
        }
    }
}

/// The backups configuration. The encryption key is write-only and never part of it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct BackupsConfig {
    pub min_backup_count: Option<u64>,
    /// Days.
    pub retention_time: Option<u64>,
    pub min_encryption_key_length: Option<u64>,
    pub exclude_from_auto_backup: bool,
    /// `standard` or `continuous_archiving`.
    pub backup_type: Option<String>,
}

impl Read for BackupsConfig {
    fn read(v: &Value) -> BackupsConfig {
        BackupsConfig {
            min_backup_count: num(v, "min_backup_count"),
            retention_time: num(v, "retention_time"),
            min_encryption_key_length: num(v, "min_encryption_key_length"),
            exclude_from_auto_backup: flag(v, "exclude_from_auto_backup"),
            backup_type: text(v, "backup_type"),
        }
    }
}

impl BackupsConfig {
    /// Continuous archiving is what makes point-in-time recovery possible.
    pub fn continuous_archiving(&self) -> bool {
        self.backup_type.as_deref().map(str::trim) == Some("continuous_archiving")
    }
}

/// One component with an update.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AvailableUpdate {
    pub name: Option<String>,
    /// The document's `type`.
    pub kind: Option<String>,
    pub version: Option<String>,
}

/// A dashboard link of the overview.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InstanceUrl {
    pub display_name: Option<String>,
    pub id: Option<String>,
    /// As sent: render it only through `ui::safe_href`, which trims and allows http(s) only.
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
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Instance {
    pub available_updates: Vec<AvailableUpdate>,
    pub created_at: Option<String>,
    /// The id within the data service (a number in the document).
    pub id: Option<String>,
    pub name: Option<String>,
    pub plan_id: Option<String>,
    /// In the document's example only, equal to `service_id`.
    pub service_guid: Option<String>,
    pub service_id: Option<String>,
    pub state: InstanceState,
    pub subtenant_id: Option<String>,
    pub subtenant_name: Option<String>,
    pub tenant_id: Option<String>,
    /// The tenant's (org's) name, though the document describes it as the subtenant's.
    pub tenant_name: Option<String>,
    pub updated_at: Option<String>,
    pub urls: Vec<InstanceUrl>,
}

impl Read for Instance {
    fn read(v: &Value) -> Instance {
        Instance {
            available_updates: json::objects(v.get("available_updates"))
                .into_iter()
                .map(|u| AvailableUpdate {
                    name: text(u, "name"),
                    kind: text(u, "type"),
                    version: text(u, "version"),
                })
                .collect(),
            created_at: text(v, "created_at"),
            id: text(v, "id"),
            name: text(v, "name"),
            plan_id: text(v, "plan_id"),
            service_guid: text(v, "service_guid"),
            service_id: text(v, "service_id"),
            state: text(v, "state")
                .map(|s| InstanceState::parse(&s))
                .unwrap_or_default(),
            subtenant_id: text(v, "subtenant_id"),
            subtenant_name: text(v, "subtenant_name"),
            tenant_id: text(v, "tenant_id"),
            tenant_name: text(v, "tenant_name"),
            updated_at: text(v, "updated_at"),
            urls: json::objects(v.get("urls"))
                .into_iter()
                .map(|u| InstanceUrl {
                    display_name: text(u, "display_name"),
                    id: text(u, "id"),
                    link: text(u, "link"),
                })
                .collect(),
        }
    }
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
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PitrRange {
    pub start_time: Option<String>,
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

/// What a downloaded backup is saved as: instance and backup id, safe as a file name.
pub fn download_file_name(instance: &str, backup_id: &Id) -> String {
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
//
// Small answers (`{"id": 1, "message": …}`, `{"backup_guid": …}`, `{"restore_id": 1}`,
// `{"message": …}`, `{"status": "queued"}`) are read into the one field the console uses.

/// A1 `GET …/backups`.
pub fn list_backups(instance: &str) -> Call<Vec<Backup>> {
    Call::new(API, Request::get(path(instance, "/backups")), |api, r| {
        let v = shaped(api, r, true)?;
        Ok(json::read_all(Some(&v)))
    })
}

/// A2 `GET …/backups/{id}`: the poll target after creating a backup.
pub fn get_backup(instance: &str, id: &Id) -> Call<Backup> {
    Call::new(
        API,
        Request::get(path(instance, &format!("/backups/{}", id.seg()))),
        |api, r| Ok(Backup::read(&shaped(api, r, false)?)),
    )
}

/// A3 `POST …/backups`: queues a backup (no body); the new backup's id, or why there is none
/// (then the backup is queued but cannot be followed).
pub fn create_backup(instance: &str) -> Call<IdRead> {
    Call::new(API, Request::post(path(instance, "/backups")), |api, r| {
        Ok(Id::integer(shaped(api, r, false)?.get("id")))
    })
}

/// A4 `GET …/backups/{id}/download`: the encrypted, compressed file; 412 `{message, status}`
/// when instance and backup do not exist or match.
pub fn download_backup(instance: &str, id: &Id) -> Call<Response> {
    Call::raw(
        API,
        Request::get(path(instance, &format!("/backups/{}/download", id.seg()))),
    )
}

/// A5 `GET …/restores`.
pub fn list_restores(instance: &str) -> Call<Vec<Restore>> {
    Call::new(API, Request::get(path(instance, "/restores")), |api, r| {
        let v = shaped(api, r, true)?;
        Ok(json::read_all(Some(&v)))
    })
}

/// A6 `GET …/restores/{id}`.
pub fn get_restore(instance: &str, id: &Id) -> Call<Restore> {
    Call::new(
        API,
        Request::get(path(instance, &format!("/restores/{}", id.seg()))),
        |api, r| Ok(Restore::read(&shaped(api, r, false)?)),
    )
}

/// A7 `POST …/backups/{id}/restore`: overwrites the instance's data with the backup; the
/// restore's id, or why there is none.
pub fn restore_backup(instance: &str, backup_id: &Id) -> Call<IdRead> {
    Call::new(
        API,
        Request::post(path(
            instance,
            &format!("/backups/{}/restore", backup_id.seg()),
        )),
        |api, r| Ok(Id::integer(shaped(api, r, false)?.get("id"))),
    )
}

/// A8 `GET …/backups-config`.
pub fn get_backups_config(instance: &str) -> Call<BackupsConfig> {
    Call::new(
        API,
        Request::get(path(instance, "/backups-config")),
        |api, r| Ok(BackupsConfig::read(&shaped(api, r, false)?)),
    )
}

/// A9 `PATCH …/backups-config` with only the fields that change; the API's message.
pub fn update_backups_config(instance: &str, update: &ConfigUpdate) -> Call<Option<String>> {
    Call::new(
        API,
        Request::patch(path(instance, "/backups-config")).json(update.body()),
        |api, r| Ok(text(&value(api, r)?, "message")),
    )
}

/// A10 `POST …/disaster-recovery/prepare` on the source instance (the key is optional); the
/// backup GUID.
pub fn prepare_disaster_recovery(
    instance: &str,
    encryption_key: Option<&str>,
) -> Call<Option<String>> {
    let body = match encryption_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => json!({ "encryption_key": key }),
        None => json!({}),
    };
    Call::new(
        API,
        Request::post(path(instance, "/disaster-recovery/prepare")).json(body),
        |api, r| Ok(text(&shaped(api, r, false)?, "backup_guid")),
    )
}

/// A11 `POST …/disaster-recovery/perform` on the destination instance; the restore id there.
pub fn perform_disaster_recovery(
    destination: &str,
    backup_guid: &str,
    encryption_key: &str,
) -> Call<IdRead> {
    Call::new(
        API,
        Request::post(path(destination, "/disaster-recovery/perform")).json(json!({
            "backup_guid": backup_guid.trim(),
            "encryption_key": encryption_key,
        })),
        |api, r| Ok(Id::integer(shaped(api, r, false)?.get("restore_id"))),
    )
}

/// A12 `GET /v1/instances/{id}`.
pub fn get_instance(instance: &str) -> Call<Instance> {
    Call::new(API, Request::get(instance_path(instance)), |api, r| {
        Ok(Instance::read(&shaped(api, r, false)?))
    })
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
                error: "the metrics are not a whole list of Graphite lines".into(),
                body: resp.text(),
            })
        },
    )
}

/// A17 `GET …/pitr` (answers 202 with the range).
pub fn get_pitr_range(instance: &str) -> Call<PitrRange> {
    Call::new(API, Request::get(path(instance, "/pitr")), |api, r| {
        let v = shaped(api, r, false)?;
        Ok(PitrRange {
            start_time: text(&v, "start_time"),
            end_time: text(&v, "end_time"),
        })
    })
}

/// A18 `POST …/pitr/restore` to an ISO 8601 UTC time inside the range; returns the status
/// (`queued`) and no restore id.
pub fn pitr_restore(instance: &str, target_time: &str) -> Call<TaskStatus> {
    Call::new(
        API,
        Request::post(path(instance, "/pitr/restore")).json(json!({ "target_time": target_time })),
        |api, r| Ok(TaskStatus::of(&value(api, r)?)),
    )
}

#[cfg(test)]
mod tests;
