//! The Spot area: the organization's accounts, and the operation explorer that reaches every
//! one of Spot's 342 documented operations from the generated catalog.

mod accounts;
mod answer;
mod catalog;
mod context;
mod explorer;
mod operation;
mod params;
mod picker;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::{path, Lazy};

use accounts::Accounts;
use explorer::Explorer;
use operation::Operation;

use super::lazy::lazy_area;

lazy_area!(spot_area {
    SpotAccountsRoute => Accounts,
    SpotExplorerRoute => Explorer,
    SpotOperationRoute => Operation,
});

#[component(transparent)]
pub fn SpotRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/spot") view=leptos_router::components::Outlet>
            <Route path=path!("") view={Lazy::<SpotAccountsRoute>::new()}/>
            <Route path=path!("accounts") view={Lazy::<SpotAccountsRoute>::new()}/>
            <Route path=path!("ops") view={Lazy::<SpotExplorerRoute>::new()}/>
            <Route path=path!("ops/:section/:op") view={Lazy::<SpotOperationRoute>::new()}/>
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
                <a href=to("/spot/ops")>"All operations"</a>
            </nav>
            <context::AccountSwitcher/>
        </div>
    }
}
