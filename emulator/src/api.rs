//! The five APIs: where each is mounted, how it authenticates, and how it says "unauthorized".

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// One of the emulated APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Api {
    Dm,
    Solutions,
    A9s,
    Keboola,
    Spot,
}

impl Api {
    pub const ALL: [Api; 5] = [Api::Dm, Api::Solutions, Api::A9s, Api::Keboola, Api::Spot];

    /// Short name used in coverage files and fault rules.
    pub fn name(self) -> &'static str {
        match self {
            Api::Dm => "dm",
            Api::Solutions => "solutions",
            Api::A9s => "a9s",
            Api::Keboola => "keboola",
            Api::Spot => "spot",
        }
    }

    pub fn from_name(name: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The mount point of the API's base (what the console's base URL points at).
    /// The Deployment Manager's documented base already ends in `/api/v1/control_plane`;
    /// the Deployed Solutions paths carry their own `/api/v2/...`.
    pub fn prefix(self) -> &'static str {
        match self {
            Api::Dm => "/api/dm/api/v1/control_plane",
            Api::Solutions => "/api/solutions",
            Api::A9s => "/api/a9s",
            Api::Keboola => "/api/keboola",
            Api::Spot => "/api/spot",
        }
    }

    /// Does the request carry this API's credential, in the header the document names?
    pub fn authorized(self, headers: &HeaderMap, tokens: &Tokens) -> bool {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        match self {
            // Header names are case-insensitive (X6); HeaderMap already folds them.
            Api::Dm => header("token") == Some(tokens.dm.as_str()),
            Api::Solutions => bearer(header("authorization")) == Some(tokens.solutions.as_str()),
            // a9s sends the variable as the whole header value; accept it with or without "Bearer ".
            Api::A9s => {
                let v = header("authorization");
                let v = bearer(v).or(v);
                v == Some(tokens.a9s.as_str())
            }
            Api::Keboola => {
                header("x-storageapi-token").is_some_and(|t| tokens.keboola.iter().any(|k| k == t))
            }
            Api::Spot => bearer(header("authorization")) == Some(tokens.spot.as_str()),
        }
    }

    /// The body this API answers a request without valid credentials with.
    pub fn unauthorized(self, method: &str, path: &str) -> Response {
        let body = self.error_body(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The credentials are missing or not valid.",
            method,
            path,
        );
        (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
    }

    /// An error body in this API's own shape (used by faults and by the API modules).
    pub fn error_body(
        self,
        status: StatusCode,
        code: &str,
        message: &str,
        method: &str,
        path: &str,
    ) -> Value {
        match self {
            Api::Dm => json!({ "statusCode": status.as_u16(), "data": null, "error": message }),
            Api::Solutions => json!({ "status": "ERROR", "msg": message }),
            Api::A9s => json!({ "error": code, "description": message }),
            Api::Keboola => {
                json!({ "error": message, "code": status.as_u16(), "status": "error", "message": message })
            }
            Api::Spot => json!({
                "request": {
                    "id": "00000000-0000-4000-8000-000000000000",
                    "url": path,
                    "method": method,
                    "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                },
                "response": {
                    "status": { "code": status.as_u16(), "message": status.canonical_reason().unwrap_or("") },
                    "errors": [ { "code": code.to_ascii_uppercase(), "message": message } ],
                },
            }),
        }
    }
}

fn bearer(v: Option<&str>) -> Option<&str> {
    v.and_then(|v| {
        v.strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
    })
    .map(str::trim)
}

/// The demo credentials each API accepts.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub dm: String,
    pub solutions: String,
    pub a9s: String,
    /// Keboola keeps state per token: several tokens are several projects.
    pub keboola: Vec<String>,
    pub spot: String,
    pub spot_account: String,
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens {
            dm: "dm-demo-token".into(),
            solutions: "solutions-demo-token".into(),
            a9s: "a9s-demo-token".into(),
            keboola: vec!["keboola-demo-token".into(), "keboola-second-project".into()],
            spot: "spot-demo-token".into(),
            spot_account: "act-1a2b3c4d".into(),
        }
    }
}
