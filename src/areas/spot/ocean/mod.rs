//! Ocean clusters across the four providers (AWS Kubernetes, ECS, GKE, AKS) through one
//! component: [`Provider`] is the adapter that names each provider's operations in the catalog
//! and reads its answers' differing field names. Every call goes through the catalog and the
//! request builder ([`op_call`]), and each screen links the operations it uses in the explorer.

mod cluster;
mod list;
mod rolls;
mod usage;

use cluster::OceanCluster;
use list::OceanClusters;

use std::rc::Rc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::catalog::{Catalog, Place};
use crate::api::spot::envelope::{self, Answer};
use crate::api::{ApiKind, Call, Request};

use super::super::lazy::{lazy_area, resume_hook};
use super::context;
use super::op_call::{ExplorerLink, OpCall};

lazy_area!(spot_ocean_area {
    SpotOceanRoute => OceanClusters,
    SpotOceanClusterRoute => OceanCluster,
});

resume_hook!(spot_ocean_area, rolls::resume);

/// Where the followed rolls are saved (for the resume hook's registration).
pub const ROLLS_KEY: &str = rolls::KEY;

/// One Ocean provider: where its operations are in the catalog, and how its answers spell things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Aws,
    Ecs,
    Gke,
    Aks,
}

impl Provider {
    pub const ALL: [Provider; 4] = [Provider::Aws, Provider::Ecs, Provider::Gke, Provider::Aks];

    /// Its segment in the console's addresses.
    pub fn key(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Ecs => "ecs",
            Provider::Gke => "gke",
            Provider::Aks => "aks",
        }
    }

    pub fn from_key(key: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Provider::Aws => "AWS Kubernetes",
            Provider::Ecs => "AWS ECS",
            Provider::Gke => "GKE",
            Provider::Aks => "AKS",
        }
    }

    /// The catalog's slug of this provider's operation `what`.
    pub fn op(self, what: Op) -> &'static str {
        use Op::*;
        use Provider::*;
        match (self, what) {
            (Aws, List) => "ocean-aws/list-clusters",
            (Ecs, List) => "ocean-ecs/list-clusters",
            (Gke, List) => "ocean-gke/list-clusters",
            (Aks, List) => "ocean-aks/list-clusters",
            (Aws, Get) => "ocean-aws/get-cluster",
            (Ecs, Get) => "ocean-ecs/get-cluster",
            (Gke, Get) => "ocean-gke/get-cluster",
            (Aks, Get) => "ocean-aks/get-cluster",
            (Aws, Nodes) => "ocean-aws/get-cluster-nodes",
            (Ecs, Nodes) => "ocean-ecs/get-cluster-container-instances",
            (Gke, Nodes) => "ocean-gke/get-cluster-nodes",
            (Aks, Nodes) => "ocean-aks/get-cluster-nodes",
            // One endpoint serves the three Kubernetes providers; ECS has no controller.
            (Aws | Ecs, Heartbeat) => "ocean-aws/get-heartbeat-status",
            (Gke, Heartbeat) => "ocean-gke/get-heartbeat-status",
            (Aks, Heartbeat) => "ocean-aks/get-heartbeat-status",
            (Aws, Groups) => "ocean-aws/list-virtual-node-groups",
            (Ecs, Groups) => "ocean-ecs/list-vngs",
            (Gke, Groups) => "ocean-gke/list-vngs",
            (Aks, Groups) => "ocean-aks/list-virtual-node-groups",
            (Aws, Launch) => "ocean-aws/launch-nodes-in-vng",
            (Ecs, Launch) => "ocean-ecs/launch-container-instances-in-vng",
            (Gke, Launch) => "ocean-gke/launch-nodes-in-vng",
            (Aks, Launch) => "ocean-aks/launch-vms",
            (Aws, StartRoll) => "ocean-aws/initiate-roll",
            (Ecs, StartRoll) => "ocean-ecs/initiate-roll",
            (Gke, StartRoll) => "ocean-gke/initiate-roll",
            (Aks, StartRoll) => "ocean-aks/initiate-roll",
            (Aws, Rolls) => "ocean-aws/list-rolls",
            (Ecs, Rolls) => "ocean-ecs/list-rolls",
            (Gke, Rolls) => "ocean-gke/list-rolls",
            (Aks, Rolls) => "ocean-aks/list-rolls",
            (Aws, Roll) => "ocean-aws/get-roll",
            (Ecs, Roll) => "ocean-ecs/get-roll",
            (Gke, Roll) => "ocean-gke/get-roll",
            (Aks, Roll) => "ocean-aks/get-roll",
            (Aws, StopRoll) => "ocean-aws/update-roll",
            (Ecs, StopRoll) => "ocean-ecs/update-roll",
            (Gke, StopRoll) => "ocean-gke/update-roll",
            (Aks, StopRoll) => "ocean-aks/update-roll",
            (Aws, RightSizing) => "ocean-aws/fetch-right-sizing-recommendations",
            (Ecs, RightSizing) => "ocean-ecs/get-right-sizing-recommendations",
            (Gke, RightSizing) => "ocean-gke/get-right-sizing-recommendations",
            (Aks, RightSizing) => "ocean-aks/fetch-right-sizing-recommendations",
            (Aws, Log) => "ocean-aws/fetch-elastilog",
            (Ecs, Log) => "ocean-ecs/fetch-elastilog",
            (Gke, Log) => "ocean-gke/get-elastilog",
            // The cost endpoint is Kubernetes', listed under AWS and GKE.
            (Aws | Aks, Costs) => "ocean-aws/get-cluster-costs",
            (Gke, Costs) => "ocean-gke/get-cluster-costs",
            // What the document has no operation for (see `lacks`).
            (Aks, Log) | (Ecs, Costs) => "",
        }
    }

    /// Why this provider has no operation `what`, when it has none.
    pub fn lacks(self, what: Op) -> Option<&'static str> {
        match (self, what) {
            (Provider::Aks, Op::Log) => {
                Some("Spot's document has no Elastilog operation for AKS clusters.")
            }
            (Provider::Ecs, Op::Costs) => Some(
                "Spot's cost endpoint is for Kubernetes clusters; the document has none for ECS.",
            ),
            _ => None,
        }
    }

    /// Whether its clusters run Spot's Kubernetes controller (whose heartbeat is shown).
    pub fn has_controller(self) -> bool {
        self != Provider::Ecs
    }

    /// The body that starts a roll: the whole cluster, or the node groups, or the instances
    /// (each provider names the lists its own way).
    pub fn roll_body(
        self,
        size: u32,
        comment: &str,
        groups: &[String],
        instances: &[String],
    ) -> Value {
        let mut roll = serde_json::json!({"batchSizePercentage": size});
        if !comment.trim().is_empty() {
            roll["comment"] = comment.trim().into();
        }
        let (group_key, instance_key) = match self {
            Provider::Aks => ("virtualNodeGroupIds", "vmNames"),
            Provider::Gke => ("launchSpecIds", "instanceNames"),
            _ => ("launchSpecIds", "instanceIds"),
        };
        if !groups.is_empty() {
            roll[group_key] = groups.into();
        } else if !instances.is_empty() {
            roll[instance_key] = instances.into();
        }
        serde_json::json!({ "roll": roll })
    }

    /// The body that stops a roll.
    pub fn stop_body(self) -> Value {
        match self {
            Provider::Aws | Provider::Aks => serde_json::json!({"roll": {"status": "STOPPED"}}),
            Provider::Ecs | Provider::Gke => serde_json::json!({"status": "STOPPED"}),
        }
    }

    /// What its nodes are called.
    pub fn nodes_word(self) -> &'static str {
        match self {
            Provider::Ecs => "Container instances",
            Provider::Aks => "VMs",
            _ => "Nodes",
        }
    }
}

