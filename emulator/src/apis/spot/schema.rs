//! What the engine does with a schema: check a request body against it (Spot's
//! `errors[{code, message, field}]`), and make data of its types. Data comes from the types,
//! not the examples: 96 of the spec's response schemas contradict their own examples.

use serde_json::{json, Map, Value};

/// One validation error, as Spot words them.
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// Checks `v` against `schema`; `at` names the place (`body:group.capacity`).
pub fn validate(schema: &Value, v: &Value, at: &str, out: &mut Vec<Problem>) {
    let mut say = |message: String| {
        out.push(Problem {
            field: at.to_string(),
            message,
        })
    };
    if v.is_null() {
        if schema["nullable"] != true {
            say(format!("{} must not be null", name_of(at)));
        }
        return;
    }
    if let Some(variants) = schema["oneOf"].as_array() {
        let fits = variants.iter().any(|s| {
            let mut p = Vec::new();
            validate(s, v, at, &mut p);
            p.is_empty()
        });
        if !fits {
            say(format!(
                "{} matches none of its documented forms",
                name_of(at)
            ));
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
        say(format!("{} must be of type {ty}", name_of(at)));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
            say(format!(
                "{} must be one of {}",
                name_of(at),
                list.join(", ")
            ));
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema["minimum"].as_f64().filter(|m| n < *m) {
            say(format!("{} must be at least {min}", name_of(at)));
        }
        if let Some(max) = schema["maximum"].as_f64().filter(|m| n > *m) {
            say(format!("{} must be at most {max}", name_of(at)));
        }
    }
    if let Some(s) = v.as_str() {
        let len = s.chars().count() as u64;
        if schema["minLength"].as_u64().is_some_and(|m| len < m) {
            say(format!("{} is too short", name_of(at)));
        }
        if schema["maxLength"].as_u64().is_some_and(|m| len > m) {
            say(format!("{} is too long", name_of(at)));
        }
        if let Some(p) = schema["pattern"].as_str() {
            if regex::Regex::new(p).is_ok_and(|re| !re.is_match(s)) {
                say(format!("{} must match {p}", name_of(at)));
            }
        }
    }
    if let Some(items) = v.as_array() {
        for (i, item) in items.iter().enumerate() {
            validate(&schema["items"], item, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(obj) = v.as_object() {
        let props = schema["properties"].as_object();
        for req in schema["required"].as_array().into_iter().flatten() {
            let Some(name) = req.as_str() else { continue };
            let read_only = props
                .and_then(|p| p.get(name))
                .is_some_and(|p| p["readOnly"] == true);
            if !obj.contains_key(name) && !read_only {
                out.push(Problem {
                    field: join(at, name),
                    message: format!("{name} is required"),
                });
            }
        }
        for (k, child) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(s, child, &join(at, k), out),
                None => {
                    if let Some(extra) =
                        schema.get("additionalProperties").filter(|e| e.is_object())
                    {
                        validate(extra, child, &join(at, k), out);
                    }
                }
            }
        }
    }
}

fn join(at: &str, name: &str) -> String {
    if at.ends_with(':') {
        format!("{at}{name}")
    } else {
        format!("{at}.{name}")
    }
}

fn name_of(at: &str) -> &str {
    at.rsplit(['.', ':']).next().unwrap_or(at)
}

/// Makes data of a schema's types. `seed` varies it; `hint` is the field's name, which picks
/// plausible strings (ids with Spot's prefixes, names, regions, times).
pub fn sample(schema: &Value, hint: &str, seed: u64, depth: usize) -> Value {
    if let Some(d) = schema.get("default") {
        return d.clone();
    }
    if let Some(first) = schema["oneOf"].as_array().and_then(|v| v.first()) {
        return sample(first, hint, seed, depth);
    }
    if let Some(allowed) = schema["enum"].as_array().filter(|a| !a.is_empty()) {
        return allowed[(seed as usize) % allowed.len()].clone();
    }
    match schema["type"].as_str() {
        Some("integer") => {
            let lo = schema["minimum"].as_i64().unwrap_or(0);
            let hi = schema["maximum"].as_i64().unwrap_or(lo + 20).max(lo);
            json!(lo + (seed as i64 % (hi - lo + 1)))
        }
        Some("number") => json!(((seed % 1000) as f64) / 4.0 + 1.5),
        Some("boolean") => json!(seed.is_multiple_of(2)),
        Some("array") => {
            if depth > 5 {
                return json!([]);
            }
            let n = if depth > 3 { 1 } else { 2 };
            Value::Array(
                (0..n)
                    .map(|i| {
                        sample(
                            &schema["items"],
                            hint,
                            seed.wrapping_mul(31).wrapping_add(i),
                            depth + 1,
                        )
                    })
                    .collect(),
            )
        }
        Some("object") | None if schema["properties"].is_object() => {
            let mut out = Map::new();
            if depth > 6 {
                return Value::Object(out);
            }
            for (i, (k, s)) in schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .enumerate()
            {
                if s["writeOnly"] == true {
                    continue;
                }
                out.insert(
                    k.clone(),
                    sample(s, k, seed.wrapping_add(i as u64 * 7919), depth + 1),
                );
            }
            Value::Object(out)
        }
        Some("object") => json!({}),
        _ => json!(string_for(hint, schema["format"].as_str(), seed)),
    }
}

/// The smallest body a schema accepts: its required fields, recursively.
pub fn minimal(schema: &Value, seed: u64) -> Value {
    if let Some(first) = schema["oneOf"].as_array().and_then(|v| v.first()) {
        return minimal(first, seed);
    }
    if schema["type"] != "object" && !schema["properties"].is_object() {
        return sample(schema, "", seed, 4);
    }
    let mut out = Map::new();
    let mut required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    // A body's single wrapper (`{"managedInstance": {…}}`) is needed even where it is not marked.
    if let Some(props) = schema["properties"].as_object().filter(|p| p.len() == 1) {
        for k in props.keys() {
            if !required.contains(&k.as_str()) {
                required.push(k);
            }
        }
    }
    for name in required {
        let s = &schema["properties"][name];
        if s["readOnly"] == true {
            continue;
        }
        let v = if s["type"] == "object" || s["properties"].is_object() || s["oneOf"].is_array() {
            minimal(s, seed)
        } else if s["type"] == "array" && s["items"]["type"] == "object" {
            json!([minimal(&s["items"], seed)])
        } else {
            sample(s, name, seed, 4)
        };
        out.insert(name.to_string(), v);
    }
    Value::Object(out)
}

fn string_for(hint: &str, format: Option<&str>, seed: u64) -> String {
    let lower = hint.to_ascii_lowercase();
    if format == Some("date-time")
        || lower.ends_with("at") && lower.contains("creat")
        || lower.contains("time")
        || lower.ends_with("date")
    {
        let minutes = (seed % 50_000) as i64;
        return (chrono::Utc::now() - chrono::Duration::minutes(minutes))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    }
    if lower == "id" || lower.ends_with("id") {
        return format!(
            "{}{:08x}",
            prefix_for(&lower),
            seed.wrapping_mul(2654435761) & 0xffff_ffff
        );
    }
    if lower.contains("email") {
        return format!("ops{}@example.com", seed % 100);
    }
    if lower.contains("region") {
        return ["us-east-1", "eu-west-1", "us-west-2"][(seed % 3) as usize].to_string();
    }
    if lower.contains("zone") {
        return ["us-east-1a", "us-east-1b", "us-east-1c"][(seed % 3) as usize].to_string();
    }
    if lower.contains("instancetype") || lower == "type" {
        return ["m5.large", "c5.xlarge", "r5.large"][(seed % 3) as usize].to_string();
    }
    if lower.contains("name") {
        return format!(
            "demo-{}",
            ["alpha", "bravo", "charlie", "delta"][(seed % 4) as usize]
        );
    }
    if lower.contains("ip") {
        return format!("10.0.{}.{}", seed % 250, (seed / 7) % 250);
    }
    format!(
        "{}-{}",
        if hint.is_empty() { "value" } else { hint },
        seed % 1000
    )
}

/// Spot's id prefixes, by the name of the field or path parameter that holds the id.
pub fn prefix_for(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    let table: [(&str, &str); 22] = [
        ("launchspec", "ols-"),
        ("virtualnodegroup", "vng-"),
        ("oceancluster", "o-"),
        ("oceanid", "o-"),
        ("ocean", "o-"),
        ("roll", "scr-"),
        ("deployment", "sbgd-"),
        ("group", "sig-"),
        ("managedinstance", "smi-"),
        ("mi_id", "smi-"),
        ("statefulinstance", "ssi-"),
        ("statefulmigration", "smg-"),
        ("migration", "smm-"),
        ("account", "act-"),
        ("organization", "606079"),
        ("user", "u-"),
        ("policy", "pol-"),
        ("healthcheck", "hc-"),
        ("subscription", "sis-"),
        ("instance", "i-"),
        ("mrscaler", "simrs-"),
        ("task", "st-"),
    ];
    table
        .iter()
        .find(|(k, _)| n.contains(k))
        .map(|(_, p)| *p)
        .unwrap_or("id-")
}
