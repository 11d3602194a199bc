//! Helpers shared by the emulator's tests: an in-process app and one-shot requests.
#![allow(dead_code)] // each test file uses its own subset

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use opsdeck_emulator::web::Console;
use opsdeck_emulator::{app, Options, Tokens};
use serde_json::Value;
use tower::ServiceExt;

pub fn emulator() -> Router {
    let dist = std::env::temp_dir().join(format!("opsdeck-emu-test-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><script type=\"module\">start()</script>",
    )
    .unwrap();
    std::fs::write(dist.join("__wasm_split.js"), "export const load = 1;").unwrap();
    std::fs::write(dist.join("opsdeck-0123abcd-split_a9s_area.wasm"), b"\0asm").unwrap();
    app(Options {
        console: Console::Dir(dist),
        config: None,
        seed: 7,
        tokens: Tokens::default(),
        without_csp: false,
    })
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
}

/// Sends one request; `headers` are (name, value) pairs; `body` is sent as given.
pub async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(
            body.map(|b| Body::from(b.to_string()))
                .unwrap_or_else(Body::empty),
        )
        .unwrap();
    answer(app, req).await
}

/// Runs a built request through the app and reads the whole answer.
pub async fn answer(app: &Router, req: Request<Body>) -> Answer {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The demo Spot token's header.
pub const SPOT_AUTH: (&str, &str) = ("Authorization", "Bearer spot-demo-token");
/// The demo organization's production account.
pub const SPOT_PROD: &str = "act-1a2b3c4d";

/// One Spot call (`path` below `/api/spot`) with the demo token and a JSON body.
pub async fn spot(app: &Router, method: &str, path: &str, body: Option<Value>) -> Answer {
    let text = body.map(|b| b.to_string());
    let headers = [SPOT_AUTH, ("Content-Type", "application/json")];
    send(
        app,
        method,
        &format!("/api/spot{path}"),
        &headers,
        text.as_deref(),
    )
    .await
}

/// [`spot`] in the production account (`accountId` added to the query).
pub async fn spot_in_prod(app: &Router, method: &str, path: &str, body: Option<Value>) -> Answer {
    let sep = if path.contains('?') { '&' } else { '?' };
    spot(
        app,
        method,
        &format!("{path}{sep}accountId={SPOT_PROD}"),
        body,
    )
    .await
}

/// The `response.items` of a request answered 200 by [`spot_in_prod`].
pub async fn items_in_prod(
    app: &Router,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Vec<Value> {
    let a = spot_in_prod(app, method, path, body).await;
    assert_eq!(a.status, 200, "{method} {path}: {}", a.text);
    a.json()["response"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}
