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

use super::lazy::lazy_routes;
pub use cd::{resume as resume_cd, ROLLOUTS_KEY as CD_ROLLOUTS_KEY};
pub use groups::{
    resume as resume_groups, ROLLS_KEY as GROUPS_ROLLS_KEY,
    STATEFUL_IMPORTS_KEY as GROUPS_IMPORTS_KEY,
};
pub use nodes::{resume as resume_nodes, IMPORTS_KEY as NODES_IMPORTS_KEY};
pub use ocean::{resume as resume_ocean, ROLLS_KEY as OCEAN_ROLLS_KEY};

lazy_routes!(spot_area => SpotAreaRoute, SpotRoutes);

/// The area's pages (in its chunk, under the shell's `/spot/*rest`); the pages of its own chunks
/// (`org`, `ocean`, …) are fetched from here when first shown.
#[component(transparent)]
fn SpotRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/spot") view=leptos_router::components::Outlet>
            <Route path=path!("") view=Accounts/>
            <Route path=path!("accounts") view=Accounts/>
            <Route path=path!("ops") view=Explorer/>
            <Route path=path!("ops/:section/:op") view=Operation/>
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
