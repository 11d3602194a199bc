//! Spot's body schemas at work before anything is sent: [`validate`] checks a value against the
//! schema features the bodies use (required, type, enum, minimum/maximum, lengths, pattern,
//! oneOf) with messages that name the field in Spot's own spelling (`body:group.capacity.target`,
//! the form server errors use, so both land beside the same input); [`template`] makes the
//! smallest value worth editing (the required fields, recursively).

use serde_json::{json, Map, Value};

use super::catalog::Catalog;
use crate::api::field::FieldError;

/// Says whether `value` matches the regular expression `pattern` (`None` when it cannot tell).
/// The browser's own engine in the console; tests bring theirs.
pub type Matcher<'a> = &'a dyn Fn(&str, &str) -> Option<bool>;

/// The place of a field below `at` (`body:` + `group` → `body:group`, then `body:group.name`).
pub fn join(at: &str, name: &str) -> String {
    if at.ends_with(':') {
        format!("{at}{name}")
    } else {
        format!("{at}.{name}")
    }
}

/// The field's path without the `body:` prefix, as a person reads it.
pub fn label(at: &str) -> &str {
    at.split_once(':')
        .map(|(_, p)| p)
        .filter(|p| !p.is_empty())
        .unwrap_or(at)
}

/// Checks `v` against `schema`, adding one [`FieldError`] per problem.
pub fn validate(
    cat: &Catalog,
    schema: &Value,
    v: &Value,
    at: &str,
    re: Matcher,
    out: &mut Vec<FieldError>,
) {
    let schema = cat.schema(schema);
    let mut say = |m: String| out.push(FieldError::new(at.to_string(), m));
    let name = label(at);
    if v.is_null() {
        if schema["nullable"] != true {
            say(format!("{name} cannot be empty (null)."));
        }
        return;
    }
    if let Some(variants) = schema["oneOf"].as_array() {
        let fits = variants.iter().any(|s| {
            let mut p = Vec::new();
            validate(cat, s, v, at, re, &mut p);
            p.is_empty()
        });
        if !fits {
            say(format!("{name} matches none of its documented forms."));
        }
        return;
    }
    let ty = schema["type"].as_str().unwrap_or("");
    let fits = match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    };
    if !fits {
        let what = match ty {
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "array" => "a list",
            "object" => "an object",
            _ => "text",
        };
        say(format!("{name} must be {what}."));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            let list: Vec<String> = allowed
                .iter()
                .map(|a| {
                    a.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| a.to_string())
                })
                .collect();
            say(format!("{name} must be one of: {}.", list.join(", ")));
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema["minimum"].as_f64().filter(|m| n < *m) {
            say(format!("{name} must be at least {min}."));
        }
        if let Some(max) = schema["maximum"].as_f64().filter(|m| n > *m) {
            say(format!("{name} must be at most {max}."));
        }
    }
    if let Some(s) = v.as_str() {
        let len = s.chars().count() as u64;
        if let Some(min) = schema["minLength"].as_u64().filter(|m| len < *m) {
            say(format!("{name} needs at least {min} characters."));
        }
        if let Some(max) = schema["maxLength"].as_u64().filter(|m| len > *m) {
            say(format!(
                "{name} takes at most {max} characters ({len} now)."
            ));
        }
        if let Some(p) = schema["pattern"].as_str() {
            if re(p, s) == Some(false) {
                say(format!("{name} must match the pattern {p}."));
            }
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = schema["minItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) < *m)
        {
            say(format!("{name} needs at least {min} entries."));
        }
        if let Some(max) = schema["maxItems"]
            .as_u64()
            .filter(|m| (items.len() as u64) > *m)
        {
            say(format!("{name} takes at most {max} entries."));
        }
        for (i, item) in items.iter().enumerate() {
            validate(cat, &schema["items"], item, &format!("{at}[{i}]"), re, out);
        }
    }
    if let Some(obj) = v.as_object() {
        let props = schema["properties"].as_object();
        for req in schema["required"].as_array().into_iter().flatten() {
            let Some(field) = req.as_str() else { continue };
            let read_only = props
                .and_then(|p| p.get(field))
                .is_some_and(|p| cat.schema(p)["readOnly"] == true);
            if !obj.contains_key(field) && !read_only {
                out.push(FieldError::new(
                    join(at, field),
                    format!("{} is required.", label(&join(at, field))),
                ));
            }
        }
        for (k, child) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(cat, s, child, &join(at, k), re, out),
                None => {
                    if let Some(extra) =
                        schema.get("additionalProperties").filter(|e| e.is_object())
                    {
                        validate(cat, extra, child, &join(at, k), re, out);
                    }
                }
            }
        }
    }
}

/// The smallest value worth editing: required fields (and a body's single wrapper), each with a
/// placeholder of its type (the default or first choice where the schema gives one).
pub fn template(cat: &Catalog, schema: &Value) -> Value {
    template_at(cat, schema, 0)
}

fn template_at(cat: &Catalog, schema: &Value, depth: usize) -> Value {
    let schema = cat.schema(schema);
    if depth > 12 {
        return Value::Null;
    }
    if let Some(first) = schema["oneOf"].as_array().and_then(|v| v.first()) {
        return template_at(cat, first, depth + 1);
    }
    if let Some(d) = schema.get("default") {
        return d.clone();
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("object") | None if schema["properties"].is_object() => {
            let props = schema["properties"].as_object().unwrap();
            let mut required: Vec<&str> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if props.len() == 1 {
                for k in props.keys() {
                    if !required.contains(&k.as_str()) {
                        required.push(k);
                    }
                }
            }
            let mut out = Map::new();
            for name in required {
                let Some(s) = props.get(name) else { continue };
                if cat.schema(s)["readOnly"] == true {
                    continue;
                }
                out.insert(name.to_string(), template_at(cat, s, depth + 1));
            }
            Value::Object(out)
        }
        Some("object") => json!({}),
        Some("array") => {
            let items = cat.schema(&schema["items"]);
            if items["type"] == "object" && items["required"].is_array() {
                json!([template_at(cat, items, depth + 1)])
            } else {
                json!([])
            }
        }
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(0).max(0)),
        Some("number") => json!(schema["minimum"].as_f64().unwrap_or(0.0).max(0.0)),
        Some("boolean") => json!(false),
        _ => json!(""),
    }
}
