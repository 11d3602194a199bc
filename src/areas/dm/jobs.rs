//! The Deployment Manager's long work, followed with `ui::Followed` (so it is in the activity
//! center and resumed after a reload by the area's hook): asynchronous base-config uploads and
//! telescope exports and imports. The pages show their jobs from this list and read a job's
//! full answer when its state changes, not on every check.

use serde::{Deserialize, Serialize};

use crate::api::dm::{self, ApplyOutcome, JobStatus};
use crate::api::{ApiError, Id};
use crate::client::Client;
use crate::ui::{Followed, FollowedJob};

/// Where the area's followed jobs are saved.
pub const KEY: &str = "dm.jobs";
/// How many jobs are kept.
const KEEP: usize = 10;
/// Failed checks in a row before a job is no longer asked about.
const MAX_ERRORS: u32 = 5;

/// What kind of long work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Upload,
    Export,
    Import,
}

/// A job as followed (kept for the tab).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DmJob {
    pub kind: Kind,
    pub id: String,
    /// What was started, in words.
    pub what: String,
    pub started_ms: i64,
    /// The state as last known: a telescope status (`RUNNING`, `SUCCESS`…), or for an upload
    /// empty while it runs and the outcome in words once applied.
    pub state: String,
    pub finished: bool,
    pub failed: bool,
    /// How many times it was asked about.
    pub checks: u32,
    /// Failed checks in a row, and the last one's problem.
    pub errors: u32,
    pub problem: Option<String>,
}

impl FollowedJob for DmJob {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        !self.finished && self.errors < MAX_ERRORS
    }

    fn what(&self) -> String {
        self.what.clone()
    }

    fn href(&self) -> String {
        match self.kind {
            Kind::Upload => "/deployment-manager/base-configs",
            Kind::Export | Kind::Import => "/deployment-manager/telescope",
        }
        .into()
    }

    fn started_ms(&self) -> i64 {
        self.started_ms
    }

    fn progress(&self) -> String {
        self.problem
            .clone()
            .map(|p| format!("last check failed: {p}"))
            .unwrap_or_else(|| format!("checked {} time(s)", self.checks))
    }

    fn state_words(&self) -> String {
        match (self.finished, self.state.as_str()) {
            (false, _) if !self.pending() => "no longer checked (the checks failed)".into(),
            (false, "") => "running".into(),
            (_, s) => s.to_lowercase(),
        }
    }

    fn failed(&self) -> bool {
        self.failed || (!self.finished && !self.pending())
    }
}

impl DmJob {
    /// A job just started; `None` when its id did not read (it cannot be followed).
    pub fn new(kind: Kind, id: &str, what: String) -> Option<DmJob> {
        DmJob::started_at(kind, id, what, crate::time::now_ms())
    }

    fn started_at(kind: Kind, id: &str, what: String, started_ms: i64) -> Option<DmJob> {
        Some(DmJob {
            kind,
            id: Id::from_address(id).ok()?.to_string(),
            what,
            started_ms,
            ..DmJob::default()
        })
    }

    /// Records what one check found.
    fn record(&mut self, found: Result<(String, bool, bool), ApiError>) {
        self.checks += 1;
        match found {
            Ok((state, finished, failed)) => {
                (self.state, self.finished, self.failed) = (state, finished, failed);
                (self.errors, self.problem) = (0, None);
            }
            Err(e) => {
                self.errors += 1;
                self.problem = Some(e.summary());
            }
        }
    }
}

/// An upload's outcome in words (the page shows it in full).
fn applied(o: &ApplyOutcome) -> String {
    if o.told {
        format!(
            "applied to {} object(s); {} failed",
            o.successful.len(),
            o.failed.len()
        )
    } else {
        "accepted; the server did not say what was applied".into()
    }
}

/// A telescope status as (state, finished, failed).
fn telescope(s: JobStatus) -> (String, bool, bool) {
    (s.label(), s.is_finished(), s == JobStatus::Failed)
}

/// One check of one job.
async fn check(client: Client, mut job: DmJob) -> DmJob {
    let found = match job.kind {
        Kind::Upload => client
            .send(dm::upload_result(&job.id))
            .await
            .map(|r| match r {
                None => (String::new(), false, false),
                Some(o) => (applied(&o), true, !o.all_ok()),
            }),
        Kind::Export => client
            .send(dm::export_status(&job.id))
            .await
            .map(|j| telescope(j.status)),
        Kind::Import => client
            .send(dm::import_status(&job.id))
            .await
            .map(|j| telescope(j.status)),
    };
    job.record(found);
    job
}

/// The area's followed jobs.
pub fn followed() -> Followed<DmJob> {
    Followed::load(KEY, KEEP)
}

/// Polls the area's jobs (the layout; after a reload, the area's resume hook).
pub fn follow() {
    followed().follow(check);
}

/// The followed job with this id, as now known. Tracked.
pub fn job(id: &str) -> Option<DmJob> {
    followed().list().into_iter().find(|j| j.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reads_as_running_then_as_its_end() {
        let mut job =
            DmJob::started_at(Kind::Export, "b85c", "Telemetry export x".into(), 1).unwrap();
        assert!(job.pending());
        assert_eq!(job.state_words(), "running");
        job.record(Ok(telescope(JobStatus::Running)));
        assert_eq!((job.state_words(), job.pending()), ("running".into(), true));
        job.record(Ok(telescope(JobStatus::Success)));
        assert!(!job.pending() && !FollowedJob::failed(&job));
        assert_eq!(job.state_words(), "success");
        assert_eq!(job.href(), "/deployment-manager/telescope");
        assert!(DmJob::started_at(Kind::Upload, "", String::new(), 1).is_none());
    }

    #[test]
    fn failed_checks_stop_the_following_and_say_so() {
        let mut job = DmJob::started_at(Kind::Upload, "r-1", "Upload".into(), 1).unwrap();
        for _ in 0..MAX_ERRORS {
            assert!(job.pending());
            job.record(Err(ApiError::Cancelled));
        }
        assert!(!job.pending() && FollowedJob::failed(&job));
        assert!(job.state_words().contains("no longer checked"));
        assert!(job.progress().starts_with("last check failed"));
    }
}
