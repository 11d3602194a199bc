//! Serves the built console: static files (from a folder, or embedded in the binary),
//! compressed when the browser accepts it (the build's `.br`/`.gz` files beside each one, else
//! gzip at each request), the SPA fallback, and the security headers.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// Where the console's files come from.
#[derive(Clone, Debug)]
pub enum Console {
    /// A folder, read at each request: trunk's `dist/` (`--dist`).
    Dir(PathBuf),
    /// Files held in memory by their path under the root (`index.html`, `opsdeck-….wasm`):
    /// the console embedded in the binary.
    Memory(Arc<BTreeMap<String, Bytes>>),
}

impl Default for Console {
    fn default() -> Console {
        Console::Dir(PathBuf::from("dist"))
    }
}

impl Console {
    /// The console this binary serves without `--dist`: the one embedded at build time with
    /// `--features embed`, else `dist/` in the working directory.
    pub fn built_in() -> Console {
        #[cfg(feature = "embed")]
        return embedded::console();
        #[cfg(not(feature = "embed"))]
        Console::default()
    }

    /// One file of the console, if it has it.
    pub fn file(&self, name: &str) -> Option<Bytes> {
        match self {
            Console::Dir(dir) => std::fs::read(dir.join(name)).ok().map(Bytes::from),
            Console::Memory(files) => files.get(name).cloned(),
        }
    }

    /// Where the files come from, in words (printed at start-up).
    pub fn describe(&self) -> String {
        match self {
            Console::Dir(dir) => format!("console from {}", dir.display()),
            Console::Memory(files) => {
                format!("console embedded in this binary ({} files)", files.len())
            }
        }
    }
}

#[cfg(feature = "embed")]
mod embedded {
    use super::*;

    /// `dist/` at build time (`./dev build` first); empty if there was none.
    #[derive(rust_embed::RustEmbed)]
    #[folder = "../dist/"]
    #[allow_missing = true]
    struct Built;

    pub fn console() -> Console {
        let files = Built::iter()
            .filter_map(|name| {
                let data = Built::get(&name)?.data;
                let bytes = match data {
                    std::borrow::Cow::Borrowed(b) => Bytes::from_static(b),
                    std::borrow::Cow::Owned(v) => Bytes::from(v),
                };
                Some((name.into_owned(), bytes))
            })
            .collect();
        Console::Memory(Arc::new(files))
    }
}

/// The security headers every console response carries.
pub struct Headers {
    pub csp: String,
}

impl Headers {
    /// Builds the Content-Security-Policy for the console's `index.html`: scripts from this
    /// origin, WebAssembly compilation, and trunk's inline loader by its hash; API calls only
    /// to this origin and to the origins the runtime config names.
    pub fn for_console(console: &Console, config: Option<&str>) -> Headers {
        let index = console.file("index.html").unwrap_or_default();
        let index = String::from_utf8_lossy(&index);
        let hashes: String = inline_scripts(&index)
            .iter()
            .map(|s| format!(" 'sha256-{}'", sha256_b64(s)))
            .collect();
        let origins: String = config
            .map(api_origins)
            .unwrap_or_default()
            .iter()
            .map(|o| format!(" {o}"))
            .collect();
        let csp = format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'{origins}; manifest-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        Headers { csp }
    }
}

/// The bodies of `<script>` elements without a `src`, exactly as written.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open = &after[..open_end];
        let body_start = &after[open_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !open.contains(" src=") {
            out.push(&body_start[..close]);
        }
        rest = &body_start[close..];
    }
    out
}

fn sha256_b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// Absolute `http(s)` origins of the base URLs in a runtime config.
fn api_origins(config: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(config).unwrap_or_default();
    let mut origins = Vec::new();
    let mut visit = |v: &serde_json::Value| {
        if let Some(s) = v.as_str() {
            if let Some(origin) = origin_of(s) {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
        }
    };
    if let Some(apis) = value.get("apis").and_then(|a| a.as_object()) {
        for api in apis.values() {
            if let Some(fields) = api.as_object() {
                fields.values().for_each(&mut visit);
            }
        }
    }
    origins
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The console router: `/config.json` (from `config` when given, else from the console's
/// files), the built files, and `index.html` for every other path so deep links survive a
/// reload. Files go out compressed when the browser accepts it, whichever their source: the
/// build's precompressed `name.br`/`name.gz` when there is one, else gzip at each request. Every
/// response carries the console's Content-Security-Policy when `csp`.
pub fn router(console: Console, config: Option<String>, csp: bool) -> Router {
    let csp = Arc::new(csp.then(|| Headers::for_console(&console, config.as_deref()).csp));
    let built = console.file("index.html").is_some();
    let mut router = Router::new();
    if let Some(cfg) = config {
        router = router.route(
            "/config.json",
            get(move || {
                let cfg = cfg.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], cfg) }
            }),
        );
    }
    let router = match console {
        _ if !built => router.fallback(|| async { Html(NOT_BUILT) }),
        Console::Dir(dist) => {
            let index = ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip();
            let files = ServeDir::new(&dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(index);
            router.fallback_service(files)
        }
        Console::Memory(files) => router.fallback(move |req: Request| serve_memory(files, req)),
    };
    router
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(csp, security_headers))
}

