//! One solution (S3): every field, its metadata, a state/visibility change (S7), a run (S4),
//! its jobs (S8) and deletion with typed confirmation (S6).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::forms::{run_form, started_notice, track_started, RunSignals};
use super::jobs::JobsView;
use super::solution_href;
use crate::api::id::cross_check;
use crate::api::solutions::{
    delete_solution, get_solution, pretty_metadata, run_solution, update_solution, RunForm,
    RunRequest, Solution, SOLUTION_STATES, VISIBILITIES,
};
use crate::api::Id;
use crate::ui::{
    isolate, options, use_call, use_write_then, ActionButton, ConfirmDialog, SelectField,
    StatusBadge, TimeAgo,
};

#[component]
pub fn Detail() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.get().get("uuid").unwrap_or_default());
    let solution = use_call(move || Some(get_solution(&uuid.get())));
    let failed = move || matches!(solution.get(), Some(Err(_)));
    view! {
        <Show when=failed>
            <h1>"Solution " <code>{move || uuid.get()}</code></h1>
        </Show>
        // The last answer stays shown while the next loads.
        {solution.view(move |s| view! { <SolutionView solution=s address=uuid.get_untracked()/> })}
        <Show when=failed>
            <A href="/solutions">"Back to the catalog"</A>
        </Show>
    }
}

/// `Some(value)` unless the choice is "keep".
fn chosen(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

#[component]
fn SolutionView(solution: Solution, address: String) -> impl IntoView {
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
    let sent_visibility = StoredValue::new(String::new());
    let patch = use_write_then(
        move |(state, visibility): &(String, String)| {
            sent_visibility.set_value(visibility.clone());
            update_solution(&id.get_value(), chosen(state), chosen(visibility))
        },
        move |r| {
            if let Ok(s) = r {
                shown.try_set(s.clone());
                let visibility = sent_visibility.get_value();
                if !visibility.is_empty() {
                    set_visibility.try_set(Some(visibility));
                }
            }
        },
    );

    let sig = RunSignals::new();
    let what = title.clone();
    let run = use_write_then(
        move |req: &RunRequest| run_solution(&id.get_value(), req),
        move |r| {
            track_started(r, format!("Run {what}"), &id.get_value());
            if r.is_ok() {
                refresh.try_update(|n| *n += 1);
            }
        },
    );

    let confirm = RwSignal::new(false);
    let what = title.clone();
    let delete = use_write_then(
        move |_: &()| delete_solution(&id.get_value()),
        move |r| track_started(r, format!("Delete {what}"), &id.get_value()),
    );

    let keep = |values: &[&str]| {
        let list = options("Keep as is", values.iter().map(|v| v.to_string()));
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
                            patch.send((s, v));
                        }
                    })/>
            </form>
            {patch.view(|s| view! { <p class="notice ok" id="patch-result">"Updated: the solution is now " {s.state} "."</p> })}
        </section>

        <section class="card">
            <h2>"Run this solution"</h2>
            {run_form(sig, false, "run", None, RunForm::validate, run)}
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
                on_confirm=Callback::new(move |_| delete.send(()))
            >
                <p>{format!("{title} will be deleted. Runs that use it by name will fail.")}</p>
            </ConfirmDialog>
            {delete.view(|s| started_notice("delete-started", s))}
        </section>
        })}
    }
}
