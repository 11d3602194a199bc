//! Instabase Deployed Solutions: operations and response types (see `../shared/seeds/001_71d1cc89cd3a7a0b.txt`).
//!
//! Paths are relative to `URL_BASE` (the connection's base URL). The document shows no error
//! bodies (X11); errors are read by [`ApiError`]'s generic Instabase decoder, which never fails.
//! Decoders accept what the document shows and what a server may plausibly send besides:
//! missing and extra fields, `has_more`/`next_offset` as one-element lists (Q68) or bare values,
//! numbers as strings and strings as numbers, and `metadata` as a JSON string or an object.

use serde_json::{Map, Value};

use super::call::decode_json;
use super::json::{self, Read};
use super::{seg, ApiError, ApiKind, Call, Id, Request, Response};

const BASE: &str = "/api/v2/solutions/deployed";
const API: ApiKind = ApiKind::Solutions;

pub const SOLUTION_STATES: [&str; 2] = ["ACTIVE", "INACTIVE"];
pub const VISIBILITIES: [&str; 3] = ["PUBLIC", "PRIVATE", "PENDING_REVIEW"];
pub const JOB_STATES: [&str; 5] = [
    "RUNNING",
    "COMPLETE",
    "FAILED",
    "CANCELLED",
    "STOPPED_AT_CHECKPOINT",
];
/// `sort_by` values of the jobs endpoints; the first is the default.
pub const JOB_SORT_KEYS: [&str; 6] = [
    "startTimeNs",
    "name",
    "version",
    "username",
    "timeTakenNs",
    "state",
];
/// `order` values; the server's default is `DESCENDING`.
pub const ORDERS: [&str; 2] = ["DESCENDING", "ASCENDING"];
/// The owner of public solutions, and the default owner of a run by name.
pub const IB_DEPLOYED: &str = "IB_DEPLOYED";
/// The document's limit on a caller-chosen job id.
pub const JOB_ID_MAX: usize = 50;
/// Page size the server uses when none is given.
pub const DEFAULT_LIMIT: u32 = 20;

// ---------------------------------------------------------------------------------------------
// Lenient field readers: the one rule of `super::json`, with absent text read as "".

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(json::text).unwrap_or_default()
}

/// Like [`text`], with "" (and absence) as `None`.
fn opt_text(v: &Value, key: &str) -> Option<String> {
    Some(text(v, key)).filter(|s| !s.trim().is_empty())
}

/// `metadata`, serialized JSON in the document; a server sending an object (or a list) instead
/// has it kept as its JSON text.
fn metadata(v: &Value) -> Option<String> {
    match v.get("metadata") {
        Some(m @ (Value::Object(_) | Value::Array(_))) => Some(m.to_string()),
        _ => opt_text(v, "metadata"),
    }
}

/// The first element of a list, or the value itself (Q68: `[false]`, `[-1]`).
fn one(v: Option<&Value>) -> &Value {
    match v {
        Some(Value::Array(a)) => a.first().unwrap_or(&Value::Null),
        Some(v) => v,
        None => &Value::Null,
    }
}

// ---------------------------------------------------------------------------------------------
// Response types

/// A deployed solution: the list items (S2), the detail (S3) and the updated solution (S7)
/// carry different subsets of these fields.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Solution {
    pub id: String,
    pub name: String,
    pub version: String,
    /// A username, or [`IB_DEPLOYED`] for public solutions.
    pub owner: String,
    /// `createdAtMs`.
    pub created_at_ms: Option<i64>,
    /// `updatedAtMs`.
    pub updated_at_ms: Option<i64>,
    pub summary: String,
    /// Only in the detail and the update answer.
    pub description: Option<String>,
    pub state: String,
    pub author: String,
    /// Serialized JSON (only in the detail and the update answer); see [`Solution::metadata_json`].
    pub metadata: Option<String>,
    /// In the schemas of S2 and S3, but missing from their examples (Q69, Q70).
    pub solution_path: Option<String>,
    /// Never documented in a response (only as a filter); kept when a server sends it.
    pub visibility: Option<String>,
}

impl Read for Solution {
    /// Reads a solution object, whatever it lacks or adds.
    fn read(v: &Value) -> Solution {
        Solution {
            id: text(v, "id"),
            name: text(v, "name"),
            version: text(v, "version"),
            owner: text(v, "owner"),
            created_at_ms: v.get("createdAtMs").and_then(json::int),
            updated_at_ms: v.get("updatedAtMs").and_then(json::int),
            summary: text(v, "summary"),
            description: opt_text(v, "description"),
            state: text(v, "state"),
            author: text(v, "author"),
            metadata: metadata(v),
            solution_path: opt_text(v, "solution_path"),
            visibility: opt_text(v, "visibility"),
        }
    }
}

impl Solution {
    /// The metadata as JSON, when it is JSON (see [`parse_metadata`]).
    pub fn metadata_json(&self) -> Option<Value> {
        self.metadata.as_deref().and_then(parse_metadata)
    }

    pub fn is_public(&self) -> bool {
        self.owner == IB_DEPLOYED
    }
}

/// One page of `GET /deployed`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SolutionPage {
    pub has_more: bool,
    /// `-1` when there is no next page.
    pub next_offset: Option<i64>,
    pub solutions: Vec<Solution>,
}

impl Read for SolutionPage {
    /// `has_more` and `next_offset` as one-element lists (as documented) or bare values.
    fn read(v: &Value) -> SolutionPage {
        SolutionPage {
            has_more: json::flag(one(v.get("has_more"))).unwrap_or(false),
            next_offset: json::int(one(v.get("next_offset"))),
            solutions: json::read_all(v.get("solutions")),
        }
    }
}

impl SolutionPage {
    /// The offset of the next page, if there is one. A server that says "more" without a usable
    /// `next_offset` continues after the items of this page.
    pub fn next(&self, offset: u32) -> Option<u32> {
        if !self.has_more {
            return None;
        }
        match self.next_offset {
            Some(n) if n > i64::from(offset) => u32::try_from(n).ok(),
            _ => Some(offset.saturating_add(self.solutions.len() as u32)),
        }
        .filter(|n| *n > offset)
    }
}

