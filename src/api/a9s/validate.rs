//! Checks of the operator's input, before anything is sent, with one message per field.

use serde_json::{Map, Value};

use super::{BackupsConfig, PitrRange};

pub use crate::api::field::{message_for, FieldError};

/// A whole number ≥ 0 typed into a field.
pub fn count(field: &'static str, label: &str, text: &str) -> Result<u64, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, format!("{label} is required.")));
    }
    if t.starts_with('-') {
        return Err(FieldError::new(
            field,
            format!("{label} cannot be negative (the minimum is 0)."),
        ));
    }
    match t.parse::<u64>() {
        Ok(n) if n <= i64::MAX as u64 => Ok(n),
        Ok(_) => Err(FieldError::new(field, format!("{label} is too large."))),
        Err(_) => Err(FieldError::new(
            field,
            format!("{label} must be a whole number, 0 or more."),
        )),
    }
}

/// An encryption key at least `min` characters long (the instance's
/// `min_encryption_key_length`); characters are counted, not bytes.
pub fn encryption_key(key: &str, min: Option<u64>) -> Result<(), FieldError> {
    let len = key.chars().count() as u64;
    if key.trim().is_empty() {
        return Err(FieldError::new(
            "encryption_key",
            "The encryption key cannot be blank.",
        ));
    }
    match min {
        Some(min) if len < min => Err(FieldError::new(
            "encryption_key",
            format!(
                "The encryption key must be at least {min} characters long; this one has {len}."
            ),
        )),
        _ => Ok(()),
    }
}

/// The backups settings form, as typed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConfigForm {
    pub min_backup_count: String,
    /// Days.
    pub retention_time: String,
    pub exclude_from_auto_backup: bool,
    /// Empty leaves the key as it is.
    pub encryption_key: String,
}

impl ConfigForm {
    /// The form filled with the current settings (the key is never shown).
    pub fn from_config(c: &BackupsConfig) -> ConfigForm {
        ConfigForm {
            min_backup_count: c
                .min_backup_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            retention_time: c.retention_time.map(|n| n.to_string()).unwrap_or_default(),
            exclude_from_auto_backup: c.exclude_from_auto_backup,
            encryption_key: String::new(),
        }
    }

    /// What to send: only what differs from `current`, or every problem found.
    pub fn validate(&self, current: &BackupsConfig) -> Result<ConfigUpdate, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut update = ConfigUpdate::default();
        match count(
            "min_backup_count",
            "Minimum backup count",
            &self.min_backup_count,
        ) {
            Ok(n) if Some(n) != current.min_backup_count => update.min_backup_count = Some(n),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        match count("retention_time", "Retention time", &self.retention_time) {
            Ok(n) if Some(n) != current.retention_time => update.retention_time = Some(n),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        if self.exclude_from_auto_backup != current.exclude_from_auto_backup {
            update.exclude_from_auto_backup = Some(self.exclude_from_auto_backup);
        }
        if !self.encryption_key.is_empty() {
            match encryption_key(&self.encryption_key, current.min_encryption_key_length) {
                Ok(()) => update.encryption_key = Some(self.encryption_key.clone()),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(update)
        } else {
            Err(errors)
        }
    }
}

/// A backups-config change: only the fields that are set are sent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ConfigUpdate {
    pub encryption_key: Option<String>,
    pub min_backup_count: Option<u64>,
    pub retention_time: Option<u64>,
    pub exclude_from_auto_backup: Option<bool>,
}

impl ConfigUpdate {
    pub fn is_empty(&self) -> bool {
        *self == ConfigUpdate::default()
    }

    /// The PATCH body.
    pub fn body(&self) -> Value {
        let mut m = Map::new();
        if let Some(k) = &self.encryption_key {
            m.insert("encryption_key".into(), k.clone().into());
        }
        if let Some(n) = self.min_backup_count {
            m.insert("min_backup_count".into(), n.into());
        }
        if let Some(n) = self.retention_time {
            m.insert("retention_time".into(), n.into());
        }
        if let Some(b) = self.exclude_from_auto_backup {
            m.insert("exclude_from_auto_backup".into(), b.into());
        }
        Value::Object(m)
    }

