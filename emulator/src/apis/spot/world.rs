//! The demo world, built through the engine's own create path (so every entity passed the same
//! schema checks a console request would): two accounts, and in them Elastigroups, Ocean clusters
//! with virtual node groups, stateful nodes, health checks and notification subscriptions.

use serde_json::{json, Value};

use super::{schema, Engine, DEFAULT_ACCOUNT};

pub const STAGING: &str = "act-5e6f7a8b";

pub fn build(engine: &Engine) {
    for (id, name, cloud) in [
        (DEFAULT_ACCOUNT, "production", "123456789012"),
        (STAGING, "staging", "210987654321"),
    ] {
        engine.seed(
            "POST",
            "/setup/account",
            None,
            json!({"account": {"accountId": id, "name": name, "providerExternalId": cloud,
                               "organizationId": 606079861123_u64}}),
        );
    }
    for (account, groups, clusters) in [
        (
            DEFAULT_ACCOUNT,
            &["web-frontend", "batch-workers", "api-gateway"][..],
            &["prod-eks"][..],
        ),
        (STAGING, &["web-frontend-staging"][..], &["staging-eks"][..]),
    ] {
        for (i, name) in groups.iter().enumerate() {
            let target = 2 + i as i64;
            engine.seed(
                "POST",
                "/aws/ec2/group",
                Some(account),
                json!({"group": {"name": name, "region": "us-east-1",
                                 "capacity": {"target": target, "minimum": 1, "maximum": 10, "unit": "instance"}}}),
            );
        }
        for name in clusters {
            let cluster = engine.seed(
                "POST",
                "/ocean/aws/k8s/cluster",
                Some(account),
                json!({"cluster": {"name": name, "region": "us-east-1", "controllerClusterId": name}}),
            );
            let ocean = cluster["id"].as_str().unwrap_or_default().to_string();
            for vng in ["general", "gpu"] {
                engine.seed(
                    "POST",
                    "/ocean/aws/k8s/launchSpec",
                    Some(account),
                    json!({"launchSpec": {"oceanId": ocean, "name": vng}}),
                );
            }
        }
    }
    engine.seed(
        "POST",
        "/ocean/gcp/k8s/cluster",
        Some(DEFAULT_ACCOUNT),
        with_minimal(
            engine,
            "/ocean/gcp/k8s/cluster",
            json!({"cluster": {"name": "analytics-gke", "controllerClusterId": "analytics-gke"}}),
        ),
    );
    engine.seed(
        "POST",
        "/healthCheck",
        Some(DEFAULT_ACCOUNT),
        json!({"healthCheck": {"name": "web-frontend-http", "proxyAddress": "http://10.0.1.10", "resourceId": "sig-5a170003"}}),
    );
    engine.seed(
        "POST",
        "/events/subscription",
        Some(DEFAULT_ACCOUNT),
        json!({"subscription": {"endpoint": "ops@example.com", "eventType": "GROUP_UPDATED",
                                "protocol": "email", "resourceId": "sig-5a170003"}}),
    );
    engine.seed(
        "POST",
        "/aws/ec2/managedInstance",
        Some(DEFAULT_ACCOUNT),
        with_minimal(
            engine,
            "/aws/ec2/managedInstance",
            json!({"managedInstance": {"name": "billing-db"}}),
        ),
    );
}

/// The smallest valid body of a create operation with `given` laid over it.
pub(super) fn with_minimal(engine: &Engine, path: &str, given: Value) -> Value {
    let schema = engine
        .endpoints
        .iter()
        .find(|e| e.method == "POST" && e.path == path)
        .and_then(|e| e.body.clone())
        .unwrap_or_default();
    let mut body = schema::minimal(&schema, 3);
    lay(&mut body, given);
    body
}

fn lay(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                lay(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}
