//! The catalog of deployed solutions (S2): every documented filter and the page in the URL, so
//! a filtered view can be shared and reloaded.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use super::{chosen_limit, href, page_sizes, query_pairs, solution_href};
use crate::api::solutions::{
    list_solutions, Solution, SolutionFilter, SolutionPage, DEFAULT_LIMIT, SOLUTION_STATES,
    VISIBILITIES,
};
use crate::api::Id;
use crate::ui::{
    use_call, Column, DataTable, Field, SelectField, ServerPage, StatusBadge, TimeAgo,
};

#[component]
pub fn Catalog() -> impl IntoView {
    let location = use_location();
    let filter =
        Memo::new(move |_| SolutionFilter::from_query(&query_pairs(&location.search.get())));
    let page = use_call(move || Some(list_solutions(&filter.get())));
    view! {
        <h1>"Deployed solutions"</h1>
        {move || view! { <FilterForm filter=filter.get()/> }}
        // The last answer stays shown while the next loads.
        {page.view(move |p| view! { <SolutionTable page=p filter=filter.get_untracked()/> })}
    }
}

/// `("", "Any")` followed by the documented values.
fn choices(values: &[&str]) -> Signal<Vec<(String, String)>> {
    let list: Vec<(String, String)> = std::iter::once((String::new(), "Any".to_string()))
        .chain(values.iter().map(|v| (v.to_string(), v.to_string())))
        .collect();
    Signal::derive(move || list.clone())
}

#[component]
fn FilterForm(filter: SolutionFilter) -> impl IntoView {
    let navigate = use_navigate();
    let text = |v: &Option<String>| RwSignal::new(v.clone().unwrap_or_default());
    let (name, author, owner, state, visibility) = (
        text(&filter.name),
        text(&filter.author),
        text(&filter.owner),
        text(&filter.state),
        text(&filter.visibility),
    );
    let limit = RwSignal::new(filter.limit.unwrap_or(DEFAULT_LIMIT).to_string());
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let some = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_string()).filter(|v| !v.is_empty())
        };
        let f = SolutionFilter {
            name: some(name),
            author: some(author),
            owner: some(owner),
            state: some(state),
            visibility: some(visibility),
            limit: chosen_limit(limit),
            offset: None,
        };
        navigate(&href("/solutions", f.to_query()), Default::default());
    };
    let limits = page_sizes();
    view! {
        <form class="card toolbar" id="solutions-filters" on:submit=apply>
            <Field label="Name (exact)" value=name id="sf-name"/>
            <Field label="Author" value=author id="sf-author"/>
            <Field label="Owner" value=owner id="sf-owner" placeholder="IB_DEPLOYED or a username"/>
            <SelectField label="State" value=state options=choices(&SOLUTION_STATES) id="sf-state"/>
            <SelectField label="Visibility" value=visibility options=choices(&VISIBILITIES) id="sf-visibility"/>
            <SelectField label="Per page" value=limit options=Signal::derive(move || limits.clone()) id="sf-limit"/>
            <button type="submit" class="btn primary" id="sf-apply">"Apply filters"</button>
            <A href="/solutions">"Clear"</A>
        </form>
    }
}

#[component]
fn SolutionTable(page: SolutionPage, filter: SolutionFilter) -> impl IntoView {
    let offset = filter.offset.unwrap_or(0);
    let limit = filter.limit.unwrap_or(DEFAULT_LIMIT);
    let at = |offset: u32| {
        href(
            "/solutions",
            SolutionFilter {
                offset: Some(offset),
                ..filter.clone()
            }
            .to_query(),
        )
    };
    let server = ServerPage {
        offset,
        prev: (offset > 0).then(|| at(offset.saturating_sub(limit))),
        next: page.next(offset).map(at),
        noun: "Solutions",
        id: "solutions",
    };
    let columns = vec![
        Column::view("Name", |s: &Solution| {
            let name = s.name.clone();
            match Id::from_address(&s.id) {
                Ok(id) => view! { <A href=solution_href(id.as_str())><bdi>{name}</bdi></A> }.into_any(),
                // No id, no link: a link to `/solutions/s/` would be a "Page not found".
                Err(why) => view! {
                    <span class="no-id" title=why.reason()><bdi>{name}</bdi> " (" {why.reason()} ")"</span>
                }
                .into_any(),
            }
        }),
        Column::view("Version", |s: &Solution| s.version.clone()),
        Column::view("Owner", |s: &Solution| s.owner.clone()),
        Column::view("Author", |s: &Solution| s.author.clone()),
        Column::view(
            "State",
            |s: &Solution| view! { <StatusBadge status=s.state.clone()/> },
        ),
        Column::view(
            "Updated",
            |s: &Solution| view! { <TimeAgo ms=s.updated_at_ms/> },
        ),
        Column::view("Summary", |s: &Solution| s.summary.clone()),
    ];
    view! {
        <DataTable
            id="solutions-catalog"
            rows=page.solutions
            columns=columns
            server=server
            empty="No deployed solution matches these filters."
        />
    }
}
