use axum::serve::ListenerExt;
use std::net::SocketAddr;
use std::path::PathBuf;

use opsdeck_emulator::web::{Console, Headers};
use opsdeck_emulator::{app, Options, Tokens};

const USAGE: &str = "usage: opsdeck-emulator [--host 127.0.0.1] [--port 8080] [--dist dist] \
[--config FILE] [--seed N] [--scenario tour] [--no-csp] [--print-csp]
  --port 0 picks a free port; the chosen address is printed as `listening on http://…`.
  --dist serves the console from that folder instead of the one built in (embedded with the
    `embed` feature, else ./dist).
  --scenario tour starts in the demo world README.md's \"A ten-minute tour\" walks through;
    POST /__emulator/reset puts the world back there between demos.
  --no-csp serves without the console's Content-Security-Policy: another static site from --dist
    (the bench's Swagger UI), as its own deployment would serve it.
  --print-csp prints the Content-Security-Policy for the console (and --config) and exits.";

/// The demo stories: the name `--scenario` takes and the seed of the world it starts in.
const SCENARIOS: [(&str, u64); 1] = [("tour", 7)];

#[tokio::main]
async fn main() {
    let mut host = "127.0.0.1".to_string();
    let mut port: u16 = std::env::var("OPSDECK_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let mut opts = Options {
        console: Console::built_in(),
        seed: 7,
        tokens: Tokens::default(),
        ..Options::default()
    };
    let mut print_csp = false;
    let mut scenario = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--host" => host = value(),
            "--port" => {
                port = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--port takes a number"))
            }
            "--dist" => opts.console = Console::Dir(PathBuf::from(value())),
            "--config" => {
                let path = value();
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
                opts.config = Some(text);
            }
            "--seed" => {
                opts.seed = value()
                    .parse()
                    .unwrap_or_else(|_| fail("--seed takes a number"))
            }
            "--scenario" => {
                let name = value();
                let Some((_, seed)) = SCENARIOS.iter().find(|(n, _)| *n == name) else {
                    fail(&format!("unknown scenario {name} (known: tour)"))
                };
                opts.seed = *seed;
                scenario = Some(name);
            }
            "--no-csp" => opts.without_csp = true,
            "--print-csp" => print_csp = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other}")),
        }
    }
    if print_csp {
        let config = opts.config.clone().or_else(|| {
            let file = opts.console.file("config.json")?;
            Some(String::from_utf8_lossy(&file).into_owned())
        });
        println!(
            "{}",
            Headers::for_console(&opts.console, config.as_deref()).csp
        );
        return;
    }
    let addr: SocketAddr = format!("{host}:{port}")
        .parse()
        .unwrap_or_else(|_| fail("--host must be an IP address"));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen on {addr}: {e}")));
    let local = listener.local_addr().expect("bound address");
    let t = &opts.tokens;
    println!("listening on http://{local}");
    println!("{}", opts.console.describe());
    println!("demo credentials (Connections page):");
    println!("  Deployment Manager   Token header     {}", t.dm);
    println!("  Deployed Solutions   Bearer token     {}", t.solutions);
    println!("  a9s Data Services    bearer token     {}", t.a9s);
    println!("  Keboola              Storage token    {}", t.keboola[0]);
    println!(
        "  Spot                 Bearer token     {}   account {}",
        t.spot, t.spot_account
    );
    if let Some(name) = scenario {
        println!(
            "scenario {name}: follow README.md's \"A ten-minute tour\"; between demos, put the"
        );
        println!("  world back with: curl -X POST http://{local}/__emulator/reset");
    }
    let app = app(opts);
    // Small answers go out at once, not held back by Nagle's algorithm until the browser's
    // delayed ACK (tens of milliseconds for a stylesheet on loopback), as nginx does by default.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("server");
}

fn fail(msg: &str) -> ! {
    eprintln!("opsdeck-emulator: {msg}\n{USAGE}");
    std::process::exit(2)
}
