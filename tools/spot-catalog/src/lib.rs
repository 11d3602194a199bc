//! Turns Spot's OpenAPI of the document's era (`data/spot/openapi-2021-11.json`) and the operations
//! table (`data/spot/operations.tsv`, one row per documented operation) into the catalogs the
//! console and the emulator read, repairing the spec's defects only as `data/spot/overlay.json`
//! says (each repair with its reason). A defect the overlay does not name, or an overlay entry that
//! repairs nothing, stops the generator: the overlay stays the complete list of what was changed.
//!
//! Outputs (all under `data/spot/`, committed; `tests/fresh.rs` fails when they are stale):
//! - `catalog.json`: the console's catalog, one entry per documented operation (342): section,
//!   title, method, path, parameters, the request body schema resolved (refs inlined, allOf
//!   merged; subtrees that repeat stored once in `defs` and referenced as `{"$d": n}`), a response
//!   summary, the destructive flag, and whether the operation still exists in today's API.
//! - `descriptions.json`: the documentation lines (operation, parameters, body fields), fetched on demand.
//! - `emulator.json`: one entry per distinct endpoint with the response schema (examples kept as
//!   hints) for the emulator's engine.
//! - `facts.json`: flat facts per operation and the totals, for native tests.
//!
//! At build time, [`slices`] and [`doc_slices`] cut `catalog.json` and `descriptions.json` into one
//! file per operation (`--slices`).

mod overlay;
mod schema;
mod slice;
mod table;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use overlay::Overlay;
use schema::{Mode, Resolver};
pub use slice::{doc_slices, slices};
use table::Row;

/// One generated file: its path from the repository root and its text.
pub struct File {
    pub path: &'static str,
    pub text: String,
}

/// The inputs' paths from the repository root.
pub const SPEC: &str = "data/spot/openapi-2021-11.json";
pub const TABLE: &str = "data/spot/operations.tsv";
pub const OVERLAY: &str = "data/spot/overlay.json";

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Generates every output from the three inputs' texts, or says every problem met.
pub fn generate(spec: &str, table: &str, overlay: &str) -> Result<Vec<File>, String> {
    let mut spec: Value = serde_json::from_str(spec).map_err(|e| format!("{SPEC}: {e}"))?;
    let overlay = Overlay::parse(overlay).map_err(|e| format!("{OVERLAY}: {e}"))?;
    overlay.retype(&mut spec);
    let rows = table::parse(table)?;
    let mut problems = Vec::new();
    let mut gen = Generator {
        spec: &spec,
        overlay: &overlay,
        problems: &mut problems,
    };
    let files = gen.run(&rows);
    problems.extend(overlay.unused());
    if problems.is_empty() {
        Ok(files)
    } else {
        problems.sort();
        problems.dedup();
        Err(problems.join("\n"))
    }
}

struct Generator<'a> {
    spec: &'a Value,
    overlay: &'a Overlay,
    problems: &'a mut Vec<String>,
}

/// An operation as the generator reads it from the spec.
struct Endpoint<'a> {
    key: String,
    method: String,
    path: String,
    op: &'a Value,
}

