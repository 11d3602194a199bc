//! From an operation and what the operator entered to the request Spot's document describes:
//! path parameters encoded into the template, query parameters checked against their declared
//! type and choices, `accountId` from the account context where the operation takes it, and the
//! body checked against its schema — every problem named by its field before anything is sent.

use std::collections::BTreeMap;

use serde_json::Value;

use super::catalog::{Catalog, Op, Place};
use super::schema::{validate, Matcher};
use crate::api::field::FieldError;
use crate::api::{seg, Request};

/// What the operator entered for one operation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    pub path: BTreeMap<String, String>,
    pub query: BTreeMap<String, String>,
    /// The body, when the operation takes one and the operator gave it.
    pub body: Option<Value>,
}

/// Why a GET documented with a body is sent without it.
pub const BODY_ON_GET: &str = "The document gives this GET request a body, which browsers cannot \
send (fetch refuses a body on GET); it is sent without one.";

/// The request for `op`, or every problem with the inputs (fields named `path:x`, `query:x`,
/// `body:a.b`).
pub fn build(
    cat: &Catalog,
    op: &Op,
    inputs: &Inputs,
    account: Option<&str>,
    re: Matcher,
) -> Result<Request, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut path = String::new();
    for part in op.path.split('/').skip(1) {
        path.push('/');
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => match inputs
                .path
                .get(name)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                Some(v) => path.push_str(&seg(v)),
                None => errors.push(FieldError::new(
                    format!("path:{name}"),
                    format!("{name} is required."),
                )),
            },
            None => path.push_str(part),
        }
    }
    let mut req = Request::new(op.method, path);
    for p in op.params.iter().filter(|p| p.place == Place::Query) {
        let field = format!("query:{}", p.name);
        let given = inputs
            .query
            .get(&p.name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty());
        let value = match (given, p.name == "accountId") {
            (Some(v), _) => Some(v.to_string()),
            (None, true) => account.map(str::to_string),
            (None, false) => None,
        };
        let Some(value) = value else {
            if p.required {
                let message = if p.name == "accountId" {
                    "Choose a Spot account: this operation acts within one.".to_string()
                } else {
                    format!("{} is required.", p.name)
                };
                errors.push(FieldError::new(field, message));
            }
            continue;
        };
        if let Some(problem) = check_scalar(
            &p.kind,
            p.format.as_deref(),
            &p.choices,
            p.minimum,
            p.maximum,
            &value,
        ) {
            errors.push(FieldError::new(field, format!("{} {problem}", p.name)));
            continue;
        }
        // Lists go as repeated keys.
        if p.kind == "array" {
            for v in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                req = req.query(&p.name, v);
            }
        } else {
            req = req.query(&p.name, value);
        }
    }
    if let (Some(schema), false) = (&op.body, op.body_on_get()) {
        match &inputs.body {
            Some(b) => validate(cat, schema, b, "body:", re, &mut errors),
            None if op.body_required => errors.push(FieldError::new(
                "body",
                "This operation needs a request body.",
            )),
            None => {}
        }
        if let Some(b) = &inputs.body {
            req = req.json(b.clone());
        }
    }
    if errors.is_empty() {
        Ok(req)
    } else {
        Err(errors)
    }
}

/// A problem with one scalar value of a declared type, in words ("must be a whole number.").
pub fn check_scalar(
    kind: &str,
    format: Option<&str>,
    choices: &[String],
    minimum: Option<f64>,
    maximum: Option<f64>,
    value: &str,
) -> Option<String> {
    if kind == "array" {
        return None;
    }
    if !choices.is_empty() && !choices.iter().any(|c| c == value) {
        return Some(format!("must be one of: {}.", choices.join(", ")));
    }
    match kind {
        "integer" => {
            let Ok(n) = value.parse::<i64>() else {
                return Some("must be a whole number.".into());
            };
            range(n as f64, minimum, maximum)
        }
        "number" => {
            let Ok(n) = value.parse::<f64>() else {
                return Some("must be a number.".into());
            };
            range(n, minimum, maximum)
        }
        "boolean" if value != "true" && value != "false" => Some("must be true or false.".into()),
        _ if format == Some("date-time") && crate::time::parse_iso(value).is_none() => {
            Some("must be a date and time such as 2021-11-01T00:00:00Z.".into())
        }
        _ => None,
    }
}

fn range(n: f64, minimum: Option<f64>, maximum: Option<f64>) -> Option<String> {
    if let Some(min) = minimum.filter(|m| n < *m) {
        return Some(format!("must be at least {min}."));
    }
    maximum
        .filter(|m| n > *m)
        .map(|max| format!("must be at most {max}."))
}
