//! The production path: Debian's nginx running the recipe in `deploy/` (its own prefix in a temp
//! directory, a free loopback port) in front of the emulator, and a stand-in for the SSO endpoint
//! that answers oauth2-proxy's paths (`/oauth2/auth`, `/oauth2/sign_in`, `/oauth2/start`).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};

use crate::{emulator_bin, fail, free_port, workspace_root, Error, Stack, DEMO};

/// The SSO session cookie (oauth2-proxy's name).
pub const SSO_COOKIE: &str = "_oauth2_proxy";

/// nginx with the recipe, and the SSO stand-in, for one scenario.
pub struct Proxy {
    /// Where the browser goes: nginx.
    pub base: String,
    /// The deployment's config.json nginx serves (proxy mode).
    pub config: PathBuf,
    nginx: Child,
    sso: tokio::task::JoinHandle<()>,
    /// Sessions issued before this generation are refused.
    generation: Arc<AtomicU64>,
    dir: PathBuf,
}

impl Proxy {
    pub async fn start(stack: &Stack) -> Result<Proxy, Error> {
        let root = workspace_root();
        let deploy = root.join("deploy");
        let dir = std::env::temp_dir().join(format!("opsdeck-proxy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("tmp"))?;

        let sso_listener = TcpListener::bind("127.0.0.1:0").await?;
        let sso_addr = sso_listener.local_addr()?;
        let generation = Arc::new(AtomicU64::new(1));
        let sso = tokio::spawn(serve_sso(sso_listener, generation.clone()));

        // The recipe's proxy-mode config, pointed at the emulator's Spot account.
        let mut config: Value =
            serde_json::from_str(&std::fs::read_to_string(deploy.join("config.json"))?)?;
        config["environment"] = json!("e2e behind nginx");
        config["request_timeout_ms"] = json!(10_000);
        config["apis"]["spot"]["account_id"] = json!("act-1a2b3c4d");
        let config_path = dir.join("config.json");
        std::fs::write(&config_path, config.to_string())?;

        let credentials: String = DEMO
            .iter()
            .map(|(api, token)| {
                let value = if *api == "a9s" {
                    format!("Bearer {token}")
                } else {
                    token.to_string()
                };
                format!("set $opsdeck_{api}_credential \"{value}\";\n")
            })
            .collect();
        std::fs::write(dir.join("credentials.conf"), credentials)?;

        let dist = root.join("dist");
        let script = deploy.join("opsdeck-deploy");
        let headers = deploy_command(&script, &["headers"])
            .arg(&dist)
            .arg(&config_path)
            .env("OPSDECK_EMULATOR", emulator_bin())
            .output()
            .await?;
        if !headers.status.success() {
            return fail(format!(
                "opsdeck-deploy headers failed: {}",
                String::from_utf8_lossy(&headers.stderr)
            ));
        }
        std::fs::write(dir.join("headers.conf"), &headers.stdout)?;

        let port = free_port();
        let upstream = |path: &str| format!("{}{path}", stack.base.trim_end_matches('/'));
        let text = |p: &Path| p.display().to_string();
        let settings = [
            ("LISTEN", format!("127.0.0.1:{port}")),
            ("SERVER_NAME", "localhost".into()),
            ("DIST", text(&dist)),
            ("CONFIG", text(&config_path)),
            ("HEADERS", text(&dir.join("headers.conf"))),
            ("CREDENTIALS", text(&dir.join("credentials.conf"))),
            ("SSO", format!("http://{sso_addr}")),
            ("DM_UPSTREAM", upstream("/api/dm/")),
            ("SOLUTIONS_UPSTREAM", upstream("/api/solutions/")),
            ("A9S_UPSTREAM", upstream("/api/a9s/")),
            ("KEBOOLA_UPSTREAM", upstream("/api/keboola/")),
            ("KEBOOLA_QUEUE_UPSTREAM", upstream("/api/keboola-queue/")),
            ("SPOT_UPSTREAM", upstream("/api/spot/")),
        ];
        let mut render = deploy_command(&script, &["nginx"]);
        for (name, value) in &settings {
            render.env(format!("OPSDECK_{name}"), value);
        }
        let site = render.output().await?;
        if !site.status.success() {
            return fail(format!(
                "opsdeck-deploy nginx failed: {}",
                String::from_utf8_lossy(&site.stderr)
            ));
        }
        std::fs::write(dir.join("opsdeck.conf"), &site.stdout)?;

        // What Debian's /etc/nginx/nginx.conf provides around a site, in the prefix; one
        // process (no master) so stopping it stops everything.
        let tmp = text(&dir.join("tmp"));
        let main = format!(
            "master_process off;\npid {d}/nginx.pid;\nevents {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
             \x20 access_log off;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n\
             \x20 fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n  scgi_temp_path {tmp}/scgi;\n\
             \x20 include {d}/opsdeck.conf;\n}}\n",
            d = text(&dir)
        );
        std::fs::write(dir.join("nginx.conf"), main)?;

        let bin = std::env::var("NGINX").unwrap_or_else(|_| {
            if Path::new("/usr/sbin/nginx").exists() {
                "/usr/sbin/nginx".into()
            } else {
                "nginx".into()
            }
        });
        let error_log = dir.join("error.log");
        let mut nginx = Command::new(&bin)
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(&error_log)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {bin}: {e} (./dev setup installs nginx)"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if let Some(status) = nginx.try_wait()? {
                let mut err = String::new();
                if let Some(mut e) = nginx.stderr.take() {
                    use tokio::io::AsyncReadExt;
                    let _ = e.read_to_string(&mut err).await;
                }
                return fail(format!(
                    "nginx exited ({status}): {err}{}",
                    std::fs::read_to_string(&error_log).unwrap_or_default()
                ));
            }
            if Instant::now() > deadline {
                return fail("nginx did not start listening");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Proxy {
            base: format!("http://127.0.0.1:{port}"),
            config: config_path,
            nginx,
            sso,
            generation,
            dir,
        })
    }

    /// The cookie of a session the stand-in accepts now (for requests made outside the browser).
    pub fn session_cookie(&self) -> String {
        format!(
            "{SSO_COOKIE}={}",
            session(self.generation.load(Ordering::SeqCst))
        )
    }

    /// Every session issued so far ends: the stand-in refuses it until the user signs in again.
    pub fn end_sessions(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// nginx's error log, for a failure message.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    pub async fn stop(mut self) {
        let _ = self.nginx.kill().await;
        self.sso.abort();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn deploy_command(script: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("bash");
    c.arg(script).args(args).stdin(Stdio::null());
    c
}

fn session(generation: u64) -> String {
    format!("e2e-session-{generation}")
}

/// The SSO stand-in: one request per connection, like nginx's proxy speaks to it.
async fn serve_sso(listener: TcpListener, generation: Arc<AtomicU64>) {
    while let Ok((stream, _)) = listener.accept().await {
        let generation = generation.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(stream);
            let mut target = String::new();
            let mut cookie = String::new();
            let mut first = true;
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if first {
                    target = line.split(' ').nth(1).unwrap_or("/").to_string();
                    first = false;
                } else if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("cookie") {
                        cookie = value.trim().to_string();
                    }
                }
            }
            let valid = session(generation.load(Ordering::SeqCst));
            let answer = sso_answer(&target, &cookie, &valid);
            let _ = reader.get_mut().write_all(answer.as_bytes()).await;
            let _ = reader.get_mut().shutdown().await;
        });
    }
}

