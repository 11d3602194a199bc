//! Spot's engine: every documented route answers in Spot's shapes, collections keep what is
//! created per account, bodies are checked against their schemas.

mod common;

use common::{emulator, send, spot};
use serde_json::{json, Value};

const PROD: &str = "act-1a2b3c4d";
const STAGING: &str = "act-5e6f7a8b";

fn catalog() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/spot/catalog.json"
    ))
    .expect("the generated catalog");
    serde_json::from_str(&text).unwrap()
}

/// A value of a query parameter's declared type.
fn query_value(p: &Value) -> String {
    if let Some(first) = p["enum"].as_array().and_then(|e| e.first()) {
        return first
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| first.to_string());
    }
    match (p["type"].as_str(), p["format"].as_str()) {
        (_, Some("date-time")) => "2021-11-01T00:00:00.000Z".into(),
        (Some("integer" | "number"), _) => "1".into(),
        (Some("boolean"), _) => "true".into(),
        _ => "x".into(),
    }
}

#[tokio::test]
async fn every_documented_route_answers_in_spots_shapes_and_is_tallied() {
    let app = emulator();
    let catalog = catalog();
    for op in catalog["ops"].as_array().unwrap() {
        let method = op["method"].as_str().unwrap();
        let mut path = op["path"].as_str().unwrap().to_string();
        let mut query = Vec::new();
        for p in op["params"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            if p["in"] == "path" {
                path = path.replace(&format!("{{{name}}}"), "unknown-id");
            } else if name == "accountId" {
                query.push(format!("accountId={PROD}"));
            } else if p["required"] == true {
                query.push(format!("{name}={}", query_value(p)));
            }
        }
        let uri = if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{}", query.join("&"))
        };
        let body = (op.get("body").is_some() && method != "GET").then(|| json!({}));
        let a = spot(&app, method, &uri, body).await;
        let slug = op["slug"].as_str().unwrap();
        assert!(
            [200, 201, 204, 400, 404].contains(&a.status.as_u16()),
            "{slug}: {method} {uri} answered {}: {}",
            a.status,
            a.text
        );
        if a.status == 404 {
            assert!(
                a.text.contains("RESOURCE_DOES_NOT_EXIST"),
                "{slug}: {method} {uri} is not routed: {}",
                a.text
            );
        }
        if a.status == 400 {
            let errors = &a.json()["response"]["errors"];
            assert!(
                errors[0]["field"].is_string() && errors[0]["message"].is_string(),
                "{slug}: {}",
                a.text
            );
        }
    }
    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let spot: Vec<&Value> = tally["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["api"] == "spot")
        .collect();
    assert_eq!(spot.len(), 332);
    let missed: Vec<String> = spot
        .iter()
        .filter(|o| o["hits"] == 0)
        .map(|o| format!("{} {}", o["method"], o["route"]))
        .collect();
    assert!(missed.is_empty(), "routes never reached: {missed:#?}");
}

#[tokio::test]
async fn the_demo_world_lists_two_accounts_and_their_groups() {
    let app = emulator();
    let accounts = spot(&app, "GET", "/setup/account", None).await.json();
    assert_eq!(accounts["response"]["kind"], "spotinst:setup:account");
    assert_eq!(accounts["response"]["count"], 2);
    let names: Vec<&str> = accounts["response"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["production", "staging"]);
    assert_eq!(accounts["response"]["items"][0]["accountId"], PROD);

    let prod = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group?accountId={PROD}"),
        None,
    )
    .await
    .json();
    assert_eq!(prod["response"]["count"], 3);
    let staging = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group?accountId={STAGING}"),
        None,
    )
    .await
    .json();
    assert_eq!(staging["response"]["count"], 1);
    assert_eq!(
        staging["response"]["items"][0]["name"],
        "web-frontend-staging"
    );
    let id = staging["response"]["items"][0]["id"].as_str().unwrap();
    assert!(id.starts_with("sig-"), "{id}");
    // Another account does not see it.
    let other = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group/{id}?accountId={PROD}"),
        None,
    )
    .await;
    assert_eq!(other.status, 404);
}

