//! Ocean beyond the generic engine: an ECS, a GKE and an AKS cluster beside the EKS ones (each
//! with node groups), nodes per cluster made from its node groups (launching nodes in a group
//! adds to them), controller heartbeats (the staging cluster's controller stopped reporting),
//! and rolls that move batch by batch over a few seconds, one at a time per cluster, refused in
//! Spot's words while one runs.

use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::world::{with_minimal, STAGING};
use super::{now, request, Asked, Engine, Store, DEFAULT_ACCOUNT};

/// Each provider's cluster collection and node group collection.
const PROVIDERS: [(&str, &str); 4] = [
    ("/ocean/aws/k8s/cluster", "/ocean/aws/k8s/launchSpec"),
    ("/ocean/aws/ecs/cluster", "/ocean/aws/ecs/launchSpec"),
    ("/ocean/gcp/k8s/cluster", "/ocean/gcp/k8s/launchSpec"),
    (
        "/ocean/azure/k8s/cluster",
        "/ocean/azure/k8s/virtualNodeGroup",
    ),
];

/// How long one batch of a roll takes, in milliseconds.
const BATCH_MS: i64 = 1500;

/// The clusters of the providers the demo world has none of yet, with node groups.
pub fn build(engine: &Engine) {
    let extra = [
        (
            1,
            json!({"cluster": {"name": "orders-ecs", "clusterName": "orders-ecs", "region": "us-west-2"}}),
            "web",
        ),
        (
            3,
            json!({"cluster": {"name": "payments-aks", "controllerClusterId": "payments-aks",
                               "aks": {"name": "payments-aks", "resourceGroupName": "rg-payments"}}}),
            "system",
        ),
    ];
    for (provider, body, vng) in extra {
        let (clusters, groups) = PROVIDERS[provider];
        let body = with_minimal(engine, clusters, body);
        let cluster = engine.seed("POST", clusters, Some(DEFAULT_ACCOUNT), body);
        seed_group(engine, groups, &cluster, vng);
    }
    // The GKE cluster the world made has no node group yet.
    let gke = {
        let store = engine.store.lock().unwrap();
        store
            .items
            .get(&format!("{DEFAULT_ACCOUNT}|{}", PROVIDERS[2].0))
            .and_then(|v| v.first().cloned())
    };
    if let Some(gke) = gke {
        seed_group(engine, PROVIDERS[2].1, &gke, "default-pool");
    }
    super::ocean_crud::build(engine);
}

fn seed_group(engine: &Engine, groups: &str, cluster: &Value, name: &str) {
    let wrapper = if groups.ends_with("virtualNodeGroup") {
        "virtualNodeGroup"
    } else {
        "launchSpec"
    };
    let body = json!({ wrapper: {"oceanId": cluster["id"], "name": name} });
    let body = with_minimal(engine, groups, body);
    engine.seed("POST", groups, Some(DEFAULT_ACCOUNT), body);
}

