//! Keboola Provisioning: sync credentials per backend and type, async docker jobs on the queue.

mod common;

use axum::Router;
use common::{emulator, send, Answer};
use serde_json::{json, Value};

const P1: &str = "keboola-demo-token";
const P2: &str = "keboola-second-project";
const BASE: &str = "/api/keboola";

async fn call(app: &Router, token: &str, method: &str, path: &str, body: Option<Value>) -> Answer {
    let uri = format!("{BASE}{path}");
    let text = body.map(|b| b.to_string());
    let mut headers = vec![("X-StorageApi-Token", token)];
    if text.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    send(app, method, &uri, &headers, text.as_deref()).await
}

fn id_of(a: &Answer) -> String {
    a.json()["id"].as_str().expect("string id").to_string()
}

/// Polls a job url (mapped onto the emulator's queue) until it is finished; returns every
/// status seen, in order, and the final body.
async fn wait_job(app: &Router, token: &str, url: &str) -> (Vec<String>, Value) {
    let path = url
        .strip_prefix("https://queue.keboola.emulator")
        .unwrap_or_else(|| panic!("job url on the fake queue host: {url}"));
    assert!(path.starts_with("/queue/job/"), "{path}");
    let uri = format!("/api/keboola-queue{path}");
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let a = send(app, "GET", &uri, &[("X-StorageApi-Token", token)], None).await;
        assert_eq!(a.status, 200, "{}", a.text);
        let body = a.json();
        let status = body["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&status) {
            seen.push(status);
        }
        if body["isFinished"] == json!(true) {
            return (seen, body);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("job never finished: {seen:?}");
}

fn in_order(seen: &[String], last: &str) {
    let rank = |s: &str| ["waiting", "processing", last].iter().position(|x| *x == s);
    let ranks: Vec<_> = seen.iter().map(|s| rank(s).expect(s)).collect();
    assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some(last), "{seen:?}");
}

#[tokio::test]
async fn create_returns_existing_credentials_for_the_same_backend_and_type() {
    let app = emulator();
    let first = call(&app, P1, "POST", "/mysql", Some(json!({"type": "sandbox"}))).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let body = first.json();
    let id = id_of(&first);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["url"], format!("mysql/{id}"));
    assert_eq!(body["credentials"]["id"], id.as_str());
    for field in ["db", "hostname", "password", "user"] {
        assert!(
            !body["credentials"][field].as_str().unwrap().is_empty(),
            "{field}"
        );
    }
    assert!(body["touch"].as_str().unwrap().parse::<u64>().is_ok());

    let again = call(&app, P1, "POST", "/mysql", Some(json!({"type": "sandbox"}))).await;
    assert_eq!(again.status, 201);
    assert_eq!(id_of(&again), id);
    assert_eq!(again.json()["credentials"], body["credentials"]);

    // No body means the default type, transformations, which the project already has.
    let listed = call(&app, P1, "GET", "/mysql", None).await;
    let default = call(&app, P1, "POST", "/mysql", None).await;
    assert_eq!(default.status, 201);
    assert_eq!(id_of(&default), id_of(&listed));
    assert_ne!(id_of(&default), id);

    let other = call(
        &app,
        P1,
        "POST",
        "/snowflake",
        Some(json!({"type": "writer"})),
    )
    .await;
    assert_eq!(other.status, 201);
    assert!(other.json()["url"]
        .as_str()
        .unwrap()
        .starts_with("snowflake/"));
    assert_ne!(id_of(&other), id);
}

#[tokio::test]
async fn types_are_checked_against_the_backend_table() {
    let app = emulator();
    let cases = [
        ("/mysql", "writer", 400),
        ("/mysql", "luckyguess", 400),
        ("/mysql", "transformations", 201),
        ("/redshift-workspace", "luckyguess", 201),
        ("/snowflake", "read", 400),
        ("/snowflake", "rstudio", 400),
        ("/redshift", "sandbox", 400),
    ];
    for (path, kind, status) in cases {
        let a = call(&app, P1, "POST", path, Some(json!({ "type": kind }))).await;
        assert_eq!(a.status, status, "{path} {kind}: {}", a.text);
        if status == 400 {
            assert_eq!(a.json()["status"], "error");
            assert!(a.json()["message"].as_str().unwrap().contains(kind) || path == "/redshift");
        }
    }
    let bad_json = send(
        &app,
        "POST",
        "/api/keboola/mysql",
        &[("X-StorageApi-Token", P1)],
        Some("{\"type\": \"sandbox\""),
    )
    .await;
    assert_eq!(bad_json.status, 400);
    // The list's default type, transformations, does not exist for docker.
    let docker_default = call(&app, P1, "GET", "/docker", None).await;
    assert_eq!(docker_default.status, 400);
    let docker = call(&app, P1, "GET", "/docker?type=rstudio", None).await;
    assert_eq!(docker.status, 200, "{}", docker.text);
    assert!(docker.json()["credentials"]["port"].as_u64().is_some());
    assert!(docker.json()["credentials"]["id"].as_u64().is_some());
}

