//! Setup (ops 1–2) and database initialization (ops 3–5).

use leptos::prelude::*;

use super::{run, Change, Done};
use crate::api::dm::input::{message_for, DbInit};
use crate::api::dm::{self};
use crate::ui::{use_call, use_write, ActionButton, Attempt, Checkbox, Field, StatusBadge};

#[component]
pub fn SetupPage() -> impl IntoView {
    let status = use_call(|| Some(dm::setup_status()));
    let refresh = Callback::new(move |_: bool| status.refetch());
    view! {
        <h2>"Deployment Manager setup"</h2>
        <div class="dm-row" id="dm-setup-status">
            "Set up: "
            {status.view(|done| view! { <StatusBadge status=if done { "complete" } else { "not set up" }.to_string()/> })}
            <button type="button" class="btn small" on:click=move |_| status.refetch()>"Check again"</button>
        </div>
        <p class="muted">"Set up means the Deployment Manager's tables and the default resource-label bindings exist."</p>
        // Q1: a GET with side effects, sent only from this button.
        <Change id="dm-setup" label="Set up Deployment Manager" title="Set up the Deployment Manager?" run=run(dm::setup, |s| Done::Note(format!("Setup answered {s}."))) on_done=refresh>
            <p>"Initializes the Deployment Manager metadata in the database of this existing installation and creates missing default label bindings. Running it again changes nothing."</p>
        </Change>
        <DatabaseForm/>
    }
}

/// The initialization's flags: the request's key and what it creates.
const FLAGS: [(&str, &str); 5] = [
    ("enable_control_plane", "Deployment Manager models"),
    ("enable_key_service", "Key service models"),
    ("enable_ml_studio", "Model training (ML Studio) models"),
    ("enable_model_registry_pv", "Model registry models"),
    (
        "enable_repo_projects",
        "Solution Builder projects schema change",
    ),
];

#[component]
fn DatabaseForm() -> impl IntoView {
    let admin = RwSignal::new(false);
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let flags = FLAGS.map(|(key, text)| (RwSignal::new(false), key, text));
    let touched = Attempt::new();
    let form = move || DbInit {
        create_admin_account: admin.get(),
        admin_email: email.get(),
        admin_username: username.get(),
        enable_control_plane: flags[0].0.get(),
        enable_key_service: flags[1].0.get(),
        enable_ml_studio: flags[2].0.get(),
        enable_model_registry_pv: flags[3].0.get(),
        enable_repo_projects: flags[4].0.get(),
    };
    let errors = move || form().validate().err().unwrap_or_default();
    let email_error =
        touched.error(move || message_for(&errors(), "admin_email").map(String::from));
    let user_error =
        touched.error(move || message_for(&errors(), "admin_username").map(String::from));
    let check = Callback::new(move |_| {
        touched.mark();
        untrack(errors).is_empty()
    });
    let preview = use_write(dm::mock_ddl);
    let tested = use_write(|_: &()| dm::database_connection());
    view! {
        <h2>"Database"</h2>
        <p class="muted">"Initialization creates every Instabase table, once, on a new installation."</p>
        <div class="dm-form" id="dm-db-form">
            <Checkbox label="Create an admin account" value=admin id="dm-db-admin"/>
            <Show when=move || admin.get()>
                <Field label="Admin email" value=email error=email_error id="dm-db-email"/>
                <Field label="Admin user name" value=username error=user_error id="dm-db-username" placeholder="admin"/>
            </Show>
            {flags.iter().map(|(sig, key, text)| view! { <Checkbox label=format!("{text} ({key})") value=*sig id=format!("dm-db-{key}")/> }).collect_view()}
            <div class="form-actions">
                <ActionButton id="dm-db-preview" label="Preview DDL" pending=preview.pending()
                    on_click=Callback::new(move |_| if check.run(()) { preview.send(untrack(form)); })/>
                <ActionButton id="dm-db-test" label="Test database connection" pending=tested.pending()
                    on_click=Callback::new(move |_| tested.send(()))/>
            </div>
            <div id="dm-db-test-result" aria-live="polite">{tested.view(|()| view! { <p class="notice ok">"The database answered."</p> })}</div>
            <div id="dm-ddl" aria-live="polite">{preview.view(|ddls| view! {
                <p>{format!("{} statement(s) would run:", ddls.len())}</p>
                <ol class="dm-ddl">{ddls.into_iter().map(|s| view! { <li><code>{s}</code></li> }).collect_view()}</ol>
            })}</div>
            <Change id="dm-db-setup" label="Initialize the database" title="Initialize the database?" danger=true check=check
                run=run(move || dm::database_setup(&untrack(form)), |s| Done::Note(format!("Database initialization answered {s}.")))>
                <p>"Creates all Instabase tables" {move || if admin.get() { format!(" and the admin account {}", email.get()) } else { String::new() }} ". This is meant for a new installation and runs once; preview the DDL first."</p>
            </Change>
        </div>
    }
}