/// Ocean's answer where it is more than the engine's, else `None`.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let path = ep.path.as_str();
    if !path.starts_with("/ocean/") && !path.starts_with("/mcs/kubernetes/cluster/") {
        return None;
    }
    if let Some(r) = super::ocean_crud::answer(engine, ep, asked) {
        return Some(r);
    }
    let scope = engine.scope(ep, asked);
    let first = asked.values.first()?.clone();
    let mut store = engine.store.lock().unwrap();
    if path.ends_with("/costs") {
        cluster(&store, &scope, &first)?;
        drop(store);
        let (from, to) = range(asked)?;
        let daily =
            query(asked, "aggregationPeriod").is_some_and(|p| p.eq_ignore_ascii_case("daily"));
        return Some(engine.items(ep, &asked.url, costs(&first, from, to, daily)));
    }
    match ep.method.as_str() {
        _ if path.ends_with("/rightSizing/suggestion") => {
            cluster(&store, &scope, &first)?;
            drop(store);
            let namespace = asked
                .query
                .iter()
                .find(|(k, _)| k == "namespace")
                .map(|(_, v)| v.as_str());
            let ecs = path.contains("/ecs/");
            Some(engine.items(ep, &asked.url, suggestions(ecs, namespace)))
        }
        "GET" if path.starts_with("/ocean/") && path.ends_with("/log") => {
            cluster(&store, &scope, &first)?;
            drop(store);
            let (from, to) = range(asked)?;
            let severity = query(asked, "SEVERITY").filter(|s| *s != "ALL");
            Some(engine.items(ep, &asked.url, log(from, to, severity)))
        }
        "GET" if path.ends_with("/nodes") || path.ends_with("/containerInstances") => {
            let (provider, _) = cluster(&store, &scope, &first)?;
            let nodes = nodes(&mut store, &scope, provider, &first).clone();
            drop(store);
            Some(engine.items(ep, &asked.url, nodes))
        }
        "GET" if path.ends_with("/controllerHeartbeat") => {
            cluster(&store, &scope, &first)?;
            drop(store);
            Some(engine.items(ep, &asked.url, vec![heartbeat(&scope)]))
        }
        "PUT"
            if path.ends_with("/launchNodes")
                || path.ends_with("/launchVms")
                || path.ends_with("/launchContainerInstances") =>
        {
            let amount = asked.body.as_ref()?["launchRequest"]["amount"]
                .as_u64()
                .unwrap_or(1)
                .min(20);
            let (provider, group) = group(&store, &scope, &first)?;
            let ocean = group["oceanId"].as_str()?.to_string();
            nodes(&mut store, &scope, provider, &ocean);
            let made: Vec<Value> = (0..amount)
                .map(|_| node(&mut store, provider, &group))
                .collect();
            store
                .items
                .get_mut(&nodes_key(&scope, &ocean))?
                .extend(made.iter().cloned());
            drop(store);
            Some(engine.items(ep, &asked.url, made))
        }
        "POST" if path.ends_with("/roll") => {
            cluster(&store, &scope, &first)?;
            let key = format!("{scope}|{}", asked_path(asked));
            let running = store
                .items
                .get_mut(&key)
                .into_iter()
                .flatten()
                .any(|r| advance(r) == "IN_PROGRESS");
            if running {
                drop(store);
                return Some(engine.refuse(
                    ep,
                    &asked.url,
                    400,
                    "CANT_ROLL_CLUSTER",
                    "Can't have 2 Rolls at the same time. Please stop the previous one.",
                    "body:roll",
                ));
            }
            let mut roll = engine.create(&mut store, ep, &key, asked.body.as_ref());
            roll["oceanId"] = json!(first);
            roll["status"] = json!("IN_PROGRESS");
            advance(&mut roll);
            if let Some(kept) = store.items.get_mut(&key).and_then(|l| l.last_mut()) {
                *kept = roll.clone();
            }
            drop(store);
            Some(envelope(ep, &asked.url, vec![roll]))
        }
        "GET" if path.contains("/roll") => {
            let (provider, _) = cluster(&store, &scope, &first)?;
            let key = format!(
                "{scope}|{}/roll",
                asked_path(asked).split("/roll").next().unwrap_or_default()
            );
            let mut finished = Vec::new();
            for r in store.items.get_mut(&key).into_iter().flatten() {
                let before = r["status"].as_str().unwrap_or("IN_PROGRESS").to_string();
                if advance(r) == "COMPLETED" && before == "IN_PROGRESS" {
                    finished.push(r.clone());
                }
            }
            for roll in &finished {
                replace_nodes(&mut store, &scope, provider, &first, roll);
            }
            let rolls = store.items.get(&key).cloned().unwrap_or_default();
            drop(store);
            // One roll by its id, else the cluster's rolls, newest first.
            let shown = match asked.values.get(1) {
                Some(id) => {
                    let one: Vec<Value> = rolls
                        .into_iter()
                        .filter(|r| r["id"].as_str() == Some(id))
                        .collect();
                    if one.is_empty() {
                        return Some(engine.not_found(ep, &asked.url, id));
                    }
                    one
                }
                None => rolls.into_iter().rev().collect(),
            };
            Some(envelope(ep, &asked.url, shown))
        }
        _ => None,
    }
}

