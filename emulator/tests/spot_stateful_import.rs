//! Elastigroup AWS's stateful import moves through Spot's states over a few seconds and ends
//! with a new group whose stateful instance is listed; one that waits for the operator goes on
//! only after the "terminate" user action (asked once); a cancelled one takes its empty group
//! with it; and an AWS detach (a list of ids, as the repaired catalog declares it) removes the
//! instance, lowering the target or not as asked.

mod common;

use std::time::Duration;

use common::{emulator, items_in_prod, spot_in_prod};
use serde_json::{json, Value};

const IMPORTS: &str = "/aws/ec2/statefulMigrationGroup";

/// Starts an import of `instance`; its id and its group's.
async fn start(app: &axum::Router, instance: &str, auto: bool) -> (String, String) {
    let body = json!({"statefulMigrationGroup": {"originalInstanceId": instance, "name": format!("imported-{instance}"),
        "region": "us-east-1", "shouldKeepPrivateIp": true, "shouldTerminateInstance": auto,
        "spotInstanceTypes": ["c5.large"]}});
    let made = items_in_prod(app, "POST", IMPORTS, Some(body)).await;
    assert_eq!(made[0]["state"], "MIGRATE_PREPARE_AWS_INSTANCE");
    let id = made[0]["id"].as_str().unwrap().to_string();
    let group = made[0]["groupId"].as_str().unwrap().to_string();
    assert!(
        id.starts_with("smg-") && group.starts_with("sig-"),
        "{made:?}"
    );
    (id, group)
}

async fn state(app: &axum::Router, id: &str) -> String {
    let path = format!("{IMPORTS}/{id}?statefulMigrationGroupID={id}");
    items_in_prod(app, "GET", &path, None).await[0]["state"]
        .as_str()
        .unwrap()
        .to_string()
}

fn wait(ms: u64) -> tokio::time::Sleep {
    tokio::time::sleep(Duration::from_millis(ms))
}

#[tokio::test]
async fn an_import_ends_with_its_stateful_instance_listed_in_a_new_group() {
    let app = emulator();
    let (id, group) = start(&app, "i-0auto", true).await;
    wait(800).await;
    assert_eq!(state(&app, &id).await, "MIGRATE_CREATE_IMAGE");
    let listed = items_in_prod(&app, "GET", "/aws/ec2/group", None).await;
    assert!(listed
        .iter()
        .any(|g| g["id"] == group.as_str() && g["name"] == "imported-i-0auto"));
    let stateful = format!("/aws/ec2/group/{group}/statefulInstance");
    assert!(items_in_prod(&app, "GET", &stateful, None).await.is_empty());
    wait(4_300).await;
    assert_eq!(state(&app, &id).await, "MIGRATE_FINISH");
    let kept = items_in_prod(&app, "GET", &stateful, None).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["state"], "ACTIVE");
    assert_eq!(kept[0]["privateIp"], "10.0.200.17");
    let running = items_in_prod(&app, "GET", &format!("/aws/ec2/group/{group}/status"), None).await;
    assert_eq!(running.len(), 1);
    assert_eq!(running[0]["instanceId"], kept[0]["instanceId"]);
}

#[tokio::test]
async fn an_import_that_waits_for_the_operator_goes_on_once_the_instance_is_terminated() {
    let app = emulator();
    let (id, group) = start(&app, "i-0manual", false).await;
    let act = format!("{IMPORTS}/{id}/userAction?statefulMigrationGroupID={id}");
    let terminate = json!({"userAction": {"type": "terminate"}});
    wait(2_900).await;
    assert_eq!(state(&app, &id).await, "MIGRATE_AWAIT_USER_ACTION");
    let done = items_in_prod(&app, "POST", &act, Some(terminate.clone())).await;
    assert_eq!(done[0]["state"], "MIGRATE_TERMINATE_INSTANCE");
    let again = spot_in_prod(&app, "POST", &act, Some(terminate)).await;
    assert_eq!(again.status, 400);
    assert!(again.text.contains("terminated already"), "{}", again.text);
    wait(3_000).await;
    assert_eq!(state(&app, &id).await, "MIGRATE_FINISH");
    let kept = items_in_prod(
        &app,
        "GET",
        &format!("/aws/ec2/group/{group}/statefulInstance"),
        None,
    )
    .await;
    assert_eq!(kept.len(), 1);
}