/// A job of a solution (S8, S9). Nanosecond times are strings in the document.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Job {
    pub id: String,
    /// `accountId`.
    pub account_id: String,
    /// `jobType`.
    pub job_type: String,
    /// `startTimeNs`.
    pub start_time_ns: String,
    /// `modifiedTimeNs`.
    pub modified_time_ns: String,
    /// `completionTimeNs`.
    pub completion_time_ns: String,
    pub state: String,
    /// Serialized JSON; in the schema, not in the example (Q75).
    pub metadata: Option<String>,
    /// `lastStartTimeNs`.
    pub last_start_time_ns: String,
    /// `timeTakenNs`: a duration in nanoseconds (the schema calls it a timestamp, Q75).
    pub time_taken_ns: String,
    pub message: String,
    /// `deployedSolutionId`.
    pub deployed_solution_id: String,
    /// `outputFolder`.
    pub output_folder: String,
}

impl Read for Job {
    /// Reads a job object, whatever it lacks or adds.
    fn read(v: &Value) -> Job {
        Job {
            id: text(v, "id"),
            account_id: text(v, "accountId"),
            job_type: text(v, "jobType"),
            start_time_ns: text(v, "startTimeNs"),
            modified_time_ns: text(v, "modifiedTimeNs"),
            completion_time_ns: text(v, "completionTimeNs"),
            state: text(v, "state"),
            metadata: metadata(v),
            last_start_time_ns: text(v, "lastStartTimeNs"),
            time_taken_ns: text(v, "timeTakenNs"),
            message: text(v, "message"),
            deployed_solution_id: text(v, "deployedSolutionId"),
            output_folder: text(v, "outputFolder"),
        }
    }
}

impl Job {
    pub fn started_ms(&self) -> Option<i64> {
        epoch_ns_to_ms(&self.start_time_ns)
    }

    pub fn completed_ms(&self) -> Option<i64> {
        epoch_ns_to_ms(&self.completion_time_ns)
    }

    pub fn modified_ms(&self) -> Option<i64> {
        epoch_ns_to_ms(&self.modified_time_ns)
    }

    pub fn time_taken_ms(&self) -> Option<i64> {
        duration_ns_to_ms(&self.time_taken_ns)
    }

    /// Whether the job has stopped changing (anything but RUNNING and states we do not know).
    pub fn is_final(&self) -> bool {
        is_final_state(&self.state)
    }

    pub fn metadata_json(&self) -> Option<Value> {
        self.metadata.as_deref().and_then(parse_metadata)
    }
}

/// What deploy, run and delete answer: the id of the job they started.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct JobStarted {
    /// `None` only after a deploy whose answer named no job (see [`deploy`]).
    pub job_id: Option<Id>,
}

pub fn is_final_state(state: &str) -> bool {
    matches!(
        state,
        "COMPLETE" | "FAILED" | "CANCELLED" | "STOPPED_AT_CHECKPOINT"
    )
}

// ---------------------------------------------------------------------------------------------
// Times and metadata

/// Epoch nanoseconds (a string in the document) to epoch milliseconds; `None` for "", "0",
/// negatives and text that is not a number.
pub fn epoch_ns_to_ms(ns: &str) -> Option<i64> {
    let n: i128 = ns.trim().parse().ok()?;
    (n > 0).then(|| i64::try_from(n / 1_000_000).ok()).flatten()
}

/// A nanosecond duration (string) to milliseconds; "0" is a duration of zero.
pub fn duration_ns_to_ms(ns: &str) -> Option<i64> {
    let n: i128 = ns.trim().parse().ok()?;
    (n >= 0)
        .then(|| i64::try_from(n / 1_000_000).ok())
        .flatten()
}

/// Serialized JSON metadata, read leniently: surrounding space is ignored, JSON that was
/// serialized twice is unwrapped, and text that is not JSON gives `None`.
pub fn parse_metadata(text: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(text.trim()).ok()?;
    if let Value::String(inner) = &v {
        if let Ok(parsed @ (Value::Object(_) | Value::Array(_))) =
            serde_json::from_str::<Value>(inner.trim())
        {
            return Some(parsed);
        }
    }
    Some(v)
}

