//! Ocean clusters across the four providers (AWS Kubernetes, ECS, GKE, AKS) through one
//! component: [`Provider`] is the adapter that names each provider's operations in the catalog
//! and reads its answers' differing field names. Every call goes through the catalog and the
//! request builder ([`op_call`]), and each screen links the operations it uses in the explorer.

mod cluster;
mod cluster_new;
pub(super) mod create;
mod edit;
mod list;
mod nodes;
mod provider;
mod rightsizing;
mod roll_job;
mod rolls;
mod usage;
mod vng;
mod vng_edit;

pub use provider::{Op, Provider};

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

resume_hook!(spot_ocean_area, roll_job::resume);

/// Where the followed rolls are saved (for the resume hook's registration).
pub const ROLLS_KEY: &str = roll_job::KEY;

/// The first text found at any of the (dotted) paths: answers spell a field at the top or inside
/// a `cluster` wrapper depending on the provider and the era.
pub fn pick(v: &Value, paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| {
        let found = p.split('.').try_fold(v, |v, k| v.get(k))?;
        json::text(found).filter(|s| !s.is_empty())
    })
}

/// A number at the first of the (dotted) paths: a number, or a numeric string.
pub fn num(v: &Value, paths: &[&str]) -> Option<f64> {
    paths.iter().find_map(|p| {
        let x = p.split('.').try_fold(v, |v, k| v.get(k))?;
        x.as_f64().or_else(|| json::text(x)?.trim().parse().ok())
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
            .filter(|op| provider.lacks(**op).is_none())
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
