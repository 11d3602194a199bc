//! What every API shares: its own auth header, the tally, faults, and the console's serving.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::Request;
use axum::Router;
use common::{emulator, send};
use http_body_util::BodyExt;
use opsdeck_emulator::web::Console;
use opsdeck_emulator::{app, Options};
use serde_json::json;
use tower::ServiceExt;

#[tokio::test]
async fn each_api_checks_its_documented_auth_header() {
    let app = emulator();
    let cases = [
        (
            "/api/dm/api/v1/control_plane/platform/version",
            "Token",
            "dm-demo-token",
        ),
        (
            "/api/solutions/api/v2/solutions/deployed",
            "Authorization",
            "Bearer solutions-demo-token",
        ),
        (
            "/api/a9s/v1/instances/pg-orders-prod",
            "Authorization",
            "a9s-demo-token",
        ),
        (
            "/api/a9s/v1/instances/pg-orders-prod",
            "Authorization",
            "Bearer a9s-demo-token",
        ),
        (
            "/api/keboola/mysql",
            "X-StorageApi-Token",
            "keboola-demo-token",
        ),
        (
            "/api/spot/setup/account",
            "Authorization",
            "Bearer spot-demo-token",
        ),
    ];
    for (uri, header, value) in cases {
        let ok = send(&app, "GET", uri, &[(header, value)], None).await;
        assert_eq!(ok.status, 200, "{uri}: {}", ok.text);
        let missing = send(&app, "GET", uri, &[], None).await;
        assert_eq!(missing.status, 401, "{uri}");
        let wrong = send(&app, "GET", uri, &[(header, "nope")], None).await;
        assert_eq!(wrong.status, 401, "{uri}");
    }
    // Another API's credential is not this API's credential.
    let cross = send(
        &app,
        "GET",
        "/api/spot/setup/account",
        &[("Authorization", "Bearer solutions-demo-token")],
        None,
    )
    .await;
    assert_eq!(cross.status, 401);
}

#[tokio::test]
async fn unauthorized_bodies_have_each_apis_shape() {
    let app = emulator();
    let a9s = send(&app, "GET", "/api/a9s/v1/instances/x", &[], None)
        .await
        .json();
    assert_eq!(a9s["error"], "unauthorized");
    assert!(a9s["description"].as_str().is_some());
    let spot = send(&app, "GET", "/api/spot/setup/account", &[], None)
        .await
        .json();
    assert_eq!(spot["response"]["status"]["code"], 401);
    assert!(spot["response"]["errors"][0]["message"].as_str().is_some());
    let dm = send(
        &app,
        "GET",
        "/api/dm/api/v1/control_plane/platform/version",
        &[],
        None,
    )
    .await
    .json();
    assert_eq!(dm["statusCode"], 401);
}

#[tokio::test]
async fn tally_counts_documented_operations() {
    let app = emulator();
    let auth = [("Authorization", "Bearer spot-demo-token")];
    send(&app, "GET", "/api/spot/setup/account", &auth, None).await;
    send(
        &app,
        "GET",
        "/api/spot/setup/account?cloudAccountId=1",
        &auth,
        None,
    )
    .await;
    send(&app, "GET", "/api/spot/setup/account", &[], None).await; // refused: not counted
    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let ops = tally["operations"].as_array().unwrap();
    let row = ops
        .iter()
        .find(|o| o["api"] == "spot" && o["method"] == "GET" && o["route"] == "/setup/account")
        .unwrap();
    assert_eq!(row["hits"], 2);
    assert_eq!(ops.iter().filter(|o| o["api"] == "a9s").count(), 18);
}

