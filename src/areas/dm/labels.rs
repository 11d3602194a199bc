//! Resource labels (ops 20–25) and resourcing/autoscaling (ops 26–29, 48).

use leptos::prelude::*;

use super::{outcome, run, Change, Done};
use crate::api::dm::input::{validate_label, validate_object_name, ClusterSize};
use crate::api::dm::{self};
use crate::api::field::FieldError;
use crate::ui::{use_call, Attempt, Checkbox, Column, DataTable, Field, StatusBadge};

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// What is wrong with a comma-separated list: empty (`empty` says what to name), or the first
/// item `check` refuses.
fn list_problem(
    text: &str,
    empty: &str,
    check: impl Fn(&str) -> Result<(), FieldError>,
) -> Option<String> {
    let items = split_list(text);
    if items.is_empty() {
        return Some(empty.to_string());
    }
    items.iter().find_map(|i| check(i).err()).map(|e| e.message)
}

#[component]
pub fn LabelsPage() -> impl IntoView {
    let labels = use_call(|| Some(dm::labels()));
    let label = RwSignal::new(String::new());
    let must_exist = RwSignal::new(false);
    let objects = use_call(move || {
        let l = label.get();
        (!l.is_empty()).then(|| dm::objects_by_label(&l, must_exist.get()))
    });
    let object = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<String>);
    let of_object = use_call(move || asked.get().map(|o| dm::labels_of(&o)));
    let refresh = Callback::new(move |_: bool| {
        labels.refetch();
        objects.refetch();
        of_object.refetch();
    });
    view! {
        <h2>"Labels"</h2>
        <div id="dm-labels">{labels.view(move |ls| view! {
            <div class="dm-chips">{ls.into_iter().map(|l| {
                let pick = l.clone();
                let id = format!("dm-label-{l}");
                view! { <button type="button" class="btn small dm-chip" id=id on:click=move |_| label.set(pick.clone())>{l}</button> }
            }).collect_view()}</div>
        })}</div>
        <Show when=move || !label.get().is_empty()>
            <section class="card" id="dm-label-objects">
                <h3>"Objects labelled " {move || label.get()}</h3>
                <Checkbox label="Only objects that have base configs (must_exist)" value=must_exist id="dm-must-exist"/>
                {objects.view(|os| view! { <p>{if os.is_empty() { "None.".to_string() } else { os.join(", ") }}</p> })}
            </section>
        </Show>
        <div class="dm-row">
            <Field label="Object" value=object id="dm-labels-object"/>
            <button type="button" class="btn" id="dm-labels-of" on:click=move |_| asked.set(Some(object.get().trim().to_string()))>"Show its labels"</button>
        </div>
        <div id="dm-object-labels">{of_object.view(|ls| view! { <p>"Labels: " {if ls.is_empty() { "none".to_string() } else { ls.join(", ") }}</p> })}</div>
        <Change id="dm-unbind" label="Delete this object's bindings" title="Delete every label binding of this object?" danger=true
            disabled=Signal::derive(move || object.get().trim().is_empty())
            run=run(move || dm::delete_bindings(object.get_untracked().trim()), |_| Done::Note("Every label binding of the object was deleted.".into()))
            on_done=refresh>
            <p>"Removes every label from " <code>{move || object.get()}</code> ". Patches that target those labels stop applying to it."</p>
        </Change>
        <BindForm refresh=refresh/>
        <h2>"Default labels"</h2>
        <Change id="dm-defaults" label="Update default labels" title="Create the missing default labels?"
            run=run(dm::update_default_labels, |_| Done::Note("Missing default labels and bindings were created.".into())) on_done=refresh>
            <p>"Creates any missing default label (one per Kubernetes kind) and binds every object to its kind."</p>
        </Change>
    }
}

