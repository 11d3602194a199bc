//! Setup (ops 1–2) and database (ops 3–5).

use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use super::body::Input;
use super::{audit, error_only, input, lock, no_body, ok, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/setup", get(setup))
        // Q2: the syntax says POST, the example calls GET.
        .route("/setup/status", post(setup_status).get(setup_status))
        .route("/database/setup", post(database_setup))
        .route("/database/mock_ddl", post(mock_ddl))
        .route("/database/connection", get(|| async { no_body() }))
}

/// Q1: a GET with side effects; idempotent here.
async fn setup(State(s): State<Shared>) -> Response {
    let mut m = lock(&s);
    m.dm_tables = true;
    let added = m.ensure_defaults();
    if !added.is_empty() {
        audit(&format!(
            "setup created default bindings: {}",
            added.join(", ")
        ));
    }
    ok(json!({ "status": "OK" }))
}

async fn setup_status(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let done = m.dm_tables && m.defaults_complete();
    // Q3: the example answers the string "true"; the emulator follows the example.
    ok(json!({ "isSetup": if done { "true" } else { "false" } }))
}

/// The parameters of ops 3 and 4.
struct DbParams {
    create_admin_account: bool,
    admin_email: Option<String>,
    admin_username: String,
    flags: Vec<(&'static str, bool)>,
}

const FLAGS: [&str; 5] = [
    "enable_control_plane",
    "enable_key_service",
    "enable_ml_studio",
    "enable_model_registry_pv",
    "enable_repo_projects",
];

fn params(i: &Input) -> Result<DbParams, String> {
    // Q5: booleans arrive as JSON booleans or as "true"/"false". Q6: unknown keys are ignored.
    let create_admin_account = i
        .flag("create_admin_account")?
        .ok_or("Invalid parameters: create_admin_account is required")?;
    let admin_email = i.text("admin_email");
    // Q4: the email is needed only when an admin account is created.
    if create_admin_account {
        match &admin_email {
            None => {
                return Err(
                    "Invalid parameters: admin_email is required when create_admin_account is true"
                        .into(),
                )
            }
            Some(e) if !e.contains('@') || e.contains(' ') => {
                return Err(format!(
                    "Invalid parameters: admin_email \"{e}\" is not an email address"
                ))
            }
            _ => {}
        }
    }
    let admin_username = i.text("admin_username").unwrap_or_else(|| "admin".into());
    if !admin_username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(format!(
            "Invalid parameters: admin_username \"{admin_username}\" may only contain letters, digits, '.', '_' and '-'"
        ));
    }
    let mut flags = Vec::new();
    for f in FLAGS {
        flags.push((f, i.flag(f)?.unwrap_or(false)));
    }
    Ok(DbParams {
        create_admin_account,
        admin_email,
        admin_username,
        flags,
    })
}

async fn database_setup(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let p = match params(&i) {
        Ok(p) => p,
        Err(e) => return error_only(400, e),
    };
    let mut m = lock(&s);
    if m.db.initialized {
        return error_only(400, "Tables have already been set up");
    }
    m.db.initialized = true;
    if p.create_admin_account {
        m.db.admin = Some((p.admin_username.clone(), p.admin_email.unwrap_or_default()));
    }
    m.db.flags = p.flags.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    audit("database initialized");
    ok(json!({ "status": "OK" }))
}

async fn mock_ddl(req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    match params(&i) {
        Ok(p) => ok(json!({ "ddls": ddls(&p) })),
        Err(e) => error_only(400, e),
    }
}

fn sql_text(s: &str) -> String {
    s.replace('\'', "''")
}

fn ddls(p: &DbParams) -> Vec<String> {
    let mut out: Vec<String> = [
        "CREATE TABLE IF NOT EXISTS organizations (id BIGINT PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY, username VARCHAR(255) NOT NULL UNIQUE, email VARCHAR(255), is_admin BOOLEAN NOT NULL DEFAULT FALSE, created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS repos (id BIGINT PRIMARY KEY, owner_id BIGINT NOT NULL REFERENCES users(id), name VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL)",
        "CREATE TABLE IF NOT EXISTS jobs (id VARCHAR(64) PRIMARY KEY, state VARCHAR(32) NOT NULL, owner_id BIGINT REFERENCES users(id), created_at TIMESTAMP NOT NULL, finished_at TIMESTAMP)",
        "CREATE INDEX IF NOT EXISTS jobs_state_idx ON jobs (state)",
    ]
    .iter()
    .map(|s| format!("{s};"))
    .collect();
    let on = |name: &str| p.flags.iter().any(|(k, v)| *k == name && *v);
    if on("enable_control_plane") {
        out.extend([
            "CREATE TABLE IF NOT EXISTS cp_base_configs (object_name VARCHAR(255) NOT NULL, version VARCHAR(64) NOT NULL, previous_version VARCHAR(64), config TEXT NOT NULL, metadata TEXT, PRIMARY KEY (object_name, version));".to_string(),
            "CREATE TABLE IF NOT EXISTS cp_patches (version BIGINT PRIMARY KEY, target VARCHAR(255) NOT NULL, patch TEXT NOT NULL, metadata TEXT, description TEXT);".to_string(),
            "CREATE TABLE IF NOT EXISTS cp_materialized_configs (object_name VARCHAR(255) NOT NULL, release_version VARCHAR(64) NOT NULL, patch_version BIGINT NOT NULL, config TEXT NOT NULL, state VARCHAR(16) NOT NULL, timestamp_ms BIGINT NOT NULL);".to_string(),
            "CREATE TABLE IF NOT EXISTS cp_resource_labels (label VARCHAR(255) NOT NULL, object_name VARCHAR(255) NOT NULL, PRIMARY KEY (label, object_name));".to_string(),
        ]);
    }
    if on("enable_key_service") {
        out.push("CREATE TABLE IF NOT EXISTS key_service_keys (key_id VARCHAR(64) PRIMARY KEY, wrapped_key BLOB NOT NULL, created_at TIMESTAMP NOT NULL, rotated_at TIMESTAMP);".into());
    }
    if on("enable_ml_studio") {
        out.push("CREATE TABLE IF NOT EXISTS ml_training_jobs (id VARCHAR(64) PRIMARY KEY, dataset_id VARCHAR(64) NOT NULL, state VARCHAR(32) NOT NULL, created_at TIMESTAMP NOT NULL);".into());
    }
    if on("enable_model_registry_pv") {
        out.push("CREATE TABLE IF NOT EXISTS model_registry (name VARCHAR(255) NOT NULL, version VARCHAR(64) NOT NULL, volume_path TEXT NOT NULL, PRIMARY KEY (name, version));".into());
    }
    if on("enable_repo_projects") {
        out.push("ALTER TABLE repos ADD COLUMN project_id VARCHAR(64);".into());
    }
    if p.create_admin_account {
        out.push(format!(
            "INSERT INTO users (id, username, email, is_admin, created_at) VALUES (1, '{}', '{}', TRUE, CURRENT_TIMESTAMP);",
            sql_text(&p.admin_username),
            sql_text(p.admin_email.as_deref().unwrap_or(""))
        ));
    }
    out
}
