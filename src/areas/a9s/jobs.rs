//! The long work of the a9s area — backups, restores (a backup's, a disaster recovery's, a
//! point in time's) and lifecycle actions — followed with `ui::Followed` (saved with serde,
//! polled by the one stop rule, shown by `ui::JobPanel`).

use serde::{Deserialize, Serialize};

use leptos::prelude::*;

use super::badge;
use crate::api::a9s::{self, InstanceState, TaskStatus};
use crate::api::{Id, IdRead};
use crate::client::Client;
use crate::ui::{Column, Followed, FollowedJob, JobPanel};

/// Where the followed jobs are saved, and how many are kept.
const KEY: &str = "a9s.jobs";
const KEEP: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(super) enum Kind {
    Backup,
    Restore,
    /// A lifecycle action (its word in `task`); the instance's state in `status`.
    Lifecycle,
}

/// One followed piece of work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Job {
    key: String,
    pub kind: Kind,
    pub instance: String,
    /// The backup's or restore's id, or the lifecycle action's word.
    pub task: String,
    /// A restore's backup.
    pub backup: Option<String>,
    pub status: String,
    pub size: Option<Result<u64, ()>>,
    pub triggered: Option<String>,
    pub finished: Option<String>,
    pub downloadable: bool,
    /// Lifecycle: the instance was seen deploying; checks made; nothing more to wait for.
    seen_busy: bool,
    checks: u32,
    settled: bool,
    /// When it was started (ms since the epoch; 0 in jobs saved before it was kept).
    #[serde(default)]
    started_ms: i64,
}

impl FollowedJob for Job {
    fn id(&self) -> &str {
        &self.key
    }

    fn pending(&self) -> bool {
        match self.kind {
            Kind::Lifecycle => !self.settled,
            _ => !TaskStatus::parse(&self.status).is_final(),
        }
    }

    fn what(&self) -> String {
        format!("{} on {}", self.what(), self.instance)
    }

    fn href(&self) -> String {
        let tab = match self.kind {
            Kind::Backup => "/backups",
            Kind::Restore => "/restores",
            Kind::Lifecycle => "",
        };
        format!("/a9s/instances/{}{tab}", crate::api::seg(&self.instance))
    }

    fn started_ms(&self) -> i64 {
        self.started_ms
    }

    fn state_words(&self) -> String {
        match self.kind {
            Kind::Lifecycle => self.sentence(),
            _ if self.status.is_empty() => "accepted".into(),
            _ => self.status.clone(),
        }
    }

    fn failed(&self) -> bool {
        self.kind != Kind::Lifecycle && TaskStatus::parse(&self.status) == TaskStatus::Failed
    }
}

/// The key a job is saved under: one per backup, restore, and instance (lifecycle).
pub(super) fn key(kind: Kind, instance: &str, task: &str) -> String {
    match kind {
        Kind::Backup => format!("backup:{instance}:{task}"),
        Kind::Restore => format!("restore:{instance}:{task}"),
        Kind::Lifecycle => format!("lifecycle:{instance}"),
    }
}

impl Job {
    fn new(kind: Kind, instance: &str, task: &str, status: &str) -> Job {
        Job {
            key: key(kind, instance, task),
            kind,
            instance: instance.to_string(),
            task: task.to_string(),
            backup: None,
            status: status.to_string(),
            size: None,
            triggered: None,
            finished: None,
            downloadable: false,
            seen_busy: false,
            checks: 0,
            settled: false,
            started_ms: crate::time::now_ms(),
        }
    }

    /// A backup just created.
    pub(super) fn backup(instance: &str, id: &Id) -> Job {
        Job::new(Kind::Backup, instance, id.as_str(), "queued")
    }

    /// A restore just accepted (of `backup`, when one was named).
    pub(super) fn restore(
        instance: &str,
        id: &Id,
        backup: Option<&Id>,
        status: &TaskStatus,
    ) -> Job {
        Job {
            backup: backup.map(|b| b.to_string()),
            ..Job::new(Kind::Restore, instance, id.as_str(), status.as_str())
        }
    }

