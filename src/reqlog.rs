//! The request log: every request this tab sent, recorded by [`Client::send_with`]
//! (`crate::client`) and shown by the Requests page (`/requests`) and the command palette. Kept in
//! memory only, for this tab: the request with its credential masked (as [`SentRequest`] shows
//! it), the outcome, and the answer's body capped at [`BODY_CAP`] bytes. "Forget all"
//! clears it.
//!
//! [`Client::send_with`]: crate::client::Client::send_with

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{
    masked_headers, ApiError, ApiKind, Body, FilePart, Part, Prepared, Request, Response,
};
use crate::ui::SentRequest;

/// The most entries kept; older ones are dropped first.
pub const MAX_ENTRIES: usize = 300;
/// The most bytes of one answer's body kept.
pub const BODY_CAP: usize = 256 * 1024;

/// One request this tab sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Counts up from 1 in the order requests were sent.
    pub seq: u64,
    pub api: ApiKind,
    /// The request as prepared, credential already masked (`$OPSDECK_TOKEN`) and files' bytes
    /// left out.
    request: Prepared,
    /// The path and query as the API sees them (after its base URL).
    pub path: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// What happened, in words, when it was not a success.
    pub problem: Option<String>,
    pub duration_ms: f64,
    /// The answer's size in bytes.
    pub size: usize,
    /// When it was sent (milliseconds since the epoch).
    pub at_ms: f64,
    /// The page on screen when it was sent (path and query).
    pub page: String,
    /// The answer's body, at most [`BODY_CAP`] bytes of it.
    pub body: Arc<str>,
    /// Whether the body was cut at [`BODY_CAP`].
    pub cut: bool,
}

impl Entry {
    pub fn failed(&self) -> bool {
        self.problem.is_some()
    }

    pub fn method(&self) -> &'static str {
        self.request.method.as_str()
    }

    /// The request as it may be shown and copied (curl with the placeholder).
    pub fn shown(&self) -> SentRequest {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        SentRequest::new(&self.request, &origin)
    }
}

thread_local! {
    static LOG: ArcRwSignal<Vec<Arc<Entry>>> = ArcRwSignal::new(Vec::new());
}

/// The log, oldest first (tracked).
pub fn entries() -> ArcRwSignal<Vec<Arc<Entry>>> {
    LOG.with(Clone::clone)
}

