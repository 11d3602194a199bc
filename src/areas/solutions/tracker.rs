//! Jobs started from this console (deploy, run, delete), followed until they are final.
//! The document names no status call for runs, and the Job API it names for deploy and delete
//! is outside these documents, so each job is followed through the jobs endpoint filtered by
//! its id. The list lives in the user's storage, so it is found again after navigating away;
//! it feeds the activity center, and this panel is the area's view of it.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use super::href;
use crate::api::solutions::{find_job, is_final_state};
use crate::api::Id;
use crate::client::Client;
use crate::ui::{Column, Followed, FollowedJob, JobPanel, StatusBadge, TimeAgo};

pub const KEY: &str = "solutions.jobs";
/// How many jobs the panel keeps.
const KEEP: usize = 20;
/// Checks in a row without an answer listing the job before the panel stops asking.
const MAX_MISSES: u32 = 30;

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tracked {
    pub job_id: String,
    /// What was started, in words ("Run Invoice Extraction 1.4.0").
    pub what: String,
    pub solution_id: String,
    /// The last state the jobs endpoint reported; empty until it lists the job.
    pub state: String,
    pub message: String,
    /// When the console started it (the browser's clock).
    pub started_ms: i64,
    pub misses: u32,
}

impl FollowedJob for Tracked {
    fn id(&self) -> &str {
        &self.job_id
    }

    fn pending(&self) -> bool {
        !is_final_state(&self.state) && self.misses < MAX_MISSES
    }

    fn what(&self) -> String {
        self.what.clone()
    }

    fn href(&self) -> String {
        href(
            "/solutions/jobs",
            vec![("job_id".into(), self.job_id.clone())],
        )
    }

    fn started_ms(&self) -> i64 {
        self.started_ms
    }

    fn progress(&self) -> String {
        self.message.clone()
    }

    fn state_words(&self) -> String {
        self.shown_state().to_lowercase().replace('_', " ")
    }

    fn failed(&self) -> bool {
        matches!(self.state.as_str(), "FAILED" | "CANCELLED")
            || (!self.pending() && self.state.is_empty())
    }
}

impl Tracked {
    fn shown_state(&self) -> String {
        match (self.state.as_str(), self.pending()) {
            ("", true) => "SUBMITTED".into(),
            ("", false) => "UNKNOWN".into(),
            (s, _) => s.to_string(),
        }
    }

    /// Records what one check found: the job as listed, nothing (not listed yet), or an error.
    fn record(&mut self, found: Result<Option<(String, String)>, String>) {
        match found {
            Ok(Some((state, message))) => {
                self.state = state;
                self.message = message;
                self.misses = 0;
            }
            Ok(None) => {
                self.misses += 1;
                if self.misses >= MAX_MISSES {
                    self.message =
                        "The jobs endpoint never listed this job; check it in the Instabase Job API."
                            .into();
                }
            }
            Err(e) => {
                self.misses += 1;
                self.message = format!("Could not check: {e}");
            }
        }
    }
}

/// The area's followed jobs (provided by the area's layout).
pub fn followed() -> Followed<Tracked> {
    Followed::load(KEY, KEEP)
}

/// Polls the area's jobs (the layout; after a reload, the area's resume hook).
pub fn follow() {
    followed().follow(check);
}

/// One check of one job.
async fn check(client: Client, mut job: Tracked) -> Tracked {
    let found = client
        .send(find_job(&job.job_id))
        .await
        .map(|j| j.map(|j| (j.state, j.message)))
        .map_err(|e| e.summary());
    job.record(found);
    job
}

/// Follows a job just started.
pub fn track(job_id: &Id, what: String, solution_id: &str) {
    expect_context::<Followed<Tracked>>().add(Tracked {
        job_id: job_id.to_string(),
        what,
        solution_id: solution_id.to_string(),
        started_ms: crate::time::now_ms(),
        ..Tracked::default()
    });
}

/// The panel under every page of the area: the area's view of its followed jobs.
#[component]
pub fn JobsPanel() -> impl IntoView {
    let jobs = expect_context::<Followed<Tracked>>();
    let columns = vec![
        Column::view("Job", |t: &Tracked| {
            let link = href("/solutions/jobs", vec![("job_id".into(), t.job_id.clone())]);
            let id = t.job_id.clone();
            view! { <A href=link><code>{id}</code></A> }
        }),
        Column::view(
            "State",
            |t: &Tracked| view! { <StatusBadge status=t.shown_state()/> },
        ),
        Column::view("What", |t: &Tracked| t.what.clone()),
        Column::view(
            "Started",
            |t: &Tracked| view! { <TimeAgo ms=Some(t.started_ms)/> },
        ),
        Column::view("Message", |t: &Tracked| t.message.clone()),
    ];
    view! {
        <JobPanel
            jobs=jobs
            columns=columns
            id="solutions-panel"
            title="Jobs started from this console"
            empty="Deploy, run and delete jobs you start appear here and are followed until they finish."
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::add_job;
    use serde_json::json;

    fn job(id: &str) -> Tracked {
        Tracked {
            job_id: id.into(),
            ..Tracked::default()
        }
    }

    #[test]
    fn the_newest_jobs_are_kept_first() {
        let mut list = Vec::new();
        for i in 0..25 {
            add_job(&mut list, job(&format!("j{i}")), KEEP);
        }
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0].job_id, "j24");
        add_job(&mut list, job("j10"), KEEP);
        assert_eq!(list[0].job_id, "j10");
        assert_eq!(list.iter().filter(|t| t.job_id == "j10").count(), 1);
    }

    #[test]
    fn a_job_is_followed_until_final_or_never_listed() {
        let (mut a, mut b) = (job("a"), job("b"));
        assert_eq!(a.shown_state(), "SUBMITTED");
        a.record(Ok(Some(("RUNNING".into(), "Running single_flow".into()))));
        assert!(a.pending());
        a.record(Ok(Some((
            "COMPLETE".into(),
            "Completed single_flow".into(),
        ))));
        assert!(!a.pending());
        assert_eq!(a.shown_state(), "COMPLETE");
        b.record(Err("Deployed Solutions answered 502".into()));
        assert!(b.pending());
        assert!(b.message.contains("502"));
        for _ in 0..MAX_MISSES {
            b.record(Ok(None));
        }
        assert!(!b.pending());
        assert_eq!(b.shown_state(), "UNKNOWN");
        assert!(b.message.contains("never listed"));
        // What is stored reads back; missing fields take their default, and an entry that does
        // not read is dropped by the list (never breaking the panel).
        let saved = serde_json::to_value(&b).unwrap();
        assert_eq!(serde_json::from_value::<Tracked>(saved).ok(), Some(b));
        let sparse: Tracked = serde_json::from_value(json!({"job_id": "x"})).unwrap();
        assert!(sparse.pending());
        assert!(serde_json::from_value::<Tracked>(json!({"job_id": "x", "misses": -3})).is_err());
    }
}
