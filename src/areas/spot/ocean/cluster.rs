//! One Ocean cluster, whatever its provider: Overview (configuration summary, the controller's
//! heartbeat, the nodes) and Virtual node groups (Spot console's table; launch nodes in a group).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Value};

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{
    tab_enum, tabs, use_call, use_write, ActionButton, Column, DataTable, Followed, Loaded, Tab,
    TimeAgo,
};

use super::super::catalog::{load, waiting};
use super::super::{context, SpotNav};
use super::list::Heartbeat;
use super::rolls::{self, RollBanner, RollJob, RollsTab};
use super::usage::{Costs, Log, RightSizing};
use super::{
    cluster_links, items, ocean_op, op_call, op_request, pick, ready, spot_call, Cat, Cluster,
    ExplorerLinks, Op, Provider,
};

tab_enum!(ClusterTab {
    Overview => ("Overview", ""),
    Groups => ("Virtual node groups", "groups"),
    Rolls => ("Rolls", "rolls"),
    RightSizing => ("Right-sizing", "right-sizing"),
    Costs => ("Costs", "costs"),
    Log => ("Log", "log"),
});

/// What every tab of the page knows.
#[derive(Clone, Copy)]
pub struct Page {
    pub cat: Cat,
    pub provider: Provider,
    pub id: Signal<String>,
    pub account: Signal<Option<String>>,
    /// The cluster's rolls, asked again every second and a half while one runs.
    pub rolls: Loaded<Answer>,
    /// The rolls followed in this tab.
    pub jobs: Followed<RollJob>,
}

impl Page {
    /// The cluster's operation `op` (its path names this cluster) with `query`; `None` until
    /// the catalog is loaded or when the builder refuses the parameters.
    pub fn call(&self, op: Op, query: &[(&str, &str)]) -> Option<crate::api::Call<Answer>> {
        op_call(
            &*ready(self.cat)?,
            self.provider.op(op),
            &[&self.id.get()],
            query,
            self.account.get().as_deref(),
        )
    }
}

#[component]
pub fn OceanCluster() -> impl IntoView {
    let params = use_params_map();
    let provider =
        params.with_untracked(|p| Provider::from_key(&p.get("provider").unwrap_or_default()));
    let Some(provider) = provider else {
        return view! {
            <h1>"Spot"</h1> <SpotNav/>
            <p class="notice">"No Ocean provider is at this address. " <a href="/spot/ocean">"Ocean clusters"</a></p>
        }
        .into_any();
    };
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let tab =
        Memo::new(move |_| ClusterTab::from_path(&params.read().get("tab").unwrap_or_default()));
    let cat: Cat = LocalResource::new(load);
    let account = context::use_account();
    let rolls = use_call(move || {
        op_call(
            &*ready(cat)?,
            provider.op(Op::Rolls),
            &[&id.get()],
            &[],
            account.get().as_deref(),
        )
    });
    let page = Page {
        cat,
        provider,
        id,
        account,
        rolls,
        jobs: rolls::followed(),
    };
    rolls.refresh_while(move |r, _| {
        r.as_ref()
            .ok()
            .is_some_and(|a| {
                items(a)
                    .iter()
                    .any(|v| pick(v, &["status"]).as_deref() == Some("IN_PROGRESS"))
            })
            .then_some(1500)
    });
    rolls::follow(page.jobs);
    let cluster = use_call(move || {
        op_call(
            &*ready(page.cat)?,
            provider.op(Op::Get),
            &[&id.get()],
            &[],
            page.account.get().as_deref(),
        )
    });
    let base = move || {
        format!(
            "/spot/ocean/{}/{}",
            provider.key(),
            crate::api::seg(&id.get())
        )
    };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <p class="crumbs"><a href=move || context::link("/spot/ocean", page.account.get().as_deref())>"Ocean clusters"</a></p>
        <h2 id="ocean-cluster-title">
            <bdi>{move || cluster.ready().and_then(|a| items(&a).first().and_then(|v| pick(v, &["name", "cluster.name"]))).unwrap_or_default()}</bdi>
            " " <small class="muted">{id} " · " {provider.label()}</small>
        </h2>
        {move || waiting(page.cat.get()).err()}
        <RollBanner page=page/>
        {move || tabs::<ClusterTab>(&base(), "Cluster", "ocean-tab")}
        {move || match tab.get() {
            ClusterTab::Overview => view! {
                {cluster.view(move |a| summary(provider, items(&a).into_iter().next().unwrap_or_default()))}
                <Overview page=page/>
            }.into_any(),
            ClusterTab::Groups => view! { <Groups page=page/> }.into_any(),
            ClusterTab::Rolls => view! { <RollsTab page=page/> }.into_any(),
            ClusterTab::RightSizing => view! { <RightSizing page=page/> }.into_any(),
            ClusterTab::Costs => view! { <Costs page=page/> }.into_any(),
            ClusterTab::Log => view! { <Log page=page/> }.into_any(),
        }}
    }
    .into_any()
}

