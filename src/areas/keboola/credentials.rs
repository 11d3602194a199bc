//! The overview: one backend and type at a time (kept in the address), its credentials (the
//! API's "list" answers one object), create for the SQL backends, and the async sandbox forms
//! for docker.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::jobs::use_jobs;
use super::{detail_href, overview_href};
use crate::api::keboola::{self as kb, Backend, CredentialsRecord, FieldError, JobRef};
use crate::api::ApiKind;
use crate::ui::{use_call, use_toasts, use_write_then, ActionButton, Field, Loaded, TextArea};

type Listed = Loaded<CredentialsRecord>;

#[component]
pub fn Overview() -> impl IntoView {
    let query = use_query_map();
    let backend = Memo::new(move |_| {
        query
            .with(|q| q.get("backend"))
            .and_then(|b| Backend::from_id(&b))
            .unwrap_or(Backend::Mysql)
    });
    let kind = Memo::new(move |_| {
        query
            .with(|q| q.get("type"))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| backend.get().allowed_types()[0].to_string())
    });
    let kind_error = Memo::new(move |_| {
        kb::validate_type(backend.get(), &kind.get())
            .err()
            .map(|e| e.message)
    });
    let current: Listed = use_call(move || {
        let (b, t) = (backend.get(), kind.get());
        kb::validate_type(b, &t).ok()?;
        Some(kb::list_credentials(b, &t))
    });
    let navigate = use_navigate();
    let on_type = move |ev| {
        let t = event_target_value(&ev);
        navigate(
            &overview_href(backend.get_untracked(), &t),
            Default::default(),
        );
    };
    let types = move || {
        let current = kind.get();
        let mut types: Vec<String> = backend
            .get()
            .allowed_types()
            .iter()
            .map(|t| t.to_string())
            .collect();
        if !types.contains(&current) {
            types.insert(0, current.clone());
        }
        types
            .into_iter()
            .map(|t| {
                let selected = t == current;
                {
                    let label = t.clone();
                    view! { <option value=t selected=selected>{label}</option> }
                }
            })
            .collect_view()
    };
    // A 404 on the list is the document's "no credentials of this type yet", not a failure.
    let listed = move || {
        let (b, t) = (backend.get(), kind.get());
        if kind_error.get().is_some() {
            view! { <p class="muted">"Choose a type this backend allows."</p> }.into_any()
        } else if current
            .get()
            .is_some_and(|r| r.is_err_and(|e| kb::is_none_yet(&e)))
        {
            view! {
                <p class="muted" id="kb-none">{format!("No {t} credentials on {} yet.", b.label())}</p>
            }
            .into_any()
        } else {
            current.view(move |rec| summary(b, rec)).into_any()
        }
    };
    view! {
        <h1>{ApiKind::Keboola.label()}</h1>
        <p class="lead">"Credentials for transformations, sandboxes, writers and Luckyguess, per backend; RStudio and Jupyter sandboxes run in docker through queue jobs."</p>
        <nav class="tabs" aria-label="Backend">
            {Backend::ALL.into_iter().map(|b| view! {
                <a href=overview_href(b, "") id=format!("kb-tab-{}", b.id())
                   aria-current=move || (backend.get() == b).then_some("page")>
                    {b.label()}
                </a>
            }).collect_view()}
        </nav>
        <label class="field kb-type" for="kb-type">
            <span class="field-label">"Type"</span>
            <select id="kb-type" on:change=on_type prop:value=move || kind.get()>{types}</select>
            <small class="field-error" role="alert">{move || kind_error.get()}</small>
        </label>
        <section class="card kb-current" id="kb-current">
            <h2>{move || format!("{} · {}", backend.get().label(), kind.get())}</h2>
            {listed}
        </section>
        {move || if backend.get().is_sync() {
            view! { <Create backend=backend kind=kind current=current/> }.into_any()
        } else {
            view! { <SandboxForms kind=kind/> }.into_any()
        }}
    }
}

