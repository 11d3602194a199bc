//! Schemas resolved for the engines: `$ref`s (JSON pointers into other operations) inlined,
//! `allOf` merged, `anyOf` read as `oneOf`, invalid type names and tuple `items` repaired as the
//! overlay says, `required: true` written on a property lifted into its parent's list; only the
//! keys a form, a validator or a data generator uses are kept.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::overlay::Overlay;

#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// Form and validation keys only.
    Console,
    /// Also the examples, as hints for generated data.
    Emulator,
    /// Also the descriptions, for the documentation asset.
    Docs,
}

const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

const KEPT: [&str; 14] = [
    "type",
    "format",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "nullable",
];

pub struct Resolver<'a> {
    spec: &'a Value,
    overlay: &'a Overlay,
    mode: Mode,
    pub problems: Vec<String>,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a Value, overlay: &'a Overlay, mode: Mode) -> Resolver<'a> {
        Resolver {
            spec,
            overlay,
            mode,
            problems: Vec::new(),
        }
    }

    /// The schema at `v`, resolved for operation `op` (named in problems).
    pub fn schema(&mut self, v: &Value, op: &str) -> Value {
        let mut out = self.resolve(v, op, 0);
        self.mend_tree(&mut out, op);
        out
    }

    /// Mends `required` lists once the schema is whole (allOf parts merged): a part may name a
    /// field another part declares.
    fn mend_tree(&mut self, v: &mut Value, op: &str) {
        let Value::Object(m) = v else { return };
        self.mend_required(m, op);
        for (k, c) in m.iter_mut() {
            match (k.as_str(), c) {
                ("properties", Value::Object(props)) => {
                    for p in props.values_mut() {
                        self.mend_tree(p, op);
                    }
                }
                ("items" | "additionalProperties", c) => self.mend_tree(c, op),
                ("oneOf", Value::Array(vs)) => {
                    for c in vs {
                        self.mend_tree(c, op);
                    }
                }
                _ => {}
            }
        }
    }

    fn resolve(&mut self, v: &Value, op: &str, depth: usize) -> Value {
        if depth > 64 {
            self.problems
                .push(format!("{op}: schema nests deeper than 64"));
            return json!({});
        }
        let Some(obj) = v.as_object() else {
            return json!({});
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let mut chained = false;
            let Some(target) = pointer(self.spec, r, &mut chained) else {
                self.problems.push(format!("{op}: {r} points nowhere"));
                return json!({});
            };
            if (chained || target.get("$ref").is_some()) && !self.overlay.chained(r) {
                self.problems.push(format!(
                    "{op}: {r} points through another $ref (overlay: chained_refs)"
                ));
            }
            return self.resolve(target, op, depth + 1);
        }
        let mut out = Map::new();
        if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
            for part in parts {
                if let Value::Object(m) = self.resolve(part, op, depth + 1) {
                    merge(&mut out, m);
                }
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(parts) = obj.get(key).and_then(Value::as_array) {
                let variants: Vec<Value> = parts
                    .iter()
                    .map(|p| {
                        let mut variant = self.resolve(p, op, depth + 1);
                        let title = p.get("title").or_else(|| {
                            p.get("$ref")
                                .and_then(Value::as_str)
                                .and_then(|r| pointer(self.spec, r, &mut false))
                                .and_then(|t| t.get("title"))
                        });
                        if let (Some(t), Some(m)) = (title, variant.as_object_mut()) {
                            m.insert("title".into(), t.clone());
                        }
                        variant
                    })
                    .collect();
                out.insert("oneOf".into(), Value::Array(variants));
            }
        }
        for key in KEPT {
            if let Some(x) = obj.get(key) {
                out.entry(key).or_insert_with(|| x.clone());
            }
        }
        for (key, on) in [
            ("readOnly", true),
            ("writeOnly", true),
            ("example", self.mode == Mode::Emulator),
            ("description", self.mode == Mode::Docs),
        ] {
            if let (true, Some(x)) = (on, obj.get(key)) {
                out.entry(key).or_insert_with(|| x.clone());
            }
        }
        self.repair_type(&mut out, op);
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            let mut resolved = Map::new();
            let mut required: Vec<Value> = Vec::new();
            for (name, p) in props {
                let mut s = self.resolve(p, op, depth + 1);
                if p.get("required") == Some(&json!(true)) {
                    required.push(json!(name));
                }
                if let Some(m) = s.as_object_mut() {
                    if m.get("required").is_some_and(Value::is_boolean) {
                        m.remove("required");
                    }
                }
                resolved.insert(name.clone(), s);
            }
            let mut mine = Map::new();
            mine.insert("properties".into(), Value::Object(resolved));
            if !required.is_empty() {
                mine.insert("required".into(), Value::Array(required));
            }
            merge(&mut out, mine);
        }
        if let Some(req) = obj.get("required").and_then(Value::as_array) {
            let mut mine = Map::new();
            mine.insert("required".into(), Value::Array(req.clone()));
            merge(&mut out, mine);
        }
        match obj.get("items") {
            Some(Value::Array(tuple)) => {
                if !self.overlay.tuple(op) {
                    self.problems
                        .push(format!("{op}: tuple-form items (overlay: tuple_items)"));
                }
                let mut variants: Vec<Value> = tuple
                    .iter()
                    .map(|t| self.resolve(t, op, depth + 1))
                    .collect();
                variants.dedup();
                let items = if variants.len() == 1 {
                    variants.remove(0)
                } else {
                    json!({ "oneOf": variants })
                };
                out.insert("items".into(), items);
            }
            Some(items) => {
                let items = self.resolve(items, op, depth + 1);
                out.insert("items".into(), items);
            }
            None => {}
        }
        if let Some(extra) = obj.get("additionalProperties") {
            let extra = match extra {
                Value::Bool(b) => Value::Bool(*b),
                other => self.resolve(other, op, depth + 1),
            };
            out.insert("additionalProperties".into(), extra);
        }
        if !out.contains_key("type") {
            if out.contains_key("properties") {
                out.insert("type".into(), json!("object"));
            } else if out.contains_key("items") {
                out.insert("type".into(), json!("array"));
            }
        }
        Value::Object(out)
    }

    /// Drops duplicate `required` entries. One that names no property of its object is, where
    /// the overlay allows, put where it belongs: renamed to the property spelt alike
    /// (`subnetname` → `subnetName`), moved into the items of a list or into a body's single
    /// wrapper that declare it, or else dropped.
    fn mend_required(&mut self, out: &mut Map<String, Value>, op: &str) {
        let Some(Value::Array(req)) = out.get("required").cloned() else {
            return;
        };
        let declares = |s: &Value, name: &str| s.pointer(&format!("/properties/{name}")).is_some();
        let mut kept: Vec<Value> = Vec::new();
        for r in req {
            let Some(name) = r.as_str().map(str::to_string) else {
                continue;
            };
            if declares(&Value::Object(out.clone()), &name) {
                if !kept.contains(&r) {
                    kept.push(r);
                }
                continue;
            }
            if !self.overlay.required_without_property(&name) {
                self.problems.push(format!(
                    "{op}: required names {name}, which is not a property there (overlay: required_without_property)"
                ));
                continue;
            }
            let alike = out
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.keys().find(|k| k.eq_ignore_ascii_case(&name)).cloned());
            if let Some(alike) = alike {
                kept.push(Value::String(alike));
                continue;
            }
            let single = out
                .get("properties")
                .and_then(Value::as_object)
                .filter(|p| p.len() == 1)
                .and_then(|p| p.keys().next().cloned());
            let target = match (out.get_mut("items"), single) {
                (Some(items), _) if declares(items, &name) => Some(items),
                (_, Some(wrapper)) => out
                    .get_mut("properties")
                    .and_then(|p| p.get_mut(&wrapper))
                    .filter(|w| declares(w, &name)),
                _ => None,
            };
            if let Some(Value::Object(t)) = target {
                let list = t
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(l) = list {
                    if !l.contains(&Value::String(name.clone())) {
                        l.push(Value::String(name));
                    }
                }
            }
        }
        if kept.is_empty() {
            out.remove("required");
        } else {
            out.insert("required".into(), Value::Array(kept));
        }
    }

    fn repair_type(&mut self, out: &mut Map<String, Value>, op: &str) {
        let Some(name) = out.get("type").and_then(Value::as_str).map(str::to_string) else {
            return;
        };
        if TYPES.contains(&name.as_str()) {
            return;
        }
        match self.overlay.type_name(&name) {
            Some(Value::Object(to)) => {
                for (k, v) in to {
                    out.insert(k.clone(), v.clone());
                }
            }
            _ => self.problems.push(format!(
                "{op}: invalid type name {name} (overlay: type_names)"
            )),
        }
    }
}

