//! What every API route passes through: the auth check, the operation tally, and injected faults.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api::{Api, Tokens};
use crate::catalog::Catalog;

/// A fault the tests ask for: matching requests are delayed and/or answered wrongly.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FaultRule {
    /// Only this API (`dm`, `solutions`, `a9s`, `keboola`, `spot`); any when absent.
    pub api: Option<String>,
    /// Only this method; any when absent.
    pub method: Option<String>,
    /// Only this documented route template, e.g. `/v1/instances/{instance_id}/backups`.
    pub route: Option<String>,
    /// Only request paths containing this text.
    pub path_contains: Option<String>,
    /// Wait this long before answering.
    pub latency_ms: u64,
    /// Answer with this status and the API's own error body (or `body` when given).
    pub status: Option<u16>,
    /// Raw body to answer with instead of the API's error shape.
    pub body: Option<String>,
    /// Answer 200 with a body that is not JSON.
    pub malformed: bool,
    /// Let the route answer, then cut its body in half.
    pub truncated: bool,
    /// How many requests this rule applies to; forever when absent.
    pub times: Option<u32>,
    /// Let the route answer, then rewrite its JSON the hostile way this names (see [`hostile`]).
    pub hostile: Option<String>,
}

impl FaultRule {
    fn matches(&self, api: Api, method: &str, route: &str, path: &str) -> bool {
        self.api.as_deref().is_none_or(|a| a == api.name())
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.route.as_deref().is_none_or(|r| r == route)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
            && self.times != Some(0)
    }
}

/// One row of the operation tally.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub api: &'static str,
    pub method: String,
    pub route: String,
    pub hits: u64,
}

/// State shared by every API router.
pub struct Hub {
    pub tokens: Tokens,
    pub catalog: Catalog,
    faults: Mutex<Vec<FaultRule>>,
    hits: Mutex<BTreeMap<(Api, String, String), u64>>,
    odd: Mutex<Vec<OddRequest>>,
}

/// A request the console should never have sent: an empty, zero or unread id in its path, or a
/// query string with a stray `&`.
#[derive(Clone, Debug, Serialize)]
pub struct OddRequest {
    pub method: String,
    pub url: String,
    pub why: &'static str,
}

/// Why a request's path and query look built from an id that was not read, if they do.
pub fn odd_request(path: &str, query: Option<&str>) -> Option<&'static str> {
    if let Some(q) = query {
        if q.is_empty() || q.starts_with('&') || q.ends_with('&') || q.contains("&&") {
            return Some("a query string with a stray `&` or nothing in it");
        }
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Some("an empty path segment (an empty id)");
    }
    const UNREAD: [&str; 7] = [
        "0",
        "null",
        "undefined",
        "NaN",
        "18446744073709551615",
        "9223372036854775807",
        "1e308",
    ];
    if segments.iter().any(|s| {
        UNREAD.contains(s)
            || (s.starts_with('-') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit()))
    }) {
        return Some("a zero, negative or placeholder id");
    }
    None
}

impl Hub {
    pub fn new(tokens: Tokens) -> Arc<Hub> {
        Arc::new(Hub {
            tokens,
            catalog: Catalog::load(),
            faults: Mutex::new(Vec::new()),
            hits: Mutex::new(BTreeMap::new()),
            odd: Mutex::new(Vec::new()),
        })
    }

    /// The odd requests recorded so far (see [`odd_request`]).
    pub fn odd_requests(&self) -> Vec<OddRequest> {
        self.odd.lock().unwrap().clone()
    }

    pub fn clear_odd_requests(&self) {
        self.odd.lock().unwrap().clear();
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.faults.lock().unwrap().push(rule);
    }

    pub fn clear_faults(&self) {
        self.faults.lock().unwrap().clear();
    }

    /// Every documented operation with the number of requests it received.
    pub fn tally(&self) -> Vec<Hit> {
        let hits = self.hits.lock().unwrap();
        self.catalog
            .operations()
            .map(|(api, method, route)| Hit {
                api: api.name(),
                method: method.to_string(),
                route: route.to_string(),
                hits: hits
                    .get(&(api, method.to_string(), route.to_string()))
                    .copied()
                    .unwrap_or(0),
            })
            .collect()
    }

    pub fn reset_tally(&self) {
        self.hits.lock().unwrap().clear();
    }

    fn take_fault(&self, api: Api, method: &str, route: &str, path: &str) -> Option<FaultRule> {
        let mut faults = self.faults.lock().unwrap();
        let rule = faults
            .iter_mut()
            .find(|r| r.matches(api, method, route, path))?;
        if let Some(n) = rule.times.as_mut() {
            *n -= 1;
        }
        Some(rule.clone())
    }
}

/// Middleware state: which API this router is, and the hub.
#[derive(Clone)]
pub struct Guard {
    pub api: Api,
    pub hub: Arc<Hub>,
}

