//! The Keboola Provisioning area: credentials per backend and type (create, list, detail with
//! connection snippets, extend, kill, drop), docker sandboxes through the async actions, and a
//! panel that follows this session's queue jobs across navigation and reloads.

mod credentials;
mod detail;
mod jobs;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;

use crate::api::keboola::Backend;
use credentials::Overview;
use detail::Detail;

use super::lazy::{lazy_routes, resume_hook};

lazy_routes!(keboola_area => KeboolaAreaRoute, KeboolaRoutes);

resume_hook!(keboola_area, jobs::follow);

/// Where the area's followed jobs are saved (for the resume hook's registration).
pub const JOBS_KEY: &str = jobs::KEY;

/// The area's pages (in its chunk, under the shell's `/keboola/*rest`).
#[component(transparent)]
fn KeboolaRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/keboola") view=Layout>
            <Route path=path!("") view=Overview/>
            <Route path=path!(":backend/:id") view=Detail/>
        </ParentRoute>
    }
    .into_inner()
}

/// Every page of the area, with the jobs panel under it (entering the area asks again about
/// jobs whose checks had failed).
#[component]
fn Layout() -> impl IntoView {
    jobs::Jobs::provide();
    view! {
        <Outlet/>
        <jobs::JobsPanel/>
    }
}

/// The overview's address for a backend and type (the backend's first type when empty).
fn overview_href(backend: Backend, kind: &str) -> String {
    match kind.trim() {
        "" => format!("/keboola?backend={}", backend.id()),
        t => format!(
            "/keboola?backend={}&type={}",
            backend.id(),
            crate::api::seg(t)
        ),
    }
}

/// The detail page's address.
fn detail_href(backend: Backend, id: &crate::api::Id) -> String {
    format!("/keboola/{}/{}", backend.id(), id.seg())
}
