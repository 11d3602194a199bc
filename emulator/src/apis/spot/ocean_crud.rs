//! Ocean's making and unmaking beyond the engine's collections: Spot's imports answer a
//! configuration built from what is imported (an Auto Scaling group, an EKS node group, an
//! ECS or AKS cluster) and make nothing; upgrading an Elastigroup makes a cluster named after
//! it; deleting a node group with `deleteNodes` (ECS: `deleteContainerInstances`) takes its
//! nodes with it. Ocean Insights and On-Premise get a demo cluster each.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::world::with_minimal;
use super::{Asked, Engine, DEFAULT_ACCOUNT};

/// The demo clusters of Ocean Insights and Ocean On-Premise.
pub fn build(engine: &Engine) {
    for (path, body) in [
        (
            "/ocean/insights/k8s/cluster",
            json!({"cluster": {"name": "insights-lab", "controllerClusterId": "insights-lab"}}),
        ),
        (
            "/ocean/onPrem/k8s/cluster",
            json!({"cluster": {"name": "datacenter-1", "controllerClusterIdentifier": "datacenter-1"}}),
        ),
    ] {
        let body = with_minimal(engine, path, body);
        engine.seed("POST", path, Some(DEFAULT_ACCOUNT), body);
    }
}

fn query<'a>(asked: &'a Asked, key: &str) -> Option<&'a str> {
    asked
        .query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The answer, where it is more than the engine's.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let path = ep.path.as_str();
    let q = |k: &str| query(asked, k).unwrap_or_default().to_string();
    let body = asked.body.clone().unwrap_or(Value::Null);
    let config = match (ep.method.as_str(), path) {
        ("POST", "/ocean/aws/k8s/launchSpec/autoScalingGroup/import") => {
            let asg = q("autoScalingGroupName");
            let mut v = json!({"name": asg, "oceanId": q("oceanId"),
                "instanceTypes": ["m5.large", "m5.xlarge"],
                "labels": [{"key": "imported-from", "value": asg}]});
            lay(&mut v, body["launchSpec"].clone());
            v
        }
        ("POST", "/ocean/aws/k8s/launchSpec/eksNodeGroup/import") => {
            let ng = q("eksNodeGroupName");
            let mut v = json!({"name": ng, "oceanId": q("oceanId"),
                "instanceTypes": ["t3.large"],
                "labels": [{"key": "eks.amazonaws.com/nodegroup", "value": ng}]});
            lay(&mut v, body["launchSpec"].clone());
            v
        }
        ("POST", "/ocean/aws/k8s/cluster/autoScalingGroup/import") => {
            let asg = q("autoScalingGroupName");
            json!({"name": asg, "controllerClusterId": asg, "region": q("region"),
                "compute": {"subnetIds": ["subnet-0a1b2c3d"],
                            "instanceTypes": {"whitelist": ["m5.large", "c5.large"]},
                            "launchSpecification": {"imageId": "ami-0abcdef1234567890",
                                                      "securityGroupIds": ["sg-0a1b2c3d"]}}})
        }
        ("POST", "/ocean/aws/ecs/cluster/{EcsClusterName}/import") => {
            let name = asked.values.first().cloned().unwrap_or_default();
            json!({"name": body["name"].as_str().unwrap_or(&name), "clusterName": name,
                "region": body["region"],
                "compute": {"subnetIds": ["subnet-0e1f2a3b"]}})
        }
        ("POST", "/ocean/azure/k8s/cluster/aks/import/{acdIdentifier}") => {
            let mut v = body["cluster"].clone();
            v["acdIdentifier"] = json!(asked.values.first());
            v
        }
        ("POST", p)
            if p.ends_with("/k8s/cluster/import") || p == "/ocean/aws/ecs/cluster/import" =>
        {
            return upgrade(engine, ep, asked, &q("groupId"));
        }
        ("DELETE", p) if p.contains("/launchSpec/") || p.contains("/virtualNodeGroup/") => {
            if ["deleteNodes", "deleteContainerInstances"]
                .iter()
                .any(|k| query(asked, k) == Some("true"))
            {
                drop_nodes(engine, &engine.scope(ep, asked), asked.values.first()?);
            }
            return None;
        }
        _ => return None,
    };
    Some(engine.items(ep, &asked.url, vec![config]))
}

/// An Elastigroup upgraded to an Ocean cluster of the provider `ep` belongs to.
fn upgrade(engine: &Engine, ep: &Endpoint, asked: &Asked, group: &str) -> Option<Response> {
    let scope = engine.scope(ep, asked);
    let collection = ep.path.trim_end_matches("/import").to_string();
    let mut store = engine.store.lock().unwrap();
    let name = store
        .items
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{scope}|")))
        .flat_map(|(_, v)| v.iter())
        .find(|e| e["id"].as_str() == Some(group) && group.starts_with("sig-"))
        .map(|e| e["name"].as_str().unwrap_or(group).to_string());
    let Some(name) = name else {
        drop(store);
        return Some(engine.not_found(ep, &asked.url, group));
    };
    let create = engine
        .endpoints
        .iter()
        .find(|e| e.method == "POST" && e.path == collection)?;
    let body = json!({"cluster": {"name": name, "controllerClusterId": name,
                                  "upgradedFromGroupId": group}});
    let made = engine.create(
        &mut store,
        create,
        &format!("{scope}|{collection}"),
        Some(&body),
    );
    drop(store);
    Some(engine.items(ep, &asked.url, vec![made]))
}

/// The node group's nodes leave the cluster's node list.
fn drop_nodes(engine: &Engine, scope: &str, group: &str) {
    let mut store = engine.store.lock().unwrap();
    let prefix = format!("{scope}|ocean-nodes/");
    for (k, nodes) in store.items.iter_mut() {
        if k.starts_with(&prefix) {
            nodes.retain(|n| {
                n["launchSpecId"].as_str() != Some(group)
                    && n["virtualNodeGroupId"].as_str() != Some(group)
            });
        }
    }
}

fn lay(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                lay(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (_, Value::Null) => {}
        (slot, v) => *slot = v,
    }
}
