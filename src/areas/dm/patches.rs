//! Patches (ops 11–16, 42): a dry run first, then the real apply, then the diff each object
//! got; the stored patches by object or keyword, their deletion; namespace and registry.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{code, file_problem, outcome, result_view, run, Change, Done, FileInput, Run};
use crate::api::dm::input::{
    patch_targets, validate_namespace, validate_registry, PatchSource, PATCH_FILES,
};
use crate::api::dm::{self, ApplyOutcome, DryRun, PatchInfo};
use crate::api::field::FieldError;
use crate::api::{Call, FilePart};
use crate::ui::DiffView;
use crate::ui::{
    use_call, use_write, ActionButton, Attempt, Checkbox, Field, Loaded, StatusBadge, TextArea,
    TimeAgo,
};

#[component]
pub fn PatchesPage() -> impl IntoView {
    view! {
        <ApplyForm/>
        <PatchList/>
        <NamespaceRegistry/>
    }
}

#[component]
fn ApplyForm() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let file = RwSignal::new(None::<FilePart>);
    let use_file = RwSignal::new(false);
    let description = RwSignal::new(String::new());
    let touched = Attempt::new();
    // What the last dry run was for: the apply is offered for exactly that patch.
    let dry_for = RwSignal::new(None::<String>);
    let applied = RwSignal::new(None::<ApplyOutcome>);
    let fingerprint = move || {
        if use_file.get() {
            file.get()
                .map(|f| format!("file:{}:{}", f.file_name, f.bytes.len()))
        } else {
            Some(format!("text:{}", text.get()))
        }
    };
    let source = move || {
        if use_file.get() {
            file.get().map(PatchSource::File)
        } else {
            Some(PatchSource::Text(text.get()))
        }
    };
    let problem = move || -> Option<String> {
        if use_file.get() {
            file_problem(file.get(), "Choose a patch file.", &PATCH_FILES)
        } else {
            patch_targets(&text.get()).err().map(|e| e.message)
        }
    };
    let error = touched.error(problem);
    let targets = move || patch_targets(&text.get()).unwrap_or_default().join(", ");
    let dry = use_write(move |s: &PatchSource| dm::dry_run_patch(s, &description.get_untracked()));
    let run_dry = move || {
        touched.mark();
        if untrack(problem).is_some() {
            return;
        }
        if let Some(s) = untrack(source) {
            applied.set(None);
            dry_for.set(untrack(fingerprint));
            dry.send(s);
        }
    };
    let dry_ok = move || {
        matches!(dry.done(), Some(Ok(_)))
            && dry_for.get().is_some()
            && dry_for.get() == fingerprint()
    };
    let apply: Run = Rc::new(move || {
        let call = untrack(source).map(|s| dm::apply_patch(&s, &description.get_untracked()))?;
        Some(super::prepared(call, move |r| {
            let o = match &r {
                Ok(o) => Some(o.clone()),
                Err(e) => ApplyOutcome::from_error(e),
            };
            applied.try_set(o);
            r.map(Done::Outcome)
        }))
    });
    view! {
        <h2>"Apply a patch"</h2>
        <div class="dm-form" id="dm-patch-form">
            <label class="check"><input type="checkbox" id="dm-patch-use-file" prop:checked=move || use_file.get()
                on:change=move |ev| use_file.set(event_target_checked(&ev))/><span>"Apply a file (.yml, .yaml, .json, .zip, .tar.gz)"</span></label>
            <Show when=move || use_file.get() fallback=move || view! {
                <TextArea label="Patch (YAML starting with # target:, or a JSON patch document)" value=text error=error id="dm-patch-text" rows=10/>
                <p class="muted" id="dm-patch-targets">{move || match targets() { t if t.is_empty() => String::new(), t => format!("Targets: {t}") }}</p>
            }>
                <FileInput label="Patch file" file=file accept=".yml,.yaml,.json,.zip,.tar.gz,.tgz" id="dm-patch-file" error=error/>
            </Show>
            <Field label="Description (optional)" value=description id="dm-patch-description"/>
            <div class="form-actions">
                <ActionButton id="dm-patch-dry" label="Dry run" pending=dry.pending() on_click=Callback::new(move |_| run_dry())/>
                <Change id="dm-patch-apply" label="Apply patch" title="Apply this patch to the cluster?" danger=true
                    disabled=Signal::derive(move || !dry_ok()) run=apply>
                    <p>"Writes the patch and applies the re-materialized config of every target shown by the dry run to the running cluster."</p>
                </Change>
            </div>
            <p class="muted">{move || (!dry_ok()).then_some("Run a dry run of this exact patch first; its result shows what each target would become.")}</p>
            <div id="dm-dry-results" aria-live="polite">
                {dry.outcome(|r| match r {
                    Ok(runs) => view! {
                        <p>{format!("{} target(s).", runs.len())}</p>
                        {runs.into_iter().map(|d| view! { <DryRunCard run=d/> }).collect_view()}
                    }.into_any(),
                    Err(e) => result_view(Err(e)),
                })}
            </div>
            <div id="dm-patch-diffs">
                {move || applied.get().map(|o| o.successful.into_iter().take(5).map(|name| view! { <ObjectDiff object=name/> }).collect_view())}
            </div>
        </div>
    }
}

