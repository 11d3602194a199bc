//! Keboola Provisioning API: operations and response types (see `../shared/seeds/003_187ae9ac1c7dd4ef.txt`).
//!
//! Nine operations (K1–K9 of the catalog) plus the poll of the Syrup job queue the async ones
//! answer with. Keboola documents no error body: errors are whatever [`ApiError`] makes of the
//! status and the body. The examples mix id types (`"1386700227"` and `43`), so ids are read
//! as text whatever their JSON type, and every field is optional.
//!
//! Job polling: the async answers carry an absolute `url` on another host. [`job`] keeps only
//! its path (`/queue/job/<id>`), and the console sends it with
//! `Client::send_with(call, SendOptions::default().base(&queue_base(&conn)))`: the Keboola credential, the operator's
//! configured queue base (never the host from the answer). [`poll_url`] shows the result.

use serde_json::{json, Value};

use super::json::{self, Read};
use super::{map_to_base, seg, ApiError, ApiKind, Call, Connection, Id, IdRead, Request, Response};

/// The queue base when the connection names none (the emulator's, same-origin behind a proxy).
pub const DEFAULT_QUEUE_BASE: &str = "/api/keboola-queue";

// ---------------------------------------------------------------------------------------------
// Backends and types

/// The four backends of the document's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Mysql,
    Snowflake,
    RedshiftWorkspace,
    Docker,
}

impl Backend {
    pub const ALL: [Backend; 4] = [
        Backend::Mysql,
        Backend::Snowflake,
        Backend::RedshiftWorkspace,
        Backend::Docker,
    ];
    /// The backends the sync actions (create, drop, kill) accept.
    pub const SQL: [Backend; 3] = [
        Backend::Mysql,
        Backend::Snowflake,
        Backend::RedshiftWorkspace,
    ];

    /// The path segment.
    pub fn id(self) -> &'static str {
        match self {
            Backend::Mysql => "mysql",
            Backend::Snowflake => "snowflake",
            Backend::RedshiftWorkspace => "redshift-workspace",
            Backend::Docker => "docker",
        }
    }

    pub fn from_id(id: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Backend::Mysql => "MySQL",
            Backend::Snowflake => "Snowflake",
            Backend::RedshiftWorkspace => "Redshift workspace",
            Backend::Docker => "Docker sandbox (RStudio, Jupyter)",
        }
    }

    /// The document's table of allowed types. `read`, listed among the create parameters, is
    /// in no backend's row, so it is offered nowhere.
    pub fn allowed_types(self) -> &'static [&'static str] {
        match self {
            Backend::Mysql => &["transformations", "sandbox"],
            Backend::Snowflake | Backend::RedshiftWorkspace => {
                &["transformations", "sandbox", "writer", "luckyguess"]
            }
            Backend::Docker => &["rstudio", "jupyter"],
        }
    }

    /// Docker creates and drops credentials only through the async actions.
    pub fn is_sync(self) -> bool {
        self != Backend::Docker
    }

    /// Kill is documented for the SQL backends only.
    pub fn can_kill(self) -> bool {
        self != Backend::Docker
    }

    /// The port the backend listens on when the credentials carry none.
    pub fn default_port(self) -> u16 {
        match self {
            Backend::Mysql => 3306,
            Backend::Snowflake => 443,
            Backend::RedshiftWorkspace => 5439,
            Backend::Docker => 8888,
        }
    }
}

pub use super::field::FieldError;

/// Checks a credentials type against the backend's allowed types.
pub fn validate_type(backend: Backend, kind: &str) -> Result<(), FieldError> {
    let kind = kind.trim();
    if kind.is_empty() {
        return Err(FieldError::new("type", "Choose a type."));
    }
    if backend.allowed_types().contains(&kind) {
        return Ok(());
    }
    let hint = if kind == "read" {
        " (the document lists `read` among the parameters, but no backend allows it)"
    } else {
        ""
    };
    Err(FieldError::new(
        "type",
        format!(
            "{} credentials cannot be of type `{kind}`{hint}. Allowed: {}.",
            backend.label(),
            backend.allowed_types().join(", ")
        ),
    ))
}

// ---------------------------------------------------------------------------------------------
// Response types

// The answers are read from a `serde_json::Value` with `super::json`'s one lenient rule: every
// field optional, ids as text whatever their JSON type, `[]` where an object was expected read
// as empty.

/// A field as text (the one rule of `super::json`), absent as "".
fn field(v: &Value, key: &str) -> String {
    v.get(key).and_then(json::text).unwrap_or_default()
}

/// Decodes a body that must be a JSON object (an empty or non-JSON body is a decode error that
/// keeps the text).
fn object_body(api: ApiKind, resp: &Response) -> Result<Value, ApiError> {
    match super::call::decode_json::<Value>(api, resp)? {
        v @ Value::Object(_) => Ok(v),
        _ => Err(ApiError::Decode {
            api,
            error: "expected a JSON object".into(),
            body: resp.text(),
        }),
    }
}