/// Runs after routing (as a `route_layer`), so the matched route template is known.
pub async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    if let Some(why) = odd_request(&path, req.uri().query()) {
        g.hub.odd.lock().unwrap().push(OddRequest {
            method: method.clone(),
            url: req.uri().to_string(),
            why,
        });
    }
    let matched = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let relative = matched.strip_prefix(g.api.prefix()).unwrap_or(&matched);
    let route = g
        .hub
        .catalog
        .documented(g.api, &method, relative)
        .unwrap_or(relative)
        .to_string();

    if !g.api.authorized(req.headers(), &g.hub.tokens) {
        return g.api.unauthorized(&method, &path);
    }
    *g.hub
        .hits
        .lock()
        .unwrap()
        .entry((g.api, method.clone(), route.clone()))
        .or_insert(0) += 1;

    let Some(fault) = g.hub.take_fault(g.api, &method, &route, &path) else {
        return next.run(req).await;
    };
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    if let Some(code) = fault.status {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return match fault.body {
            Some(body) => (status, body).into_response(),
            None => {
                let reason = status.canonical_reason().unwrap_or("Error");
                let code = reason.replace(' ', "");
                let message = format!("Injected fault: {reason}.");
                let body = g.api.error_body(status, &code, &message, &method, &path);
                (status, axum::Json(body)).into_response()
            }
        };
    }
    if fault.malformed {
        let mut resp = (StatusCode::OK, "{\"this is\": not JSON <html>").into_response();
        resp.headers_mut()
            .insert("content-type", HeaderValue::from_static("application/json"));
        return resp;
    }
    let resp = next.run(req).await;
    if let Some(mode) = fault.hostile.as_deref() {
        return hostile::rewrite(resp, mode).await;
    }
    if fault.truncated {
        let (mut parts, body) = resp.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let cut = bytes.slice(..bytes.len() / 2);
        parts.headers.remove("content-length");
        return Response::from_parts(parts, Body::from(cut));
    }
    resp
}

/// The hostile-data mode: answers rewritten the way an attacker or a broken server would, to
/// try the console's display and identity rules. Only JSON answers are rewritten.
pub mod hostile {
    use axum::body::{to_bytes, Body};
    use axum::response::Response;
    use serde_json::Value;

    /// Every string becomes this: a script in markup, a `javascript:` URL, a right-to-left
    /// override and a 5,000-character word. Whatever runs sets `window.__pwned`.
    pub fn payload() -> String {
        format!(
            "javascript:window.__pwned=1//<img src=x onerror=window.__pwned=1>\u{202e}gnp.exe{}",
            "W".repeat(5_000)
        )
    }

    /// The modes, each a rewrite of every JSON answer.
    pub const MODES: [&str; 5] = ["strings", "numbers", "dropped", "nulls", "empty"];

    /// Rewrites `v` the way `mode` says (unknown modes leave it as it is).
    pub fn apply(v: &mut Value, mode: &str) {
        let mut n = 0;
        walk(v, mode, &mut n);
    }

    fn walk(v: &mut Value, mode: &str, n: &mut usize) {
        match v {
            Value::String(s) if mode == "strings" => *s = payload(),
            Value::Number(_) if mode == "numbers" => {
                // Negative, zero, huge, and a string, in turn.
                *n += 1;
                *v = match *n % 4 {
                    0 => Value::from(-1),
                    1 => Value::from(0),
                    2 => serde_json::json!(1e308),
                    _ => Value::from("12abc"),
                };
            }
            Value::Array(list) if mode == "empty" => list.clear(),
            Value::Array(list) => list.iter_mut().for_each(|x| walk(x, mode, n)),
            Value::Object(map) if mode == "dropped" => {
                let keep: Vec<String> = map.keys().step_by(2).cloned().collect();
                map.retain(|k, _| keep.contains(k));
                map.values_mut().for_each(|x| walk(x, mode, n));
            }
            Value::Object(map) if mode == "nulls" => {
                map.values_mut().for_each(|x| {
                    if x.is_object() {
                        walk(x, mode, n)
                    } else {
                        *x = Value::Null
                    }
                });
            }
            Value::Object(map) => map.values_mut().for_each(|x| walk(x, mode, n)),
            _ => {}
        }
    }

    pub(super) async fn rewrite(resp: Response, mode: &str) -> Response {
        let json = resp
            .headers()
            .get("content-type")
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.contains("json"));
        let (mut parts, body) = resp.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let out = match serde_json::from_slice::<Value>(&bytes) {
            Ok(mut v) if json => {
                apply(&mut v, mode);
                parts.headers.remove("content-length");
                serde_json::to_vec(&v).unwrap_or_default().into()
            }
            _ => bytes,
        };
        Response::from_parts(parts, Body::from(out))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use serde_json::json;

        #[test]
        fn each_mode_rewrites_the_answer() {
            let doc = json!({"id": 7, "name": "pg", "items": [{"id": 1, "size": 2}], "ok": true});
            let mut v = doc.clone();
            apply(&mut v, "strings");
            assert_eq!(v["name"], payload());
            assert_eq!(v["id"], 7);
            let mut v = doc.clone();
            apply(&mut v, "numbers");
            assert_eq!(v["id"], 0);
            assert_eq!(v["items"][0]["id"], json!(1e308));
            assert_eq!(v["items"][0]["size"], "12abc");
            let mut v = doc.clone();
            apply(&mut v, "empty");
            assert_eq!(v["items"], json!([]));
            let mut v = doc.clone();
            apply(&mut v, "nulls");
            assert_eq!(v["id"], Value::Null);
            let mut v = doc;
            apply(&mut v, "dropped");
            assert_eq!(v.as_object().unwrap().len(), 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::odd_request;

    #[test]
    fn odd_requests_are_recognised() {
        assert!(odd_request("/api/keboola/mysql//extend", None).is_some());
        assert!(odd_request("/api/keboola/mysql/", None).is_some());
        assert!(odd_request("/api/a9s/v1/instances/pg/backups/0/restore", None).is_some());
        assert!(odd_request("/api/a9s/v1/instances/pg/backups/-1", None).is_some());
        assert!(odd_request("/api/solutions/x", Some("limit=1&")).is_some());
        assert!(odd_request("/api/a9s/v1/instances/pg/backups/2", Some("a=1&b=2")).is_none());
    }
}