impl<'a> Generator<'a> {
    fn run(&mut self, rows: &[Row]) -> Vec<File> {
        let mut sections: Vec<String> = Vec::new();
        let mut ops = Vec::new();
        let mut docs = Map::new();
        let mut facts = Vec::new();
        let mut endpoints: BTreeMap<String, Value> = BTreeMap::new();
        let mut slugs = BTreeSet::new();
        let mut console = Resolver::new(self.spec, self.overlay, Mode::Console);
        let mut emulator = Resolver::new(self.spec, self.overlay, Mode::Emulator);
        let mut documented = Resolver::new(self.spec, self.overlay, Mode::Docs);

        let mut titles: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for row in rows {
            *titles.entry((&row.section, &row.title)).or_default() += 1;
        }
        for row in rows {
            let Some(ep) = self.endpoint(row) else {
                continue;
            };
            if !sections.contains(&row.section) {
                sections.push(row.section.clone());
            }
            // A title the document repeats in one section is told apart by its path's last word.
            let mut slug = format!("{}/{}", slugify(&row.section), slugify(&row.title));
            if titles[&(row.section.as_str(), row.title.as_str())] > 1 {
                let word = ep
                    .path
                    .rsplit('/')
                    .find(|s| !s.starts_with('{'))
                    .unwrap_or("");
                slug = format!("{slug}-{}", slugify(word));
            }
            if !slugs.insert(slug.clone()) {
                self.problems
                    .push(format!("two operations make the address {slug}"));
            }
            let params = self.params(&ep, &mut console);
            let body = ep
                .op
                .pointer("/requestBody/content/application~1json/schema")
                .map(|s| console.schema(s, &ep.key));
            let body_required = ep
                .op
                .pointer("/requestBody/required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let response = self.response(&ep, &mut emulator);
            let route = route_of(&ep.path);
            let account = params
                .iter()
                .find(|p| p["name"] == "accountId" && p["in"] == "query")
                .map(|p| {
                    if p["required"] == true {
                        "required"
                    } else {
                        "optional"
                    }
                })
                .unwrap_or("none");

            let mut entry = json!({
                "slug": slug,
                "section": sections.iter().position(|s| *s == row.section).unwrap_or(0),
                "title": row.title,
                "method": ep.method,
                "path": ep.path,
                "params": params,
                "response": summary(&response),
                "now": today(row, &ep.path),
            });
            if let Some(body) = &body {
                entry["body"] = body.clone();
                entry["bodyRequired"] = json!(body_required);
            }
            if row.destructive {
                entry["destructive"] = json!(true);
            }
            ops.push(entry);

            let mut doc = Map::new();
            if let Some(d) = ep.op.get("description").and_then(Value::as_str) {
                doc.insert("op".into(), json!(d.trim()));
            }
            let mut pdocs = Map::new();
            for p in self.raw_params(&ep) {
                if let (Some(n), Some(d)) = (
                    p.get("name").and_then(Value::as_str),
                    p.get("description").and_then(Value::as_str),
                ) {
                    pdocs.insert(n.into(), json!(d.trim()));
                }
            }
            if !pdocs.is_empty() {
                doc.insert("params".into(), Value::Object(pdocs));
            }
            if let Some(s) = ep
                .op
                .pointer("/requestBody/content/application~1json/schema")
            {
                let mut fields = Map::new();
                field_docs(&documented.schema(s, &ep.key), "", &mut fields);
                if !fields.is_empty() {
                    doc.insert("fields".into(), Value::Object(fields));
                }
            }
            docs.insert(slug.clone(), Value::Object(doc));

            let path_params: Vec<&str> = template_vars(&ep.path);
            let query: Vec<Value> = ops.last().unwrap()["params"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| json!({"name": p["name"], "required": p["required"] == true}))
                .collect();
            facts.push(json!({
                "slug": slug,
                "section": row.section,
                "title": row.title,
                "method": ep.method,
                "path": ep.path,
                "route": route,
                "pathParams": path_params,
                "query": query,
                "body": body.is_some(),
                "destructive": row.destructive,
                "accountId": account,
            }));

            let e = endpoints.entry(ep.key.clone()).or_insert_with(|| {
                let mut e = json!({
                    "method": ep.method,
                    "path": ep.path,
                    "route": route,
                    "slugs": [],
                    "params": ops.last().unwrap()["params"],
                    "response": response,
                });
                if let Some(s) = ep
                    .op
                    .pointer("/requestBody/content/application~1json/schema")
                {
                    e["body"] = emulator.schema(s, &ep.key);
                    e["bodyRequired"] = json!(body_required);
                }
                e
            });
            e["slugs"].as_array_mut().unwrap().push(json!(slug));
        }
        self.check_shared_routes(&endpoints);
        self.problems.append(&mut console.problems);
        self.problems.append(&mut emulator.problems);
        self.problems.append(&mut documented.problems);

        let mut bodies: Vec<&mut Value> =
            ops.iter_mut().filter_map(|o| o.get_mut("body")).collect();
        let defs = schema::share(&mut bodies);
        let catalog = json!({
            "about": "Generated by tools/spot-catalog from Spot's OpenAPI of 2021-11; do not edit.",
            "sections": sections,
            "defs": defs,
            "ops": ops,
        });
        let mut eps: Vec<Value> = endpoints.into_values().collect();
        let mut schemas: Vec<&mut Value> = Vec::new();
        for e in eps.iter_mut() {
            let Value::Object(m) = e else { continue };
            for (k, v) in m.iter_mut() {
                match k.as_str() {
                    "body" => schemas.push(v),
                    "response" => schemas.extend(v.get_mut("schema")),
                    _ => {}
                }
            }
        }
        let edefs = schema::share(&mut schemas);
        let emulator = json!({
            "about": "Generated by tools/spot-catalog from Spot's OpenAPI of 2021-11; do not edit.",
            "defs": edefs,
            "endpoints": eps,
        });
        let totals = totals(&facts);
        let facts = json!({ "totals": totals, "ops": facts });
        vec![
            File {
                path: "data/spot/catalog.json",
                text: compact(&catalog),
            },
            File {
                path: "data/spot/descriptions.json",
                text: compact(&texts_once(docs)),
            },
            File {
                path: "data/spot/emulator.json",
                text: compact(&emulator),
            },
            File {
                path: "data/spot/facts.json",
                text: serde_json::to_string_pretty(&facts).unwrap() + "\n",
            },
        ]
    }

    /// Endpoints whose templates differ only in a parameter's name answer on one route: each such
    /// pair must be named in the overlay (the emulator serves both on that route).
    fn check_shared_routes(&mut self, endpoints: &BTreeMap<String, Value>) {
        let mut by_route: BTreeMap<String, Vec<&String>> = BTreeMap::new();
        for (key, e) in endpoints {
            let route = format!(
                "{} {}",
                e["method"].as_str().unwrap_or_default(),
                e["route"].as_str().unwrap_or_default()
            );
            by_route.entry(route).or_default().push(key);
        }
        for keys in by_route.values().filter(|k| k.len() > 1) {
            for key in keys {
                if !self.overlay.shared_route(key) {
                    self.problems.push(format!(
                        "{key} shares its route with another endpoint (overlay: same_route)"
                    ));
                }
            }
        }
    }

    /// Finds a row's operation in the spec: by the overlay's era path when it names one, else by
    /// the row's method and path (parameter names compare as wildcards: several were renamed
    /// since the document).
    fn endpoint(&mut self, row: &Row) -> Option<Endpoint<'a>> {
        let (method, path) = self
            .overlay
            .era_path(&row.section, &row.title)
            .unwrap_or((row.seed_method.clone(), row.seed_path.clone()));
        let m = method.to_ascii_lowercase();
        let paths = self.spec.get("paths").and_then(Value::as_object)?;
        let found = paths
            .get_key_value(&path)
            .filter(|(_, item)| item.get(&m).is_some())
            .or_else(|| {
                let mut same = paths
                    .iter()
                    .filter(|(p, item)| route_of(p) == route_of(&path) && item.get(&m).is_some());
                match (same.next(), same.next()) {
                    (Some(one), None) => Some(one),
                    _ => None,
                }
            });
        let Some((path, item)) = found else {
            self.problems.push(format!(
                "{} / {}: {method} {path} is not in the spec (name its era path in the overlay)",
                row.section, row.title
            ));
            return None;
        };
        if !METHODS.contains(&m.as_str()) {
            self.problems
                .push(format!("{method} is not an HTTP method"));
            return None;
        }
        Some(Endpoint {
            key: format!("{method} {path}"),
            method,
            path: path.clone(),
            op: &item[&m],
        })
    }

