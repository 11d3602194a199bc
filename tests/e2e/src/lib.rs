//! The browser-test harness: starts the emulator (serving the release build) and chromedriver
//! on free loopback ports, gives each scenario a fresh headless Chromium, and fails a scenario
//! whose page logged an error or a CSP violation.

pub mod proxy;
pub mod scenarios;

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Outcome = Result<(), Error>;
pub type ScenarioFuture<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One browser test: a name and what it does with a fresh browser. It may replace the page
/// (a second browser session); the harness checks and closes whichever page it ends with.
pub struct Scenario {
    pub name: &'static str,
    pub run: for<'a> fn(&'a Stack, &'a mut Page) -> ScenarioFuture<'a>,
}

/// Fails a scenario with a message.
pub fn fail<T>(msg: impl Into<String>) -> Result<T, Error> {
    Err(msg.into().into())
}

/// Checks a condition, failing with the message.
pub fn ensure(ok: bool, msg: impl Into<String>) -> Outcome {
    if ok {
        Ok(())
    } else {
        fail(msg)
    }
}

/// The checkout the tests run in: cargo sets CARGO_MANIFEST_DIR when it runs them; the
/// compile-time value is the fallback for running the binary by hand.
pub fn workspace_root() -> PathBuf {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    Path::new(&manifest)
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The emulator binary: `$OPSDECK_EMULATOR`, else the debug build.
pub fn emulator_bin() -> PathBuf {
    std::env::var("OPSDECK_EMULATOR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target/debug/opsdeck-emulator"))
}

/// The demo credentials the emulator accepts (see `emulator/src/api.rs`).
pub const DEMO: [(&str, &str); 5] = [
    ("dm", "dm-demo-token"),
    ("solutions", "solutions-demo-token"),
    ("a9s", "a9s-demo-token"),
    ("keboola", "keboola-demo-token"),
    ("spot", "spot-demo-token"),
];

/// The emulator and chromedriver processes of one test run.
pub struct Stack {
    pub base: String,
    emulator: Child,
    driver: Child,
    driver_port: u16,
    _config_dir: PathBuf,
}