#[tokio::test]
async fn docker_uses_only_async_actions_and_async_actions_only_docker() {
    let app = emulator();
    let docker_id = id_of(&call(&app, P1, "GET", "/docker?type=rstudio", None).await);
    let create = call(
        &app,
        P1,
        "POST",
        "/docker",
        Some(json!({"type": "rstudio"})),
    )
    .await;
    assert_eq!(create.status, 400);
    assert!(create.json()["message"].as_str().unwrap().contains("async"));
    let drop = call(&app, P1, "DELETE", &format!("/docker/{docker_id}"), None).await;
    assert_eq!(drop.status, 400);
    assert!(drop.json()["message"].as_str().unwrap().contains("async"));
    let kill = call(&app, P1, "POST", &format!("/docker/{docker_id}/kill"), None).await;
    assert_eq!(kill.status, 400);
    // Still there, and extend is allowed for docker.
    let extend = call(
        &app,
        P1,
        "POST",
        &format!("/docker/{docker_id}/extend"),
        None,
    )
    .await;
    assert_eq!(extend.status, 200, "{}", extend.text);

    let body = json!({"type": "rstudio"});
    let a = call(&app, P1, "POST", "/async/mysql", Some(body)).await;
    assert_eq!(a.status, 400);
    assert!(a.json()["message"].as_str().unwrap().contains("docker"));
    let t = json!({"transformation": {"config_id": "1", "config_version": "1", "row_id": "1"}});
    let a = call(&app, P1, "POST", "/async/snowflake/transformation", Some(t)).await;
    assert_eq!(a.status, 400);
    let mysql_id = id_of(&call(&app, P1, "GET", "/mysql", None).await);
    let a = call(
        &app,
        P1,
        "DELETE",
        &format!("/async/docker/{mysql_id}"),
        None,
    )
    .await;
    assert_eq!(a.status, 400);
    let a = call(&app, P1, "GET", &format!("/mysql/{mysql_id}"), None).await;
    assert_eq!(a.status, 200, "the refused drops dropped nothing");
}

#[tokio::test]
async fn each_token_is_its_own_project() {
    let app = emulator();
    let p1_sandbox = call(&app, P1, "GET", "/snowflake?type=sandbox", None).await;
    assert_eq!(p1_sandbox.status, 200);
    let id = id_of(&p1_sandbox);
    let p2_sees = call(&app, P2, "GET", &format!("/snowflake/{id}"), None).await;
    assert_eq!(p2_sees.status, 404);
    let p2_list = call(&app, P2, "GET", "/snowflake?type=sandbox", None).await;
    assert_eq!(p2_list.status, 404);
    assert_eq!(p2_list.json()["status"], "error");
    let p2_kill = call(&app, P2, "POST", &format!("/snowflake/{id}/kill"), None).await;
    assert_eq!(p2_kill.status, 404);
    let p2_drop = call(&app, P2, "DELETE", &format!("/snowflake/{id}"), None).await;
    assert_eq!(p2_drop.status, 404);

    let p2_create = call(
        &app,
        P2,
        "POST",
        "/snowflake",
        Some(json!({"type": "sandbox"})),
    )
    .await;
    assert_eq!(p2_create.status, 201);
    assert_ne!(id_of(&p2_create), id);
    assert_eq!(
        call(&app, P1, "GET", &format!("/snowflake/{id}"), None)
            .await
            .status,
        200
    );
    // Both projects start with their own mysql transformations credentials.
    let m1 = id_of(&call(&app, P1, "GET", "/mysql", None).await);
    let m2 = id_of(&call(&app, P2, "GET", "/mysql", None).await);
    assert_ne!(m1, m2);
}