    /// What the operator should know before saving: fewer kept backups deletes old ones; a new
    /// key only protects backups made after it.
    pub fn warnings(&self, current: &BackupsConfig) -> Vec<String> {
        let mut out = Vec::new();
        if let (Some(new), Some(old)) = (self.retention_time, current.retention_time) {
            if new < old {
                out.push(format!(
                    "Lowering the retention time from {old} to {new} days deletes backups older than {new} days."
                ));
            }
        }
        if let (Some(new), Some(old)) = (self.min_backup_count, current.min_backup_count) {
            if new < old {
                out.push(format!(
                    "Lowering the minimum backup count from {old} to {new} lets older backups be deleted."
                ));
            }
        }
        if self.encryption_key.is_some() {
            out.push(
                "The new encryption key applies to backups made from now on; older backups still need the old key."
                    .into(),
            );
        }
        out
    }
}

/// A metrics `quantity` typed by the operator: empty means all, otherwise 1 or more.
pub fn quantity(text: &str) -> Result<Option<u32>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(FieldError::new(
            "quantity",
            "Quantity must be a whole number of 1 or more (or empty for all).",
        )),
    }
}

/// Reads a target time: full ISO 8601, or a date-time picker's `YYYY-MM-DDTHH:MM[:SS]`,
/// taken as UTC. Epoch milliseconds.
pub fn parse_target(text: &str) -> Option<i64> {
    let t = text.trim();
    let with_seconds;
    let t = if t.len() == 16 {
        with_seconds = format!("{t}:00");
        with_seconds.as_str()
    } else {
        t
    };
    crate::time::parse_iso(t)
}

/// Epoch milliseconds as ISO 8601 UTC with milliseconds (`2022-02-01T20:53:20.000Z`).
pub fn iso_utc(ms: i64) -> String {
    let a = crate::time::absolute(ms);
    format!("{}T{}.{:03}Z", &a[..10], &a[11..19], ms.rem_euclid(1_000))
}

/// A date-time picker's value (`YYYY-MM-DDTHH:MM`, UTC) for epoch milliseconds.
pub fn picker_value(ms: i64) -> String {
    iso_utc(ms)[..16].to_string()
}

/// A point-in-time target inside the available range; the ISO 8601 UTC time to send.
pub fn target_time(range: &PitrRange, text: &str) -> Result<String, FieldError> {
    let Some(target) = parse_target(text) else {
        return Err(FieldError::new(
            "target_time",
            "Pick a date and time (UTC).",
        ));
    };
    let Some((start, end)) = range.bounds_ms() else {
        return Err(FieldError::new(
            "target_time",
            "The available range is unknown, so no time can be checked; reload it first.",
        ));
    };
    if target < start || target > end {
        return Err(FieldError::new(
            "target_time",
            format!(
                "Pick a time between {} and {}.",
                crate::time::absolute(start),
                crate::time::absolute(end)
            ),
        ));
    }
    Ok(iso_utc(target))
}

/// Perform-a-disaster-recovery input: both the source's backup GUID and the key.
pub fn disaster_recovery(backup_guid: &str, key: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let guid = backup_guid.trim();
    if guid.is_empty() {
        errors.push(FieldError::new(
            "backup_guid",
            "Paste the backup GUID that preparing the source instance gave.",
        ));
    } else if !guid.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        errors.push(FieldError::new(
            "backup_guid",
            "A backup GUID has only hexadecimal digits and dashes.",
        ));
    }
    if key.trim().is_empty() {
        errors.push(FieldError::new(
            "encryption_key",
            "The encryption key of the source's backups is required.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