/// Metadata for display: pretty-printed JSON, or the text as it came when it is not JSON.
pub fn pretty_metadata(text: &str) -> String {
    match parse_metadata(text) {
        Some(v) if v.is_object() || v.is_array() => {
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.to_string())
        }
        _ => text.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Queries (the console's URL uses the same keys, so a filtered view is a shareable link)

fn clean(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// `limit`, and `offset` when past the first page: the paging pair both listings share.
/// Appends `key=value` to a query unless the value is missing or blank.
fn put(q: &mut Vec<(String, String)>, key: &str, value: Option<&String>) {
    if let Some(v) = value.and_then(|v| clean(v)) {
        q.push((key.to_string(), v));
    }
}

/// Appends the page: its size, and its offset when past the first.
fn put_page(q: &mut Vec<(String, String)>, limit: Option<u32>, offset: Option<u32>) {
    put(q, "limit", limit.map(|n| n.to_string()).as_ref());
    put(
        q,
        "offset",
        offset.filter(|n| *n > 0).map(|n| n.to_string()).as_ref(),
    );
}

fn first(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| clean(v))
}

fn every(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .filter_map(|(_, v)| clean(v))
        .collect()
}

fn number(pairs: &[(String, String)], key: &str) -> Option<u32> {
    first(pairs, key).and_then(|v| v.parse().ok())
}

/// The filters and page of `GET /deployed` (S2).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SolutionFilter {
    pub state: Option<String>,
    /// Exact match.
    pub name: Option<String>,
    pub author: Option<String>,
    pub owner: Option<String>,
    pub visibility: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl SolutionFilter {
    /// The query pairs, in the document's order; empty values left out.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = Vec::new();
        put_page(&mut q, self.limit, self.offset);
        for (key, value) in [
            ("state", &self.state),
            ("name", &self.name),
            ("author", &self.author),
            ("owner", &self.owner),
            ("visibility", &self.visibility),
        ] {
            put(&mut q, key, value.as_ref());
        }
        q
    }

    /// Reads the filter back from query pairs (e.g. the console's URL); unknown keys ignored.
    pub fn from_query(pairs: &[(String, String)]) -> SolutionFilter {
        SolutionFilter {
            state: first(pairs, "state"),
            name: first(pairs, "name"),
            author: first(pairs, "author"),
            owner: first(pairs, "owner"),
            visibility: first(pairs, "visibility"),
            limit: number(pairs, "limit").filter(|n| *n > 0),
            offset: number(pairs, "offset"),
        }
    }
}

/// The filters, sort and page of the jobs endpoints (S8, S9). Every filter is multi-valued and
/// sent as repeated keys; `solution_id`, `owner` and `name` exist only across solutions (S9).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct JobFilter {
    pub solution_id: Vec<String>,
    pub user: Vec<String>,
    pub job_id: Vec<String>,
    pub state: Vec<String>,
    pub owner: Vec<String>,
    pub name: Vec<String>,
    /// `<space-owner>/<space-name>`.
    pub output_repo: Vec<String>,
    pub sort_by: Option<String>,
    pub order: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl JobFilter {
    /// The query pairs; with `across` false, the keys S8 does not document are left out.
    pub fn to_query(&self, across: bool) -> Vec<(String, String)> {
        let mut q = Vec::new();
        let mut each = |k: &str, vs: &[String]| {
            q.extend(
                vs.iter()
                    .filter_map(|v| clean(v))
                    .map(|v| (k.to_string(), v)),
            );
        };
        if across {
            each("solution_id", &self.solution_id);
        }
        each("user", &self.user);
        each("job_id", &self.job_id);
        each("state", &self.state);
        if across {
            each("owner", &self.owner);
            each("name", &self.name);
        }
        each("output_repo", &self.output_repo);
        put_page(&mut q, self.limit, self.offset);
        put(&mut q, "sort_by", self.sort_by.as_ref());
        put(&mut q, "order", self.order.as_ref());
        q
    }

    pub fn from_query(pairs: &[(String, String)]) -> JobFilter {
        JobFilter {
            solution_id: every(pairs, "solution_id"),
            user: every(pairs, "user"),
            job_id: every(pairs, "job_id"),
            state: every(pairs, "state"),
            owner: every(pairs, "owner"),
            name: every(pairs, "name"),
            output_repo: every(pairs, "output_repo"),
            sort_by: first(pairs, "sort_by"),
            order: first(pairs, "order"),
            limit: number(pairs, "limit").filter(|n| *n > 0),
            offset: number(pairs, "offset"),
        }
    }
}

fn with_query(mut req: Request, pairs: Vec<(String, String)>) -> Request {
    req.query.extend(pairs);
    req
}

// ---------------------------------------------------------------------------------------------
// Operations

/// The answer as a JSON object; anything else (empty, a list, text) cannot be read.
fn decode_object(api: ApiKind, resp: &Response) -> Result<Value, ApiError> {
    match decode_json::<Value>(api, resp)? {
        v @ Value::Object(_) => Ok(v),
        _ => Err(ApiError::Decode {
            api,
            error: "the answer is not a JSON object".into(),
            body: resp.text(),
        }),
    }
}

fn missing(api: ApiKind, resp: &Response, what: &str) -> ApiError {
    ApiError::Decode {
        api,
        error: format!("the answer has no {what}"),
        body: resp.text(),
    }
}

fn decode_page(api: ApiKind, resp: &Response) -> Result<SolutionPage, ApiError> {
    decode_object(api, resp).map(|v| SolutionPage::read(&v))
}

fn decode_solution(api: ApiKind, resp: &Response) -> Result<Solution, ApiError> {
    match decode_object(api, resp)?.get("solution") {
        Some(s @ Value::Object(_)) => Ok(Solution::read(s)),
        _ => Err(missing(api, resp, "\"solution\" object")),
    }
}

fn decode_jobs(api: ApiKind, resp: &Response) -> Result<Vec<Job>, ApiError> {
    decode_object(api, resp).map(|v| json::read_all(v.get("jobs")))
}

fn decode_first_job(api: ApiKind, resp: &Response) -> Result<Option<Job>, ApiError> {
    decode_jobs(api, resp).map(|jobs| jobs.into_iter().next())
}

fn started_id(v: &Value) -> Option<Id> {
    Id::text(v.get("job_id"))
        .or_else(|_| Id::text(v.get("jobId")))
        .ok()
}

fn decode_started(api: ApiKind, resp: &Response) -> Result<JobStarted, ApiError> {
    let v = decode_object(api, resp)?;
    match started_id(&v) {
        Some(id) => Ok(JobStarted { job_id: Some(id) }),
        None => Err(missing(api, resp, "job_id")),
    }
}

/// The deploy's answer: the document gives its schema but no example, so a 2xx with an empty
/// body (or one naming no readable job) is success: accepted, no job id returned.
fn decode_deployed(api: ApiKind, resp: &Response) -> Result<JobStarted, ApiError> {
    if resp.text().trim().is_empty() {
        return Ok(JobStarted { job_id: None });
    }
    let v = decode_json::<Value>(api, resp)?;
    Ok(JobStarted {
        job_id: started_id(&v),
    })
}

/// S1 `POST /deployed`: deploys an `.ibsolution`; answers the deploy job's id.
pub fn deploy(solution_path: &str) -> Call<JobStarted> {
    let body = serde_json::json!({ "solution_path": solution_path.trim() });
    Call::new(API, Request::post(BASE).json(body), decode_deployed)
}

/// S2 `GET /deployed`.
pub fn list_solutions(filter: &SolutionFilter) -> Call<SolutionPage> {
    Call::new(
        API,
        with_query(Request::get(BASE), filter.to_query()),
        decode_page,
    )
}

/// S3 `GET /deployed/{solution_uuid}`.
pub fn get_solution(uuid: &str) -> Call<Solution> {
    Call::new(
        API,
        Request::get(format!("{BASE}/{}", seg(uuid))),
        decode_solution,
    )
}

/// S4 `POST /deployed/{solution_uuid}/run`.
pub fn run_solution(uuid: &str, run: &RunRequest) -> Call<JobStarted> {
    let req = Request::post(format!("{BASE}/{}/run", seg(uuid))).json(run.to_json(None));
    Call::new(API, req, decode_started)
}

/// S5 `POST /deployed/run`: by name, with the server's defaults for an absent version (the
/// latest) and owner ([`IB_DEPLOYED`]).
pub fn run_by_name(target: &RunTarget, run: &RunRequest) -> Call<JobStarted> {
    let req = Request::post(format!("{BASE}/run")).json(run.to_json(Some(target)));
    Call::new(API, req, decode_started)
}

/// S6 `DELETE /deployed/{solution_uuid}`: answers the deletion job's id.
pub fn delete_solution(uuid: &str) -> Call<JobStarted> {
    Call::new(
        API,
        Request::delete(format!("{BASE}/{}", seg(uuid))),
        decode_started,
    )
}

/// S7 `PATCH /deployed/{solution_uuid}?visibility=…&state=…` (query string, no body, as the
/// document's example sends them).
pub fn update_solution(
    uuid: &str,
    state: Option<&str>,
    visibility: Option<&str>,
) -> Call<Solution> {
    let req = Request::patch(format!("{BASE}/{}", seg(uuid)))
        .query_opt("visibility", visibility.and_then(clean))
        .query_opt("state", state.and_then(clean));
    Call::new(API, req, decode_solution)
}

/// S8 `GET /deployed/{solution_uuid}/jobs`.
pub fn solution_jobs(uuid: &str, filter: &JobFilter) -> Call<Vec<Job>> {
    let req = with_query(
        Request::get(format!("{BASE}/{}/jobs", seg(uuid))),
        filter.to_query(false),
    );
    Call::new(API, req, decode_jobs)
}

/// S9 `GET /deployed/jobs`.
pub fn jobs(filter: &JobFilter) -> Call<Vec<Job>> {
    let req = with_query(Request::get(format!("{BASE}/jobs")), filter.to_query(true));
    Call::new(API, req, decode_jobs)
}

/// Follows one job: S9 filtered by its id (the document names no status call for runs, and
/// the Job API it names for deploy and delete is outside these documents). `None` while the
/// jobs endpoint does not list it.
pub fn find_job(job_id: &str) -> Call<Option<Job>> {
    let filter = JobFilter {
        job_id: vec![job_id.to_string()],
        ..JobFilter::default()
    };
    let req = with_query(Request::get(format!("{BASE}/jobs")), filter.to_query(true));
    Call::new(API, req, decode_first_job)
}

// ---------------------------------------------------------------------------------------------
// Run requests and their validation

/// The run parameters shared by S4 and S5.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RunRequest {
    pub input_dir: String,
    pub output_dir: Option<String>,
    pub job_id: Option<String>,
    /// Sent as `settings` (always, as every example does; Q71).
    pub settings: Map<String, Value>,
}