/// The credentials of one backend and type, in short, with a link to everything.
fn summary(backend: Backend, rec: CredentialsRecord) -> impl IntoView {
    let id = rec.credentials_id();
    let c = rec.credentials;
    let in_use = match rec.in_use {
        Some(true) => "in use: a process is connected",
        Some(false) => "idle",
        None => "unknown",
    };
    let port = c.port.unwrap_or(backend.default_port());
    let db = (!c.db.is_empty()).then(|| format!(" · database {}", c.db));
    view! {
        <dl class="kb-fields">
            <dt>"Id"</dt><dd id="kb-current-id">{crate::api::id::shown(&id)}</dd>
            <dt>"Connection"</dt><dd><code>{format!("{}@{}:{port}", c.user, c.hostname)}</code>{db}</dd>
            <dt>"Processes"</dt><dd id="kb-current-inuse">{in_use}</dd>
            <dt>"Last touch"</dt><dd>{kb::touch_label(&rec.touch)}</dd>
        </dl>
        {match id {
            Ok(id) => view! { <A href=detail_href(backend, &id) attr:id="kb-open-current" attr:class="btn">"Open details"</A> }.into_any(),
            // No id, no link: `/keboola/mysql/` would be a "Page not found".
            Err(why) => view! { <p class="muted" id="kb-open-current-none">"No details to open: " {why.reason()} "."</p> }.into_any(),
        }}
    }
}

/// K1: get-or-create, with the outcome explained.
#[component]
fn Create(backend: Memo<Backend>, kind: Memo<String>, current: Listed) -> impl IntoView {
    // The id listed when create was pressed: the same id back means "the existing ones".
    let known = StoredValue::new(None::<crate::api::Id>);
    let create = use_write_then(
        |(b, t): &(Backend, String)| kb::create_credentials(*b, t),
        move |r| {
            if r.is_ok() {
                current.refetch();
            }
        },
    );
    let submit = move |_| {
        let (b, t) = (backend.get_untracked(), kind.get_untracked());
        if kb::validate_type(b, &t).is_err() {
            return;
        }
        known.set_value(untrack(|| current.ready()).and_then(|r| r.credentials_id().ok()));
        create.send((b, t));
    };
    let created = move |rec: CredentialsRecord| {
        let (b, t) = (backend.get_untracked(), kind.get_untracked());
        let id = rec.credentials_id();
        let text = match &id {
            Ok(id) if known.get_value().as_ref() == Some(id) => format!("Keboola returned the existing {t} credentials ({id}) rather than new ones: it creates credentials once per token and type."),
            Ok(id) => format!("New {t} credentials created ({id})."),
            Err(why) => format!("Keboola accepted the request, but {why}: there is nothing to open."),
        };
        let href = id.ok().map(|id| detail_href(b, &id));
        view! {
            <div class="notice ok" id="kb-create-result">
                <p>{text}</p>
                {href.map(|href| view! { <A href=href>"Open them"</A> })}
            </div>
        }
    };
    let invalid = Signal::derive(move || kb::validate_type(backend.get(), &kind.get()).is_err());
    view! {
        <section class="card kb-create">
            <h2>"Create credentials"</h2>
            <p class="muted">"Keboola keeps one set of credentials per token, backend and type: asking again returns the existing ones instead of making new ones."</p>
            <ActionButton
                id="kb-create"
                label=Signal::derive(move || format!("Create {} credentials", kind.get()))
                pending=create.pending()
                disabled=invalid
                on_click=Callback::new(submit)
            />
            {create.view(created)}
        </section>
    }
}

fn field_error(errors: Memo<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|e| crate::api::field::message_for(e, field).map(String::from))
    })
}

