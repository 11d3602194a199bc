//! The Deployment Manager area: the control plane of a production cluster. Every call that
//! changes what runs says what it will do, asks for confirmation (typed for the dangerous ones)
//! and shows the per-object outcome afterwards.

mod base;
mod configs;
pub mod diff;
mod labels;
mod patches;
mod settings;
mod setup;
mod status;
mod telescope;

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, A};
use leptos_router::{path, Lazy};

use super::lazy::lazy_area;
use crate::api::dm::ApplyOutcome;
use crate::api::transport::Progress;
use crate::api::{ApiError, Body, Call, FilePart, Response};
use crate::client::{abort_on_cleanup, use_client, Client};
use crate::ui::{format_bytes, ActionButton, ConfirmDialog, ErrorNotice};
use base::BaseConfigsPage;
use configs::ConfigsPage;
use labels::{LabelsPage, ResourcingPage};
use patches::PatchesPage;
use settings::SettingsPage;
use setup::SetupPage;
use status::{DeploymentPage, KubePage, StatusPage};
use telescope::TelescopePage;

lazy_area!(dm_area {
    DmLayoutRoute => Layout,
    DmStatusRoute => StatusPage,
    DmSetupRoute => SetupPage,
    DmBaseConfigsRoute => BaseConfigsPage,
    DmPatchesRoute => PatchesPage,
    DmConfigsRoute => ConfigsPage,
    DmDeploymentRoute => DeploymentPage,
    DmLabelsRoute => LabelsPage,
    DmResourcingRoute => ResourcingPage,
    DmTelescopeRoute => TelescopePage,
    DmSettingsRoute => SettingsPage,
    DmKubeRoute => KubePage,
});

#[component(transparent)]
pub fn DmRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/deployment-manager") view={Lazy::<DmLayoutRoute>::new()}>
            <Route path=path!("") view={Lazy::<DmStatusRoute>::new()}/>
            <Route path=path!("setup") view={Lazy::<DmSetupRoute>::new()}/>
            <Route path=path!("base-configs") view={Lazy::<DmBaseConfigsRoute>::new()}/>
            <Route path=path!("patches") view={Lazy::<DmPatchesRoute>::new()}/>
            <Route path=path!("configs") view={Lazy::<DmConfigsRoute>::new()}/>
            <Route path=path!("deployment") view={Lazy::<DmDeploymentRoute>::new()}/>
            <Route path=path!("labels") view={Lazy::<DmLabelsRoute>::new()}/>
            <Route path=path!("resourcing") view={Lazy::<DmResourcingRoute>::new()}/>
            <Route path=path!("telescope") view={Lazy::<DmTelescopeRoute>::new()}/>
            <Route path=path!("settings") view={Lazy::<DmSettingsRoute>::new()}/>
            <Route path=path!("kube") view={Lazy::<DmKubeRoute>::new()}/>
        </ParentRoute>
    }
    .into_inner()
}

const TABS: [(&str, &str); 11] = [
    ("", "Status"),
    ("/setup", "Setup"),
    ("/base-configs", "Base configs"),
    ("/patches", "Patches"),
    ("/configs", "Configs"),
    ("/deployment", "Deployment"),
    ("/labels", "Labels"),
    ("/resourcing", "Resourcing"),
    ("/telescope", "Telescope"),
    ("/settings", "Settings"),
    ("/kube", "Kube"),
];