#[tokio::test]
async fn faults_answer_in_the_apis_shape_then_expire() {
    let app = emulator();
    let rule = json!({ "api": "spot", "route": "/setup/account", "status": 502, "times": 1 });
    let added = send(
        &app,
        "POST",
        "/__emulator/faults",
        &[("content-type", "application/json")],
        Some(&rule.to_string()),
    )
    .await;
    assert_eq!(added.status, 204);
    let auth = [("Authorization", "Bearer spot-demo-token")];
    let faulted = send(&app, "GET", "/api/spot/setup/account", &auth, None).await;
    assert_eq!(faulted.status, 502);
    assert_eq!(
        faulted.json()["response"]["errors"][0]["message"],
        "Injected fault: Bad Gateway."
    );
    let next = send(&app, "GET", "/api/spot/setup/account", &auth, None).await;
    assert_eq!(next.status, 200);

    let rule = json!({ "api": "spot", "malformed": true });
    send(
        &app,
        "POST",
        "/__emulator/faults",
        &[("content-type", "application/json")],
        Some(&rule.to_string()),
    )
    .await;
    let bad = send(&app, "GET", "/api/spot/setup/account", &auth, None).await;
    assert!(serde_json::from_str::<serde_json::Value>(&bad.text).is_err());
    send(&app, "DELETE", "/__emulator/faults", &[], None).await;
    assert_eq!(
        send(&app, "GET", "/api/spot/setup/account", &auth, None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn console_routes_fall_back_to_index_with_a_strict_policy() {
    let app = emulator();
    let page = send(&app, "GET", "/a9s/instances/pg-orders-prod", &[], None).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("start()"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains(" 'unsafe-eval'"));
    let unknown_api = send(&app, "GET", "/api/nope", &[], None).await;
    assert_eq!(unknown_api.status, 404);
}

#[tokio::test]
async fn the_page_and_the_chunk_loader_are_revalidated_hashed_chunks_are_not() {
    let app = emulator();
    let cache = |a: &common::Answer| {
        a.headers
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string())
    };
    let page = send(&app, "GET", "/keboola", &[], None).await;
    assert_eq!(cache(&page).as_deref(), Some("no-cache"));
    let loader = send(&app, "GET", "/__wasm_split.js", &[], None).await;
    assert_eq!(loader.status, 200);
    assert_eq!(cache(&loader).as_deref(), Some("no-cache"));
    let chunk = send(
        &app,
        "GET",
        "/opsdeck-0123abcd-split_a9s_area.wasm",
        &[],
        None,
    )
    .await;
    assert_eq!(chunk.status, 200);
    assert_eq!(chunk.headers["content-type"], "application/wasm");
    // Named after its content: kept for good, never asked again.
    assert_eq!(
        cache(&chunk).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
}

/// A console with a page, a script and a module big enough to be worth compressing.
fn console_files() -> Vec<(&'static str, Vec<u8>)> {
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 7 * 31 + i / 100) as u8))
        .collect();
    let js = "export function load(chunk) { return import(`./${chunk}.js`); }\n".repeat(200);
    vec![
        (
            "index.html",
            b"<!doctype html><script type=\"module\">boot('/opsdeck-9f.js')</script>".to_vec(),
        ),
        ("opsdeck-9f_bg.wasm", wasm),
        ("opsdeck-9f.js", js.into_bytes()),
    ]
}

