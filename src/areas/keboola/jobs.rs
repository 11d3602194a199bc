//! This session's async jobs (sandbox create, transformation sandbox, sandbox drop), followed
//! with `ui::Followed` (kept for the tab, polled with backoff on the configured queue base until
//! final, in the activity center); a finished create loads its credentials. The panel is the
//! area's view of them.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use crate::api::keboola::{self as kb, Backend, Job, JobRef, JobState};
use crate::api::{ApiKind, Id};
use crate::client::{use_client, Client, SendOptions};
use crate::ui::{Followed, FollowedJob, StatusBadge, TimeAgo};

pub const KEY: &str = "keboola.jobs";
/// How many jobs the panel keeps.
const KEEP: usize = 20;
/// Failed checks in a row before a job waits for the operator's "Check again".
const MAX_FAILED_CHECKS: u32 = 5;

/// One job as the panel remembers it (never a password: only ids and addresses), saved with
/// serde; a field missing from what was saved reads as empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrackedJob {
    pub id: String,
    pub url: String,
    /// What the operator asked for, in words.
    pub what: String,
    /// `create` or `delete`.
    pub command: String,
    /// The sandbox a drop is about.
    pub target: String,
    pub started_ms: i64,
    pub status: String,
    pub finished: bool,
    pub succeeded: bool,
    pub credentials_id: String,
    /// `host:port` of the new sandbox, once loaded.
    pub address: String,
    pub failure: String,
    /// The last failed check, in words.
    pub check_error: String,
    /// Polling gave up after repeated failed checks.
    pub stalled: bool,
    /// Failed checks in a row.
    pub failed_checks: u32,
}

impl TrackedJob {
    /// A job to follow; `None` when the answer's job id did not read (nothing to poll).
    pub fn new(
        r: &JobRef,
        what: String,
        command: &str,
        target: &str,
        now_ms: i64,
    ) -> Option<TrackedJob> {
        Some(TrackedJob {
            id: r.id.as_ref().ok()?.to_string(),
            url: r.url.clone(),
            what,
            command: command.into(),
            target: target.into(),
            started_ms: now_ms,
            status: if r.status.is_empty() {
                "waiting".into()
            } else {
                r.status.clone()
            },
            ..TrackedJob::default()
        })
    }

    /// Takes what a poll of the queue says.
    pub fn apply(&mut self, job: &Job) {
        if !job.status.is_empty() {
            self.status = job.status.clone();
        }
        self.check_error.clear();
        self.finished = job.is_finished();
        self.succeeded = job.succeeded();
        if let Some(id) = job.new_credentials_id() {
            self.credentials_id = id.to_string();
        }
        // The job's own answer carries the new sandbox's address: no second read needed.
        if let Some(c) = job.result.credentials.as_ref() {
            if !c.hostname.trim().is_empty() {
                let port = c.port.unwrap_or(Backend::Docker.default_port());
                self.address = format!("{}:{port}", c.hostname.trim());
            }
        }
        self.failure = job.failure().unwrap_or_default();
    }

    /// A check failed; after a few in a row, polling stops until asked again.
    pub fn check_failed(&mut self, summary: String, attempt: u32) {
        self.check_error = summary;
        self.stalled = attempt + 1 >= MAX_FAILED_CHECKS;
    }

    /// The outcome in words, for a finished job.
    pub fn outcome(&self) -> Option<String> {
        if !self.finished {
            return None;
        }
        Some(if !self.succeeded {
            self.failure.clone()
        } else if self.command == "delete" {
            format!("Sandbox {} was dropped.", self.target)
        } else if self.credentials_id.is_empty() {
            "The job finished but named no new credentials.".into()
        } else {
            format!("Sandbox {} is ready.", self.credentials_id)
        })
    }
}

/// The area's followed jobs (a view over `ui::Followed`, which polls them and feeds the
/// activity center), shared by the area's pages.
#[derive(Clone, Copy)]
pub struct Jobs(Followed<TrackedJob>);

