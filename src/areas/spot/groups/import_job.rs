//! A stateful import (Elastigroup AWS) as a followed job: Spot's process id, the new group it
//! makes, its state read from the status call until it ends (in the activity center too, and
//! again after a reload through the area's resume hook), linked to the new group's Stateful tab.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::json;
use crate::ui::{Followed, FollowedJob};

use super::super::op_call::{ask, OpCall, Unasked};
use super::{group_href, op, Provider};

/// Where the followed imports are saved.
pub const KEY: &str = "spot.groups.stateful-imports";

/// Spot's documented states, in order; the last three end an import.
const STATES: [&str; 14] = [
    "MIGRATE_PREPARE_AWS_INSTANCE",
    "MIGRATE_CREATE_IMAGE",
    "MIGRATE_AWAIT_FOR_IMAGE",
    "MIGRATE_AWAIT_USER_ACTION",
    "MIGRATE_TERMINATE_INSTANCE",
    "MIGRATE_AWAIT_INSTANCE_TERMINATION",
    "MIGRATE_UPDATE_GROUP",
    "MIGRATE_LAUNCH_INSTANCE",
    "MIGRATE_AWAIT_INSTANCE_RUNNING",
    "MIGRATE_RESUME_STATEFUL_INSTANCE",
    "MIGRATE_AWAIT_STATEFUL_INSTANCE_RUNNING",
    "MIGRATE_FINISH",
    "MIGRATE_CANCEL",
    "MIGRATE_ERROR",
];

/// The state in which the import waits for the operator to terminate the original instance.
pub const AWAIT_USER: &str = "MIGRATE_AWAIT_USER_ACTION";

/// An import followed until it ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatefulImport {
    pub id: String,
    pub group: String,
    pub instance: String,
    pub name: String,
    pub account: Option<String>,
    pub state: String,
    pub words: String,
    pub started: i64,
    pub problem: Option<String>,
}

impl FollowedJob for StatefulImport {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        !STATES[11..].contains(&self.state.as_str()) && self.state != "UNKNOWN"
    }

    fn what(&self) -> String {
        format!("Stateful import of {} as {}", self.instance, self.name)
    }

    fn href(&self) -> String {
        match self.group.is_empty() {
            true => String::new(),
            false => group_href(
                Provider::Aws,
                &self.group,
                "stateful",
                self.account.as_deref(),
            ),
        }
    }

    fn started_ms(&self) -> i64 {
        self.started
    }

    fn progress(&self) -> String {
        match STATES[..12].iter().position(|s| *s == self.state) {
            Some(k) => format!("step {} of 12", k + 1),
            None => String::new(),
        }
    }

    fn state_words(&self) -> String {
        match self.state.as_str() {
            AWAIT_USER => "waiting for you to terminate the original instance".into(),
            "MIGRATE_FINISH" => "finished".into(),
            "MIGRATE_CANCEL" => "cancelled".into(),
            "" => "unknown".into(),
            s => s
                .trim_start_matches("MIGRATE_")
                .replace('_', " ")
                .to_lowercase(),
        }
    }

    fn failed(&self) -> bool {
        matches!(
            self.state.as_str(),
            "MIGRATE_ERROR" | "MIGRATE_CANCEL" | "UNKNOWN"
        )
    }
}

impl StatefulImport {
    /// An import as Spot reports it (`was`: what was known of it); `None` when its id did not read.
    pub fn read(v: &Value, was: &StatefulImport) -> Option<StatefulImport> {
        let t = |k: &str| json::text(&v[k]).filter(|s| !s.trim().is_empty());
        Some(StatefulImport {
            id: t("id").or_else(|| t("statefulMigrationId"))?,
            group: t("groupId").unwrap_or_else(|| was.group.clone()),
            instance: t("instanceId").unwrap_or_else(|| was.instance.clone()),
            state: t("state").unwrap_or_default().to_uppercase(),
            words: t("stateDescription").unwrap_or_default(),
            started: match was.started {
                0 => crate::time::now_ms(),
                t => t,
            },
            problem: None,
            ..was.clone()
        })
    }

    /// The answer's first item, read over what was known.
    pub fn from_answer(
        a: &crate::api::spot::envelope::Answer,
        was: &StatefulImport,
    ) -> Option<StatefulImport> {
        a.items
            .as_ref()?
            .first()
            .and_then(|v| StatefulImport::read(v, was))
    }
}

/// `op` on import `id` (the document asks for its id in the path and the query).
pub fn on_import(name: &str, id: &str) -> OpCall {
    op(name)
        .path("statefulMigrationGroupId", id)
        .query("statefulMigrationGroupID", id)
}

pub fn followed() -> Followed<StatefulImport> {
    Followed::load(KEY, 10)
}

/// After a reload: the imports and the deployments followed again (the area's resume hook,
/// registered under both keys).
pub fn resume_with_deployments() {
    super::deploy::resume();
    follow(followed());
}

/// Asks Spot about every followed import still under way.
pub fn follow(jobs: Followed<StatefulImport>) {
    jobs.follow(|client, mut job| async move {
        let call = on_import("get-stateful-import-status", &job.id);
        match ask(client, &call, job.account.as_deref()).await {
            Ok(a) => {
                if let Some(now) = StatefulImport::from_answer(&a, &job) {
                    job = now;
                }
            }
            Err(Unasked::Later(e)) => job.problem = Some(e),
            Err(Unasked::Never(e)) => {
                job.problem = Some(e);
                job.state = "UNKNOWN".into();
            }
        }
        job
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_import_reads_its_state_and_ends_on_spots_final_states() {
        let was = StatefulImport {
            name: "web".into(),
            started: 5,
            ..Default::default()
        };
        let v = json!({"id": "smg-1", "groupId": "sig-1", "instanceId": "i-1", "state": "MIGRATE_AWAIT_USER_ACTION"});
        let job = StatefulImport::read(&v, &was).unwrap();
        assert_eq!(
            (job.group.as_str(), job.name.as_str(), job.started),
            ("sig-1", "web", 5)
        );
        assert!(job.pending() && !job.failed());
        assert_eq!(job.progress(), "step 4 of 12");
        assert_eq!(
            job.state_words(),
            "waiting for you to terminate the original instance"
        );
        let done = StatefulImport {
            state: "MIGRATE_FINISH".into(),
            ..job.clone()
        };
        assert!(!done.pending() && !done.failed());
        let cancelled = StatefulImport {
            state: "MIGRATE_CANCEL".into(),
            ..job
        };
        assert!(!cancelled.pending() && cancelled.failed());
        assert_eq!(StatefulImport::read(&json!({"id": " "}), &was), None);
    }

    #[test]
    fn the_imports_calls_pass_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = crate::api::spot::catalog::Catalog::parse(&text).unwrap();
        let req = on_import("get-stateful-import-status", "smg-1")
            .request(&cat, Some("act-1"))
            .unwrap();
        assert_eq!(
            req.path_and_query(),
            "/aws/ec2/statefulMigrationGroup/smg-1?accountId=act-1&statefulMigrationGroupID=smg-1"
        );
        let terminate = on_import("terminate-stateful-instance-during-import-process", "smg-1")
            .body(json!({"userAction": {"type": "terminate"}}));
        assert!(terminate.request(&cat, Some("act-1")).is_ok());
        assert!(on_import("delete-stateful-import-status", "smg-1")
            .request(&cat, Some("act-1"))
            .is_ok());
    }
}
