//! One set of credentials: every field with a copy button, the password hidden until revealed,
//! ready-to-paste connection snippets, and extend, kill and drop.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::jobs::use_jobs;
use super::overview_href;
use crate::api::id::cross_check;
use crate::api::keboola::{self as kb, Backend, CredentialsRecord, Extended, JobRef};
use crate::api::Id;
use crate::ui::{
    use_call, use_toasts, use_write_then, ActionButton, ConfirmDialog, CopyButton, Field, Write,
};

#[component]
pub fn Detail() -> impl IntoView {
    let toasts = use_toasts();
    let jobs = use_jobs();
    let navigate = use_navigate();
    let params = use_params_map();
    let backend = Memo::new(move |_| {
        params
            .with(|p| p.get("backend"))
            .and_then(|b| Backend::from_id(&b))
    });
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let record = use_call(move || {
        Some(kb::credentials_detail(
            backend.get()?,
            &Id::from_address(&id.get()).ok()?,
        ))
    });
    let back = move || overview_href(backend.get().unwrap_or(Backend::Mysql), "");
    let reload = move |r: bool| {
        if r {
            record.refetch();
        }
    };
    let b = move || backend.get_untracked().unwrap_or(Backend::Mysql);
    // Kept here, above what a reload re-renders: the reveal, the run id, the writes' outcomes.
    let state = State {
        revealed: RwSignal::new(false),
        run_id: RwSignal::new(String::new()),
        extend: use_write_then(
            move |(id, run): &(Id, String)| kb::extend_credentials(b(), id, Some(run)),
            move |r| reload(r.is_ok()),
        ),
        kill: use_write_then(
            move |(id, run): &(Id, String)| kb::kill_processes(b(), id, Some(run)),
            move |r| reload(r.is_ok()),
        ),
        drop: use_write_then(
            move |id: &Id| kb::drop_credentials(b(), id),
            move |r| {
                if r.is_ok() {
                    toasts.success(format!(
                        "Credentials {} were dropped.",
                        untrack(|| id.get())
                    ));
                    navigate(&overview_href(b(), ""), Default::default());
                }
            },
        ),
        drop_sandbox: use_write_then(
            |id: &Id| kb::drop_sandbox(id),
            move |r: &Result<JobRef, _>| {
                if let Ok(job) = r {
                    let target = untrack(|| id.get());
                    jobs.track(job, format!("Drop sandbox {target}"), "delete", &target);
                }
            },
        ),
    };
    // Another set of credentials (same page, new address): what was revealed or said about the
    // previous one does not carry over.
    Effect::new(move |previous: Option<(Option<Backend>, String)>| {
        let now = (backend.get(), id.get());
        if previous.is_some_and(|p| p != now) {
            state.revealed.set(false);
            state.clear();
        }
        now
    });
    let shown = move || {
        match backend.get() {
        Some(b) => record
            .view(move |rec| view! { <Credentials backend=b address=id.get_untracked() rec=rec state=state/> })
            .into_any(),
        None => view! { <p class="notice warn">"This backend is not one the document names: mysql, snowflake, redshift-workspace or docker."</p> }.into_any(),
    }
    };
    view! {
        <p class="crumbs"><A href=back>{crate::api::ApiKind::Keboola.label()}</A></p>
        <h1>{move || format!(
            "{} credentials {}",
            backend.get().map(Backend::label).unwrap_or("Unknown backend"),
            id.get()
        )}</h1>
        {shown}
    }
}

/// What the detail page keeps across reloads of the credentials.
#[derive(Clone, Copy)]
struct State {
    revealed: RwSignal<bool>,
    run_id: RwSignal<String>,
    extend: Write<(Id, String), Extended>,
    kill: Write<(Id, String), ()>,
    drop: Write<Id, ()>,
    drop_sandbox: Write<Id, JobRef>,
}

impl State {
    /// One of the actions is under way (they share the buttons' pending state).
    fn pending(self) -> Signal<bool> {
        Signal::derive(move || {
            self.extend.pending().get()
                || self.kill.pending().get()
                || self.drop.pending().get()
                || self.drop_sandbox.pending().get()
        })
    }

    /// Forgets every outcome (a new action, or other credentials).
    fn clear(self) {
        self.extend.clear();
        self.kill.clear();
        self.drop.clear();
        self.drop_sandbox.clear();
    }

    /// The last action's outcome or error, where the actions are.
    fn outcomes(self) -> impl IntoView {
        let note = |text: String| view! { <p class="notice ok" id="kb-note">{text}</p> };
        view! {
            {self.extend.view(move |e| note(format!(
                "Validity extended: last touch is now {}.",
                kb::touch_label(&e.touch)
            )))}
            {self.kill.view(move |_| note("Every process using these credentials was terminated.".into()))}
            {self.drop.view(move |_| note("The credentials were dropped.".into()))}
            {self.drop_sandbox.view(move |job| note(match &job.id {
                Ok(job) => format!("Drop requested: job {job} (the jobs panel below follows it)."),
                Err(why) => format!("Drop requested, but {why}: the job cannot be followed here."),
            }))}
        }
    }
}

/// A value with its copy button.
fn copyable(label: &'static str, key: &'static str, value: String) -> impl IntoView {
    let text = value.clone();
    view! {
        <dt>{label}</dt>
        <dd id=format!("kb-{key}")>
            <code>{value}</code> " "
            <CopyButton text=Signal::stored(text) label=format!("Copy {}", label.to_lowercase())/>
        </dd>
    }
}