/// A file held in memory, or `index.html` for a path that names none; its precompressed
/// `.br` or `.gz` twin when the browser accepts that encoding.
async fn serve_memory(files: Arc<BTreeMap<String, Bytes>>, req: Request) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = req.uri().path().trim_start_matches('/');
    let name = if files.contains_key(path) {
        path
    } else {
        "index.html"
    };
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let encoded = ["br", "gzip"].into_iter().find_map(|encoding| {
        let twin = format!("{name}.{}", if encoding == "br" { "br" } else { "gz" });
        let bytes = files.get(&twin).filter(|_| accepts(accept, encoding))?;
        Some((encoding, bytes.clone()))
    });
    match encoded {
        Some((encoding, bytes)) => (
            [
                (header::CONTENT_TYPE, mime.as_ref()),
                (header::CONTENT_ENCODING, encoding),
            ],
            Body::from(bytes),
        )
            .into_response(),
        None => {
            let bytes = files.get(name).cloned().unwrap_or_default();
            ([(header::CONTENT_TYPE, mime.as_ref())], Body::from(bytes)).into_response()
        }
    }
}

/// Whether an `Accept-Encoding` value accepts `encoding` (named, with a q-value above zero).
fn accepts(accept: &str, encoding: &str) -> bool {
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let named = parts.next() == Some(encoding);
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        named && !refused
    })
}

const NOT_BUILT: &str = "<!doctype html><title>opsdeck</title><p>The console is not built yet. \
Run <code>./dev demo</code> (it builds the console into <code>dist/</code>), or pass <code>--dist</code>.</p>";

async fn security_headers(
    State(csp): State<Arc<Option<String>>>,
    req: Request,
    next: Next,
) -> Response {
    // Revalidated on every load: the page, and the chunk loader (its name carries no hash).
    let path = req.uri().path();
    let no_cache =
        !path.contains('.') || path.ends_with("/index.html") || path.ends_with("/__wasm_split.js");
    let hashed = content_hashed(path);
    let mut resp = next.run(req).await.into_response();
    // (Not the page: a deep link with a dot in it is answered with index.html.)
    let found = resp.status().is_success()
        && !resp
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let hs = resp.headers_mut();
    if let Some(v) = csp.as_deref().and_then(|c| HeaderValue::from_str(c).ok()) {
        hs.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    hs.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    hs.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    hs.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if no_cache {
        hs.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    } else if hashed && found {
        // The build names these after their content: a second visit takes them from the
        // browser's cache without asking (as deploy/nginx does).
        hs.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    // Which file answers depends on Accept-Encoding (a precompressed twin or not).
    if !hs.contains_key(header::VARY) {
        hs.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    resp
}

/// Whether a file's name carries the hash of its content, as the build names them
/// (`opsdeck-<hash>_bg.wasm`, `opsdeck-<hash>-split_dm_area.wasm`, `main-<hash>.css`,
/// `spot-catalog-<hash>.json`): a `-`, 8 to 16 hex digits, then `-`, `_` or `.`. The same rule
/// as deploy/nginx/opsdeck.conf's `$opsdeck_cache_control`.
fn content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        (8..=16).contains(&hex) && matches!(rest.as_bytes().get(hex), Some(b'-' | b'_' | b'.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_cached_for_good() {
        for name in [
            "/opsdeck-bd869c8f603c178e_bg.wasm",
            "/opsdeck-bd869c8f603c178e-split_dm_area.wasm",
            "/main-f68821297af8be1e.css",
            "/spot-catalog-c181015590e8ad7d.json",
        ] {
            assert!(content_hashed(name), "{name}");
        }
        for name in [
            "/",
            "/config.json",
            "/__wasm_split.js",
            "/a9s/instances/kv-1",
            "/spot/ops/x-y",
        ] {
            assert!(!content_hashed(name), "{name}");
        }
    }

    #[test]
    fn finds_inline_scripts_only() {
        let html =
            r#"<script src="/a.js"></script><script type="module">init('/x.wasm');</script>"#;
        assert_eq!(inline_scripts(html), vec!["init('/x.wasm');"]);
    }

    #[test]
    fn accept_encoding_names_and_refusals() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn policy_lists_api_origins_and_script_hashes() {
        let cfg = r#"{"apis":{"a9s":{"base_url":"https://a9s.example.com/api"},"spot":{"base_url":"/api/spot"}}}"#;
        let dir = std::env::temp_dir().join(format!("opsdeck-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<script type=\"module\">go()</script>",
        )
        .unwrap();
        let h = Headers::for_console(&Console::Dir(dir), Some(cfg));
        assert!(
            h.csp
                .contains("connect-src 'self' https://a9s.example.com;"),
            "{}",
            h.csp
        );
        assert!(h.csp.contains(&format!("'sha256-{}'", sha256_b64("go()"))));
        assert!(!h.csp.contains("unsafe-inline"));
    }
}
