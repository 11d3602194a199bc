//! Spot by NetApp (`https://api.spotinst.io`, `Authorization: Bearer`, `accountId` query).
//!
//! Every documented route is registered from the generated catalog and answered by one engine
//! that classifies routes by shape:
//! - a collection (`POST /aws/ec2/group` next to `…/group/{groupId}`): POST creates (the body's
//!   single-key wrapper such as `group` unwrapped, an id minted with Spot's prefix), GET lists;
//! - an item of a collection: GET reads, PUT/PATCH merge the body in, DELETE removes; an id the
//!   engine does not hold answers 404 in Spot's envelope;
//! - anything else (sub-reads such as status or costs, actions such as scale or roll): the answer
//!   is data made from the response schema's types, after the parents named in the path were
//!   found.
//!
//! Bodies are checked against their schemas (400 with `errors[{code, message, field}]`), required
//! query parameters too. Data is kept per account (`accountId`) and per parent id.

mod catalog;
mod cd;
mod group_jobs;
mod group_kinds;
mod groups;
mod nodes;
mod ocean;
mod ocean_crud;
mod org;
mod schema;
mod services;
mod spark;
mod stateful_import;
mod world;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::{Api, Ctx};
use catalog::Endpoint;

pub fn mount(router: Router, ctx: &Ctx) -> Router {
    let engine = Arc::new(Engine::new());
    world::build(&engine);
    ocean::build(&engine);
    cd::build(&engine);
    spark::build(&engine);
    group_kinds::build(&engine);
    ctx.mount(router, Api::Spot, Api::Spot.prefix(), routes(engine))
}

/// The account answers go to when a call that takes `accountId` is sent without one (Spot uses
/// the token's default account).
pub const DEFAULT_ACCOUNT: &str = "act-1a2b3c4d";

/// One router route per shape; the documented pairs that differ only in a parameter's name share it.
fn routes(engine: Arc<Engine>) -> Router {
    let mut by_route: BTreeMap<String, MethodRouter<Arc<Engine>>> = BTreeMap::new();
    let mut seen = HashSet::new();
    for (i, ep) in engine.endpoints.iter().enumerate() {
        if !seen.insert((ep.method.clone(), ep.route())) {
            continue;
        }
        let mut n = 0;
        let template: Vec<String> = ep
            .segments
            .iter()
            .map(|s| match s {
                Some(lit) => lit.clone(),
                None => {
                    n += 1;
                    format!("{{p{}}}", n - 1)
                }
            })
            .collect();
        let Ok(method) = Method::from_bytes(ep.method.as_bytes()) else {
            continue;
        };
        let Ok(filter) = MethodFilter::try_from(method) else {
            continue;
        };
        let handler = move |State(engine): State<Arc<Engine>>,
                            Path(params): Path<Vec<(String, String)>>,
                            Query(query): Query<Vec<(String, String)>>,
                            uri: OriginalUri,
                            body: Bytes| async move {
            let url = uri.0.to_string();
            let r = engine.answer(i, params, query, url.clone(), body);
            services::record(&engine, i, &url, r.status());
            r
        };
        let entry = by_route.remove(&template.join("/"));
        let method_router = match entry {
            Some(r) => r.on(filter, handler),
            None => on(filter, handler),
        };
        by_route.insert(template.join("/"), method_router);
    }
    let mut router = Router::new();
    for (path, method_router) in by_route {
        router = router.route(&path, method_router);
    }
    router.with_state(engine)
}

pub struct Engine {
    endpoints: Vec<Endpoint>,
    /// Routes (parameter names erased) of collections that have a create operation.
    collections: HashSet<String>,
    store: Mutex<Store>,
}

#[derive(Default)]
struct Store {
    /// `scope|concrete collection path` → its entities, oldest first.
    items: BTreeMap<String, Vec<Value>>,
    minted: u64,
}

