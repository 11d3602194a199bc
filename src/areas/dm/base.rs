//! Base configs (ops 6–10, 30–34): releases per object, the configs themselves, uploads
//! (synchronous, or asynchronous and followed to completion in the activity center,
//! [`super::jobs`]), image overrides, upgrade history.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::jobs::{self, DmJob, Kind};
use super::{code, file_problem, outcome, run, Change, Done, FileInput, Run};
use crate::api::dm::input::{
    kind_and_name, split_documents, validate_comment, validate_image, validate_release,
    ConfigSource, ImageUpdate, BASE_CONFIG_FILES,
};
use crate::api::dm::{self, ObjectVersions};
use crate::api::{seg, FilePart};
use crate::ui::{
    options, use_call, Attempt, Field, FollowedJob, SelectField, StatusBadge, TextArea, TimeAgo,
};

const HERE: &str = "/deployment-manager/base-configs";

fn release_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

fn releases_of(list: &[ObjectVersions]) -> Vec<String> {
    let mut all: Vec<String> = list.iter().flat_map(|o| o.versions.clone()).collect();
    all.sort_by_key(|v| release_key(v));
    all.dedup();
    all
}

#[component]
pub fn BaseConfigsPage() -> impl IntoView {
    let query = use_query_map();
    let object = Signal::derive(move || query.with(|q| q.get("object").unwrap_or_default()));
    let version = Signal::derive(move || query.with(|q| q.get("version").unwrap_or_default()));
    let versions = use_call(|| Some(dm::base_config_versions()));
    let all = Signal::derive(move || versions.ready().unwrap_or_default());
    view! {
        <h2>"Releases per object"</h2>
        {versions.view(matrix)}
        <ObjectPanel object=object/>
        <ConfigList object=object version=version all=all/>
        <UploadForm/>
        <ImageForm all=all/>
        <History/>
    }
}