/// One dry-run target: the materialized result beside the current config.
#[component]
fn DryRunCard(run: DryRun) -> impl IntoView {
    let Some(d) = run.dry_run else {
        return view! { <p class="notice warn dm-dry">{run.message.unwrap_or_else(|| "No result for this target.".into())}</p> }.into_any();
    };
    let name = d.object_name.clone();
    let current = use_call(move || Some(dm::config(&name)));
    let new = d.config.clone();
    view! {
        <section class="card dm-dry" id=format!("dm-dry-{}", d.object_name)>
            <h3>{d.object_name.clone()} " · release " {d.release_version.clone()}</h3>
            {current.view(move |c| view! { <DiffView before=c.config after=new.clone()/> })}
            <details><summary>"Materialized result"</summary>{code(d.config)}</details>
        </section>
    }
    .into_any()
}

/// The config an object had before and after its latest patch.
#[component]
fn ObjectDiff(object: String) -> impl IntoView {
    let name = object.clone();
    let current = use_call(move || Some(dm::config(&name)));
    let name = object.clone();
    let pair = use_call(move || {
        let v = current.ready()?.patch_version.unwrap_or(0);
        Some(dm::previous_config(&name, v))
    });
    view! {
        <section class="card" id=format!("dm-diff-{object}")>
            <h3>"What the patch changed in " {object.clone()}</h3>
            {current.view(move |c| {
                let v = c.patch_version.unwrap_or(0);
                pair.view(move |p| view! { <p class="muted">{format!("Patch {v}")}</p> <DiffView before=p.prev_config after=p.new_config/> })
            })}
        </section>
    }
}

#[component]
fn PatchList() -> impl IntoView {
    let query = use_query_map();
    let object = RwSignal::new(query.with_untracked(|q| q.get("object").unwrap_or_default()));
    let keyword = RwSignal::new(query.with_untracked(|q| q.get("q").unwrap_or_default()));
    let case = RwSignal::new(false);
    let limit = RwSignal::new("50".to_string());
    // Which list is shown: every patch, one object's, or a keyword search.
    let mode = RwSignal::new(0u8);
    let list = use_call(move || {
        Some(match mode.get() {
            1 => dm::patches_for(&object.get_untracked()),
            2 => dm::search_patches(
                &keyword.get_untracked(),
                case.get_untracked(),
                limit.get_untracked().trim().parse().unwrap_or(50),
            ),
            _ => dm::patches(),
        })
    });
    let show = move |m: u8| {
        mode.set(m);
        list.refetch();
    };
    view! {
        <h2>"Patches"</h2>
        <div class="dm-row">
            <button type="button" class="btn" id="dm-patches-all" on:click=move |_| show(0)>"All patches"</button>
            <Field label="Object" value=object id="dm-patches-object"/>
            <button type="button" class="btn" id="dm-patches-for" on:click=move |_| show(1)>"Patches of this object"</button>
        </div>
        <div class="dm-row">
            <Field label="Keyword" value=keyword id="dm-patches-q" placeholder="LOG_LEVEL: ERROR"/>
            <Checkbox label="Case-sensitive" value=case id="dm-patches-case"/>
            <Field label="At most" value=limit id="dm-patches-limit" input_type="number"/>
            <button type="button" class="btn" id="dm-patches-search" on:click=move |_| show(2)>"Search"</button>
        </div>
        <div id="dm-patches">{list.view(move |ps| patch_rows(ps, list))}</div>
    }
}