/// The configuration summary: what the operator checks first.
fn summary(provider: Provider, v: Value) -> impl IntoView {
    let Some(c) = Cluster::read(provider, &v) else {
        return view! { <p class="notice">"The answer holds no cluster id."</p> }.into_any();
    };
    let get = |paths: &[&str]| pick(&c.raw, paths).unwrap_or_else(|| "—".into());
    let capacity = format!(
        "minimum {} · target {} · maximum {}",
        get(&["capacity.minimum", "cluster.capacity.minimum"]),
        get(&["capacity.target", "cluster.capacity.target"]),
        get(&["capacity.maximum", "cluster.capacity.maximum"]),
    );
    let image = get(&[
        "compute.launchSpecification.imageId",
        "cluster.compute.launchSpecification.imageId",
        "compute.launchSpecification.sourceImage",
        "virtualNodeGroupTemplate.launchSpecification.osDisk.type",
    ]);
    let subnets = [
        "/compute/subnetIds",
        "/cluster/compute/subnetIds",
        "/compute/availabilityZones",
        "/virtualNodeGroupTemplate/zones",
    ]
    .iter()
    .map(|p| json::strings(c.raw.pointer(p)))
    .find(|s| !s.is_empty())
    .map(|s| s.join(", "))
    .unwrap_or_else(|| "—".into());
    let autoscaler = format!(
        "{} · headroom {}",
        match pick(
            &c.raw,
            &["autoScaler.isEnabled", "cluster.autoScaler.isEnabled"]
        )
        .as_deref()
        {
            Some("true") => "enabled",
            Some("false") => "disabled",
            _ => "not said",
        },
        get(&[
            "autoScaler.headroom.cpuPerUnit",
            "cluster.autoScaler.headroom.cpuPerUnit",
            "autoScaler.autoHeadroomPercentage",
            "autoScaler.headroom.automatic.percentage",
        ]),
    );
    let created = c.created;
    view! {
        <dl class="facts" id="ocean-summary">
            <dt>"Name"</dt><dd><bdi>{c.name.clone()}</bdi></dd>
            <dt>"Region / zones"</dt><dd>{c.region.clone()}</dd>
            <dt>"Controller cluster id"</dt><dd>{get(&["controllerClusterId", "cluster.controllerClusterId", "clusterName", "cluster.clusterName"])}</dd>
            <dt>"Capacity"</dt><dd>{capacity}</dd>
            <dt>"Image"</dt><dd>{image}</dd>
            <dt>"Subnets / zones"</dt><dd>{subnets}</dd>
            <dt>"Autoscaler"</dt><dd>{autoscaler}</dd>
            <dt>"Created"</dt><dd><TimeAgo ms=Signal::derive(move || created)/></dd>
        </dl>
    }
    .into_any()
}

/// One node (or ECS container instance, or AKS VM) in the provider's spelling.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    name: String,
    kind: String,
    lifecycle: String,
    zone: String,
    group: String,
    group_id: String,
    created: Option<i64>,
}

impl Node {
    fn read(v: &Value) -> Node {
        let t = |paths: &[&str]| pick(v, paths).unwrap_or_default();
        Node {
            name: t(&[
                "nodeName",
                "instanceId",
                "vmName",
                "instanceName",
                "containerInstanceId",
            ]),
            kind: t(&["instanceType", "vmSize", "machineType"]),
            lifecycle: t(&["lifeCycle"]),
            zone: t(&["availabilityZone", "zone"]),
            group: t(&["launchSpecName", "virtualNodeGroupName"]),
            group_id: t(&["launchSpecId", "virtualNodeGroupId"]),
            created: pick(v, &["createdAt", "registrationTime"])
                .and_then(|s| crate::time::parse_iso(&s)),
        }
    }
}

/// The heartbeat and the nodes table.
#[component]
fn Overview(page: Page) -> impl IntoView {
    let p = page.provider;
    let nodes = use_call(move || page.call(Op::Nodes, &[]));
    let columns = vec![
        Column::text("Name", |n: &Node| n.name.clone()),
        Column::text("Type", |n: &Node| n.kind.clone()),
        Column::text("Lifecycle", |n: &Node| n.lifecycle.clone()),
        Column::text("Zone", |n: &Node| n.zone.clone()),
        Column::text("Node group", |n: &Node| n.group.clone()),
        Column::view("Age", |n: &Node| {
            let t = n.created;
            view! { <TimeAgo ms=Signal::derive(move || t)/> }
        })
        .sort_by_num(|n| n.created.unwrap_or_default() as f64),
    ];
    let mut ops = vec![Op::Get, Op::Nodes];
    view! {
        {p.has_controller().then(|| {
            ops.push(Op::Heartbeat);
            view! {
                <p id="ocean-heartbeat">"Controller: "
                    {move || view! { <Heartbeat cat=page.cat provider=p id=page.id.get()/> }}
                </p>
            }
        })}
        <h3>{p.nodes_word()}</h3>
        {nodes.view(move |a| {
            let rows: Vec<Node> = items(&a).iter().map(Node::read).collect();
            view! { <DataTable rows=rows columns=columns.clone() id="ocean-nodes" in_url=true empty="No nodes."
                row_key=std::sync::Arc::new(|n: &Node| n.name.clone())/> }
        })}
        <ExplorerLinks calls=cluster_links(page.cat, p, page.id, ops)/>
    }
}

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
fn Groups(page: Page) -> impl IntoView {
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
                <form class="inline-form" id="ocean-launch" on:submit=move |ev| { ev.prevent_default(); send(); }>
                    <label class="field">"Node group"
                        <select id="ocean-launch-group" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {options.iter().map(|(id, label)| {
                                let selected = *id == chosen.get_untracked();
                                view! { <option value=id.clone() selected=selected>{label.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">"How many"
                        <input id="ocean-launch-amount" type="number" min="1" max="20" prop:value=move || amount.get()
                            on:input=move |ev| amount.set(event_target_value(&ev))/>
                    </label>
                    <ActionButton label="Launch nodes" pending=launch.pending() on_click=Callback::new(move |_| send())/>
                </form>
            }
        })}
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
    }
}