    /// The operation's declared parameters, refs followed.
    fn raw_params(&self, ep: &Endpoint<'a>) -> Vec<&'a Value> {
        let mut out = Vec::new();
        for p in ep
            .op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut chained = false;
            match p.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    if let Some(t) = schema::pointer(self.spec, r, &mut chained) {
                        out.push(t)
                    }
                }
                None => out.push(p),
            }
        }
        out
    }

    /// Path and query parameters: type, required, enum, format, default; undeclared path
    /// variables added and stray ones dropped as the overlay says.
    fn params(&mut self, ep: &Endpoint<'a>, r: &mut Resolver) -> Vec<Value> {
        let vars = template_vars(&ep.path);
        let mut out = Vec::new();
        for p in self.raw_params(ep) {
            let mut name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
            if place == "path" && !vars.contains(&name) {
                match self.overlay.stray(&ep.key, name) {
                    Some(Some(var)) if vars.contains(&var.as_str()) => {
                        name = vars.iter().find(|v| **v == var).copied().unwrap_or(name)
                    }
                    Some(None) => continue,
                    _ => {
                        self.problems.push(format!(
                            "{}: path parameter {name} is not in the template (overlay: stray_path_params)",
                            ep.key
                        ));
                        continue;
                    }
                }
            }
            if place != "path" && place != "query" {
                self.problems
                    .push(format!("{}: parameter {name} is in {place}", ep.key));
                continue;
            }
            if out
                .iter()
                .any(|o: &Value| o["name"] == name && o["in"] == place)
            {
                continue;
            }
            let schema = p
                .get("schema")
                .map(|s| r.schema(s, &ep.key))
                .unwrap_or_else(|| json!({"type": "string"}));
            let mut v = json!({
                "name": name,
                "in": place,
                "type": schema.get("type").cloned().unwrap_or(json!("string")),
            });
            if place == "path" || p.get("required") == Some(&json!(true)) {
                v["required"] = json!(true);
            }
            for k in ["enum", "format", "default", "minimum", "maximum", "items"] {
                if let Some(x) = schema.get(k) {
                    v[k] = x.clone();
                }
            }
            out.push(v);
        }
        for var in vars {
            if !out.iter().any(|o| o["name"] == var && o["in"] == "path") {
                if !self.overlay.undeclared(&ep.key, var) {
                    self.problems.push(format!(
                        "{}: path variable {var} is not declared (overlay: undeclared_path_params)",
                        ep.key
                    ));
                }
                out.push(json!({"name": var, "in": "path", "type": "string", "required": true}));
            }
        }
        // Path parameters first, in template order; then query parameters as declared.
        let order = |v: &Value| {
            let name = v["name"].as_str().unwrap_or_default();
            match template_vars(&ep.path).iter().position(|t| *t == name) {
                Some(i) if v["in"] == "path" => i,
                _ => usize::MAX,
            }
        };
        out.sort_by_key(order);
        out
    }

    /// The first 2xx answer, resolved with its examples (the emulator's view of it).
    fn response(&mut self, ep: &Endpoint<'a>, r: &mut Resolver) -> Value {
        let Some(responses) = ep.op.get("responses").and_then(Value::as_object) else {
            return json!({"status": 200, "shape": "none"});
        };
        let Some((code, answer)) = responses.iter().find(|(c, _)| c.starts_with('2')) else {
            return json!({"status": 200, "shape": "none"});
        };
        let status: u16 = code.parse().unwrap_or(200);
        let mut chained = false;
        let answer = match answer.get("$ref").and_then(Value::as_str) {
            Some(rf) => schema::pointer(self.spec, rf, &mut chained).unwrap_or(answer),
            None => answer,
        };
        let content = answer.get("content").and_then(Value::as_object);
        let Some((media, body)) = content.and_then(|c| c.iter().next()) else {
            return json!({"status": status, "shape": "none"});
        };
        if !media.contains("json") {
            let shape = if media.contains("csv") { "csv" } else { "text" };
            return json!({"status": status, "shape": shape, "media": media});
        }
        let schema = body
            .get("schema")
            .map(|s| r.schema(s, &ep.key))
            .unwrap_or(json!({}));
        let shape = if schema
            .pointer("/properties/response/properties/items")
            .is_some()
        {
            "envelope"
        } else if schema.pointer("/properties/response").is_some() {
            "status"
        } else if schema.pointer("/properties/items").is_some() {
            "items"
        } else {
            "json"
        };
        let kind = schema
            .pointer("/properties/response/properties/kind")
            .and_then(|k| k.get("example").or_else(|| k.pointer("/enum/0")))
            .cloned();
        let mut out = json!({"status": status, "shape": shape, "schema": schema});
        if let Some(k) = kind {
            out["kind"] = k;
        }
        if let Some(ex) = body.get("example") {
            out["example"] = ex.clone();
        }
        out
    }
}