/// A finished roll replaced the nodes it covered (its node groups, its instances, else all).
fn replace_nodes(store: &mut Store, scope: &str, provider: usize, cluster: &str, roll: &Value) {
    let strings = |k: &str| -> Vec<String> {
        roll[k]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let mut groups = strings("launchSpecIds");
    groups.extend(strings("virtualNodeGroupIds"));
    let named: Vec<String> = ["instanceIds", "instanceNames", "vmNames"]
        .iter()
        .flat_map(|k| strings(k))
        .collect();
    let old = nodes(store, scope, provider, cluster).clone();
    let mut kept = Vec::new();
    for n in old {
        let in_group = group_id(&n).is_some_and(|g| groups.iter().any(|x| x == g));
        let by_name = ["instanceId", "instanceName", "vmName"]
            .iter()
            .any(|k| n[*k].as_str().is_some_and(|v| named.iter().any(|x| x == v)));
        let covered = (groups.is_empty() && named.is_empty()) || in_group || by_name;
        let fresh = if covered {
            group_id(&n)
                .and_then(|g| group(store, scope, g))
                .map(|(_, g)| node(store, provider, &g))
        } else {
            None
        };
        kept.push(fresh.unwrap_or(n));
    }
    store.items.insert(nodes_key(scope, cluster), kept);
}

/// Spot's envelope with items, whatever shape the document gives the answer (its roll answers
/// are documented without them; Spot sends them).
fn envelope(ep: &Endpoint, url: &str, items: Vec<Value>) -> Response {
    let body = json!({
        "request": request(ep, url),
        "response": {
            "status": {"code": 200, "message": "OK"},
            "kind": "spotinst:ocean:cluster:roll",
            "count": items.len(),
            "items": items,
        },
    });
    axum::Json(body).into_response()
}

/// The request's path without its query.
fn asked_path(asked: &Asked) -> &str {
    let url = asked.url.split('?').next().unwrap_or_default();
    url.strip_prefix("/api/spot").unwrap_or(url)
}

/// Which provider (index in [`PROVIDERS`]) holds cluster `id`, and the cluster.
fn cluster(store: &Store, scope: &str, id: &str) -> Option<(usize, Value)> {
    PROVIDERS.iter().enumerate().find_map(|(i, (c, _))| {
        let found = store
            .items
            .get(&format!("{scope}|{c}"))?
            .iter()
            .find(|e| e["id"].as_str() == Some(id))?;
        Some((i, found.clone()))
    })
}

/// Which provider holds node group `id`, and the group.
fn group(store: &Store, scope: &str, id: &str) -> Option<(usize, Value)> {
    PROVIDERS.iter().enumerate().find_map(|(i, (_, g))| {
        let found = store
            .items
            .get(&format!("{scope}|{g}"))?
            .iter()
            .find(|e| e["id"].as_str() == Some(id))?;
        Some((i, found.clone()))
    })
}

fn group_id(node: &Value) -> Option<&str> {
    node["launchSpecId"]
        .as_str()
        .or_else(|| node["virtualNodeGroupId"].as_str())
}

fn nodes_key(scope: &str, cluster: &str) -> String {
    format!("{scope}|ocean-nodes/{cluster}")
}

/// The cluster's nodes: two per node group when first asked.
fn nodes<'a>(store: &'a mut Store, scope: &str, provider: usize, cluster: &str) -> &'a Vec<Value> {
    let key = nodes_key(scope, cluster);
    if !store.items.contains_key(&key) {
        let groups: Vec<Value> = store
            .items
            .get(&format!("{scope}|{}", PROVIDERS[provider].1))
            .into_iter()
            .flatten()
            .filter(|g| g["oceanId"].as_str() == Some(cluster))
            .cloned()
            .collect();
        let made: Vec<Value> = groups
            .iter()
            .flat_map(|g| [g, g])
            .map(|g| node(store, provider, g))
            .collect();
        store.items.insert(key.clone(), made);
    }
    &store.items[&key]
}

