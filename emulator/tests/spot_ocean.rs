//! Ocean's behaviour beyond the engine: a cluster per provider, nodes made from node groups and
//! grown by launching, heartbeats, rolls that move batch by batch, one at a time.

mod common;

use common::{emulator, items_in_prod, spot_in_prod};
use serde_json::{json, Value};

async fn items(app: &axum::Router, path: &str) -> Vec<Value> {
    items_in_prod(app, "GET", path, None).await
}

async fn first_id(app: &axum::Router, path: &str) -> String {
    items(app, path).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn every_provider_has_a_cluster_with_nodes_and_a_heartbeat() {
    let app = emulator();
    // Two nodes per node group: EKS has two groups, the others one.
    for (clusters, nodes, count) in [
        ("/ocean/aws/k8s/cluster", "nodes", 4),
        ("/ocean/aws/ecs/cluster", "containerInstances", 2),
        ("/ocean/gcp/k8s/cluster", "nodes", 2),
        ("/ocean/azure/k8s/cluster", "nodes", 2),
    ] {
        let id = first_id(&app, clusters).await;
        let listed = items(&app, &format!("{clusters}/{id}/{nodes}")).await;
        assert_eq!(listed.len(), count, "{clusters}");
    }
    let eks = first_id(&app, "/ocean/aws/k8s/cluster").await;
    let beat = items(
        &app,
        &format!("/ocean/k8s/cluster/{eks}/controllerHeartbeat"),
    )
    .await;
    assert_eq!(beat[0]["status"], "ACTIVE");
    assert!(beat[0]["lastHeartbeat"].as_str().is_some());
}

#[tokio::test]
async fn launching_nodes_adds_them_to_the_cluster() {
    let app = emulator();
    let eks = first_id(&app, "/ocean/aws/k8s/cluster").await;
    let nodes = format!("/ocean/aws/k8s/cluster/{eks}/nodes");
    assert_eq!(items(&app, &nodes).await.len(), 4);
    let group = first_id(&app, &format!("/ocean/aws/k8s/launchSpec?oceanId={eks}")).await;
    let launched = spot_in_prod(
        &app,
        "PUT",
        &format!("/ocean/aws/k8s/launchSpec/{group}/launchNodes"),
        Some(json!({"launchRequest": {"amount": 3}})),
    )
    .await;
    assert_eq!(launched.status, 200, "{}", launched.text);
    let now = items(&app, &nodes).await;
    assert_eq!(now.len(), 7);
    assert_eq!(
        now.iter()
            .filter(|n| n["launchSpecId"].as_str() == Some(group.as_str()))
            .count(),
        5
    );
}

#[tokio::test]
async fn a_roll_moves_batch_by_batch_and_a_second_is_refused_while_it_runs() {
    let app = emulator();
    let ecs = first_id(&app, "/ocean/aws/ecs/cluster").await;
    let rolls = format!("/ocean/aws/ecs/cluster/{ecs}/roll");
    let nodes = format!("/ocean/aws/ecs/cluster/{ecs}/containerInstances");
    let before = items(&app, &nodes).await;
    let body = json!({"roll": {"batchSizePercentage": 50, "comment": "test"}});
    let started = spot_in_prod(&app, "POST", &rolls, Some(body.clone())).await;
    assert_eq!(started.status, 200, "{}", started.text);
    let roll = &started.json()["response"]["items"][0];
    assert_eq!(roll["status"], "IN_PROGRESS");
    assert_eq!(roll["numOfBatches"], 2);
    let refused = spot_in_prod(&app, "POST", &rolls, Some(body)).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.json()["response"]["errors"][0]["message"],
        "Can't have 2 Rolls at the same time. Please stop the previous one."
    );
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    let id = roll["id"].as_str().unwrap();
    let done = items(&app, &format!("{rolls}/{id}")).await;
    assert_eq!(done[0]["status"], "COMPLETED");
    assert_eq!(done[0]["progress"]["value"], 100);
    let after = items(&app, &nodes).await;
    assert_eq!(after.len(), before.len());
    assert!(
        after.iter().all(|n| !before.contains(n)),
        "every node replaced"
    );
}