/// What the console needs of an answer: its shape, `kind`, and the scalar columns of its items.
fn summary(response: &Value) -> Value {
    let mut out = json!({"shape": response["shape"]});
    if let Some(k) = response.get("kind") {
        out["kind"] = k.clone();
    }
    if response["status"] != 200 {
        out["status"] = response["status"].clone();
    }
    let items = response
        .pointer("/schema/properties/response/properties/items/items/properties")
        .or_else(|| response.pointer("/schema/properties/items/items/properties"))
        .and_then(Value::as_object);
    if let Some(props) = items {
        let cols: Vec<&String> = props
            .iter()
            .filter(|(_, s)| {
                matches!(
                    s.get("type").and_then(Value::as_str),
                    Some("string" | "integer" | "number" | "boolean")
                )
            })
            .map(|(k, _)| k)
            .take(12)
            .collect();
        if !cols.is_empty() {
            out["columns"] = json!(cols);
        }
    }
    out
}

/// Whether the operation still exists in today's API, from the table's match against it.
fn today(row: &Row, era_path: &str) -> Value {
    let month = |text: &str| -> Option<String> {
        let at = text.find("removed")?;
        text[at..]
            .split(|c: char| c.is_whitespace())
            .find(|w| w.len() == 7 && w.as_bytes()[4] == b'-' && w[..4].parse::<u32>().is_ok())
            .map(str::to_string)
    };
    if row.notes.starts_with("SUCCESSOR") {
        return json!({"status": "gone", "left": month(&row.notes),
                      "successor": format!("{} {}", row.method, row.path)});
    }
    if row.notes.starts_with("unmatched") {
        let successor = row.notes.split("closest: ").nth(1).map(|s| {
            let end = s.find(" (").or_else(|| s.find(';')).unwrap_or(s.len());
            s[..end].trim().to_string()
        });
        return json!({"status": "gone", "left": month(&row.notes), "successor": successor});
    }
    if route_of(&row.path) != route_of(era_path) {
        return json!({"status": "moved", "path": format!("{} {}", row.method, row.path)});
    }
    json!({"status": "current"})
}