/// What Spot refuses that a schema cannot say: a capacity whose minimum is above its maximum,
/// at the body's top (`capacity`) or in its single wrapper (`group.capacity`).
fn beyond_schema(body: &Value, out: &mut Vec<schema::Problem>) {
    let mut places = vec![(String::new(), body)];
    if let Some(o) = body.as_object().filter(|o| o.len() == 1) {
        places.extend(o.iter().map(|(k, v)| (format!("{k}."), v)));
    }
    for (at, v) in places {
        let c = &v["capacity"];
        if let (Some(min), Some(max)) = (c["minimum"].as_f64(), c["maximum"].as_f64()) {
            if min > max {
                out.push(schema::Problem {
                    field: format!("body:{at}capacity.minimum"),
                    message: format!("minimum ({min}) cannot be above maximum ({max})"),
                });
            }
        }
    }
}

/// What a request asks of the engine, once read.
struct Asked {
    values: Vec<String>,
    query: Vec<(String, String)>,
    url: String,
    body: Option<Value>,
}

impl Asked {
    /// The query parameter `name`, as sent.
    fn param(&self, name: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

impl Engine {
    fn new() -> Engine {
        let endpoints = catalog::load();
        let routes: HashSet<(String, String)> = endpoints
            .iter()
            .map(|e| (e.method.clone(), e.route()))
            .collect();
        let collections = endpoints
            .iter()
            .filter(|e| e.method == "POST" && e.segments.last().is_some_and(Option::is_some))
            .map(Endpoint::route)
            .filter(|r| {
                let item = format!("{r}/{{}}");
                ["GET", "PUT", "DELETE"]
                    .iter()
                    .any(|m| routes.contains(&(m.to_string(), item.clone())))
            })
            .collect();
        Engine {
            endpoints,
            collections,
            store: Mutex::new(Store::default()),
        }
    }

    fn answer(
        &self,
        index: usize,
        mut params: Vec<(String, String)>,
        query: Vec<(String, String)>,
        url: String,
        raw: Bytes,
    ) -> Response {
        let ep = &self.endpoints[index];
        params.sort_by_key(|(k, _)| k[1..].parse::<usize>().unwrap_or(0));
        let body = if raw.is_empty() {
            None
        } else {
            match serde_json::from_slice::<Value>(&raw) {
                Ok(v) => Some(v),
                Err(e) => {
                    return self.refuse(
                        ep,
                        &url,
                        400,
                        "BAD_REQUEST",
                        &format!("The body is not JSON: {e}"),
                        "body",
                    )
                }
            }
        };
        let asked = Asked {
            values: params.into_iter().map(|(_, v)| v).collect(),
            query,
            url,
            body,
        };
        if let Some(r) = self.check(ep, &asked) {
            return r;
        }
        if let Some(r) = ocean::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) = cd::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) = spark::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) = group_kinds::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) = stateful_import::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) =
            group_jobs::answer(self, ep, &asked).or_else(|| groups::act(self, ep, &asked))
        {
            return r;
        }
        if let Some(r) = nodes::answer(self, ep, &asked) {
            return r;
        }
        if let Some(r) = services::answer(self, ep, &asked) {
            return r;
        }
        org::answer(self, ep, &asked).unwrap_or_else(|| self.act(ep, &asked))
    }

    /// Required query parameters and the body against its schema.
    fn check(&self, ep: &Endpoint, asked: &Asked) -> Option<Response> {
        let problems = self.problems(ep, asked);
        if problems.is_empty() {
            return None;
        }
        let errors: Vec<Value> = problems
            .iter()
            .map(|p| json!({"code": "ValidationError", "message": p.message, "field": p.field}))
            .collect();
        Some(self.errors(ep, &asked.url, 400, errors))
    }

    fn problems(&self, ep: &Endpoint, asked: &Asked) -> Vec<schema::Problem> {
        let mut problems = Vec::new();
        // A parameter the operation does not declare (an account on an organization call) is
        // not what the document describes.
        for (k, _) in &asked.query {
            if !ep.query.iter().any(|p| p.name == *k) {
                problems.push(schema::Problem {
                    field: format!("query:{k}"),
                    message: format!("{k} is not a parameter of this operation"),
                });
            }
        }
        for p in &ep.query {
            let value = asked
                .query
                .iter()
                .find(|(k, _)| *k == p.name)
                .map(|(_, v)| v);
            match value {
                None if p.required => problems.push(schema::Problem {
                    field: format!("query:{}", p.name),
                    message: format!("{} is required", p.name),
                }),
                Some(v) if v.is_empty() => problems.push(schema::Problem {
                    field: format!("query:{}", p.name),
                    message: format!("{} must not be empty", p.name),
                }),
                Some(v) => {
                    let typed = match p.schema["type"].as_str() {
                        Some("integer") => v.parse::<i64>().map(Value::from).unwrap_or(json!(v)),
                        Some("number") => v.parse::<f64>().map(Value::from).unwrap_or(json!(v)),
                        Some("boolean") => v.parse::<bool>().map(Value::from).unwrap_or(json!(v)),
                        _ => json!(v),
                    };
                    let mut s = p.schema.clone();
                    if let Some(m) = s.as_object_mut() {
                        m.remove("required");
                    }
                    schema::validate(&s, &typed, &format!("query:{}", p.name), &mut problems);
                }
                None => {}
            }
        }
        // A browser cannot send a body with GET: those two operations are answered without one.
        if let (Some(s), true) = (&ep.body, ep.method != "GET") {
            match &asked.body {
                Some(b) => {
                    schema::validate(s, b, "body:", &mut problems);
                    beyond_schema(b, &mut problems);
                }
                None if ep.body_required => problems.push(schema::Problem {
                    field: "body".into(),
                    message: "A request body is required".into(),
                }),
                None => {}
            }
        }
        problems
    }

    /// Creates an entity as a request would, schema checks included: the demo world's builder.
    fn seed(&self, method: &str, path: &str, account: Option<&str>, body: Value) -> Value {
        let Some((index, values)) = self.find(method, path) else {
            panic!("no Spot route {method} {path}");
        };
        let ep = &self.endpoints[index];
        let asked = Asked {
            values,
            query: account
                .filter(|_| ep.scoped())
                .map(|a| vec![("accountId".to_string(), a.to_string())])
                .unwrap_or_default(),
            url: path.into(),
            body: Some(body),
        };
        let problems = self.problems(ep, &asked);
        if let Some(p) = problems.first() {
            panic!(
                "demo data for {method} {path} refused: {} ({})",
                p.message, p.field
            );
        }
        let scope = self.scope(ep, &asked);
        let key = self.key(ep, &asked, &scope, ep.segments.len());
        let mut store = self.store.lock().unwrap();
        self.create(&mut store, ep, &key, asked.body.as_ref())
    }

    /// The endpoint a concrete path is for (literal segments win over parameters), and the
    /// path's parameter values.
    fn find(&self, method: &str, path: &str) -> Option<(usize, Vec<String>)> {
        let parts: Vec<&str> = path.split('/').collect();
        self.endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| e.method == method && e.segments.len() == parts.len())
            .filter(|(_, e)| {
                e.segments
                    .iter()
                    .zip(&parts)
                    .all(|(s, p)| s.as_deref().is_none_or(|lit| lit == *p))
            })
            .max_by_key(|(_, e)| e.segments.iter().filter(|s| s.is_some()).count())
            .map(|(i, e)| {
                let values = e
                    .segments
                    .iter()
                    .zip(&parts)
                    .filter(|(s, _)| s.is_none())
                    .map(|(_, p)| p.to_string())
                    .collect();
                (i, values)
            })
    }

    fn act(&self, ep: &Endpoint, asked: &Asked) -> Response {
        let scope = self.scope(ep, asked);
        let mut store = self.store.lock().unwrap();
        // Parents named in the path must exist (every id before the last).
        let ids = ep.segments.iter().filter(|s| s.is_none()).count();
        let mut seen = 0;
        for (i, seg) in ep.segments.iter().enumerate() {
            if seg.is_some() {
                continue;
            }
            seen += 1;
            let last = seen == ids && i + 1 == ep.segments.len();
            if last {
                break;
            }
            if let Some(missing) = self.missing(&store, ep, asked, &scope, i) {
                return missing;
            }
        }
        let last_is_id = ep.segments.last().is_some_and(Option::is_none);
        let route = ep.route();
        if last_is_id {
            let collection = route.rsplit_once('/').map(|(c, _)| c).unwrap_or("");
            if self.collections.contains(collection) {
                let key = self.key(ep, asked, &scope, ep.segments.len() - 1);
                let id = asked.values.last().cloned().unwrap_or_default();
                let Some(pos) = store
                    .items
                    .get(&key)
                    .and_then(|v| v.iter().position(|e| holds_id(e, &id)))
                else {
                    drop(store);
                    return self.not_found(ep, &asked.url, &id);
                };
                let list = store.items.get_mut(&key).unwrap();
                return match ep.method.as_str() {
                    "GET" => self.items(ep, &asked.url, vec![list[pos].clone()]),
                    "PUT" | "PATCH" => {
                        if let Some(Value::Object(changes)) = asked.body.as_ref().map(unwrap) {
                            if let Value::Object(entity) = &mut list[pos] {
                                merge(entity, changes);
                                entity.insert("updatedAt".into(), json!(now()));
                            }
                        }
                        self.items(ep, &asked.url, vec![list[pos].clone()])
                    }
                    "DELETE" => {
                        list.remove(pos);
                        self.items(ep, &asked.url, Vec::new())
                    }
                    _ => self.generated(ep, asked),
                };
            }
        } else if self.collections.contains(&route) {
            let key = self.key(ep, asked, &scope, ep.segments.len());
            match ep.method.as_str() {
                "GET" => {
                    // Query parameters that name a field of the entities filter them (`oceanId`).
                    let list = store
                        .items
                        .get(&key)
                        .into_iter()
                        .flatten()
                        .filter(|e| {
                            asked.query.iter().all(|(k, v)| {
                                k == "accountId"
                                    || e.get(k).and_then(Value::as_str).is_none_or(|x| x == v)
                            })
                        })
                        .cloned()
                        .collect();
                    return self.items(ep, &asked.url, list);
                }
                "POST" => {
                    let entity = self.create(&mut store, ep, &key, asked.body.as_ref());
                    return self.items(ep, &asked.url, vec![entity]);
                }
                _ => {}
            }
        }
        drop(store);
        self.generated(ep, asked)
    }

    /// A 404 when the id at segment `at` names nothing in its collection (only for collections
    /// the engine keeps).
    fn missing(
        &self,
        store: &Store,
        ep: &Endpoint,
        asked: &Asked,
        scope: &str,
        at: usize,
    ) -> Option<Response> {
        let collection = route_of(&ep.segments[..at]);
        if !self.collections.contains(&collection) {
            return None;
        }
        let key = self.key(ep, asked, scope, at);
        let index = ep.segments[..=at].iter().filter(|s| s.is_none()).count() - 1;
        let id = asked.values.get(index)?;
        let found = store
            .items
            .get(&key)
            .is_some_and(|v| v.iter().any(|e| holds_id(e, id)));
        (!found).then(|| self.not_found(ep, &asked.url, id))
    }

    fn create(&self, store: &mut Store, ep: &Endpoint, key: &str, body: Option<&Value>) -> Value {
        let mut entity = match body.map(unwrap) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        store.minted += 1;
        let (field, param) = id_field(ep, &self.endpoints);
        let unnamed = entity
            .get(&field)
            .is_none_or(|v| v.as_str().is_none_or(str::is_empty));
        if unnamed {
            let word =
                param.unwrap_or_else(|| ep.segments.last().cloned().flatten().unwrap_or_default());
            let id = format!(
                "{}{:08x}",
                schema::prefix_for(&word),
                0x5a17_0000 + store.minted
            );
            entity.insert(field.clone(), json!(id));
        }
        if field != "id" && !entity.contains_key("id") && field != "name" {
            entity.insert("id".into(), entity[&field].clone());
        }
        let t = now();
        entity.entry("createdAt").or_insert(json!(t));
        entity.entry("updatedAt").or_insert(json!(t));
        let entity = Value::Object(entity);
        store
            .items
            .entry(key.to_string())
            .or_default()
            .push(entity.clone());
        entity
    }

    /// Which account the data belongs to: `accountId` where the operation takes it.
    fn scope(&self, ep: &Endpoint, asked: &Asked) -> String {
        // Spot answers a call without `accountId` in the token's default account; the document
        // also spells the parameter `ACCOUNT_ID` on a few operations of one collection, whose
        // other operations take `accountId`, so organization-level calls share that scope.
        if !ep.scoped() {
            return DEFAULT_ACCOUNT.into();
        }
        asked
            .query
            .iter()
            .find(|(k, _)| k == "accountId")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| DEFAULT_ACCOUNT.into())
    }

    /// The store key of the collection formed by the first `len` segments, ids filled in.
    fn key(&self, ep: &Endpoint, asked: &Asked, scope: &str, len: usize) -> String {
        let mut values = asked.values.iter();
        let concrete: Vec<&str> = ep.segments[..len]
            .iter()
            .map(|s| match s {
                Some(lit) => lit.as_str(),
                None => values.next().map(String::as_str).unwrap_or(""),
            })
            .collect();
        format!("{scope}|{}", concrete.join("/"))
    }

    /// An answer of data made from the response schema.
    fn generated(&self, ep: &Endpoint, asked: &Asked) -> Response {
        let seed = asked.url.bytes().fold(1469598103934665603u64, |h, b| {
            (h ^ b as u64).wrapping_mul(1099511628211)
        });
        match ep.shape.as_str() {
            "envelope" => {
                let item_schema =
                    &ep.schema["properties"]["response"]["properties"]["items"]["items"];
                let mut items: Vec<Value> = (0..2)
                    .map(|i| schema::sample(item_schema, "", seed + i, 1))
                    .collect();
                // An item read by its id says that id.
                if let (Some(id), true) = (
                    asked.values.last(),
                    ep.segments.last().is_some_and(Option::is_none),
                ) {
                    items.truncate(1);
                    if let Some(Value::Object(m)) = items.first_mut() {
                        if m.contains_key("id") {
                            m.insert("id".into(), json!(id));
                        }
                    }
                }
                self.items(ep, &asked.url, items)
            }
            "text" | "csv" => {
                let text = if ep.shape == "csv" {
                    "date,resource,cost\n2021-11-01,demo-alpha,12.50\n2021-11-02,demo-alpha,11.75\n"
                        .to_string()
                } else {
                    format!(
                        "{} INFO emulated log line 1\n{} INFO emulated log line 2\n",
                        now(),
                        now()
                    )
                };
                (
                    StatusCode::from_u16(ep.status).unwrap_or(StatusCode::OK),
                    text,
                )
                    .into_response()
            }
            "json" | "items" => {
                let v = schema::sample(&ep.schema, "", seed, 0);
                (
                    StatusCode::from_u16(ep.status).unwrap_or(StatusCode::OK),
                    Json(v),
                )
                    .into_response()
            }
            "status" => self.items(ep, &asked.url, Vec::new()),
            _ => StatusCode::from_u16(ep.status)
                .unwrap_or(StatusCode::OK)
                .into_response(),
        }
    }

    /// Spot's envelope: the request echoed, the status, and for envelope answers kind, items, count.
    fn items(&self, ep: &Endpoint, url: &str, items: Vec<Value>) -> Response {
        let status = StatusCode::from_u16(ep.status).unwrap_or(StatusCode::OK);
        let mut response = json!({
            "status": { "code": status.as_u16(), "message": status.canonical_reason().unwrap_or("OK") },
        });
        if ep.shape == "envelope" {
            response["kind"] = json!(ep
                .kind
                .clone()
                .unwrap_or_else(|| "spotinst:emulated".into()));
            response["count"] = json!(items.len());
            response["items"] = Value::Array(items);
        }
        (
            status,
            Json(json!({ "request": request(ep, url), "response": response })),
        )
            .into_response()
    }

    fn not_found(&self, ep: &Endpoint, url: &str, id: &str) -> Response {
        let errors = vec![json!({
            "code": "RESOURCE_DOES_NOT_EXIST",
            "message": format!("{id} does not exist"),
        })];
        self.errors(ep, url, 404, errors)
    }

    fn refuse(
        &self,
        ep: &Endpoint,
        url: &str,
        status: u16,
        code: &str,
        message: &str,
        field: &str,
    ) -> Response {
        self.errors(
            ep,
            url,
            status,
            vec![json!({"code": code, "message": message, "field": field})],
        )
    }

    fn errors(&self, ep: &Endpoint, url: &str, status: u16, errors: Vec<Value>) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = json!({
            "request": request(ep, url),
            "response": {
                "status": { "code": status.as_u16(), "message": status.canonical_reason().unwrap_or("") },
                "errors": errors,
            },
        });
        (status, Json(body)).into_response()
    }
}

