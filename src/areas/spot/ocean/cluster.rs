//! One Ocean cluster, whatever its provider: Overview (configuration summary, the controller's
//! heartbeat, the nodes) and Virtual node groups (Spot console's table; launch nodes in a group).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{tab_enum, tabs, use_call, Followed, Loaded, Tab, TimeAgo};

use super::super::catalog::{load, waiting};
use super::super::{context, SpotNav};
use super::edit::ClusterConfig;
use super::nodes::Overview;
use super::rightsizing::RightSizing;
use super::roll_job::{self, RollJob};
use super::rolls::{RollBanner, RollsTab};
use super::usage::{Costs, Log};
use super::vng::Groups;
use super::{items, op_call, pick, ready, Cat, Cluster, Op, Provider};

tab_enum!(ClusterTab {
    Overview => ("Overview", ""),
    Groups => ("Virtual node groups", "groups"),
    Rolls => ("Rolls", "rolls"),
    RightSizing => ("Right-sizing", "right-sizing"),
    Costs => ("Costs", "costs"),
    Log => ("Log", "log"),
    Configuration => ("Configuration", "configuration"),
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
        jobs: roll_job::followed(),
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
    roll_job::follow(page.jobs);
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
            ClusterTab::Groups => unless_lacks(provider, Op::Groups, || view! { <Groups page=page/> }),
            ClusterTab::Rolls => unless_lacks(provider, Op::Rolls, || view! { <RollsTab page=page/> }),
            ClusterTab::RightSizing => unless_lacks(provider, Op::RightSizing, || view! { <RightSizing page=page/> }),
            ClusterTab::Costs => unless_lacks(provider, Op::Costs, || view! { <Costs page=page/> }),
            ClusterTab::Log => unless_lacks(provider, Op::Log, || view! { <Log page=page/> }),
            ClusterTab::Configuration => view! {
                <ClusterConfig page=page cluster=Signal::derive(move || cluster.ready().and_then(|a| items(&a).into_iter().next()))/>
            }.into_any(),
        }}
    }
    .into_any()
}

/// The tab's view, or why the provider's document has no operation for it.
fn unless_lacks<V: IntoView + 'static>(p: Provider, op: Op, tab: impl FnOnce() -> V) -> AnyView {
    match p.lacks(op) {
        Some(why) => view! { <p class="notice">{why}</p> }.into_any(),
        None => tab().into_any(),
    }
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