/// Merges `from` into `into` as `allOf` means: properties merged recursively, required lists
/// joined, any other key kept from the first part that has it.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        match (k.as_str(), into.get_mut(&k), v) {
            ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                for (name, p) in theirs {
                    match (mine.get_mut(&name), p) {
                        (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
                        (None, p) => {
                            mine.insert(name, p);
                        }
                        _ => {}
                    }
                }
            }
            ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                mine.extend(theirs);
            }
            (_, Some(_), _) => {}
            (_, None, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// Follows a `#/…` JSON pointer (percent-encoded, `~1` for `/`). A pointer that walks through a
/// node holding a `$ref` follows that ref on the way (`chained` is set).
pub fn pointer<'v>(root: &'v Value, r: &str, chained: &mut bool) -> Option<&'v Value> {
    pointer_at(root, r, chained, 0)
}

fn pointer_at<'v>(root: &'v Value, r: &str, chained: &mut bool, depth: usize) -> Option<&'v Value> {
    if depth > 16 {
        return None;
    }
    let frag = r.strip_prefix('#')?;
    let mut cur = root;
    for raw in frag.split('/').skip(1) {
        let token = percent_decode(raw).replace("~1", "/").replace("~0", "~");
        loop {
            let next = match cur {
                Value::Object(m) => m.get(&token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            if let Some(n) = next {
                cur = n;
                break;
            }
            let via = cur.get("$ref").and_then(Value::as_str)?;
            *chained = true;
            cur = pointer_at(root, via, chained, depth + 1)?;
        }
    }
    Some(cur)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Stores schema subtrees that occur more than once a single time: each becomes an entry of the
/// returned list and its places hold `{"$d": index}`. Only objects worth it (serialized at
/// least 80 bytes) are shared; the roots themselves stay in place.
pub fn share(roots: &mut [&mut Value]) -> Vec<Value> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for root in roots.iter_mut() {
        count(root, &mut counts, true);
    }
    let mut table = Sharer {
        counts,
        index: BTreeMap::new(),
        defs: Vec::new(),
    };
    for root in roots.iter_mut() {
        table.replace_children(root);
    }
    table.defs
}

const WORTH: usize = 80;

/// The schemas directly under a schema: its properties' values, `items`, an
/// `additionalProperties` schema and the `oneOf` variants (never defaults or examples).
fn sub_schemas(v: &mut Value) -> Vec<&mut Value> {
    let mut out = Vec::new();
    let Value::Object(m) = v else {
        return out;
    };
    for (k, c) in m.iter_mut() {
        match (k.as_str(), c) {
            ("properties", Value::Object(props)) => out.extend(props.values_mut()),
            ("items" | "additionalProperties", c @ Value::Object(_)) => out.push(c),
            ("oneOf", Value::Array(variants)) => out.extend(variants.iter_mut()),
            _ => {}
        }
    }
    out
}

fn count(v: &mut Value, counts: &mut BTreeMap<String, usize>, top: bool) {
    let s = v.to_string();
    if !top && s.len() >= WORTH {
        *counts.entry(s).or_default() += 1;
    }
    for c in sub_schemas(v) {
        count(c, counts, false);
    }
}

struct Sharer {
    counts: BTreeMap<String, usize>,
    index: BTreeMap<String, usize>,
    defs: Vec<Value>,
}

impl Sharer {
    fn replace_children(&mut self, v: &mut Value) {
        for c in sub_schemas(v) {
            self.replace(c);
        }
    }

    fn replace(&mut self, v: &mut Value) {
        let s = v.to_string();
        if self.counts.get(&s).copied().unwrap_or(0) > 1 {
            let id = match self.index.get(&s) {
                Some(id) => *id,
                None => {
                    let id = self.defs.len();
                    self.index.insert(s, id);
                    self.defs.push(Value::Null);
                    let mut def = v.take();
                    self.replace_children(&mut def);
                    self.defs[id] = def;
                    id
                }
            };
            *v = json!({ "$d": id });
            return;
        }
        self.replace_children(v);
    }
}
