//! The Deployed Solutions state: solutions and jobs, whose progress is computed from the wall
//! clock (a job is RUNNING until its duration has passed, then it has its final state).

use serde_json::{json, Map, Value};

/// The user the demo token belongs to (an administrator: sees every solution and space).
pub const CURRENT_USER: &str = "jaydoe";

/// A small deterministic generator (splitmix64), so the demo data depends only on the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A version-4-shaped UUID.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

/// The user's private id, as `accountId` reports it.
pub fn account_id(user: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in user.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("acct-{h:08x}")
}

pub const SECOND_NS: u128 = 1_000_000_000;
/// How long a run takes, and how soon a failing one fails.
pub const RUN_NS: u128 = 4 * SECOND_NS;
pub const RUN_FAIL_NS: u128 = 5 * SECOND_NS / 2;
pub const DEPLOY_NS: u128 = 3 * SECOND_NS;
pub const DELETE_NS: u128 = 2 * SECOND_NS;

pub fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct Solution {
    pub id: String,
    pub name: String,
    pub version: String,
    pub owner: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub summary: String,
    pub description: String,
    pub state: String,
    pub author: String,
    /// Serialized JSON, as the document carries it.
    pub metadata: String,
    pub solution_path: String,
    /// Filterable, but never part of the documented solution objects.
    pub visibility: String,
    /// A deployed solution appears when its deploy job completes.
    pub available_from_ns: u128,
    /// A deleted solution disappears when its deletion job completes.
    pub deleted_from_ns: Option<u128>,
}

impl Solution {
    pub fn visible(&self, now: u128) -> bool {
        now >= self.available_from_ns && self.deleted_from_ns.is_none_or(|d| now < d)
    }

    /// An item of `GET /deployed` (S2's schema: no description or metadata).
    pub fn list_item(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "version": self.version, "owner": self.owner,
            "createdAtMs": self.created_ms, "updatedAtMs": self.updated_ms, "summary": self.summary,
            "state": self.state, "author": self.author, "solution_path": self.solution_path,
        })
    }

    /// `GET /deployed/{uuid}` (S3's schema).
    pub fn detail(&self) -> Value {
        let mut v = self.patched();
        v["solution_path"] = json!(self.solution_path);
        v
    }

    /// `PATCH /deployed/{uuid}` (S7's schema: S3's without solution_path).
    pub fn patched(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "version": self.version, "owner": self.owner,
            "createdAtMs": self.created_ms, "updatedAtMs": self.updated_ms, "summary": self.summary,
            "description": self.description, "state": self.state, "author": self.author,
            "metadata": self.metadata,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// A flow run of a solution (S4, S5).
    Run,
    /// The asynchronous deploy (S1) and deletion (S6) jobs.
    Async,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub username: String,
    pub kind: JobKind,
    pub solution_id: String,
    /// The solution's name, version and owner when the job started (for filters and sorting).
    pub name: String,
    pub version: String,
    pub owner: String,
    pub start_ns: u128,
    pub duration_ns: u128,
    /// The state once the duration has passed.
    pub outcome: &'static str,
    pub running_message: String,
    pub message: String,
    pub output_folder: String,
    /// Serialized JSON (empty: left out, as the document's example does).
    pub metadata: String,
}

impl Job {
    pub fn state(&self, now: u128) -> &'static str {
        if now < self.start_ns + self.duration_ns {
            "RUNNING"
        } else {
            self.outcome
        }
    }

    pub fn time_taken(&self, now: u128) -> u128 {
        self.duration_ns.min(now.saturating_sub(self.start_ns))
    }

    /// The document's job object. Nanosecond values are strings; a running job has no
    /// completion time yet (left out, as zero values are).
    pub fn view(&self, now: u128) -> Value {
        let state = self.state(now);
        let running = state == "RUNNING";
        let end = self.start_ns + self.duration_ns;
        let mut o = Map::new();
        o.insert("id".into(), json!(self.id));
        o.insert("accountId".into(), json!(account_id(&self.username)));
        let job_type = match self.kind {
            JobKind::Run => "FLOW",
            JobKind::Async => "async",
        };
        o.insert("jobType".into(), json!(job_type));
        o.insert("startTimeNs".into(), json!(self.start_ns.to_string()));
        let modified = if running { self.start_ns } else { end };
        o.insert("modifiedTimeNs".into(), json!(modified.to_string()));
        if !running {
            o.insert("completionTimeNs".into(), json!(end.to_string()));
        }
        o.insert("state".into(), json!(state));
        if !self.metadata.is_empty() {
            o.insert("metadata".into(), json!(self.metadata));
        }
        o.insert("lastStartTimeNs".into(), json!(self.start_ns.to_string()));
        o.insert(
            "timeTakenNs".into(),
            json!(self.time_taken(now).to_string()),
        );
        let message = if running {
            &self.running_message
        } else {
            &self.message
        };
        o.insert("message".into(), json!(message));
        o.insert("deployedSolutionId".into(), json!(self.solution_id));
        o.insert("outputFolder".into(), json!(self.output_folder));
        Value::Object(o)
    }

    /// `<space-owner>/<space-name>` of the output folder.
    pub fn output_repo(&self) -> String {
        self.output_folder
            .split('/')
            .take(2)
            .collect::<Vec<_>>()
            .join("/")
    }
}

