//! Deployment Manager: every documented operation in its own envelope, and the cluster behind
//! them (patches that re-materialize configs, async uploads, telescope jobs, hibernation).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use common::{emulator, send, Answer};
use serde_json::{json, Value};

const BASE: &str = "/api/dm/api/v1/control_plane";
const TOKEN: (&str, &str) = ("Token", "dm-demo-token");
const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

async fn get(app: &Router, path: &str) -> Answer {
    send(app, "GET", &format!("{BASE}{path}"), &[TOKEN], None).await
}

async fn call(
    app: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut h = vec![TOKEN];
    h.extend_from_slice(headers);
    send(app, method, &format!("{BASE}{path}"), &h, body).await
}

async fn form(app: &Router, path: &str, pairs: &[(&str, &str)]) -> Answer {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    call(app, "POST", path, &[FORM], Some(&body.join("&"))).await
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A multipart request with text fields and one file (bytes need not be UTF-8).
async fn multipart(
    app: &Router,
    path: &str,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Answer {
    let boundary = "----opsdeck-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::builder()
        .method("POST")
        .uri(format!("{BASE}{path}"))
        .header("token", "dm-demo-token") // X6: lower-case header name, as the curl example
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    common::answer(app, req).await
}

/// Polls until `done` says so (the emulator's jobs take a few seconds of wall-clock time).
async fn poll(app: &Router, path: &str, done: impl Fn(&Value) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    loop {
        let a = get(app, path).await;
        assert_eq!(a.status, 200, "{path}: {}", a.text);
        let v = a.json();
        let finished = done(&v);
        seen.push(v);
        if finished {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never finished: {:?}",
            seen.last()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A config as the console's operator reads it: YAML, whatever its layout.
fn yaml(text: &str) -> Value {
    yaml_serde::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_documented_operation_answers_in_its_own_envelope() {
    let app = emulator();
    // Setup and database.
    assert_eq!(get(&app, "/setup").await.json(), json!({"status": "OK"}));
    let s = call(&app, "POST", "/setup/status", &[], None).await.json();
    assert_eq!(s, json!({"isSetup": "true"}));
    let ddl = call(
        &app,
        "POST",
        "/database/mock_ddl",
        &[],
        Some(r#"{"create_admin_account":"false"}"#),
    )
    .await;
    assert!(ddl.json()["ddls"].as_array().is_some_and(|a| !a.is_empty()));
    let conn = get(&app, "/database/connection").await;
    assert_eq!((conn.status.as_u16(), conn.text.as_str()), (200, ""));
    let db = call(
        &app,
        "POST",
        "/database/setup",
        &[],
        Some(r#"{"create_admin_account":false}"#),
    )
    .await;
    assert_eq!(db.json(), json!({"status": "OK"}));
    // Base configs.
    let v = get(&app, "/base_configs/versions").await.json();
    let first = &v["baseConfigVersions"][0];
    assert!(
        first["objectName"].is_string() && first["Versions"].is_array(),
        "{v}"
    );
    assert_eq!(
        get(&app, "/base_configs/deployment-api-server/versions")
            .await
            .json(),
        json!({"versions": ["22.10.2", "23.01.4", "23.07.0"]})
    );
    assert_eq!(
        get(&app, "/base_configs/deployment-api-server/containers")
            .await
            .json(),
        json!({"statusCode": 200, "data": ["api-server", "stats-collector", "jaeger-agent"], "error": null})
    );
    let all = get(&app, "/base_configs?object=deployment-webapp")
        .await
        .json();
    let list = all["data"]["baseConfigs"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["previous_version"], "23.01.4");
    assert_eq!(all["statusCode"], 200);
    let h = get(&app, "/base_configs/history?limit=2&offset=1")
        .await
        .json();
    let versions: Vec<&str> = h["data"]["upgrades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["23.01.4", "23.07.0"]);
    // Patches, configs, labels, resourcing, status, settings.
    let p = get(&app, "/patches").await.json();
    assert!(p["data"]["patches"][0]["version"].is_i64(), "{p}");
    let p = get(&app, "/patches/deployment-core-platform-service")
        .await
        .json();
    assert_eq!(
        p["data"]["patches"][0]["nextVersion"],
        1_658_866_353_683_i64
    );
    let found = get(
        &app,
        "/patches/search?query=LOG_LEVEL:+ERROR&caseSensitive=true&limit=5",
    )
    .await
    .json();
    assert_eq!(
        found["patches"][0]["version"], "1654815406062",
        "Q61: strings here"
    );
    let c = get(&app, "/configs").await.json();
    assert!(c["configs"].as_array().unwrap().len() >= 30);
    let one = get(&app, "/configs/service-victoriametrics").await.json();
    assert_eq!(one["objectName"], "service-victoriametrics");
    assert!(one["config"].as_str().unwrap().contains("port: 8428"));
    assert_eq!(
        get(&app, "/resource_labels").await.json()["statusCode"],
        200
    );
    assert_eq!(
        get(&app, "/resourcing/autoscaled").await.json()["data"]["names"][0],
        "deployment-api-server"
    );
    assert_eq!(
        get(&app, "/autoscaling/controllers/status").await.json()["binary-autoscaler"],
        "running"
    );
    assert_eq!(
        get(&app, "/deployments/namespace").await.json()["data"]["namespace"],
        "instabase"
    );
    assert_eq!(
        get(&app, "/platform/version").await.json()["data"]["release_version"],
        "23.07"
    );
    let st = get(&app, "/platform-status/components").await.json();
    assert_eq!(
        st["data"]["database"]["health_checks_by_id"]["Database Connection"]["status"],
        "healthy"
    );
    let settings = get(&app, "/settings").await.json();
    assert_eq!(
        settings["data"]["settings"]["isDocsFromWordpress"], "true",
        "Q63: string booleans"
    );
    let inc = get(&app, "/configs/k8s-inconsistencies").await.json();
    assert_eq!(inc["numInconsistencies"], 2);
    assert_eq!(
        inc["inconsistentResources"]["deployment-api-server"]["diffRows"][0],
        json!({"key": "spec.replicas", "expected": "2", "got": "5"})
    );
    assert!(inc["consistentResources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "hot-configs"));
    assert_eq!(inc["skippedResources"]["job-db-migrate"]["code"], 2);
}

#[tokio::test]
async fn a_patch_dry_runs_then_applies_and_rematerializes_the_config() {
    let app = emulator();
    let patch = "# target: deployment-webapp\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers:\n        - name: webapp\n          env:\n            - name: LOG_LEVEL\n              value: DEBUG\n";
    let before = get(&app, "/configs/deployment-webapp").await.json();
    let dry = form(
        &app,
        "/patches/apply",
        &[("patch", patch), ("dry_run", "true")],
    )
    .await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    let d = dry.json();
    let run = &d["data"]["dryRuns"][0];
    assert_eq!(run["message"], Value::Null);
    let cfg = run["dryRun"]["config"].as_str().unwrap();
    assert!(
        cfg.contains("replicas: 4") && cfg.contains("value: DEBUG"),
        "{cfg}"
    );
    assert!(
        cfg.contains("value: 23.07.0"),
        "the other env vars stay: {cfg}"
    );
    assert_eq!(run["dryRun"]["patchVersion"], Value::Null);
    // Nothing was stored by the dry run.
    assert_eq!(get(&app, "/configs/deployment-webapp").await.json(), before);
    assert!(
        get(&app, "/patches/deployment-webapp").await.json()["data"]["patches"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let applied = form(
        &app,
        "/patches/apply",
        &[("patch", patch), ("description", "more replicas")],
    )
    .await;
    assert_eq!(
        applied.json(),
        json!({"data": {"successful_apply": ["deployment-webapp"]}, "statusCode": 200})
    );
    let after = get(&app, "/configs/deployment-webapp").await.json();
    assert!(after["config"].as_str().unwrap().contains("replicas: 4"));
    assert_eq!(after["state"], "IS_GOLDEN");
    assert_eq!(after["previousPatchVersion"], before["patchVersion"]);
    let version = after["patchVersion"].as_i64().unwrap();
    let patches = get(&app, "/patches/deployment-webapp").await.json();
    assert_eq!(
        patches["data"]["patches"][0]["description"],
        "more replicas"
    );
    assert_eq!(patches["data"]["patches"][0]["version"], version);
    let diff = get(
        &app,
        &format!("/configs/previous/deployment-webapp/{version}"),
    )
    .await
    .json();
    let prev = diff["data"]["prev_config"].as_str().unwrap();
    let new = diff["data"]["new_config"].as_str().unwrap();
    assert!(prev.contains("replicas: 2") && new.contains("replicas: 4"));
    // Deleting the patch re-materializes without it.
    let del = call(&app, "DELETE", &format!("/patches/{version}"), &[], None).await;
    assert_eq!(
        del.json()["data"]["successful_apply"],
        json!(["deployment-webapp"])
    );
    assert!(
        get(&app, "/configs/deployment-webapp").await.json()["config"]
            .as_str()
            .unwrap()
            .contains("replicas: 2")
    );
    assert_eq!(
        call(&app, "DELETE", "/patches/123", &[], None).await.status,
        404
    );
    assert_eq!(
        call(&app, "DELETE", "/patches/not-a-number", &[], None)
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn json_patches_target_labels_and_report_what_they_cannot_change() {
    let app = emulator();
    let doc = json!({
        "comment": "Open new egress port for external service",
        "kind": "NetworkPolicy",
        "target": "egress",
        "patch": [{"op": "add", "path": "/spec/egress/1/ports/-", "value": {"protocol": "TCP", "port": 9999}}],
    })
    .to_string();
    let dry = form(&app, "/patches/apply", &[("patch", &doc), ("dry_run", "1")])
        .await
        .json();
    let names: Vec<&str> = dry["data"]["dryRuns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["dryRun"]["objectName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "alertmanager-egress",
            "api-server-apps-egress",
            "some-network-policy"
        ]
    );
    assert!(dry["data"]["dryRuns"][0]["dryRun"]["config"]
        .as_str()
        .unwrap()
        .contains("port: 9999"));
    // A target with no object: a message and no result.
    let ghost = form(
        &app,
        "/patches/apply",
        &[
            ("patch", "# target: object-2\nspec:\n  replicas: 1\n"),
            ("dry_run", "true"),
        ],
    )
    .await
    .json();
    assert_eq!(ghost["data"]["dryRuns"][0]["dryRun"], Value::Null);
    assert!(ghost["data"]["dryRuns"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Target 'object-2' is a nonexistent object."));
    // A path the object does not have fails for that object only.
    let bad = json!({"kind": "NetworkPolicy", "target": "some-network-policy", "patch": [{"op": "remove", "path": "/spec/ingress"}]}).to_string();
    let a = form(&app, "/patches/apply", &[("patch", &bad)]).await;
    assert_eq!(a.status, 500);
    let v = a.json();
    assert_eq!(v["data"]["failed_to_apply"], json!(["some-network-policy"]));
    assert!(v["error"]
        .as_str()
        .unwrap()
        .contains("/spec/ingress does not exist"));
    // Every patch names its target (Q21).
    let untargeted = form(
        &app,
        "/patches/apply",
        &[("patch", "spec:\n  replicas: 1\n")],
    )
    .await;
    assert_eq!(untargeted.status, 400);
    assert!(untargeted.json()["error"]
        .as_str()
        .unwrap()
        .contains("# target:"));
    let no_target =
        json!({"kind": "Deployment", "patch": [{"op": "remove", "path": "/spec"}]}).to_string();
    assert_eq!(
        form(&app, "/patches/apply", &[("patch", &no_target)])
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn patch_files_and_archives_are_accepted_as_multipart() {
    let app = emulator();
    let yml = b"# target: hot-configs\ndata:\n  extra-key: |\n    A: b\n";
    let a = multipart(
        &app,
        "/patches/apply",
        &[("description", "from a file")],
        ("patch.yml", yml),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["data"]["successful_apply"], json!(["hot-configs"]));
    assert!(get(&app, "/configs/hot-configs").await.json()["config"]
        .as_str()
        .unwrap()
        .contains("extra-key"));
    // A zip with a deflated patch for the webapp and a stored one for hot-configs.
    let zip = base64_zip();
    let a = multipart(
        &app,
        "/patches/apply",
        &[("dry_run", "true")],
        ("patches.zip", &zip),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    let names: Vec<&str> = v["data"]["dryRuns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["dryRun"]["objectName"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["deployment-webapp", "hot-configs"]);
    let bad = multipart(&app, "/patches/apply", &[], ("patch.txt", b"hello")).await;
    assert_eq!(bad.status, 400);
}

fn base64_zip() -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode("UEsDBBQAAAAIAAAAIVB2JXJyUgAAAGoAAAAJAAAAcGF0Y2gueW1sNck7CoAwFETRPqsYsLayy25GfUggn4cZEHdvRCzvuRPE8zBF7Oa53cWq5stWuofutsUAnOOkjT1iGSUrnil7D1BM3Cl+BbDWJiq12n8aGLGGB1BLAwQUAAAAAAAAACFQY0WF8CMAAAAjAAAADgAAAGRpci9vdGhlci55YW1sIyB0YXJnZXQ6IGhvdC1jb25maWdzCmRhdGE6CiAgQTogYgpQSwECFAMUAAAACAAAACFQdiVyclIAAABqAAAACQAAAAAAAAAAAAAAgAEAAAAAcGF0Y2gueW1sUEsBAhQDFAAAAAAAAAAhUGNFhfAjAAAAIwAAAA4AAAAAAAAAAAAAAIABeQAAAGRpci9vdGhlci55YW1sUEsFBgAAAAACAAIAcwAAAMgAAAAAAA==")
        .unwrap()
}

#[tokio::test]
async fn an_asynchronous_upload_completes_and_upgrades_the_platform() {
    let app = emulator();
    let configs = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deployment-webapp\n  namespace: instabase\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: webapp\n          image: gcr.io/instabase-public/webapp:23.10.0\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-feature-flags\n  namespace: instabase\ndata:\n  FLAG: \"on\"\n";
    let a = form(
        &app,
        "/base_configs/upload",
        &[("release_version", "23.10.0"), ("base_config", configs)],
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    assert_eq!(v["status_code"], 200, "Q44: snake_case status_code");
    let id = v["data"]["RequestID"].as_str().unwrap().to_string();
    // Not stored until the upload finishes.
    let seen = poll(&app, &format!("/base_configs/upload/{id}"), |v| {
        !v["data"].is_null()
    })
    .await;
    assert_eq!(
        seen[0],
        json!({"statusCode": 200, "data": null, "error": null})
    );
    let last = seen.last().unwrap();
    let mut ok = strings(&last["data"]["successful_apply"]);
    ok.sort();
    assert_eq!(ok, ["deployment-webapp", "new-feature-flags"]);
    assert_eq!(
        get(&app, "/platform/version").await.json()["data"]["release_version"],
        "23.10"
    );
    let versions = get(&app, "/base_configs/deployment-webapp/versions")
        .await
        .json();
    assert_eq!(versions["versions"][3], "23.10.0");
    let all = get(&app, "/base_configs?version=23.10.0").await.json();
    assert_eq!(all["data"]["baseConfigs"].as_array().unwrap().len(), 2);
    let hist = get(&app, "/base_configs/history").await.json();
    assert_eq!(
        hist["data"]["upgrades"].as_array().unwrap().last().unwrap()["version"],
        "23.10.0"
    );
    // Unknown ids and bad uploads.
    assert_eq!(
        get(&app, "/base_configs/upload/versions").await.status,
        400,
        "X8: literal upload/ wins"
    );
    let bad = form(&app, "/base_configs/upload", &[("base_config", configs)]).await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.json().as_str().unwrap().contains("release_version"),
        "a bare string error body"
    );
}

#[tokio::test]
async fn base_configs_come_from_text_or_archives_and_report_bad_documents() {
    let app = emulator();
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-one\ndata:\n  A: b\n---\nkind: ConfigMap\nmetadata:\n  namespace: x\n";
    let a = form(
        &app,
        "/base_configs",
        &[("release_version", "23.07.0"), ("base_config", text)],
    )
    .await;
    assert_eq!(a.status, 500);
    let v = a.json();
    assert_eq!(v["data"]["successful_apply"], json!(["cm-one"]));
    assert_eq!(v["data"]["failed_to_apply"], json!(["document 2"]));
    assert!(get(&app, "/configs/cm-one").await.json()["config"]
        .as_str()
        .unwrap()
        .contains("A: b"));
    // A .tar.gz of 40 ConfigMaps all named x: stored once.
    use base64::Engine;
    let tgz = base64::engine::general_purpose::STANDARD.decode("H4sIAAAAAAACA+3SsQrCMBhF4cx5irxAtNXokNW5q/uPrRK0aWmj6NsbKji4Ceri+ZYbAocs2XVxHw7jXGY3aU/qK4ps7dy02eu6xfJ5ftyXxSqPKdQPnMckQ35e/Sfpw7YZxtBFby6lPoZYe7OZPkUlvW6bJLUk8dqYKG3jzVVbazUZGRkZGRkZ2cczBQAAAAAAAAAAAAB4yx0P1E0MACgAAA==").unwrap();
    let a = multipart(
        &app,
        "/base_configs",
        &[("release_version", "23.07.1")],
        ("configs.tar.gz", &tgz),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["data"]["successful_apply"], json!(["x"]));
    assert_eq!(
        get(&app, "/base_configs/x/versions").await.json(),
        json!({"versions": ["23.07.1"]})
    );
    let a = multipart(
        &app,
        "/base_configs",
        &[("release_version", "23.07.1")],
        ("configs.zip", b"not a zip"),
    )
    .await;
    assert_eq!(a.status, 400);
    // Unknown objects: op 31's bare string, op 30's statusCode+error.
    let e = get(&app, "/base_configs/nope/versions").await;
    assert_eq!(e.status, 500);
    assert!(e.json().is_string());
    let e = get(&app, "/base_configs/nope/containers").await.json();
    assert_eq!(e["statusCode"], 500);
    assert!(e.get("data").is_none());
}

#[tokio::test]
async fn image_overrides_check_the_comment_and_change_the_container() {
    let app = emulator();
    let forty_one = "a".repeat(41);
    for comment in [
        "",
        "has space",
        "semi;colon",
        forty_one.as_str(),
        "back`tick",
    ] {
        let a = form(
            &app,
            "/base_configs/image",
            &[
                ("object", "deployment-api-server"),
                ("image", "gcr.io/x/api:1"),
                ("comment", comment),
            ],
        )
        .await;
        assert_eq!(a.status, 400, "comment {comment:?} must be refused");
    }
    let forty = "A-z_0".repeat(8);
    // X5: a JSON body sent with the form content type.
    let body = json!({"object": "deployment-api-server", "image": "gcr.io/x/stats:2", "comment": forty, "container": "stats-collector"}).to_string();
    let a = call(&app, "POST", "/base_configs/image", &[FORM], Some(&body)).await;
    assert_eq!(
        a.json(),
        json!({"data": {"successful_apply": ["deployment-api-server"]}, "statusCode": 200})
    );
    let cfg = get(&app, "/configs/deployment-api-server").await.json()["config"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cfg.contains("image: gcr.io/x/stats:2"), "{cfg}");
    // Without a container, the first container changes.
    form(
        &app,
        "/base_configs/image",
        &[
            ("object", "deployment-api-server"),
            ("image", "gcr.io/x/api:9"),
            ("comment", "first"),
        ],
    )
    .await;
    let cfg = get(&app, "/configs/deployment-api-server").await.json()["config"]
        .as_str()
        .unwrap()
        .to_string();
    let first = &yaml(&cfg)["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(first["name"], "api-server", "{cfg}");
    assert_eq!(first["image"], "gcr.io/x/api:9", "{cfg}");
    let a = form(
        &app,
        "/base_configs/image",
        &[
            ("object", "deployment-api-server"),
            ("image", "x:1"),
            ("comment", "c"),
            ("container", "nope"),
        ],
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("stats-collector"));
}

#[tokio::test]
async fn deployment_updates_report_failures_as_a_map() {
    let app = emulator();
    let a = form(
        &app,
        "/base_configs/image",
        &[
            ("object", "deployment-loki-read"),
            ("image", "grafana/loki:fail-9"),
            ("comment", "bad-image"),
        ],
    )
    .await;
    assert_eq!(a.status, 500);
    assert_eq!(
        a.json()["data"]["failed_to_apply"],
        json!(["deployment-loki-read"]),
        "X4: a list here"
    );
    assert_eq!(
        get(&app, "/configs/deployment-loki-read").await.json()["state"],
        "NOT_GOLDEN"
    );
    let all = call(&app, "POST", "/deployment/update", &[], None).await;
    assert_eq!(all.status, 200);
    let v = all.json();
    assert!(
        v["data"]["failed_to_apply"]["deployment-loki-read"]
            .as_str()
            .unwrap()
            .contains("ImagePullBackOff"),
        "X4: a map here"
    );
    assert!(strings(&v["data"]["successful_apply"]).contains(&"deployment-webapp".to_string()));
    let one = call(
        &app,
        "POST",
        "/deployment/update/deployment-webapp",
        &[],
        None,
    )
    .await
    .json();
    assert_eq!(
        one,
        json!({"statusCode": 200, "data": {"successful_apply": ["deployment-webapp"], "failed_to_apply": {}}, "error": null})
    );
    assert_eq!(
        call(&app, "POST", "/deployment/update/nope", &[], None)
            .await
            .status,
        404
    );
    // Applying clears live drift.
    call(
        &app,
        "POST",
        "/deployment/update/deployment-api-server",
        &[],
        None,
    )
    .await;
    let inc = get(&app, "/configs/k8s-inconsistencies").await.json();
    assert!(inc["inconsistentResources"]
        .get("deployment-api-server")
        .is_none());
}

#[tokio::test]
async fn hibernation_and_revival_show_in_platform_status() {
    let app = emulator();
    let check = |v: &Value| {
        v["data"]["api-server"]["health_checks_by_id"]["Pods Ready: deployment-api-server"].clone()
    };
    let before = check(&get(&app, "/platform-status/components").await.json());
    assert_eq!(before["status"], "healthy");
    assert!(before["details"]
        .as_str()
        .unwrap()
        .starts_with("2/2 pods ready: api-server-"));
    assert_eq!(
        call(&app, "POST", "/deployment/hibernate", &[], None)
            .await
            .json(),
        json!({"data": null, "statusCode": 200, "error": null})
    );
    let down = check(&get(&app, "/platform-status/components").await.json());
    assert_eq!(down["status"], "unhealthy");
    assert!(down["details"].as_str().unwrap().contains("hibernated"));
    assert!(down["contiguous_fails"].as_i64().unwrap() >= 1);
    let inc = get(&app, "/configs/k8s-inconsistencies").await.json();
    assert_eq!(inc["skippedResources"]["deployment-webapp"]["code"], 409);
    assert_eq!(
        call(&app, "POST", "/deployment/revive", &[], None)
            .await
            .json(),
        json!({"statusCode": 200, "data": null, "error": null})
    );
    let seen = poll(&app, "/platform-status/components", |v| {
        check(v)["status"] == "healthy"
    })
    .await;
    assert_eq!(check(&seen[0])["status"], "degraded");
}

#[tokio::test]
async fn autoscaling_and_cluster_size_change_what_runs() {
    let app = emulator();
    assert_eq!(
        call(&app, "POST", "/autoscaling/controllers/pause", &[], None)
            .await
            .status,
        200
    );
    let s = get(&app, "/autoscaling/controllers/status").await.json();
    assert!(
        s.as_object().unwrap().values().all(|v| v == "paused"),
        "{s}"
    );
    call(&app, "POST", "/autoscaling/controllers/resume", &[], None).await;
    let s = get(&app, "/autoscaling/controllers/status").await.json();
    assert!(
        s.as_object().unwrap().values().all(|v| v == "running"),
        "{s}"
    );
    let a = call(&app, "POST", "/resourcing/cluster/large", &[], None)
        .await
        .json();
    assert!(strings(&a["data"]["successful_apply"]).contains(&"deployment-webapp".to_string()));
    assert!(
        get(&app, "/configs/deployment-webapp").await.json()["config"]
            .as_str()
            .unwrap()
            .contains("replicas: 4")
    );
    let details = get(&app, "/platform-status/components").await.json()["data"]["webapp"]
        ["health_checks_by_id"]["Pods Ready: deployment-webapp"]["details"]
        .clone();
    assert!(
        details.as_str().unwrap().starts_with("4/4 pods ready"),
        "{details}"
    );
    let bad = call(&app, "POST", "/resourcing/cluster/huge", &[], None).await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("x-large"));
}

#[tokio::test]
async fn telescope_exports_and_imports_progress_to_success() {
    let app = emulator();
    // Q53 and X5: dots in the time, JSON without a content type.
    let body = r#"{"services":["server-nginx"],"data_sources":["LOGS","CONFIGS"],"label":"any-label","start":"2023-10-26T13.08.45.131Z","end":"2023-10-26T14:08:45.131Z"}"#;
    let a = call(&app, "POST", "/obs/telescope/export", &[], Some(body)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let job = a.json()["data"].clone();
    assert_eq!(job["job_status"], "WAITING");
    assert_eq!(job["request"]["start"], "2023-10-26T13:08:45.131Z");
    assert!(job["request"]["label"]
        .as_str()
        .unwrap()
        .starts_with("any-label-"));
    assert_eq!(job["result"]["zip_file_path"], "");
    let id = job["id"].as_str().unwrap().to_string();
    let seen = poll(&app, &format!("/obs/telescope/export/{id}/status"), |v| {
        v["data"]["job_status"] == "SUCCESS"
    })
    .await;
    let statuses: Vec<&str> = seen
        .iter()
        .map(|v| v["data"]["job_status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"RUNNING"), "{statuses:?}");
    let path = seen.last().unwrap()["data"]["result"]["zip_file_path"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(path.starts_with("/tmp/telescope-") && path.ends_with(&format!("{id}.zip")));
    // Importing that export's zip decodes its request and, with CONFIGS, its configs.
    let empty_zip = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    let a = multipart(
        &app,
        "/obs/telescope/import",
        &[],
        (&format!("{id}.zip"), empty_zip),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let imp = a.json()["data"].clone();
    let iid = imp["id"].as_str().unwrap().to_string();
    assert!(imp["request"]["zip_file_path"]
        .as_str()
        .unwrap()
        .ends_with(".zip"));
    assert_eq!(
        get(&app, &format!("/obs/telescope/import/{iid}/configs"))
            .await
            .json()["data"],
        json!({})
    );
    let seen = poll(&app, &format!("/obs/telescope/import/{iid}/status"), |v| {
        v["data"]["job_status"] == "SUCCESS"
    })
    .await;
    assert_eq!(
        seen.last().unwrap()["data"]["result"]["services"],
        json!(["server-nginx"])
    );
    let configs = get(&app, &format!("/obs/telescope/import/{iid}/configs"))
        .await
        .json();
    assert!(configs["data"]["server-nginx"]
        .as_str()
        .unwrap()
        .contains("kind: Deployment"));
    // Validation.
    let bad = call(&app, "POST", "/obs/telescope/export", &[], Some(r#"{"services":["nope"],"data_sources":["LOGS"],"label":"x","start":"2023-10-26T13:00:00Z","end":"2023-10-26T14:00:00Z"}"#)).await;
    assert_eq!(bad.status, 400);
    let bad = call(&app, "POST", "/obs/telescope/export", &[], Some(r#"{"services":["webapp"],"data_sources":["TRACES"],"label":"x","start":"2023-10-26T13:00:00Z","end":"2023-10-26T14:00:00Z"}"#)).await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        multipart(&app, "/obs/telescope/import", &[], ("x.zip", b"plain"))
            .await
            .status,
        400
    );
    assert_eq!(
        get(&app, "/obs/telescope/export/nope/status").await.status,
        404
    );
}

#[tokio::test]
async fn settings_round_trip_in_the_documented_shape() {
    let app = emulator();
    let mut env = get(&app, "/settings").await.json();
    env["data"]["settings"]["isDocsEnabled"] = json!("true");
    // Q64: the whole GET envelope is sent back.
    let a = call(
        &app,
        "POST",
        "/settings",
        &[("Content-Type", "application/json")],
        Some(&env.to_string()),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    assert!(strings(&v["updatedConfigs"]["successful_apply"])
        .contains(&"platform-settings".to_string()));
    assert_eq!(v["updatedConfigs"]["failed_to_apply"], json!([]));
    assert_eq!(
        get(&app, "/settings").await.json()["data"]["settings"]["isDocsEnabled"],
        "true"
    );
    let cfg = get(&app, "/configs/platform-settings").await.json()["config"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        yaml(&cfg)["data"]["isDocsEnabled"],
        json!("true"),
        "a string: {cfg}"
    );
    // The bare map works too; unchanged settings re-apply nothing.
    let bare = env["data"]["settings"].to_string();
    let v = call(&app, "POST", "/settings", &[], Some(&bare))
        .await
        .json();
    assert_eq!(
        v,
        json!({"updatedConfigs": {"successful_apply": [], "failed_to_apply": []}})
    );
    // Incomplete settings are refused.
    let a = call(
        &app,
        "POST",
        "/settings",
        &[],
        Some(r#"{"isDocsEnabled":"false"}"#),
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("isAIHubEnvironment"));
}

#[tokio::test]
async fn pods_found_in_platform_status_can_be_quarantined_and_deleted() {
    let app = emulator();
    let details = |v: &Value| {
        v["data"]["webapp"]["health_checks_by_id"]["Pods Ready: deployment-webapp"]["details"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let d = details(&get(&app, "/platform-status/components").await.json());
    let pods: Vec<String> = d
        .split(": ")
        .nth(1)
        .unwrap()
        .split(", ")
        .map(String::from)
        .collect();
    assert_eq!(pods.len(), 2, "{d}");
    let q = form(&app, "/kube/pod/quarantine", &[("pod", &pods[0])]).await;
    assert_eq!(
        q.json(),
        json!({"data": null, "statusCode": 200, "error": null})
    );
    let d = details(&get(&app, "/platform-status/components").await.json());
    assert!(
        d.starts_with("2/2 pods ready")
            && d.ends_with(&format!(
                "quarantined (out of the load balancer): {}",
                pods[0]
            )),
        "{d}"
    );
    assert!(
        !d.split("; ").next().unwrap().contains(&pods[0]),
        "a replacement serves instead: {d}"
    );
    assert_eq!(
        form(&app, "/kube/pod/quarantine", &[("pod", &pods[0])])
            .await
            .status,
        409
    );
    assert_eq!(
        form(&app, "/kube/pod/delete", &[("pod", &pods[1])])
            .await
            .status,
        200
    );
    let d = details(&get(&app, "/platform-status/components").await.json());
    assert!(!d.contains(&pods[1]) && d.starts_with("2/2"), "{d}");
    assert_eq!(
        form(&app, "/kube/pod/delete", &[("pod", "nope")])
            .await
            .status,
        404
    );
    // Jobs are listed in the status grid and can be deleted.
    let st = get(&app, "/platform-status/components").await.json();
    let jobs: Vec<String> = st["data"]["kubernetes-jobs"]["health_checks_by_id"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.trim_start_matches("Job: ").to_string())
        .collect();
    assert!(jobs.contains(&"ib-backup-nightly-28190420".to_string()));
    assert_eq!(
        call(
            &app,
            "DELETE",
            "/kube/job/ib-backup-nightly-28190420",
            &[],
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            "/kube/job/ib-backup-nightly-28190420",
            &[],
            None
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn labels_bind_objects_and_defaults_make_setup_complete() {
    let app = emulator();
    let a = form(
        &app,
        "/resource_labels/binding",
        &[
            ("label", "team-a"),
            ("label", "critical"),
            ("object_name", "deployment-webapp"),
            ("object_name", "future-service"),
        ],
    )
    .await
    .json();
    assert_eq!(a["data"]["successful_apply"], json!(["deployment-webapp"]));
    assert_eq!(a["data"]["failed_to_apply"], json!(["future-service"]));
    assert_eq!(
        get(&app, "/resource_labels/objects/team-a").await.json(),
        json!({"objects": ["deployment-webapp", "future-service"]})
    );
    assert_eq!(
        get(&app, "/resource_labels/objects/team-a?must_exist=true")
            .await
            .json(),
        json!({"objects": ["deployment-webapp"]})
    );
    assert_eq!(
        get(&app, "/resource_labels/labels/deployment-webapp")
            .await
            .json(),
        json!({"labels": ["Deployment", "critical", "team-a"]})
    );
    assert!(
        strings(&get(&app, "/resource_labels").await.json()["data"]["labels"])
            .contains(&"team-a".to_string())
    );
    let d = call(
        &app,
        "DELETE",
        "/resource_labels/binding/deployment-webapp",
        &[],
        None,
    )
    .await;
    assert_eq!((d.status.as_u16(), d.text.as_str()), (200, ""));
    assert_eq!(
        get(&app, "/resource_labels/labels/deployment-webapp")
            .await
            .json(),
        json!({"labels": []})
    );
    // Q2: the status answers GET as well as POST.
    assert_eq!(
        get(&app, "/setup/status").await.json(),
        json!({"isSetup": "false"})
    );
    assert_eq!(
        call(&app, "POST", "/resource_labels/update-defaults", &[], None)
            .await
            .status,
        200
    );
    assert_eq!(
        get(&app, "/setup/status").await.json(),
        json!({"isSetup": "true"})
    );
    assert_eq!(
        get(&app, "/resource_labels/labels/deployment-webapp")
            .await
            .json(),
        json!({"labels": ["Deployment"]})
    );
}

#[tokio::test]
async fn database_forms_follow_the_documented_rules() {
    let app = emulator();
    // The documented example: string booleans, and enable_models which is not in the table (Q5, Q6).
    let body = r#"{"create_admin_account":"true","admin_email":"admin@email.com","admin_username":"admin","enable_control_plane":"true","enable_key_service":"false","enable_models":"true","enable_repo_projects":true}"#;
    let d = call(&app, "POST", "/database/mock_ddl", &[], Some(body))
        .await
        .json();
    let ddls = strings(&d["ddls"]);
    assert!(ddls.iter().any(|s| s.contains("cp_patches")));
    assert!(ddls.iter().any(|s| s.starts_with("ALTER TABLE repos")));
    assert!(!ddls.iter().any(|s| s.contains("key_service_keys")));
    assert!(ddls.last().unwrap().contains("'admin@email.com'"));
    // Q4: the email is needed only for an admin account.
    let a = call(
        &app,
        "POST",
        "/database/mock_ddl",
        &[],
        Some(r#"{"create_admin_account":true}"#),
    )
    .await;
    assert_eq!(a.status, 400);
    assert!(a.json()["error"].as_str().unwrap().contains("admin_email"));
    assert_eq!(
        call(
            &app,
            "POST",
            "/database/mock_ddl",
            &[],
            Some(r#"{"create_admin_account":"maybe"}"#)
        )
        .await
        .status,
        400
    );
    assert_eq!(
        call(&app, "POST", "/database/setup", &[], Some(body))
            .await
            .json(),
        json!({"status": "OK"})
    );
    let again = call(&app, "POST", "/database/setup", &[], Some(body)).await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.json(),
        json!({"error": "Tables have already been set up"})
    );
}

#[tokio::test]
async fn namespace_and_registry_rewrite_every_config() {
    let app = emulator();
    let a = call(
        &app,
        "POST",
        "/patches/namespace",
        &[],
        Some(r#"{"namespace":"ib-prod","description":"move"}"#),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(strings(&a.json()["data"]["successful_apply"]).len() >= 30);
    assert!(get(&app, "/configs/service-webapp").await.json()["config"]
        .as_str()
        .unwrap()
        .contains("namespace: ib-prod"));
    let a = call(
        &app,
        "POST",
        "/patches/registry",
        &[],
        Some(r#"{"registry":"registry.acme.internal/mirror"}"#),
    )
    .await;
    assert_eq!(a.status, 200);
    let cfg = get(&app, "/configs/deployment-api-server").await.json()["config"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(cfg.contains("image: registry.acme.internal/mirror/api-server:23.07.0"));
    assert!(cfg.contains("image: registry.acme.internal/mirror/jaeger-agent:1.47.0"));
    assert_eq!(
        call(
            &app,
            "POST",
            "/patches/namespace",
            &[],
            Some(r#"{"namespace":"Bad_NS"}"#)
        )
        .await
        .status,
        400
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/patches/registry",
            &[],
            Some(r#"{"registry":"https://x"}"#)
        )
        .await
        .status,
        400
    );
}

#[tokio::test]
async fn literal_routes_win_over_parameters_and_search_needs_its_parameters() {
    let app = emulator();
    let s = get(
        &app,
        "/patches/search?query=s3_storage&caseSensitive=false&limit=10",
    )
    .await
    .json();
    assert_eq!(s["patches"].as_array().unwrap().len(), 1);
    assert_eq!(get(&app, "/patches/search?query=x").await.status, 400);
    let list = get(&app, "/patches/deployment-core-platform-service/list")
        .await
        .json();
    assert_eq!(list["data"]["patches"][0].as_object().unwrap().len(), 3);
    assert_eq!(
        call(&app, "POST", "/configs/k8s-inconsistencies", &[], None)
            .await
            .status,
        200,
        "Q46"
    );
    assert_eq!(get(&app, "/configs/nope").await.status, 404);
    let no_auth = send(&app, "GET", &format!("{BASE}/patches"), &[], None).await;
    assert_eq!(no_auth.status, 401);
}

// ---- archives made by the Debian tools, at test time ----

/// A fresh scratch folder holding `files` (relative path → text).
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opsdeck-dm-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Runs an archive tool in `dir` (`./dev setup` installs `zip` when it is missing).
fn run(dir: &Path, command: &[&str]) {
    let status = Command::new(command[0])
        .args(&command[1..])
        .current_dir(dir)
        .status()
        .unwrap_or_else(|e| panic!("{} is needed (./dev setup installs it): {e}", command[0]));
    assert!(status.success(), "{command:?} failed");
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap()
}

const DEPLOYMENT: &str = "# The web front end.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-archive-web
  namespace: instabase
  labels: {app: archive-web, tier: frontend}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: archive-web
  template:
    metadata:
      labels:
        app: archive-web
    spec:
      containers:
      - name: web
        image: gcr.io/instabase-public/web:23.07.0
        args: [\"--port\", \"8080\"]
        ports:
        - containerPort: 8080
        env:
        - name: LOG_LEVEL
          value: INFO
        - name: ENABLE_TRACING
          value: \"true\"
        resources:
          limits: {cpu: 500m, memory: 512Mi}
";

const CONFIG_MAP: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: archive-nginx-conf
  namespace: instabase
data:
  nginx.conf: |
    server {
      listen 80;
      location / {
        proxy_pass http://web:8080;
      }
    }
  motd: >-
    Folded text
    on two lines.
";

/// Two workloads in one file, each repeating its labels and resources through anchors,
/// aliases and `<<` merges (anchors belong to their own document).
const ANCHORED: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-archive-worker
  namespace: instabase
  labels: &labels
    app: archive-worker
    team: platform
spec:
  replicas: 1
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers:
      - name: worker
        image: gcr.io/instabase-public/worker:23.07.0
        resources: &resources
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 200m, memory: 256Mi}
      - name: sidecar
        image: gcr.io/instabase-public/sidecar:23.07.0
        resources: *resources
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: statefulset-archive-queue
  namespace: instabase
  labels: &labels
    app: archive-queue
    team: platform
spec:
  replicas: 3
  template:
    metadata:
      labels:
        <<: *labels
        role: queue
    spec:
      containers:
      - name: queue
        image: gcr.io/instabase-public/queue:23.07.0
";

/// A nested release folder: three config files in sub-folders (one of them two documents,
/// one behind a path too long for a plain tar header) and a file that is not a config.
fn release_folder(name: &str) -> PathBuf {
    let deep = format!("release/{}/deep.yaml", "nested-folder/".repeat(8));
    scratch(
        name,
        &[
            ("release/apps/web/deployment.yaml", DEPLOYMENT),
            ("release/apps/workers.yml", ANCHORED),
            ("release/maps/nginx.yaml", CONFIG_MAP),
            (
                &deep,
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: archive-deep\ndata:\n  A: b\n",
            ),
            ("release/README.md", "kind: not a config\n"),
        ],
    )
}

const RELEASE_OBJECTS: [&str; 5] = [
    "archive-deep",
    "archive-nginx-conf",
    "deployment-archive-web",
    "deployment-archive-worker",
    "statefulset-archive-queue",
];

fn sorted(v: &Value) -> Vec<String> {
    let mut s = strings(v);
    s.sort();
    s
}

#[tokio::test]
async fn base_configs_come_from_zip_and_tar_archives_made_by_the_usual_tools() {
    let app = emulator();
    let dir = release_folder("base-configs");
    run(&dir, &["zip", "-q", "-r", "-9", "configs.zip", "release"]);
    let zip = read(&dir, "configs.zip");
    assert!(
        !zip.windows(16).any(|w| w == b"kind: Deployment"),
        "the zip entries are deflated"
    );
    let a = multipart(
        &app,
        "/base_configs",
        &[("release_version", "23.07.5")],
        ("configs.zip", &zip),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        sorted(&a.json()["data"]["successful_apply"]),
        RELEASE_OBJECTS
    );

    // The base config is kept as uploaded, comment included; the rendered config reads back
    // to the same values, block scalars and anchors resolved.
    let base = get(&app, "/base_configs?object=deployment-archive-web")
        .await
        .json();
    assert_eq!(base["data"]["baseConfigs"][0]["config"], DEPLOYMENT);
    let web = yaml(
        get(&app, "/configs/deployment-archive-web").await.json()["config"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(web, yaml(DEPLOYMENT));
    let nginx = yaml(
        get(&app, "/configs/archive-nginx-conf").await.json()["config"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        nginx["data"]["nginx.conf"],
        "server {\n  listen 80;\n  location / {\n    proxy_pass http://web:8080;\n  }\n}\n"
    );
    assert_eq!(nginx["data"]["motd"], "Folded text on two lines.");
    let worker = yaml(
        get(&app, "/configs/deployment-archive-worker").await.json()["config"]
            .as_str()
            .unwrap(),
    );
    let containers = &worker["spec"]["template"]["spec"]["containers"];
    assert_eq!(containers[1]["resources"], containers[0]["resources"]);
    assert_eq!(containers[1]["resources"]["limits"]["memory"], "256Mi");
    assert_eq!(
        worker["spec"]["selector"]["matchLabels"],
        json!({"app": "archive-worker", "team": "platform"})
    );
    let queue = yaml(
        get(&app, "/configs/statefulset-archive-queue").await.json()["config"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        queue["spec"]["template"]["metadata"]["labels"],
        json!({"app": "archive-queue", "team": "platform", "role": "queue"})
    );

    // A patch changes what it names and keeps the rest.
    let patch = "# target: deployment-archive-web\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers:\n      - name: web\n        env:\n        - name: LOG_LEVEL\n          value: DEBUG\n";
    let a = form(&app, "/patches/apply", &[("patch", patch)]).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let mut expected = yaml(DEPLOYMENT);
    expected["spec"]["replicas"] = json!(4);
    expected["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"] = json!("DEBUG");
    let cfg = get(&app, "/configs/deployment-archive-web").await.json()["config"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(yaml(&cfg), expected, "{cfg}");

    // The same folder as a .tar.gz (tar, then gzip) through the asynchronous upload.
    run(&dir, &["tar", "-cf", "configs.tar", "release"]);
    let tar = read(&dir, "configs.tar");
    run(&dir, &["gzip", "-9", "configs.tar"]);
    let a = multipart(
        &app,
        "/base_configs/upload",
        &[("release_version", "23.07.6")],
        ("configs.tar.gz", &read(&dir, "configs.tar.gz")),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let id = a.json()["data"]["RequestID"].as_str().unwrap().to_string();
    let seen = poll(&app, &format!("/base_configs/upload/{id}"), |v| {
        !v["data"].is_null()
    })
    .await;
    assert_eq!(
        sorted(&seen.last().unwrap()["data"]["successful_apply"]),
        RELEASE_OBJECTS
    );
    // And as a plain .tar.
    let a = multipart(
        &app,
        "/base_configs",
        &[("release_version", "23.07.7")],
        ("configs.tar", &tar),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        get(&app, "/base_configs/archive-deep/versions")
            .await
            .json(),
        json!({"versions": ["23.07.5", "23.07.6", "23.07.7"]})
    );
}

#[tokio::test]
async fn patches_come_from_zip_and_tar_gz_archives_made_by_the_usual_tools() {
    let app = emulator();
    let dir = scratch(
        "patches",
        &[
            ("patches/web/replicas.yml", "# target: deployment-webapp\nspec:\n  replicas: 5\n"),
            ("patches/hot.yaml", "# target: hot-configs\ndata:\n  FROM_ARCHIVE: |\n    first line\n    second line\n"),
            ("patches/notes.txt", "not a patch"),
        ],
    );
    run(&dir, &["zip", "-q", "-r", "patches.zip", "patches"]);
    run(&dir, &["tar", "-czf", "patches.tar.gz", "patches"]);
    for (file, replicas) in [("patches.zip", 5), ("patches.tar.gz", 5)] {
        let a = multipart(
            &app,
            "/patches/apply",
            &[("description", file)],
            (file, &read(&dir, file)),
        )
        .await;
        assert_eq!(a.status, 200, "{file}: {}", a.text);
        assert_eq!(
            sorted(&a.json()["data"]["successful_apply"]),
            ["deployment-webapp", "hot-configs"]
        );
        let web = yaml(
            get(&app, "/configs/deployment-webapp").await.json()["config"]
                .as_str()
                .unwrap(),
        );
        assert_eq!(web["spec"]["replicas"], replicas);
        let hot = yaml(
            get(&app, "/configs/hot-configs").await.json()["config"]
                .as_str()
                .unwrap(),
        );
        assert_eq!(hot["data"]["FROM_ARCHIVE"], "first line\nsecond line\n");
    }
}

#[tokio::test]
async fn a_damaged_archive_is_refused_with_the_documents_error_and_changes_nothing() {
    let app = emulator();
    let dir = release_folder("damaged");
    run(&dir, &["zip", "-q", "-r", "configs.zip", "release"]);
    run(&dir, &["tar", "-czf", "configs.tar.gz", "release"]);
    let zip = read(&dir, "configs.zip");
    let tgz = read(&dir, "configs.tar.gz");
    // Cut short; and with the first entry's deflated data overwritten.
    let truncated_zip = zip[..zip.len() / 2].to_vec();
    let mut garbled_zip = zip.clone();
    let data_at = 30
        + u16::from_le_bytes([zip[26], zip[27]]) as usize
        + u16::from_le_bytes([zip[28], zip[29]]) as usize;
    for b in &mut garbled_zip[data_at + 2..data_at + 40] {
        *b ^= 0x5a;
    }
    let truncated_tgz = tgz[..tgz.len() / 2].to_vec();
    for (name, bytes) in [
        ("configs.zip", &truncated_zip),
        ("configs.zip", &garbled_zip),
        ("configs.tar.gz", &truncated_tgz),
    ] {
        // Op 6: the common envelope.
        let a = multipart(
            &app,
            "/base_configs",
            &[("release_version", "23.08.0")],
            (name, bytes),
        )
        .await;
        assert_eq!(a.status, 400, "{name}: {}", a.text);
        let v = a.json();
        assert_eq!(v["statusCode"], 400);
        assert_eq!(v["data"], Value::Null);
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name}: the ")),
            "{v}"
        );
        // Op 33: a bare string.
        let a = multipart(
            &app,
            "/base_configs/upload",
            &[("release_version", "23.08.0")],
            (name, bytes),
        )
        .await;
        assert_eq!(a.status, 400, "{name}: {}", a.text);
        assert!(
            a.json()
                .as_str()
                .unwrap()
                .starts_with(&format!("{name}: the ")),
            "{}",
            a.text
        );
        // Patches: the common envelope.
        let a = multipart(&app, "/patches/apply", &[], (name, bytes)).await;
        assert_eq!(a.status, 400, "{name}: {}", a.text);
        assert!(
            a.json()["error"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name}: the ")),
            "{}",
            a.text
        );
    }
    let stored = get(&app, "/base_configs?version=23.08.0").await.json();
    assert_eq!(stored["data"]["baseConfigs"], json!([]));
    assert_eq!(
        get(&app, "/patches/deployment-webapp").await.json()["data"]["patches"],
        json!([])
    );
}
