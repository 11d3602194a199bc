//! The Spot area: the organization's accounts, and the operation explorer that reaches every
//! one of Spot's 342 documented operations from the generated catalog.

mod accounts;
mod answer;
pub(crate) mod attention;
pub(crate) mod catalog;
mod cd;
mod context;
mod costs;
mod explorer;
mod form;
mod groups;
mod json_edit;
mod nodes;
mod ocean;
pub mod op_call;
mod operation;
mod org;
mod params;
mod picker;
mod range;
mod services;
mod spark;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::{path, Lazy};

use accounts::Accounts;
use explorer::Explorer;
use operation::Operation;

use super::lazy::lazy_area;
pub use cd::{resume as resume_cd, ROLLOUTS_KEY as CD_ROLLOUTS_KEY};
pub use groups::{
    resume as resume_groups, ROLLS_KEY as GROUPS_ROLLS_KEY,
    STATEFUL_IMPORTS_KEY as GROUPS_IMPORTS_KEY,
};
pub use nodes::{resume as resume_nodes, IMPORTS_KEY as NODES_IMPORTS_KEY};
pub use ocean::{resume as resume_ocean, ROLLS_KEY as OCEAN_ROLLS_KEY};

lazy_area!(spot_area {
    SpotAccountsRoute => Accounts,
    SpotExplorerRoute => Explorer,
    SpotOperationRoute => Operation,
});

#[component(transparent)]
pub fn SpotRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/spot") view=SpotShell>
            <Route path=path!("") view={Lazy::<SpotAccountsRoute>::new()}/>
            <Route path=path!("accounts") view={Lazy::<SpotAccountsRoute>::new()}/>
            <Route path=path!("ops") view={Lazy::<SpotExplorerRoute>::new()}/>
            <Route path=path!("ops/:section/:op") view={Lazy::<SpotOperationRoute>::new()}/>
            <Route path=path!("org") view={Lazy::<org::SpotOrgRoute>::new()}/>
            <Route path=path!("org/:tab") view={Lazy::<org::SpotOrgRoute>::new()}/>
            <Route path=path!("ocean") view={Lazy::<ocean::SpotOceanRoute>::new()}/>
            <Route path=path!("ocean/:provider/:id") view={Lazy::<ocean::SpotOceanClusterRoute>::new()}/>
            <Route path=path!("ocean/:provider/:id/:tab") view={Lazy::<ocean::SpotOceanClusterRoute>::new()}/>
            <Route path=path!("elastigroups") view={Lazy::<groups::SpotGroupsRoute>::new()}/>
            <Route path=path!("elastigroups/:provider/:id") view={Lazy::<groups::SpotGroupRoute>::new()}/>
            <Route path=path!("elastigroups/:provider/:id/:tab") view={Lazy::<groups::SpotGroupRoute>::new()}/>
            <Route path=path!("ocean-cd") view={Lazy::<cd::SpotCdRoute>::new()}/>
            <Route path=path!("ocean-cd/:tab") view={Lazy::<cd::SpotCdRoute>::new()}/>
            <Route path=path!("ocean-cd/:tab/:name") view={Lazy::<cd::SpotCdEntityRoute>::new()}/>
            <Route path=path!("spark") view={Lazy::<spark::SpotSparkRoute>::new()}/>
            <Route path=path!("spark/:tab") view={Lazy::<spark::SpotSparkRoute>::new()}/>
            <Route path=path!("spark/app/:cluster/:id") view={Lazy::<spark::SpotSparkAppRoute>::new()}/>
            <Route path=path!("stateful-nodes") view={Lazy::<nodes::SpotNodesRoute>::new()}/>
            <Route path=path!("stateful-nodes/:id") view={Lazy::<nodes::SpotNodeRoute>::new()}/>
            <Route path=path!("health-checks") view={Lazy::<services::SpotHealthChecksRoute>::new()}/>
            <Route path=path!("subscriptions") view={Lazy::<services::SpotSubscriptionsRoute>::new()}/>
            <Route path=path!("audit") view={Lazy::<services::SpotAuditRoute>::new()}/>
            <Route path=path!("insights") view={Lazy::<services::SpotInsightsRoute>::new()}/>
            <Route path=path!("costs") view={Lazy::<costs::SpotCostsRoute>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}

/// Every Spot page. Opening an explorer page starts fetching Spot's catalog (a preload hint that the chunk's
/// own fetch then finds) while the Spot chunk loads, so the two arrive together rather than one
/// after the other. In the first load: a few lines, no Spot code.
#[component]
fn SpotShell() -> impl IntoView {
    preload_catalog();
    view! { <leptos_router::components::Outlet/> }
}

fn preload_catalog() {
    // Only the explorer's pages use the catalog (an unused preload is a console warning).
    let explorer = window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/spot/ops"));
    if !explorer {
        return;
    }
    let doc = document();
    let Some(url) = doc
        .query_selector("meta[name=opsdeck-spot-catalog]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
    else {
        return;
    };
    let href = format!("/{}", url.trim_start_matches('/'));
    let hinted = doc
        .query_selector(&format!("link[rel=preload][href=\"{href}\"]"))
        .ok()
        .flatten()
        .is_some();
    let (Ok(link), Ok(Some(head))) = (doc.create_element("link"), doc.query_selector("head"))
    else {
        return;
    };
    if hinted {
        return;
    }
    for (k, v) in [
        ("rel", "preload"),
        ("as", "fetch"),
        ("crossorigin", "anonymous"),
        ("href", href.as_str()),
    ] {
        let _ = link.set_attribute(k, v);
    }
    let _ = head.append_child(&link);
}

/// The area's own navigation, and the account every Spot page acts within.
#[component]
fn SpotNav() -> impl IntoView {
    let account = context::use_account();
    let to = move |path: &'static str| move || context::link(path, account.get().as_deref());
    view! {
        <div class="spot-nav">
            <nav class="tabs" aria-label="Spot">
                <a href=to("/spot/accounts")>"Accounts"</a>
                <a href=to("/spot/org")>"Organization"</a>
                <a href=to("/spot/ocean")>"Ocean"</a>
                <a href=to("/spot/elastigroups")>"Elastigroups"</a>
                <a href=to("/spot/ocean-cd")>"Ocean CD"</a>
                <a href=to("/spot/spark")>"Ocean Spark"</a>
                <a href=to("/spot/stateful-nodes")>"Stateful nodes"</a>
                <a href=to("/spot/health-checks")>"Health checks"</a>
                <a href=to("/spot/subscriptions")>"Notifications"</a>
                <a href=to("/spot/audit")>"Audit log"</a>
                <a href=to("/spot/insights")>"Insights"</a>
                <a href=to("/spot/costs")>"Costs"</a>
                <a href=to("/spot/ops")>"All operations"</a>
            </nav>
            <context::AccountSwitcher/>
        </div>
    }
}
