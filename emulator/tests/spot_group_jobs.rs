//! Elastigroup AWS work beyond blue/green, over time: an ECS cluster roll completes batch by
//! batch and a second one is refused while it runs, a running one stops; Beanstalk maintenance
//! moves from ACTIVE to waiting for the operator and back once finished; a CodeDeploy
//! deployment moves to FINISHED; a group without the integration is refused in words.

mod common;

use std::time::Duration;

use common::{emulator, spot_in_prod};
use serde_json::{json, Value};

/// A new group with the ECS, Beanstalk and CodeDeploy integrations (or none).
async fn group(app: &axum::Router, integrated: bool) -> String {
    let mut g = json!({"name": "jobs", "region": "us-east-1",
        "capacity": {"minimum": 1, "target": 2, "maximum": 4, "unit": "instance"}});
    if integrated {
        g["thirdPartiesIntegration"] = json!({"ecs": {"clusterName": "prod-ecs"},
            "elasticBeanstalk": {"environmentId": "e-web"},
            "codeDeploy": {"deploymentGroups": [{"applicationName": "web", "deploymentGroupName": "web-bg"}]}});
    }
    let made = spot_in_prod(app, "POST", "/aws/ec2/group", Some(json!({ "group": g }))).await;
    assert_eq!(made.status, 200, "{}", made.text);
    made.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The first item of a successful answer.
async fn first(app: &axum::Router, method: &str, path: &str, body: Option<Value>) -> Value {
    let a = spot_in_prod(app, method, path, body).await;
    assert_eq!(a.status, 200, "{method} {path}: {}", a.text);
    a.json()["response"]["items"][0].clone()
}

async fn wait(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

#[tokio::test]
async fn an_ecs_cluster_roll_completes_and_a_second_is_refused_while_it_runs() {
    let app = emulator();
    let id = group(&app, true).await;
    let rolls = format!("/aws/ec2/group/{id}/clusterRoll");
    let body = json!({"roll": {"batchSizePercentage": 50, "comment": "new AMI"}});
    let r = first(&app, "POST", &rolls, Some(body.clone())).await;
    assert_eq!(
        (r["status"].as_str(), r["numOfBatches"].as_i64()),
        (Some("IN_PROGRESS"), Some(2))
    );
    assert_eq!(r["batchMinHealthyPercentage"], 50);
    let rid = r["id"].as_str().unwrap().to_string();
    assert!(rid.starts_with("scr-"), "{rid}");

    let again = spot_in_prod(&app, "POST", &rolls, Some(body.clone())).await;
    assert_eq!(again.status, 400);
    assert!(
        again.text.contains("Can't have 2 Rolls at the same time"),
        "{}",
        again.text
    );

    wait(1_700).await;
    let by_id = format!("{rolls}/{rid}?ROLL_ID={rid}");
    let mid = first(&app, "GET", &by_id, None).await;
    assert_eq!(
        (mid["status"].as_str(), mid["currentBatch"].as_i64()),
        (Some("IN_PROGRESS"), Some(2))
    );
    assert_eq!(mid["progress"]["value"], 50);
    wait(1_600).await;
    let done = first(&app, "GET", &by_id, None).await;
    assert_eq!(
        (done["status"].as_str(), done["progress"]["value"].as_i64()),
        (Some("COMPLETED"), Some(100))
    );

    // A second roll once the first completed; stopped while it runs; listed newest first.
    let second = first(&app, "POST", &rolls, Some(body)).await;
    let bad = spot_in_prod(
        &app,
        "PUT",
        &rolls,
        Some(json!({"roll": {"status": "PAUSED"}})),
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    let stopped = first(
        &app,
        "PUT",
        &rolls,
        Some(json!({"roll": {"status": "STOPPED"}})),
    )
    .await;
    assert_eq!(
        (stopped["id"].clone(), stopped["status"].as_str()),
        (second["id"].clone(), Some("STOPPED"))
    );
    let all = spot_in_prod(&app, "GET", &rolls, None).await.json();
    let listed: Vec<&str> = all["response"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["STOPPED", "COMPLETED"]);
    let none = spot_in_prod(
        &app,
        "PUT",
        &rolls,
        Some(json!({"roll": {"status": "STOPPED"}})),
    )
    .await;
    assert!(
        none.text.contains("No cluster roll is in progress"),
        "{}",
        none.text
    );
}

#[tokio::test]
async fn no_cluster_roll_while_a_blue_green_deployment_runs() {
    let app = emulator();
    let id = group(&app, true).await;
    let deploy = json!({"batchSizePercentage": 100, "gracePeriod": 0, "healthCheckType": "EC2"});
    first(
        &app,
        "PUT",
        &format!("/aws/ec2/group/{id}/roll"),
        Some(deploy),
    )
    .await;
    let rolls = format!("/aws/ec2/group/{id}/clusterRoll");
    let body = json!({"roll": {"batchSizePercentage": 100}});
    let refused = spot_in_prod(&app, "POST", &rolls, Some(body.clone())).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .text
            .contains("Cannot start cluster roll until the group roll completes"),
        "{}",
        refused.text
    );
    wait(1_600).await;
    assert_eq!(
        first(&app, "POST", &rolls, Some(body)).await["status"],
        "IN_PROGRESS"
    );
}

#[tokio::test]
async fn beanstalk_maintenance_waits_for_the_operator_then_returns_to_active() {
    let app = emulator();
    let id = group(&app, true).await;
    let path = |what: &str| format!("/aws/ec2/group/{id}/beanstalk/{what}");
    let status =
        || async { first(&app, "GET", &path("maintenance/status"), None).await["status"].clone() };
    assert_eq!(status().await, "ACTIVE");
    let early = spot_in_prod(&app, "PUT", &path("maintenance/finish"), None).await;
    assert!(
        early.text.contains("not in maintenance mode"),
        "{}",
        early.text
    );
    assert_eq!(
        spot_in_prod(&app, "PUT", &path("maintenance/start"), None)
            .await
            .status,
        200
    );
    assert_eq!(status().await, "AWAIT_USER_UPDATE");
    let twice = spot_in_prod(&app, "PUT", &path("maintenance/start"), None).await;
    assert_eq!(twice.status, 400, "{}", twice.text);
    assert_eq!(
        spot_in_prod(&app, "PUT", &path("maintenance/finish"), None)
            .await
            .status,
        200
    );
    assert_eq!(status().await, "CANCELING_MAINTENANCE_MODE");
    wait(3_100).await;
    assert_eq!(status().await, "ACTIVE");

    let config = first(
        &app,
        "GET",
        "/aws/ec2/group/beanstalk/import?environmentId=e-web&region=eu-west-1",
        None,
    )
    .await;
    assert_eq!(
        (
            config["group"]["name"].as_str(),
            config["group"]["region"].as_str()
        ),
        (Some("e-web"), Some("eu-west-1"))
    );
    let re = first(&app, "PUT", &path("reimport"), None).await;
    assert_eq!(re["group"]["id"], id.as_str());
    assert_eq!(
        re["group"]["compute"]["launchSpecification"]["imageId"],
        "ami-3c873e5c"
    );
}

#[tokio::test]
async fn a_codedeploy_deployment_moves_to_finished() {
    let app = emulator();
    let id = group(&app, true).await;
    let path = format!("/aws/ec2/group/{id}/codeDeploy/blueGreenDeployment");
    let body = json!({"deployment": {"timeout": 20, "tags": [{"tagKey": "ver", "tagValue": "pink"}],
        "deploymentGroups": [{"applicationName": "web", "deploymentGroupName": "web-bg"}]}});
    let d = first(&app, "POST", &path, Some(body.clone())).await;
    assert_eq!(d["state"], "STARTING");
    assert!(d["id"].as_str().unwrap().starts_with("cdbg-"));
    assert_eq!(d["config"]["tags"][0]["tagValue"], "pink");
    assert_eq!(
        spot_in_prod(&app, "POST", &path, Some(body)).await.status,
        400
    );
    wait(1_600).await;
    assert_eq!(
        first(&app, "GET", &path, None).await["state"],
        "IN_PROGRESS"
    );
    wait(3_100).await;
    assert_eq!(first(&app, "GET", &path, None).await["state"], "FINISHED");
}

#[tokio::test]
async fn a_group_without_the_integration_is_refused_in_words() {
    let app = emulator();
    let id = group(&app, false).await;
    for (method, what, word) in [
        ("GET", "clusterRoll", "ECS"),
        ("PUT", "beanstalk/maintenance/start", "Elastic Beanstalk"),
        ("GET", "codeDeploy/blueGreenDeployment", "CodeDeploy"),
    ] {
        let a = spot_in_prod(&app, method, &format!("/aws/ec2/group/{id}/{what}"), None).await;
        assert_eq!(a.status, 400, "{}", a.text);
        assert!(
            a.text.contains(&format!("has no {word} integration")),
            "{}",
            a.text
        );
    }
    let missing = spot_in_prod(&app, "GET", "/aws/ec2/group/sig-nope/clusterRoll", None).await;
    assert_eq!(missing.status, 404, "{}", missing.text);
}