#[component]
fn Credentials(
    backend: Backend,
    /// The id in the address: what the actions target.
    address: String,
    rec: CredentialsRecord,
    state: State,
) -> impl IntoView {
    let revealed = state.revealed;
    // The identity rule: actions target the address's id, and only while the answer (when it
    // names one) is about the same credentials.
    let target = cross_check(&Id::from_address(&address), &rec.credentials_id());
    let c = rec.credentials.clone();
    let password = c.password.clone();
    let port = c.port.unwrap_or(backend.default_port());
    let in_use = match rec.in_use {
        Some(true) => "in use: a process is connected to these credentials",
        Some(false) => "idle: no process is connected",
        None => "unknown",
    };
    let snippet_creds = c.clone();
    let snippet_password = password.clone();
    // Both forms of every snippet, without and with the password; revealing only swaps text.
    let hidden = kb::snippets(backend, &snippet_creds, None);
    let full = kb::snippets(backend, &snippet_creds, Some(&snippet_password));
    let snippets = hidden
        .into_iter()
        .zip(full)
        .enumerate()
        .map(|(i, (h, f))| {
            let text = Signal::derive(move || {
                if revealed.get() {
                    f.text.clone()
                } else {
                    h.text.clone()
                }
            });
            view! {
                <div class="kb-snippet" id=format!("kb-snippet-{i}")>
                    <div class="kb-snippet-head">
                        <strong>{h.label}</strong>
                        <CopyButton text=text label=format!("Copy {}", h.label)/>
                    </div>
                    <pre class="code">{text}</pre>
                </div>
            }
        })
        .collect_view();
    let shown_password = password.clone();
    view! {
        <section class="card">
            <dl class="kb-fields" id="kb-detail">
                {copyable("Host", "host", c.hostname.clone())}
                {copyable("Port", "port", port.to_string())}
                {(!c.db.is_empty()).then(|| copyable("Database", "db", c.db.clone()))}
                {copyable("User", "user", c.user.clone())}
                <dt>"Password"</dt>
                <dd id="kb-password">
                    <code id="kb-password-value">{move || if revealed.get() { shown_password.clone() } else { "••••••••••••".to_string() }}</code>
                    " "
                    <button type="button" class="btn small" id="kb-reveal" aria-pressed=move || revealed.get().to_string()
                        on:click=move |_| revealed.update(|r| *r = !*r)>
                        {move || if revealed.get() { "Hide" } else { "Reveal" }}
                    </button>
                    " "
                    <CopyButton text=Signal::stored(password.clone()) label="Copy password"/>
                </dd>
                <dt>"Processes"</dt><dd id="kb-inuse">{in_use}</dd>
                <dt>"Last touch"</dt><dd id="kb-touch">{kb::touch_label(&rec.touch)}</dd>
            </dl>
        </section>
        <section class="card kb-snippets" id="kb-snippets">
            <h2>"Connect"</h2>
            <p class="muted">{move || if revealed.get() {
                "The snippets include the password while it is revealed."
            } else {
                "The password is left out until you reveal it (the command-line tools ask for it)."
            }}</p>
            {snippets}
        </section>
        {match target {
            Ok(id) => view! { <Actions backend=backend id=id state=state/> }.into_any(),
            Err(why) => view! { <p class="notice warn" id="kb-no-actions">"No actions: " {why}</p> }.into_any(),
        }}
    }
}

/// Extend, kill and drop.
#[component]
fn Actions(backend: Backend, id: Id, state: State) -> impl IntoView {
    let run_id = state.run_id;
    let pending = state.pending();
    let id = StoredValue::new(id);
    let extend = move || {
        state.clear();
        state.extend.send((id.get_value(), run_id.get_untracked()));
    };
    let kill = move || {
        state.clear();
        state.kill.send((id.get_value(), run_id.get_untracked()));
    };
    let drop = move || {
        state.clear();
        if backend.is_sync() {
            state.drop.send(id.get_value());
        } else {
            state.drop_sandbox.send(id.get_value());
        }
    };
    let confirm_kill = RwSignal::new(false);
    let confirm_drop = RwSignal::new(false);
    let drop_words = if backend.is_sync() {
        "Deletes these credentials and their resources (the database, schema or workspace behind them). This cannot be undone."
    } else {
        "Starts a job that deletes this sandbox container and its resources. This cannot be undone."
    };
    view! {
        <section class="card kb-actions">
            <h2>"Actions"</h2>
            <Field label="Run id (optional, sent as X-KBC-RunId with extend and kill)" value=run_id id="kb-run-id"/>
            <div class="toolbar">
                <ActionButton id="kb-extend" label="Extend validity" pending=pending on_click=Callback::new(move |_| extend())/>
                {backend.can_kill().then(|| view! {
                    <button type="button" class="btn danger" id="kb-kill" disabled=move || pending.get()
                        on:click=move |_| confirm_kill.set(true)>"Kill processes"</button>
                })}
                <button type="button" class="btn danger" id="kb-drop" disabled=move || pending.get()
                    on:click=move |_| confirm_drop.set(true)>"Drop credentials"</button>
            </div>
            {state.outcomes()}
            <ConfirmDialog open=confirm_kill title="Kill processes?" confirm_label="Kill processes" danger=true
                on_confirm=Callback::new(move |_| kill())>
                <p>"Every running query and session using these credentials is terminated."</p>
            </ConfirmDialog>
            <ConfirmDialog open=confirm_drop title="Drop these credentials?" confirm_label="Drop" danger=true
                typed=Signal::derive(move || id.get_value().to_string())
                on_confirm=Callback::new(move |_| drop())>
                <p>{drop_words}</p>
            </ConfirmDialog>
        </section>
    }
}
