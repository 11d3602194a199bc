//! The keboola area (being built).

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::{path, MatchNestedRoutes};

use crate::api::ApiKind;

#[component(transparent)]
pub fn KeboolaRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/keboola") view=leptos_router::components::Outlet>
            <Route path=path!("") view=Overview/>
            <Route path=path!("*rest") view=Overview/>
        </ParentRoute>
    }
    .into_inner()
}

#[component]
fn Overview() -> impl IntoView {
    view! { <h1>{ApiKind::Keboola.label()}</h1> }
}
