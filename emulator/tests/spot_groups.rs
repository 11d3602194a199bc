//! Elastigroup behaviour beyond AWS: GCP and Azure groups' instances follow their capacity in
//! their own field names, their deployments move batch by batch and a second is refused in
//! Spot's words, detaching spells its choices; AWS scaling-policy suspensions are listed once
//! made and gone once removed.

mod common;

use common::{emulator, items_in_prod, spot_in_prod};
use serde_json::{json, Value};

async fn items(app: &axum::Router, path: &str) -> Vec<Value> {
    items_in_prod(app, "GET", path, None).await
}

/// The demo group of `collection` named `name`.
async fn group(app: &axum::Router, collection: &str, name: &str) -> String {
    items(app, collection)
        .await
        .iter()
        .find(|g| g["name"] == name)
        .and_then(|g| g["id"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no {name} in {collection}"))
}

#[tokio::test]
async fn a_gcp_group_scales_and_deploys_in_its_own_words() {
    let app = emulator();
    let id = group(&app, "/gcp/gce/group", "gcp-web").await;
    let status = items(&app, &format!("/gcp/gce/group/{id}/status")).await;
    assert_eq!(status.len(), 2);
    assert!(status[0]["instanceName"]
        .as_str()
        .unwrap()
        .starts_with("sin-"));
    assert!(status[0]["zone"]
        .as_str()
        .unwrap()
        .starts_with("us-central1-"));
    assert_eq!(status[0]["statusName"], "RUNNING");

    let up = spot_in_prod(
        &app,
        "PUT",
        &format!("/gcp/gce/group/{id}/scale/up?adjustment=2"),
        None,
    )
    .await;
    assert_eq!(up.status, 200, "{}", up.text);
    let status = items(&app, &format!("/gcp/gce/group/{id}/status")).await;
    assert_eq!(status.len(), 4);
    assert_eq!(status[3]["statusName"], "PROVISIONING");

    let body = json!({"batchSizePercentage": 50, "gracePeriod": 300});
    let roll = spot_in_prod(
        &app,
        "PUT",
        &format!("/gcp/gce/group/{id}/roll"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(roll.status, 200, "{}", roll.text);
    let rid = roll.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second = spot_in_prod(
        &app,
        "PUT",
        &format!("/gcp/gce/group/{id}/roll"),
        Some(body),
    )
    .await;
    assert_eq!(second.status, 400);
    assert!(
        second.text.contains("Can't have 2 Rolls at the same time"),
        "{}",
        second.text
    );
    let now = items(&app, &format!("/gcp/gce/group/{id}/roll/{rid}")).await;
    assert_eq!(now[0]["status"], "IN_PROGRESS");
    assert_eq!(now[0]["numOfBatches"], 2);
    let stop = spot_in_prod(
        &app,
        "PUT",
        &format!("/gcp/gce/group/{id}/roll/{rid}"),
        Some(json!({"roll": {"status": "STOPPED"}})),
    )
    .await;
    assert_eq!(stop.status, 200, "{}", stop.text);
    let now = items(&app, &format!("/gcp/gce/group/{id}/roll/{rid}")).await;
    assert_eq!(now[0]["status"], "STOPPED");

    let costs = items(
        &app,
        &format!("/gcp/gce/group/{id}/costs?fromDate=2026-01-01&toDate=2026-01-07"),
    )
    .await;
    assert_eq!(costs.len(), 7);
    assert!(costs[0]["costs"]["actual"].as_f64().unwrap() > 0.0);
    let log = items(
        &app,
        &format!("/gcp/gce/group/{id}/log?fromDate=2000-01-01&toDate=2100-01-01"),
    )
    .await;
    assert!(log
        .iter()
        .any(|l| l["message"].as_str().unwrap().contains("Scaled up by 2")));
}

#[tokio::test]
async fn an_azure_group_lists_its_vms_deploys_and_detaches_with_the_choices_spelled() {
    let app = emulator();
    let id = group(&app, "/azure/compute/group", "azure-web").await;
    let base = format!("/azure/compute/group/{id}");
    let status = items(&app, &format!("{base}/status")).await;
    let vms = status[0]["vms"].as_array().unwrap().clone();
    assert_eq!(vms.len(), 2);
    assert!(vms[0]["vmName"].as_str().unwrap().starts_with("vm-"));
    assert_eq!(vms[0]["region"], "eastus");
    assert_eq!(vms[0]["powerState"], "running");

    let cap = spot_in_prod(
        &app,
        "PUT",
        &format!("{base}/capacity"),
        Some(json!({"capacity": {"minimum": 1, "target": 3, "maximum": 6}})),
    )
    .await;
    assert_eq!(cap.status, 200, "{}", cap.text);
    assert_eq!(
        items(&app, &format!("{base}/status")).await[0]["vms"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let body = json!({"deployment": {"batchSizePercentage": 100, "gracePeriod": 300}});
    let started = spot_in_prod(
        &app,
        "POST",
        &format!("{base}/deployment"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(started.status, 200, "{}", started.text);
    let did = started.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second = spot_in_prod(&app, "POST", &format!("{base}/deployment"), Some(body)).await;
    assert!(
        second.text.contains("Can't have 2 Rolls at the same time"),
        "{}",
        second.text
    );
    let listed = items(&app, &format!("{base}/deployment")).await;
    assert_eq!(listed[0]["id"], did.as_str());
    assert_eq!(
        items(&app, &format!("{base}/deployment/{did}")).await[0]["numOfBatches"],
        1
    );

    let vm = vms[0]["vmName"].as_str().unwrap();
    let detach = spot_in_prod(
        &app,
        "PUT",
        &format!("{base}/detachVms"),
        Some(json!({"vmsToDetach": [vm], "shouldTerminateVms": false, "shouldDecrementTargetCapacity": true})),
    )
    .await;
    assert_eq!(detach.status, 200, "{}", detach.text);
    let after = items(&app, &format!("{base}/status")).await[0]["vms"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|v| v["vmName"] != vm));
    let log = items(
        &app,
        &format!("{base}/logs?fromDate=2000-01-01&toDate=2100-01-01"),
    )
    .await;
    assert!(log.iter().any(|l| {
        let m = l["message"].as_str().unwrap();
        m.contains(vm)
            && m.contains("left running outside the group")
            && m.contains("target decremented")
    }));
}

#[tokio::test]
async fn aws_scaling_policy_suspensions_are_listed_once_made_and_gone_once_removed() {
    let app = emulator();
    let id = group(&app, "/aws/ec2/group", "batch-workers").await;
    let base = format!("/aws/ec2/group/{id}/scale");
    let made = spot_in_prod(
        &app,
        "POST",
        &format!("{base}/suspendPolicy?policyName=cpu-high"),
        Some(json!({"suspension": {"ttlInMinutes": 30}})),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let listed = items(&app, &format!("{base}/suspensions")).await;
    assert_eq!(
        listed[0]["scalePolicySuspensions"][0]["policyName"],
        "cpu-high"
    );
    let gone = spot_in_prod(
        &app,
        "POST",
        &format!("{base}/resumePolicy?policyName=cpu-high"),
        None,
    )
    .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    let listed = items(&app, &format!("{base}/suspensions")).await;
    assert_eq!(listed[0]["scalePolicySuspensions"], json!([]));

    // Processes likewise.
    let proc = format!("/aws/ec2/group/{id}/suspension");
    let made = spot_in_prod(
        &app,
        "POST",
        &proc,
        Some(json!({"suspensions": [{"name": "AUTO_HEALING"}]})),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    assert_eq!(
        items(&app, &proc).await[0]["suspensions"][0]["name"],
        "AUTO_HEALING"
    );
    let gone = spot_in_prod(
        &app,
        "DELETE",
        &proc,
        Some(json!({"processes": ["AUTO_HEALING"]})),
    )
    .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    assert_eq!(items(&app, &proc).await[0]["suspensions"], json!([]));
}

#[tokio::test]
async fn an_aws_instance_enters_and_leaves_standby_and_is_signalled() {
    let app = emulator();
    let id = group(&app, "/aws/ec2/group", "api-gateway").await;
    let status = items(&app, &format!("/aws/ec2/group/{id}/status")).await;
    let instance = status[0]["instanceId"].as_str().unwrap();
    for path in [
        format!("/aws/ec2/instance/{instance}/standby/enter"),
        format!("/aws/ec2/instance/{instance}/standby/exit"),
    ] {
        let a = spot_in_prod(&app, "POST", &path, None).await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let signal = spot_in_prod(
        &app,
        "POST",
        "/aws/ec2/instance/signal",
        Some(json!({"instanceId": instance, "signal": "INSTANCE_READY"})),
    )
    .await;
    assert_eq!(signal.status, 200, "{}", signal.text);
    let events = items(
        &app,
        &format!("/aws/ec2/group/{id}/events?fromDate=2000-01-01"),
    )
    .await;
    let said: Vec<&str> = events
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        said.iter().any(|m| m.contains("entered standby")),
        "{said:?}"
    );
    assert!(said.iter().any(|m| m.contains("left standby")), "{said:?}");
    assert!(
        said.iter().any(|m| m.contains("signalled INSTANCE_READY")),
        "{said:?}"
    );
}

#[tokio::test]
async fn an_asg_import_dry_run_makes_nothing_and_the_import_makes_the_group() {
    let app = emulator();
    let before = items(&app, "/aws/ec2/group").await.len();
    let body = json!({"group": {"name": "from-asg"}});
    let dry = spot_in_prod(
        &app,
        "POST",
        "/aws/ec2/group/autoScalingGroup/import?autoScalingGroupName=web-asg&region=us-east-1&dryRun=true",
        Some(body.clone()),
    )
    .await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.json()["response"]["items"][0]["name"], "from-asg");
    assert_eq!(items(&app, "/aws/ec2/group").await.len(), before);
    let made = spot_in_prod(
        &app,
        "POST",
        "/aws/ec2/group/autoScalingGroup/import?autoScalingGroupName=web-asg&region=us-east-1&dryRun=false",
        Some(body),
    )
    .await;
    let id = made.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("sig-"), "{id}");
    assert_eq!(items(&app, "/aws/ec2/group").await.len(), before + 1);
    assert_eq!(
        items(&app, &format!("/aws/ec2/group/{id}/status"))
            .await
            .len(),
        2
    );
}