#[tokio::test]
async fn detail_kill_extend_and_drop_a_sandbox_in_use() {
    let app = emulator();
    let listed = call(&app, P1, "GET", "/snowflake?type=sandbox", None).await;
    let id = id_of(&listed);
    assert_eq!(listed.json()["inUse"], true);
    let detail = call(&app, P1, "GET", &format!("/snowflake/{id}"), None).await;
    assert_eq!(detail.status, 200);
    let detail = detail.json();
    assert_eq!(detail["inUse"], true);
    assert_eq!(detail["credentials"]["id"], id.as_str());
    assert_eq!(detail["status"], "ok");
    assert_eq!(
        call(&app, P1, "GET", &format!("/mysql/{id}"), None)
            .await
            .status,
        404,
        "the id belongs to snowflake"
    );

    let kill = send(
        &app,
        "POST",
        &format!("{BASE}/snowflake/{id}/kill"),
        &[("X-StorageApi-Token", P1), ("X-KBC-RunId", "myRunId")],
        None,
    )
    .await;
    assert_eq!(kill.status, 200);
    assert_eq!(kill.json(), json!({"status": "ok"}));
    let after = call(&app, P1, "GET", &format!("/snowflake/{id}"), None).await;
    assert_eq!(after.json()["inUse"], false);

    let before: u64 = detail["touch"].as_str().unwrap().parse().unwrap();
    let extend = call(&app, P1, "POST", &format!("/snowflake/{id}/extend"), None).await;
    assert_eq!(extend.status, 200);
    let extend = extend.json();
    assert_eq!(extend["id"], id.as_str());
    let touch: u64 = extend["touch"].as_str().unwrap().parse().unwrap();
    assert!(touch > before, "{touch} > {before}");
    let after = call(&app, P1, "GET", &format!("/snowflake/{id}"), None).await;
    assert_eq!(after.json()["touch"], extend["touch"]);

    let drop = call(&app, P1, "DELETE", &format!("/snowflake/{id}"), None).await;
    assert_eq!(drop.status, 200);
    assert_eq!(drop.json(), json!({"status": "ok"}));
    let gone = call(&app, P1, "GET", &format!("/snowflake/{id}"), None).await;
    assert_eq!(gone.status, 404);
    let listed = call(&app, P1, "GET", "/snowflake?type=sandbox", None).await;
    assert_eq!(listed.status, 404);
    let again = call(&app, P1, "DELETE", &format!("/snowflake/{id}"), None).await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn async_sandbox_job_finishes_with_credentials_to_fetch() {
    let app = emulator();
    let body = json!({"type": "jupyter", "script": "print('hello')", "input": []});
    let created = call(&app, P2, "POST", "/async/docker", Some(body)).await;
    assert_eq!(created.status, 202, "{}", created.text);
    let job = created.json();
    assert_eq!(job["status"], "waiting");
    let job_id = job["id"].as_u64().expect("integer job id");
    let url = job["url"].as_str().unwrap();
    assert!(url.ends_with(&format!("/queue/job/{job_id}")), "{url}");

    let (seen, done) = wait_job(&app, P2, url).await;
    in_order(&seen, "success");
    assert_eq!(done["id"], job_id);
    assert_eq!(done["runId"], (job_id + 1).to_string());
    assert_eq!(done["component"], "keboola-provisioning-bundle");
    assert_eq!(done["command"], "create");
    assert_eq!(done["params"]["type"], "jupyter");
    assert_eq!(done["result"]["status"], "ok");
    let creds = &done["result"]["credentials"];
    let id = creds["id"].as_u64().expect("integer credentials id");
    assert!(creds["port"].as_u64().is_some());
    assert_eq!(done["result"]["url"], format!("docker/{id}"));

    let detail = call(&app, P2, "GET", &format!("/docker/{id}"), None).await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    assert_eq!(detail.json()["credentials"]["password"], creds["password"]);
    let listed = call(&app, P2, "GET", "/docker?type=jupyter", None).await;
    assert_eq!(id_of(&listed), id.to_string());
    // The job belongs to its project.
    let path = url.strip_prefix("https://queue.keboola.emulator").unwrap();
    let other = send(
        &app,
        "GET",
        &format!("/api/keboola-queue{path}"),
        &[("X-StorageApi-Token", P1)],
        None,
    )
    .await;
    assert_eq!(other.status, 404);
    let anonymous = send(&app, "GET", &format!("/api/keboola-queue{path}"), &[], None).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn async_sandbox_input_is_validated_and_fail_scripts_end_in_error() {
    let app = emulator();
    let cases = [
        json!({}),
        json!({"type": "mysql"}),
        json!({"type": "rstudio", "input": {"tables": []}}),
        json!({"type": "rstudio", "script": 5}),
    ];
    for body in cases {
        let a = call(&app, P2, "POST", "/async/docker", Some(body.clone())).await;
        assert_eq!(a.status, 400, "{body}: {}", a.text);
    }
    let body = json!({"type": "rstudio", "script": "stop('fail here')"});
    let created = call(&app, P2, "POST", "/async/docker", Some(body)).await;
    assert_eq!(created.status, 202);
    let (seen, done) = wait_job(&app, P2, created.json()["url"].as_str().unwrap()).await;
    in_order(&seen, "error");
    assert!(!done["result"]["message"].as_str().unwrap().is_empty());
    assert!(done["result"].get("credentials").is_none());
    let none = call(&app, P2, "GET", "/docker?type=rstudio", None).await;
    assert_eq!(none.status, 404, "a failed job creates nothing");
}

#[tokio::test]
async fn transformation_sandbox_needs_all_three_ids() {
    let app = emulator();
    let partial = json!({"transformation": {"config_id": "12345", "config_version": "4"}});
    let a = call(
        &app,
        P1,
        "POST",
        "/async/docker/transformation",
        Some(partial),
    )
    .await;
    assert_eq!(a.status, 400);
    let message = a.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains("transformation.row_id"), "{message}");
    assert!(!message.contains("config_id"), "{message}");

    let ok =
        json!({"transformation": {"config_id": "12345", "config_version": "4", "row_id": "6789"}});
    let a = call(&app, P1, "POST", "/async/docker/transformation", Some(ok)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    let failing =
        json!({"transformation": {"config_id": "fail-1", "config_version": "1", "row_id": "2"}});
    let b = call(
        &app,
        P1,
        "POST",
        "/async/docker/transformation",
        Some(failing),
    )
    .await;
    assert_eq!(b.status, 202);

    let (seen, done) = wait_job(&app, P1, a.json()["url"].as_str().unwrap()).await;
    in_order(&seen, "success");
    assert_eq!(done["params"]["transformation"]["row_id"], "6789");
    let id = done["result"]["credentials"]["id"].as_u64().unwrap();
    let detail = call(&app, P1, "GET", &format!("/docker/{id}"), None).await;
    assert_eq!(detail.status, 200);

    let (seen, done) = wait_job(&app, P1, b.json()["url"].as_str().unwrap()).await;
    in_order(&seen, "error");
    assert!(done["result"]["message"]
        .as_str()
        .unwrap()
        .contains("fail-1"));
}

#[tokio::test]
async fn async_drop_removes_the_sandbox_when_its_job_finishes() {
    let app = emulator();
    let id = id_of(&call(&app, P1, "GET", "/docker?type=rstudio", None).await);
    let a = call(&app, P1, "DELETE", &format!("/async/docker/{id}"), None).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let job = a.json();
    assert_eq!(job["status"], "waiting");
    let job_id = job["id"]
        .as_str()
        .expect("the drop answers its job id as a string");
    let (seen, done) = wait_job(&app, P1, job["url"].as_str().unwrap()).await;
    in_order(&seen, "success");
    assert_eq!(done["id"].to_string(), job_id);
    assert_eq!(done["command"], "delete");
    assert_eq!(done["params"], json!({"backend": "docker", "id": id}));
    assert_eq!(done["result"], json!({"status": "ok"}));
    let gone = call(&app, P1, "GET", &format!("/docker/{id}"), None).await;
    assert_eq!(gone.status, 404);
    let missing = call(&app, P1, "DELETE", "/async/docker/999999", None).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn every_route_counts_as_its_documented_operation() {
    let app = emulator();
    let mysql = id_of(&call(&app, P1, "GET", "/mysql", None).await);
    let docker = id_of(&call(&app, P1, "GET", "/docker?type=rstudio", None).await);
    call(&app, P1, "POST", "/mysql", Some(json!({"type": "sandbox"}))).await;
    call(&app, P1, "GET", &format!("/mysql/{mysql}"), None).await;
    call(&app, P1, "POST", &format!("/mysql/{mysql}/kill"), None).await;
    call(&app, P1, "POST", &format!("/mysql/{mysql}/extend"), None).await;
    call(&app, P1, "DELETE", &format!("/mysql/{mysql}"), None).await;
    call(
        &app,
        P1,
        "POST",
        "/async/docker",
        Some(json!({"type": "rstudio"})),
    )
    .await;
    let t = json!({"transformation": {"config_id": "1", "config_version": "2", "row_id": "3"}});
    let a = call(&app, P1, "POST", "/async/docker/transformation", Some(t)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    let d = call(&app, P1, "DELETE", &format!("/async/docker/{docker}"), None).await;
    assert_eq!(d.status, 200, "{}", d.text);

    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let ops: Vec<&Value> = tally["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["api"] == "keboola")
        .collect();
    assert_eq!(ops.len(), 9);
    for op in ops {
        let expected = if op["method"] == "GET" && op["route"] == "/{backend}" {
            2
        } else {
            1
        };
        assert_eq!(op["hits"], expected, "{op}");
    }
}
