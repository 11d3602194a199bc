//! Jobs tables: across solutions (S9) and of one solution (S8), with every documented filter,
//! sort and page kept in the URL. Running jobs refresh until they are final.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use super::{chosen_limit, href, page_sizes, query_pairs, solution_href, split_list};
use crate::api::solutions::{
    jobs, solution_jobs, Job, JobFilter, DEFAULT_LIMIT, JOB_SORT_KEYS, JOB_STATES,
};
use crate::time::duration;
use crate::ui::{
    use_call, Column, DataTable, Field, OwnerAlive, SelectField, ServerPage, StatusBadge, TimeAgo,
};

/// How often a page with running jobs asks again.
const REFRESH_MS: u64 = 2_000;

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <h1>"Jobs across solutions"</h1>
        <JobsView base="/solutions/jobs".to_string()/>
    }
}

fn sort_label(key: &str) -> &'static str {
    match key {
        "name" => "Solution name",
        "version" => "Version",
        "username" => "User",
        "timeTakenNs" => "Time taken",
        "state" => "State",
        _ => "Start time",
    }
}

/// The filter form, the table and its pager. `solution`: only that solution's jobs (S8).
#[component]
pub fn JobsView(
    /// The console path the filters are kept on.
    base: String,
    #[prop(optional)] solution: Option<String>,
    /// Bumped by the page to load again (after starting a run).
    #[prop(optional)]
    refresh: Option<RwSignal<u32>>,
) -> impl IntoView {
    let location = use_location();
    let across = solution.is_none();
    let filter = Memo::new(move |_| JobFilter::from_query(&query_pairs(&location.search.get())));
    let solution = StoredValue::new(solution);
    let list = use_call(move || {
        let f = filter.get();
        if let Some(r) = refresh {
            r.track();
        }
        Some(match solution.get_value() {
            Some(id) => solution_jobs(&id, &f),
            None => jobs(&f),
        })
    });
    let alive = OwnerAlive::new();
    let base = StoredValue::new(base);
    view! {
        {move || view! { <JobFilterForm filter=filter.get() base=base.get_value() across=across/> }}
        // The last answer stays shown while the next loads; running jobs are asked about again.
        {list.view(move |rows| {
            if rows.iter().any(|j| !j.is_final()) {
                let alive = alive.clone();
                set_timeout(
                    move || if alive.get() { list.refetch() },
                    std::time::Duration::from_millis(REFRESH_MS),
                );
            }
            let f = filter.get_untracked();
            view! { <JobTable rows=rows filter=f base=base.get_value() across=across/> }
        })}
    }
}