impl Stack {
    pub async fn start() -> Result<Stack, Error> {
        let root = workspace_root();
        let dist = root.join("dist");
        if !dist.join("index.html").exists() {
            return fail("dist/index.html is missing: build the console first (./dev build)");
        }
        let bin = emulator_bin();
        if !bin.exists() {
            return fail(format!(
                "{} is missing: cargo build -p opsdeck-emulator",
                bin.display()
            ));
        }
        // The shipped config, with a short time limit so the timeout test is quick.
        let mut config: Value =
            serde_json::from_str(&std::fs::read_to_string(dist.join("config.json"))?)?;
        config["request_timeout_ms"] = json!(3000);
        let config_dir = std::env::temp_dir().join(format!("opsdeck-e2e-{}", std::process::id()));
        std::fs::create_dir_all(&config_dir)?;
        let config_path = config_dir.join("config.json");
        std::fs::write(&config_path, config.to_string())?;

        let (emulator, base) = serve(&dist, Some(&config_path), true).await?;

        let driver_port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={driver_port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .map_err(|e| format!("cannot start chromedriver: {e} (./dev setup installs it)"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", driver_port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return fail("chromedriver did not start");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Stack {
            base,
            emulator,
            driver,
            driver_port,
            _config_dir: config_dir,
        })
    }

    /// A new browser; `profile` keeps its storage across sessions (for "remember me").
    pub async fn page(&self, profile: Option<&Path>) -> Result<Page, Error> {
        self.browser(profile, "normal", false).await
    }

    /// A new browser whose navigations return at once (WebDriver's page load strategy "none"),
    /// for the bench to watch a page from its start.
    pub async fn page_unwaited(&self) -> Result<Page, Error> {
        self.browser(None, "none", false).await
    }

    /// Like [`Stack::page_unwaited`], recording what the browser's threads do (a Chrome trace of
    /// the categories in [`TRACED`], read with [`Page::trace`]): for the bench to tell where a
    /// load's time goes. Tracing slows the browser: never time a traced page.
    pub async fn page_traced(&self) -> Result<Page, Error> {
        self.browser(None, "none", true).await
    }

    async fn browser(
        &self,
        profile: Option<&Path>,
        load: &str,
        traced: bool,
    ) -> Result<Page, Error> {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1400,1000".into(),
        ];
        if let Some(p) = profile {
            args.push(format!("--user-data-dir={}", p.display()));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("pageLoadStrategy".into(), json!(load));
        let mut chrome = json!({ "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()), "args": args });
        let mut logs = json!({ "browser": "ALL" });
        if traced {
            chrome["perfLoggingPrefs"] =
                json!({ "enableNetwork": false, "enablePage": false, "traceCategories": TRACED });
            logs["performance"] = json!("ALL");
        }
        caps.insert("goog:chromeOptions".into(), chrome);
        caps.insert("goog:loggingPrefs".into(), logs);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.driver_port))
            .await?;
        Ok(Page {
            client,
            base: self.base.clone(),
            driver_port: self.driver_port,
        })
    }

    /// Calls the emulator's control surface.
    pub async fn control(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<String, Error> {
        http(&self.base, method, path, body).await
    }

    /// Requests the emulator counted for `api`'s documented operations whose method and route
    /// template `matches` accepts (the tally of `/__emulator/coverage`).
    pub async fn hits(
        &self,
        api: &str,
        matches: impl Fn(&str, &str) -> bool,
    ) -> Result<u64, Error> {
        let tally: Value =
            serde_json::from_str(&self.control("GET", "/__emulator/coverage", None).await?)?;
        Ok(tally["operations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| o["api"] == api)
            .filter(|o| {
                matches(
                    o["method"].as_str().unwrap_or_default(),
                    o["route"].as_str().unwrap_or_default(),
                )
            })
            .filter_map(|o| o["hits"].as_u64())
            .sum())
    }

    /// Makes the emulator answer `api`'s `route` (its template) with `status`, once.
    pub async fn fail_once(&self, api: &str, route: &str, status: u16) -> Outcome {
        let rule = json!({"api": api, "route": route, "status": status, "times": 1});
        self.control("POST", "/__emulator/faults", Some(rule))
            .await?;
        Ok(())
    }

    /// Makes Spot list these accounts (in the envelope of its own answer, asked through
    /// `page`'s saved connection) until the faults are cleared.
    pub async fn list_spot_accounts(&self, page: &Page, items: Vec<Value>) -> Outcome {
        let answer = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const spot = JSON.parse(sessionStorage.getItem('opsdeck.connections')).connections.spot;
                 fetch(spot.base_url + '/setup/account', { headers: { Authorization: 'Bearer ' + spot.token } })
                   .then(r => r.text()).then(done, e => done(String(e)));",
                vec![],
            )
            .await?;
        let mut answer: Value = serde_json::from_str(answer.as_str().unwrap_or_default())?;
        answer["response"]["count"] = json!(items.len());
        answer["response"]["items"] = json!(items);
        let rule = json!({ "api": "spot", "method": "GET", "path_contains": "/setup/account",
                           "status": 200, "body": answer.to_string() });
        self.control("POST", "/__emulator/faults", Some(rule))
            .await?;
        Ok(())
    }

    pub async fn stop(mut self) {
        let _ = self.driver.kill().await;
        let _ = self.emulator.kill().await;
    }
}

/// Starts the emulator serving `dist` (with `config` as its runtime config, and under the
/// console's Content-Security-Policy when `csp`) on a free loopback port; gives the process and
/// the address it listens on.
pub async fn serve(
    dist: &Path,
    config: Option<&Path>,
    csp: bool,
) -> Result<(Child, String), Error> {
    let mut command = Command::new(emulator_bin());
    command.args(["--port", "0", "--dist"]).arg(dist);
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    if !csp {
        command.arg("--no-csp");
    }
    let mut emulator = command.stdout(Stdio::piped()).kill_on_drop(true).spawn()?;
    let stdout = emulator.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = tokio::time::timeout(Duration::from_secs(20), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.strip_prefix("listening on ") {
                return Some(url.trim().to_string());
            }
        }
        None
    })
    .await?
    .ok_or("the emulator did not say where it listens")?;
    // Keep draining its output so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((emulator, base))
}