    /// A lifecycle action just accepted.
    pub(super) fn lifecycle(instance: &str, word: &str) -> Job {
        Job::new(Kind::Lifecycle, instance, word, "")
    }

    /// The backup's or restore's id as read back from the saved text.
    pub(super) fn task_id(&self) -> IdRead {
        Id::integer_from_address(&self.task)
    }

    /// A lifecycle job learns the instance's state: settled once it was seen deploying and
    /// no longer is, or after three of its own checks (`counted`) never saw it deploying.
    pub(super) fn saw(&mut self, state: &InstanceState, counted: bool) {
        let busy = state.is_busy();
        self.checks += u32::from(counted);
        self.seen_busy |= busy;
        self.settled = !busy && (self.seen_busy || self.checks >= 3);
        self.status = state.as_str().to_string();
    }

    /// A lifecycle job's progress in words.
    pub(super) fn sentence(&self) -> String {
        if InstanceState::parse(&self.status).is_busy() {
            "The instance is deploying…".to_string()
        } else if self.settled {
            format!("Done: the instance is {}.", self.status)
        } else {
            "Accepted; waiting for the deployment to start…".to_string()
        }
    }

    fn what(&self) -> String {
        match self.kind {
            Kind::Backup => format!("Backup #{}", self.task),
            Kind::Restore => match &self.backup {
                Some(b) => format!("Restore #{} of backup #{b}", self.task),
                None => format!("Restore #{}", self.task),
            },
            Kind::Lifecycle => format!("The {}", self.task),
        }
    }
}

/// Where the area's followed jobs are saved (for the resume hook's registration).
pub(super) const JOBS_KEY: &str = KEY;

/// Follows the area's saved jobs again after a reload (the area's resume hook).
pub(super) fn follow() {
    followed();
}

/// The area's followed jobs, polled for the whole tab once loaded (the activity center shows
/// them, and announces each one that ends).
pub(super) fn followed() -> Followed<Job> {
    let jobs = Followed::load(KEY, KEEP);
    jobs.follow(check);
    jobs
}

/// Asks about one job; an answer that did not come keeps it as it was (asked again later).
async fn check(client: Client, mut job: Job) -> Job {
    let instance = job.instance.clone();
    match job.kind {
        Kind::Lifecycle => {
            if let Ok(i) = client.send(a9s::get_instance(&instance)).await {
                job.saw(&i.state, true);
            }
        }
        Kind::Backup => {
            let Ok(id) = job.task_id() else { return job };
            if let Ok(b) = client.send(a9s::get_backup(&instance, &id)).await {
                job.status = b.status.as_str().to_string();
                job.size = b.size;
                job.triggered = b.triggered_at;
                job.finished = b.finished_at;
                job.downloadable = b.downloadable;
            }
        }
        Kind::Restore => {
            let Ok(id) = job.task_id() else { return job };
            if let Ok(r) = client.send(a9s::get_restore(&instance, &id)).await {
                job.status = r.status.as_str().to_string();
                job.triggered = r.triggered_at;
                job.finished = r.finished_at;
                if let Some(b) = r.backup_id {
                    job.backup = Some(b.to_string());
                }
            }
        }
    }
    job
}

/// The panel of the area's followed jobs.
pub(super) fn panel(jobs: Followed<Job>) -> impl IntoView {
    let columns = vec![
        Column::text("Instance", |j: &Job| j.instance.clone()),
        Column::text("Work", Job::what),
        Column::view("Status", |j: &Job| {
            badge(if j.status.is_empty() {
                "accepted"
            } else {
                &j.status
            })
        }),
    ];
    view! {
        <JobPanel jobs=jobs columns=columns title="Followed work" id="a9s-jobs"
            empty="Backups, restores and lifecycle actions started here are followed in this list."/>
    }
}
