//! Kubernetes configs in YAML, read with `yaml_serde` (serde_yaml as maintained by the YAML
//! organization) into the model's `serde_json::Value`, and written back as block YAML.
//!
//! Anchors, aliases and `<<` merge keys are resolved when a config is read. Base configs are
//! stored as uploaded (comments included); a rendered config is re-emitted from the value, with
//! Kubernetes' usual keys first (the model's maps keep no source order).

use serde_json::Value;
use yaml_serde::Value as Yaml;

/// Splits a multi-document text into its documents' texts, on `---` lines (which may carry a
/// comment) and `...` lines. Documents that are empty or only comments are dropped.
pub fn split_documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let marker = line.trim_end();
        let separator = marker == "---"
            || marker.starts_with("--- #")
            || marker == "..."
            || marker.starts_with("... #");
        if separator {
            docs.push(std::mem::take(&mut current));
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    docs.push(current);
    docs.into_iter()
        .filter(|d| {
            d.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .collect()
}

/// Reads one YAML document (an empty one is null).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut v: Yaml = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    v.apply_merge().map_err(|e| e.to_string())?;
    Ok(to_json(v))
}

/// YAML → JSON: keys that are not strings are written as their YAML text, tags are dropped.
fn to_json(v: Yaml) -> Value {
    match v {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                // NaN and the infinities have no JSON number: keep them as YAML wrote them.
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Yaml::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (key_text(k), to_json(v)))
                .collect(),
        ),
        Yaml::Tagged(t) => to_json(t.value),
    }
}

fn key_text(k: Yaml) -> String {
    match k {
        Yaml::String(s) => s,
        other => yaml_serde::to_string(&other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
}

/// Writes a value as block YAML, Kubernetes style: `apiVersion`, `kind`, `metadata`, `name`,
/// `namespace`, `spec` first (so `name` leads a list item), the other keys after them.
pub fn emit(v: &Value) -> String {
    yaml_serde::to_string(&ordered(v)).unwrap_or_default()
}

const FIRST_KEYS: [&str; 6] = [
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "namespace",
    "spec",
];

/// The value as a YAML value (whose maps keep their order) with [`FIRST_KEYS`] first.
fn ordered(v: &Value) -> Yaml {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by_key(|(k, _)| {
                FIRST_KEYS
                    .iter()
                    .position(|f| f == k)
                    .unwrap_or(FIRST_KEYS.len())
            });
            Yaml::Mapping(
                entries
                    .into_iter()
                    .map(|(k, v)| (Yaml::String(k.clone()), ordered(v)))
                    .collect(),
            )
        }
        Value::Array(a) => Yaml::Sequence(a.iter().map(ordered).collect()),
        other => yaml_serde::to_value(other).unwrap_or(Yaml::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_kubernetes_yaml_and_writes_it_back_kind_first() {
        let text = "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - image: gcr.io/x/api:1.0\n          name: api\n          args: [\"--port\", 80]\n          env:\n          - {name: A, value: \"true\"}\n  note: |\n    line one\n\n    line two\nmetadata:\n  name: api\nkind: Deployment\napiVersion: apps/v1\n";
        let v = parse(text).unwrap();
        assert_eq!(v["spec"]["replicas"], json!(2));
        let c = &v["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["args"], json!(["--port", 80]));
        assert_eq!(c["env"][0], json!({"name": "A", "value": "true"}));
        assert_eq!(v["spec"]["note"], json!("line one\n\nline two\n"));
        let out = emit(&v);
        assert_eq!(parse(&out).unwrap(), v);
        assert!(
            out.starts_with(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n"
            ),
            "{out}"
        );
        assert!(out.contains("- name: api\n"), "name leads the item: {out}");
        assert!(
            out.contains("  note: |\n    line one\n\n    line two\n"),
            "{out}"
        );
    }

    #[test]
    fn resolves_anchors_and_merge_keys() {
        let v = parse("base: &b {cpu: 1m, memory: 2Mi}\nsame: *b\nmore:\n  <<: *b\n  cpu: 3m\n")
            .unwrap();
        assert_eq!(v["same"], v["base"]);
        assert_eq!(v["more"], json!({"cpu": "3m", "memory": "2Mi"}));
    }

    #[test]
    fn quotes_strings_that_would_read_as_something_else() {
        let v = json!({"a": "true", "b": "8080", "c": "x: y", "d": "", "e": "-x", "f": "plain", "g": "on", "h": "1.5"});
        let text = emit(&v);
        assert_eq!(parse(&text).unwrap(), v, "{text}");
        assert!(text.contains("f: plain\n"));
    }

    #[test]
    fn rejects_what_is_not_yaml() {
        assert!(parse("metadata:\n  name: a\n  namespace:instabase").is_err());
        assert!(parse("a: 1\n    b: 2").is_err());
        assert!(parse("a: *missing\n").is_err());
        assert!(parse("a: 1\na: 2\n").is_err(), "a duplicate key");
    }

    #[test]
    fn splits_documents() {
        let docs = split_documents(
            "a: 1\n--- # second\n# only a comment\n---\nb: 2\n--- \nc: |\n  x\n...\n",
        );
        assert_eq!(docs, vec!["a: 1\n", "b: 2\n", "c: |\n  x\n"]);
    }
}
