//! The Deployed Solutions area: the catalog (filters and page in the URL), a solution's detail
//! (state, visibility, run, delete, its jobs), deploy, run by name, jobs across solutions, and a
//! panel following every job started from this console (kept in storage, so it survives
//! leaving the area and reloading).

mod catalog;
mod detail;
mod forms;
mod jobs;
mod tracker;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;
use percent_encoding::percent_decode_str;

use crate::api::Request;
use crate::ui::{tab_enum, tabs};
use catalog::Catalog;
use detail::Detail;
use forms::{DeployPage, RunByNamePage};
use jobs::JobsPage;

use super::lazy::{lazy_routes, resume_hook};

lazy_routes!(solutions_area => SolutionsAreaRoute, SolutionsRoutes);

resume_hook!(solutions_area, tracker::follow);

/// Where the area's followed jobs are saved (for the resume hook's registration).
pub const JOBS_KEY: &str = tracker::KEY;

/// The area's pages (in its chunk, under the shell's `/solutions/*rest`).
#[component(transparent)]
fn SolutionsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/solutions") view=Layout>
            <Route path=path!("") view=Catalog/>
            <Route path=path!("jobs") view=JobsPage/>
            <Route path=path!("deploy") view=DeployPage/>
            <Route path=path!("run") view=RunByNamePage/>
            <Route path=path!("s/:uuid") view=Detail/>
        </ParentRoute>
    }
    .into_inner()
}

tab_enum!(SolutionsTab {
    Catalog => ("Catalog", ""),
    Jobs => ("Jobs", "jobs"),
    Deploy => ("Deploy", "deploy"),
    Run => ("Run by name", "run"),
});

/// Tabs, the page, and the panel of jobs started here.
#[component]
fn Layout() -> impl IntoView {
    tracker::follow();
    provide_context(tracker::followed());
    view! {
        {tabs::<SolutionsTab>("/solutions", "Deployed Solutions", "solutions-tab")}
        <Outlet/>
        <tracker::JobsPanel/>
    }
}

/// The pairs of a query string (`?a=1&a=2&b=x%20y`), repeated keys kept, in order.
fn query_pairs(search: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A console link with a query string.
fn href(path: &str, pairs: Vec<(String, String)>) -> String {
    let mut r = Request::get(path);
    r.query = pairs;
    r.path_and_query()
}

/// Values typed into one box: separated by commas or new lines (names may contain spaces).
fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The page sizes a filter form offers, as a select's options.
fn page_sizes() -> Vec<(String, String)> {
    ["10", "20", "50", "100"]
        .iter()
        .map(|n| (n.to_string(), n.to_string()))
        .collect()
}

/// The page size chosen in a filter form (`None`: the API's default, left out of the URL).
fn chosen_limit(limit: RwSignal<String>) -> Option<u32> {
    limit
        .get_untracked()
        .parse()
        .ok()
        .filter(|n| *n != crate::api::solutions::DEFAULT_LIMIT)
}

fn solution_href(id: &str) -> String {
    format!("/solutions/s/{}", crate::api::seg(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::solutions::{JobFilter, SolutionFilter};

    #[test]
    fn filters_survive_the_url_round_trip() {
        let f = SolutionFilter {
            name: Some("Invoice Extraction".into()),
            owner: Some("IB_DEPLOYED".into()),
            limit: Some(10),
            offset: Some(10),
            ..SolutionFilter::default()
        };
        let link = href("/solutions", f.to_query());
        assert_eq!(
            link,
            "/solutions?limit=10&offset=10&name=Invoice%20Extraction&owner=IB_DEPLOYED"
        );
        let search = link.split_once('?').unwrap().1;
        assert_eq!(SolutionFilter::from_query(&query_pairs(search)), f);

        let j = JobFilter {
            state: vec!["FAILED".into(), "CANCELLED".into()],
            name: vec!["W-2 Extraction".into()],
            output_repo: vec!["jaydoe/my_repo".into()],
            ..JobFilter::default()
        };
        let link = href("/solutions/jobs", j.to_query(true));
        let search = link.split_once('?').unwrap().1;
        assert_eq!(JobFilter::from_query(&query_pairs(search)), j);
        // What a browser or a person may write instead.
        assert_eq!(
            query_pairs("?name=My+Solution&state=&x"),
            [
                ("name".to_string(), "My Solution".to_string()),
                ("state".to_string(), String::new()),
                ("x".to_string(), String::new())
            ]
        );
        assert_eq!(query_pairs(""), []);
    }

    #[test]
    fn lists_typed_in_one_box() {
        assert_eq!(
            split_list(" Invoice Extraction, W-2 Extraction,\n,li.wei "),
            ["Invoice Extraction", "W-2 Extraction", "li.wei"]
        );
        assert!(split_list(" , ").is_empty());
        assert_eq!(solution_href("a/b"), "/solutions/s/a%2Fb");
    }
}
