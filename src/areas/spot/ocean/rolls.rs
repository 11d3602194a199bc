//! Rolls of an Ocean cluster: start one (batch size, the whole cluster or some node groups or
//! instances, a comment), follow it batch by batch with the shared job panel until it is final,
//! stop it. Spot runs one roll at a time per cluster: the rule is said before the form, and a
//! running roll is a banner with Stop on every tab of the cluster.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::api::Request;
use crate::ui::{
    use_write_then, ActionButton, Column, DataTable, Field, Followed, FollowedJob, JobPanel,
    StatusBadge, TimeAgo,
};

use super::super::catalog;
use super::cluster::Page;
use super::{
    cluster_links, items, op_call, op_request, pick, ready, spot_call, ExplorerLinks, Op, Provider,
};

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

/// The running roll with Stop, above every tab of the cluster.
#[component]
pub fn RollBanner(page: Page) -> impl IntoView {
    let stop = use_write_then(
        |req: &Request| spot_call(req.clone()),
        move |r: &Result<Answer, _>| {
            if r.is_ok() {
                page.rolls.refetch();
            }
        },
    );
    let send_stop = move |roll: String| {
        let p = page.provider;
        let req = ready(page.cat).and_then(|cat| {
            op_request(
                &cat,
                p.op(Op::StopRoll),
                &[&page.id.get_untracked(), &roll],
                &[],
                Some(p.stop_body()),
                page.account.get_untracked().as_deref(),
            )
        });
        if let Some(req) = req {
            stop.send(req);
        }
    };
    view! {
        {move || running(&page).map(|r| {
            let id = r.id.clone();
            view! {
                <div class="notice busy" role="status" id="ocean-roll-banner">
                    <p>"Roll " <code>{r.id.clone()}</code> " is running: " {r.progress_words()}
                        ". Spot starts no other roll on this cluster until it ends or is stopped."</p>
                    <ActionButton label="Stop the roll" danger=true pending=stop.pending() id="ocean-roll-stop"
                        on_click=Callback::new(move |_| send_stop(id.clone()))/>
                </div>
            }
        })}
        {stop.view(|_| view! { <p class="notice ok" id="ocean-roll-stopped">"Spot accepted the stop."</p> })}
    }
}

/// Comma or newline separated ids.
fn list_of(text: &str) -> Vec<String> {
    text.split([',', '\n', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Start a roll, follow it, and the cluster's earlier rolls.
#[component]
pub fn RollsTab(page: Page) -> impl IntoView {
    let p = page.provider;
    let size = RwSignal::new("50".to_string());
    let groups = RwSignal::new(String::new());
    let instances = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let start = use_write_then(
        |req: &Request| spot_call(req.clone()),
        move |r: &Result<Answer, _>| {
            if let Ok(a) = r {
                let cluster = page.id.get_untracked();
                let account = page.account.get_untracked();
                if let Some(job) = items(a)
                    .first()
                    .and_then(|v| RollJob::read(p, &cluster, account, v))
                {
                    page.jobs.add(job);
                }
            }
            page.rolls.refetch();
        },
    );
    let send = move || {
        let Ok(n) = size.get_untracked().trim().parse::<u32>() else {
            problem.set(Some(
                "The batch size is a whole number of percent, 1 to 100.".into(),
            ));
            return;
        };
        if !(1..=100).contains(&n) {
            problem.set(Some(
                "The batch size is a whole number of percent, 1 to 100.".into(),
            ));
            return;
        }
        problem.set(None);
        let body = p.roll_body(
            n,
            &comment.get_untracked(),
            &list_of(&groups.get_untracked()),
            &list_of(&instances.get_untracked()),
        );
        let req = ready(page.cat).and_then(|cat| {
            op_request(
                &cat,
                p.op(Op::StartRoll),
                &[&page.id.get_untracked()],
                &[],
                Some(body),
                page.account.get_untracked().as_deref(),
            )
        });
        if let Some(req) = req {
            start.send(req);
        }
    };
    let columns = vec![
        Column::view("Roll", |r: &RollJob| view! { <code>{r.id.clone()}</code> }),
        Column::view("Status", |r: &RollJob| {
            let s = r.status.clone();
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Progress", RollJob::progress_words),
        Column::text("Cluster", |r: &RollJob| r.cluster.clone()),
        Column::text("Last check", |r: &RollJob| {
            r.problem.clone().unwrap_or_else(|| "ok".into())
        }),
    ];
    let history = vec![
        Column::view("Roll", |r: &RollJob| view! { <code>{r.id.clone()}</code> }),
        Column::view("Status", |r: &RollJob| {
            let s = r.status.clone();
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Progress", RollJob::progress_words),
        Column::text("Comment", |r: &RollJob| r.comment.clone()),
        Column::view("Started", |r: &RollJob| {
            let t = r.created;
            view! { <TimeAgo ms=Signal::derive(move || t)/> }
        }),
    ];
    view! {
        <p class="notice" id="ocean-roll-rule">
            "One roll at a time: while a roll of this cluster runs, Spot refuses to start another "
            "(\"Can't have 2 Rolls at the same time\"). Stop the running roll first, or wait for it to end."
        </p>
        <form class="spot-op" id="ocean-roll-form" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <Field label="Batch size (% of the nodes replaced at once)" value=size id="ocean-roll-size"
                input_type="number" min="1" max="100" error=Signal::derive(move || problem.get())/>
            <Field label="Only these node groups (ids, comma separated; empty: the whole cluster)" value=groups id="ocean-roll-groups"/>
            <Field label="Or only these instances (used when no node group is given)" value=instances id="ocean-roll-instances"/>
            <Field label="Comment" value=comment id="ocean-roll-comment"/>
            <ActionButton label="Start the roll" pending=start.pending() id="ocean-roll-start"
                on_click=Callback::new(move |_| send())/>
        </form>
        <div id="ocean-roll-outcome">
            {start.view(|a| view! { <p class="notice ok">{format!("Spot started the roll ({} reported).", items(&a).len())}</p> })}
        </div>
        <JobPanel jobs=page.jobs columns=columns title="Rolls followed in this tab"
            empty="No roll followed yet: a roll started here is followed batch by batch." id="ocean-roll-jobs"/>
        <h3>"This cluster's rolls"</h3>
        {page.rolls.view(move |a| {
            let rows: Vec<RollJob> = items(&a)
                .iter()
                .filter_map(|v| RollJob::read(p, &page.id.get_untracked(), None, v))
                .collect();
            view! { <DataTable rows=rows columns=history.clone() id="ocean-rolls" empty="No rolls yet."
                row_key=std::sync::Arc::new(|r: &RollJob| r.id.clone())/> }
        })}
        <ExplorerLinks calls=cluster_links(page.cat, p, page.id, vec![Op::StartRoll, Op::Rolls, Op::Roll, Op::StopRoll])/>
    }
}
