//! The Deployment Manager area: the control plane of a production cluster. Every call that
//! changes what runs says what it will do, asks for confirmation (typed for the dangerous ones)
//! and shows the per-object outcome afterwards.

mod base;
mod configs;
mod jobs;
mod labels;
mod patches;
mod settings;
mod setup;
mod status;
mod telescope;

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;

use super::lazy::{lazy_routes, resume_hook};
use crate::api::dm::input::validate_file_name;
use crate::api::dm::{ApplyOutcome, FailedObject};
use crate::api::{ApiError, Call, FilePart, Response};
use crate::ui::{
    tab_enum, tabs, use_write_then, ActionButton, Column, ConfirmDialog, DataTable, ErrorNotice,
};
use base::BaseConfigsPage;
use configs::ConfigsPage;
use labels::{LabelsPage, ResourcingPage};
use patches::PatchesPage;
use settings::SettingsPage;
use setup::SetupPage;
use status::{DeploymentPage, KubePage, StatusPage};
use telescope::TelescopePage;

lazy_routes!(dm_area => DmAreaRoute, DmRoutes);

resume_hook!(dm_area, jobs::follow);

/// Where the area's followed jobs (uploads, telescope) are saved (for the resume hook's
/// registration).
pub const JOBS_KEY: &str = jobs::KEY;

/// The area's pages (in its chunk, under the shell's `/deployment-manager/*rest`).
#[component(transparent)]
fn DmRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/deployment-manager") view=Layout>
            <Route path=path!("") view=StatusPage/>
            <Route path=path!("setup") view=SetupPage/>
            <Route path=path!("base-configs") view=BaseConfigsPage/>
            <Route path=path!("patches") view=PatchesPage/>
            <Route path=path!("configs") view=ConfigsPage/>
            <Route path=path!("deployment") view=DeploymentPage/>
            <Route path=path!("labels") view=LabelsPage/>
            <Route path=path!("resourcing") view=ResourcingPage/>
            <Route path=path!("telescope") view=TelescopePage/>
            <Route path=path!("settings") view=SettingsPage/>
            <Route path=path!("kube") view=KubePage/>
        </ParentRoute>
    }
    .into_inner()
}

tab_enum!(DmTab {
    Status => ("Status", ""),
    Setup => ("Setup", "setup"),
    BaseConfigs => ("Base configs", "base-configs"),
    Patches => ("Patches", "patches"),
    Configs => ("Configs", "configs"),
    Deployment => ("Deployment", "deployment"),
    Labels => ("Labels", "labels"),
    Resourcing => ("Resourcing", "resourcing"),
    Telescope => ("Telescope", "telescope"),
    Settings => ("Settings", "settings"),
    Kube => ("Kube", "kube"),
});

#[component]
fn Layout() -> impl IntoView {
    jobs::follow();
    view! {
        <h1>"Deployment Manager"</h1>
        {tabs::<DmTab>("/deployment-manager", "Deployment Manager", "dm-tab")}
        <Outlet/>
    }
}

/// What a state-changing call returned, for [`Change`].
#[derive(Clone, Debug)]
pub enum Done {
    Outcome(ApplyOutcome),
    Note(String),
}

/// What a confirmed change sends (as a raw call), and how its answer or failure is read.
pub struct Prepared {
    call: Call<Response>,
    read: Box<Reader>,
}

type Reader = dyn FnOnce(Result<Response, ApiError>) -> Result<Done, ApiError>;

/// Builds the change to send when the operator confirms; `None` when there is nothing to send.
pub type Run = Rc<dyn Fn() -> Option<Prepared>>;

/// A call to send, with what to do with its decoded answer (or its error).
pub(crate) fn prepared<T: 'static>(
    call: Call<T>,
    read: impl FnOnce(Result<T, ApiError>) -> Result<Done, ApiError> + 'static,
) -> Prepared {
    Prepared {
        call: Call::raw(call.api, call.request.clone()),
        read: Box::new(move |r| read(r.and_then(|resp| call.decode(&resp)))),
    }
}

/// A state-changing call: `make` builds it when the operator confirms, `done` reads its answer.
pub(crate) fn run<T: 'static>(make: impl Fn() -> Call<T> + 'static, done: fn(T) -> Done) -> Run {
    Rc::new(move || Some(prepared(make(), move |r| r.map(done))))
}

pub(crate) fn outcome(o: ApplyOutcome) -> Done {
    Done::Outcome(o)
}

