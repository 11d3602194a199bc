//! A roll as the tab follows it: read from Spot's answers, checked until it is final (also
//! after a reload, through the area's resume hook), and the cluster's running roll.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::json;
use leptos::prelude::Get;

use crate::ui::{Followed, FollowedJob};

use super::super::catalog;
use super::cluster::Page;
use super::{items, op_call, pick, Op, Provider};

/// A roll followed until it is final.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RollJob {
    pub id: String,
    pub provider: String,
    pub cluster: String,
    pub account: Option<String>,
    pub status: String,
    pub batch: u64,
    pub batches: u64,
    pub progress: u64,
    pub comment: String,
    pub created: Option<i64>,
    /// Why the last check failed, if it did.
    pub problem: Option<String>,
}

impl FollowedJob for RollJob {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        self.status == "IN_PROGRESS"
    }

    fn what(&self) -> String {
        format!("Roll {} of Ocean cluster {}", self.id, self.cluster)
    }

    fn href(&self) -> String {
        let path = format!(
            "/spot/ocean/{}/{}/rolls",
            crate::api::seg(&self.provider),
            crate::api::seg(&self.cluster)
        );
        super::context::link(&path, self.account.as_deref())
    }

    fn started_ms(&self) -> i64 {
        self.created.unwrap_or_default()
    }

    fn progress(&self) -> String {
        self.progress_words()
    }

    fn state_words(&self) -> String {
        self.status.to_lowercase().replace('_', " ")
    }

    fn failed(&self) -> bool {
        self.status == "FAILED" || self.status == "STOPPED"
    }
}

impl RollJob {
    /// A roll as Spot reports it (`Get Roll`, `List Rolls`, `Initiate Roll`).
    pub fn read(
        provider: Provider,
        cluster: &str,
        account: Option<String>,
        v: &Value,
    ) -> Option<RollJob> {
        let num = |k: &str| v.get(k).and_then(json::uint).unwrap_or_default();
        Some(RollJob {
            id: pick(v, &["id"])?,
            provider: provider.key().into(),
            cluster: cluster.into(),
            account,
            status: pick(v, &["status"]).unwrap_or_else(|| "unknown".into()),
            batch: num("currentBatch"),
            batches: num("numOfBatches"),
            progress: v
                .pointer("/progress/value")
                .and_then(json::uint)
                .unwrap_or_default(),
            comment: pick(v, &["comment"]).unwrap_or_default(),
            created: pick(v, &["createdAt"]).and_then(|t| crate::time::parse_iso(&t)),
            problem: None,
        })
    }

    /// "batch 2 of 4 · 25%".
    pub fn progress_words(&self) -> String {
        format!(
            "batch {} of {} · {}%",
            self.batch, self.batches, self.progress
        )
    }
}

/// The rolls this tab follows (kept for the tab, like every followed job).
pub fn followed() -> Followed<RollJob> {
    Followed::load(KEY, 20)
}

/// Where the followed rolls are saved (for the resume hook's registration).
pub const KEY: &str = "spot.ocean.rolls";

/// After a reload: the rolls followed again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

/// Asks Spot about every followed roll that is still running (each check loads the catalog
/// first, from memory after the first time, so a resume after a reload needs no page).
pub fn follow(jobs: Followed<RollJob>) {
    jobs.follow(|client, mut job| async move {
        let Some(provider) = Provider::from_key(&job.provider) else {
            job.status = "unknown".into();
            return job;
        };
        let call = catalog::load().await.ok().and_then(|cat| {
            op_call(
                &cat,
                provider.op(Op::Roll),
                &[&job.cluster, &job.id],
                &[],
                job.account.as_deref(),
            )
        });
        let Some(call) = call else {
            return job;
        };
        match client.send(call).await {
            Ok(a) => {
                let now = items(&a)
                    .first()
                    .and_then(|v| RollJob::read(provider, &job.cluster, job.account.clone(), v));
                if let Some(now) = now {
                    job = now;
                }
            }
            Err(e) => job.problem = Some(e.summary()),
        }
        job
    });
}

/// The roll of the cluster that is running, if one is.
pub fn running(page: &Page) -> Option<RollJob> {
    let a = page.rolls.ready()?;
    items(&a)
        .iter()
        .filter_map(|v| RollJob::read(page.provider, &page.id.get(), page.account.get(), v))
        .find(FollowedJob::pending)
}
