//! Ocean CD and Ocean Spark beyond the engine: rollouts that obey the document's action and
//! external verifications, notification providers under the document's microservice path,
//! Spark applications moving through their states while their driver log grows.

mod common;

use std::time::Duration;

use common::{emulator, spot};
use serde_json::{json, Value};

async fn items(app: &axum::Router, path: &str) -> Vec<Value> {
    let a = spot(app, "GET", path, None).await;
    assert_eq!(a.status, 200, "{path}: {}", a.text);
    a.json()["response"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn status_of(app: &axum::Router, id: &str) -> String {
    items(app, "/ocean/cd/rollout?fromDate=2000-01-01")
        .await
        .into_iter()
        .find(|r| r["id"] == id)
        .and_then(|r| r["status"].as_str().map(str::to_string))
        .unwrap_or_default()
}

#[tokio::test]
async fn rollouts_obey_a_rollback_and_a_verification_after_a_step() {
    let app = emulator();
    assert_eq!(status_of(&app, "rol-inventory01").await, "inProgress");
    let verified = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-inventory01/externalVerification",
        Some(json!({"status": "passed"})),
    )
    .await;
    assert_eq!(verified.status, 200, "{}", verified.text);
    let rollback = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-checkout01",
        Some(json!({"action": "rollback"})),
    )
    .await;
    assert_eq!(rollback.status, 200, "{}", rollback.text);
    // A second request while the first is being acted on is refused in words.
    let again = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-checkout01",
        Some(json!({"action": "rollback"})),
    )
    .await;
    assert_eq!(again.status, 400);
    assert!(again.text.contains("already acting"), "{}", again.text);
    // Not an action the document has.
    let promote = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-checkout01",
        Some(json!({"action": "promote"})),
    )
    .await;
    assert_eq!(promote.status, 400);
    assert_eq!(status_of(&app, "rol-inventory01").await, "inProgress");
    tokio::time::sleep(Duration::from_millis(opsdeck_emulator_step() + 200)).await;
    assert_eq!(status_of(&app, "rol-inventory01").await, "finished");
    assert_eq!(status_of(&app, "rol-checkout01").await, "canceled");
    let over = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-billing001",
        Some(json!({"action": "rollback"})),
    )
    .await;
    assert_eq!(over.status, 400);
    assert!(over.text.contains("is finished"), "{}", over.text);
    let missing = spot(
        &app,
        "PUT",
        "/ocean/cd/rollout/rol-nowhere",
        Some(json!({"action": "rollback"})),
    )
    .await;
    assert_eq!(missing.status, 404);
}

/// The emulator's rollout step (`STEP_MS` in `apis/spot/cd.rs`).
fn opsdeck_emulator_step() -> u64 {
    1500
}

#[tokio::test]
async fn cd_entities_and_notification_providers_under_the_microservice_path() {
    let app = emulator();
    let clusters = items(&app, "/ocean/cd/cluster").await;
    assert_eq!(clusters[0]["id"], "prod-eks");
    let put = spot(
        &app,
        "PUT",
        "/ocean/cd/cluster/prod-eks",
        Some(json!({"notification": {"minutesWithoutHeartbeat": 9}})),
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.text);
    let c = items(&app, "/ocean/cd/cluster/prod-eks").await;
    assert_eq!(c[0]["notification"]["minutesWithoutHeartbeat"], 9);
    // The provider is read and patched where the document puts it.
    let p = items(&app, "/ocean/cd/microservice/ops-webhook").await;
    assert_eq!(p[0]["webhook"]["url"], "https://hooks.example.com/cd");
    let patched = spot(
        &app,
        "PATCH",
        "/ocean/cd/microservice/ops-webhook",
        Some(json!({"notificationProvider": {"webhook": {"url": "https://hooks.example.com/v2"}}})),
    )
    .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let p = items(&app, "/ocean/cd/notificationProvider").await;
    assert_eq!(p[0]["webhook"]["url"], "https://hooks.example.com/v2");
    // A microservice of that path is still the microservice.
    let m = items(&app, "/ocean/cd/microservice/inventory-service").await;
    assert_eq!(m[0]["name"], "inventory-service");
    assert_eq!(
        items(&app, "/ocean/cd/rolloutSpec").await[0]["name"],
        "inventory-service-rolling"
    );
}

const SPARK: &str = "/ocean/spark/cluster/osc-prod0001";

async fn spark_app(app: &axum::Router, id: &str) -> Value {
    items(app, &format!("{SPARK}/app/{id}")).await[0].clone()
}

async fn log(app: &axum::Router, id: &str) -> String {
    spot(app, "GET", &format!("{SPARK}/app/{id}/logs/live"), None)
        .await
        .text
}

#[tokio::test]
async fn spark_applications_run_and_their_log_grows() {
    let app = emulator();
    let submitted = spot(
        &app,
        "POST",
        &format!("{SPARK}/app"),
        Some(json!({"jobId": "daily-report", "appId": "daily-report-1"})),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text);
    let id = submitted.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(spark_app(&app, &id).await["appState"], "SUBMITTED");
    tokio::time::sleep(Duration::from_millis(1700)).await;
    assert_eq!(spark_app(&app, &id).await["appState"], "RUNNING");
    let first = log(&app, &id).await.lines().count();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let later = log(&app, &id).await.lines().count();
    assert!(later > first, "{first} then {later} lines");
    let events = spot(
        &app,
        "GET",
        &format!("{SPARK}/app/{id}/kubeEvents/live"),
        None,
    )
    .await;
    assert!(
        events.text.contains("Started driver container"),
        "{}",
        events.text
    );
    // Across clusters, by state; the job lists its applications; the seeded ones are done.
    let all = items(&app, "/ocean/spark/app?state=COMPLETED").await;
    let page = all[0]["page"].as_array().unwrap();
    assert!(page.iter().all(|a| a["appState"] == "COMPLETED"));
    assert!(page.iter().any(|a| a["displayName"] == "nightly-etl-2"));
    let jobs = items(&app, "/ocean/spark/job").await;
    assert!(jobs.iter().any(|j| j["id"] == "daily-report"));
    let templates = items(&app, "/ocean/spark/configTemplate").await;
    assert_eq!(templates[0]["displayName"], "spark-pi-small");
    let nowhere = spot(&app, "GET", "/ocean/spark/cluster/osc-none/app", None).await;
    assert_eq!(nowhere.status, 404);
}