fn request(ep: &Endpoint, url: &str) -> Value {
    json!({
        "id": format!("{:08x}-0000-4000-8000-{:012x}", url.len(), ep.path.len()),
        "url": url,
        "method": ep.method,
        "timestamp": now(),
    })
}

/// The body without its single-key wrapper (`{"group": {…}}` → `{…}`).
fn unwrap(body: &Value) -> Value {
    match body.as_object() {
        Some(m) if m.len() == 1 && m.values().all(Value::is_object) => {
            m.values().next().cloned().unwrap_or_default()
        }
        _ => body.clone(),
    }
}

/// Deep merge of an update into an entity; the id is never changed.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (k, v) in from {
        if k == "id" {
            continue;
        }
        match (into.get_mut(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

fn holds_id(entity: &Value, id: &str) -> bool {
    ["id", "accountId", "userId", "name"]
        .iter()
        .any(|k| entity.get(*k).and_then(Value::as_str) == Some(id))
}

/// The field that names a collection's entities — `name` where its item routes take a name,
/// the item route's own parameter (`accountId`) where the answers carry it, else `id` — and
/// that parameter's name (it picks the id's prefix: `oceanClusterId` → `o-`).
fn id_field(create: &Endpoint, all: &[Endpoint]) -> (String, Option<String>) {
    let route = format!("{}/{{}}", create.route());
    let param = all
        .iter()
        .filter(|e| e.route() == route)
        .find_map(|e| e.path.rsplit('/').next())
        .and_then(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(str::to_string);
    let Some(name) = param.clone() else {
        return ("id".into(), None);
    };
    if name.ends_with("Name") {
        return ("name".into(), param);
    }
    let items =
        &create.schema["properties"]["response"]["properties"]["items"]["items"]["properties"];
    if name != "id" && items.get(&name).is_some() {
        return (name, param);
    }
    ("id".into(), param)
}

fn route_of(segments: &[Option<String>]) -> String {
    segments
        .iter()
        .map(|s| s.as_deref().unwrap_or("{}"))
        .collect::<Vec<_>>()
        .join("/")
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
