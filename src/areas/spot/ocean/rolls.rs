//! Rolls of an Ocean cluster: start one (batch size, the whole cluster or some node groups or
//! instances, a comment), follow it batch by batch with the shared job panel until it is final,
//! stop it. Spot runs one roll at a time per cluster: the rule is said before the form, and a
//! running roll is a banner with Stop on every tab of the cluster.

use leptos::prelude::*;

use crate::api::spot::envelope::Answer;
use crate::api::Request;
use crate::ui::{
    use_write_then, ActionButton, Column, DataTable, Field, JobPanel, StatusBadge, TimeAgo,
};

use super::cluster::Page;
use super::roll_job::{running, RollJob};
use super::{cluster_links, items, op_request, ready, spot_call, ExplorerLinks, Op};

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
            view! { <DataTable rows=rows columns=history.clone() id="ocean-rolls" in_url=true empty="No rolls yet."
                row_key=std::sync::Arc::new(|r: &RollJob| r.id.clone())/> }
        })}
        <ExplorerLinks calls=cluster_links(page.cat, p, page.id, vec![Op::StartRoll, Op::Rolls, Op::Roll, Op::StopRoll])/>
    }
}
