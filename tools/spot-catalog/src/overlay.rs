//! The hand-written repairs (`data/spot/overlay.json`). Each kind of repair is a list of groups
//! `{"why": "…", "items": […]}`: every repair states its reason. The generator records which
//! entries it used; one that repaired nothing is reported, so the file never outlives the spec.

use std::cell::RefCell;
use std::collections::BTreeSet;

use serde_json::Value;

pub struct Overlay {
    era_paths: Vec<(String, String, String, String)>,
    undeclared: Vec<(String, String)>,
    stray: Vec<(String, String, Option<String>)>,
    chained: Vec<String>,
    types: Vec<(String, Value)>,
    tuples: Vec<String>,
    same_route: Vec<Vec<String>>,
    required: Vec<String>,
    retyped: Vec<(String, String, Value)>,
    used: RefCell<BTreeSet<String>>,
}

const KINDS: [&str; 9] = [
    "era_paths",
    "undeclared_path_params",
    "stray_path_params",
    "chained_refs",
    "type_names",
    "tuple_items",
    "same_route",
    "required_without_property",
    "contradicted_types",
];

impl Overlay {
    pub fn parse(text: &str) -> Result<Overlay, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let obj = v.as_object().ok_or("not an object")?;
        for k in obj.keys() {
            if k != "about" && !KINDS.contains(&k.as_str()) {
                return Err(format!("unknown kind of repair {k}"));
            }
        }
        let mut items: Vec<Vec<&Value>> = Vec::new();
        for kind in KINDS {
            let mut all = Vec::new();
            for group in v.get(kind).and_then(Value::as_array).into_iter().flatten() {
                let why = group.get("why").and_then(Value::as_str).unwrap_or_default();
                if why.trim().len() < 10 {
                    return Err(format!("a group of {kind} does not say why"));
                }
                all.extend(
                    group
                        .get("items")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
            }
            items.push(all);
        }
        let s = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        Ok(Overlay {
            era_paths: items[0]
                .iter()
                .map(|v| (s(v, "section"), s(v, "title"), s(v, "method"), s(v, "path")))
                .collect(),
            undeclared: items[1]
                .iter()
                .map(|v| (s(v, "op"), s(v, "name")))
                .collect(),
            stray: items[2]
                .iter()
                .map(|v| {
                    let becomes = v.get("becomes").and_then(Value::as_str).map(str::to_string);
                    (s(v, "op"), s(v, "name"), becomes)
                })
                .collect(),
            chained: items[3].iter().map(|v| text(v)).collect(),
            types: items[4]
                .iter()
                .map(|v| (s(v, "from"), v.get("to").cloned().unwrap_or_default()))
                .collect(),
            tuples: items[5].iter().map(|v| text(v)).collect(),
            same_route: items[6]
                .iter()
                .map(|v| v.as_array().into_iter().flatten().map(text).collect())
                .collect(),
            required: items[7].iter().map(|v| text(v)).collect(),
            retyped: items[8]
                .iter()
                .map(|v| {
                    (
                        s(v, "op"),
                        s(v, "at"),
                        v.get("to").cloned().unwrap_or_default(),
                    )
                })
                .collect(),
            used: RefCell::new(BTreeSet::new()),
        })
    }

    fn mark(&self, what: String) {
        self.used.borrow_mut().insert(what);
    }

    /// The document's era path for an operation the table lists under today's path.
    pub fn era_path(&self, section: &str, title: &str) -> Option<(String, String)> {
        let (_, _, m, p) = self
            .era_paths
            .iter()
            .find(|(s, t, _, _)| s == section && t == title)?;
        self.mark(format!("era_paths {section} / {title}"));
        Some((m.clone(), p.clone()))
    }

    pub fn undeclared(&self, op: &str, name: &str) -> bool {
        let found = self.undeclared.iter().any(|(o, n)| o == op && n == name);
        if found {
            self.mark(format!("undeclared_path_params {op} {name}"));
        }
        found
    }