/// The `credentials` node: SQL backends carry `db`, docker carries `port`.
#[derive(Clone, Debug, PartialEq)]
pub struct Credentials {
    pub id: IdRead,
    pub hostname: String,
    pub db: String,
    pub user: String,
    pub password: String,
    pub port: Option<u16>,
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials::read(&Value::Null)
    }
}

impl Default for CredentialsRecord {
    fn default() -> CredentialsRecord {
        CredentialsRecord::read(&Value::Null)
    }
}

impl Read for Credentials {
    fn read(v: &Value) -> Credentials {
        Credentials {
            id: Id::text(v.get("id")),
            hostname: field(v, "hostname"),
            db: field(v, "db"),
            user: field(v, "user"),
            password: field(v, "password"),
            port: v
                .get("port")
                .and_then(json::uint)
                .and_then(|n| u16::try_from(n).ok()),
        }
    }
}

/// What create (K1), list (K2) and detail (K3) answer: create adds `url`, the others `inUse`.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialsRecord {
    pub id: IdRead,
    pub credentials: Credentials,
    pub in_use: Option<bool>,
    pub touch: String,
    pub status: String,
    pub url: String,
}

impl Read for CredentialsRecord {
    fn read(v: &Value) -> CredentialsRecord {
        CredentialsRecord {
            id: Id::text(v.get("id")),
            credentials: v
                .get("credentials")
                .map(Credentials::read)
                .unwrap_or_default(),
            in_use: v.get("inUse").and_then(json::flag),
            touch: field(v, "touch"),
            status: field(v, "status"),
            url: field(v, "url"),
        }
    }
}

impl CredentialsRecord {
    /// The credentials id, from the record or its `credentials` node.
    pub fn credentials_id(&self) -> IdRead {
        self.id.clone().or_else(|_| self.credentials.id.clone())
    }
}

/// What extend (K6) answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extended {
    pub touch: String,
    pub id: String,
}

/// What the async actions (K7, K8, K9) answer: the job to poll.
#[derive(Clone, Debug, PartialEq)]
pub struct JobRef {
    /// An integer after create, a string after the drop: read either way.
    pub id: IdRead,
    pub url: String,
    pub status: String,
}

/// A job's `result`: credentials after a create, a message after a failure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobResult {
    pub status: String,
    pub credentials: Option<Credentials>,
    pub url: String,
    pub message: String,
    pub error: String,
}

/// A Syrup queue job, as polled from its `url`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Job {
    pub id: String,
    pub run_id: String,
    pub component: String,
    pub command: String,
    pub params: Value,
    pub result: JobResult,
    pub status: String,
    pub is_finished: Option<bool>,
}

impl Read for Job {
    fn read(v: &Value) -> Job {
        let r = v.get("result").unwrap_or(&Value::Null);
        Job {
            id: field(v, "id"),
            run_id: field(v, "runId"),
            component: field(v, "component"),
            command: field(v, "command"),
            params: v.get("params").cloned().unwrap_or_default(),
            result: JobResult {
                status: field(r, "status"),
                credentials: r
                    .get("credentials")
                    .filter(|c| c.is_object())
                    .map(Credentials::read),
                url: field(r, "url"),
                message: field(r, "message"),
                error: field(r, "error"),
            },
            status: field(v, "status"),
            is_finished: v.get("isFinished").and_then(json::flag),
        }
    }
}

fn record_answer(api: ApiKind, resp: &Response) -> Result<CredentialsRecord, ApiError> {
    object_body(api, resp).map(|v| CredentialsRecord::read(&v))
}

fn extended_answer(api: ApiKind, resp: &Response) -> Result<Extended, ApiError> {
    object_body(api, resp).map(|v| Extended {
        touch: field(&v, "touch"),
        id: field(&v, "id"),
    })
}

fn job_ref_answer(api: ApiKind, resp: &Response) -> Result<JobRef, ApiError> {
    object_body(api, resp).map(|v| JobRef {
        id: Id::text(v.get("id")),
        url: field(&v, "url"),
        status: field(&v, "status"),
    })
}

fn job_answer(api: ApiKind, resp: &Response) -> Result<Job, ApiError> {
    object_body(api, resp).map(|v| Job::read(&v))
}

/// Syrup's job states (the document shows `waiting` and `success`; Keboola's job docs the rest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobState {
    Created,
    Waiting,
    Processing,
    Success,
    Error,
    Warning,
    Terminating,
    Cancelled,
    Terminated,
    Other(String),
}

impl JobState {
    pub fn parse(status: &str) -> JobState {
        match status.trim().to_ascii_lowercase().as_str() {
            "created" => JobState::Created,
            "waiting" => JobState::Waiting,
            "processing" => JobState::Processing,
            "success" => JobState::Success,
            "error" => JobState::Error,
            "warning" => JobState::Warning,
            "terminating" => JobState::Terminating,
            "cancelled" => JobState::Cancelled,
            "terminated" => JobState::Terminated,
            _ => JobState::Other(status.to_string()),
        }
    }

    pub fn is_final(&self) -> bool {
        matches!(
            self,
            JobState::Success
                | JobState::Error
                | JobState::Warning
                | JobState::Cancelled
                | JobState::Terminated
        )
    }

