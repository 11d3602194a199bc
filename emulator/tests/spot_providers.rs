//! What only some Elastigroup providers have, and the services' and organization's newer
//! screens: an Azure group's processes suspended (listed in its status) then resumed, Azure and
//! GKE imports answering a configuration to create with, Scale Set tasks kept as a collection,
//! a health check's update checked like its create, potential savings per instance, the
//! account's users' permissions, and organizations made and deleted.

mod common;

use common::{emulator, items_in_prod, spot, spot_in_prod};
use serde_json::{json, Value};

#[tokio::test]
async fn an_azure_groups_processes_are_suspended_then_resumed() {
    let app = emulator();
    let groups = items_in_prod(&app, "GET", "/azure/compute/group", None).await;
    let id = groups
        .iter()
        .find(|g| g["name"] == "azure-web")
        .and_then(|g| g["id"].as_str())
        .unwrap()
        .to_string();
    let status = format!("/azure/compute/group/{id}/status");
    let suspended = |s: &[Value]| {
        s[0]["suspendedProcesses"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert!(suspended(&items_in_prod(&app, "GET", &status, None).await).is_empty());
    let body = json!({"processes": [{"name": "autoScale", "ttlInMinutes": 30}]});
    items_in_prod(
        &app,
        "PUT",
        &format!("/azure/compute/group/{id}/suspend"),
        Some(body),
    )
    .await;
    let now = suspended(&items_in_prod(&app, "GET", &status, None).await);
    assert_eq!(now.len(), 1);
    assert_eq!(now[0]["name"], "autoScale");
    // A process Spot does not know is refused by the document's choices.
    let bad = spot_in_prod(
        &app,
        "PUT",
        &format!("/azure/compute/group/{id}/suspend"),
        Some(json!({"processes": [{"name": "everything"}]})),
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    let body = json!({"processes": [{"name": "autoScale"}]});
    items_in_prod(
        &app,
        "PUT",
        &format!("/azure/compute/group/{id}/resume"),
        Some(body),
    )
    .await;
    assert!(suspended(&items_in_prod(&app, "GET", &status, None).await).is_empty());
}

#[tokio::test]
async fn imports_answer_a_configuration_and_make_nothing() {
    let app = emulator();
    let before = items_in_prod(&app, "GET", "/azure/compute/group", None)
        .await
        .len();
    let ss = items_in_prod(
        &app,
        "GET",
        "/azure/compute/group/import/resourceGroup/rg-1/scaleSet/web-ss",
        None,
    )
    .await;
    assert_eq!(ss[0]["group"]["name"], "web-ss");
    assert_eq!(ss[0]["group"]["resourceGroupName"], "rg-1");
    let vm = items_in_prod(
        &app,
        "GET",
        "/azure/compute/group/import/resourceGroup/rg-1/virtualMachine/vm-a",
        None,
    )
    .await;
    assert!(vm[0]["group"]["description"]
        .as_str()
        .unwrap()
        .contains("virtual machine vm-a"));
    assert_eq!(
        items_in_prod(&app, "GET", "/azure/compute/group", None)
            .await
            .len(),
        before
    );
    let gke = items_in_prod(
        &app,
        "POST",
        "/gcp/gce/group/gke/import?clusterId=prod&clusterLocation=us-central1&nodePoolName=pool-1",
        Some(json!({"group": {"name": ""}})),
    )
    .await;
    assert_eq!(gke[0]["group"]["name"], "prod-pool-1");
    assert_eq!(
        gke[0]["group"]["compute"]["availabilityZones"][0],
        "us-central1-a"
    );
}

#[tokio::test]
async fn scale_set_tasks_are_made_changed_and_deleted() {
    let app = emulator();
    let made = items_in_prod(
        &app,
        "POST",
        "/compute/azure/task",
        Some(json!({"group": {"name": "nightly"}})),
    )
    .await;
    let id = made[0]["id"].as_str().unwrap().to_string();
    let listed = items_in_prod(&app, "GET", "/compute/azure/task", None).await;
    assert!(listed.iter().any(|t| t["name"] == "nightly"));
    items_in_prod(
        &app,
        "PUT",
        &format!("/compute/azure/task/{id}"),
        Some(json!({"group": {"name": "weekly"}})),
    )
    .await;
    let listed = items_in_prod(&app, "GET", "/compute/azure/task", None).await;
    assert!(listed.iter().any(|t| t["name"] == "weekly"));
    items_in_prod(&app, "DELETE", &format!("/compute/azure/task/{id}"), None).await;
    assert!(items_in_prod(&app, "GET", "/compute/azure/task", None)
        .await
        .is_empty());
}

#[tokio::test]
async fn a_health_checks_update_is_checked_like_its_create() {
    // Health checks name the account ACCOUNT_ID (not accountId): asked in the default account.
    let app = emulator();
    let list = spot(&app, "GET", "/healthCheck", None).await.json();
    let id = list["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/healthCheck/{id}?HEALTHCHECK_ID={id}");
    let check =
        json!({"protocol": "http", "interval": 20, "healthyThreshold": 3, "unhealthyThreshold": 3});
    let bad = json!({"healthCheck": {"proxyAddress": "10.0.0.1", "check": check}});
    let bad = spot(&app, "PUT", &path, Some(bad)).await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert_eq!(
        bad.json()["response"]["errors"][0]["field"],
        "body:healthCheck.proxyAddress"
    );
    let good = json!({"healthCheck": {"proxyAddress": "http://10.0.0.9", "check": check}});
    assert_eq!(spot(&app, "PUT", &path, Some(good)).await.status, 200);
    let now = spot(&app, "GET", &path, None).await.json();
    assert_eq!(
        now["response"]["items"][0]["proxyAddress"],
        "http://10.0.0.9"
    );
    assert_eq!(now["response"]["items"][0]["check"]["interval"], 20);
}

#[tokio::test]
async fn savings_are_priced_per_instance_asked() {
    let app = emulator();
    let rows = items_in_prod(
        &app,
        "GET",
        "/aws/instancePotentialSavings?region=us-east-1&instanceIds=i-1,i-2",
        None,
    )
    .await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["instanceId"], "i-2");
    assert!(rows[0]["spotHourlyPrice"].as_f64() < rows[0]["onDemandHourlyPrice"].as_f64());
    assert!(rows[0]["potentialMonthlySavings"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn permissions_follow_the_mappings_and_organizations_come_and_go() {
    let app = emulator();
    let mapping = json!({"userEmail": "perm@example.com", "role": "viewer"});
    let account = common::SPOT_PROD;
    let set = spot(
        &app,
        "POST",
        &format!("/setup/account/{account}/user"),
        Some(mapping),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let perms = items_in_prod(&app, "GET", "/setup/user/permission", None).await;
    assert!(perms
        .iter()
        .any(|p| p["userEmail"] == "perm@example.com" && p["role"] == "viewer"));

    let made = spot(
        &app,
        "POST",
        "/setup/organization",
        Some(json!({"organization": {"name": "labs"}})),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let org = made.json()["response"]["items"][0].clone();
    assert_eq!(org["organizationName"], "labs");
    let id = org["organizationId"].as_str().unwrap().to_string();
    assert_eq!(
        spot(&app, "DELETE", &format!("/setup/organization/{id}"), None)
            .await
            .status,
        200
    );
    assert_eq!(
        spot(&app, "DELETE", &format!("/setup/organization/{id}"), None)
            .await
            .status,
        404
    );
}
