//! Stateful nodes (Spot's managed instances, `/spot/stateful-nodes`, chunk `spot_nodes_area`):
//! the list with each node's state, a node's page ([`page`]: status, pause / resume / recycle,
//! costs, the update with its diff and the delete with its options, [`edit`]), the create
//! through the schema form ([`create`]) and the import
//! of an EC2 instance, followed until its migration ends ([`import`]). Every call is a catalog
//! operation sent through the request builder ([`super::op_call`]), each linked to its explorer
//! page with the same parameters.

mod create;
mod edit;
mod import;
mod page;

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::areas::lazy::{lazy_area, resume_hook};
use crate::ui::{Column, DataTable, StatusBadge, TimeAgo};

use super::context::{link, use_account};
use super::op_call::{use_op, ExplorerLink, OpCall};
use super::SpotNav;
use page::NodePage;

lazy_area!(spot_nodes_area {
    SpotNodesRoute => NodeList,
    SpotNodeRoute => NodePage,
});

resume_hook!(spot_nodes_area, import::resume);

/// Where the followed imports are saved (for the resume hook's registration).
pub const IMPORTS_KEY: &str = import::KEY;

/// `stateful-node-aws/<op>`.
fn op(name: &str) -> OpCall {
    OpCall::new(format!("stateful-node-aws/{name}"))
}

/// An operation on node `id` (the document asks for its id in the path and the query).
fn on_node(name: &str, id: &str) -> OpCall {
    op(name).path("MI_ID", id).query("MI_ID", id)
}

/// A node as listed.
#[derive(Clone, Debug, PartialEq)]
struct Node {
    id: String,
    name: String,
    region: String,
    state: String,
    created: Option<i64>,
    raw: Value,
}

impl Node {
    /// A node as Spot lists it; `None` when its id did not read (no page, no action).
    fn read(v: &Value) -> Option<Node> {
        let t = |k: &str| json::text(&v[k]).or_else(|| json::text(&v["config"][k]));
        Some(Node {
            id: json::text(&v["id"]).filter(|id| !id.trim().is_empty())?,
            name: t("name").unwrap_or_default(),
            region: t("region").unwrap_or_default(),
            state: json::text(&v["state"]).unwrap_or_default(),
            created: json::text(&v["createdAt"]).and_then(|t| crate::time::parse_iso(&t)),
            raw: v.clone(),
        })
    }
}

/// The address of a node's page, in the chosen account.
fn node_href(id: &str, account: Option<&str>) -> String {
    link(
        &format!("/spot/stateful-nodes/{}", crate::api::seg(id)),
        account,
    )
}

/// A state in words for its badge (`PAUSING` → `pausing`; unknown when Spot did not say).
fn state_words(state: &str) -> String {
    match state {
        "" => "unknown".into(),
        s => s.to_lowercase().replace('_', " "),
    }
}

#[component]
pub fn NodeList() -> impl IntoView {
    let account = use_account();
    let version = RwSignal::new(0u32);
    let list = use_op(move || {
        version.track();
        Some(op("list-managed-instances"))
    });
    let columns = StoredValue::new(vec![
        Column::view("Name", move |n: &Node| {
            let href = node_href(&n.id, account.get_untracked().as_deref());
            view! { <a href=href><bdi>{n.name.clone()}</bdi></a> }
        })
        .sort_by_text(|n: &Node| n.name.clone()),
        Column::text("Id", |n: &Node| n.id.clone()),
        Column::text("Region", |n: &Node| n.region.clone()),
        Column::view(
            "State",
            |n: &Node| view! { <StatusBadge status=state_words(&n.state)/> },
        )
        .sort_by_text(|n: &Node| n.state.clone()),
        Column::view("Created", |n: &Node| view! { <TimeAgo ms=n.created/> })
            .sort_by_num(|n: &Node| n.created.unwrap_or(0) as f64),
    ]);
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Stateful nodes"</h2>
        <p class="muted">"Single instances Spot keeps on spot capacity with their volumes and IP: pause, resume and recycle them on their page. "
            <ExplorerLink call=op("list-managed-instances")/></p>
        {list.view(move |answer| {
            let rows: Vec<Node> = answer.items.unwrap_or_default().iter().filter_map(Node::read).collect();
            view! {
                <DataTable
                    id="spot-nodes" in_url=true
                    rows=Signal::derive(move || rows.clone())
                    columns=columns.get_value()
                    search=Arc::new(|n: &Node| format!("{} {} {} {}", n.name, n.id, n.region, n.state))
                    row_key=Arc::new(|n: &Node| n.id.clone())
                    empty="No stateful nodes in this account."
                />
            }
        })}
        <create::CreateNode/>
        <import::Import version=version/>
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::spot::catalog::Catalog;

    /// Every call these screens make passes the builder's checks against Spot's catalog.
    #[test]
    fn the_screens_calls_pass_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        let mut calls = vec![
            op("list-managed-instances"),
            op("create-managed-instance").body(json!({"managedInstance": {"name": "n", "region": "us-east-1"}})),
            op("import-instance-from-aws").body(json!({"migration": {"originalInstanceId": "i-1", "region": "us-east-1",
                "managedInstanceName": "n", "shouldKeepPrivateIp": true, "shouldTerminateInstance": false}})),
            op("get-instance-migration-status").path("MIGRATION_ID", "smg-1").query("MI_ID", "smi-1"),
            on_node("update-managed-instance", "smi-1").body(json!({"managedInstance": {"name": "n", "region": "us-east-1"}})),
            on_node("delete-managed-instance", "smi-1").body(json!({"deallocationConfig": {"shouldTerminateInstance": true}, "amiBackup": {"shouldDeleteImages": false}})),
            on_node("get-managed-instance-costs", "smi-1").query("fromDate", "2024-01-01T00:00:00Z").query("toDate", "2024-01-07T23:59:59Z").query("aggregationPeriod", "daily"),
        ];
        for name in [
            "get-managed-instance",
            "get-managed-instance-status",
            "pause-managed-instance",
            "resume-managed-instance",
            "recycle-managed-instance",
        ] {
            calls.push(on_node(name, "smi-1"));
        }
        for c in calls {
            let req = c.request(&cat, Some("act-1"));
            assert!(req.is_ok(), "{}: {:?}", c.id, req.err());
        }
        let req = on_node("pause-managed-instance", "smi-1")
            .request(&cat, Some("act-1"))
            .unwrap();
        assert_eq!(
            req.path_and_query(),
            "/aws/ec2/managedInstance/smi-1/pause?accountId=act-1&MI_ID=smi-1"
        );
    }
}
