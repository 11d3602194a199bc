use serde_json::Value;

use super::{ApiKind, Response};

/// A single problem an API reported (Spot lists several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    pub code: Option<String>,
    pub message: String,
}

/// Everything that can go wrong with a call, keeping what the user needs to understand it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The connection has no base URL or no credential.
    NotConfigured { api: ApiKind },
    /// The request never got an HTTP answer (offline, DNS, CORS, refused).
    Network { api: ApiKind, message: String },
    /// No answer within the time limit; the request was aborted.
    Timeout { api: ApiKind, seconds: u32 },
    /// The user or a navigation cancelled the request.
    Cancelled,
    /// The API answered with a non-success status.
    Http {
        api: ApiKind,
        status: u16,
        /// The API's own message(s), decoded from its documented error shape.
        details: Vec<ErrorDetail>,
        /// The raw body, for the "details" disclosure.
        body: String,
    },
    /// The API answered success, but the body did not have the documented shape.
    Decode {
        api: ApiKind,
        error: String,
        body: String,
    },
    /// Proxy mode: the SSO proxy no longer lets requests through (see [`from_sign_in`]).
    SessionEnded { api: ApiKind },
}

impl ApiError {
    /// Decodes an error answer in the API's own shape.
    pub fn from_status(api: ApiKind, status: u16, body: &str) -> ApiError {
        ApiError::Http {
            api,
            status,
            details: decode_details(api, body),
            body: body.to_string(),
        }
    }

    pub fn api(&self) -> Option<ApiKind> {
        match self {
            ApiError::NotConfigured { api }
            | ApiError::Network { api, .. }
            | ApiError::Timeout { api, .. }
            | ApiError::Http { api, .. }
            | ApiError::Decode { api, .. }
            | ApiError::SessionEnded { api } => Some(*api),
            ApiError::Cancelled => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The credential was refused: the user is sent to that API's connection settings.
    pub fn is_unauthorized(&self) -> bool {
        matches!(
            self,
            ApiError::Http { status: 401, .. } | ApiError::NotConfigured { .. }
        )
    }

    /// The body that came with the error, if any (for a "show details" disclosure).
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            ApiError::Http { body, .. } | ApiError::Decode { body, .. } if !body.is_empty() => {
                Some(body)
            }
            _ => None,
        }
    }