pub struct Store {
    pub rng: Rng,
    pub solutions: Vec<Solution>,
    pub jobs: Vec<Job>,
}

impl Store {
    pub fn solution(&self, id: &str, now: u128) -> Option<&Solution> {
        self.solutions.iter().find(|s| s.id == id && s.visible(now))
    }

    pub fn new_id(&mut self) -> String {
        self.rng.uuid()
    }
}

/// The documented job states, for validating filters.
pub const JOB_STATES: [&str; 5] = [
    "RUNNING",
    "COMPLETE",
    "FAILED",
    "CANCELLED",
    "STOPPED_AT_CHECKPOINT",
];
pub const SORT_KEYS: [&str; 6] = [
    "startTimeNs",
    "name",
    "version",
    "username",
    "timeTakenNs",
    "state",
];

/// The filters, sort and page of S8/S9, already validated.
#[derive(Debug, Default)]
pub struct JobQuery {
    pub solution_id: Vec<String>,
    pub user: Vec<String>,
    pub job_id: Vec<String>,
    pub state: Vec<String>,
    pub owner: Vec<String>,
    pub name: Vec<String>,
    pub output_repo: Vec<String>,
    pub sort_by: String,
    pub descending: bool,
    pub limit: usize,
    pub offset: usize,
}

impl JobQuery {
    fn keeps(&self, job: &Job, now: u128) -> bool {
        let any = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        any(&self.solution_id, &job.solution_id)
            && any(&self.user, &job.username)
            && any(&self.job_id, &job.id)
            && any(&self.state, job.state(now))
            && any(&self.owner, &job.owner)
            && any(&self.name, &job.name)
            && any(&self.output_repo, &job.output_repo())
    }

    /// The page of jobs this query asks for, as the document's objects.
    pub fn run(&self, jobs: &[Job], now: u128) -> Vec<Value> {
        let mut hits: Vec<&Job> = jobs.iter().filter(|j| self.keeps(j, now)).collect();
        hits.sort_by(|a, b| {
            let ord = match self.sort_by.as_str() {
                "name" => a.name.cmp(&b.name),
                "version" => a.version.cmp(&b.version),
                "username" => a.username.cmp(&b.username),
                "timeTakenNs" => a.time_taken(now).cmp(&b.time_taken(now)),
                "state" => a.state(now).cmp(b.state(now)),
                _ => a.start_ns.cmp(&b.start_ns),
            }
            .then_with(|| a.start_ns.cmp(&b.start_ns))
            .then_with(|| a.id.cmp(&b.id));
            if self.descending {
                ord.reverse()
            } else {
                ord
            }
        });
        hits.into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|j| j.view(now))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(outcome: &'static str) -> Job {
        Job {
            id: "j1".into(),
            username: CURRENT_USER.into(),
            kind: JobKind::Run,
            solution_id: "s1".into(),
            name: "N".into(),
            version: "1".into(),
            owner: "IB_DEPLOYED".into(),
            start_ns: 1_000 * SECOND_NS,
            duration_ns: RUN_NS,
            outcome,
            running_message: "Running single_flow".into(),
            message: "Completed single_flow".into(),
            output_folder: "jaydoe/my_repo/fs/in/out".into(),
            metadata: String::new(),
        }
    }

    #[test]
    fn a_job_runs_until_its_duration_has_passed_then_is_final() {
        let j = job("COMPLETE");
        let during = j.view(j.start_ns + SECOND_NS);
        assert_eq!(during["state"], "RUNNING");
        assert_eq!(during["message"], "Running single_flow");
        assert!(during.get("completionTimeNs").is_none());
        assert_eq!(during["timeTakenNs"], SECOND_NS.to_string());
        let after = j.view(j.start_ns + 60 * SECOND_NS);
        assert_eq!(after["state"], "COMPLETE");
        assert_eq!(after["completionTimeNs"], (j.start_ns + RUN_NS).to_string());
        assert_eq!(after["timeTakenNs"], RUN_NS.to_string());
        assert_eq!(after["message"], "Completed single_flow");
        assert!(after.get("metadata").is_none());
        assert_eq!(job("FAILED").state(j.start_ns + RUN_NS), "FAILED");
    }

    #[test]
    fn output_repo_is_the_space_of_the_output_folder() {
        assert_eq!(job("COMPLETE").output_repo(), "jaydoe/my_repo");
    }
}