/// Which solution S5 runs.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RunTarget {
    pub name: String,
    /// Absent: the most recently created version.
    pub version: Option<String>,
    /// Absent: [`IB_DEPLOYED`].
    pub owner: Option<String>,
}

impl RunRequest {
    pub fn to_json(&self, target: Option<&RunTarget>) -> Value {
        let mut o = Map::new();
        if let Some(t) = target {
            o.insert("name".into(), Value::from(t.name.clone()));
            if let Some(v) = &t.version {
                o.insert("version".into(), Value::from(v.clone()));
            }
            if let Some(v) = &t.owner {
                o.insert("owner".into(), Value::from(v.clone()));
            }
        }
        o.insert("input_dir".into(), Value::from(self.input_dir.clone()));
        if let Some(v) = &self.output_dir {
            o.insert("output_dir".into(), Value::from(v.clone()));
        }
        if let Some(v) = &self.job_id {
            o.insert("job_id".into(), Value::from(v.clone()));
        }
        o.insert("settings".into(), Value::Object(self.settings.clone()));
        Value::Object(o)
    }
}

pub use super::field::FieldError;

/// The message for one field, if it has a problem.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    super::field::message_for(errors, field).map(String::from)
}

/// The run form as typed: text fields, the documented setting flags, more settings as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunForm {
    /// Run by name only.
    pub name: String,
    pub version: String,
    pub owner: String,
    pub input_dir: String,
    pub output_dir: String,
    pub job_id: String,
    pub delete_out_dir: bool,
    pub output_has_run_id: bool,
    /// Addresses separated by commas, semicolons, spaces or new lines.
    pub notification_emails: String,
    /// Further settings: a JSON object, or empty.
    pub settings_json: String,
}

impl Default for RunForm {
    /// The document's example: keep the output folder, name it after the run.
    fn default() -> Self {
        RunForm {
            name: String::new(),
            version: String::new(),
            owner: String::new(),
            input_dir: String::new(),
            output_dir: String::new(),
            job_id: String::new(),
            delete_out_dir: false,
            output_has_run_id: true,
            notification_emails: String::new(),
            settings_json: String::new(),
        }
    }
}

/// The documented settings the form sets with its own controls.
const FORM_SETTINGS: [&str; 3] = ["delete_out_dir", "output_has_run_id", "notification_emails"];