impl FollowedJob for TrackedJob {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        !self.finished && !self.stalled
    }

    fn what(&self) -> String {
        self.what.clone()
    }

    fn href(&self) -> String {
        match Id::from_address(&self.credentials_id) {
            Ok(cid) if self.finished && self.succeeded => super::detail_href(Backend::Docker, &cid),
            _ => "/keboola".into(),
        }
    }

    fn started_ms(&self) -> i64 {
        self.started_ms
    }

    fn progress(&self) -> String {
        if self.check_error.is_empty() {
            String::new()
        } else {
            format!("Last check failed: {}", self.check_error)
        }
    }

    fn state_words(&self) -> String {
        match self.outcome() {
            Some(o) if self.succeeded => format!("done: {o}"),
            Some(o) => format!("failed: {o}"),
            None if self.stalled => "not checked: the last checks failed".into(),
            None => JobState::parse(&self.status).words().to_string(),
        }
    }

    fn failed(&self) -> bool {
        self.finished && !self.succeeded
    }
}

/// The area's list of jobs.
fn followed() -> Followed<TrackedJob> {
    Followed::load(KEY, KEEP)
}

/// Polls the area's jobs (the layout; after a reload, the area's resume hook).
pub fn follow() {
    followed().follow(check);
}

/// One check of one job: the queue's answer, and after a create that named no address, the new
/// sandbox's details.
async fn check(client: Client, mut t: TrackedJob) -> TrackedJob {
    // Only a job whose id reads is polled (never `/queue/job/`).
    let Ok(job_id) = Id::from_address(&t.id) else {
        t.stalled = true;
        return t;
    };
    let base = kb::queue_base(&client.connection(ApiKind::Keboola));
    match client
        .send_with(kb::job(&t.url, &job_id), SendOptions::default().base(&base))
        .await
    {
        Ok(job) => {
            t.failed_checks = 0;
            t.apply(&job);
            // Read the sandbox only when the job's answer lacked its address.
            if let (true, Some(cid), true) = (
                job.is_finished(),
                job.new_credentials_id(),
                t.address.is_empty(),
            ) {
                match client
                    .send(kb::credentials_detail(Backend::Docker, &cid))
                    .await
                {
                    Ok(rec) => {
                        let c = rec.credentials;
                        let port = c.port.unwrap_or(Backend::Docker.default_port());
                        t.address = format!("{}:{port}", c.hostname);
                    }
                    Err(e) => t.check_error = e.summary(),
                }
            }
        }
        Err(e) => {
            t.check_failed(e.summary(), t.failed_checks);
            t.failed_checks += 1;
        }
    }
    t
}

impl Jobs {
    /// Loads the session's jobs, follows the unfinished ones (asking again about those whose
    /// checks had failed), and provides the panel.
    pub fn provide() -> Jobs {
        let jobs = Jobs(followed());
        let stalled: Vec<String> = untrack(|| jobs.0.list())
            .into_iter()
            .filter(|t| t.stalled)
            .map(|t| t.id)
            .collect();
        for id in stalled {
            jobs.0.update(&id, |t| t.stalled = false);
        }
        follow();
        provide_context(jobs);
        jobs
    }

    /// Starts following a job an async action answered.
    pub fn track(&self, r: &JobRef, what: String, command: &str, target: &str) {
        // A job whose id did not read is not followed (the caller says so).
        if let Some(t) = TrackedJob::new(r, what, command, target, crate::time::now_ms()) {
            self.0.add(t);
        }
    }

    fn check_again(&self, id: String) {
        self.0.update(&id, |t| {
            t.stalled = false;
            t.failed_checks = 0;
            t.check_error.clear();
        });
    }
}

pub fn use_jobs() -> Jobs {
    expect_context::<Jobs>()
}

