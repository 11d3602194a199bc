//! Where credentials and per-user settings live in the browser.
//!
//! sessionStorage by default (survives a reload, gone with the tab); memory only when asked
//! ("this page only"); localStorage only when the user asks to be remembered on this device.
//! In proxy mode there are no credentials to keep at all.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::api::{json, Connection};

/// Every key the console writes starts with this, so "Forget all" can find them.
pub const PREFIX: &str = "opsdeck.";
const CONNECTIONS: &str = "opsdeck.connections";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StorageMode {
    /// Kept in memory: gone on reload.
    Memory,
    /// sessionStorage: survives a reload, gone when the tab closes.
    #[default]
    Session,
    /// localStorage: stays on this device until "Forget all".
    Local,
}

impl StorageMode {
    pub fn id(self) -> &'static str {
        match self {
            StorageMode::Memory => "memory",
            StorageMode::Session => "session",
            StorageMode::Local => "local",
        }
    }
}

/// What is saved: the mode itself and one connection per API id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    pub mode: StorageMode,
    pub connections: BTreeMap<String, Connection>,
}

/// A connection's fields as saved.
const FIELDS: [&str; 4] = ["base_url", "token", "account_id", "queue_base_url"];

fn fields(c: &mut Connection) -> [&mut String; 4] {
    [
        &mut c.base_url,
        &mut c.token,
        &mut c.account_id,
        &mut c.queue_base_url,
    ]
}

impl Saved {
    /// Reads what [`Saved::encode`] wrote (missing fields take defaults). Read by hand rather
    /// than with serde derives: this runs in the first load.
    pub fn decode(text: &str) -> Option<Saved> {
        let value: Value = serde_json::from_str(text).ok()?;
        let mode = match value.get("mode").and_then(Value::as_str) {
            Some("memory") => StorageMode::Memory,
            Some("local") => StorageMode::Local,
            _ => StorageMode::Session,
        };
        let connections = value
            .get("connections")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(id, saved)| {
                let mut c = Connection::default();
                for (key, field) in FIELDS.into_iter().zip(fields(&mut c)) {
                    *field = saved.get(key).and_then(json::text).unwrap_or_default();
                }
                (id.clone(), c)
            })
            .collect();
        Some(Saved { mode, connections })
    }

    pub fn encode(&self) -> String {
        let connections: Map<String, Value> = self
            .connections
            .iter()
            .map(|(id, c)| {
                let mut c = c.clone();
                let saved: Map<String, Value> = FIELDS
                    .into_iter()
                    .zip(fields(&mut c))
                    .map(|(key, field)| (key.to_string(), Value::String(std::mem::take(field))))
                    .collect();
                (id.clone(), Value::Object(saved))
            })
            .collect();
        let mut saved = Map::new();
        saved.insert("mode".into(), self.mode.id().into());
        saved.insert("connections".into(), Value::Object(connections));
        Value::Object(saved).to_string()
    }
}

fn storage(mode: StorageMode) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match mode {
        StorageMode::Memory => None,
        StorageMode::Session => window.session_storage().ok().flatten(),
        StorageMode::Local => window.local_storage().ok().flatten(),
    }
}

/// Reads saved connections: a remembered device first, then this tab.
pub fn load() -> Option<Saved> {
    [StorageMode::Local, StorageMode::Session]
        .into_iter()
        .find_map(|m| storage(m)?.get_item(CONNECTIONS).ok().flatten())
        .and_then(|t| Saved::decode(&t))
}

/// Saves in the place the mode names and removes copies from every other place.
pub fn save(saved: &Saved) {
    for mode in [StorageMode::Session, StorageMode::Local] {
        if let Some(s) = storage(mode) {
            if mode == saved.mode {
                let _ = s.set_item(CONNECTIONS, &saved.encode());
            } else {
                let _ = s.remove_item(CONNECTIONS);
            }
        }
    }
}

/// A non-secret setting (such as a9s's registered instances), kept where the connections are.
pub fn load_value(key: &str) -> Option<serde_json::Value> {
    let key = format!("{PREFIX}{key}");
    [StorageMode::Local, StorageMode::Session]
        .into_iter()
        .find_map(|m| storage(m)?.get_item(&key).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
}

/// Saves a non-secret setting under the current storage mode (memory mode keeps nothing).
pub fn save_value(mode: StorageMode, key: &str, value: &serde_json::Value) {
    let key = format!("{PREFIX}{key}");
    for m in [StorageMode::Session, StorageMode::Local] {
        if let Some(s) = storage(m) {
            if m == mode {
                let _ = s.set_item(&key, &value.to_string());
            } else {
                let _ = s.remove_item(&key);
            }
        }
    }
}

/// Removes everything the console wrote, from every place.
pub fn forget_all() {
    for mode in [StorageMode::Session, StorageMode::Local] {
        if let Some(s) = storage(mode) {
            let len = s.length().unwrap_or(0);
            let keys: Vec<String> = (0..len)
                .filter_map(|i| s.key(i).ok().flatten())
                .filter(|k| k.starts_with(PREFIX))
                .collect();
            for k in keys {
                let _ = s.remove_item(&k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_round_trips_and_tolerates_old_shapes() {
        let mut saved = Saved {
            mode: StorageMode::Local,
            ..Saved::default()
        };
        saved.connections.insert(
            "a9s".into(),
            Connection {
                base_url: "/api/a9s".into(),
                token: "t".into(),
                ..Connection::default()
            },
        );
        assert_eq!(Saved::decode(&saved.encode()), Some(saved));
        let old = Saved::decode(r#"{"connections":{"spot":{"base_url":"/x"}}}"#).unwrap();
        assert_eq!(old.mode, StorageMode::Session);
        assert_eq!(old.connections["spot"].token, "");
        assert_eq!(Saved::decode("not json"), None);
    }
}
