//! A cluster's Overview below its summary: the controller's heartbeat and the nodes (ECS
//! container instances, AKS VMs) with type, lifecycle, zone, node group and age.

use leptos::prelude::*;
use serde_json::Value;

use crate::ui::{use_call, Column, DataTable, TimeAgo};

use super::cluster::Page;
use super::list::Heartbeat;
use super::{cluster_links, items, pick, ExplorerLinks, Op};

/// One node (or ECS container instance, or AKS VM) in the provider's spelling.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    name: String,
    kind: String,
    lifecycle: String,
    zone: String,
    group: String,
    pub group_id: String,
    created: Option<i64>,
}

impl Node {
    pub fn read(v: &Value) -> Node {
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
pub fn Overview(page: Page) -> impl IntoView {
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
        {match p.lacks(Op::Nodes) {
            Some(why) => view! { <p class="notice">{why}</p> }.into_any(),
            None => nodes.view(move |a| {
                let rows: Vec<Node> = items(&a).iter().map(Node::read).collect();
                view! { <DataTable rows=rows columns=columns.clone() id="ocean-nodes" in_url=true empty="No nodes."
                    row_key=std::sync::Arc::new(|n: &Node| n.name.clone())/> }
            }).into_any(),
        }}
        <ExplorerLinks calls=cluster_links(page.cat, p, page.id, ops)/>
    }
}