#[component]
fn Layout() -> impl IntoView {
    view! {
        <h1>"Deployment Manager"</h1>
        <nav class="tabs" aria-label="Deployment Manager">
            {TABS.iter().map(|(p, label)| view! {
                <A href=format!("/deployment-manager{p}") exact=true attr:id=format!("dm-tab{}", p.replace('/', "-"))>{*label}</A>
            }).collect_view()}
        </nav>
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

/// Sends a call through the client as a raw call and decodes the answer with the operation's
/// own decoder: the client's send path is compiled once for the whole area instead of once per
/// answer type, which keeps the bundle smaller.
pub(crate) async fn send<T>(client: Client, call: Call<T>) -> Result<T, ApiError> {
    let resp = client
        .send(Call::raw(call.api, call.request.clone()))
        .await?;
    call.decode(&resp)
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
    let alive = crate::ui::OwnerAlive::new();
    let client = use_client();
    // Bytes of an upload sent so far, and the total (multipart bodies only).
    let sent = RwSignal::new(None::<(f64, f64)>);
    let action = Action::new_local(move |_: &()| {
        let p = run.with_value(|f| f());
        let alive = alive.clone();
        async move {
            let Some(p) = p else {
                return Ok(Done::Note("Nothing to send.".into()));
            };
            let answer = if matches!(p.call.request.body, Body::Multipart(_)) {
                sent.set(Some((0.0, 0.0)));
                let progress: Progress = Rc::new(move |done, total| {
                    sent.try_set(Some((done, total)));
                });
                client.send_upload(p.call, progress).await
            } else {
                sent.set(None);
                client.send(p.call).await
            };
            if !alive.get() {
                return Err(ApiError::Cancelled);
            }
            let r = (p.read)(answer);
            if let Some(cb) = on_done {
                cb.run(r.is_ok());
            }
            r
        }
    });
    let result_id = format!("{id}-result");
    let upload_id = format!("{id}-upload");
    view! {
        <div class="dm-change">
            <ActionButton
                id=id
                label=label.clone()
                pending=action.pending()
                danger=danger
                disabled=disabled
                on_click=Callback::new(move |_| {
                    if check.map(|c| c.run(())).unwrap_or(true) {
                        open.set(true);
                    }
                })
            />
            <ConfirmDialog open=open title=title confirm_label=label typed=typed.unwrap_or_default() danger=danger
                on_confirm=Callback::new(move |_| { action.dispatch(()); })>
                {children()}
            </ConfirmDialog>
            {move || sent.get().map(|(done, total)| {
                let pending = action.pending().get();
                view! {
                    <p class="dm-upload" id=upload_id.clone()>
                        <progress max=total.max(1.0) value=if pending { done } else { total.max(1.0) }></progress>
                        " " {upload_words(pending, done, total)}
                    </p>
                }
            })}
            <div class="dm-result" id=result_id aria-live="polite">
                {move || action.value().get().map(result_view)}
            </div>
        </div>
    }
}

/// An upload's progress in words: how much of the body has gone out.
fn upload_words(pending: bool, done: f64, total: f64) -> String {
    match (pending, total > 0.0) {
        (true, true) => format!(
            "Uploading: {} of {} ({:.0}%)…",
            format_bytes(done),
            format_bytes(total),
            done / total * 100.0
        ),
        (true, false) => "Uploading…".to_string(),
        (false, true) => format!("Uploaded {}.", format_bytes(total)),
        (false, false) => "Upload sent.".to_string(),
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
            {(!failed.is_empty()).then(|| view! {
                <table class="data dm-failed">
                    <thead><tr><th>"Failed object"</th><th>"Reason"</th></tr></thead>
                    <tbody>{failed.into_iter().map(|f| view! {
                        <tr><td>{f.name}</td><td>{f.reason.unwrap_or_else(|| "not given".into())}</td></tr>
                    }).collect_view()}</tbody>
                </table>
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

type Raw = Option<Result<Response, ApiError>>;
type MakeCall<T> = Rc<dyn Fn() -> Option<Call<T>>>;

/// A read a page loads: sent as a raw call (one resource type for every read, which keeps the
/// bundle small) and decoded with the operation's own decoder when shown.
pub(crate) struct Loaded<T: 'static> {
    res: LocalResource<Raw>,
    make: StoredValue<MakeCall<T>, LocalStorage>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: 'static> Loaded<T> {
    /// `None` while loading (or not asked for), then the decoded answer. Tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        let raw = self.res.get().flatten()?;
        let call = untrack(|| self.make.with_value(|m| m()))?;
        Some(raw.and_then(|resp| call.decode(&resp)))
    }

    /// The value when it loaded fine. Tracked.
    pub fn ready(&self) -> Option<T> {
        self.get().and_then(Result::ok)
    }

    pub fn refetch(&self) {
        self.res.refetch();
    }
}

/// A read that a page loads (cancelled when the page goes away), re-run when the signals
/// `make` reads change; `make` returning `None` means "not asked for".
pub(crate) fn load<T: 'static>(make: impl Fn() -> Option<Call<T>> + 'static) -> Loaded<T> {
    let client = use_client();
    let controller = abort_on_cleanup();
    let make: MakeCall<T> = Rc::new(make);
    let fetch = make.clone();
    let res = LocalResource::new(move || {
        let wanted = fetch().map(|c| Call::raw(c.api, c.request));
        let controller = controller.clone();
        async move {
            let call = wanted?;
            Some(match controller {
                Some(c) => client.send_cancellable(call, c).await,
                None => client.send(call).await,
            })
        }
    });
    Loaded {
        res,
        make: StoredValue::new_local(make),
    }
}

/// Renders a loaded read: its value, its error with a retry, or "Loading…".
pub(crate) fn shown<T, V>(
    l: Loaded<T>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: 'static,
    V: IntoView + 'static,
{
    move || match l.get() {
        None => view! { <p class="loading">"Loading…"</p> }.into_any(),
        Some(Ok(v)) => ok(v).into_any(),
        Some(Err(e)) => {
            view! { <ErrorNotice error=e retry=Callback::new(move |_| l.refetch())/> }.into_any()
        }
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

/// Shows a validation message only after the first attempt to send.
pub(crate) fn after(
    touched: RwSignal<bool>,
    msg: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    Signal::derive(move || if touched.get() { msg() } else { None })
}
