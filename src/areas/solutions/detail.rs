//! One solution (S3): every field, its metadata, a state/visibility change (S7), a run (S4),
//! its jobs (S8) and deletion with typed confirmation (S6).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::forms::{started_notice, RunFields, RunSignals};
use super::jobs::JobsView;
use super::tracker::use_tracker;
use super::{load, solution_href};
use crate::api::id::cross_check;
use crate::api::solutions::{
    delete_solution, get_solution, pretty_metadata, run_solution, update_solution, JobStarted,
    RunForm, RunRequest, Solution, SOLUTION_STATES, VISIBILITIES,
};
use crate::api::Id;
use crate::client::{abort_on_cleanup, use_client};
use crate::ui::{
    isolate, ActionButton, ConfirmDialog, ErrorNotice, SelectField, StatusBadge, TimeAgo,
};

#[component]
pub fn Detail() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.get().get("uuid").unwrap_or_default());
    let controller = abort_on_cleanup();
    let solution =
        LocalResource::new(move || load(client, get_solution(&uuid.get()), controller.clone()));
    view! {
        // The last answer stays shown while the next loads.
        {move || match solution.get() {
                None => view! { <p class="loading">"Loading the solution…"</p> }.into_any(),
                Some(Ok(s)) => view! { <SolutionView solution=s address=uuid.get_untracked()/> }.into_any(),
                Some(Err(e)) => view! {
                    <h1>"Solution " <code>{uuid.get_untracked()}</code></h1>
                    <ErrorNotice error=e retry=Callback::new(move |_| solution.refetch())/>
                    <A href="/solutions">"Back to the catalog"</A>
                }
                .into_any(),
            }}
    }
}