/// The operations the Ocean screens use, per provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    List,
    Get,
    Nodes,
    Heartbeat,
    Groups,
    Launch,
    StartRoll,
    Rolls,
    Roll,
    StopRoll,
    RightSizing,
    Log,
    Costs,
}

/// The first text found at any of the (dotted) paths: answers spell a field at the top or inside
/// a `cluster` wrapper depending on the provider and the era.
pub fn pick(v: &Value, paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| {
        let found = p.split('.').try_fold(v, |v, k| v.get(k))?;
        json::text(found).filter(|s| !s.is_empty())
    })
}

/// A cluster as the list and the page show it, whatever its provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub provider: Provider,
    pub id: String,
    pub name: String,
    pub region: String,
    pub created: Option<i64>,
    pub raw: Value,
}

impl Cluster {
    pub fn read(provider: Provider, v: &Value) -> Option<Cluster> {
        let id = pick(v, &["id", "cluster.id"])?;
        Some(Cluster {
            provider,
            name: pick(v, &["name", "cluster.name", "aks.name"]).unwrap_or_default(),
            region: pick(
                v,
                &[
                    "region",
                    "cluster.region",
                    "gke.location",
                    "gke.zone",
                    "aks.region",
                ],
            )
            .or_else(|| {
                let zones = json::strings(
                    v.pointer("/compute/availabilityZones")
                        .or_else(|| v.pointer("/virtualNodeGroupTemplate/zones")),
                );
                (!zones.is_empty()).then(|| zones.join(", "))
            })
            .unwrap_or_default(),
            created: pick(v, &["createdAt", "cluster.createdAt"])
                .and_then(|t| crate::time::parse_iso(&t)),
            id,
            raw: v.clone(),
        })
    }