#[component]
fn BindForm(refresh: Callback<bool>) -> impl IntoView {
    let labels = RwSignal::new(String::new());
    let objects = RwSignal::new(String::new());
    let touched = Attempt::new();
    let label_error = touched.error(move || {
        list_problem(&labels.get(), "Name at least one label.", |l| {
            validate_label("label", l)
        })
    });
    let object_error = touched.error(move || {
        list_problem(&objects.get(), "Name at least one object.", |o| {
            validate_object_name("object_name", o)
        })
    });
    let check = Callback::new(move |_| {
        touched.mark();
        label_error.get_untracked().is_none() && object_error.get_untracked().is_none()
    });
    let pairs = move || {
        let (ls, os) = (split_list(&labels.get()), split_list(&objects.get()));
        ls.iter()
            .flat_map(|l| os.iter().map(move |o| format!("{l} → {o}")))
            .collect::<Vec<_>>()
    };
    view! {
        <h2>"Bind labels to objects"</h2>
        <div class="dm-form" id="dm-bind-form">
            <Field label="Labels (comma-separated)" value=labels error=label_error id="dm-bind-labels"/>
            <Field label="Objects (comma-separated)" value=objects error=object_error id="dm-bind-objects"/>
            <Change id="dm-bind" label="Create bindings" title="Create these label bindings?" danger=true check=check on_done=refresh
                run=run(move || dm::bind_labels(&split_list(&labels.get_untracked()), &split_list(&objects.get_untracked())), outcome)>
                <p>{move || format!("Creates {} binding(s) and updates the objects in the cluster with their new labels:", pairs().len())}</p>
                <ul>{move || pairs().into_iter().take(30).map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </Change>
        </div>
    }
}

#[component]
pub fn ResourcingPage() -> impl IntoView {
    let size = RwSignal::new(ClusterSize::Standard);
    let autoscaled = use_call(|| Some(dm::autoscaled()));
    let controllers = use_call(|| Some(dm::autoscaling_status()));
    let refresh = Callback::new(move |_: bool| controllers.refetch());
    view! {
        <h2>"Cluster size"</h2>
        <fieldset class="dm-sizes" id="dm-sizes">
            <legend>"Size"</legend>
            {ClusterSize::ALL.into_iter().map(|s| view! {
                <label class="radio">
                    <input type="radio" name="dm-size" id=format!("dm-size-{}", s.as_str()) prop:checked=move || size.get() == s on:change=move |_| size.set(s)/>
                    <span><strong>{s.as_str()}</strong> " — " {s.capacity()}</span>
                </label>
            }).collect_view()}
        </fieldset>
        <Change id="dm-resize" label="Resize the cluster" title="Change the cluster size?" danger=true
            typed=Signal::derive(move || size.get().as_str().to_string())
            run=run(move || dm::resize_cluster(size.get_untracked()), outcome)>
            <p>"Changes the replica counts and resources of every service to the " <strong>{move || size.get().as_str()}</strong>
               " profile (" {move || size.get().capacity()} ") and applies them to the running cluster."</p>
        </Change>
        <h2>"Autoscaled resources"</h2>
        <div id="dm-autoscaled">{autoscaled.view(|names| view! { <p>{names.join(", ")}</p> })}</div>
        <h2>"Autoscaling controllers"</h2>
        <div id="dm-controllers">{controllers.view(|m| {
            let columns = vec![
                Column::text("Controller", |(name, _): &(String, String)| name.clone()),
                Column::view("State", |(_, state): &(String, String)| view! { <StatusBadge status=state.clone()/> })
                    .sort_by_text(|(_, state)| state.clone()),
            ];
            let rows: Vec<(String, String)> = m.into_iter().collect();
            view! { <DataTable id="dm-controllers-table" in_url=true rows=rows columns=columns empty="No autoscaling controller."/> }
        })}</div>
        <div class="dm-row">
            <Change id="dm-pause" label="Pause autoscaling" title="Pause every autoscaling controller?" danger=true on_done=refresh
                run=run(dm::pause_autoscaling, |_| Done::Note("Autoscaling controllers paused.".into()))>
                <p>"Pauses every active autoscaling controller: replica counts stay where they are until resumed."</p>
            </Change>
            <Change id="dm-resume" label="Resume autoscaling" title="Resume the autoscaling controllers?" on_done=refresh
                run=run(dm::resume_autoscaling, |_| Done::Note("Autoscaling controllers resumed.".into()))>
                <p>"Resumes the paused controllers; they start changing replica counts again."</p>
            </Change>
        </div>
    }
}