fn totals(facts: &[Value]) -> Value {
    let distinct =
        |f: &dyn Fn(&Value) -> String| facts.iter().map(f).collect::<BTreeSet<String>>().len();
    json!({
        "operations": facts.len(),
        "endpoints": distinct(&|o| format!("{} {}", o["method"], o["path"])),
        "routes": distinct(&|o| format!("{} {}", o["method"], o["route"])),
        "bodies": facts.iter().filter(|o| o["body"] == true).count(),
        "destructive": facts.iter().filter(|o| o["destructive"] == true).count(),
    })
}

/// Dotted paths of body fields with their documentation line.
fn field_docs(schema: &Value, at: &str, out: &mut Map<String, Value>) {
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            if let Some(d) = v.get("description").and_then(Value::as_str) {
                out.entry(path.clone()).or_insert(json!(d.trim()));
            }
            field_docs(v, &path, out);
        }
    }
    if let Some(items) = schema.get("items") {
        field_docs(items, &format!("{at}[]"), out);
    }
    for v in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        field_docs(v, at, out);
    }
}

/// The route a router sees: the template with parameter names erased.
pub fn route_of(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

fn template_vars(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The documentation with each distinct text stored once (`texts`) and referenced by index:
/// the same field documentation recurs across many operations.
fn texts_once(docs: Map<String, Value>) -> Value {
    let mut texts: Vec<Value> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    fn swap(v: &mut Value, texts: &mut Vec<Value>, index: &mut BTreeMap<String, usize>) {
        match v {
            Value::String(s) => {
                let id = *index.entry(s.clone()).or_insert_with(|| {
                    texts.push(json!(s));
                    texts.len() - 1
                });
                *v = json!(id);
            }
            Value::Object(m) => m.values_mut().for_each(|c| swap(c, texts, index)),
            _ => {}
        }
    }
    let mut ops = Value::Object(docs);
    swap(&mut ops, &mut texts, &mut index);
    json!({ "texts": texts, "ops": ops })
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap() + "\n"
}