/// Objects × releases, a mark where the object has a base config for the release.
fn matrix(list: Vec<ObjectVersions>) -> impl IntoView {
    let releases = releases_of(&list);
    let head = releases.clone();
    view! {
        <div class="table-wrap">
            <table class="data dm-matrix" id="dm-matrix">
                <thead><tr><th>"Object"</th>{head.into_iter().map(|r| view! { <th>{r}</th> }).collect_view()}</tr></thead>
                <tbody>{list.into_iter().map(|o| {
                    let cells = releases.iter().map(|r| {
                        let has = o.versions.contains(r);
                        view! { <td class=if has { "dm-has" } else { "dm-none" }>{if has { "✓" } else { "–" }}</td> }
                    }).collect_view();
                    view! {
                        <tr>
                            <td><A href=format!("{HERE}?object={}", seg(&o.object_name))>{o.object_name.clone()}</A></td>
                            {cells}
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ObjectPanel(object: Signal<String>) -> impl IntoView {
    let versions = use_call(move || {
        let o = object.get();
        (!o.is_empty()).then(|| dm::object_versions(&o))
    });
    let containers = use_call(move || {
        let o = object.get();
        (!o.is_empty()).then(|| dm::containers(&o))
    });
    view! {
        <Show when=move || !object.get().is_empty()>
            <section class="card" id="dm-object">
                <h3>{move || object.get()}</h3>
                <p>"Releases: " {versions.view(|v| v.join(", "))}</p>
                <p>"Containers: " {containers.view(|c| c.join(", "))}</p>
                <A href=HERE>"Clear the object"</A>
            </section>
        </Show>
    }
}

#[component]
fn ConfigList(
    object: Signal<String>,
    version: Signal<String>,
    all: Signal<Vec<ObjectVersions>>,
) -> impl IntoView {
    let version_pick = RwSignal::new(version.get_untracked());
    let object_pick = RwSignal::new(object.get_untracked());
    let shown_for = RwSignal::new(None::<(String, String)>);
    let list = use_call(move || {
        let (v, o) = shown_for.get()?;
        Some(dm::base_configs(Some(&v), Some(&o)))
    });
    let release_options = Signal::derive(move || options("Every release", releases_of(&all.get())));
    let object_options = Signal::derive(move || {
        options("Every object", all.get().into_iter().map(|v| v.object_name))
    });
    view! {
        <h2>"Base configs"</h2>
        <div class="dm-row">
            <SelectField label="Release" value=version_pick options=release_options id="dm-bc-version"/>
            <SelectField label="Object" value=object_pick options=object_options id="dm-bc-object"/>
            <button type="button" class="btn" id="dm-bc-show" on:click=move |_| shown_for.set(Some((version_pick.get(), object_pick.get())))>"Show configs"</button>
        </div>
        <div id="dm-bc-list">
            {list.view(|items| view! {
                <p class="muted">{format!("{} base config(s).", items.len())}</p>
                {items.into_iter().map(|b| view! {
                    <details class="dm-config">
                        <summary>{b.object_name.clone()} " · " {b.version.clone()} " " <StatusBadge status=b.state.clone()/>
                            {(!b.previous_version.is_empty()).then(|| format!(" (previous {})", b.previous_version))}</summary>
                        {code(b.config)}
                    </details>
                }).collect_view()}
            })}
        </div>
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let release = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let file = RwSignal::new(None::<FilePart>);
    let use_file = RwSignal::new(false);
    let touched = Attempt::new();
    // The newest upload followed (it survives navigation and reloads, like every followed job).
    let following = Memo::new(|_| {
        jobs::followed()
            .list()
            .into_iter()
            .find(|j| j.kind == Kind::Upload)
            .map(|j| j.id)
    });
    let source = move || {
        if use_file.get() {
            file.get().map(ConfigSource::File)
        } else {
            Some(ConfigSource::Text(text.get()))
        }
    };
    let docs = Signal::derive(move || split_documents(&text.get()));
    let release_error =
        touched.error(move || validate_release(&release.get()).err().map(|e| e.message));
    let source_error = touched.error(move || {
        if use_file.get() {
            file_problem(
                file.get(),
                "Choose a .zip or .tar.gz file.",
                &BASE_CONFIG_FILES,
            )
        } else if docs.get().is_empty() {
            Some("Paste at least one Kubernetes config.".to_string())
        } else {
            None
        }
    });
    let check = Callback::new(move |_| {
        touched.mark();
        release_error.get_untracked().is_none() && source_error.get_untracked().is_none()
    });
    let upload: Run = Rc::new(move || {
        let call =
            untrack(source).map(|s| dm::upload_base_configs(&release.get_untracked(), &s))?;
        let what = format!("Upload of release {}", release.get_untracked());
        Some(super::prepared(call, move |r| {
            let id = r?;
            Ok(Done::Note(match DmJob::new(Kind::Upload, &id, what) {
                Some(job) => {
                    jobs::followed().add(job);
                    format!("Upload accepted as request {id}; following it below.")
                }
                None => {
                    "Upload accepted; the server sent no request id, so it cannot be followed here."
                        .into()
                }
            }))
        }))
    });
    let what = move || {
        let size = if use_file.get() {
            file.get()
                .map(|f| {
                    format!(
                        "the archive {} ({} KB)",
                        f.file_name,
                        f.bytes.len().div_ceil(1024)
                    )
                })
                .unwrap_or_default()
        } else {
            let d = docs.get();
            let names: Vec<String> = d
                .iter()
                .map(|doc| match kind_and_name(doc) {
                    (Some(k), Some(n)) => format!("{k} {n}"),
                    (_, Some(n)) => n,
                    _ => "an unnamed config".into(),
                })
                .collect();
            format!("{} config(s): {}", d.len(), names.join(", "))
        };
        format!("Stores {size} as release {} and applies them to the running cluster. A release newer than the platform's upgrades it.", release.get())
    };
    view! {
        <h2>"Upload base configs"</h2>
        <div class="dm-form" id="dm-upload-form">
            <Field label="Release version" value=release error=release_error id="dm-up-release" placeholder="23.07.0"/>
            <label class="check"><input type="checkbox" id="dm-up-use-file" prop:checked=move || use_file.get()
                on:change=move |ev| use_file.set(event_target_checked(&ev))/><span>"Upload an archive (.zip or .tar.gz) instead of pasting"</span></label>
            <Show when=move || use_file.get() fallback=move || view! {
                <TextArea label="Kubernetes configs (separate several with ---)" value=text error=source_error id="dm-up-text" rows=10/>
                <p class="muted" id="dm-up-docs">{move || format!("{} document(s) found.", docs.get().len())}</p>
            }>
                <FileInput label="Archive" file=file accept=".zip,.tar.gz,.tgz" id="dm-up-file" error=source_error/>
            </Show>
            <div class="dm-row">
                <Change id="dm-up-async" label="Upload and apply" title="Upload base configs?" danger=true check=check run=upload>
                    <p>{what}</p>
                    <p>"The upload runs in the background; the console follows it until it is done."</p>
                </Change>
                <Change id="dm-up-sync" label="Apply now (synchronous)" title="Create base configs now?" danger=true check=check
                    run=run(move || dm::create_base_configs(&release.get_untracked(), &untrack(source).unwrap_or(ConfigSource::Text(String::new()))), outcome)>
                    <p>{what}</p>
                    <p>"The synchronous call is deprecated for version upgrades; prefer the upload."</p>
                </Change>
            </div>
            {move || following.get().map(|id| view! { <UploadFollower id=id/> })}
        </div>
    }
}

/// An asynchronous upload as followed: running (how often checked), then its outcome in full
/// (read once it is done).
#[component]
fn UploadFollower(id: String) -> impl IntoView {
    let job_id = id.clone();
    let job = Memo::new(move |_| jobs::job(&job_id));
    let finished = Memo::new(move |_| job.with(|j| j.as_ref().is_some_and(|j| !j.pending())));
    let req = id.clone();
    let result = use_call(move || finished.get().then(|| dm::upload_result(&req)));
    view! {
        <div class="card" id="dm-upload-progress" aria-live="polite">
            <p>"Request " <code>{id}</code></p>
            <Show when=move || finished.get() fallback=move || view! {
                <p><StatusBadge status="running".to_string()/> {move || job.get().map(|j| format!(" {}…", j.progress()))}</p>
            }>
                {result.view(move |r| match r {
                    None => view! { <p><StatusBadge status="running".to_string()/></p> }.into_any(),
                    Some(o) => view! { <p><StatusBadge status="done".to_string()/></p> {super::outcome_view(o)} }.into_any(),
                })}
            </Show>
        </div>
    }
}

#[component]
fn ImageForm(all: Signal<Vec<ObjectVersions>>) -> impl IntoView {
    let object = RwSignal::new(String::new());
    let container = RwSignal::new(String::new());
    let image = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let touched = Attempt::new();
    let containers = use_call(move || {
        let o = object.get();
        (!o.is_empty()).then(|| dm::containers(&o))
    });
    let object_options = Signal::derive(move || {
        options(
            "Choose an object",
            all.get().into_iter().map(|v| v.object_name),
        )
    });
    let container_options = Signal::derive(move || {
        options(
            "The first container",
            containers.ready().unwrap_or_default(),
        )
    });
    let update = move || ImageUpdate {
        object: object.get(),
        container: container.get(),
        image: image.get(),
        comment: comment.get(),
    };
    let object_error = touched.error(move || {
        object
            .get()
            .is_empty()
            .then(|| "Choose an object.".to_string())
    });
    let image_error = touched.error(move || validate_image(&image.get()).err().map(|e| e.message));
    // The comment rule is shown as soon as something is typed.
    let comment_error = Signal::derive(move || {
        let c = comment.get();
        (touched.made() || !c.is_empty())
            .then(|| validate_comment(&c).err().map(|e| e.message))
            .flatten()
    });
    let check = Callback::new(move |_| {
        touched.mark();
        untrack(update).validate().is_ok()
    });
    view! {
        <h2>"Override an image"</h2>
        <div class="dm-form" id="dm-image-form">
            <SelectField label="Object" value=object options=object_options id="dm-img-object" error=object_error/>
            <SelectField label="Container" value=container options=container_options id="dm-img-container"/>
            <Field label="Image" value=image error=image_error id="dm-img-image" placeholder="gcr.io/instabase-public/image:tag"/>
            <Field label="Comment" value=comment error=comment_error id="dm-img-comment" placeholder="numpy-package-update"
                help="Letters, digits, - and _; at most 40 characters."/>
            <Change id="dm-img-apply" label="Override image" title="Override this image?" danger=true check=check
                run=run(move || dm::update_image(&untrack(update)), outcome)>
                <p>{move || format!("Sets the image of {} in {} to {} and applies it to the running cluster. The override lasts until a new base config is uploaded for the object.",
                    if container.get().is_empty() { "the first container".to_string() } else { format!("container {}", container.get()) }, object.get(), image.get())}</p>
            </Change>
        </div>
    }
}

#[component]
fn History() -> impl IntoView {
    let history = use_call(|| Some(dm::upgrade_history(Some(50), None)));
    view! {
        <h2>"Upgrade history"</h2>
        {history.view(|list| view! {
            <ol class="dm-timeline" id="dm-history">
                {list.into_iter().map(|u| view! {
                    <li>
                        <strong>{u.version}</strong>
                        " by " <bdi>{u.creators.join(", ")}</bdi>
                        <div class="muted">"first upload " <TimeAgo ms=u.created_ms/> " · last " <TimeAgo ms=u.last_updated_ms/></div>
                    </li>
                }).collect_view()}
            </ol>
        })}
    }
}