fn patch_rows(ps: Vec<PatchInfo>, list: Loaded<Vec<PatchInfo>>) -> impl IntoView {
    let refresh = Callback::new(move |ok: bool| {
        if ok {
            list.refetch()
        }
    });
    view! {
        <p class="muted">{format!("{} patch(es).", ps.len())}</p>
        {ps.into_iter().map(|p| {
            let version = p.version.unwrap_or(0);
            let typed = version.to_string();
            // Identity rule: a patch whose version did not read can be read, not deleted.
            let target = p.target.clone();
            let delete = match p.version_id() {
                Ok(id) => view! {
                    <Change id=format!("dm-patch-delete-{version}") label="Delete patch" title="Delete this patch?" danger=true typed=typed
                        run=run(move || dm::delete_patch(&id), outcome) on_done=refresh>
                        <p>"Removes patch " <code>{version}</code> " on " <strong>{target.clone()}</strong>
                           ", re-materializes the configs it touched and applies them to the running cluster."</p>
                    </Change>
                }.into_any(),
                Err(why) => view! { <p class="muted dm-patch-no-delete">"Cannot be deleted here: " {why.reason()} "."</p> }.into_any(),
            };
            view! {
                <details class="dm-config dm-patch" id=format!("dm-patch-{version}")>
                    <summary>
                        <code>{version}</code> " → " <strong>{p.target.clone()}</strong> " "
                        {p.state.clone().map(|s| view! { <StatusBadge status=s/> })}
                        " " {p.description.clone()}
                    </summary>
                    <p class="muted">"Created " <TimeAgo ms=Some(version)/>
                        {p.meta("createdBy").map(|b| format!(" by {b}"))}
                        {p.next_version.filter(|n| *n > 0).map(|n| format!(" · next patch {n}"))}</p>
                    {code(p.patch.clone())}
                    {delete}
                </details>
            }
        }).collect_view()}
    }
}

#[component]
fn NamespaceRegistry() -> impl IntoView {
    view! {
        <h2>"Namespace and image registry"</h2>
        <Rewrite label="New namespace" id="dm-ns" button="Move to namespace" placeholder="instabase"
            title="Rewrite the namespace of every config?" validate=validate_namespace send=dm::set_namespace
            says=("Rewrites the namespace of every config to ", " and applies them. Objects in the old namespace are not deleted: clean them up by hand.")/>
        <Rewrite label="Image registry" id="dm-registry" button="Set registry" placeholder="gcr.io/instabase-public"
            title="Rewrite the image registry of every config?" validate=validate_registry send=dm::set_registry
            says=("Every image of every config is pulled from ", " from now on; the configs are applied to the running cluster.")/>
    }
}

/// A rewrite of every config: the new value (validated after the first attempt) and the
/// confirmed change that applies it; `says` is what the confirmation says around the value.
#[component]
fn Rewrite(
    label: &'static str,
    id: &'static str,
    button: &'static str,
    title: &'static str,
    placeholder: &'static str,
    validate: fn(&str) -> Result<(), FieldError>,
    send: fn(&str) -> Call<ApplyOutcome>,
    says: (&'static str, &'static str),
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let touched = Attempt::new();
    let error = touched.error(move || validate(&value.get()).err().map(|e| e.message));
    view! {
        <div class="dm-row">
            <Field label=label value=value error=error id=id placeholder=placeholder/>
            <Change id=format!("{id}-apply") label=button title=title danger=true
                check=Callback::new(move |_| { touched.mark(); validate(&value.get_untracked()).is_ok() })
                run=run(move || send(&value.get_untracked()), outcome)>
                <p>{says.0} <code>{move || value.get()}</code> {says.1}</p>
            </Change>
        </div>
    }
}