/// K7 and K8: both answer a job, which the jobs panel follows.
#[component]
fn SandboxForms(kind: Memo<String>) -> impl IntoView {
    let jobs = use_jobs();
    let toasts = use_toasts();
    let sandbox_type = RwSignal::new(kind.get_untracked());
    let script = RwSignal::new(String::new());
    let input = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if !tried.get() {
            return Vec::new();
        }
        kb::sandbox_body(&sandbox_type.get(), &script.get(), &input.get())
            .err()
            .unwrap_or_default()
    });
    let type_error = field_error(errors, "type");
    let [config_id, config_version, row_id] = [(); 3].map(|_| RwSignal::new(String::new()));
    let tried_t = RwSignal::new(false);
    let errors_t = Memo::new(move |_| {
        if !tried_t.get() {
            return Vec::new();
        }
        kb::transformation_body(&config_id.get(), &config_version.get(), &row_id.get())
            .err()
            .unwrap_or_default()
    });

    // Both forms start a job the same way: send, then hand the job to the panel.
    let started = move |r: &Result<JobRef, crate::api::ApiError>, what: String| {
        let Ok(job) = r else { return };
        match &job.id {
            Ok(id) => toasts.info(format!("{what} requested: job {id}.")),
            Err(why) => toasts.error(format!(
                "{what} requested, but {why}: the job cannot be followed here."
            )),
        }
        jobs.track(job, what, "create", "");
    };
    let (what_plain, what_config) = (
        StoredValue::new(String::new()),
        StoredValue::new(String::new()),
    );
    let plain = use_write_then(
        |body: &serde_json::Value| kb::create_sandbox(body.clone()),
        move |r| started(r, what_plain.try_get_value().unwrap_or_default()),
    );
    let from_config = use_write_then(
        |body: &serde_json::Value| kb::create_transformation_sandbox(body.clone()),
        move |r| started(r, what_config.try_get_value().unwrap_or_default()),
    );
    let submit = move |_| {
        tried.set(true);
        let t = sandbox_type.get_untracked();
        if let Ok(body) = kb::sandbox_body(&t, &script.get_untracked(), &input.get_untracked()) {
            what_plain.set_value(format!("New {t} sandbox"));
            plain.send(body);
        }
    };
    let submit_t = move |_| {
        tried_t.set(true);
        let (c, v, r) = (
            config_id.get_untracked(),
            config_version.get_untracked(),
            row_id.get_untracked(),
        );
        if let Ok(body) = kb::transformation_body(&c, &v, &r) {
            let what = format!(
                "Transformation sandbox of configuration {} (row {})",
                c.trim(),
                r.trim()
            );
            what_config.set_value(what);
            from_config.send(body);
        }
    };
    view! {
        <div class="cards wide">
            <section class="card kb-sandbox" id="kb-sandbox-form">
                <h2>"New sandbox"</h2>
                <label class="field" for="kb-sandbox-type">
                    <span class="field-label">"Sandbox"</span>
                    <select id="kb-sandbox-type" prop:value=move || sandbox_type.get()
                        on:change=move |ev| sandbox_type.set(event_target_value(&ev))>
                        <option value="rstudio" selected=move || sandbox_type.get() == "rstudio">"RStudio"</option>
                        <option value="jupyter" selected=move || sandbox_type.get() == "jupyter">"Jupyter"</option>
                    </select>
                    <small class="field-error" role="alert">{move || type_error.get()}</small>
                </label>
                <TextArea label="Script (optional, preloaded into the sandbox)" value=script id="kb-script" rows=6/>
                <TextArea
                    label="Input mapping (optional JSON array)"
                    value=input
                    id="kb-input"
                    rows=4
                    error=field_error(errors, "input")
                    help="Tables and files preloaded into the sandbox, e.g. [{\"source\": \"in.c-main.orders\", \"destination\": \"orders.csv\"}]. Checked before sending."
                />
                <ActionButton id="kb-sandbox-create" label="Start sandbox" pending=plain.pending() on_click=Callback::new(submit)/>
                {plain.view(|_| ())}
            </section>
            <section class="card kb-sandbox" id="kb-transformation-form">
                <h2>"Transformation sandbox"</h2>
                <p class="muted">"A sandbox loaded from a transformation configuration row."</p>
                <Field label="Configuration id" value=config_id id="kb-tr-config" error=field_error(errors_t, "config_id")/>
                <Field label="Configuration version" value=config_version id="kb-tr-version" error=field_error(errors_t, "config_version")/>
                <Field label="Row id" value=row_id id="kb-tr-row" error=field_error(errors_t, "row_id")/>
                <ActionButton id="kb-tr-create" label="Start transformation sandbox" pending=from_config.pending() on_click=Callback::new(submit_t)/>
                {from_config.view(|_| ())}
            </section>
        </div>
    }
}