/// A new node of `group`, in the provider's own field names.
fn node(store: &mut Store, provider: usize, group: &Value) -> Value {
    store.minted += 1;
    let n = store.minted;
    let spot = if n.is_multiple_of(3) { "OD" } else { "Spot" };
    let (group_id, group_name) = (group["id"].clone(), group["name"].clone());
    let pick = |from: &[&'static str]| from[n as usize % from.len()];
    match provider {
        3 => json!({
            "vmName": format!("vm-{:06x}", 0x5a1700 + n), "nodeName": format!("aks-node-{n}"),
            "vmSize": pick(&["standard_d2s_v3", "standard_d4s_v3"]), "lifeCycle": spot,
            "availabilityZone": format!("eastus2-{}", 1 + n % 3),
            "virtualNodeGroupId": group_id, "virtualNodeGroupName": group_name,
            "createdAt": now(),
        }),
        2 => json!({
            "instanceName": format!("gke-node-{:06x}", 0x5a1700 + n), "nodeName": format!("gke-node-{n}"),
            "instanceType": pick(&["n2-standard-2", "e2-standard-4"]), "lifeCycle": spot,
            "availabilityZone": format!("us-central1-{}", pick(&["a", "b", "c"])),
            "launchSpecId": group_id, "launchSpecName": group_name, "createdAt": now(),
        }),
        1 => json!({
            "instanceId": format!("i-{:017x}", 0x5a17_0000 + n), "containerInstanceId": format!("ci-{n:08x}"),
            "instanceType": pick(&["m5.large", "c5.xlarge"]), "lifeCycle": spot,
            "availabilityZone": format!("us-west-2{}", pick(&["a", "b", "c"])),
            "launchSpecId": group_id, "launchSpecName": group_name, "createdAt": now(),
        }),
        _ => json!({
            "instanceId": format!("i-{:017x}", 0x5a17_0000 + n), "nodeName": format!("ip-10-0-{}-{}.ec2.internal", n % 4, n),
            "instanceType": pick(&["m5.large", "c5.xlarge", "r5.large"]), "lifeCycle": spot,
            "availabilityZone": format!("us-east-1{}", pick(&["a", "b", "c"])),
            "launchSpecId": group_id, "launchSpecName": group_name, "createdAt": now(),
        }),
    }
}

fn query<'a>(asked: &'a Asked, key: &str) -> Option<&'a str> {
    asked
        .query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The asked `fromDate`..`toDate` (dates, or times of which the date counts), at most a year.
fn range(asked: &Asked) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let date = |k: &str| {
        let v = query(asked, k)?;
        chrono::NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()
    };
    let (from, to) = (date("fromDate")?, date("toDate")?);
    (from <= to && (to - from).num_days() <= 366).then_some((from, to))
}

/// The demo namespaces and what a day of each costs, roughly.
const NAMESPACES: [(&str, f64); 4] = [
    ("web", 42.0),
    ("data", 77.5),
    ("monitoring", 12.25),
    ("kube-system", 6.5),
];

/// Costs by namespace over the range: one item per day when asked daily, else one in all.
fn costs(cluster: &str, from: chrono::NaiveDate, to: chrono::NaiveDate, daily: bool) -> Vec<Value> {
    let salt = cluster.bytes().map(u64::from).sum::<u64>() % 7;
    let day_cost = |day: chrono::NaiveDate, base: f64| {
        let wobble = ((day.num_days_from_ce() as u64 + salt) % 5) as f64;
        ((base * (0.9 + wobble * 0.05)) * 100.0).round() / 100.0
    };
    let item = |days: Vec<chrono::NaiveDate>| {
        let namespaces: Vec<Value> = NAMESPACES
            .iter()
            .map(|(ns, base)| {
                let cost: f64 = days.iter().map(|d| day_cost(*d, *base)).sum();
                let cost = (cost * 100.0).round() / 100.0;
                let compute = (cost * 0.8 * 100.0).round() / 100.0;
                json!({"namespace": ns, "cost": cost, "computeCost": compute,
                       "storageCost": ((cost - compute) * 100.0).round() / 100.0,
                       "labels": {"env": "production"}})
            })
            .collect();
        let total: f64 = namespaces.iter().filter_map(|n| n["cost"].as_f64()).sum();
        json!({
            "startTime": format!("{}T00:00:00.000Z", days[0]),
            "endTime": format!("{}T23:59:59.999Z", days[days.len() - 1]),
            "totalCost": (total * 100.0).round() / 100.0,
            "namespaces": namespaces,
        })
    };
    let days: Vec<chrono::NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    if daily {
        days.into_iter().map(|d| item(vec![d])).collect()
    } else {
        vec![item(days)]
    }
}