    /// The API's own words, joined.
    pub fn api_message(&self) -> Option<String> {
        match self {
            ApiError::Http { details, .. } if !details.is_empty() => Some(
                details
                    .iter()
                    .map(|d| match &d.code {
                        Some(c) if !d.message.contains(c.as_str()) => {
                            format!("{} ({c})", d.message)
                        }
                        _ => d.message.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        }
    }

    /// One or two sentences for the user.
    pub fn summary(&self) -> String {
        match self {
            ApiError::NotConfigured { api } => format!(
                "{} is not connected yet: set its base URL and credential on the Connections page.",
                api.label()
            ),
            ApiError::Network { api, message } => format!(
                "Could not reach {}: {message}. Check the base URL and your network, then retry.",
                api.label()
            ),
            ApiError::Timeout { api, seconds } => format!(
                "{} did not answer within {seconds} seconds, so the request was stopped.",
                api.label()
            ),
            ApiError::Cancelled => "The request was cancelled.".into(),
            ApiError::Http { api, status, .. } => {
                let what = status_sentence(*status);
                match self.api_message() {
                    Some(m) => format!("{} answered {status} ({what}): {m}", api.label()),
                    None => format!("{} answered {status} ({what}).", api.label()),
                }
            }
            ApiError::Decode { api, error, .. } => format!(
                "{} sent an answer the console could not read ({error}).",
                api.label()
            ),
            ApiError::SessionEnded { .. } => SESSION_ENDED.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for ApiError {}

/// What the console says when the SSO session ended.
pub const SESSION_ENDED: &str = "Your session ended — sign in again.";

/// Proxy mode: is this answer the SSO proxy's rather than the API's? A 401 (the proxy refuses
/// the session; the credential behind it is not the operator's to fix), a redirect it did not
/// follow, or its sign-in page (HTML, after fetch followed the redirect) where an API answers
/// JSON. The APIs' own failures (4xx/5xx bodies, an HTML 502 from a gateway) are not.
pub fn from_sign_in(resp: &Response) -> bool {
    let html = resp
        .content_type
        .as_deref()
        .is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("text/html"))
        || {
            let head: String = String::from_utf8_lossy(&resp.body[..resp.body.len().min(64)])
                .trim_start()
                .to_ascii_lowercase();
            head.starts_with("<!doctype html") || head.starts_with("<html")
        };
    match resp.status {
        401 => true,
        // An opaque redirect (fetch with `redirect: manual`) reads as status 0.
        0 | 300..=399 => true,
        200..=299 => html,
        _ => false,
    }
}

/// What a status means, in words.
pub fn status_sentence(status: u16) -> &'static str {
    match status {
        400 => "the request was not accepted",
        401 => "the credential is missing or no longer valid",
        403 => "this credential may not do that",
        404 => "not found",
        405 => "not allowed here",
        408 => "the server timed out waiting",
        409 => "it conflicts with the current state",
        412 => "a precondition failed",
        422 => "the input was not valid",
        429 => "too many requests; wait and retry",
        500 => "the server failed",
        502 => "the server could not reach a service behind it",
        503 => "the service is unavailable",
        504 => "a service behind the server timed out",
        s if s >= 500 => "server error",
        _ => "request failed",
    }
}

/// Reads an error body in each API's documented shape, and in the shapes seen besides.
/// Never fails: a body that is not JSON becomes its first line of text.
pub fn decode_details(api: ApiKind, body: &str) -> Vec<ErrorDetail> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    let Ok(v) = serde_json::from_str::<Value>(trimmed) else {
        return vec![ErrorDetail {
            code: None,
            message: text_snippet(trimmed),
        }];
    };
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    // Instabase documents bare JSON strings as error bodies (X2).
    if let Some(text) = v.as_str() {
        return vec![ErrorDetail {
            code: None,
            message: text.to_string(),
        }];
    }
    let detail = |code: Option<String>, message: Option<String>| {
        message.map(|message| vec![ErrorDetail { code, message }])
    };
    let specific = match api {
        // Spot: response.errors[{code, message}], else response.status.message.
        ApiKind::Spot => {
            let errors: Vec<ErrorDetail> = v
                .pointer("/response/errors")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|e| {
                            let message = s(e, "message")?;
                            Some(ErrorDetail {
                                code: s(e, "code"),
                                message,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            if errors.is_empty() {
                v.pointer("/response/status")
                    .and_then(|st| detail(None, s(st, "message")))
            } else {
                Some(errors)
            }
        }
        // a9s: {error, description}; its download answers {message, status}.
        ApiKind::A9s => detail(s(&v, "error"), s(&v, "description")),
        // Keboola documents no error body; its services answer {error, message} or {error}.
        ApiKind::Keboola => detail(None, s(&v, "message").or_else(|| s(&v, "error"))),
        // Instabase: {"error": ...} (sometimes with statusCode), or {status, msg}.
        ApiKind::Dm | ApiKind::Solutions => detail(None, s(&v, "error").or_else(|| s(&v, "msg"))),
    };
    specific
        .or_else(|| {
            let message = ["description", "message", "error", "msg", "detail"]
                .iter()
                .find_map(|k| s(&v, k))?;
            detail(s(&v, "code"), Some(message))
        })
        .unwrap_or_default()
}

fn text_snippet(text: &str) -> String {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out: String = first.chars().take(200).collect();
    if first.chars().count() > 200 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(api: ApiKind, body: &str) -> Vec<String> {
        decode_details(api, body)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a9s_error_and_download_shapes() {
        let e = ApiError::from_status(
            ApiKind::A9s,
            403,
            r#"{"error":"forbidden","description":"Missing right to create backups."}"#,
        );
        assert_eq!(
            e.summary(),
            "a9s Data Services answered 403 (this credential may not do that): Missing right to create backups. (forbidden)"
        );
        assert_eq!(
            messages(
                ApiKind::A9s,
                r#"{"message":"Either instance_id or id does not exist or match","status":412}"#
            ),
            vec!["Either instance_id or id does not exist or match"]
        );
    }

    #[test]
    fn spot_lists_every_error() {
        let body = r#"{"request":{"id":"x"},"response":{"status":{"code":400,"message":"Bad Request"},
            "errors":[{"code":"VALIDATION_ERROR","message":"capacity.target is required"},{"message":"name too long"}]}}"#;
        let d = decode_details(ApiKind::Spot, body);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].code.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(d[1].message, "name too long");
        let body = r#"{"response":{"status":{"code":401,"message":"Unauthorized"}}}"#;
        assert_eq!(messages(ApiKind::Spot, body), vec!["Unauthorized"]);
    }

    #[test]
    fn instabase_shapes_including_bare_strings() {
        assert_eq!(
            messages(ApiKind::Dm, r#""Reason for error""#),
            vec!["Reason for error"]
        );
        assert_eq!(
            messages(
                ApiKind::Dm,
                r#"{"statusCode":500,"error":"Failed to get containers"}"#
            ),
            vec!["Failed to get containers"]
        );
        assert_eq!(
            messages(
                ApiKind::Dm,
                r#"{"statusCode":500,"data":null,"error":null}"#
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(
                ApiKind::Solutions,
                r#"{"status":"ERROR","msg":"No such solution"}"#
            ),
            vec!["No such solution"]
        );
    }

    #[test]
    fn keboola_shapes() {
        assert_eq!(
            messages(
                ApiKind::Keboola,
                r#"{"error":"Invalid token","code":401,"status":"error","message":"Invalid access token"}"#
            ),
            vec!["Invalid access token"]
        );
        assert_eq!(
            messages(ApiKind::Keboola, r#"{"error":"Backend not supported"}"#),
            vec!["Backend not supported"]
        );
    }

    #[test]
    fn empty_and_non_json_bodies_never_fail() {
        let e = ApiError::from_status(ApiKind::Keboola, 502, "");
        assert_eq!(
            e.summary(),
            "Keboola Provisioning answered 502 (the server could not reach a service behind it)."
        );
        assert_eq!(
            messages(ApiKind::Solutions, "<html>\n<h1>Bad gateway</h1></html>"),
            vec!["<html>"]
        );
        assert_eq!(messages(ApiKind::A9s, "{truncated"), vec!["{truncated"]);
        assert!(ApiError::from_status(ApiKind::A9s, 401, "").is_unauthorized());
    }

    fn answer(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            content_type: (!content_type.is_empty()).then(|| content_type.to_string()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_sso_proxy_answering_instead_of_the_api_is_recognised() {
        let login = "<!DOCTYPE html>\n<html><title>Sign in</title><form>…</form></html>";
        // The sign-in page after a followed redirect, by its type or, untyped, by its first bytes.
        assert!(from_sign_in(&answer(
            200,
            "text/html; charset=utf-8",
            login
        )));
        assert!(from_sign_in(&answer(200, "", login)));
        assert!(from_sign_in(&answer(
            200,
            "application/octet-stream",
            "  <html><body>Sign in</body></html>"
        )));
        // A refused session, and a redirect fetch did not follow.
        assert!(from_sign_in(&answer(401, "application/json", "{}")));
        assert!(from_sign_in(&answer(302, "", "")));
        assert!(from_sign_in(&answer(0, "", "")));
        // The API's own answers, good or bad, are not.
        assert!(!from_sign_in(&answer(200, "application/json", "[]")));
        assert!(!from_sign_in(&answer(200, "text/plain", "log line <html>")));
        assert!(!from_sign_in(&answer(
            502,
            "text/html",
            "<html><h1>Bad gateway</h1></html>"
        )));
        assert!(!from_sign_in(&answer(403, "application/json", "{}")));
        let e = ApiError::SessionEnded { api: ApiKind::Spot };
        assert_eq!(e.summary(), "Your session ended — sign in again.");
        assert!(!e.is_unauthorized());
        assert_eq!(e.api(), Some(ApiKind::Spot));
    }
}
