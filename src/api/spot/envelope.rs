//! Spot's answer, read whatever the operation: the envelope `{request: {id}, response: {status:
//! {code, message}, kind, count, items, errors[{code, message, field}]}}` where it is one, else
//! the JSON or text as it came.

use serde_json::Value;

use crate::api::{ApiError, ApiKind, Response};

/// One error Spot reported.
#[derive(Clone, Debug, PartialEq)]
pub struct SpotError {
    pub code: Option<String>,
    pub message: String,
    /// Where Spot says the problem is (`body:launchSpec`), when it says.
    pub field: Option<String>,
}

/// A Spot answer, read tolerantly.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Answer {
    pub http_status: u16,
    pub request_id: Option<String>,
    pub status_code: Option<u64>,
    pub status_message: Option<String>,
    pub kind: Option<String>,
    pub count: Option<u64>,
    /// `response.items`, when the answer has them.
    pub items: Option<Vec<Value>>,
    pub errors: Vec<SpotError>,
    /// The whole body as JSON, when it is JSON.
    pub json: Option<Value>,
    /// The body as text (for text and CSV answers, and the raw view).
    pub text: String,
}

/// Reads any answer, success or not.
pub fn read(resp: &Response) -> Answer {
    let text = resp.text();
    let json: Option<Value> = serde_json::from_str(&text).ok();
    let mut a = Answer {
        http_status: resp.status,
        text,
        ..Answer::default()
    };
    if let Some(v) = &json {
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
        let n = |p: &str| {
            v.pointer(p)
                .and_then(|x| x.as_u64().or_else(|| x.as_str()?.parse().ok()))
        };
        a.request_id = s("/request/id");
        a.status_code = n("/response/status/code");
        a.status_message = s("/response/status/message");
        a.kind = s("/response/kind");
        a.count = n("/response/count");
        a.items = v
            .pointer("/response/items")
            .or_else(|| v.get("items"))
            .and_then(Value::as_array)
            .cloned();
        a.errors = v
            .pointer("/response/errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
                Some(SpotError {
                    code: text("code"),
                    message: text("message")?,
                    field: text("field"),
                })
            })
            .collect();
    }
    a.json = json;
    a
}

/// The decoder of Spot calls: every 2xx answer read as [`Answer`] (an error status is an
/// [`ApiError`] as for every call; its body is read again with [`read`] for the fields). A body
/// that says it is JSON and is not (cut short, a proxy's page) is an [`ApiError::Decode`], never
/// an answer without items that a screen would show as "none".
pub fn decode(api: ApiKind, resp: &Response) -> Result<Answer, ApiError> {
    let answer = read(resp);
    let says_json = resp
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    if says_json && answer.json.is_none() && !answer.text.trim().is_empty() {
        let error = serde_json::from_str::<Value>(&answer.text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        return Err(ApiError::Decode {
            api,
            error,
            body: answer.text,
        });
    }
    Ok(answer)
}
