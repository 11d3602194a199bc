//! Every Ocean cluster of the account in one table, whatever its provider: one list read per
//! provider (each with its own loading, error and Retry), then a heartbeat and a node count per
//! cluster.

use leptos::prelude::*;

use crate::ui::{use_call, Column, DataTable, StatusBadge, TimeAgo};

use super::super::catalog::{load, waiting};
use super::super::{context, SpotNav};
use super::cluster_new::NewCluster;
use super::{items, ocean_op, op_call, pick, ready, Cat, Cluster, ExplorerLinks, Op, Provider};

#[component]
pub fn OceanClusters() -> impl IntoView {
    let cat: Cat = LocalResource::new(load);
    let account = context::use_account();
    let lists = Provider::ALL.map(|p| {
        let read = use_call(move || {
            op_call(
                &*ready(cat)?,
                p.op(Op::List),
                &[],
                &[],
                account.get().as_deref(),
            )
        });
        (p, read)
    });
    let rows = Signal::derive(move || {
        lists
            .iter()
            .flat_map(|(p, read)| {
                let answer = read.ready();
                answer
                    .map(|a| items(&a))
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|v| Cluster::read(*p, v))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::view("Name", move |c: &Cluster| {
            let href = c.href(account.get_untracked().as_deref());
            view! { <a href=href class="ocean-cluster"><bdi>{c.name.clone()}</bdi></a> }
        })
        .sort_by_text(|c| c.name.clone()),
        Column::text("Id", |c: &Cluster| c.id.clone()),
        Column::text("Provider", |c: &Cluster| c.provider.label().to_string()),
        Column::text("Region / zones", |c: &Cluster| c.region.clone()),
        Column::view("Controller", move |c: &Cluster| {
            view! { <Heartbeat cat=cat provider=c.provider id=c.id.clone()/> }
        }),
        Column::view("Nodes", move |c: &Cluster| {
            view! { <NodeCount cat=cat provider=c.provider id=c.id.clone()/> }
        }),
        Column::view("Created", |c: &Cluster| {
            let t = c.created;
            view! { <TimeAgo ms=Signal::derive(move || t)/> }
        })
        .sort_by_num(|c| c.created.unwrap_or_default() as f64),
    ];
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Ocean clusters"</h2>
        {move || waiting(cat.get()).err()}
        <ul class="ocean-sources" id="ocean-sources">
            {lists.map(|(p, read)| view! {
                <li data-provider=p.key()>{p.label()} ": "
                    {read.view(move |a| {
                        let n = items(&a).len();
                        format!("{n} cluster{}", if n == 1 { "" } else { "s" })
                    })}
                </li>
            }).into_iter().collect_view()}
        </ul>
        <DataTable rows=rows columns=columns id="ocean-clusters" in_url=true
            empty="No Ocean cluster in this account."
            row_key=std::sync::Arc::new(|c: &Cluster| c.id.clone())/>
        <ExplorerLinks calls=Signal::derive(move || {
            ready(cat).map(|c| Provider::ALL.map(|p| ocean_op(&c, p.op(Op::List), &[], &[])).to_vec()).unwrap_or_default()
        })/>
        <NewCluster cat=cat made=Callback::new(move |p: Provider| {
            if let Some((_, read)) = lists.iter().find(|(q, _)| *q == p) {
                read.refetch();
            }
        })/>
    }
}

/// The controller's heartbeat as a badge, with when it was last seen.
#[component]
pub fn Heartbeat(cat: Cat, provider: Provider, id: String) -> impl IntoView {
    if !provider.has_controller() {
        let words = match provider {
            Provider::Ecs => "no controller (ECS)",
            _ => "not reported",
        };
        return view! { <span class="muted">{words}</span> }.into_any();
    }
    let account = context::use_account();
    let read = use_call(move || {
        op_call(
            &*ready(cat)?,
            provider.op(Op::Heartbeat),
            &[&id],
            &[],
            account.get().as_deref(),
        )
    });
    view! {
        <span class="ocean-heartbeat">{move || match read.get() {
            None => view! { "…" }.into_any(),
            Some(Err(e)) => view! { <span class="muted" title=e.summary()>"could not be read"</span> }.into_any(),
            Some(Ok(a)) => {
                let beat = items(&a).into_iter().next().unwrap_or_default();
                let status = pick(&beat, &["status"]).unwrap_or_else(|| "unknown".into());
                let seen = pick(&beat, &["lastHeartbeat"]).and_then(|t| crate::time::parse_iso(&t));
                view! {
                    <StatusBadge status=status/> " last seen " <TimeAgo ms=Signal::derive(move || seen)/>
                }
                .into_any()
            }
        }}</span>
    }
    .into_any()
}

/// How many nodes the cluster has.
#[component]
fn NodeCount(cat: Cat, provider: Provider, id: String) -> impl IntoView {
    if provider.lacks(Op::Nodes).is_some() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    let account = context::use_account();
    let read = use_call(move || {
        op_call(
            &*ready(cat)?,
            provider.op(Op::Nodes),
            &[&id],
            &[],
            account.get().as_deref(),
        )
    });
    view! {
        <span class="ocean-nodes">{move || match read.get() {
            None => "…".to_string(),
            Some(Err(_)) => "could not be read".into(),
            Some(Ok(a)) => items(&a).len().to_string(),
        }}</span>
    }
    .into_any()
}
