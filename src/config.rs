//! Runtime configuration, read from `/config.json` at start-up so an operator deploying the static
//! files sets base URLs and the auth mode without rebuilding.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::api::{ApiKind, AuthMode, Connection};

/// Defaults for one API's connection.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct ApiDefaults {
    pub base_url: String,
    pub account_id: String,
    pub queue_base_url: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default)]
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
    pub fn parse(text: &str) -> Result<RuntimeConfig, String> {
        serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))
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
    }
}
