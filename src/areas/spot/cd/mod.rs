//! Ocean CD (`/spot/ocean-cd`, its own chunk): rollouts with their phase, the document's
//! rollout action and external verifications (confirmed, then followed until the rollout
//! answers them); and Ocean CD's five kinds of entity — clusters, environments,
//! microservices, notification providers, rollout specs — each a list, a page, a create form
//! from the schema, an update with the diff before it (PUT or PATCH where the document has
//! both) and a typed delete, through one adapter ([`Kind`]). Every call is a catalog operation
//! ([`super::op_call`]), each linked in the explorer.

mod entity;
mod list;
mod rollout;
mod rollouts;

use entity::Entity;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{tab_enum, tabs, Tab};

use super::super::lazy::{lazy_area, resume_hook};
use super::SpotNav;

lazy_area!(spot_cd_area {
    SpotCdRoute => OceanCd,
    SpotCdEntityRoute => Entity,
});

resume_hook!(spot_cd_area, rollout::resume);

/// Where the followed rollouts are saved (for the resume hook's registration).
pub const ROLLOUTS_KEY: &str = rollout::KEY;

tab_enum!(CdTab {
    Rollouts => ("Rollouts", ""),
    Clusters => ("Clusters", "clusters"),
    Environments => ("Environments", "environments"),
    Microservices => ("Microservices", "microservices"),
    Providers => ("Notification providers", "notification-providers"),
    Specs => ("Rollout specs", "rollout-specs"),
});

/// One kind of Ocean CD entity: its operations in the catalog and how its answers name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Cluster,
    Environment,
    Microservice,
    Provider,
    Spec,
}

/// What the screens do with a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    List,
    Get,
    Create,
    Put,
    Patch,
    Delete,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Cluster,
        Kind::Environment,
        Kind::Microservice,
        Kind::Provider,
        Kind::Spec,
    ];

    /// Its segment in the console's addresses (the tab's).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Cluster => "clusters",
            Kind::Environment => "environments",
            Kind::Microservice => "microservices",
            Kind::Provider => "notification-providers",
            Kind::Spec => "rollout-specs",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// One of them, in words.
    pub fn one(self) -> &'static str {
        match self {
            Kind::Cluster => "cluster",
            Kind::Environment => "environment",
            Kind::Microservice => "microservice",
            Kind::Provider => "notification provider",
            Kind::Spec => "rollout spec",
        }
    }

    /// The catalog's slug of `act` on this kind, when the document has it (Ocean CD clusters
    /// are registered by the operator: there is no create, and no PATCH).
    pub fn op(self, act: Act) -> Option<&'static str> {
        use Act::*;
        use Kind::*;
        Some(match (self, act) {
            (Cluster, List) => "ocean-cd/list-ocean-cd-clusters",
            (Cluster, Get) => "ocean-cd/get-ocean-cd-cluster",
            (Cluster, Put) => "ocean-cd/update-ocean-cd-cluster",
            (Cluster, Delete) => "ocean-cd/delete-ocean-cd-cluster",
            (Cluster, Create | Patch) => return None,
            (Environment, List) => "ocean-cd/list-ocean-cd-environments",
            (Environment, Get) => "ocean-cd/get-ocean-cd-environment",
            (Environment, Create) => "ocean-cd/create-ocean-cd-environment",
            (Environment, Put) => "ocean-cd/update-ocean-cd-environment",
            (Environment, Patch) => "ocean-cd/patch-ocean-cd-environment",
            (Environment, Delete) => "ocean-cd/delete-ocean-cd-environment",
            (Microservice, List) => "ocean-cd/list-ocean-cd-microservices",
            (Microservice, Get) => "ocean-cd/get-ocean-cd-microservice",
            (Microservice, Create) => "ocean-cd/create-ocean-cd-microservice",
            (Microservice, Put) => "ocean-cd/update-ocean-cd-microservice",
            (Microservice, Patch) => "ocean-cd/patch-ocean-cd-microservice",
            (Microservice, Delete) => "ocean-cd/delete-ocean-cd-microservice",
            (Provider, List) => "ocean-cd/list-ocean-cd-notification-providers",
            (Provider, Get) => "ocean-cd/get-ocean-cd-notification-provider",
            (Provider, Create) => "ocean-cd/create-ocean-cd-notification-provider",
            (Provider, Put) => "ocean-cd/update-ocean-cd-notification-provider",
            (Provider, Patch) => "ocean-cd/patch-ocean-cd-notification-provider",
            (Provider, Delete) => "ocean-cd/delete-ocean-cd-notification-provider",
            (Spec, List) => "ocean-cd/list-ocean-cd-rollout-specs",
            (Spec, Get) => "ocean-cd/get-ocean-cd-rollout-spec",
            (Spec, Create) => "ocean-cd/create-ocean-cd-rollout-spec",
            (Spec, Put) => "ocean-cd/update-ocean-cd-rollout-spec",
            (Spec, Patch) => "ocean-cd/patch-ocean-cd-rollout-spec",
            (Spec, Delete) => "ocean-cd/delete-ocean-cd-rollout-spec",
        })
    }

    /// The path parameter that names one.
    pub fn param(self) -> &'static str {
        match self {
            Kind::Cluster => "clusterId",
            Kind::Environment => "environmentName",
            Kind::Microservice => "microserviceName",
            Kind::Provider => "notificationProviderName",
            Kind::Spec => "rolloutSpecName",
        }
    }

    /// The field of an answer that names one.
    pub fn name_of(self, v: &Value) -> Option<String> {
        let field = if self == Kind::Cluster { "id" } else { "name" };
        v.get(field)
            .and_then(json::text)
            .filter(|s| !s.trim().is_empty())
    }

    /// The list's columns besides the name: (heading, dotted field).
    pub fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Cluster => &[
                ("Provider", "clusterInfo.cloudProvider"),
                ("Last heartbeat", "lastHeartbeatTime"),
            ],
            Kind::Environment => &[("Cluster", "clusterId"), ("Namespace", "namespace")],
            Kind::Microservice => &[("Workload", "k8sResources.workload.type")],
            Kind::Provider => &[("Webhook", "webhook.url"), ("Description", "description")],
            Kind::Spec => &[
                ("Microservice", "microservice"),
                ("Environment", "environment"),
            ],
        }
    }

    /// The page of one.
    pub fn href(self, name: &str, account: Option<&str>) -> String {
        super::context::link(
            &format!("/spot/ocean-cd/{}/{}", self.key(), crate::api::seg(name)),
            account,
        )
    }
}