/// A button that opens a confirmation saying what will happen (the children), sends the call
/// on confirm, and shows what the cluster did. `check` runs the field validators first: the
/// dialog opens only when they pass.
#[component]
pub(crate) fn Change(
    #[prop(into)] label: String,
    #[prop(into)] title: String,
    run: Run,
    #[prop(optional, into)] typed: Option<Signal<String>>,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] id: String,
    #[prop(optional, into)] check: Option<Callback<(), bool>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] on_done: Option<Callback<bool>>,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let run = StoredValue::new_local(run);
    // How the answer of the change under way is read, and what it was read as.
    let reader = StoredValue::new_local(None::<Box<Reader>>);
    let done = RwSignal::new(None::<Result<Done, ApiError>>);
    let nothing = RwSignal::new(false);
    let write = use_write_then(
        |c: &Call<Response>| Call::raw(c.api, c.request.clone()),
        move |r| {
            let read = reader.try_update_value(Option::take).flatten();
            let d = read.map(|read| read(r.clone()));
            if let (Some(cb), Some(d)) = (on_done, &d) {
                cb.run(d.is_ok());
            }
            done.try_set(d);
        },
    );
    let confirmed = move || {
        if write.pending().get_untracked() {
            return;
        }
        match run.with_value(|f| f()) {
            None => nothing.set(true),
            Some(p) => {
                nothing.set(false);
                reader.set_value(Some(p.read));
                write.send(p.call);
            }
        }
    };
    let result_id = format!("{id}-result");
    let upload_id = format!("{id}-upload");
    view! {
        <div class="dm-change">
            <ActionButton
                id=id
                label=label.clone()
                pending=write.pending()
                danger=danger
                disabled=disabled
                on_click=Callback::new(move |_| {
                    if check.map(|c| c.run(())).unwrap_or(true) {
                        open.set(true);
                    }
                })
            />
            <ConfirmDialog open=open title=title confirm_label=label typed=typed.unwrap_or_default() danger=danger
                on_confirm=Callback::new(move |_| confirmed())>
                {children()}
            </ConfirmDialog>
            <p class="dm-upload" id=upload_id>{write.upload_view()}</p>
            <div class="dm-result" id=result_id aria-live="polite">
                {move || nothing.get().then(|| view! { <p class="notice ok">"Nothing to send."</p> })}
                {write.outcome(move |_| done.get().map(result_view))}
            </div>
        </div>
    }
}

/// The outcome of a change: objects applied, objects that failed with their reasons, or the
/// error (with the per-object lists a failure answer carries).
pub(crate) fn result_view(r: Result<Done, ApiError>) -> AnyView {
    match r {
        Ok(Done::Note(text)) => view! { <p class="notice ok">{text}</p> }.into_any(),
        Ok(Done::Outcome(o)) => outcome_view(o),
        Err(e) => {
            let lists = ApplyOutcome::from_error(&e).map(outcome_view);
            view! { <ErrorNotice error=e/> {lists} }.into_any()
        }
    }
}

pub(crate) fn outcome_view(o: ApplyOutcome) -> AnyView {
    if !o.told {
        // Neither documented list came back: success cannot be claimed.
        return view! {
            <div class="notice warn dm-outcome">
                <p>"The server accepted the request but did not say what was applied."</p>
                {o.error.map(|e| view! { <p>{e}</p> })}
            </div>
        }
        .into_any();
    }
    let class = if o.all_ok() {
        "notice ok dm-outcome"
    } else {
        "notice warn dm-outcome"
    };
    let ok = o.successful.len();
    let failed = o.failed.clone();
    view! {
        <div class=class>
            <p>{format!("Applied to {ok} object(s); {} failed.", failed.len())}</p>
            {o.error.map(|e| view! { <p>{e}</p> })}
            {(!failed.is_empty()).then(|| {
                let columns = vec![
                    Column::text("Failed object", |f: &FailedObject| f.name.clone()),
                    Column::text("Reason", |f: &FailedObject| f.reason.clone().unwrap_or_else(|| "not given".into())),
                ];
                view! { <div class="dm-failed"><DataTable rows=failed columns=columns/></div> }
            })}
            {(ok > 0).then(|| view! {
                <details class="dm-applied"><summary>{format!("{ok} applied")}</summary>
                    <p class="dm-names">{o.successful.join(", ")}</p>
                </details>
            })}
        </div>
    }
    .into_any()
}

/// What is wrong with a chosen file: none chosen (`missing` says what to choose), or a name
/// that does not end as `allowed` asks.
pub(crate) fn file_problem(
    file: Option<FilePart>,
    missing: &str,
    allowed: &[&str],
) -> Option<String> {
    match file {
        None => Some(missing.to_string()),
        Some(f) => validate_file_name("file", &f.file_name, allowed)
            .err()
            .map(|e| e.message),
    }
}

/// Config text, read-only.
pub(crate) fn code(text: String) -> AnyView {
    view! { <pre class="code dm-code">{text}</pre> }.into_any()
}

/// A file input that reads the chosen file into `file`.
#[component]
pub(crate) fn FileInput(
    #[prop(into)] label: String,
    file: RwSignal<Option<FilePart>>,
    #[prop(into)] accept: String,
    #[prop(optional, into)] id: String,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let part = read_file(&input).await;
            let _ = file.try_set(part);
        });
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input type="file" id=id accept=accept on:change=on_change/>
            <small class="help">{move || file.get().map(|f| format!("{} ({} bytes)", f.file_name, f.bytes.len()))}</small>
            <small class="field-error" role="alert">{move || error.get()}</small>
        </label>
    }
}

async fn read_file(input: &web_sys::HtmlInputElement) -> Option<FilePart> {
    let f = input.files()?.get(0)?;
    let buf = wasm_bindgen_futures::JsFuture::from(f.array_buffer())
        .await
        .ok()?;
    let content_type = match f.type_() {
        t if t.is_empty() => "application/octet-stream".to_string(),
        t => t,
    };
    Some(FilePart {
        file_name: f.name(),
        content_type,
        bytes: js_sys::Uint8Array::new(&buf).to_vec(),
    })
}
