//! Spot's operations as data: the catalog `tools/spot-catalog` generates from Spot's OpenAPI of
//! 2021-11 (`data/spot/catalog.json`), read leniently into plain values. Body schemas stay JSON
//! values; subtrees the generator stored once are `{"$d": n}` and [`Catalog::schema`] follows them.

use serde_json::Value;

use crate::api::Method;

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Path,
    Query,
}

/// A path or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub place: Place,
    /// `string`, `integer`, `number`, `boolean` or `array`.
    pub kind: String,
    pub required: bool,
    pub choices: Vec<String>,
    pub format: Option<String>,
    pub default: Option<Value>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// Whether the operation is still in today's Spot API.
#[derive(Clone, Debug, PartialEq)]
pub enum Now {
    Current,
    /// Still there, at another path.
    Moved {
        path: String,
    },
    /// Removed (the month it left, when known) with its closest successor, if any.
    Gone {
        left: Option<String>,
        successor: Option<String>,
    },
}

/// What the answer looks like: `envelope`, `status`, `items`, `json`, `text`, `csv` or `none`.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub shape: String,
    pub kind: Option<String>,
    /// The scalar fields of the answer's items, for a table's first columns.
    pub columns: Vec<String>,
}

/// How an operation uses the account context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountUse {
    Required,
    Optional,
    /// Organization-level: the same whatever account is chosen.
    Independent,
}

/// One documented operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// `section/title` in lower case, the explorer's address.
    pub slug: String,
    pub section: usize,
    pub title: String,
    pub method: Method,
    /// The document's template, e.g. `/aws/ec2/group/{groupId}`.
    pub path: String,
    pub params: Vec<Param>,
    pub body: Option<Value>,
    pub body_required: bool,
    pub destructive: bool,
    pub now: Now,
    pub response: Summary,
}

impl Op {
    pub fn account(&self) -> AccountUse {
        match self
            .params
            .iter()
            .find(|p| p.place == Place::Query && p.name == "accountId")
        {
            Some(p) if p.required => AccountUse::Required,
            Some(_) => AccountUse::Optional,
            None => AccountUse::Independent,
        }
    }

    /// The document gives this GET a body, which a browser cannot send.
    pub fn body_on_get(&self) -> bool {
        self.method == Method::Get && self.body.is_some()
    }
}

/// The whole catalog.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Catalog {
    pub sections: Vec<String>,
    defs: Vec<Value>,
    pub ops: Vec<Op>,
}

impl Catalog {
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let mut v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        let text = |v: &Value| v.as_str().map(str::to_string);
        let mut ops = Vec::new();
        // Taken out of the parsed value, not copied: the form opens as soon as this is done.
        let listed = match v["ops"].take() {
            Value::Array(a) => a,
            _ => Vec::new(),
        };
        for mut o in listed {
            let Some(method) = method(o["method"].as_str().unwrap_or_default()) else {
                continue;
            };
            let params = o["params"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| Param {
                    name: text(&p["name"]).unwrap_or_default(),
                    place: if p["in"] == "path" {
                        Place::Path
                    } else {
                        Place::Query
                    },
                    kind: text(&p["type"]).unwrap_or_else(|| "string".into()),
                    required: p["required"] == true,
                    choices: p["enum"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| {
                            c.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| c.to_string())
                        })
                        .collect(),
                    format: text(&p["format"]),
                    default: p.get("default").cloned(),
                    minimum: p["minimum"].as_f64(),
                    maximum: p["maximum"].as_f64(),
                })
                .collect();
            let now = match o["now"]["status"].as_str() {
                Some("moved") => Now::Moved {
                    path: text(&o["now"]["path"]).unwrap_or_default(),
                },
                Some("gone") => Now::Gone {
                    left: text(&o["now"]["left"]),
                    successor: text(&o["now"]["successor"]),
                },
                _ => Now::Current,
            };
            ops.push(Op {
                slug: text(&o["slug"]).unwrap_or_default(),
                section: o["section"].as_u64().unwrap_or(0) as usize,
                title: text(&o["title"]).unwrap_or_default(),
                method,
                path: text(&o["path"]).unwrap_or_default(),
                params,
                body: o.get_mut("body").map(Value::take),
                body_required: o["bodyRequired"] == true,
                destructive: o["destructive"] == true,
                now,
                response: Summary {
                    shape: text(&o["response"]["shape"]).unwrap_or_else(|| "json".into()),
                    kind: text(&o["response"]["kind"]),
                    columns: strings(&o["response"]["columns"]),
                },
            });
        }
        if ops.is_empty() {
            return Err("the catalog lists no operations".into());
        }
        Ok(Catalog {
            sections: strings(&v["sections"]),
            defs: match v["defs"].take() {
                Value::Array(a) => a,
                _ => Vec::new(),
            },
            ops,
        })
    }

    pub fn op(&self, slug: &str) -> Option<&Op> {
        self.ops.iter().find(|o| o.slug == slug)
    }

    /// The list operation that offers values for `op`'s path parameter `param`: the GET of the
    /// collection the parameter names (`/aws/ec2/group/{groupId}/…` → `GET /aws/ec2/group`),
    /// when the catalog has one that needs nothing but the parameters before it and the account.
    pub fn list_for(&self, op: &Op, param: &str) -> Option<&Op> {
        let marker = format!("/{{{param}}}");
        let collection = &op.path[..op.path.find(&marker)?];
        let shape = |p: &str| {
            p.split('/')
                .map(|s| if s.starts_with('{') { "{}" } else { s })
                .collect::<Vec<_>>()
                .join("/")
        };
        let wanted = shape(collection);
        self.ops.iter().find(|o| {
            o.method == Method::Get
                && shape(&o.path) == wanted
                && !o
                    .params
                    .iter()
                    .any(|p| p.place == Place::Query && p.required && p.name != "accountId")
        })
    }

    /// The schema at `v`, following a shared-subtree reference.
    pub fn schema<'a>(&'a self, v: &'a Value) -> &'a Value {
        let mut cur = v;
        for _ in 0..8 {
            match cur.get("$d").and_then(Value::as_u64) {
                Some(i) => match self.defs.get(i as usize) {
                    Some(d) => cur = d,
                    None => return &Value::Null,
                },
                None => break,
            }
        }
        cur
    }
}

fn method(m: &str) -> Option<Method> {
    Some(match m {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

/// The documentation lines of one operation, from `data/spot/descriptions.json` (each distinct
/// text stored once in `texts`, referenced by index).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpDocs {
    pub summary: Option<String>,
    /// (parameter, its line)
    pub params: Vec<(String, String)>,
    /// (body field path, its line)
    pub fields: Vec<(String, String)>,
}

/// Reads the documentation of `slug` out of the documentation file's text.
pub fn op_docs(docs: &Value, slug: &str) -> OpDocs {
    let text = |v: &Value| {
        v.as_u64()
            .and_then(|i| docs["texts"].get(i as usize))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let pairs = |v: &Value| -> Vec<(String, String)> {
        v.as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, i)| Some((k.clone(), text(i)?)))
            .collect()
    };
    let op = &docs["ops"][slug];
    OpDocs {
        summary: text(&op["op"]),
        params: pairs(&op["params"]),
        fields: pairs(&op["fields"]),
    }
}