#[tokio::test]
async fn a_cancelled_import_takes_its_group_and_a_deleted_status_is_forgotten() {
    let app = emulator();
    let (id, group) = start(&app, "i-0cancel", true).await;
    let at = format!("{IMPORTS}/{id}?statefulMigrationGroupID={id}");
    let cancelled = items_in_prod(&app, "DELETE", &at, None).await;
    assert_eq!(cancelled[0]["state"], "MIGRATE_CANCEL");
    let listed = items_in_prod(&app, "GET", "/aws/ec2/group", None).await;
    assert!(!listed.iter().any(|g| g["id"] == group.as_str()));
    wait(800).await;
    assert_eq!(state(&app, &id).await, "MIGRATE_CANCEL");
    items_in_prod(&app, "DELETE", &at, None).await;
    assert_eq!(spot_in_prod(&app, "GET", &at, None).await.status, 404);
}

#[tokio::test]
async fn an_aws_detach_takes_a_list_of_ids_and_honours_the_target_choice() {
    let app = emulator();
    let groups = items_in_prod(&app, "GET", "/aws/ec2/group", None).await;
    let g = &groups[0];
    let (gid, target) = (
        g["id"].as_str().unwrap(),
        g["capacity"]["target"].as_i64().unwrap(),
    );
    let status = format!("/aws/ec2/group/{gid}/status");
    let ids = |v: &[Value]| -> Vec<String> {
        v.iter()
            .map(|i| i["instanceId"].as_str().unwrap().to_string())
            .collect()
    };
    let before = ids(&items_in_prod(&app, "GET", &status, None).await);
    assert_eq!(before.len() as i64, target);
    let detach = format!("/aws/ec2/group/{gid}/detachInstances");
    let body = |id: &str, decrement: bool| json!({"instancesToDetach": [id], "shouldDecrementTargetCapacity": decrement, "shouldTerminateInstances": true});
    items_in_prod(&app, "PUT", &detach, Some(body(&before[0], true))).await;
    let after = ids(&items_in_prod(&app, "GET", &status, None).await);
    assert_eq!(after.len() as i64, target - 1);
    assert!(!after.contains(&before[0]));
    let read = items_in_prod(&app, "GET", &format!("/aws/ec2/group/{gid}"), None).await;
    assert_eq!(read[0]["capacity"]["target"], target - 1);
    items_in_prod(&app, "PUT", &detach, Some(body(&after[0], false))).await;
    let replaced = ids(&items_in_prod(&app, "GET", &status, None).await);
    assert_eq!(
        replaced.len() as i64,
        target - 1,
        "a replacement is launched"
    );
    assert!(!replaced.contains(&after[0]));
    let object =
        json!({"instancesToDetach": {"id": replaced[0]}, "shouldDecrementTargetCapacity": true});
    assert_eq!(
        spot_in_prod(&app, "PUT", &detach, Some(object))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn a_groups_reads_answer_from_its_running_instances() {
    let app = emulator();
    let g = items_in_prod(&app, "GET", "/aws/ec2/group", None).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let running = items_in_prod(&app, "GET", &format!("/aws/ec2/group/{g}/status"), None).await;
    let id = running[0]["instanceId"].as_str().unwrap();
    let status = items_in_prod(&app, "GET", &format!("/aws/ec2/instance/{id}"), None).await;
    assert_eq!(status[0]["lifeCycleState"], "ACTIVE");
    assert_eq!(
        spot_in_prod(&app, "GET", "/aws/ec2/instance/i-nowhere", None)
            .await
            .status,
        404
    );
    let costs = items_in_prod(
        &app,
        "GET",
        &format!("/aws/ec2/group/{g}/costs/detailed?fromDate=2020-01-01&toDate=2100-01-01"),
        None,
    )
    .await;
    assert_eq!(costs.len(), running.len());
    let one = &costs[0];
    assert_eq!(one["instanceId"], running[0]["instanceId"]);
    assert!(one["running"]["value"].as_f64().unwrap() >= 1.0, "{one}");
    assert!(
        one["costs"]["actual"].as_f64().unwrap() <= one["costs"]["potential"].as_f64().unwrap()
    );
    // Not an account's operation: asked without accountId.
    let types = common::spot(&app, "GET", "/aws/ec2/spotType?region=us-east-2", None).await;
    assert_eq!(types.status, 200, "{}", types.text);
    assert!(
        types.text.contains("\"instanceType\":\"m5.large\""),
        "{}",
        types.text
    );
    let bad = common::spot(&app, "GET", "/aws/ec2/spotType?region=mars", None).await;
    assert_eq!(bad.status, 400);
}