    /// A short phrase for the jobs panel.
    pub fn words(&self) -> String {
        match self {
            JobState::Created => "created".into(),
            JobState::Waiting => "waiting in the queue".into(),
            JobState::Processing => "running".into(),
            JobState::Success => "finished".into(),
            JobState::Error => "failed".into(),
            JobState::Warning => "finished with warnings".into(),
            JobState::Terminating => "being stopped".into(),
            JobState::Cancelled => "cancelled before it started".into(),
            JobState::Terminated => "stopped while running".into(),
            JobState::Other(s) if s.is_empty() => "in an unknown state".into(),
            JobState::Other(s) => format!("in state “{s}”"),
        }
    }
}

impl Job {
    pub fn state(&self) -> JobState {
        JobState::parse(&self.status)
    }

    /// Finished when the state is final, or when the queue says so.
    pub fn is_finished(&self) -> bool {
        self.state().is_final() || self.is_finished == Some(true)
    }

    pub fn succeeded(&self) -> bool {
        self.state() == JobState::Success
    }

    /// The id of the credentials a finished create job made (`result.credentials.id`).
    pub fn new_credentials_id(&self) -> Option<Id> {
        self.result.credentials.as_ref()?.id.clone().ok()
    }

    /// Why a job did not succeed, in words.
    pub fn failure(&self) -> Option<String> {
        if !self.is_finished() || self.succeeded() {
            return None;
        }
        let reason = [&self.result.message, &self.result.error]
            .into_iter()
            .find(|m| !m.trim().is_empty())
            .cloned();
        Some(match reason {
            Some(r) => format!("The job {}: {r}", self.state().words()),
            None => format!(
                "The job {}; the queue gave no reason.",
                self.state().words()
            ),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Operations

fn credentials_path(backend: Backend, id: &Id) -> String {
    format!("/{}/{}", seg(backend.id()), id.seg())
}

fn with_run_id(req: Request, run_id: Option<&str>) -> Request {
    match run_id.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => req.header("X-KBC-RunId", r),
        None => req,
    }
}

/// K1 `POST /{backend}`: new credentials of this type, or the existing ones (get-or-create).
pub fn create_credentials(backend: Backend, kind: &str) -> Call<CredentialsRecord> {
    let req = Request::post(format!("/{}", seg(backend.id()))).json(json!({ "type": kind.trim() }));
    Call::new(ApiKind::Keboola, req, record_answer)
}

/// K2 `GET /{backend}?type=`: the credentials of this type (one object, not a list).
pub fn list_credentials(backend: Backend, kind: &str) -> Call<CredentialsRecord> {
    let req = Request::get(format!("/{}", seg(backend.id()))).query("type", kind.trim());
    Call::new(ApiKind::Keboola, req, record_answer)
}

/// K3 `GET /{backend}/{credentials_id}`.
pub fn credentials_detail(backend: Backend, id: &Id) -> Call<CredentialsRecord> {
    Call::new(
        ApiKind::Keboola,
        Request::get(credentials_path(backend, id)),
        record_answer,
    )
}

/// K4 `DELETE /{backend}/{credentials_id}` (not for docker: use [`drop_sandbox`]).
pub fn drop_credentials(backend: Backend, id: &Id) -> Call<()> {
    Call::empty(
        ApiKind::Keboola,
        Request::delete(credentials_path(backend, id)),
    )
}

/// K5 `POST /{backend}/{credentials_id}/kill`, with the optional `X-KBC-RunId`.
pub fn kill_processes(backend: Backend, id: &Id, run_id: Option<&str>) -> Call<()> {
    let req = Request::post(format!("{}/kill", credentials_path(backend, id)));
    Call::empty(ApiKind::Keboola, with_run_id(req, run_id))
}

/// K6 `POST /{backend}/{credentials_id}/extend`, with the optional `X-KBC-RunId`.
pub fn extend_credentials(backend: Backend, id: &Id, run_id: Option<&str>) -> Call<Extended> {
    let req = Request::post(format!("{}/extend", credentials_path(backend, id)));
    Call::new(ApiKind::Keboola, with_run_id(req, run_id), extended_answer)
}

/// K7 `POST /async/docker`: a plain sandbox; `body` comes from [`sandbox_body`].
pub fn create_sandbox(body: Value) -> Call<JobRef> {
    Call::new(
        ApiKind::Keboola,
        Request::post("/async/docker").json(body),
        job_ref_answer,
    )
}

/// K8 `POST /async/docker/transformation`; `body` comes from [`transformation_body`].
pub fn create_transformation_sandbox(body: Value) -> Call<JobRef> {
    Call::new(
        ApiKind::Keboola,
        Request::post("/async/docker/transformation").json(body),
        job_ref_answer,
    )
}

/// K9 `DELETE /async/docker/{credentials_id}`.
pub fn drop_sandbox(id: &Id) -> Call<JobRef> {
    let req = Request::delete(format!("/async/docker/{}", id.seg()));
    Call::new(ApiKind::Keboola, req, job_ref_answer)
}

/// The path of a job url (host dropped), or `/queue/job/<id>` when the url has none. The host
/// is never taken from an answer (the credential goes only to the configured queue base); the
/// path is, even when it is not the documented one (the document's own drop example points at
/// `…/app_dev.php/queue/job/…`): the UI says which URL is followed ([`poll_url`]).
pub fn job_path(url: &str, job_id: &Id) -> String {
    let path = map_to_base(url.trim(), "");
    if path == "/" || path.is_empty() {
        format!("/queue/job/{}", job_id.seg())
    } else {
        path
    }
}

/// Whether the answer's job URL is on the queue's documented path, `/queue/job/<id>`.
pub fn is_documented_job_path(url: &str, job_id: &Id) -> bool {
    job_path(url, job_id) == format!("/queue/job/{}", job_id.seg())
}

/// Poll a job: send with `Client::send_with(call, SendOptions::default().base(&queue_base(&conn)))`.
pub fn job(url: &str, job_id: &Id) -> Call<Job> {
    Call::new(
        ApiKind::Keboola,
        Request::get(job_path(url, job_id)),
        job_answer,
    )
}

/// The configured queue base, or [`DEFAULT_QUEUE_BASE`].
pub fn queue_base(conn: &Connection) -> String {
    let base = conn.queue_base_url.trim().trim_end_matches('/');
    if base.is_empty() {
        DEFAULT_QUEUE_BASE.to_string()
    } else {
        base.to_string()
    }
}

/// Where the console actually polls a job url (for display).
pub fn poll_url(conn: &Connection, url: &str, job_id: &Id) -> String {
    format!("{}{}", queue_base(conn), job_path(url, job_id))
}

/// Was a 404 on the list just "there are no credentials of this type yet"?
pub fn is_none_yet(err: &ApiError) -> bool {
    err.status() == Some(404)
}

// ---------------------------------------------------------------------------------------------
// Request bodies, validated before sending

/// The K7 body from the form: `type` required; `script` optional; `input` (text) optional and,
/// when given, a JSON array (the document's input mapping).
pub fn sandbox_body(kind: &str, script: &str, input: &str) -> Result<Value, Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(e) = validate_type(Backend::Docker, kind) {
        errors.push(e);
    }
    let mut body = json!({ "type": kind.trim() });
    if !script.trim().is_empty() {
        body["script"] = json!(script);
    }
    if !input.trim().is_empty() {
        match serde_json::from_str::<Value>(input) {
            Ok(v @ Value::Array(_)) => body["input"] = v,
            Ok(other) => errors.push(FieldError::new(
                "input",
                format!(
                    "The input mapping must be a JSON array (for example `[]`), not {}.",
                    kind_of(&other)
                ),
            )),
            Err(e) => errors.push(FieldError::new(
                "input",
                format!("The input mapping is not valid JSON: {e}."),
            )),
        }
    }
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The K8 body: config id, config version and row id are all required.
pub fn transformation_body(
    config_id: &str,
    config_version: &str,
    row_id: &str,
) -> Result<Value, Vec<FieldError>> {
    let fields = [
        ("config_id", "Configuration id", config_id),
        ("config_version", "Configuration version", config_version),
        ("row_id", "Row id", row_id),
    ];
    let errors: Vec<FieldError> = fields
        .iter()
        .filter(|(_, _, v)| v.trim().is_empty())
        .map(|(f, label, _)| FieldError::new(*f, format!("{label} is required.")))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(json!({ "transformation": {
        "config_id": config_id.trim(),
        "config_version": config_version.trim(),
        "row_id": row_id.trim(),
    }}))
}

// ---------------------------------------------------------------------------------------------
// Presentation helpers

/// `touch` as a date when it is an epoch timestamp (seconds or milliseconds), else as sent.
pub fn touch_label(touch: &str) -> String {
    match touch.trim().parse::<i64>() {
        Ok(n) if n >= 1_000_000_000_000 => crate::time::absolute(n),
        Ok(n) if n >= 1_000_000_000 => crate::time::absolute(n * 1_000),
        _ if touch.trim().is_empty() => "never".into(),
        _ => touch.trim().to_string(),
    }
}

/// One ready-to-paste way to connect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub label: &'static str,
    pub text: String,
}

/// Connection snippets fitting the backend: a CLI and a JDBC/URL form. With `password` None,
/// the password is left out (the CLIs prompt for it) or shown as a placeholder.
pub fn snippets(backend: Backend, c: &Credentials, password: Option<&str>) -> Vec<Snippet> {
    let host = c.hostname.trim();
    let port = c.port.unwrap_or(backend.default_port());
    let user = c.user.trim();
    let db = c.db.trim();
    let pass_url = password
        .map(url_part)
        .unwrap_or_else(|| "<password>".into());
    match backend {
        Backend::Mysql => vec![
            Snippet {
                label: "mysql CLI",
                text: match password {
                    Some(p) => format!(
                        "mysql --host={} --port={port} --user={} --password={} {}",
                        sh(host),
                        sh(user),
                        sh(p),
                        sh(db)
                    ),
                    None => format!(
                        "mysql --host={} --port={port} --user={} --password {}",
                        sh(host),
                        sh(user),
                        sh(db)
                    ),
                },
            },
            Snippet {
                label: "JDBC URL",
                text: format!(
                    "jdbc:mysql://{host}:{port}/{}?user={}&password={pass_url}",
                    url_part(db),
                    url_part(user)
                ),
            },
        ],
        Backend::Snowflake => {
            let account = host
                .strip_suffix(".snowflakecomputing.com")
                .unwrap_or_else(|| host.split('.').next().unwrap_or(host));
            vec![
                Snippet {
                    label: "SnowSQL CLI",
                    text: match password {
                        Some(p) => format!(
                            "SNOWSQL_PWD={} snowsql --accountname {} --username {} --dbname {}",
                            sh(p),
                            sh(account),
                            sh(user),
                            sh(db)
                        ),
                        None => format!(
                            "snowsql --accountname {} --username {} --dbname {}",
                            sh(account),
                            sh(user),
                            sh(db)
                        ),
                    },
                },
                Snippet {
                    label: "JDBC URL",
                    text: format!(
                        "jdbc:snowflake://{host}:{port}/?db={}&user={}&password={pass_url}",
                        url_part(db),
                        url_part(user)
                    ),
                },
            ]
        }
        Backend::RedshiftWorkspace => vec![
            Snippet {
                label: "psql CLI",
                text: {
                    let conninfo =
                        format!("host={host} port={port} dbname={db} user={user} sslmode=require");
                    match password {
                        Some(p) => format!("PGPASSWORD={} psql {}", sh(p), sh(&conninfo)),
                        None => format!("psql {}", sh(&conninfo)),
                    }
                },
            },
            Snippet {
                label: "JDBC URL",
                text: format!(
                    "jdbc:redshift://{host}:{port}/{}?user={}&password={pass_url}",
                    url_part(db),
                    url_part(user)
                ),
            },
        ],
        Backend::Docker => vec![Snippet {
            label: "Browser URL",
            text: format!("http://{host}:{port}/"),
        }],
    }
}

/// Quotes for a POSIX shell when the value needs it.
fn sh(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/=@%+,".contains(c));
    if plain {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', r"'\''"))
    }
}

fn url_part(v: &str) -> String {
    seg(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{prepare, AuthMode, Body, Method};

    fn id(s: &str) -> Id {
        Id::from_address(s).unwrap()
    }

    fn ok(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    const CREATE: &str = include_str!("../../tests/fixtures/keboola/create.json");
    const LIST: &str = include_str!("../../tests/fixtures/keboola/list.json");
    const DETAIL: &str = include_str!("../../tests/fixtures/keboola/detail.json");
    const DROP: &str = include_str!("../../tests/fixtures/keboola/drop.json");
    const KILL: &str = include_str!("../../tests/fixtures/keboola/kill.json");
    const EXTEND: &str = include_str!("../../tests/fixtures/keboola/extend.json");
    const ASYNC_CREATE: &str = include_str!("../../tests/fixtures/keboola/async-create.json");
    const ASYNC_TRANSFORMATION: &str =
        include_str!("../../tests/fixtures/keboola/async-transformation.json");
    const ASYNC_DROP: &str = include_str!("../../tests/fixtures/keboola/async-drop.json");
    const JOB_CREATE: &str = include_str!("../../tests/fixtures/keboola/job-create.json");
    const JOB_TRANSFORMATION: &str =
        include_str!("../../tests/fixtures/keboola/job-transformation.json");
    const JOB_DROP: &str = include_str!("../../tests/fixtures/keboola/job-drop.json");
    const REQ_CREATE: &str = include_str!("../../tests/fixtures/keboola/request-create.json");
    const REQ_SANDBOX: &str = include_str!("../../tests/fixtures/keboola/request-sandbox.json");
    const REQ_TRANSFORMATION: &str =
        include_str!("../../tests/fixtures/keboola/request-transformation.json");

    fn fixture(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn conn() -> Connection {
        Connection {
            base_url: "https://syrup.keboola.com/provisioning".into(),
            token: "123456".into(),
            queue_base_url: "/api/keboola-queue/".into(),
            ..Connection::default()
        }
    }

    #[test]
    fn sync_answers_decode_from_the_documented_examples() {
        let created = create_credentials(Backend::Mysql, "sandbox")
            .decode(&ok(201, CREATE))
            .unwrap();
        assert_eq!(created.id, Ok(id("1386700227")));
        assert_eq!(created.url, "mysql/1386700227");
        assert_eq!(created.touch, "123456");
        assert_eq!(created.in_use, None);
        assert_eq!(created.credentials.hostname, "tapi-b.keboola.com");
        assert_eq!(created.credentials.db, "tapi_70_sand");
        assert_eq!(created.credentials.user, "tapi_70_sand");
        assert_eq!(created.credentials.password, "0hoo4e35acszjxw6");
        assert_eq!(created.credentials.port, None);

        for (call, body) in [
            (list_credentials(Backend::Mysql, "sandbox"), LIST),
            (
                credentials_detail(Backend::Mysql, &id("1386700227")),
                DETAIL,
            ),
        ] {
            let r = call.decode(&ok(200, body)).unwrap();
            assert_eq!(r.credentials_id(), Ok(id("1386700227")));
            assert_eq!(r.in_use, Some(false));
            assert_eq!(r.status, "ok");
            assert_eq!(r.url, "");
        }
        let e = extend_credentials(Backend::Mysql, &id("1386700227"), None)
            .decode(&ok(200, EXTEND))
            .unwrap();
        assert_eq!(
            e,
            Extended {
                touch: "123456".into(),
                id: "1386700227".into()
            }
        );
        assert_eq!(
            drop_credentials(Backend::Mysql, &id("1")).decode(&ok(200, DROP)),
            Ok(())
        );
        assert_eq!(
            kill_processes(Backend::Mysql, &id("1"), None).decode(&ok(200, KILL)),
            Ok(())
        );
    }

    #[test]
    fn async_answers_carry_the_job_whatever_the_id_type() {
        for body in [ASYNC_CREATE, ASYNC_TRANSFORMATION] {
            let j = create_sandbox(json!({})).decode(&ok(202, body)).unwrap();
            assert_eq!(j.id, Ok(id("206197185")));
            assert_eq!(j.status, "waiting");
            assert_eq!(j.url, "http://syrup.keboola.com/queue/job/206197185");
        }
        let d = drop_sandbox(&id("43"))
            .decode(&ok(200, ASYNC_DROP))
            .unwrap();
        assert_eq!(d.id, Ok(id("206298086")));
        assert!(!is_documented_job_path(&d.url, &id("206298086")));
        assert_eq!(
            poll_url(&conn(), &d.url, &id("206298086")),
            "/api/keboola-queue/app_dev.php/queue/job/206298086"
        );
    }

    #[test]
    fn finished_jobs_from_the_documented_examples() {
        for body in [JOB_CREATE, JOB_TRANSFORMATION] {
            let j = job(
                "http://syrup.keboola.com/queue/job/206296229",
                &id("206296229"),
            )
            .decode(&ok(200, body))
            .unwrap();
            assert_eq!(j.id, "206296229");
            assert_eq!(j.run_id, "206296230");
            assert_eq!(j.command, "create");
            assert_eq!(j.params["type"], "rstudio");
            assert!(j.is_finished() && j.succeeded());
            assert_eq!(j.new_credentials_id(), Some(id("43")));
            let c = j.result.credentials.as_ref().unwrap();
            assert_eq!(c.port, Some(8330));
            assert_eq!(c.user, "rstu_572_30680");
            assert_eq!(j.result.url, "docker/43");
            assert_eq!(j.failure(), None);
        }
        let d = job("/queue/job/206298086", &id("206298086"))
            .decode(&ok(200, JOB_DROP))
            .unwrap();
        assert_eq!(d.command, "delete");
        assert_eq!(d.params["id"], "43");
        assert_eq!(d.result.status, "ok");
        assert_eq!(d.new_credentials_id(), None);
        assert!(d.succeeded());
    }

    #[test]
    fn running_and_failed_jobs_read_in_words() {
        let call = job("/queue/job/1", &id("1"));
        let waiting = call
            .decode(&ok(200, r#"{"id":1,"status":"waiting","result":[]}"#))
            .unwrap();
        assert!(!waiting.is_finished());
        assert_eq!(waiting.failure(), None);
        assert_eq!(waiting.state().words(), "waiting in the queue");
        let failed = call
            .decode(&ok(
                200,
                r#"{"id":"1","status":"error","isFinished":true,"result":{"message":"Script failed."}}"#,
            ))
            .unwrap();
        assert_eq!(
            failed.failure().as_deref(),
            Some("The job failed: Script failed.")
        );
        let odd = call
            .decode(&ok(200, r#"{"status":"exploded","isFinished":"1"}"#))
            .unwrap();
        assert!(odd.is_finished());
        assert_eq!(
            odd.failure().as_deref(),
            Some("The job in state “exploded”; the queue gave no reason.")
        );
        let cancelled = call.decode(&ok(200, r#"{"status":"cancelled"}"#)).unwrap();
        assert!(cancelled.is_finished());
        assert!(cancelled.failure().unwrap().contains("cancelled"));
    }

    #[test]
    fn odd_and_empty_bodies_never_panic() {
        let detail = credentials_detail(Backend::Docker, &id("43"));
        let r = detail
            .decode(&ok(
                200,
                r#"{"id":43,"credentials":{"id":43,"port":"8330","hostname":null},"inUse":1,"extra":{}}"#,
            ))
            .unwrap();
        assert_eq!(r.id, Ok(id("43")));
        assert_eq!(r.credentials.port, Some(8330));
        assert_eq!(r.credentials.hostname, "");
        assert_eq!(r.in_use, Some(true));
        let r = detail
            .decode(&ok(200, r#"{"credentials":[],"inUse":null}"#))
            .unwrap();
        assert_eq!(r.credentials, Credentials::default());
        assert_eq!(r.in_use, None);
        // Empty or non-JSON success bodies are decode errors that keep the text.
        assert!(matches!(
            detail.decode(&ok(200, "")),
            Err(ApiError::Decode { .. })
        ));
        match detail.decode(&ok(200, "<html>oops</html>")) {
            Err(e) => assert_eq!(e.raw_body(), Some("<html>oops</html>")),
            Ok(r) => panic!("{r:?}"),
        }
        // Errors with no documented body: the status and whatever came.
        let e = detail.decode(&ok(500, "")).unwrap_err();
        assert_eq!(e.status(), Some(500));
        let e = detail.decode(&ok(404, "not json")).unwrap_err();
        assert!(is_none_yet(&e));
        assert_eq!(e.raw_body(), Some("not json"));
        assert_eq!(
            drop_credentials(Backend::Mysql, &id("1")).decode(&ok(200, "")),
            Ok(())
        );
    }

    /// The identity rule (finding 2): answers whose ids are missing, null, negative, zero, huge
    /// or not text yield no [`Id`], so no extend, kill, drop or job poll can be built from them
    /// (each takes an `&Id`); the detail page's actions take the id from the address instead.
    #[test]
    fn unreadable_ids_build_no_request() {
        for odd in crate::api::id::tests::unreadable_ids() {
            let body = json!({ "id": odd, "credentials": { "id": odd } }).to_string();
            let r = credentials_detail(Backend::Mysql, &id("1"))
                .decode(&ok(200, &body))
                .unwrap();
            assert!(r.credentials_id().is_err(), "{body}");
            let j = drop_sandbox(&id("43")).decode(&ok(200, &body)).unwrap();
            assert!(j.id.is_err(), "{body}");
            let body = json!({ "status": "success", "result": { "credentials": { "id": odd } } });
            let done = job("/queue/job/1", &id("1"))
                .decode(&ok(200, &body.to_string()))
                .unwrap();
            assert_eq!(done.new_credentials_id(), None, "{body}");
        }
    }

    #[test]
    fn requests_follow_the_document() {
        let c = create_credentials(Backend::RedshiftWorkspace, " sandbox ");
        assert_eq!(c.request.method(), Method::Post);
        assert_eq!(c.request.path, "/redshift-workspace");
        assert_eq!(c.request.body, Body::Json(fixture(REQ_CREATE)));

        let l = list_credentials(Backend::Docker, "rstudio");
        assert_eq!(l.request.path_and_query(), "/docker?type=rstudio");
        let d = credentials_detail(Backend::Mysql, &id("13/86"));
        assert_eq!(d.request.path, "/mysql/13%2F86");
        let d = drop_credentials(Backend::Snowflake, &id("7"));
        assert_eq!(
            (d.request.method(), d.request.path.as_str()),
            (Method::Delete, "/snowflake/7")
        );

        let k = kill_processes(Backend::Mysql, &id("1"), Some("myRunId"));
        assert_eq!(k.request.path, "/mysql/1/kill");
        assert_eq!(
            k.request.headers,
            vec![("X-KBC-RunId".to_string(), "myRunId".to_string())]
        );
        let k = kill_processes(Backend::Mysql, &id("1"), Some("  "));
        assert!(k.request.headers.is_empty());
        let e = extend_credentials(Backend::Docker, &id("43"), Some("run-1"));
        assert_eq!(e.request.path, "/docker/43/extend");
        assert_eq!(e.request.headers.len(), 1);
        let e = extend_credentials(Backend::Docker, &id("43"), None);
        assert!(e.request.headers.is_empty());

        let s = create_sandbox(sandbox_body("rstudio", "", "").unwrap());
        assert_eq!(s.request.path, "/async/docker");
        assert_eq!(s.request.body, Body::Json(fixture(REQ_SANDBOX)));
        let t = create_transformation_sandbox(transformation_body("12345", "4", "6789").unwrap());
        assert_eq!(t.request.path, "/async/docker/transformation");
        assert_eq!(t.request.body, Body::Json(fixture(REQ_TRANSFORMATION)));
        let d = drop_sandbox(&id("43"));
        assert_eq!(
            (d.request.method(), d.request.path.as_str()),
            (Method::Delete, "/async/docker/43")
        );
    }

    #[test]
    fn job_polls_go_to_the_configured_queue_base_with_the_keboola_token() {
        let url = "http://syrup.keboola.com/queue/job/206197185";
        let call = job(url, &id("206197185"));
        assert_eq!(call.request.path, "/queue/job/206197185");
        let mut q = conn();
        q.base_url = queue_base(&conn());
        let p = prepare(ApiKind::Keboola, &q, AuthMode::Token, &call.request);
        assert_eq!(p.url, map_to_base(url, "/api/keboola-queue"));
        assert_eq!(p.url, "/api/keboola-queue/queue/job/206197185");
        assert!(p
            .headers
            .contains(&("X-StorageApi-Token".to_string(), "123456".to_string())));
        // No queue base configured: the default; a url without a path: built from the id.
        assert_eq!(queue_base(&Connection::default()), DEFAULT_QUEUE_BASE);
        assert_eq!(job_path("garbage", &id("9")), "/queue/job/9");
        assert_eq!(job_path("", &id("9 9")), "/queue/job/9%209");
        assert_eq!(
            job_path("https://queue.example/queue/job/5?x=1", &id("5")),
            "/queue/job/5?x=1"
        );
    }

    #[test]
    fn types_are_checked_per_backend() {
        assert_eq!(validate_type(Backend::Mysql, "sandbox"), Ok(()));
        let e = validate_type(Backend::Mysql, "writer").unwrap_err();
        assert_eq!(e.field, "type");
        assert!(
            e.message.contains("transformations, sandbox"),
            "{}",
            e.message
        );
        assert!(validate_type(Backend::Snowflake, "luckyguess").is_ok());
        assert!(validate_type(Backend::RedshiftWorkspace, "writer").is_ok());
        let read = validate_type(Backend::Snowflake, "read").unwrap_err();
        assert!(read.message.contains("no backend allows it"));
        assert!(validate_type(Backend::Docker, "jupyter").is_ok());
        assert!(validate_type(Backend::Docker, "sandbox").is_err());
        assert!(validate_type(Backend::Mysql, " ").is_err());
        assert_eq!(
            Backend::from_id("redshift-workspace"),
            Some(Backend::RedshiftWorkspace)
        );
        assert_eq!(Backend::from_id("redshift"), None);
        assert!(Backend::SQL.iter().all(|b| b.is_sync() && b.can_kill()));
        assert!(!Backend::Docker.is_sync() && !Backend::Docker.can_kill());
    }

    #[test]
    fn sandbox_input_mapping_is_checked_before_sending() {
        let body =
            sandbox_body("jupyter", "print(1)", r#"[{"source": "in.c-main.orders"}]"#).unwrap();
        assert_eq!(body["type"], "jupyter");
        assert_eq!(body["script"], "print(1)");
        assert_eq!(body["input"][0]["source"], "in.c-main.orders");

        let errs = sandbox_body("rstudio", "", "[{\"source\": ").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "input");
        assert!(errs[0]
            .message
            .starts_with("The input mapping is not valid JSON"));
        let errs = sandbox_body("rstudio", "", r#"{"tables": []}"#).unwrap_err();
        assert!(
            errs[0].message.contains("not an object"),
            "{}",
            errs[0].message
        );
        let errs = sandbox_body("", "", "nope").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["type", "input"]);
    }

    #[test]
    fn transformation_sandbox_needs_all_three_ids() {
        let errs = transformation_body("12345", " ", "").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["config_version", "row_id"]);
        assert_eq!(errs[1].message, "Row id is required.");
        let errs = transformation_body("", "", "").unwrap_err();
        assert_eq!(errs.len(), 3);
    }

    #[test]
    fn snippets_fit_each_backend_and_hide_the_password_unless_given() {
        let c = Credentials {
            id: Ok(id("1")),
            hostname: "tapi-b.keboola.com".into(),
            db: "tapi_70_sand".into(),
            user: "tapi_70_sand".into(),
            password: "0hoo4e35acszjxw6".into(),
            port: None,
        };
        let hidden = snippets(Backend::Mysql, &c, None);
        assert_eq!(
            hidden[0].text,
            "mysql --host=tapi-b.keboola.com --port=3306 --user=tapi_70_sand --password tapi_70_sand"
        );
        assert_eq!(
            hidden[1].text,
            "jdbc:mysql://tapi-b.keboola.com:3306/tapi_70_sand?user=tapi_70_sand&password=<password>"
        );
        assert!(hidden.iter().all(|s| !s.text.contains(&c.password)));
        let shown = snippets(Backend::Mysql, &c, Some("p'w&d"));
        assert!(
            shown[0].text.contains(r"--password='p'\''w&d'"),
            "{}",
            shown[0].text
        );
        assert!(
            shown[1].text.ends_with("password=p%27w%26d"),
            "{}",
            shown[1].text
        );

        let sf = Credentials {
            hostname: "acme.snowflakecomputing.com".into(),
            ..c.clone()
        };
        let s = snippets(Backend::Snowflake, &sf, None);
        assert_eq!(
            s[0].text,
            "snowsql --accountname acme --username tapi_70_sand --dbname tapi_70_sand"
        );
        assert!(s[1]
            .text
            .starts_with("jdbc:snowflake://acme.snowflakecomputing.com:443/?db="));
        let r = snippets(Backend::RedshiftWorkspace, &c, Some("pw"));
        assert_eq!(
            r[0].text,
            "PGPASSWORD=pw psql 'host=tapi-b.keboola.com port=5439 dbname=tapi_70_sand user=tapi_70_sand sslmode=require'"
        );
        assert!(r[1]
            .text
            .starts_with("jdbc:redshift://tapi-b.keboola.com:5439/tapi_70_sand?"));
        let docker = Credentials {
            port: Some(8330),
            hostname: "ec2-54-165-252-226.compute-1.amazonaws.com".into(),
            ..c
        };
        let d = snippets(Backend::Docker, &docker, None);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].text,
            "http://ec2-54-165-252-226.compute-1.amazonaws.com:8330/"
        );
    }

    #[test]
    fn touch_reads_as_a_date_when_it_is_one() {
        assert_eq!(touch_label("123456"), "123456");
        assert_eq!(touch_label("1700000000"), "2023-11-14 22:13:20 UTC");
        assert_eq!(touch_label("1700000000000"), "2023-11-14 22:13:20 UTC");
        assert_eq!(touch_label(""), "never");
    }
}
