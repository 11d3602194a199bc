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
}

impl Hub {
    pub fn new(tokens: Tokens) -> Arc<Hub> {
        Arc::new(Hub {
            tokens,
            catalog: Catalog::load(),
            faults: Mutex::new(Vec::new()),
            hits: Mutex::new(BTreeMap::new()),
        })
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
    if fault.truncated {
        let (mut parts, body) = resp.into_parts();
        let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let cut = bytes.slice(..bytes.len() / 2);
        parts.headers.remove("content-length");
        return Response::from_parts(parts, Body::from(cut));
    }
    resp
}