impl RunForm {
    /// The request for S4, or every problem found (nothing is sent then).
    pub fn validate(&self) -> Result<RunRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let input_dir = self.input_dir.trim();
        if input_dir.is_empty() {
            errors.push(FieldError::new(
                "input_dir",
                "Input folder is required: the path of the folder to process.",
            ));
        }
        let job_id = self.job_id.trim();
        if let Err(e) = validate_job_id(job_id) {
            errors.push(e);
        }
        let emails = split_emails(&self.notification_emails);
        let bad: Vec<&str> = emails
            .iter()
            .map(String::as_str)
            .filter(|e| !valid_email(e))
            .collect();
        if !bad.is_empty() {
            errors.push(FieldError::new(
                "notification_emails",
                format!("Not a valid email address: {}.", bad.join(", ")),
            ));
        }
        let mut settings = match parse_settings(&self.settings_json) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                Map::new()
            }
        };
        if let Some(k) = FORM_SETTINGS.iter().find(|k| settings.contains_key(**k)) {
            errors.push(FieldError::new(
                "settings_json",
                format!("Set {k} with its own field above, not in the JSON."),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        settings.insert("delete_out_dir".into(), Value::Bool(self.delete_out_dir));
        settings.insert(
            "output_has_run_id".into(),
            Value::Bool(self.output_has_run_id),
        );
        if !emails.is_empty() {
            settings.insert(
                "notification_emails".into(),
                Value::Array(emails.into_iter().map(Value::String).collect()),
            );
        }
        Ok(RunRequest {
            input_dir: input_dir.to_string(),
            output_dir: clean(&self.output_dir),
            job_id: clean(job_id),
            settings,
        })
    }

    /// The target and request for S5, or every problem found.
    pub fn validate_by_name(&self) -> Result<(RunTarget, RunRequest), Vec<FieldError>> {
        let name = self.name.trim();
        let run = self.validate();
        if name.is_empty() {
            let mut errors = run.err().unwrap_or_default();
            errors.insert(
                0,
                FieldError::new("name", "Solution name is required (exact name)."),
            );
            return Err(errors);
        }
        let target = RunTarget {
            name: name.to_string(),
            version: clean(&self.version),
            owner: clean(&self.owner),
        };
        run.map(|r| (target, r))
    }
}

/// A job id the caller chooses: empty (generated by the server) or at most 50 characters.
pub fn validate_job_id(job_id: &str) -> Result<(), FieldError> {
    let n = job_id.trim().chars().count();
    if n > JOB_ID_MAX {
        return Err(FieldError::new(
            "job_id",
            format!("Job ID must be at most {JOB_ID_MAX} characters; this one has {n}."),
        ));
    }
    Ok(())
}

/// The path to deploy: required, and an `.ibsolution` file.
pub fn validate_solution_path(path: &str) -> Result<String, FieldError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(FieldError::new(
            "solution_path",
            "Solution path is required: the path of an .ibsolution file.",
        ));
    }
    if !path.ends_with(".ibsolution") {
        return Err(FieldError::new(
            "solution_path",
            "Solution path must name an .ibsolution file (package the flow binary first).",
        ));
    }
    Ok(path.to_string())
}

fn split_emails(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A plausible address: one `@`, a local part, a dotted domain, no spaces.
pub fn valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let ok_chars = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '@')
    };
    ok_chars(local)
        && ok_chars(domain)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// Further settings typed as JSON: empty, or an object.