/// A tiny HTTP/1.1 client for loopback control calls (no TLS). Reads exactly the announced
/// body, and gives up after 30 s rather than hang a test run.
pub async fn http(
    base: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<String, Error> {
    tokio::time::timeout(
        Duration::from_secs(30),
        http_inner(base, method, path, body),
    )
    .await
    .map_err(|_| format!("{method} {path}: no answer within 30 s"))?
}

async fn http_inner(
    base: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<String, Error> {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let stream = tokio::net::TcpStream::connect(host).await?;
    let mut reader = BufReader::new(stream);
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    reader.get_mut().write_all(req.as_bytes()).await?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if let Some(n) = length {
        let mut buf = vec![0; n];
        reader.read_exact(&mut buf).await?;
        return Ok(String::from_utf8_lossy(&buf).into_owned());
    }
    let mut rest = String::new();
    reader.read_to_string(&mut rest).await?;
    Ok(if chunked { dechunk(&rest) } else { rest })
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// One browser session, with the helpers scenarios use. Every wait has a time limit.
pub struct Page {
    pub client: Client,
    pub base: String,
    driver_port: u16,
}

const WAIT: Duration = Duration::from_secs(15);

/// What a traced page records: the main thread's tasks (script, style, layout, paint), V8's
/// WebAssembly work (streaming decode, lazy compilation, memory growth, garbage collection) and
/// the page's own performance marks.
const TRACED: &str = "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm,\
                      disabled-by-default-v8.compile,blink.user_timing";

impl Page {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Opens a console path and waits for the app to mount.
    pub async fn open(&self, path: &str) -> Outcome {
        self.client.goto(&self.url(path)).await?;
        self.wait_for(".shell").await?;
        Ok(())
    }

    /// Saves the demo credential of each named API in this tab's storage, the way the
    /// Connections page does, then opens `path`.
    pub async fn open_connected(&self, path: &str, apis: &[&str]) -> Outcome {
        self.open("/").await?;
        self.save_connections(apis).await?;
        self.open(path).await
    }

    /// Saves connections to `apis` (or "all") with the demo tokens in this tab's storage, as
    /// the Connections page would; the current page must be on the console's origin.
    pub async fn save_connections(&self, apis: &[&str]) -> Outcome {
        let mut conns = serde_json::Map::new();
        let config: Value =
            serde_json::from_str(&http(&self.base, "GET", "/config.json", None).await?)?;
        for (api, token) in DEMO {
            if apis.contains(&api) || apis.contains(&"all") {
                let mut c = config["apis"][api].clone();
                c["token"] = json!(token);
                conns.insert(api.into(), c);
            }
        }
        let saved = json!({ "mode": "session", "connections": conns }).to_string();
        self.client
            .execute(
                "sessionStorage.setItem('opsdeck.connections', arguments[0]);",
                vec![json!(saved)],
            )
            .await?;
        Ok(())
    }

    /// Leaves for the Connections page, reloads the tab and opens the activity center from the
    /// header's badge, once it counts `running`.
    pub async fn reload_into_activity(&self, running: &str) -> Outcome {
        self.click("#nav-connections").await?;
        self.wait_path("/connections").await?;
        self.client.refresh().await?;
        self.wait_for(".shell").await?;
        self.wait_text("#activity-count", running).await?;
        self.click("#activity-badge").await?;
        self.wait_path("/activity").await
    }

    pub async fn wait_for(&self, css: &str) -> Result<Element, Error> {
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))?)
    }

    /// Waits until an element matching `css` contains `text`; returns its whole text.
    pub async fn wait_text(&self, css: &str, text: &str) -> Result<String, Error> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(elems) = self.client.find_all(Locator::Css(css)).await {
                for e in elems {
                    if let Ok(t) = e.text().await {
                        // Isolate marks around names (`ui::isolate`) are invisible: not compared.
                        let t: String = t
                            .chars()
                            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
                            .collect();
                        if t.contains(text) {
                            return Ok(t);
                        }
                        last = t;
                    }
                }
            }
            if Instant::now() > deadline {
                return fail(format!("no {css} containing {text:?}; last seen: {last:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's path is `path` (a navigation may first fetch an area's code).
    pub async fn wait_path(&self, path: &str) -> Outcome {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.path().await?;
            if now == path {
                return Ok(());
            }
            if Instant::now() > deadline {
                return fail(format!("expected to be at {path}, still at {now}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's address has `part` in its query (written after the page is on
    /// screen, e.g. the Spot account).
    pub async fn wait_query(&self, part: &str) -> Outcome {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.client.current_url().await?;
            if url.query().is_some_and(|q| q.contains(part)) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return fail(format!("the address never had {part:?}: {url}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until nothing matching `css` is on the page.
    pub async fn wait_gone(&self, css: &str) -> Outcome {
        let deadline = Instant::now() + WAIT;
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                return fail(format!("{css} is still shown"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Finds the element `at` names and does `act` with it. A re-render may replace the element
    /// between finding it and acting on it; the person would simply act on the new one, so a
    /// stale element is found afresh (until `WAIT` runs out). An action on a stale element never
    /// reached the page, so trying it again does not do anything twice.
    async fn on<T, F, Fut>(&self, at: Locator<'_>, what: &str, act: F) -> Result<T, Error>
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, fantoccini::error::CmdError>>,
    {
        let name = match at {
            Locator::Css(s) | Locator::XPath(s) | Locator::Id(s) | Locator::LinkText(s) => s,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let e = self
                .client
                .wait()
                .at_most(WAIT)
                .for_element(at)
                .await
                .map_err(|e| format!("waiting for {name}: {e}"))?;
            match act(e).await {
                Err(e) if e.is_stale_element_reference() && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                r => return r.map_err(|e| format!("{what} {name}: {e}").into()),
            }
        }
    }

    pub async fn click(&self, css: &str) -> Outcome {
        let click = |e: Element| async move { e.click().await.map(drop) };
        self.on(Locator::Css(css), "clicking", click).await
    }

    /// Clicks the first button (or link) whose text is exactly `label`.
    pub async fn click_text(&self, label: &str) -> Outcome {
        let xpath = format!(
            "//*[self::button or self::a][normalize-space(.)={}]",
            xpath_literal(label)
        );
        let click = |e: Element| async move { e.click().await.map(drop) };
        self.on(Locator::XPath(&xpath), "clicking", click).await
    }

    /// Replaces an input's value with `text`, as typing would.
    pub async fn fill(&self, css: &str, text: &str) -> Outcome {
        self.on(Locator::Css(css), "typing into", |e| async move {
            e.clear().await?;
            e.send_keys(text).await
        })
        .await
    }

    /// Sets an input's value the way typing ends, at once: for inputs WebDriver cannot type into
    /// reliably (numbers, date-times) and long texts (JSON bodies).
    pub async fn set(&self, css: &str, value: &str) -> Outcome {
        self.wait_for(css).await?;
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![json!(css), json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Chooses the option whose value is `value` in a select, as a person would.
    pub async fn select(&self, css: &str, value: &str) -> Outcome {
        self.on(Locator::Css(css), "choosing in", |e| async move {
            e.select_by_value(value).await.map(drop)
        })
        .await
    }

    pub async fn text(&self, css: &str) -> Result<String, Error> {
        self.on(
            Locator::Css(css),
            "reading",
            |e| async move { e.text().await },
        )
        .await
    }

    /// Waits until the input or textarea matching `css` holds a value containing `text` (an
    /// element's text does not include a value set by script); returns the value.
    pub async fn wait_value(&self, css: &str, text: &str) -> Result<String, Error> {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self
                .client
                .execute(
                    "const e = document.querySelector(arguments[0]); return e ? e.value : null",
                    vec![json!(css)],
                )
                .await?;
            let v = v.as_str().unwrap_or_default().to_string();
            if v.contains(text) {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return fail(format!("no {css} holding {text:?}; last value: {v:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn js(&self, script: &str) -> Result<Value, Error> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    pub async fn path(&self) -> Result<String, Error> {
        Ok(self.client.current_url().await?.path().to_string())
    }

    /// Error entries from the browser's console (CSP violations, uncaught errors, panics).
    /// Failed requests the test caused on purpose show as network entries and are left out.
    pub async fn console_errors(&self) -> Result<Vec<String>, Error> {
        Ok(self
            .log("browser")
            .await?
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .filter_map(|e| e["message"].as_str().map(String::from))
            .filter(|m| !m.contains("Failed to load resource"))
            .collect())
    }

    /// The trace events a [`Stack::page_traced`] page has recorded since last asked (each as
    /// Chrome writes it: `name`, `ph`, `ts`, `dur` in µs, `pid`, `tid`, `args`).
    pub async fn trace(&self) -> Result<Vec<Value>, Error> {
        Ok(self
            .log("performance")
            .await?
            .into_iter()
            .filter_map(|e| {
                let message: Value = serde_json::from_str(e["message"].as_str()?).ok()?;
                (message["message"]["method"] == "Tracing.dataCollected")
                    .then(|| message["message"]["params"].clone())
            })
            .collect())
    }

    /// The entries of one of chromedriver's logs since last asked.
    async fn log(&self, kind: &str) -> Result<Vec<Value>, Error> {
        let session = self.client.session_id().await?.unwrap_or_default();
        let raw = http(
            &format!("http://127.0.0.1:{}", self.driver_port),
            "POST",
            &format!("/session/{session}/se/log"),
            Some(json!({ "type": kind })),
        )
        .await?;
        let v: Value = serde_json::from_str(&raw).unwrap_or_default();
        Ok(v["value"].as_array().cloned().unwrap_or_default())
    }

    /// Has the browser run `script` at the start of every document this page opens from now
    /// on, before the document's own scripts (DevTools' `Page.addScriptToEvaluateOnNewDocument`,
    /// through chromedriver): for the bench to watch a load from inside the page rather than by
    /// asking the browser over and over while it loads.
    pub async fn on_new_document(&self, script: &str) -> Outcome {
        let session = self.client.session_id().await?.unwrap_or_default();
        let cmd = json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": script } });
        let raw = http(
            &format!("http://127.0.0.1:{}", self.driver_port),
            "POST",
            &format!("/session/{session}/goog/cdp/execute"),
            Some(cmd),
        )
        .await?;
        let answer: Value = serde_json::from_str(&raw)?;
        ensure(
            answer["value"]["identifier"].is_string(),
            format!("the browser did not take the script: {raw}"),
        )
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("concat('{}')", s.replace('\'', "',\"'\",'"))
    }
}

/// Shipped files of `dist/` with raw and gzip sizes, largest first (not the build's `.gz`/`.br`
/// twins of them). The gzip size is the build's `.gz` twin's, what servers send (zopfli's, see
/// `tools/stage-chunks`); gzip -9's for a file without one.
pub fn dist_sizes(dist: &Path) -> Vec<(String, usize, usize)> {
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dist).into_iter().flatten().flatten() {
        let path = entry.path();
        let twin = matches!(path.extension().and_then(|e| e.to_str()), Some("gz" | "br"));
        if !path.is_file() || twin {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut twin = path.clone().into_os_string();
        twin.push(".gz");
        let gzipped = match std::fs::metadata(&twin) {
            Ok(m) => m.len() as usize,
            Err(_) => {
                let mut gz = GzEncoder::new(Vec::new(), Compression::best());
                gz.write_all(&bytes).unwrap();
                gz.finish().unwrap().len()
            }
        };
        out.push((
            entry.file_name().to_string_lossy().into_owned(),
            bytes.len(),
            gzipped,
        ));
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.1));
    out
}

/// Whether a shipped file is part of the first load: the page, the scripts (trunk's and the chunk
/// loader), the main wasm module and the stylesheet. The other `.wasm` files are the chunks split
/// off at the lazy routes, fetched when a page first needs them.
pub fn in_first_load(name: &str) -> bool {
    name == "index.html"
        || name.ends_with(".js")
        || name.ends_with("_bg.wasm")
        || name.ends_with(".css")
}

/// What the first load transfers (gzip).
pub fn first_load_gzip(sizes: &[(String, usize, usize)]) -> usize {
    sizes
        .iter()
        .filter(|(n, _, _)| in_first_load(n))
        .map(|(_, _, g)| g)
        .sum()
}

/// The first-load budget, gzipped (the build's `.gz` twins): issue #16's target. It was 199 KB
/// until the loader learnt to read an operation's slice of Spot's catalog (199.3 KB measured
/// then, for about 15 ms less to a deep-linked form); it does not grow past this.
pub const FIRST_LOAD_BUDGET: usize = 200 * 1024;