    /// What to do with a declared path parameter the template lacks: `Some(None)` drop it,
    /// `Some(Some(var))` it is the template's `var` under another spelling; `None` when the
    /// overlay does not say.
    pub fn stray(&self, op: &str, name: &str) -> Option<Option<String>> {
        let (_, _, becomes) = self.stray.iter().find(|(o, n, _)| o == op && n == name)?;
        self.mark(format!("stray_path_params {op} {name}"));
        Some(becomes.clone())
    }

    pub fn chained(&self, pointer: &str) -> bool {
        let found = self.chained.iter().any(|p| p == pointer);
        if found {
            self.mark(format!("chained_refs {pointer}"));
        }
        found
    }

    /// The schema keys that replace an invalid type name.
    pub fn type_name(&self, name: &str) -> Option<&Value> {
        let (_, to) = self.types.iter().find(|(f, _)| f == name)?;
        self.mark(format!("type_names {name}"));
        Some(to)
    }

    pub fn tuple(&self, op: &str) -> bool {
        let found = self.tuples.iter().any(|o| o == op);
        if found {
            self.mark(format!("tuple_items {op}"));
        }
        found
    }

    /// Whether two documented endpoints may share one route (their templates differ only in a
    /// parameter's name, so a router cannot tell them apart).
    pub fn shared_route(&self, op: &str) -> bool {
        let found = self.same_route.iter().flatten().any(|o| o == op);
        if found {
            self.mark(format!("same_route {op}"));
        }
        found
    }

    /// Whether a `required` entry that names no property of its object may be mended. Keyed by
    /// the name alone: the same misplaced list recurs wherever its subtree is reused.
    pub fn required_without_property(&self, name: &str) -> bool {
        let found = self.required.iter().any(|n| n == name);
        if found {
            self.mark(format!("required_without_property {name}"));
        }
        found
    }

    /// Gives the schemas whose declared type contradicts the document's own example the type
    /// the overlay names (its keys replace the schema's), in the spec itself before anything
    /// reads it. An entry whose schema is missing, or already of that type, repairs nothing.
    pub fn retype(&self, spec: &mut Value) {
        for (op, at, to) in &self.retyped {
            let Some((method, path)) = op.split_once(' ') else {
                continue;
            };
            let pointer = format!(
                "/paths/{}/{}{at}",
                path.replace('~', "~0").replace('/', "~1"),
                method.to_lowercase()
            );
            let Some(schema) = spec.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            if schema.get("type") == to.get("type") {
                continue;
            }
            for (k, v) in to.as_object().into_iter().flatten() {
                schema.insert(k.clone(), v.clone());
            }
            self.mark(format!("contradicted_types {op} {at}"));
        }
    }

    /// Every entry no operation needed.
    pub fn unused(&self) -> Vec<String> {
        let used = self.used.borrow();
        let mut all = Vec::new();
        for (s, t, _, _) in &self.era_paths {
            all.push(format!("era_paths {s} / {t}"));
        }
        for (o, n) in &self.undeclared {
            all.push(format!("undeclared_path_params {o} {n}"));
        }
        for (o, n, _) in &self.stray {
            all.push(format!("stray_path_params {o} {n}"));
        }
        all.extend(self.chained.iter().map(|p| format!("chained_refs {p}")));
        all.extend(self.types.iter().map(|(f, _)| format!("type_names {f}")));
        all.extend(self.tuples.iter().map(|o| format!("tuple_items {o}")));
        all.extend(
            self.required
                .iter()
                .map(|n| format!("required_without_property {n}")),
        );
        for (o, at, _) in &self.retyped {
            all.push(format!("contradicted_types {o} {at}"));
        }
        for pair in &self.same_route {
            all.extend(pair.iter().map(|o| format!("same_route {o}")));
        }
        all.into_iter()
            .filter(|e| !used.contains(e))
            .map(|e| format!("overlay entry repairs nothing: {e}"))
            .collect()
    }
}