/// What the stand-in answers to one request.
fn sso_answer(target: &str, cookie: &str, valid: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // rd is the last parameter and may hold an unencoded query of its own.
    let rd = query
        .split_once("rd=")
        .map(|(_, rd)| percent_decode(rd))
        .filter(|rd| rd.starts_with('/') && !rd.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let reply = |status: &str, headers: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    match path {
        "/oauth2/auth" => {
            let signed_in = cookie
                .split(';')
                .any(|c| c.trim() == format!("{SSO_COOKIE}={valid}"));
            if signed_in {
                reply("202 Accepted", "", "")
            } else {
                reply("401 Unauthorized", "", "")
            }
        }
        "/oauth2/sign_in" => {
            let body = format!(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title></head>\
                 <body><h1>Sign in to continue</h1><form method=\"get\" action=\"/oauth2/start\">\
                 <input type=\"hidden\" name=\"rd\" value=\"{}\">\
                 <button id=\"sso-sign-in\" type=\"submit\">Sign in with the test identity provider</button>\
                 </form></body></html>",
                html_escape(&rd)
            );
            reply(
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                &body,
            )
        }
        "/oauth2/start" => reply(
            "302 Found",
            &format!(
                "Location: {rd}\r\nSet-Cookie: {SSO_COOKIE}={valid}; Path=/; HttpOnly; SameSite=Lax\r\n"
            ),
            "",
        ),
        _ => reply("404 Not Found", "", ""),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
