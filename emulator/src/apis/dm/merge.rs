//! How patches change a config: a YAML patch is merged into it (maps recursively, lists of named
//! items by `name`, `null` deletes), a JSON patch document runs its RFC 6902 operations.

use serde_json::Value;

/// Merges `patch` into `base` the way Kubernetes' strategic merge does for the common cases.
pub fn strategic_merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, pv) in p {
                if pv.is_null() {
                    b.remove(k);
                } else if let Some(bv) = b.get_mut(k) {
                    strategic_merge(bv, pv);
                } else {
                    b.insert(k.clone(), pv.clone());
                }
            }
        }
        (Value::Array(b), Value::Array(p)) if named(b) && named(p) && !p.is_empty() => {
            for item in p {
                let name = &item["name"];
                match b.iter_mut().find(|x| &x["name"] == name) {
                    Some(existing) => strategic_merge(existing, item),
                    None => b.push(item.clone()),
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn named(items: &[Value]) -> bool {
    items
        .iter()
        .all(|i| i.get("name").is_some_and(Value::is_string))
}

/// Runs JSON patch operations (`add`, `remove`, `replace`, `move`, `copy`, `test`) in order.
pub fn json_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    for (i, op) in ops.iter().enumerate() {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("operation {i} has no \"path\""))?;
        let value = || {
            op.get("value")
                .cloned()
                .ok_or_else(|| format!("operation {i} ({kind} {path}) has no \"value\""))
        };
        let from = || {
            op.get("from")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("operation {i} ({kind} {path}) has no \"from\""))
        };
        match kind {
            "add" => add(doc, path, value()?)?,
            "remove" => {
                remove(doc, path)?;
            }
            "replace" => {
                remove(doc, path)?;
                add(doc, path, value()?)?;
            }
            "move" => {
                let v = remove(doc, from()?)?;
                add(doc, path, v)?;
            }
            "copy" => {
                let v = pointer(doc, from()?)?.clone();
                add(doc, path, v)?;
            }
            "test" => {
                if pointer(doc, path)? != &value()? {
                    return Err(format!("test failed at {path}"));
                }
            }
            other => return Err(format!("operation {i}: unknown op \"{other}\"")),
        }
    }
    Ok(())
}

fn tokens(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("path \"{path}\" must start with /"));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn pointer<'a>(doc: &'a Value, path: &str) -> Result<&'a Value, String> {
    let mut cur = doc;
    for t in tokens(path)? {
        cur = match cur {
            Value::Object(m) => m.get(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or_else(|| format!("path {path} does not exist"))?;
    }
    Ok(cur)
}

fn parent<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), String> {
    let mut toks = tokens(path)?;
    let last = toks
        .pop()
        .ok_or_else(|| "cannot change the whole document".to_string())?;
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m.get_mut(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("path {path} does not exist"))?;
    }
    Ok((cur, last))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let (p, last) = parent(doc, path)?;
    match p {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            let i = if last == "-" {
                a.len()
            } else {
                last.parse::<usize>()
                    .ok()
                    .filter(|i| *i <= a.len())
                    .ok_or_else(|| format!("path {path}: index out of range"))?
            };
            a.insert(i, value);
            Ok(())
        }
        _ => Err(format!("path {path}: parent is not a map or a list")),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (p, last) = parent(doc, path)?;
    match p {
        Value::Object(m) => m
            .remove(&last)
            .ok_or_else(|| format!("path {path} does not exist")),
        Value::Array(a) => {
            let i = last
                .parse::<usize>()
                .ok()
                .filter(|i| *i < a.len())
                .ok_or_else(|| format!("path {path} does not exist"))?;
            Ok(a.remove(i))
        }
        _ => Err(format!("path {path} does not exist")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_named_lists_by_name_and_deletes_nulls() {
        let mut base = json!({"spec": {"replicas": 2, "containers": [
            {"name": "api", "image": "a:1", "env": [{"name": "X", "value": "1"}]},
            {"name": "side", "image": "s:1"}
        ], "paused": true}});
        strategic_merge(
            &mut base,
            &json!({"spec": {"paused": null, "containers": [
                {"name": "api", "env": [{"name": "Y", "value": "2"}]}
            ]}}),
        );
        assert_eq!(
            base,
            json!({"spec": {"replicas": 2, "containers": [
                {"name": "api", "image": "a:1", "env": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}]},
                {"name": "side", "image": "s:1"}
            ]}})
        );
    }

    #[test]
    fn runs_json_patch_operations() {
        let mut doc = json!({"spec": {"egress": [{"ports": []}, {"ports": [{"port": 443}]}]}});
        json_patch(
            &mut doc,
            &[
                json!({"op": "add", "path": "/spec/egress/1/ports/-", "value": {"protocol": "TCP", "port": 9999}}),
                json!({"op": "replace", "path": "/spec/egress/1/ports/0/port", "value": 8443}),
                json!({"op": "copy", "from": "/spec/egress/1/ports", "path": "/spec/egress/0/ports"}),
                json!({"op": "remove", "path": "/spec/egress/0/ports/1"}),
            ],
        )
        .unwrap();
        assert_eq!(
            doc,
            json!({"spec": {"egress": [{"ports": [{"port": 8443}]}, {"ports": [{"port": 8443}, {"protocol": "TCP", "port": 9999}]}]}})
        );
        let err = json_patch(
            &mut doc,
            &[json!({"op": "remove", "path": "/spec/ingress"})],
        );
        assert_eq!(err, Err("path /spec/ingress does not exist".into()));
    }
}
