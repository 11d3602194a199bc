//! The work the Deployments tab follows, one list for the tab (and the activity center):
//! blue/green deployments, ECS cluster rolls, Beanstalk maintenance and CodeDeploy blue/green
//! deployments, each read from its own answers and asked about by its own status operation
//! ([`Roll::status_call`]; the polling is [`super::follow`]'s).

use serde::{Deserialize, Serialize};

use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::FollowedJob;

use super::super::super::op_call::OpCall;
use super::super::Provider;

/// What kind of work a followed job is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// A blue/green deployment (the kind of every job saved before there were others).
    #[default]
    BlueGreen,
    Ecs,
    Beanstalk,
    CodeDeploy,
}

impl JobKind {
    pub fn words(self) -> &'static str {
        match self {
            JobKind::BlueGreen => "Deployment",
            JobKind::Ecs => "ECS cluster roll",
            JobKind::Beanstalk => "Beanstalk maintenance",
            JobKind::CodeDeploy => "CodeDeploy deployment",
        }
    }
}

/// A job as followed (kept for the tab).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Roll {
    pub kind: JobKind,
    pub id: String,
    pub group: String,
    /// The group's provider ([`Provider::key`]; empty in deployments saved before there were
    /// several: AWS).
    pub provider: String,
    pub account: Option<String>,
    pub status: String,
    /// Each batch's status, in order.
    pub batches: Vec<String>,
    pub progress: i64,
    /// The operator's comment (ECS cluster rolls).
    pub comment: String,
    pub error: Option<String>,
}

impl FollowedJob for Roll {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        is_open(self.kind, &self.status)
    }

    fn what(&self) -> String {
        format!(
            "{} {} of Elastigroup {}",
            self.kind.words(),
            self.id,
            self.group
        )
    }

    fn href(&self) -> String {
        let provider = Provider::from_key(&self.provider).unwrap_or(Provider::Aws);
        super::super::group_href(
            provider,
            &self.group,
            "deployments",
            self.account.as_deref(),
        )
    }

    fn failed(&self) -> bool {
        self.status == "FAILED"
    }
}

/// Whether a job of `kind` in `status` is still open: running (each provider's words for it),
/// a failed deployment waiting for an action and a stop, maintenance not yet left.
pub fn is_open(kind: JobKind, status: &str) -> bool {
    match kind {
        JobKind::BlueGreen => matches!(
            status,
            "IN_PROGRESS" | "STARTING" | "ROLL_STARTING" | "RUNNING" | "PENDING" | "FAILED" | ""
        ),
        JobKind::Ecs => matches!(status, "IN_PROGRESS" | "PENDING" | ""),
        JobKind::Beanstalk => !matches!(status, "ACTIVE" | "UNKNOWN"),
        JobKind::CodeDeploy => matches!(status, "STARTING" | "IN_PROGRESS" | ""),
    }
}

/// Whether any item of a read of `kind` is open (its status in `field`).
pub fn any_open(a: &Answer, kind: JobKind, field: &str) -> bool {
    a.items
        .iter()
        .flatten()
        .any(|i| json::text(&i[field]).is_some_and(|s| is_open(kind, &s.to_uppercase())))
}

impl Roll {
    /// A job of `kind` as Spot reports it; `None` when its id did not read (it is then never
    /// asked about or acted on).
    pub fn read(
        kind: JobKind,
        v: &Value,
        provider: Provider,
        group: &str,
        account: Option<String>,
    ) -> Option<Roll> {
        let status = json::text(&v["status"]).or_else(|| json::text(&v["state"]));
        let mut r = Roll {
            kind,
            id: json::text(&v["id"]).filter(|id| !id.trim().is_empty())?,
            group: json::text(&v["groupId"]).unwrap_or_else(|| group.to_string()),
            provider: provider.key().to_string(),
            account,
            status: status.unwrap_or_default().to_uppercase(),
            batches: json::objects(v.get("batches"))
                .iter()
                .map(|b| json::text(&b["status"]).unwrap_or_default().to_uppercase())
                .collect(),
            progress: json::int(&v["progress"]["value"]).unwrap_or(0),
            comment: json::text(&v["comment"]).unwrap_or_default(),
            error: None,
        };
        // An ECS cluster roll says only its current batch of how many.
        if let (true, Some(n)) = (r.batches.is_empty(), json::int(&v["numOfBatches"])) {
            let current = json::int(&v["currentBatch"]).unwrap_or(1);
            r.batches = (1..=n.clamp(0, 100))
                .map(|b| batch_status(&r.status, b, current).to_string())
                .collect();
        }
        Some(r)
    }

    /// The maintenance of `group` (one per group: its id is the group's).
    pub fn maintenance(group: &str, status: &str, account: Option<String>) -> Roll {
        Roll {
            kind: JobKind::Beanstalk,
            id: format!("maintenance-{group}"),
            group: group.to_string(),
            provider: Provider::Aws.key().to_string(),
            account,
            status: status.to_string(),
            ..Roll::default()
        }
    }