/// The cluster's Elastilog over the range: a few lines a day, newest first.
fn log(from: chrono::NaiveDate, to: chrono::NaiveDate, severity: Option<&str>) -> Vec<Value> {
    let lines = [
        (
            "INFO",
            "Scaled up: launched 1 node for pending pods in namespace web",
        ),
        (
            "DEBUG",
            "Bin-packing evaluation finished: no node can be scaled down",
        ),
        (
            "WARN",
            "Pod data/etl-runner could not be scheduled: insufficient memory",
        ),
        ("INFO", "Replaced spot node ahead of interruption"),
    ];
    let mut out = Vec::new();
    for (i, day) in from.iter_days().take_while(|d| *d <= to).enumerate() {
        for (j, (sev, message)) in lines.iter().enumerate() {
            if severity.is_some_and(|s| s != *sev) || (i + j) % 2 == 1 {
                continue;
            }
            out.push(json!({
                "createdAt": format!("{day}T{:02}:{:02}:00.000Z", 3 + j * 5, (i * 7) % 60),
                "severity": sev,
                "message": message,
            }));
        }
    }
    out.reverse();
    out
}

/// Right-sizing suggestions for the demo workloads: (namespace, workload, requested and
/// suggested CPU in millicores, requested and suggested memory in MiB).
const WORKLOADS: [(&str, &str, u32, u32, u32, u32); 5] = [
    ("web", "frontend", 2000, 600, 4096, 1536),
    ("web", "checkout", 1000, 750, 2048, 1900),
    ("data", "etl-runner", 4000, 1200, 8192, 6144),
    ("data", "reporting", 500, 450, 1024, 400),
    ("kube-system", "coredns", 200, 100, 256, 128),
];

fn suggestions(ecs: bool, namespace: Option<&str>) -> Vec<Value> {
    WORKLOADS
        .iter()
        .filter(|w| namespace.is_none_or(|n| n == w.0))
        .map(|&(ns, name, cpu, cpu_s, mem, mem_s)| {
            if ecs {
                json!({"serviceName": name, "requestedCpu": cpu, "suggestedCpu": cpu_s,
                       "requestedMemory": mem, "suggestedMemory": mem_s})
            } else {
                json!({"namespace": ns, "resourceName": name, "resourceType": "Deployment",
                       "requestedCPU": cpu, "suggestedCPU": cpu_s,
                       "requestedMemory": mem, "suggestedMemory": mem_s})
            }
        })
        .collect()
}

/// The controller's last report: recent on every cluster but the staging account's.
fn heartbeat(scope: &str) -> Value {
    let t = chrono::Utc::now();
    let (status, ago) = if scope == STAGING {
        ("INACTIVE", chrono::Duration::minutes(14))
    } else {
        ("ACTIVE", chrono::Duration::seconds(t.timestamp() % 30 + 5))
    };
    json!({
        "status": status,
        "lastHeartbeat": (t - ago).to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    })
}

/// A roll moved on to where the clock says it is (a batch every [`BATCH_MS`]); its status.
fn advance(roll: &mut Value) -> String {
    let status = roll["status"].as_str().unwrap_or("IN_PROGRESS").to_string();
    if status != "IN_PROGRESS" {
        return status;
    }
    let size = roll["batchSizePercentage"]
        .as_u64()
        .or_else(|| roll["roll"]["batchSizePercentage"].as_u64())
        .unwrap_or(20)
        .clamp(1, 100);
    let batches = 100_u64.div_ceil(size);
    let started = roll["createdAt"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.timestamp_millis())
        .unwrap_or_default();
    let done = ((chrono::Utc::now().timestamp_millis() - started) / BATCH_MS).max(0) as u64;
    let current = (done + 1).min(batches);
    let finished = done >= batches;
    let value = if finished { 100 } else { done * 100 / batches };
    roll["numOfBatches"] = json!(batches);
    roll["currentBatch"] = json!(current);
    roll["progress"] = json!({"unit": "percentage", "value": value});
    let status = if finished { "COMPLETED" } else { "IN_PROGRESS" };
    roll["status"] = json!(status);
    status.into()
}
