//! Settings (ops 49–50): string-valued platform settings, rendered into the
//! `platform-settings` ConfigMap.

use std::collections::BTreeMap;

use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::{audit, fail, input, lock, ok, Shared};

pub fn routes() -> Router<Shared> {
    Router::new().route("/settings", get(read).post(write))
}

async fn read(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    ok(json!({ "data": { "settings": m.settings }, "statusCode": 200, "error": null }))
}

/// Q64: the body may be the whole GET envelope, `{"data":{"settings":…}}`, `{"settings":…}`
/// or the bare map. It must be complete; every value is a string (Q63).
fn settings_of(body: &Value) -> Option<&serde_json::Map<String, Value>> {
    body.pointer("/data/settings")
        .or_else(|| body.get("settings"))
        .or(Some(body))
        .and_then(Value::as_object)
}

async fn write(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(body) = i.json.as_ref() else {
        return fail(
            400,
            "send the settings as JSON, as the GET settings answer has them",
        );
    };
    let Some(map) = settings_of(body) else {
        return fail(400, "the body holds no settings map");
    };
    let mut next = BTreeMap::new();
    for (k, v) in map {
        match v {
            Value::String(s) => {
                next.insert(k.clone(), s.clone());
            }
            Value::Bool(b) => {
                next.insert(k.clone(), b.to_string());
            }
            other => {
                return fail(400, format!("setting {k} must be a string, not {other}"));
            }
        }
    }
    let mut m = lock(&s);
    let missing: Vec<&String> = m
        .settings
        .keys()
        .filter(|k| !next.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return fail(
            400,
            format!(
                "the settings must be complete (take them from GET /settings); missing: {}",
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let changed = next != m.settings;
    let mut applied = super::model::Applied::default();
    if changed {
        audit("settings changed; re-applying configs that read them");
        m.settings = next;
        let readers: Vec<String> = [
            "platform-settings",
            "deployment-webapp",
            "deployment-api-server",
        ]
        .iter()
        .filter(|n| m.objects.contains_key(**n))
        .map(|n| n.to_string())
        .collect();
        applied = m.apply(&readers);
    }
    let failed: Vec<&String> = applied.failed.iter().map(|(n, _)| n).collect();
    ok(json!({ "updatedConfigs": { "successful_apply": applied.ok, "failed_to_apply": failed } }))
}