/// The raw answer to a GET, with the given Accept-Encoding.
async fn fetch(app: &Router, uri: &str, accept: Option<&str>) -> (axum::http::HeaderMap, Bytes) {
    let mut req = Request::builder().uri(uri);
    if let Some(a) = accept {
        req = req.header("accept-encoding", a);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{uri}");
    let headers = resp.headers().clone();
    (
        headers,
        resp.into_body().collect().await.unwrap().to_bytes(),
    )
}

#[tokio::test]
async fn the_console_goes_out_gzipped_from_a_folder_or_from_memory() {
    let dir = std::env::temp_dir().join(format!("opsdeck-gzip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = console_files();
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let memory: BTreeMap<String, Bytes> = files
        .iter()
        .map(|(n, b)| (n.to_string(), Bytes::from(b.clone())))
        .collect();
    for console in [Console::Dir(dir), Console::Memory(Arc::new(memory))] {
        let what = console.describe();
        let app = app(Options {
            console,
            ..Options::default()
        });
        for (name, bytes) in &files[1..] {
            let uri = format!("/{name}");
            let (h, body) = fetch(&app, &uri, Some("gzip, deflate, br")).await;
            assert_eq!(h["content-encoding"], "gzip", "{what}: {name}");
            assert!(body.len() < bytes.len() / 2, "{what}: {name} compressed");
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&body[..])
                .read_to_end(&mut plain)
                .unwrap();
            assert_eq!(&plain, bytes, "{what}: {name}");
            let expected_type = if name.ends_with(".wasm") {
                "application/wasm"
            } else {
                "text/javascript"
            };
            assert_eq!(h["content-type"], expected_type, "{what}: {name}");
            // A client that does not ask for gzip gets the bytes as they are.
            let (h, body) = fetch(&app, &uri, None).await;
            assert!(h.get("content-encoding").is_none(), "{what}: {name}");
            assert_eq!(&body[..], &bytes[..], "{what}: {name}");
        }
        // Deep links get the page, under a policy naming its inline loader by hash.
        let (h, body) = fetch(&app, "/dm/objects/x", None).await;
        assert_eq!(&body[..], &files[0].1[..], "{what}");
        let csp = h["content-security-policy"].to_str().unwrap();
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(b"boot('/opsdeck-9f.js')"));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{what}: {csp}");
    }
}

#[tokio::test]
async fn another_site_is_served_without_the_consoles_policy_when_asked() {
    let dir = std::env::temp_dir().join(format!("opsdeck-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in console_files() {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    for without_csp in [false, true] {
        let app = app(Options {
            console: Console::Dir(dir.clone()),
            without_csp,
            ..Options::default()
        });
        let (h, _) = fetch(&app, "/", None).await;
        assert_eq!(
            h.get("content-security-policy").is_none(),
            without_csp,
            "without_csp: {without_csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn the_builds_precompressed_twins_go_out_as_they_are() {
    let dir = std::env::temp_dir().join(format!("opsdeck-twins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = console_files();
    // Stand-ins for the build's .br and .gz files: served byte for byte, never recompressed.
    files.push(("opsdeck-9f_bg.wasm.br", b"brotli twin".to_vec()));
    files.push(("opsdeck-9f_bg.wasm.gz", b"gzip twin".to_vec()));
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let memory: BTreeMap<String, Bytes> = files
        .iter()
        .map(|(n, b)| (n.to_string(), Bytes::from(b.clone())))
        .collect();
    for console in [Console::Dir(dir), Console::Memory(Arc::new(memory))] {
        let what = console.describe();
        let app = app(Options {
            console,
            ..Options::default()
        });
        let uri = "/opsdeck-9f_bg.wasm";
        let (h, body) = fetch(&app, uri, Some("gzip, deflate, br, zstd")).await;
        assert_eq!(h["content-encoding"], "br", "{what}");
        assert_eq!(h["content-type"], "application/wasm", "{what}");
        assert_eq!(h["vary"], "accept-encoding", "{what}");
        assert_eq!(&body[..], b"brotli twin", "{what}");
        let (h, body) = fetch(&app, uri, Some("gzip")).await;
        assert_eq!(h["content-encoding"], "gzip", "{what}");
        assert_eq!(&body[..], b"gzip twin", "{what}");
        let (h, body) = fetch(&app, uri, None).await;
        assert!(h.get("content-encoding").is_none(), "{what}");
        assert_eq!(&body[..], &files[1].1[..], "{what}");
    }
}

#[tokio::test]
async fn a_reset_puts_the_demo_world_back_as_it_started() {
    let app = emulator();
    let dm = [("Token", "dm-demo-token")];
    let config = "/api/dm/api/v1/control_plane/configs/deployment-webapp";
    let before = send(&app, "GET", config, &dm, None).await.json();
    // "# target: deployment-webapp\nspec:\n  replicas: 7\n", urlencoded.
    let patch = "patch=%23%20target%3A%20deployment-webapp%0Aspec%3A%0A%20%20replicas%3A%207%0A";
    let form = [dm[0], ("Content-Type", "application/x-www-form-urlencoded")];
    let applied = send(
        &app,
        "POST",
        "/api/dm/api/v1/control_plane/patches/apply",
        &form,
        Some(patch),
    )
    .await;
    assert_eq!(applied.status, 200, "{}", applied.text);
    assert_ne!(send(&app, "GET", config, &dm, None).await.json(), before);
    let rule = json!({ "api": "spot", "status": 502 });
    let json_body = [("content-type", "application/json")];
    send(
        &app,
        "POST",
        "/__emulator/faults",
        &json_body,
        Some(&rule.to_string()),
    )
    .await;

    let reset = send(&app, "POST", "/__emulator/reset", &[], None).await;
    assert_eq!(reset.status, 204);
    assert_eq!(send(&app, "GET", config, &dm, None).await.json(), before);
    let spot = [("Authorization", "Bearer spot-demo-token")];
    let after = send(&app, "GET", "/api/spot/setup/account", &spot, None).await;
    assert_eq!(after.status, 200, "faults are cleared too");
    // The tally keeps counting across resets.
    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let hits = |route: &str| {
        tally["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["api"] == "dm" && o["route"] == route)
            .map(|o| o["hits"].clone())
    };
    assert_eq!(hits("/patches/apply"), Some(json!(1)));
}