#[component]
pub fn JobsPanel() -> impl IntoView {
    let jobs = use_jobs();
    let list = move || jobs.0.list();
    let any_finished = move || list().iter().any(|t| t.finished);
    view! {
        <section class="card kb-jobs" id="kb-jobs" aria-live="polite">
            <h2>"Jobs of this session"</h2>
            <Show
                when=move || !list().is_empty()
                fallback=|| view! { <p class="muted">"No async jobs yet. Sandbox creates and drops run as queue jobs; they show up here."</p> }
            >
                <ul class="kb-job-list">
                    <For
                        each=list
                        key=|t| format!("{}|{}|{}|{}|{}|{}", t.id, t.status, t.finished, t.address, t.check_error, t.stalled)
                        let:t
                    >
                        <JobRow t=t jobs=jobs/>
                    </For>
                </ul>
                <Show when=any_finished>
                    <button type="button" class="btn small" id="kb-jobs-clear" on:click=move |_| jobs.0.clear_finished()>"Clear finished jobs"</button>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn JobRow(t: TrackedJob, jobs: Jobs) -> impl IntoView {
    let state = JobState::parse(&t.status);
    let conn = use_client().connection(ApiKind::Keboola);
    // Which URL is followed: the answer's path under the configured queue base (never the
    // answer's host), said in full when the path is not the documented `/queue/job/<id>`.
    let followed = Id::from_address(&t.id).ok().map(|job_id| {
        let polled = kb::poll_url(&conn, &t.url, &job_id);
        let other = (!t.url.trim().is_empty() && !kb::is_documented_job_path(&t.url, &job_id))
            .then(|| view! {
                <small class="muted kb-job-url">
                    "The answer's job URL " <code>{t.url.clone()}</code>
                    " is not on the queue's documented path; its path is followed under the configured queue base."
                </small>
            });
        view! { <small class="muted">"Polled at " <code>{polled}</code></small> {other} }
    });
    let outcome = t.outcome();
    let open = (t.finished && t.succeeded)
        .then(|| Id::from_address(&t.credentials_id).ok())
        .flatten()
        .map(|cid| {
            view! {
                <A href=super::detail_href(Backend::Docker, &cid) attr:id=format!("kb-open-{}", t.id)>
                    "Open sandbox"
                </A>
            }
        });
    let again = t.stalled.then(|| {
        let id = t.id.clone();
        view! {
            <button type="button" class="btn small" on:click=move |_| jobs.check_again(id.clone())>"Check again"</button>
        }
    });
    let outcome_class = if t.finished && !t.succeeded {
        "kb-job-outcome kb-job-failure"
    } else {
        "kb-job-outcome"
    };
    let running = (!t.finished).then(|| format!("The job is {}.", state.words()));
    view! {
        <li class="kb-job" id=format!("kb-job-{}", t.id)>
            <div class="kb-job-head">
                <strong>{t.what.clone()}</strong>
                <span class="muted">" job " {t.id.clone()}</span>
                <StatusBadge status=t.status.clone()/>
                <TimeAgo ms=Signal::stored(Some(t.started_ms))/>
            </div>
            {running.map(|r| view! { <p class="kb-job-progress">{r}</p> })}
            {outcome.map(|o| view! { <p class=outcome_class>{o}</p> })}
            {(!t.address.is_empty()).then(|| view! { <p>"Address: " <code>{t.address.clone()}</code></p> })}
            {open}
            {(!t.check_error.is_empty()).then(|| view! { <p class="kb-job-check">"Last check failed: " {t.check_error.clone()}</p> })}
            {again}
            {followed}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(body: &str) -> Job {
        kb::job("/queue/job/1", &Id::from_address("1").unwrap())
            .decode(&crate::api::Response {
                status: 200,
                content_type: None,
                body: body.as_bytes().to_vec(),
            })
            .unwrap()
    }

    fn started() -> TrackedJob {
        let r = JobRef {
            id: Id::from_address("7"),
            url: "https://queue.test/queue/job/7".into(),
            status: "waiting".into(),
        };
        TrackedJob::new(&r, "New RStudio sandbox".into(), "create", "", 1_000).unwrap()
    }

    #[test]
    fn a_create_job_ends_with_the_new_sandbox() {
        let mut t = started();
        assert_eq!(t.outcome(), None);
        t.apply(&job(r#"{"id":7,"status":"processing"}"#));
        assert_eq!((t.status.as_str(), t.finished), ("processing", false));
        t.apply(&job(
            r#"{"id":7,"status":"success","result":{"status":"ok","credentials":{"id":43,"port":8330}}}"#,
        ));
        assert!(t.finished && t.succeeded);
        assert_eq!(t.credentials_id, "43");
        assert_eq!(t.outcome().as_deref(), Some("Sandbox 43 is ready."));
    }

    /// Finding 11: the job's own answer names the sandbox's address; it is used as it is
    /// (no second read of the credentials needed).
    #[test]
    fn the_job_answer_gives_the_sandbox_address() {
        let mut t = started();
        t.apply(&job(
            r#"{"status":"success","result":{"credentials":{"id":43,"hostname":"sb.test","port":8330}}}"#,
        ));
        assert_eq!(t.address, "sb.test:8330");
    }

    /// Finding 2: an async answer without a readable job id starts nothing to poll.
    #[test]
    fn a_job_without_a_readable_id_is_not_followed() {
        for odd in crate::api::id::tests::unreadable_ids() {
            let r = kb::create_sandbox(json!({}))
                .decode(&crate::api::Response {
                    status: 202,
                    content_type: None,
                    body: json!({ "id": odd, "url": "", "status": "waiting" })
                        .to_string()
                        .into_bytes(),
                })
                .unwrap();
            assert_eq!(
                TrackedJob::new(&r, "x".into(), "create", "", 0),
                None,
                "{odd}"
            );
        }
    }

    #[test]
    fn failed_jobs_and_drops_read_in_words() {
        let mut t = started();
        t.apply(&job(
            r#"{"status":"error","result":{"message":"Script failed."}}"#,
        ));
        assert_eq!(
            t.outcome().as_deref(),
            Some("The job failed: Script failed.")
        );
        let r = JobRef {
            id: Id::from_address("9"),
            url: String::new(),
            status: String::new(),
        };
        let mut d = TrackedJob::new(&r, "Drop sandbox 43".into(), "delete", "43", 0).unwrap();
        assert_eq!(d.status, "waiting");
        d.apply(&job(r#"{"status":"success","result":{"status":"ok"}}"#));
        assert_eq!(d.outcome().as_deref(), Some("Sandbox 43 was dropped."));
    }

    #[test]
    fn repeated_failed_checks_stall_until_asked_again() {
        let mut t = started();
        t.check_failed("Keboola Provisioning answered 502.".into(), 0);
        assert!(!t.stalled);
        t.check_failed("again".into(), MAX_FAILED_CHECKS - 1);
        assert!(t.stalled);
        assert_eq!(t.check_error, "again");
        t.apply(&job(r#"{"status":"processing"}"#));
        assert!(t.check_error.is_empty());
    }

    /// What the activity center says about a job: its state in words while it runs, the
    /// outcome once final, and where it leads (the new sandbox once it is ready).
    #[test]
    fn the_activity_center_reads_a_job_in_words() {
        let mut t = started();
        assert!(t.pending());
        assert_eq!(FollowedJob::what(&t), "New RStudio sandbox");
        assert_eq!(FollowedJob::href(&t), "/keboola");
        t.check_failed(
            "Keboola Provisioning answered 502.".into(),
            MAX_FAILED_CHECKS - 1,
        );
        assert!(!t.pending(), "a stalled job waits for Check again");
        assert!(t.state_words().starts_with("not checked"));
        assert!(t.progress().contains("502"));
        t.apply(&job(
            r#"{"status":"success","result":{"credentials":{"id":43,"hostname":"sb.test"}}}"#,
        ));
        assert!(!t.pending() && !t.failed());
        assert_eq!(t.state_words(), "done: Sandbox 43 is ready.");
        assert!(FollowedJob::href(&t).contains("43"));
        let mut f = started();
        f.apply(&job(
            r#"{"status":"error","result":{"message":"Script failed."}}"#,
        ));
        assert!(f.failed());
        assert_eq!(f.state_words(), "failed: The job failed: Script failed.");
    }

    #[test]
    fn saved_jobs_round_trip_without_secrets() {
        let mut t = started();
        t.apply(&job(
            r#"{"status":"success","result":{"credentials":{"id":43,"password":"secret"}}}"#,
        ));
        let saved = serde_json::to_value(&t).unwrap();
        assert!(!saved.to_string().contains("secret"));
        assert_eq!(serde_json::from_value::<TrackedJob>(saved).unwrap(), t);
        // What is missing reads as empty; a value of the wrong type drops the entry.
        let short: TrackedJob = serde_json::from_value(json!({"id": "1"})).unwrap();
        assert_eq!(
            (short.id.as_str(), short.finished, short.started_ms),
            ("1", false, 0)
        );
        assert!(
            serde_json::from_value::<TrackedJob>(json!({"id": "1", "finished": "yes"})).is_err()
        );
    }
}
