//! What needs attention in Spot, for the Overview (`src/areas/overview/`): Elastigroups with a
//! running deployment, Ocean clusters with a running roll, and instances Spot reports unhealthy.
//! Each kind is one list read, then one read per listed group or cluster (Spot has no
//! account-wide call for deployments, rolls or instance health), every one a catalog operation
//! sent through [`super::op_call`] in the chosen account and each on its own: a read that fails
//! shows its error with Retry beside the others.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;

use super::catalog::loaded;
use super::context::{link, use_account};
use super::ocean::{items, ocean_op, Cluster, Op, Provider};
use super::op_call::{use_op, OpCall};

/// The most groups, and clusters per provider, whose deployments, rolls and instances are read.
const MOST: usize = 10;

/// A line of the Overview's attention list.
fn line(href: String, text: String) -> AnyView {
    view! { <li><a href=href>{text}</a></li> }.into_any()
}

/// The lines found, as a list (nothing when none).
fn lines(found: Vec<AnyView>) -> Option<AnyView> {
    (!found.is_empty()).then(|| view! { <ul class="attention">{found}</ul> }.into_any())
}

/// Spot's part of the Overview's "Needs attention".
#[component]
pub fn SpotAttention() -> impl IntoView {
    view! {
        <div class="overview-area" id="overview-attention-spot">
            <h3>"Spot"</h3>
            <Groups/>
            <Clusters/>
        </div>
    }
}

/// The account's Elastigroups (AWS), each checked for a running deployment and unhealthy
/// instances.
#[component]
fn Groups() -> impl IntoView {
    let list = use_op(|| Some(OpCall::new("elastigroup-aws/list-all-elastigroups")));
    view! {
        <div id="overview-spot-groups">
            {list.view(|a| {
                let groups: Vec<(String, String)> = a
                    .items
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|g| {
                        let id = json::text(&g["id"]).filter(|i| !i.trim().is_empty())?;
                        Some((id.clone(), json::text(&g["name"]).unwrap_or(id)))
                    })
                    .take(MOST)
                    .collect();
                let summary = format!(
                    "{} Elastigroup(s) checked for a running deployment and unhealthy instances.",
                    groups.len()
                );
                view! {
                    {groups.into_iter().map(|(id, name)| view! { <Group id=id name=name/> }).collect_view()}
                    <p class="muted">{summary}</p>
                }
            })}
        </div>
    }
}

/// The address of a group's tab, in the chosen account.
fn group_href(id: &str, tab: &str, account: Option<&str>) -> String {
    link(
        &format!("/spot/elastigroups/aws/{}/{tab}", crate::api::seg(id)),
        account,
    )
}

/// Whether a deployment or roll is still moving.
fn running(v: &Value) -> bool {
    json::text(&v["status"]).is_some_and(|s| s.eq_ignore_ascii_case("IN_PROGRESS"))
}

/// "42%", when the answer says.
fn percent(v: &Value) -> String {
    json::int(&v["progress"]["value"])
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default()
}

/// One group: its running deployment and its unhealthy instances.
#[component]
fn Group(id: String, name: String) -> impl IntoView {
    let account = use_account();
    let (rid, hid) = (id.clone(), id.clone());
    let rolls = use_op(move || {
        Some(OpCall::new("elastigroup-aws/group-s-deployments-status").path("groupId", rid.clone()))
    });
    let health = use_op(move || {
        Some(OpCall::new("elastigroup-aws/instance-healthiness").path("groupId", hid.clone()))
    });
    let (gid, gname) = (id.clone(), name.clone());
    view! {
        {rolls.view(move |a: Answer| {
            let href = group_href(&gid, "deployments", account.get_untracked().as_deref());
            lines(
                a.items
                    .unwrap_or_default()
                    .iter()
                    .filter(|r| running(r))
                    .map(|r| line(href.clone(), format!("Elastigroup {gname}: a deployment is running{}", percent(r))))
                    .collect(),
            )
        })}
        {health.view(move |a: Answer| {
            let href = group_href(&id, "instances", account.get_untracked().as_deref());
            lines(
                a.items
                    .unwrap_or_default()
                    .iter()
                    .filter(|i| json::text(&i["healthStatus"]).is_some_and(|s| s.eq_ignore_ascii_case("UNHEALTHY")))
                    .map(|i| {
                        let which = json::text(&i["instanceId"]).unwrap_or_else(|| "without an id".into());
                        line(href.clone(), format!("Elastigroup {name}: instance {which} is unhealthy"))
                    })
                    .collect(),
            )
        })}
    }
}

/// The account's Ocean clusters of every provider, each checked for a running roll.
#[component]
fn Clusters() -> impl IntoView {
    view! {
        <div id="overview-spot-ocean">
            {Provider::ALL.into_iter().map(|p| view! { <ProviderClusters provider=p/> }).collect_view()}
        </div>
    }
}

#[component]
fn ProviderClusters(provider: Provider) -> impl IntoView {
    let list = use_op(move || Some(OpCall::new(provider.op(Op::List))));
    list.view(move |a| {
        let clusters: Vec<Cluster> = items(&a)
            .iter()
            .filter_map(|v| Cluster::read(provider, v))
            .take(MOST)
            .collect();
        let summary = (!clusters.is_empty()).then(|| {
            format!(
                "{} {} cluster(s) checked for a running roll.",
                clusters.len(),
                provider.label()
            )
        });
        view! {
            {clusters.into_iter().map(|c| view! { <ClusterRolls cluster=c/> }).collect_view()}
            {summary.map(|s| view! { <p class="muted">{s}</p> })}
        }
    })
}

/// One cluster's running roll, if any.
#[component]
fn ClusterRolls(cluster: Cluster) -> impl IntoView {
    let account = use_account();
    let (p, id) = (cluster.provider, cluster.id.clone());
    // `use_op` asks once the catalog is in, so it is loaded here.
    let rolls = use_op(move || Some(ocean_op(&*loaded()?, p.op(Op::Rolls), &[&id], &[])));
    rolls.view(move |a| {
        let path = format!(
            "/spot/ocean/{}/{}/rolls",
            cluster.provider.key(),
            crate::api::seg(&cluster.id)
        );
        let href = link(&path, account.get_untracked().as_deref());
        let name = if cluster.name.is_empty() {
            cluster.id.clone()
        } else {
            cluster.name.clone()
        };
        lines(
            items(&a)
                .iter()
                .filter(|r| running(r))
                .map(|r| {
                    line(
                        href.clone(),
                        format!("Ocean cluster {name}: a roll is running{}", percent(r)),
                    )
                })
                .collect(),
        )
    })
}