/// The text at a dotted path of an answer's item.
pub fn field(v: &Value, dotted: &str) -> String {
    dotted
        .split('.')
        .try_fold(v, |v, k| v.get(k))
        .and_then(json::text)
        .unwrap_or_default()
}

/// The items of an answer.
pub fn items(a: &Answer) -> Vec<Value> {
    a.items.clone().unwrap_or_default()
}

#[component]
pub fn OceanCd() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| CdTab::from_path(&params.read().get("tab").unwrap_or_default()));
    let kind = move |t: CdTab| match t {
        CdTab::Rollouts => None,
        CdTab::Clusters => Some(Kind::Cluster),
        CdTab::Environments => Some(Kind::Environment),
        CdTab::Microservices => Some(Kind::Microservice),
        CdTab::Providers => Some(Kind::Provider),
        CdTab::Specs => Some(Kind::Spec),
    };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Ocean CD"</h2>
        {tabs::<CdTab>("/spot/ocean-cd", "Ocean CD", "cd-tab")}
        {move || match kind(tab.get()) {
            None => view! { <rollouts::Rollouts/> }.into_any(),
            Some(k) => view! { <list::Entities kind=k/> }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::spot::catalog::Catalog;

    #[test]
    fn every_kind_names_operations_the_catalog_has() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        let acts = [
            Act::List,
            Act::Get,
            Act::Create,
            Act::Put,
            Act::Patch,
            Act::Delete,
        ];
        let mut named = 0;
        for k in Kind::ALL {
            assert_eq!(Kind::from_key(k.key()), Some(k));
            for a in acts {
                if let Some(slug) = k.op(a) {
                    let op = cat.op(slug).unwrap_or_else(|| panic!("no {slug}"));
                    if a != Act::List && a != Act::Create {
                        assert!(op.params.iter().any(|p| p.name == k.param()), "{slug}");
                    }
                    named += 1;
                }
            }
        }
        assert_eq!(named, 28);
        let c = serde_json::json!({"id": "prod-eks", "clusterInfo": {"cloudProvider": "aws"}});
        assert_eq!(Kind::Cluster.name_of(&c).as_deref(), Some("prod-eks"));
        assert_eq!(Kind::Environment.name_of(&c), None);
        assert_eq!(field(&c, "clusterInfo.cloudProvider"), "aws");
    }
}
