//! Spot's endpoints as the generated catalog describes them (`data/spot/emulator.json`, written
//! by `tools/spot-catalog` from Spot's OpenAPI of 2021-11), with shared subtrees expanded.

use serde_json::Value;

const CATALOG: &str = include_str!("../../../../data/spot/emulator.json");

/// A query parameter the endpoint declares.
pub struct Param {
    pub name: String,
    pub required: bool,
    pub schema: Value,
}

/// One documented endpoint.
pub struct Endpoint {
    pub method: String,
    /// The document's template, e.g. `/aws/ec2/group/{groupId}`.
    pub path: String,
    /// The template's segments (`None` where a parameter stands).
    pub segments: Vec<Option<String>>,
    pub query: Vec<Param>,
    pub body: Option<Value>,
    pub body_required: bool,
    pub status: u16,
    /// `envelope`, `status`, `items`, `json`, `text`, `csv` or `none`.
    pub shape: String,
    pub kind: Option<String>,
    /// The answer's schema (examples kept as hints).
    pub schema: Value,
}

impl Endpoint {
    /// Whether the endpoint takes Spot's `accountId` (scopes its data to one account).
    pub fn scoped(&self) -> bool {
        self.query.iter().any(|p| p.name == "accountId")
    }

    /// The template with parameter names erased: what a router tells apart.
    pub fn route(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.as_deref().unwrap_or("{}"))
            .collect::<Vec<_>>()
            .join("/")
    }
}

pub fn load() -> Vec<Endpoint> {
    let raw: Value = serde_json::from_str(CATALOG).expect("the generated Spot catalog is JSON");
    let defs = raw["defs"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for e in raw["endpoints"].as_array().into_iter().flatten() {
        let path = e["path"].as_str().unwrap_or_default().to_string();
        let segments = path
            .split('/')
            .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
            .collect();
        let query = e["params"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .map(|p| Param {
                name: p["name"].as_str().unwrap_or_default().to_string(),
                required: p["required"] == true,
                schema: p.clone(),
            })
            .collect();
        let response = &e["response"];
        out.push(Endpoint {
            method: e["method"].as_str().unwrap_or_default().to_string(),
            path,
            segments,
            query,
            body: e.get("body").map(|b| expand(b, &defs)),
            body_required: e["bodyRequired"] == true,
            status: response["status"].as_u64().unwrap_or(200) as u16,
            shape: response["shape"].as_str().unwrap_or("none").to_string(),
            kind: response["kind"].as_str().map(str::to_string),
            schema: expand(&response["schema"], &defs),
        });
    }
    out
}

/// Replaces every `{"$d": n}` with the shared subtree it names.
fn expand(v: &Value, defs: &[Value]) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(i) = m.get("$d").and_then(Value::as_u64) {
                return defs
                    .get(i as usize)
                    .map(|d| expand(d, defs))
                    .unwrap_or(Value::Null);
            }
            Value::Object(
                m.iter()
                    .map(|(k, c)| (k.clone(), expand(c, defs)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(|c| expand(c, defs)).collect()),
        other => other.clone(),
    }
}