    /// The cluster page's address.
    pub fn href(&self, account: Option<&str>) -> String {
        context::link(
            &format!("/spot/ocean/{}/{}", self.provider.key(), seg(&self.id)),
            account,
        )
    }
}

/// One path segment, encoded.
fn seg(s: &str) -> String {
    crate::api::seg(s)
}

/// Operation `slug` as an [`OpCall`]: path parameters given in the template's order (each
/// provider names them its own way: `oceanClusterId`, `clusterIdentifier`, `ROLL_ID`,
/// `clusterRollId`…), query parameters by name.
pub fn ocean_op(cat: &Catalog, slug: &str, path: &[&str], query: &[(&str, &str)]) -> OpCall {
    let mut call = OpCall::new(slug);
    let names = cat
        .op(slug)
        .map(|op| {
            op.params
                .iter()
                .filter(|p| p.place == Place::Path)
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for (name, v) in names.iter().zip(path) {
        call = call.path(name, *v);
    }
    for (k, v) in query {
        call = call.query(k, *v);
    }
    call
}

/// The request of [`ocean_op`] with an optional body, through the builder, in `account`;
/// `None` when the builder refuses it (the screens pass only what they read).
pub fn op_request(
    cat: &Catalog,
    slug: &str,
    path: &[&str],
    query: &[(&str, &str)],
    body: Option<Value>,
    account: Option<&str>,
) -> Option<Request> {
    let mut call = ocean_op(cat, slug, path, query);
    if let Some(b) = body {
        call = call.body(b);
    }
    call.request(cat, account).ok()
}

/// A read of [`ocean_op`], answered as Spot's envelope.
pub fn op_call(
    cat: &Catalog,
    slug: &str,
    path: &[&str],
    query: &[(&str, &str)],
    account: Option<&str>,
) -> Option<Call<Answer>> {
    op_request(cat, slug, path, query, None, account).map(spot_call)
}

pub fn spot_call(req: Request) -> Call<Answer> {
    Call::new(ApiKind::Spot, req, envelope::decode)
}

/// The items of an answer (`response.items`, or the answer itself when it is one object).
pub fn items(a: &Answer) -> Vec<Value> {
    match (&a.items, &a.json) {
        (Some(items), _) => items.clone(),
        (None, Some(v @ Value::Object(_))) => vec![v.clone()],
        _ => Vec::new(),
    }
}

/// The catalog, loaded for this page.
pub type Cat = LocalResource<Result<Rc<Catalog>, String>>;

/// The catalog when it has arrived.
pub fn ready(cat: Cat) -> Option<Rc<Catalog>> {
    cat.get()?.ok()
}

/// "Open in explorer" for each operation a screen uses, with the same parameters.
#[component]
pub fn ExplorerLinks(#[prop(into)] calls: Signal<Vec<OpCall>>) -> impl IntoView {
    view! {
        <ul class="muted explorer-links">
            {move || calls.get().into_iter().map(|c| {
                let id = c.id.clone();
                view! { <li><code>{id}</code> " " <ExplorerLink call=c/></li> }
            }).collect_view()}
        </ul>
    }
}

/// The explorer links of a cluster's operations `ops` (each on the cluster), once the catalog is in.
pub fn cluster_links(
    cat: Cat,
    provider: Provider,
    id: Signal<String>,
    ops: Vec<Op>,
) -> Signal<Vec<OpCall>> {
    Signal::derive(move || {
        let Some(c) = ready(cat) else {
            return Vec::new();
        };
        let id = id.get();
        ops.iter()
            .map(|op| ocean_op(&c, provider.op(*op), &[&id], &[]))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_provider_reads_its_own_cluster_shape() {
        let aws = json!({"id": "o-1", "name": "prod-eks", "region": "us-east-1", "createdAt": "2021-11-01T00:00:00.000Z"});
        let c = Cluster::read(Provider::Aws, &aws).unwrap();
        assert_eq!(
            (c.name.as_str(), c.region.as_str()),
            ("prod-eks", "us-east-1")
        );
        assert!(c.created.is_some());
        let gke = json!({"id": "o-2", "name": "g", "compute": {"availabilityZones": ["us-central1-a", "us-central1-b"]}});
        assert_eq!(
            Cluster::read(Provider::Gke, &gke).unwrap().region,
            "us-central1-a, us-central1-b"
        );
        let wrapped = json!({"cluster": {"id": "o-3", "name": "e", "region": "us-west-2"}});
        assert_eq!(Cluster::read(Provider::Ecs, &wrapped).unwrap().name, "e");
        assert_eq!(
            Cluster::read(Provider::Aks, &json!({"name": "no id"})),
            None
        );
        assert_eq!(c.href(Some("act-1")), "/spot/ocean/aws/o-1?account=act%2D1");
    }
}
