//! Spot's organization calls: users listed after they are made with their token in the create's
//! answer only, mappings listed per user, AWS credentials refused out of Spot's order.

mod common;

use common::{emulator, spot};
use serde_json::{json, Value};

#[tokio::test]
async fn a_users_token_is_in_the_create_answer_only() {
    let app = emulator();
    let made = spot(
        &app,
        "POST",
        "/setup/user?generateToken=true",
        Some(json!({"email": "ana@example.com", "firstName": "Ana", "lastName": "Lee", "role": "viewer"})),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.text);
    let user = &made.json()["response"]["items"][0];
    let token = user["personalAccessToken"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let listed = spot(&app, "GET", "/setup/user", None).await;
    assert!(listed.text.contains("ana@example.com"), "{}", listed.text);
    assert!(!listed.text.contains(&token));
    assert!(!listed.text.contains("personalAccessToken"));
    let again = spot(
        &app,
        "POST",
        "/setup/user",
        Some(json!({"email": "ana@example.com"})),
    )
    .await;
    assert_eq!(again.status, 400);
    assert!(again.text.contains("USER_ALREADY_EXISTS"));

    let made = spot(
        &app,
        "POST",
        "/setup/user/programmatic",
        Some(json!({"name": "ci-bot", "accounts": [{"id": "act-1a2b3c4d", "role": "viewer"}]})),
    )
    .await;
    let bot = &made.json()["response"]["items"][0];
    let (id, token) = (bot["id"].as_str().unwrap(), bot["token"].as_str().unwrap());
    for path in [
        "/setup/user/programmatic".to_string(),
        format!("/setup/user/programmatic/{id}"),
    ] {
        let read = spot(&app, "GET", &path, None).await;
        assert!(read.text.contains("ci-bot"), "{}", read.text);
        assert!(!read.text.contains(token), "{path} shows the token again");
    }
    let gone = spot(
        &app,
        "DELETE",
        &format!("/setup/user/programmatic/{id}/account"),
        None,
    )
    .await;
    assert_eq!(gone.status, 200);
    let read = spot(&app, "GET", &format!("/setup/user/programmatic/{id}"), None).await;
    assert_eq!(read.status, 404);
}

#[tokio::test]
async fn users_are_assigned_updated_and_detached() {
    let app = emulator();
    spot(
        &app,
        "POST",
        "/setup/user",
        Some(json!({"email": "bo@example.com"})),
    )
    .await;
    let set = spot(
        &app,
        "POST",
        "/setup/account/act-5e6f7a8b/user",
        Some(json!({"userEmail": "bo@example.com", "role": "viewer"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let user = spot(
        &app,
        "GET",
        "/setup/accountUserMapping?userEmail=bo%40example.com",
        None,
    )
    .await;
    assert_eq!(user.json()["response"]["items"][0]["role"], "viewer");
    let id = spot(&app, "GET", "/setup/user?accountId=act-5e6f7a8b", None)
        .await
        .json()["response"]["items"][0]["userId"]
        .clone();
    spot(
        &app,
        "PUT",
        "/setup/account/act-5e6f7a8b/user",
        Some(json!({"userId": id, "role": "editor"})),
    )
    .await;
    let user = spot(
        &app,
        "GET",
        "/setup/accountUserMapping?userEmail=bo%40example.com",
        None,
    )
    .await;
    assert_eq!(user.json()["response"]["items"][0]["role"], "editor");
    assert_eq!(user.json()["response"]["count"], 1);
    spot(
        &app,
        "DELETE",
        "/setup/account/act-5e6f7a8b/user",
        Some(json!({"userEmail": "bo@example.com"})),
    )
    .await;
    let user = spot(
        &app,
        "GET",
        "/setup/accountUserMapping?userEmail=bo%40example.com",
        None,
    )
    .await;
    assert_eq!(user.json()["response"]["count"], 0);
}

#[tokio::test]
async fn aws_credentials_need_the_external_id_first() {
    let app = emulator();
    let role = json!({"credentials": {"iamRole": "arn:aws:iam::123456789012:role/spot"}});
    let early = spot(
        &app,
        "POST",
        "/setup/credentials/aws?accountId=act-5e6f7a8b",
        Some(role.clone()),
    )
    .await;
    assert_eq!(early.status, 400);
    let error = &early.json()["response"]["errors"][0];
    assert_eq!(error["code"], "EXTERNAL_ID_NOT_FOUND");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("Create the external ID first"));
    let ext = spot(
        &app,
        "POST",
        "/setup/credentials/aws/externalId?accountId=act-5e6f7a8b",
        None,
    )
    .await;
    assert!(
        ext.json()["response"]["items"][0]["externalId"].is_string(),
        "{}",
        ext.text
    );
    let bad = spot(
        &app,
        "POST",
        "/setup/credentials/aws?accountId=act-5e6f7a8b",
        Some(json!({"credentials": {"iamRole": "spot"}})),
    )
    .await;
    assert_eq!(
        bad.json()["response"]["errors"][0]["field"],
        "body:credentials.iamRole"
    );
    let set = spot(
        &app,
        "POST",
        "/setup/credentials/aws?accountId=act-5e6f7a8b",
        Some(role),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text);
    // Another account has no external id yet.
    let other = spot(
        &app,
        "POST",
        "/setup/credentials/aws?accountId=act-1a2b3c4d",
        Some(json!({"credentials": {"iamRole": "arn:aws:iam::123456789012:role/spot"}})),
    )
    .await;
    assert_eq!(other.status, 400);
}

#[tokio::test]
async fn gcp_and_azure_credentials_name_what_is_missing() {
    let app = emulator();
    let gcp = spot(
        &app,
        "POST",
        "/gcp/setup/credentials/validation?accountId=act-1a2b3c4d",
        Some(json!({"serviceAccount": {"type": "service_account", "project_id": "p"}})),
    )
    .await;
    assert_eq!(gcp.status, 400);
    let fields: Vec<Value> = gcp.json()["response"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        vec![
            json!("body:serviceAccount.private_key"),
            json!("body:serviceAccount.client_email")
        ]
    );
    let azure =
        json!({"clientId": "c", "clientSecret": "s", "tenantId": "t", "subscriptionId": "u"});
    let ok = spot(
        &app,
        "POST",
        "/azure/setup/credentials/validation?accountId=act-1a2b3c4d",
        Some(azure),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn a_created_account_is_listed_by_its_account_id() {
    let app = emulator();
    let made = spot(
        &app,
        "POST",
        "/setup/account",
        Some(json!({"account": {"name": "e2e"}})),
    )
    .await;
    let id = made.json()["response"]["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("act-"), "{}", made.text);
    let listed = spot(&app, "GET", "/setup/account", None).await.json();
    let item = listed["response"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "e2e")
        .cloned()
        .unwrap();
    assert_eq!(item["accountId"], json!(id));
    let renamed = spot(
        &app,
        "PUT",
        &format!("/setup/account/{id}"),
        Some(json!({"account": {"name": "e2e-2"}})),
    )
    .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    let gone = spot(&app, "DELETE", &format!("/setup/account/{id}"), None).await;
    assert_eq!(gone.status, 200);
    let listed = spot(&app, "GET", "/setup/account", None).await.text;
    assert!(!listed.contains(&id));
}
