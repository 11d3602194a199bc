//! A cluster's virtual node groups: the table Spot's console shows, launching nodes in a
//! group, and (in `vng_edit`) creating, importing, editing and deleting groups.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::json;
use crate::ui::{use_call, use_write, ActionButton, Column, DataTable, Field};

use super::cluster::Page;
use super::nodes::Node;
use super::vng_edit::GroupActions;
use super::{
    items, ocean_op, op_call, op_request, pick, ready, spot_call, ExplorerLinks, Op, Provider,
};

/// A virtual node group as Spot's console lists it.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    id: String,
    name: String,
    resources: String,
    labels: String,
    taints: String,
    tags: String,
    max_nodes: String,
}

impl Group {
    fn read(v: &Value) -> Option<Group> {
        let v = v.get("virtualNodeGroup").unwrap_or(v);
        let pairs = |key: &str| {
            json::objects(v.get(key))
                .iter()
                .map(|o| {
                    let k = pick(o, &["key"]).unwrap_or_default();
                    match (pick(o, &["value"]), pick(o, &["effect"])) {
                        (Some(val), Some(e)) => format!("{k}={val}:{e}"),
                        (Some(val), None) => format!("{k}={val}"),
                        (None, _) => k,
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let types = json::strings(v.get("instanceTypes").or_else(|| v.get("vmSizes")));
        let spot = pick(
            v,
            &["strategy.spotPercentage", "strategy.preemptiblePercentage"],
        );
        Some(Group {
            id: pick(v, &["id"])?,
            name: pick(v, &["name"]).unwrap_or_default(),
            resources: [
                (!types.is_empty()).then(|| types.join(", ")),
                spot.map(|s| format!("{s}% spot")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
            labels: pairs("labels"),
            taints: pairs("taints"),
            tags: json::objects(v.get("tags"))
                .iter()
                .map(|o| {
                    format!(
                        "{}={}",
                        pick(o, &["tagKey", "key"]).unwrap_or_default(),
                        pick(o, &["tagValue", "value"]).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            max_nodes: pick(
                v,
                &[
                    "resourceLimits.maxInstanceCount",
                    "autoScale.resourceLimits.maxInstanceCount",
                ],
            )
            .unwrap_or_else(|| "—".into()),
        })
    }
}

/// The node groups table, with the nodes each runs, and "Launch nodes".
#[component]
pub fn Groups(page: Page) -> impl IntoView {
    let p = page.provider;
    let groups = use_call(move || {
        let id = page.id.get();
        // ECS lists every group of the account; the others take the cluster.
        let query: &[(&str, &str)] = if p == Provider::Ecs {
            &[]
        } else {
            &[("oceanId", &id)]
        };
        op_call(
            &*ready(page.cat)?,
            p.op(Op::Groups),
            &[],
            query,
            page.account.get().as_deref(),
        )
    });
    let nodes = use_call(move || page.call(Op::Nodes, &[]));
    let launch = use_write(|req: &crate::api::Request| spot_call(req.clone()));
    let chosen = RwSignal::new(String::new());
    let amount = RwSignal::new("1".to_string());
    let send = move || {
        let (Some(cat), Ok(n)) = (
            ready(page.cat),
            amount.get_untracked().trim().parse::<u32>(),
        ) else {
            return;
        };
        let body = json!({"launchRequest": {"amount": n}});
        if let Some(req) = op_request(
            &cat,
            p.op(Op::Launch),
            &[&chosen.get_untracked()],
            &[],
            Some(body),
            page.account.get_untracked().as_deref(),
        ) {
            launch.send(req);
        }
    };
    // The nodes table moves when a launch is answered.
    Effect::new(move |_| {
        if launch.done().is_some_and(|r| r.is_ok()) {
            nodes.refetch();
        }
    });
    let running = move |g: &Group| {
        let id = g.id.clone();
        nodes.ready().map(|a| {
            items(&a)
                .iter()
                .map(Node::read)
                .filter(|n| n.group_id == id)
                .count()
        })
    };
    let columns = vec![
        Column::text("Id", |g: &Group| g.id.clone()),
        Column::view("Name", |g: &Group| view! { <bdi>{g.name.clone()}</bdi> })
            .sort_by_text(|g| g.name.clone()),
        Column::text("Resource allocation", |g: &Group| g.resources.clone()),
        Column::view("Nodes", move |g: &Group| {
            let g = g.clone();
            view! { <span class="vng-nodes">{move || running(&g).map(|n| n.to_string()).unwrap_or_else(|| "…".into())}</span> }
        }),
        Column::text("Labels", |g: &Group| g.labels.clone()),
        Column::text("Taints", |g: &Group| g.taints.clone()),
        Column::text("Tags", |g: &Group| g.tags.clone()),
        Column::text("Max nodes", |g: &Group| g.max_nodes.clone()),
    ];
    view! {
        {groups.view(move |a| {
            let id = page.id.get_untracked();
            let rows: Vec<Group> = items(&a)
                .iter()
                .filter(|v| pick(v, &["oceanId", "virtualNodeGroup.oceanId"]).is_none_or(|o| o == id))
                .filter_map(Group::read)
                .collect();
            if chosen.get_untracked().is_empty() {
                if let Some(first) = rows.first() {
                    chosen.set(first.id.clone());
                }
            }
            let options = rows.iter().map(|g| (g.id.clone(), format!("{} ({})", g.name, g.id))).collect::<Vec<_>>();
            view! {
                <DataTable rows=rows columns=columns.clone() id="ocean-groups" in_url=true empty="No virtual node groups."
                    row_key=std::sync::Arc::new(|g: &Group| g.id.clone())/>
                <label class="field">"Node group"
                    <select id="ocean-launch-group" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {options.iter().map(|(id, label)| {
                            let selected = *id == chosen.get_untracked();
                            view! { <option value=id.clone() selected=selected>{label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })}
        <form class="inline-form" id="ocean-launch" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <Field label="How many" value=amount id="ocean-launch-amount" input_type="number" min="1" max="20"/>
            <ActionButton label="Launch nodes" pending=launch.pending() on_click=Callback::new(move |_| send())/>
        </form>
        {launch.view(move |a| view! {
            <p class="notice ok" id="ocean-launched">{format!("Spot accepted the launch ({} node(s) reported).", items(&a).len())}</p>
        })}
        <ExplorerLinks calls=Signal::derive(move || {
            let (Some(c), id) = (ready(page.cat), page.id.get()) else { return Vec::new() };
            vec![
                ocean_op(&c, p.op(Op::Groups), &[], &[("oceanId", &id)]),
                ocean_op(&c, p.op(Op::Launch), &[&chosen.get()], &[]),
                ocean_op(&c, p.op(Op::Nodes), &[&id], &[]),
            ]
        })/>
        <GroupActions page=page chosen=chosen groups=groups nodes=nodes/>
    }
}