#[component]
fn JobFilterForm(filter: JobFilter, base: String, across: bool) -> impl IntoView {
    let navigate = use_navigate();
    let text = |v: &[String]| RwSignal::new(v.join(", "));
    let (user, job_id, name, owner, solution_id, output_repo) = (
        text(&filter.user),
        text(&filter.job_id),
        text(&filter.name),
        text(&filter.owner),
        text(&filter.solution_id),
        text(&filter.output_repo),
    );
    let states: Vec<(&'static str, RwSignal<bool>)> = JOB_STATES
        .iter()
        .map(|s| (*s, RwSignal::new(filter.state.iter().any(|x| x == s))))
        .collect();
    let sort_by = RwSignal::new(
        filter
            .sort_by
            .clone()
            .unwrap_or_else(|| JOB_SORT_KEYS[0].into()),
    );
    let order = RwSignal::new(filter.order.clone().unwrap_or_else(|| "DESCENDING".into()));
    let limit = RwSignal::new(filter.limit.unwrap_or(DEFAULT_LIMIT).to_string());
    let checks = states.clone();
    let clear = base.clone();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = JobFilter {
            user: split_list(&user.get_untracked()),
            job_id: split_list(&job_id.get_untracked()),
            name: split_list(&name.get_untracked()),
            owner: split_list(&owner.get_untracked()),
            solution_id: split_list(&solution_id.get_untracked()),
            output_repo: split_list(&output_repo.get_untracked()),
            state: states
                .iter()
                .filter(|(_, on)| on.get_untracked())
                .map(|(s, _)| s.to_string())
                .collect(),
            sort_by: Some(sort_by.get_untracked()).filter(|s| s != JOB_SORT_KEYS[0]),
            order: Some(order.get_untracked()).filter(|o| o != "DESCENDING"),
            limit: chosen_limit(limit),
            offset: None,
        };
        navigate(&href(&base, f.to_query(across)), Default::default());
    };
    let options = |pairs: Vec<(String, String)>| Signal::derive(move || pairs.clone());
    let sort_options = options(
        JOB_SORT_KEYS
            .iter()
            .map(|k| (k.to_string(), sort_label(k).to_string()))
            .collect(),
    );
    let order_options = options(vec![
        ("DESCENDING".into(), "Descending".into()),
        ("ASCENDING".into(), "Ascending".into()),
    ]);
    let limit_options = options(page_sizes());
    view! {
        <form class="card" id="solutions-job-filters" on:submit=apply>
            <div class="toolbar">
                {across.then(|| view! {
                    <Field label="Solution names" value=name id="jf-name" help="Exact names, comma-separated"/>
                    <Field label="Owners" value=owner id="jf-owner" placeholder="IB_DEPLOYED, jaydoe"/>
                    <Field label="Solution ids" value=solution_id id="jf-solution"/>
                })}
                <Field label="Users" value=user id="jf-user" placeholder="maria.lopez, li.wei"/>
                <Field label="Job ids" value=job_id id="jf-job"/>
                <Field label="Output spaces" value=output_repo id="jf-repo" placeholder="owner/space"/>
            </div>
            <fieldset class="toolbar">
                <legend>"States"</legend>
                {checks.into_iter().map(|(s, on)| {
                    let id = format!("jf-state-{}", s.to_ascii_lowercase());
                    let for_id = id.clone();
                    view! {
                        <label class="check" for=for_id>
                            <input id=id type="checkbox" prop:checked=move || on.get()
                                on:change=move |ev| on.set(event_target_checked(&ev))/>
                            <span>{s}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="toolbar">
                <SelectField label="Sort by" value=sort_by options=sort_options id="jf-sort"/>
                <SelectField label="Order" value=order options=order_options id="jf-order"/>
                <SelectField label="Per page" value=limit options=limit_options id="jf-limit"/>
                <button type="submit" class="btn primary" id="jf-apply">"Apply filters"</button>
                <A href=clear>"Clear"</A>
            </div>
        </form>
    }
}

/// The solution a job belongs to, in words when its metadata names it.
fn solution_words(j: &Job) -> String {
    let meta = j.metadata_json().unwrap_or_default();
    let s = |k: &str| {
        meta.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    match (s("solution_name"), s("solution_version")) {
        (n, v) if !n.is_empty() => format!("{n} {v}").trim().to_string(),
        _ => j.deployed_solution_id.clone(),
    }
}

#[component]
fn JobTable(rows: Vec<Job>, filter: JobFilter, base: String, across: bool) -> impl IntoView {
    let limit = filter.limit.unwrap_or(DEFAULT_LIMIT);
    let offset = filter.offset.unwrap_or(0);
    let page = |offset: u32| {
        let f = JobFilter {
            offset: Some(offset),
            ..filter.clone()
        };
        href(&base, f.to_query(across))
    };
    let server = ServerPage {
        offset,
        prev: (offset > 0).then(|| page(offset.saturating_sub(limit))),
        // The jobs endpoints give no paging indicator: a full page may have a next one.
        next: (rows.len() as u32 >= limit).then(|| page(offset + limit)),
        noun: "Jobs",
        id: "jobs",
    };
    let mut columns = vec![Column::view("Job", |j: &Job| {
        let id = j.id.clone();
        view! { <code>{id}</code> }
    })];
    if across {
        columns.push(Column::view("Solution", |j: &Job| {
            let words = solution_words(j);
            view! { <A href=solution_href(&j.deployed_solution_id)>{words}</A> }
        }));
    }
    columns.extend([
        Column::view(
            "State",
            |j: &Job| view! { <StatusBadge status=j.state.clone()/> },
        ),
        Column::view("Started", |j: &Job| view! { <TimeAgo ms=j.started_ms()/> }),
        Column::view(
            "Completed",
            |j: &Job| view! { <TimeAgo ms=j.completed_ms()/> },
        ),
        Column::view("Time taken", |j: &Job| {
            j.time_taken_ms()
                .map(duration)
                .unwrap_or_else(|| "—".into())
        }),
        Column::view("Message", |j: &Job| j.message.clone()),
        Column::view("Output folder", |j: &Job| j.output_folder.clone()),
        Column::view("Type · account", |j: &Job| {
            let (kind, account) = (j.job_type.clone(), j.account_id.clone());
            view! { <span class="muted"><bdi>{kind}</bdi> " · " <bdi>{account}</bdi></span> }
        }),
    ]);
    view! {
        <DataTable
            id="solutions-jobs"
            rows=rows
            columns=columns
            server=server
            row_key=std::sync::Arc::new(|j: &Job| j.id.clone())
            empty="No jobs match these filters."
        />
    }
}
