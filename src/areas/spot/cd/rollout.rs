//! An Ocean CD rollout as the console reads it, and following one after an action until Spot
//! has acted on it (it leaves `inProgress`): the shared job panel and the activity center show
//! it, and the area's resume hook asks again after a reload.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::json as lenient;
use crate::api::spot::catalog::Catalog;
use crate::api::spot::envelope;
use crate::api::{ApiKind, Call};
use crate::ui::{Followed, FollowedJob};

use super::super::catalog;
use super::super::context::link;
use super::super::op_call::OpCall;
use super::items;

pub const LIST: &str = "ocean-cd/list-ocean-cd-rollouts";
pub const ACTION: &str = "ocean-cd/ocean-cd-rollout-actions";
pub const VERIFY: &str = "ocean-cd/update-ocean-cd-rollout-external-verification";

/// Where the followed rollouts are saved (for the resume hook's registration).
pub const KEY: &str = "spot.cd.rollouts";

/// A rollout as the list shows it, and as it is followed after an action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rollout {
    pub id: String,
    pub microservice: String,
    pub environment: String,
    pub versions: String,
    pub status: String,
    /// What was asked of it (for a followed one): "rollback", "verification passed"…
    pub asked: String,
    /// The day the list it was read from starts (the follow reads the same list).
    pub from: String,
    pub account: Option<String>,
    pub started: Option<i64>,
    pub problem: Option<String>,
}

impl Rollout {
    pub fn read(v: &Value, from: &str, account: Option<String>) -> Option<Rollout> {
        let t = |k: &str| v.get(k).and_then(lenient::text).unwrap_or_default();
        let id = t("id");
        if id.trim().is_empty() {
            return None;
        }
        Some(Rollout {
            id,
            microservice: t("microservice"),
            environment: t("environment"),
            versions: format!("{} → {}", t("oldVersion"), t("newVersion")),
            status: Some(t("status"))
                .filter(|s| !s.is_empty())
                .unwrap_or("unknown".into()),
            asked: String::new(),
            from: from.into(),
            account,
            started: crate::time::parse_iso(&t("startTime")),
            problem: None,
        })
    }
}

impl FollowedJob for Rollout {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        self.status == "inProgress"
    }

    fn what(&self) -> String {
        format!(
            "Ocean CD rollout {} ({}): {}",
            self.id, self.microservice, self.asked
        )
    }

    fn href(&self) -> String {
        link("/spot/ocean-cd", self.account.as_deref())
    }

    fn started_ms(&self) -> i64 {
        self.started.unwrap_or_default()
    }

    fn state_words(&self) -> String {
        self.status.clone()
    }

    fn failed(&self) -> bool {
        self.status == "failed"
    }
}

pub fn followed() -> Followed<Rollout> {
    Followed::load(KEY, 20)
}

/// After a reload: the followed rollouts asked about again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

pub fn list_call(from: &str) -> OpCall {
    OpCall::new(LIST).query("fromDate", from)
}

/// Asks Spot about each followed rollout until it leaves `inProgress`.
pub fn follow(jobs: Followed<Rollout>) {
    jobs.follow(|client, mut job| async move {
        let req = catalog::load().await.ok().and_then(|cat| {
            list_call(&job.from)
                .request(&cat, job.account.as_deref())
                .ok()
        });
        let Some(req) = req else {
            return job;
        };
        match client
            .send(Call::new(ApiKind::Spot, req, envelope::decode))
            .await
        {
            Ok(a) => {
                if let Some(now) = items(&a).iter().find(|v| v["id"] == job.id.as_str()) {
                    job.status = lenient::text(&now["status"]).unwrap_or(job.status);
                    job.problem = None;
                }
            }
            Err(e) => job.problem = Some(e.summary()),
        }
        job
    });
}

/// The actions the catalog's rollout-action body offers.
pub fn actions(cat: &Catalog) -> Vec<String> {
    let Some(body) = cat.op(ACTION).and_then(|o| o.body.clone()) else {
        return Vec::new();
    };
    let action = cat
        .schema(&cat.schema(&body)["properties"]["action"])
        .clone();
    lenient::strings(action.get("enum"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rollout_reads_its_phase_and_the_catalog_names_its_actions() {
        let v = json!({"id": "rol-1", "microservice": "inventory", "oldVersion": "v1", "newVersion": "v2",
                       "status": "inProgress", "startTime": "2021-11-01T10:00:00.000Z"});
        let r = Rollout::read(&v, "2021-11-01", Some("act-1".into())).unwrap();
        assert!(r.pending());
        assert_eq!(r.versions, "v1 → v2");
        assert!(Rollout::read(&json!({"id": ""}), "", None).is_none());
        let done = Rollout::read(&json!({"id": "rol-2", "status": "failed"}), "", None).unwrap();
        assert!(!done.pending() && done.failed());
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        // The document's era names one action.
        assert_eq!(actions(&cat), ["rollback"]);
    }
}