#[tokio::test]
async fn a_group_is_created_read_updated_and_deleted() {
    let app = emulator();
    let body = json!({"group": {"name": "made-by-test", "capacity": {"target": 2, "minimum": 1, "maximum": 4, "unit": "instance"}}});
    let created = spot(
        &app,
        "POST",
        &format!("/aws/ec2/group?accountId={PROD}"),
        Some(body),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let group = created.json()["response"]["items"][0].clone();
    let id = group["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("sig-"));

    // The document marks the name required on update too.
    let update = json!({"group": {"name": "made-by-test", "capacity": {"target": 3}}});
    let updated = spot(
        &app,
        "PUT",
        &format!("/aws/ec2/group/{id}?accountId={PROD}"),
        Some(update),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    let read = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group/{id}?accountId={PROD}"),
        None,
    )
    .await
    .json();
    let capacity = &read["response"]["items"][0]["capacity"];
    assert_eq!(
        (capacity["target"].as_i64(), capacity["maximum"].as_i64()),
        (Some(3), Some(4))
    );

    // A sub-read of an existing group answers; of an unknown one, 404 in Spot's envelope.
    let status = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group/{id}/status?accountId={PROD}"),
        None,
    )
    .await;
    assert_eq!(status.status, 200, "{}", status.text);
    let unknown = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group/sig-nope/status?accountId={PROD}"),
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(
        unknown.json()["response"]["errors"][0]["code"],
        "RESOURCE_DOES_NOT_EXIST"
    );

    // The document requires a body (the stateful deallocation options) on delete.
    let deleted = spot(
        &app,
        "DELETE",
        &format!("/aws/ec2/group/{id}?accountId={PROD}"),
        Some(json!({})),
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    let gone = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group/{id}?accountId={PROD}"),
        None,
    )
    .await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn bodies_and_queries_are_checked_with_the_field_named() {
    let app = emulator();
    let body = json!({"group": {"name": "no-capacity"}});
    let refused = spot(
        &app,
        "POST",
        &format!("/aws/ec2/group?accountId={PROD}"),
        Some(body),
    )
    .await;
    assert_eq!(refused.status, 400);
    let errors = refused.json()["response"]["errors"].clone();
    assert_eq!(errors[0]["code"], "ValidationError");
    assert_eq!(errors[0]["field"], "body:group.capacity", "{errors}");

    let body = json!({"group": {"name": "bad-unit", "capacity": {"target": 1, "minimum": 1, "maximum": 2, "unit": "gallons"}}});
    let refused = spot(
        &app,
        "POST",
        &format!("/aws/ec2/group?accountId={PROD}"),
        Some(body),
    )
    .await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.json()["response"]["errors"][0]["field"],
        "body:group.capacity.unit"
    );

    // What the schema cannot say: a minimum above the maximum, in the wrapper or at the top.
    let body = json!({"group": {"name": "upside-down", "capacity": {"target": 1, "minimum": 5, "maximum": 2, "unit": "instance"}}});
    let refused = spot(
        &app,
        "POST",
        &format!("/aws/ec2/group?accountId={PROD}"),
        Some(body),
    )
    .await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    let error = &refused.json()["response"]["errors"][0];
    assert_eq!(error["field"], "body:group.capacity.minimum");
    assert_eq!(error["message"], "minimum (5) cannot be above maximum (2)");
    let groups = spot(
        &app,
        "GET",
        &format!("/aws/ec2/group?accountId={PROD}"),
        None,
    )
    .await;
    let id = groups.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = spot(
        &app,
        "PUT",
        &format!("/aws/ec2/group/{id}/capacity?accountId={PROD}"),
        Some(json!({"capacity": {"minimum": 3, "maximum": 1}})),
    )
    .await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    assert_eq!(
        refused.json()["response"]["errors"][0]["field"],
        "body:capacity.minimum"
    );

    // accountId is required on the Ocean cluster list.
    let missing = spot(&app, "GET", "/ocean/aws/k8s/cluster", None).await;
    assert_eq!(missing.status, 400, "{}", missing.text);
    assert_eq!(
        missing.json()["response"]["errors"][0]["field"],
        "query:accountId"
    );
}

#[tokio::test]
async fn virtual_node_groups_filter_by_their_cluster() {
    let app = emulator();
    let clusters = spot(
        &app,
        "GET",
        &format!("/ocean/aws/k8s/cluster?accountId={PROD}"),
        None,
    )
    .await
    .json();
    let ocean = clusters["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(ocean.starts_with("o-"), "{ocean}");
    let specs = spot(
        &app,
        "GET",
        &format!("/ocean/aws/k8s/launchSpec?accountId={PROD}&oceanId={ocean}"),
        None,
    )
    .await
    .json();
    assert_eq!(specs["response"]["count"], 2);
    assert!(specs["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .starts_with("ols-"));
    let none = spot(
        &app,
        "GET",
        &format!("/ocean/aws/k8s/launchSpec?accountId={PROD}&oceanId=o-other"),
        None,
    )
    .await
    .json();
    assert_eq!(none["response"]["count"], 0);
}

#[tokio::test]
async fn a_query_parameter_the_operation_does_not_declare_is_refused() {
    let app = emulator();
    // List Accounts is organization-level: it takes no accountId.
    let refused = spot(
        &app,
        "GET",
        &format!("/setup/account?accountId={PROD}"),
        None,
    )
    .await;
    assert_eq!(refused.status, 400);
    let body = refused.json();
    assert_eq!(body["response"]["errors"][0]["field"], "query:accountId");
    assert_eq!(spot(&app, "GET", "/setup/account", None).await.status, 200);
}