pub fn parse_settings(text: &str) -> Result<Map<String, Value>, FieldError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(FieldError::new(
            "settings_json",
            "Settings must be a JSON object, like {\"key\": \"value\"}.",
        )),
        Err(e) => Err(FieldError::new(
            "settings_json",
            format!("Settings are not valid JSON: {e}."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Method;
    use serde_json::json;

    /// The body of a fixture entry copied from the reference fixtures.
    fn fixture(text: &str) -> Response {
        let entry: Value = serde_json::from_str(text).unwrap();
        Response {
            status: entry["status"].as_u64().unwrap_or(200) as u16,
            content_type: Some("application/json".into()),
            body: entry["body"].to_string().into_bytes(),
        }
    }

    fn answer(body: &str) -> Response {
        Response {
            status: 200,
            content_type: None,
            body: body.as_bytes().to_vec(),
        }
    }

    const LIST: &str = include_str!("../../tests/fixtures/solutions/get_solutions.json");
    const ONE: &str = include_str!("../../tests/fixtures/solutions/get_solution.json");
    const PATCHED: &str = include_str!("../../tests/fixtures/solutions/update_solution.json");
    const RUN: &str = include_str!("../../tests/fixtures/solutions/run_solution.json");
    const RUN_BY_NAME: &str = include_str!("../../tests/fixtures/solutions/run_by_name.json");
    const DELETE: &str = include_str!("../../tests/fixtures/solutions/delete_solution.json");
    const DEPLOY: &str = include_str!("../../tests/fixtures/solutions/deploy.json");
    const SOLUTION_JOBS: &str = include_str!("../../tests/fixtures/solutions/solution_jobs.json");
    const JOBS: &str = include_str!("../../tests/fixtures/solutions/jobs.json");
    const RUN_REQUESTS: &str = include_str!("../../tests/fixtures/solutions/run_requests.json");

    #[test]
    fn the_documented_solution_list_decodes_with_its_one_element_lists() {
        let page = list_solutions(&SolutionFilter::default())
            .decode(&fixture(LIST))
            .unwrap();
        assert!(!page.has_more);
        assert_eq!(page.next_offset, Some(-1));
        assert_eq!(page.next(0), None);
        assert_eq!(page.solutions.len(), 2);
        let s = &page.solutions[1];
        assert_eq!(
            (s.id.as_str(), s.name.as_str(), s.version.as_str()),
            ("example-uuid-2", "My Solution", "0.0.2")
        );
        assert_eq!(
            (s.created_at_ms, s.updated_at_ms),
            (Some(67890), Some(67890))
        );
        assert_eq!((s.state.as_str(), s.author.as_str()), ("ACTIVE", "user2"));
        assert_eq!(s.owner, "example-owner");
        assert!(!s.is_public());
        // Q69: the example has no solution_path, and no solution carries its visibility.
        assert_eq!(
            (s.solution_path.as_deref(), s.visibility.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn paging_fields_may_be_bare_values_or_missing() {
        let call = list_solutions(&SolutionFilter::default());
        let page = call
            .decode(&answer(
                r#"{"has_more": true, "next_offset": 40, "solutions": []}"#,
            ))
            .unwrap();
        assert_eq!((page.has_more, page.next(20)), (true, Some(40)));
        let page = call
            .decode(&answer(
                r#"{"has_more": ["true"], "next_offset": ["60"], "extra": 1}"#,
            ))
            .unwrap();
        assert_eq!(page.next(40), Some(60));
        // "More" without a usable next_offset continues after this page's items.
        let page = call
            .decode(&answer(
                r#"{"has_more": [true], "next_offset": [], "solutions": [{"id": "a"}, {"id": "b"}]}"#,
            ))
            .unwrap();
        assert_eq!(page.next(10), Some(12));
        let page = call.decode(&answer(r#"{"has_more": [], "solutions": null}"#));
        assert_eq!(page, Ok(SolutionPage::default()));
        let page = call
            .decode(&answer(
                r#"{"solutions": [{"id": "a"}, "junk", 3, {"id": "b"}]}"#,
            ))
            .unwrap();
        let ids: Vec<&str> = page.solutions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        // An empty answer is not a page: the user sees that something is off.
        assert!(matches!(
            call.decode(&answer("")),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn the_documented_solution_detail_and_update_decode_with_their_metadata() {
        for (text, call) in [
            (ONE, get_solution("example-uuid-1")),
            (
                PATCHED,
                update_solution("example-uuid-1", Some("ACTIVE"), None),
            ),
        ] {
            let s = call.decode(&fixture(text)).unwrap();
            assert_eq!(s.id, "example-uuid-1");
            assert_eq!(s.description.as_deref(), Some("A longer description"));
            assert_eq!(s.summary, "A short description");
            assert_eq!(s.metadata_json(), Some(json!({"authors": ["user1"]})));
            assert_eq!(
                pretty_metadata(s.metadata.as_deref().unwrap()),
                "{\n  \"authors\": [\n    \"user1\"\n  ]\n}"
            );
        }
        // The fixtures repaired the document's invalid JSON (Q70); the repair is recorded.
        let entry: Value = serde_json::from_str(ONE).unwrap();
        assert_eq!(entry["verbatim"], false);
        assert_eq!(entry["_repairs"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_solution_answer_without_a_solution_is_a_decode_error() {
        match get_solution("x").decode(&answer(r#"{"status": "OK"}"#)) {
            Err(ApiError::Decode { body, .. }) => assert_eq!(body, r#"{"status": "OK"}"#),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn metadata_is_read_leniently() {
        assert_eq!(parse_metadata(" {\"a\": 1} "), Some(json!({"a": 1})));
        // Serialized twice.
        assert_eq!(parse_metadata(r#""{\"a\": [1]}""#), Some(json!({"a": [1]})));
        assert_eq!(parse_metadata("not json"), None);
        assert_eq!(pretty_metadata("not json"), "not json");
        assert_eq!(pretty_metadata("\"plain\""), "\"plain\"");
        // A server sending an object instead of a string.
        let s = Solution::read(&json!({"id": 7, "metadata": {"tags": ["x"]}, "createdAtMs": "12"}));
        assert_eq!(s.id, "7");
        assert_eq!(s.created_at_ms, Some(12));
        assert_eq!(s.metadata_json(), Some(json!({"tags": ["x"]})));
        let s = Solution::read(&json!({"metadata": null, "description": ""}));
        assert_eq!((s.metadata, s.description), (None, None));
    }

    #[test]
    fn the_documented_job_answers_decode() {
        let cases = [
            (RUN, run_solution("u", &RunRequest::default())),
            (
                RUN_BY_NAME,
                run_by_name(&RunTarget::default(), &RunRequest::default()),
            ),
            (DELETE, delete_solution("u")),
        ];
        for (text, call) in cases {
            assert_eq!(
                call.decode(&fixture(text))
                    .unwrap()
                    .job_id
                    .unwrap()
                    .as_str(),
                "example-job-id"
            );
        }
        // Deploy documents only a schema, {"job_id": string} (Q67).
        let entry: Value = serde_json::from_str(DEPLOY).unwrap();
        assert_eq!(entry["body_documented"], false);
        let started = deploy("a/b.ibsolution")
            .decode(&answer(r#"{"job_id": "deploy-1"}"#))
            .unwrap();
        assert_eq!(started.job_id.unwrap().as_str(), "deploy-1");
        // Finding 5: with no example to go by, a 2xx with an empty body, or one naming no
        // readable job, is accepted with no job id (never an empty id to follow).
        for body in ["", "{}", r#"{"job_id": ""}"#, r#"{"job_id": null}"#, "[]"] {
            assert_eq!(
                deploy("a/b.ibsolution").decode(&answer(body)),
                Ok(JobStarted { job_id: None }),
                "{body}"
            );
        }
        // Run and delete have examples: an answer without their job id is an error.
        assert!(delete_solution("u").decode(&answer("")).is_err());
        for odd in crate::api::id::tests::unreadable_ids() {
            let body = serde_json::json!({ "job_id": odd }).to_string();
            assert!(
                delete_solution("u").decode(&answer(&body)).is_err(),
                "{body}"
            );
            assert!(run_solution("u", &RunRequest::default())
                .decode(&answer(&body))
                .is_err());
        }
    }

    #[test]
    fn the_documented_jobs_decode_with_nanosecond_strings() {
        for (text, call) in [
            (SOLUTION_JOBS, solution_jobs("s", &JobFilter::default())),
            (JOBS, jobs(&JobFilter::default())),
        ] {
            let list = call.decode(&fixture(text)).unwrap();
            assert_eq!(list.len(), 1);
            let j = &list[0];
            assert_eq!(j.id, "example-job-id");
            assert_eq!(j.account_id, "example-account-id");
            assert_eq!(j.job_type, "FLOW");
            assert_eq!(j.started_ms(), Some(1_683_159_463_986));
            assert_eq!(j.completed_ms(), Some(1_683_159_471_011));
            assert_eq!(j.modified_ms(), Some(1_683_159_471_011));
            assert_eq!(j.last_start_time_ns, "1683159463986732303");
            // timeTakenNs is a duration (Q75): about 7 seconds.
            assert_eq!(j.time_taken_ms(), Some(7_025));
            assert_eq!(j.state, "COMPLETE");
            assert!(j.is_final());
            assert_eq!(j.message, "Completed single_flow");
            assert_eq!(j.deployed_solution_id, "example-solution-id");
            assert_eq!(j.output_folder, "path/to/output/folder");
            // Q75: metadata is in the schema but not in the example.
            assert_eq!(j.metadata, None);
        }
        let first = find_job("example-job-id").decode(&fixture(JOBS)).unwrap();
        assert_eq!(first.map(|j| j.id).as_deref(), Some("example-job-id"));
        assert_eq!(find_job("x").decode(&answer(r#"{"jobs": []}"#)), Ok(None));
    }

    #[test]
    fn running_jobs_and_odd_values_decode() {
        let list = jobs(&JobFilter::default())
            .decode(&answer(
                r#"{"jobs": [{"id": "j", "state": "RUNNING", "startTimeNs": 1700000000000000000,
                    "completionTimeNs": "0", "timeTakenNs": "1500000000", "metadata": "{\"input_dir\":\"a/b\"}",
                    "unknownField": [1]}, {"state": "QUEUED"}]}"#,
            ))
            .unwrap();
        let j = &list[0];
        assert!(!j.is_final());
        assert_eq!(j.started_ms(), Some(1_700_000_000_000));
        assert_eq!(j.completed_ms(), None);
        assert_eq!(j.time_taken_ms(), Some(1_500));
        assert_eq!(j.metadata_json(), Some(json!({"input_dir": "a/b"})));
        // An unknown state is treated as still moving.
        assert!(!list[1].is_final());
        assert_eq!(list[1].started_ms(), None);
        for s in ["COMPLETE", "FAILED", "CANCELLED", "STOPPED_AT_CHECKPOINT"] {
            assert!(is_final_state(s), "{s}");
        }
        assert_eq!(
            jobs(&JobFilter::default()).decode(&answer("{}")),
            Ok(vec![])
        );
        assert_eq!(epoch_ns_to_ms("-5"), None);
        assert_eq!(duration_ns_to_ms("0"), Some(0));
        assert_eq!(duration_ns_to_ms("soon"), None);
    }

    #[test]
    fn errors_without_a_documented_body_stay_readable() {
        let e = get_solution("x")
            .decode(&Response {
                status: 502,
                content_type: Some("text/html".into()),
                body: b"<html><body>Bad gateway</body></html>".to_vec(),
            })
            .unwrap_err();
        assert_eq!(e.status(), Some(502));
        assert!(e.summary().contains("502"), "{}", e.summary());
        let e = jobs(&JobFilter::default())
            .decode(&Response {
                status: 400,
                content_type: None,
                body: br#"{"status":"ERROR","msg":"state must be one of RUNNING"}"#.to_vec(),
            })
            .unwrap_err();
        assert_eq!(
            e.api_message().as_deref(),
            Some("state must be one of RUNNING")
        );
        let e = deploy("a.ibsolution")
            .decode(&Response {
                status: 500,
                content_type: None,
                body: Vec::new(),
            })
            .unwrap_err();
        assert_eq!(e.status(), Some(500));
    }

    #[test]
    fn solution_queries_use_the_documented_keys() {
        let f = SolutionFilter {
            state: Some("ACTIVE".into()),
            name: Some("My Solution".into()),
            author: Some("  ".into()),
            owner: Some(IB_DEPLOYED.into()),
            visibility: Some("PENDING_REVIEW".into()),
            limit: Some(50),
            offset: Some(100),
        };
        let call = list_solutions(&f);
        assert_eq!(call.request.method(), Method::Get);
        assert_eq!(
            call.request.path_and_query(),
            "/api/v2/solutions/deployed?limit=50&offset=100&state=ACTIVE&name=My%20Solution&owner=IB_DEPLOYED&visibility=PENDING_REVIEW"
        );
        assert_eq!(
            list_solutions(&SolutionFilter::default())
                .request
                .path_and_query(),
            "/api/v2/solutions/deployed"
        );
        assert_eq!(
            SolutionFilter::from_query(&f.to_query()),
            SolutionFilter { author: None, ..f }
        );
        let pairs = vec![
            ("offset".to_string(), "x".to_string()),
            ("limit".to_string(), "0".to_string()),
            ("state".to_string(), "".to_string()),
            ("tab".to_string(), "jobs".to_string()),
        ];
        assert_eq!(
            SolutionFilter::from_query(&pairs),
            SolutionFilter::default()
        );
    }

    #[test]
    fn job_queries_repeat_keys_for_multi_valued_filters() {
        let f = JobFilter {
            solution_id: vec!["s1".into(), "s2".into()],
            user: vec!["maria.lopez".into(), "li.wei".into()],
            job_id: vec!["j 1".into()],
            state: vec!["FAILED".into(), "CANCELLED".into(), " ".into()],
            owner: vec![IB_DEPLOYED.into(), "jaydoe".into()],
            name: vec!["Invoice Extraction".into(), "W-2 Extraction".into()],
            output_repo: vec!["jaydoe/my_repo".into(), "li.wei/shared".into()],
            sort_by: Some("timeTakenNs".into()),
            order: Some("ASCENDING".into()),
            limit: Some(25),
            offset: Some(50),
        };
        assert_eq!(
            jobs(&f).request.path_and_query(),
            "/api/v2/solutions/deployed/jobs?solution_id=s1&solution_id=s2&user=maria.lopez&user=li.wei\
             &job_id=j%201&state=FAILED&state=CANCELLED&owner=IB_DEPLOYED&owner=jaydoe\
             &name=Invoice%20Extraction&name=W-2%20Extraction&output_repo=jaydoe%2Fmy_repo\
             &output_repo=li.wei%2Fshared&limit=25&offset=50&sort_by=timeTakenNs&order=ASCENDING"
        );
        // One solution's jobs: the keys S8 documents only; the uuid stays one segment.
        assert_eq!(
            solution_jobs("a/b", &f).request.path_and_query(),
            "/api/v2/solutions/deployed/a%2Fb/jobs?user=maria.lopez&user=li.wei&job_id=j%201\
             &state=FAILED&state=CANCELLED&output_repo=jaydoe%2Fmy_repo&output_repo=li.wei%2Fshared\
             &limit=25&offset=50&sort_by=timeTakenNs&order=ASCENDING"
        );
        let back = JobFilter::from_query(&f.to_query(true));
        assert_eq!(back.state, ["FAILED", "CANCELLED"]);
        assert_eq!(
            back,
            JobFilter {
                state: back.state.clone(),
                ..f
            }
        );
        assert_eq!(
            find_job("run 7").request.path_and_query(),
            "/api/v2/solutions/deployed/jobs?job_id=run%207"
        );
    }

    #[test]
    fn operations_use_the_documented_methods_paths_and_bodies() {
        let c = get_solution("id/1");
        assert_eq!(
            (c.request.method(), c.request.path.as_str()),
            (Method::Get, "/api/v2/solutions/deployed/id%2F1")
        );
        let c = deploy(" a/b/s.ibsolution ");
        assert_eq!(
            (c.request.method(), c.request.path.as_str()),
            (Method::Post, "/api/v2/solutions/deployed")
        );
        assert_eq!(
            c.request.body,
            crate::api::Body::Json(json!({"solution_path": "a/b/s.ibsolution"}))
        );
        let c = delete_solution("u1");
        assert_eq!(
            (c.request.method(), c.request.path.as_str()),
            (Method::Delete, "/api/v2/solutions/deployed/u1")
        );
        assert_eq!(c.request.body, crate::api::Body::Empty);
        // S7: query parameters, no body, in the example's order.
        let c = update_solution("u1", Some("INACTIVE"), Some("PUBLIC"));
        assert_eq!(c.request.method(), Method::Patch);
        assert_eq!(
            c.request.path_and_query(),
            "/api/v2/solutions/deployed/u1?visibility=PUBLIC&state=INACTIVE"
        );
        assert_eq!(c.request.body, crate::api::Body::Empty);
        assert_eq!(
            update_solution("u1", None, Some("PRIVATE"))
                .request
                .path_and_query(),
            "/api/v2/solutions/deployed/u1?visibility=PRIVATE"
        );
    }

    #[test]
    fn run_bodies_match_the_documented_examples() {
        let examples: Value = serde_json::from_str(RUN_REQUESTS).unwrap();
        let form = RunForm {
            input_dir: " jaydoe/my_repo/fs/Instabase Drive/proj/data/input ".into(),
            notification_emails: "me@domain.com".into(),
            ..RunForm::default()
        };
        let run = form.validate().unwrap();
        let c = run_solution("u 1", &run);
        assert_eq!(
            (c.request.method(), c.request.path.as_str()),
            (Method::Post, "/api/v2/solutions/deployed/u%201/run")
        );
        assert_eq!(
            c.request.body,
            crate::api::Body::Json(
                examples["POST /api/v2/solutions/deployed/{solution_uuid}/run"]["body"].clone()
            )
        );
        let by_name = RunForm {
            name: "{YOUR-SOLUTION-NAME}".into(),
            ..form.clone()
        };
        let (target, run) = by_name.validate_by_name().unwrap();
        assert_eq!((&target.version, &target.owner), (&None, &None));
        let c = run_by_name(&target, &run);
        assert_eq!(c.request.path, "/api/v2/solutions/deployed/run");
        assert_eq!(
            c.request.body,
            crate::api::Body::Json(examples["POST /api/v2/solutions/deployed/run"]["body"].clone())
        );
        // Everything the form has, with further settings from the JSON editor.
        let full = RunForm {
            name: "Invoice Extraction".into(),
            version: "1.3.0".into(),
            owner: "maria.lopez".into(),
            output_dir: "a/b/fs/out".into(),
            job_id: "nightly-1".into(),
            delete_out_dir: true,
            output_has_run_id: false,
            notification_emails: "a@x.io, b@y.org;\nc@z.dev".into(),
            settings_json: r#"{"runtime_config": {"ocr": "fast"}}"#.into(),
            ..form
        };
        let (target, run) = full.validate_by_name().unwrap();
        assert_eq!(
            run.to_json(Some(&target)),
            json!({
                "name": "Invoice Extraction", "version": "1.3.0", "owner": "maria.lopez",
                "input_dir": "jaydoe/my_repo/fs/Instabase Drive/proj/data/input",
                "output_dir": "a/b/fs/out", "job_id": "nightly-1",
                "settings": {
                    "runtime_config": {"ocr": "fast"}, "delete_out_dir": true, "output_has_run_id": false,
                    "notification_emails": ["a@x.io", "b@y.org", "c@z.dev"],
                },
            })
        );
    }

    #[test]
    fn run_forms_report_every_problem_by_field() {
        let form = RunForm {
            job_id: "j".repeat(51),
            notification_emails: "ops@example.com, not-an-address, x@nodot".into(),
            settings_json: "[1, 2]".into(),
            ..RunForm::default()
        };
        let errors = form.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            [
                "input_dir",
                "job_id",
                "notification_emails",
                "settings_json"
            ]
        );
        assert_eq!(
            error_for(&errors, "job_id").as_deref(),
            Some("Job ID must be at most 50 characters; this one has 51.")
        );
        assert_eq!(
            error_for(&errors, "notification_emails").as_deref(),
            Some("Not a valid email address: not-an-address, x@nodot.")
        );
        assert!(error_for(&errors, "settings_json")
            .unwrap()
            .contains("JSON object"));
        assert_eq!(error_for(&errors, "output_dir"), None);

        // 50 characters (counted as characters, not bytes) is fine.
        let ok = RunForm {
            input_dir: "a/b".into(),
            job_id: "é".repeat(50),
            ..RunForm::default()
        };
        assert_eq!(ok.validate().unwrap().job_id, Some("é".repeat(50)));

        let broken = RunForm {
            input_dir: "a/b".into(),
            settings_json: "{\"a\": ".into(),
            ..RunForm::default()
        };
        let e = broken.validate().unwrap_err();
        assert!(
            e[0].message.starts_with("Settings are not valid JSON"),
            "{e:?}"
        );
        let twice = RunForm {
            input_dir: "a/b".into(),
            settings_json: r#"{"delete_out_dir": true}"#.into(),
            ..RunForm::default()
        };
        assert_eq!(
            error_for(&twice.validate().unwrap_err(), "settings_json").as_deref(),
            Some("Set delete_out_dir with its own field above, not in the JSON.")
        );
        let nameless = RunForm {
            input_dir: "a/b".into(),
            ..RunForm::default()
        };
        let e = nameless.validate_by_name().unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.field.as_ref()).collect::<Vec<_>>(),
            ["name"]
        );
    }

    #[test]
    fn solution_paths_and_addresses_are_checked() {
        assert_eq!(
            validate_solution_path(" a/b/s.ibsolution "),
            Ok("a/b/s.ibsolution".into())
        );
        assert_eq!(
            validate_solution_path("").unwrap_err().field,
            "solution_path"
        );
        assert!(validate_solution_path("a/b/flow.ibflowbin")
            .unwrap_err()
            .message
            .contains(".ibsolution"));
        for good in ["me@domain.com", "a.b+c@x.co.uk"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "",
            "me",
            "@domain.com",
            "me@",
            "me@domain",
            "me@@domain.com",
            "me@do main.com",
            "me@domain..com",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(validate_job_id("").is_ok());
    }
}