#[tokio::test]
async fn suggestions_costs_by_namespace_and_the_log_follow_what_is_asked() {
    let app = emulator();
    let gke = first_id(&app, "/ocean/gcp/k8s/cluster").await;
    let all = spot_in_prod(
        &app,
        "POST",
        &format!("/ocean/gcp/k8s/cluster/{gke}/rightSizing/suggestion"),
        None,
    )
    .await
    .json();
    assert_eq!(all["response"]["count"], 5);
    let data = format!("/ocean/gcp/k8s/cluster/{gke}/rightSizing/suggestion?namespace=data");
    assert_eq!(
        spot_in_prod(&app, "POST", &data, None).await.json()["response"]["count"],
        2
    );

    let costs =
        format!("/mcs/kubernetes/cluster/{gke}/costs?fromDate=2021-11-01&toDate=2021-11-03");
    let daily = items(&app, &format!("{costs}&aggregationPeriod=daily")).await;
    assert_eq!(daily.len(), 3);
    assert_eq!(daily[0]["namespaces"].as_array().unwrap().len(), 4);
    let whole = items(&app, &costs).await;
    assert_eq!(whole.len(), 1);
    let sum: f64 = daily.iter().filter_map(|d| d["totalCost"].as_f64()).sum();
    let total = whole[0]["totalCost"].as_f64().unwrap();
    assert!((sum - total).abs() < 0.05, "{sum} vs {total}");

    let log = format!("/ocean/gcp/k8s/cluster/{gke}/log?fromDate=2021-11-01&toDate=2021-11-02");
    assert!(items(&app, &log).await.len() > 2);
    let warnings = items(&app, &format!("{log}&SEVERITY=WARN")).await;
    assert!(!warnings.is_empty());
    assert!(warnings.iter().all(|l| l["severity"] == "WARN"));
}

#[tokio::test]
async fn a_node_group_made_from_an_imported_asg_then_deleted_with_its_nodes() {
    let app = emulator();
    let eks = first_id(&app, "/ocean/aws/k8s/cluster").await;
    // The import answers a configuration and makes nothing.
    let groups = format!("/ocean/aws/k8s/launchSpec?oceanId={eks}");
    let before = items(&app, &groups).await.len();
    let imported = spot_in_prod(
        &app,
        "POST",
        &format!("/ocean/aws/k8s/launchSpec/autoScalingGroup/import?oceanId={eks}&autoScalingGroupName=legacy-asg"),
        None,
    )
    .await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    let imported = imported.json()["response"]["items"].clone();
    assert_eq!(imported[0]["name"], "legacy-asg");
    assert_eq!(items(&app, &groups).await.len(), before);
    let made = spot_in_prod(
        &app,
        "POST",
        "/ocean/aws/k8s/launchSpec",
        Some(json!({ "launchSpec": imported[0] })),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let id = made.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(items(&app, &groups).await.len(), before + 1);
    let nodes = format!("/ocean/aws/k8s/cluster/{eks}/nodes");
    let launched = spot_in_prod(
        &app,
        "PUT",
        &format!("/ocean/aws/k8s/launchSpec/{id}/launchNodes"),
        Some(json!({"launchRequest": {"amount": 2}})),
    )
    .await;
    assert_eq!(launched.status, 200, "{}", launched.text);
    let all = items(&app, &nodes).await;
    let mine = all
        .iter()
        .filter(|n| n["launchSpecId"].as_str() == Some(id.as_str()))
        .count();
    assert!(mine >= 2, "{all:?}");
    let gone = spot_in_prod(
        &app,
        "DELETE",
        &format!("/ocean/aws/k8s/launchSpec/{id}?deleteNodes=true"),
        None,
    )
    .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    assert_eq!(items(&app, &groups).await.len(), before);
    assert_eq!(items(&app, &nodes).await.len(), all.len() - mine);
}

#[tokio::test]
async fn an_elastigroup_upgraded_to_ocean_is_a_cluster_and_insights_and_on_premise_list_theirs() {
    let app = emulator();
    let group = first_id(&app, "/aws/ec2/group").await;
    let before = items(&app, "/ocean/aws/k8s/cluster").await.len();
    let up = spot_in_prod(
        &app,
        "POST",
        &format!("/ocean/aws/k8s/cluster/import?groupId={group}"),
        None,
    )
    .await;
    assert_eq!(up.status, 200, "{}", up.text);
    assert_eq!(
        items(&app, "/ocean/aws/k8s/cluster").await.len(),
        before + 1
    );
    let missing = spot_in_prod(
        &app,
        "POST",
        "/ocean/aws/k8s/cluster/import?groupId=sig-nothere",
        None,
    )
    .await;
    assert_eq!(missing.status, 404);
    // An imported ASG's configuration is a valid create body.
    let imported = spot_in_prod(
        &app,
        "POST",
        "/ocean/aws/k8s/cluster/autoScalingGroup/import?autoScalingGroupName=asg-1&region=us-east-1",
        None,
    )
    .await;
    let config = imported.json()["response"]["items"][0].clone();
    assert_eq!(config["name"], "asg-1");
    let made = spot_in_prod(
        &app,
        "POST",
        "/ocean/aws/k8s/cluster",
        Some(json!({ "cluster": config })),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    assert_eq!(
        items(&app, "/ocean/insights/k8s/cluster").await[0]["name"],
        "insights-lab"
    );
    assert_eq!(
        items(&app, "/ocean/onPrem/k8s/cluster").await[0]["name"],
        "datacenter-1"
    );
}