    /// `1 of 3 batch(es) done — 33%` (or, without batches, the progress Spot gave).
    pub fn words(&self) -> String {
        if self.batches.is_empty() {
            return String::new();
        }
        let done = self.batches.iter().filter(|b| *b == "FINISHED").count();
        format!(
            "{} of {} batch(es) done — {}%",
            done,
            self.batches.len(),
            self.progress
        )
    }

    /// The operation that says how this job is now, in `provider`.
    pub fn status_call(&self, provider: Provider) -> OpCall {
        let group = |name: &str| super::super::op(name).path("groupId", self.group.clone());
        match self.kind {
            JobKind::BlueGreen => {
                let key = match provider {
                    Provider::AzureVms => "deploymentId",
                    _ => "rollId",
                };
                OpCall::new(provider.op("deployment-status").unwrap_or_default())
                    .path(provider.id_param(), self.group.clone())
                    .path(key, self.id.clone())
            }
            // The document asks for the roll's id twice: in the path and as `ROLL_ID`.
            JobKind::Ecs => group("ecs-get-cluster-roll-status-by-roll-id")
                .path("rollId", self.id.clone())
                .query("ROLL_ID", self.id.clone()),
            JobKind::Beanstalk => group("get-beanstalk-maintenance-status"),
            JobKind::CodeDeploy => group("get-codedeploy-b-g-deployment"),
        }
    }

    /// This job as `a` (its status call's answer) says it is now.
    pub fn now(self, a: &Answer, provider: Provider) -> Roll {
        let items = a.items.clone().unwrap_or_default();
        let account = self.account.clone();
        match self.kind {
            JobKind::Beanstalk => {
                let status = items.first().and_then(|i| json::text(&i["status"]));
                Roll {
                    status: status.unwrap_or_default().to_uppercase(),
                    ..self
                }
            }
            kind => items
                .iter()
                .filter(|i| {
                    kind != JobKind::CodeDeploy || json::text(&i["id"]).as_deref() == Some(&self.id)
                })
                .find_map(|i| Roll::read(kind, i, provider, &self.group, account.clone()))
                .unwrap_or(self),
        }
    }
}

/// An ECS batch's status from the roll's status and its current batch.
fn batch_status(roll: &str, b: i64, current: i64) -> &'static str {
    match roll {
        "COMPLETED" => "FINISHED",
        _ if b < current => "FINISHED",
        "IN_PROGRESS" if b == current => "IN_PROGRESS",
        "FAILED" if b == current => "FAILED",
        _ => "PENDING",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_ecs_roll_reads_as_bars_from_its_current_batch() {
        let v = json!({"id": "scr-1", "status": "IN_PROGRESS", "currentBatch": 2, "numOfBatches": 3,
            "progress": {"value": 33}, "comment": "new AMI"});
        let r = Roll::read(JobKind::Ecs, &v, Provider::Aws, "sig-1", None).unwrap();
        assert_eq!(r.batches, ["FINISHED", "IN_PROGRESS", "PENDING"]);
        assert_eq!(r.words(), "1 of 3 batch(es) done — 33%");
        assert!(r.pending());
        let done = Roll::read(
            JobKind::Ecs,
            &json!({"id": "scr-1", "status": "COMPLETED", "currentBatch": 3, "numOfBatches": 3}),
            Provider::Aws,
            "sig-1",
            None,
        )
        .unwrap();
        assert!(!done.pending() && done.batches.iter().all(|b| b == "FINISHED"));
        // A failed ECS roll is final; a failed blue/green deployment waits for an action.
        assert!(!is_open(JobKind::Ecs, "FAILED") && is_open(JobKind::BlueGreen, "FAILED"));
        assert_eq!(
            Roll::read(
                JobKind::Ecs,
                &json!({"id": ""}),
                Provider::Aws,
                "sig-1",
                None
            ),
            None
        );
    }

    #[test]
    fn maintenance_and_codedeploy_read_their_own_answers() {
        let m = Roll::maintenance("sig-1", "", None);
        assert!(m.pending());
        let a = Answer {
            items: Some(vec![json!({"status": "active"})]),
            ..Answer::default()
        };
        assert!(!m.now(&a, Provider::Aws).pending());
        let d = Roll::read(
            JobKind::CodeDeploy,
            &json!({"id": "cdbg-2", "state": "STARTING"}),
            Provider::Aws,
            "sig-1",
            None,
        )
        .unwrap();
        let a = Answer {
            items: Some(vec![
                json!({"id": "cdbg-1", "state": "STARTING"}),
                json!({"id": "cdbg-2", "state": "FINISHED"}),
            ]),
            ..Answer::default()
        };
        let now = d.now(&a, Provider::Aws);
        assert_eq!(
            (now.id.as_str(), now.status.as_str(), now.pending()),
            ("cdbg-2", "FINISHED", false)
        );
        // Deployments saved before there were kinds read as blue/green.
        let old: Roll =
            serde_json::from_value(json!({"id": "sbgd-1", "status": "IN_PROGRESS"})).unwrap();
        assert_eq!(old.kind, JobKind::BlueGreen);
    }
}