/// `Some(value)` unless the choice is "keep".
fn chosen(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

#[component]
fn SolutionView(solution: Solution, address: String) -> impl IntoView {
    let client = use_client();
    let tracker = use_tracker();
    // The identity rule: actions target the solution in the address, and only while the
    // answer (when it names one) is about that same solution.
    let target = cross_check(&Id::from_address(&address), &Id::from_address(&solution.id));
    let why_not = target.clone().err();
    let id = StoredValue::new(target.map(|t| t.to_string()).unwrap_or_default());
    let title = format!("{} {}", isolate(&solution.name), isolate(&solution.version));
    let name = solution.name.clone();
    let shown = RwSignal::new(solution);
    // Visibility is never in the API's answers; remember what this page set.
    let set_visibility = RwSignal::new(None::<String>);
    let refresh = RwSignal::new(0u32);

    let new_state = RwSignal::new(String::new());
    let new_visibility = RwSignal::new(String::new());
    let patch_problem = RwSignal::new(None::<String>);
    let patch = Action::new_local(move |(state, visibility): &(String, String)| {
        let (state, visibility) = (state.clone(), visibility.clone());
        async move {
            let r = client
                .send(update_solution(
                    &id.get_value(),
                    chosen(&state),
                    chosen(&visibility),
                ))
                .await;
            if let Ok(s) = &r {
                shown.try_set(s.clone());
                if !visibility.is_empty() {
                    set_visibility.try_set(Some(visibility));
                }
            }
            r
        }
    });

    let sig = RunSignals::new();
    let what = title.clone();
    let run = Action::new_local(move |req: &RunRequest| {
        let req = req.clone();
        let what = what.clone();
        async move {
            let r = client.send(run_solution(&id.get_value(), &req)).await;
            if let Ok(JobStarted { job_id: Some(job) }) = &r {
                tracker.track(job, format!("Run {what}"), &id.get_value());
                refresh.try_update(|n| *n += 1);
            }
            r
        }
    });

    let confirm = RwSignal::new(false);
    let what = title.clone();
    let delete = Action::new_local(move |_: &()| {
        let what = what.clone();
        async move {
            let r = client.send(delete_solution(&id.get_value())).await;
            if let Ok(JobStarted { job_id: Some(job) }) = &r {
                tracker.track(job, format!("Delete {what}"), &id.get_value());
            }
            r
        }
    });

    let keep = |values: &[&str]| {
        let list: Vec<(String, String)> =
            std::iter::once((String::new(), "Keep as is".to_string()))
                .chain(values.iter().map(|v| (v.to_string(), v.to_string())))
                .collect();
        Signal::derive(move || list.clone())
    };
    let row = |label: &'static str, value: AnyView| view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> };
    let text = move |f: fn(&Solution) -> String| (move || shown.with(f)).into_any();
    view! {
        <h1>{title.clone()}</h1>
        <p class="lead">{move || shown.with(|s| s.summary.clone())}</p>
        <div class="table-wrap">
            <table class="data" id="solution-fields">
                <tbody>
                    {row("ID", text(|s| s.id.clone()))}
                    {row("Name", text(|s| s.name.clone()))}
                    {row("Version", text(|s| s.version.clone()))}
                    {row("Owner", text(|s| if s.is_public() { format!("{} (public)", s.owner) } else { s.owner.clone() }))}
                    {row("Author", text(|s| s.author.clone()))}
                    {row("State", view! { <StatusBadge status=Signal::derive(move || shown.with(|s| s.state.clone()))/> }.into_any())}
                    {row("Visibility", (move || {
                        shown.with(|s| s.visibility.clone())
                            .or_else(|| set_visibility.get().map(|v| format!("{v} (as set here; the API does not report visibility)")))
                            .unwrap_or_else(|| "Not reported by the API (filter the catalog by visibility to find out)".into())
                    }).into_any())}
                    {row("Created", view! { <TimeAgo ms=Signal::derive(move || shown.with(|s| s.created_at_ms))/> }.into_any())}
                    {row("Updated", view! { <TimeAgo ms=Signal::derive(move || shown.with(|s| s.updated_at_ms))/> }.into_any())}
                    {row("Solution path", text(|s| s.solution_path.clone().unwrap_or_else(|| "—".into())))}
                </tbody>
            </table>
        </div>
        <h2>"Description"</h2>
        <p id="solution-description">{move || shown.with(|s| s.description.clone().unwrap_or_else(|| "No description.".into()))}</p>
        <details class="json" id="solution-metadata">
            <summary>"Metadata"</summary>
            <pre class="code">{move || shown.with(|s| s.metadata.as_deref().map(pretty_metadata).unwrap_or_else(|| "No metadata.".into()))}</pre>
        </details>

        {why_not.clone().map(|why| view! { <p class="notice warn" id="solution-no-actions">"No actions: " {why}</p> })}
        {why_not.is_none().then(move || view! {
        <section class="card">
            <h2>"State and visibility"</h2>
            <form class="toolbar" on:submit=move |ev| ev.prevent_default()>
                <SelectField label="State" value=new_state options=keep(&SOLUTION_STATES) id="patch-state"/>
                <SelectField label="Visibility" value=new_visibility options=keep(&VISIBILITIES) id="patch-visibility"
                    error=Signal::derive(move || patch_problem.get())/>
                <ActionButton id="patch-submit" label="Apply" pending=patch.pending()
                    on_click=Callback::new(move |_| {
                        let (s, v) = (new_state.get_untracked(), new_visibility.get_untracked());
                        if s.is_empty() && v.is_empty() {
                            patch_problem.set(Some("Choose a new state or visibility.".into()));
                        } else {
                            patch_problem.set(None);
                            patch.dispatch((s, v));
                        }
                    })/>
            </form>
            {move || match patch.value().get() {
                Some(Ok(s)) => view! { <p class="notice ok" id="patch-result">"Updated: the solution is now " {s.state} "."</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                None => ().into_any(),
            }}
        </section>

        <section class="card">
            <h2>"Run this solution"</h2>
            <form on:submit=move |ev| ev.prevent_default()>
                <RunFields sig=sig by_name=false prefix="run"/>
                <ActionButton id="run-submit" label="Run" pending=run.pending()
                    on_click=Callback::new(move |_| {
                        if let Some(req) = sig.attempt(RunForm::validate) {
                            run.dispatch(req);
                        }
                    })/>
            </form>
            {move || started_notice("run-started", run.value().get())}
        </section>

        <h2>"Jobs of this solution"</h2>
        <JobsView base=solution_href(&id.get_value()) solution=id.get_value() refresh=refresh/>

        <section class="danger-zone">
            <h2>"Delete"</h2>
            <p>"Deletes this deployed solution through an asynchronous job. Its past jobs stay listed."</p>
            <button type="button" class="btn danger" id="delete-open" on:click=move |_| confirm.set(true)>
                "Delete solution"
            </button>
            <ConfirmDialog
                open=confirm
                title="Delete this solution?"
                confirm_label="Delete"
                danger=true
                typed=Signal::derive(move || name.clone())
                on_confirm=Callback::new(move |_| { delete.dispatch(()); })
            >
                <p>{format!("{title} will be deleted. Runs that use it by name will fail.")}</p>
            </ConfirmDialog>
            {move || started_notice("delete-started", delete.value().get())}
        </section>
        })}
    }
}