/// Empties the log ("Forget all").
pub fn clear() {
    LOG.with(|l| l.set(Vec::new()));
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A request on its way: made before sending, finished with the outcome.
pub struct Recording {
    api: ApiKind,
    request: Prepared,
    path: String,
    started: f64,
    /// When it was sent (milliseconds since the epoch).
    at_ms: f64,
    /// The page on screen when it was sent.
    page: String,
    /// The request's credential, only to blank it should the answer echo it; dropped with
    /// the recording.
    secrets: Vec<String>,
}

impl Recording {
    /// Notes what is about to be sent (the credential masked at once).
    pub fn start(api: ApiKind, prepared: &Prepared, req: &Request) -> Recording {
        // Masked now: the log never holds the credential. Files are named, not kept.
        let body = match &prepared.body {
            Body::Multipart(parts) => Body::Multipart(
                parts
                    .iter()
                    .map(|p| match p {
                        Part::File(k, f) => Part::File(
                            k.clone(),
                            FilePart {
                                file_name: f.file_name.clone(),
                                content_type: f.content_type.clone(),
                                bytes: Vec::new(),
                            },
                        ),
                        other => other.clone(),
                    })
                    .collect(),
            ),
            Body::Json(v) => Body::Json(redacted(v.clone())),
            Body::Form(pairs) => Body::Form(
                pairs
                    .iter()
                    .map(|(k, v)| {
                        let v = if is_secret_key(k) {
                            REDACTED.to_string()
                        } else {
                            v.clone()
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Body::Empty => Body::Empty,
        };
        Recording {
            api,
            request: Prepared {
                method: prepared.method,
                url: prepared.url.clone(),
                headers: masked_headers(prepared),
                body,
                secret_headers: prepared.secret_headers.clone(),
            },
            path: req.path_and_query(),
            started: now_ms(),
            at_ms: js_sys::Date::now(),
            page: web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
                })
                .unwrap_or_default(),
            secrets: prepared
                .headers
                .iter()
                .filter(|(n, _)| {
                    prepared
                        .secret_headers
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(n))
                })
                .map(|(_, v)| v.strip_prefix("Bearer ").unwrap_or(v).to_string())
                .filter(|v| v.len() >= 4)
                .collect(),
        }
    }

    /// Adds the outcome to the log. A call never sent (the API is not set up) is not a request.
    pub fn finish(self, result: &Result<Response, ApiError>) {
        if matches!(result, Err(ApiError::NotConfigured { .. })) {
            return;
        }
        let duration_ms = now_ms() - self.started;
        let (status, problem, body) = match result {
            Ok(r) if r.is_success() => (Some(r.status), None, r.body.as_slice()),
            Ok(r) => (
                Some(r.status),
                Some(format!("answered {}", r.status)),
                r.body.as_slice(),
            ),
            Err(ApiError::Http { status, body, .. }) => (
                Some(*status),
                Some(format!("answered {status}")),
                body.as_bytes(),
            ),
            // Cancelled by the page that asked (it went away): not a failure.
            Err(ApiError::Cancelled) => (None, None, &[][..]),
            Err(e) => (None, Some(e.to_string()), &[][..]),
        };
        let cut = body.len() > BODY_CAP;
        // Secrets an answer hands over once (a generated token, a database password) are not
        // kept: the log's bodies are for support tickets.
        let mut kept = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(v) if !cut => serde_json::to_string(&redacted(v)).unwrap_or_default(),
            _ => String::from_utf8_lossy(&body[..body.len().min(BODY_CAP)]).into_owned(),
        };
        for secret in &self.secrets {
            if kept.contains(secret.as_str()) {
                kept = kept.replace(secret.as_str(), "$OPSDECK_TOKEN");
            }
        }
        LOG.with(|log| {
            log.update(|log| {
                let seq = log.last().map_or(1, |e| e.seq + 1);
                if log.len() >= MAX_ENTRIES {
                    log.remove(0);
                }
                log.push(Arc::new(Entry {
                    seq,
                    api: self.api,
                    request: self.request,
                    path: self.path,
                    status,
                    problem,
                    duration_ms,
                    size: body.len(),
                    at_ms: self.at_ms,
                    page: self.page,
                    body: kept.into(),
                    cut,
                }));
            })
        });
    }
}

/// What a secret's value reads as in the log.
const REDACTED: &str = "[redacted]";

/// A field whose value is a secret: passwords, tokens, private keys, client secrets (a
/// container of them, e.g. Keboola's `credentials`, is walked into, not hidden whole).
fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "password",
        "passwd",
        "token",
        "secret",
        "privatekey",
        "credentials",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// The value with every secret field's value replaced by [`REDACTED`].
fn redacted(mut v: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, val) in map.iter_mut() {
                    if is_secret_key(k) && !val.is_null() && !val.is_boolean() {
                        *val = serde_json::Value::String(REDACTED.into());
                    } else {
                        walk(val);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_in_bodies_are_not_kept() {
        let v = redacted(json!({
            "name": "ci-bot", "token": "abc123", "private_key": "-----BEGIN",
            "clientSecret": "s3cr3t", "nested": [{"Password": "pw", "host": "db"}],
            "generateToken": true, "tokenCount": null
        }));
        assert_eq!(v["name"], "ci-bot");
        assert_eq!(v["token"], REDACTED);
        assert_eq!(v["private_key"], REDACTED);
        assert_eq!(v["clientSecret"], REDACTED);
        assert_eq!(v["nested"][0]["Password"], REDACTED);
        assert_eq!(v["nested"][0]["host"], "db");
        assert_eq!(v["generateToken"], true);
    }
}
