//! One operation's part of the console's catalog, for a deep link to its form: the build ships
//! one such file per operation (`tools/stage-chunks`), so opening a form reads and parses a few
//! KB instead of the whole catalog. A slice has the catalog's shape: every section, the
//! operation, then the list operations its path parameters are picked from (the console's
//! `Catalog::list_for`; its tests hold the two to the same answer), and `defs` with only the
//! subtrees those operations reach (the others `null`, so each `{"$d": n}` still names its own
//! place).

use std::collections::BTreeSet;

use serde_json::{json, Value};

/// Each operation's slug (`section/operation`, lower-case letters, digits and dashes, which the
/// chunk loader relies on to build the file's address) and its slice, from the catalog's text.
pub fn slices(catalog: &str) -> Result<Vec<(String, String)>, String> {
    let catalog: Value = serde_json::from_str(catalog).map_err(|e| e.to_string())?;
    let defs = catalog["defs"].as_array().cloned().unwrap_or_default();
    let all = catalog["ops"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for op in &all {
        let slug = op["slug"].as_str().unwrap_or_default();
        if !addressable(slug) {
            return Err(format!("operation slug {slug:?} cannot name a file"));
        }
        let mut ops = vec![op];
        for list in pickers(op, &all) {
            if !ops.contains(&list) {
                ops.push(list);
            }
        }
        let mut reached = BTreeSet::new();
        ops.iter().try_for_each(|o| reach(o, &defs, &mut reached))?;
        let kept: Vec<Value> = match reached.last() {
            Some(&last) => (0..=last)
                .map(|i| {
                    if reached.contains(&i) {
                        defs[i].clone()
                    } else {
                        Value::Null
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        let slice = json!({ "sections": catalog["sections"], "defs": kept, "ops": ops });
        out.push((slug.to_string(), slice.to_string()));
    }
    Ok(out)
}

/// For each path parameter of `op`, the list operation of the collection it names, if any: the
/// first GET whose path is the path up to the parameter (any parameter matching any other) and
/// that needs no query parameter but the account.
fn pickers<'a>(op: &Value, all: &'a [Value]) -> Vec<&'a Value> {
    let path = op["path"].as_str().unwrap_or_default();
    let shape = |p: &str| {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    let params = op["params"].as_array().cloned().unwrap_or_default();
    params
        .iter()
        .filter(|p| p["in"] == "path")
        .filter_map(|p| {
            let marker = format!("/{{{}}}", p["name"].as_str()?);
            let wanted = shape(&path[..path.find(&marker)?]);
            all.iter().find(|o| {
                o["method"] == "GET"
                    && shape(o["path"].as_str().unwrap_or_default()) == wanted
                    && !o["params"].as_array().into_iter().flatten().any(|q| {
                        q["in"] != "path" && q["required"] == true && q["name"] != "accountId"
                    })
            })
        })
        .collect()
}

/// Each operation's slug and its part of the documentation lines (`descriptions.json`'s shape:
/// `ops` with its one entry, `texts` with only the texts that entry names, numbered anew), from
/// the documentation's text: an operation's page reads a few hundred bytes, not every line.
pub fn doc_slices(descriptions: &str) -> Result<Vec<(String, String)>, String> {
    let docs: Value = serde_json::from_str(descriptions).map_err(|e| e.to_string())?;
    let texts = docs["texts"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (slug, entry) in docs["ops"].as_object().into_iter().flatten() {
        if !addressable(slug) {
            return Err(format!("operation slug {slug:?} cannot name a file"));
        }
        let mut kept = Vec::new();
        let mut renumber = |v: &Value| -> Result<Value, String> {
            let i = v
                .as_u64()
                .ok_or(format!("{slug}: {v} is no text's number"))? as usize;
            let text = texts.get(i).ok_or(format!("{slug}: no text {i}"))?;
            kept.push(text.clone());
            Ok(json!(kept.len() - 1))
        };
        let mut entry = entry.clone();
        if let Some(op) = entry.get_mut("op") {
            *op = renumber(op)?;
        }
        for part in ["params", "fields"] {
            for v in entry
                .get_mut(part)
                .and_then(Value::as_object_mut)
                .into_iter()
                .flatten()
            {
                *v.1 = renumber(v.1)?;
            }
        }
        let slice = json!({ "ops": { slug: entry }, "texts": kept });
        out.push((slug.clone(), slice.to_string()));
    }
    Ok(out)
}

/// `section/operation`, each part of lower-case letters, digits and dashes.
fn addressable(slug: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    matches!(slug.split_once('/'), Some((a, b)) if part(a) && part(b))
}

/// Adds to `reached` every stored subtree `value` refers to, and those they refer to.
fn reach(value: &Value, defs: &[Value], reached: &mut BTreeSet<usize>) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if let (1, Some(n)) = (map.len(), map.get("$d").and_then(Value::as_u64)) {
                let n = n as usize;
                let def = defs
                    .get(n)
                    .ok_or(format!("{{\"$d\": {n}}} names no stored subtree"))?;
                if reached.insert(n) {
                    reach(def, defs, reached)?;
                }
                return Ok(());
            }
            map.values().try_for_each(|v| reach(v, defs, reached))
        }
        Value::Array(items) => items.iter().try_for_each(|v| reach(v, defs, reached)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = r#"{
        "sections": ["Alpha", "Beta"],
        "defs": [{"type": "string"}, {"type": "object", "properties": {"a": {"$d": 0}}}, {"type": "integer"}],
        "ops": [
            {"slug": "alpha/create-thing", "method": "POST", "path": "/things/{thingId}/parts",
             "params": [{"in": "path", "name": "thingId"}], "body": {"properties": {"x": {"$d": 1}}}},
            {"slug": "beta/list-things", "method": "GET", "path": "/things",
             "params": [{"in": "query", "name": "accountId", "required": true}]}
        ]
    }"#;

    #[test]
    fn a_slice_keeps_the_sections_its_operation_and_the_subtrees_it_reaches() {
        let s = slices(CATALOG).unwrap();
        assert_eq!(s.len(), 2);
        let (slug, text) = &s[0];
        assert_eq!(slug, "alpha/create-thing");
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["sections"], json!(["Alpha", "Beta"]));
        // The operation, then the list its path parameter is picked from.
        let slugs: Vec<_> = v["ops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| &o["slug"])
            .collect();
        assert_eq!(slugs, ["alpha/create-thing", "beta/list-things"]);
        // Reached through defs[1]: both kept at their places; defs[2] is not reached.
        assert_eq!(
            v["defs"],
            json!([{"type": "string"}, {"type": "object", "properties": {"a": {"$d": 0}}}])
        );
        let (_, text) = &s[1];
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["defs"], json!([]));
        assert_eq!(v["ops"].as_array().unwrap().len(), 1);
        // A list that needs another query parameter is no list to pick from.
        let s = slices(&CATALOG.replace(r#""name": "accountId""#, r#""name": "since""#)).unwrap();
        let v: Value = serde_json::from_str(&s[0].1).unwrap();
        assert_eq!(v["ops"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn a_documentation_slice_keeps_its_operations_texts_numbered_anew() {
        let docs = r#"{"ops": {
            "alpha/create-thing": {"op": 2, "params": {"thingId": 0}, "fields": {"x": 2}},
            "beta/list-things": {"op": 1}
        }, "texts": ["The thing.", "Lists things.", "Creates a part."]}"#;
        let s = doc_slices(docs).unwrap();
        let (slug, text) = &s[0];
        assert_eq!(slug, "alpha/create-thing");
        let v: Value = serde_json::from_str(text).unwrap();
        let entry = &v["ops"]["alpha/create-thing"];
        let line = |i: &Value| v["texts"][i.as_u64().unwrap() as usize].clone();
        assert_eq!(line(&entry["op"]), "Creates a part.");
        assert_eq!(line(&entry["params"]["thingId"]), "The thing.");
        assert_eq!(line(&entry["fields"]["x"]), "Creates a part.");
        assert_eq!(v["ops"].as_object().unwrap().len(), 1);
        let v: Value = serde_json::from_str(&s[1].1).unwrap();
        assert_eq!(v["texts"], json!(["Lists things."]));
        assert!(doc_slices(&docs.replace("\"op\": 1", "\"op\": 7")).is_err());
    }

    #[test]
    fn a_slug_that_cannot_name_a_file_or_a_missing_subtree_stops_the_build() {
        let bad = CATALOG.replace("beta/list-things", "beta/../x");
        assert!(slices(&bad).unwrap_err().contains("cannot name a file"));
        let bad = CATALOG.replace(r#"{"$d": 1}"#, r#"{"$d": 9}"#);
        assert!(slices(&bad)
            .unwrap_err()
            .contains("names no stored subtree"));
        assert!(!addressable("alpha"));
        assert!(!addressable("Alpha/x"));
        assert!(addressable("elastigroup-aws/create-elastigroup"));
    }
}
