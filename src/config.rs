//! Runtime configuration, read from `/config.json` at start-up so an operator deploying the static
//! files sets base URLs and the auth mode without rebuilding.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::api::{ApiKind, AuthMode, Connection};

/// Defaults for one API's connection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiDefaults {
    pub base_url: String,
    pub account_id: String,
    pub queue_base_url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeConfig {
    /// `token`: operators paste credentials. `proxy`: an SSO proxy injects them; the console sends none.
    pub auth_mode: AuthMode,
    /// Shown as a banner so nobody mistakes production for a demo.
    pub environment: String,
    /// Per-request time limit.
    pub request_timeout_ms: u32,
    pub apis: BTreeMap<String, ApiDefaults>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            auth_mode: AuthMode::Token,
            environment: String::new(),
            request_timeout_ms: 30_000,
            apis: BTreeMap::new(),
        }
    }
}

impl RuntimeConfig {
    /// Reads the config; a broken file falls back to defaults with the reason, never a dead page.
    /// Every field is optional and unknown ones are ignored; a field of the wrong type is an error.
    /// (Read by hand rather than with serde derives: this runs in the first load.)
    pub fn parse(text: &str) -> Result<RuntimeConfig, String> {
        Self::read(text).map_err(|e| format!("config.json is not valid: {e}"))
    }

    fn read(text: &str) -> Result<RuntimeConfig, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let root = object(&value, "the file")?;
        let mut cfg = RuntimeConfig::default();
        if let Some(mode) = string(root, "auth_mode")? {
            cfg.auth_mode = match mode.as_str() {
                "token" => AuthMode::Token,
                "proxy" => AuthMode::Proxy,
                other => {
                    return Err(format!(
                        "auth_mode \"{other}\" is neither \"token\" nor \"proxy\""
                    ))
                }
            };
        }
        if let Some(env) = string(root, "environment")? {
            cfg.environment = env;
        }
        match root.get("request_timeout_ms") {
            None | Some(Value::Null) => {}
            Some(v) => {
                cfg.request_timeout_ms = v
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or("request_timeout_ms is not a whole number of milliseconds")?;
            }
        }
        if let Some(apis) = root.get("apis").filter(|v| !v.is_null()) {
            for (id, api) in object(apis, "apis")? {
                let fields = object(api, id)?;
                let field = |k| string(fields, k).map(Option::unwrap_or_default);
                cfg.apis.insert(
                    id.clone(),
                    ApiDefaults {
                        base_url: field("base_url")?,
                        account_id: field("account_id")?,
                        queue_base_url: field("queue_base_url")?,
                    },
                );
            }
        }
        Ok(cfg)
    }

    /// The connection an API starts with before the operator changes anything.
    pub fn default_connection(&self, api: ApiKind) -> Connection {
        let d = self.apis.get(api.id()).cloned().unwrap_or_default();
        Connection {
            base_url: d.base_url,
            token: String::new(),
            account_id: d.account_id,
            queue_base_url: d.queue_base_url,
        }
    }

    pub fn timeout_ms(&self) -> u32 {
        self.request_timeout_ms.clamp(1_000, 600_000)
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

/// A text field (`null` or missing: none).
fn string(o: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} is not text")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_config() {
        let cfg = RuntimeConfig::parse(include_str!("../public/config.json")).unwrap();
        assert_eq!(cfg.auth_mode, AuthMode::Token);
        for api in ApiKind::ALL {
            assert!(
                cfg.default_connection(api).base_url.starts_with("/api/"),
                "{api:?}"
            );
        }
        assert_eq!(
            cfg.default_connection(ApiKind::Keboola).queue_base_url,
            "/api/keboola-queue"
        );
    }

    #[test]
    fn proxy_mode_and_unknown_fields() {
        let cfg = RuntimeConfig::parse(r#"{"auth_mode":"proxy","future":1}"#).unwrap();
        assert_eq!(cfg.auth_mode, AuthMode::Proxy);
        assert_eq!(cfg.timeout_ms(), 30_000);
        assert!(RuntimeConfig::parse("{").is_err());
        for wrong in [
            r#"{"auth_mode":"sso"}"#,
            r#"{"request_timeout_ms":"soon"}"#,
            r#"{"apis":{"dm":{"base_url":3}}}"#,
            r#"[]"#,
        ] {
            assert!(RuntimeConfig::parse(wrong).is_err(), "{wrong}");
        }
        let cfg = RuntimeConfig::parse(r#"{"environment":"prod","request_timeout_ms":5000,"apis":{"dm":{"base_url":"/d","extra":1}}}"#).unwrap();
        assert_eq!(
            (cfg.environment.as_str(), cfg.timeout_ms()),
            ("prod", 5_000)
        );
        assert_eq!(cfg.default_connection(ApiKind::Dm).base_url, "/d");
    }
}
