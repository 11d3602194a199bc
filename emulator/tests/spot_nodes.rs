//! Stateful nodes and Spot's account services with behaviour: a node paused then resumed moves
//! through its states over a few seconds (a wrong-state action refused), an import moves through
//! its migration and ends with the node listed, costs cover the requested range, a health check
//! with a bad proxy address is refused on its field, writes land in the audit log, the
//! notification policy is kept and the export is a CSV over the range.

mod common;

use std::time::Duration;

use common::{emulator, spot};
use serde_json::json;

const ACT: &str = "accountId=act-1a2b3c4d";

async fn node_status(app: &axum::Router, id: &str) -> String {
    let a = spot(
        app,
        "GET",
        &format!("/aws/ec2/managedInstance/{id}/status?{ACT}&MI_ID={id}"),
        None,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()["response"]["items"][0]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_node_pauses_and_resumes_through_its_states() {
    let app = emulator();
    let list = spot(
        &app,
        "GET",
        &format!("/aws/ec2/managedInstance?{ACT}"),
        None,
    )
    .await;
    let id = list.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(node_status(&app, &id).await, "ACTIVE");
    let resume = spot(
        &app,
        "PUT",
        &format!("/aws/ec2/managedInstance/{id}/resume?{ACT}&MI_ID={id}"),
        None,
    )
    .await;
    assert_eq!(resume.status, 400);
    assert!(resume.text.contains("must be PAUSED"), "{}", resume.text);
    let pause = spot(
        &app,
        "PUT",
        &format!("/aws/ec2/managedInstance/{id}/pause?{ACT}&MI_ID={id}"),
        None,
    )
    .await;
    assert_eq!(pause.status, 200, "{}", pause.text);
    assert_eq!(node_status(&app, &id).await, "PAUSING");
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    assert_eq!(node_status(&app, &id).await, "PAUSED");
    spot(
        &app,
        "PUT",
        &format!("/aws/ec2/managedInstance/{id}/resume?{ACT}&MI_ID={id}"),
        None,
    )
    .await;
    assert_eq!(node_status(&app, &id).await, "RESUMING");
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    assert_eq!(node_status(&app, &id).await, "ACTIVE");
    let listed = spot(
        &app,
        "GET",
        &format!("/aws/ec2/managedInstance?{ACT}"),
        None,
    )
    .await;
    assert!(
        listed.text.contains("\"state\":\"ACTIVE\""),
        "{}",
        listed.text
    );

    let costs = spot(
        &app,
        "GET",
        &format!("/aws/ec2/managedInstance/{id}/costs?{ACT}&MI_ID={id}&fromDate=2024-01-01&toDate=2024-01-10"),
        None,
    )
    .await;
    let items = costs.json()["response"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), 10);
    assert!(items[0]["costs"]["actual"].as_f64().unwrap() > 0.0);

    let audit = spot(
        &app,
        "GET",
        &format!("/audit/events?fromDate=0&toDate=9999999999&{ACT}"),
        None,
    )
    .await;
    let events = audit.json()["response"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert!(events.len() >= 3, "{}", audit.text);
    assert_eq!(
        events[0]["actionType"],
        "PUT /aws/ec2/managedInstance/{MI_ID}/resume"
    );
    assert_eq!(events[0]["resourceId"], id.as_str());
    let refused = spot(
        &app,
        "GET",
        &format!("/audit/events?fromDate=0&toDate=9999999999&{ACT}&responseStatus=400"),
        None,
    )
    .await;
    assert_eq!(
        refused.json()["response"]["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_import_moves_through_its_migration_and_lists_the_node() {
    let app = emulator();
    let made = spot(
        &app,
        "POST",
        &format!("/aws/ec2/managedInstance/migration?{ACT}"),
        Some(
            json!({"migration": {"originalInstanceId": "i-0abc", "region": "us-east-1",
            "shouldKeepPrivateIp": true, "managedInstanceName": "legacy-erp"}}),
        ),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let m = made.json()["response"]["items"][0].clone();
    assert_eq!(m["state"], "MIGRATE_START");
    let (mid, node) = (
        m["migrationId"].as_str().unwrap(),
        m["managedInstanceId"].as_str().unwrap(),
    );
    tokio::time::sleep(Duration::from_millis(4_600)).await;
    let st = spot(
        &app,
        "GET",
        &format!("/aws/ec2/managedInstance/migration/{mid}?{ACT}&MI_ID={node}"),
        None,
    )
    .await;
    assert_eq!(
        st.json()["response"]["items"][0]["state"],
        "MIGRATE_END",
        "{}",
        st.text
    );
    let listed = spot(
        &app,
        "GET",
        &format!("/aws/ec2/managedInstance?{ACT}"),
        None,
    )
    .await;
    assert!(listed.text.contains("legacy-erp"), "{}", listed.text);
}

#[tokio::test]
async fn services_check_keep_and_answer_over_a_range() {
    let app = emulator();
    let bad = spot(&app, "POST", "/healthCheck", Some(json!({"healthCheck": {"name": "x", "proxyAddress": "10.0.0.1", "resourceId": "sig-1"}}))).await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json()["response"]["errors"][0]["field"],
        "body:healthCheck.proxyAddress"
    );
    let good = spot(&app, "POST", "/healthCheck", Some(json!({"healthCheck": {"name": "x", "proxyAddress": "http://10.0.0.1", "resourceId": "sig-1"}}))).await;
    assert_eq!(good.status, 200, "{}", good.text);
    let listed = spot(&app, "GET", &format!("/healthCheck?{ACT}"), None).await;
    assert!(listed.text.contains("http://10.0.0.1"));

    let policy = json!({"accountPolicy": {"emailPolicy": {"statements": [{"category": "elastigroup", "isEnabled": false}]}}});
    let put = spot(
        &app,
        "PUT",
        &format!("/events/notification/accountPolicy?{ACT}"),
        Some(policy),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.text);
    let got = spot(
        &app,
        "GET",
        &format!("/events/notification/accountPolicy?{ACT}"),
        None,
    )
    .await;
    assert_eq!(
        got.json()["response"]["items"][0]["accountPolicy"]["emailPolicy"]["statements"][0]
            ["isEnabled"],
        false
    );

    let costs = spot(
        &app,
        "GET",
        &format!("/aws/costs?{ACT}&fromDate=2024-01-01&toDate=2024-01-14"),
        None,
    )
    .await;
    assert_eq!(
        costs.json()["response"]["items"][0]
            .as_array()
            .unwrap()
            .len(),
        14
    );
    let savings = spot(&app, "GET", &format!("/aws/potentialSavings?{ACT}"), None).await;
    assert!(savings.text.contains("web-frontend"), "{}", savings.text);
    let csv = spot(
        &app,
        "POST",
        "/insights/instanceCosts/export",
        Some(json!({"fromDate": "2024-01-01", "toDate": "2024-01-03"})),
    )
    .await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.text.lines().count(), 4, "{}", csv.text);
}
