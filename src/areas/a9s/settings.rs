//! Backup settings, the disaster-recovery wizard, and point-in-time recovery.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backups::{follow_restore, RebindAdvice, RestoreNote, Row};
use super::Ctx;
use crate::api::a9s::validate::{self, message_for, FieldError};
use crate::api::a9s::{self, BackupsConfig, ConfigForm, ConfigUpdate, PitrRange};
use crate::api::ApiError;
use crate::client::use_client;
use crate::time::absolute;
use crate::ui::{
    ActionButton, Checkbox, ConfirmDialog, CopyButton, ErrorNotice, Field, SelectField,
};

/// A field's message, shown once the user tried to submit.
fn field_error(
    tried: RwSignal<bool>,
    errors: Signal<Vec<FieldError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        if !tried.get() {
            return None;
        }
        errors.with(|e| message_for(e, field).map(str::to_string))
    })
}

#[component]
pub(super) fn SettingsTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let config = RwSignal::new(None::<Result<BackupsConfig, ApiError>>);
    let count = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let exclude = RwSignal::new(false);
    let key = RwSignal::new(String::new());
    let load = move || {
        let id = ctx.id();
        spawn_local(async move {
            let r = client.send(a9s::get_backups_config(&id)).await;
            if let Ok(c) = &r {
                let form = ConfigForm::from_config(c);
                count.try_set(form.min_backup_count);
                days.try_set(form.retention_time);
                exclude.try_set(form.exclude_from_auto_backup);
            }
            config.try_set(Some(r));
        });
    };
    load();
    let current = move || {
        config
            .with(|c| c.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .unwrap_or_default()
    };
    let checked = Memo::new(move |_| {
        ConfigForm {
            min_backup_count: count.get(),
            retention_time: days.get(),
            exclude_from_auto_backup: exclude.get(),
            encryption_key: key.get(),
        }
        .validate(&current())
    });
    let errors = Signal::derive(move || checked.get().err().unwrap_or_default());
    let tried = RwSignal::new(false);
    let note = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let save = Action::new_local(move |u: &ConfigUpdate| {
        let u = u.clone();
        let id = ctx.id();
        async move {
            let r = client.send(a9s::update_backups_config(&id, &u)).await;
            if let Ok(m) = &r {
                key.try_set(String::new());
                tried.try_set(false);
                note.try_set(Some(format!(
                    "Saved: {}.",
                    m.message.clone().unwrap_or_else(|| "updated".into())
                )));
                load();
            }
            r
        }
    });
    let pending_update = RwSignal::new(ConfigUpdate::default());
    let submit = move || {
        tried.set(true);
        note.set(None);
        let Ok(update) = checked.get_untracked() else {
            return;
        };
        if update.is_empty() {
            note.set(Some("Nothing changed.".into()));
            return;
        }
        let warnings = update.warnings(&current());
        pending_update.set(update.clone());
        if warnings.is_empty() {
            save.dispatch(update);
        } else {
            confirm.set(true);
        }
    };
    let min_key = move || {
        current()
            .min_encryption_key_length
            .map(|n| format!("At least {n} characters. Never shown again once saved; leave empty to keep the current key."))
            .unwrap_or_else(|| "Leave empty to keep the current key.".into())
    };
    view! {
        {move || match config.get() {
            None => view! { <p class="loading">"Loading the backup settings…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e retry=Callback::new(move |_| load())/> }.into_any(),
            Some(Ok(c)) => view! {
                <p>"Backup type: " <strong id="a9s-backup-type">{c.backup_type.unwrap_or_else(|| "unknown".into())}</strong>
                   " (set by the service, read-only)"</p>
            }.into_any(),
        }}
        <form class="card a9s-form" id="a9s-settings" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <Field label="Minimum backup count" value=count input_type="number" min="0" id="a9s-min-count"
                error=field_error(tried, errors, "min_backup_count")
                help="Backups beyond this number may be deleted once they are older than the retention time."/>
            <Field label="Retention time (days)" value=days input_type="number" min="0" id="a9s-retention"
                error=field_error(tried, errors, "retention_time")/>
            <Checkbox label="Exclude from scheduled backups" value=exclude id="a9s-exclude"/>
            <Field label="New encryption key" value=key input_type="password" id="a9s-key"
                error=field_error(tried, errors, "encryption_key") help=min_key()/>
            <div class="form-actions">
                <button type="submit" class="btn primary" id="a9s-settings-save" disabled=move || save.pending().get()>"Save settings"</button>
            </div>
        </form>
        {move || save.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        {move || note.get().map(|n| view! { <p class="notice ok" id="a9s-settings-note" role="status">{n}</p> })}
        <ConfirmDialog open=confirm title="Save these settings?" confirm_label="Save" danger=true
            on_confirm=Callback::new(move |_| { save.dispatch(pending_update.get_untracked()); })>
            <ul id="a9s-settings-warnings">
                {move || pending_update.get().warnings(&current()).into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        </ConfirmDialog>
    }
}

/// Prepare on this instance (the source), then perform on a destination instance.
#[component]
pub(super) fn RecoveryTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let source_key = RwSignal::new(String::new());
    let prepare = Action::new_local(move |key: &String| {
        let key = key.clone();
        let id = ctx.id();
        async move {
            let k = (!key.trim().is_empty()).then_some(key.as_str());
            client.send(a9s::prepare_disaster_recovery(&id, k)).await
        }
    });
    let guid = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(p)) = prepare.value().get() {
            guid.set(p.backup_guid.unwrap_or_default());
        }
    });
    let destinations = Signal::derive(move || {
        let me = ctx.id.get();
        std::iter::once((String::new(), "Choose…".to_string()))
            .chain(
                super::registered()
                    .into_iter()
                    .filter(|d| *d != me)
                    .map(|d| (d.clone(), d)),
            )
            .collect::<Vec<_>>()
    });
    let dest = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let errors = Signal::derive(move || {
        let mut e = validate::disaster_recovery(&guid.get(), &key.get())
            .err()
            .unwrap_or_default();
        if dest.get().trim().is_empty() {
            e.push(FieldError {
                field: "destination",
                message: "Choose the instance to recover into.".into(),
            });
        }
        e
    });
    let dest_name = LocalResource::new(move || {
        let d = dest.get();
        async move {
            if d.is_empty() {
                return None;
            }
            client.send(a9s::get_instance(&d)).await.ok()?.name
        }
    });
    let typed = Signal::derive(move || {
        dest_name
            .get()
            .flatten()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| dest.get())
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let perform = Action::new_local(move |_: &()| {
        let (d, g, k) = (
            dest.get_untracked(),
            guid.get_untracked(),
            key.get_untracked(),
        );
        async move {
            let done = client
                .send(a9s::perform_disaster_recovery(&d, &g, &k))
                .await?;
            let rid = done.restore_id.unwrap_or_default();
            followed.try_set(Some(Row::queued(rid, None)));
            follow_restore(ctx, client, d, rid, followed);
            Ok::<u64, ApiError>(rid)
        }
    });
    view! {
        <section class="card a9s-step" id="a9s-dr-prepare">
            <h2>"1. Prepare on this instance (the source)"</h2>
            <Field label="Encryption key (optional)" value=source_key input_type="password" id="a9s-dr-source-key"
                help="The key the Backup Manager uses for this instance's backups; sets it when given."/>
            <ActionButton label="Prepare" id="a9s-dr-prepare-go" pending=prepare.pending()
                on_click=Callback::new(move |_| { prepare.dispatch(source_key.get_untracked()); })/>
            {move || prepare.value().get().map(|r| match r {
                Ok(_) => view! {
                    <p class="notice ok">"Backup GUID: " <code id="a9s-dr-guid">{move || guid.get()}</code> " "
                        <CopyButton text=Signal::derive(move || guid.get())/></p>
                }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            })}
        </section>
        <section class="card a9s-step" id="a9s-dr-perform">
            <h2>"2. Perform on a destination instance"</h2>
            <p class="help">"The destination's data is replaced by the source's backup."</p>
            <SelectField label="Destination instance" value=dest options=destinations id="a9s-dr-dest"
                error=field_error(tried, errors, "destination")/>
            <Field label="Backup GUID" value=guid id="a9s-dr-guid-input" error=field_error(tried, errors, "backup_guid")/>
            <Field label="Encryption key" value=key input_type="password" id="a9s-dr-key" error=field_error(tried, errors, "encryption_key")/>
            <ActionButton label="Perform recovery" id="a9s-dr-perform-go" danger=true pending=perform.pending()
                on_click=Callback::new(move |_| {
                    tried.set(true);
                    if errors.get_untracked().is_empty() { confirm.set(true); }
                })/>
            {move || perform.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
            {move || followed.get().map(|r| view! { <RestoreNote row=r/> })}
        </section>
        <ConfirmDialog open=confirm title="Perform the disaster recovery?" confirm_label="Recover" danger=true typed=typed
            on_confirm=Callback::new(move |_| { perform.dispatch(()); })>
            <p>{move || format!("The data of {} is replaced by the backups of {}.", typed.get(), ctx.name())}</p>
            <RebindAdvice/>
        </ConfirmDialog>
    }
}

/// The available range, a date-time picker constrained to it, confirmation, then the restore.
#[component]
pub(super) fn PitrTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let range = RwSignal::new(None::<Result<PitrRange, ApiError>>);
    let target = RwSignal::new(String::new());
    let load = move || {
        let id = ctx.id();
        spawn_local(async move {
            let r = client.send(a9s::get_pitr_range(&id)).await;
            if let Some((_, end)) = r.as_ref().ok().and_then(PitrRange::bounds_ms) {
                target.try_set(validate::picker_value(end));
            }
            range.try_set(Some(r));
        });
    };
    load();
    let known = move || {
        range
            .with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .unwrap_or_default()
    };
    let tried = RwSignal::new(false);
    let checked = Signal::derive(move || validate::target_time(&known(), &target.get()));
    let error = Signal::derive(move || {
        if tried.get() {
            checked.get().err().map(|e| e.message)
        } else {
            None
        }
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let restore = Action::new_local(move |time: &String| {
        let time = time.clone();
        let id = ctx.id();
        async move {
            let queued = client.send(a9s::pitr_restore(&id, &time)).await?;
            // No id comes back: the newest restore is the one just queued.
            let list = client.send(a9s::list_restores(&id)).await?;
            if let Some(newest) = list.into_iter().max_by_key(|r| r.id) {
                let rid = newest.id;
                followed.try_set(Some(newest.into()));
                follow_restore(ctx, client, id, rid, followed);
            }
            Ok::<String, ApiError>(queued.status.as_str().to_string())
        }
    });
    view! {
        {move || match range.get() {
            None => view! { <p class="loading">"Loading the available range…"</p> }.into_any(),
            Some(Err(e)) => {
                let no_archiving = matches!(e.status(), Some(400..=499));
                view! {
                    <ErrorNotice error=e retry=Callback::new(move |_| load())/>
                    {no_archiving.then(|| view! {
                        <p class="notice info" id="a9s-pitr-why">
                            "Point-in-time recovery needs continuous archiving: only a9s PostgreSQL instances whose backup type is continuous_archiving keep the write-ahead log it restores from. This instance's backups can still be restored one by one on the Backups tab."
                        </p>
                    })}
                }.into_any()
            }
            Some(Ok(r)) => {
                let (start, end) = r.bounds_ms().unwrap_or_default();
                view! {
                    <p id="a9s-pitr-range">"Restorable from " <strong>{absolute(start)}</strong> " to " <strong>{absolute(end)}</strong> "."</p>
                    <div class="card a9s-form">
                        <Field label="Restore to (UTC)" value=target input_type="datetime-local" id="a9s-pitr-time"
                            min=validate::picker_value(start + 59_999) max=validate::picker_value(end) error=error/>
                        <ActionButton label="Restore to this time" id="a9s-pitr-go" danger=true pending=restore.pending()
                            on_click=Callback::new(move |_| {
                                tried.set(true);
                                if checked.get_untracked().is_ok() { confirm.set(true); }
                            })/>
                    </div>
                }.into_any()
            }
        }}
        {move || restore.value().get().map(|r| match r {
            Ok(s) => view! { <p class="notice info" id="a9s-pitr-note">{format!("The point-in-time restore was accepted ({s}).")}</p> }.into_any(),
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        })}
        {move || followed.get().map(|r| view! { <RestoreNote row=r/> })}
        <ConfirmDialog open=confirm title="Restore to this point in time?" confirm_label="Restore" danger=true
            on_confirm=Callback::new(move |_| if let Ok(t) = checked.get_untracked() { restore.dispatch(t); })>
            <p>{move || format!(
                "The data of {} goes back to {}. Changes made since are lost.",
                ctx.name(),
                checked.get().ok().and_then(|t| crate::time::parse_iso(&t)).map(absolute).unwrap_or_default()
            )}</p>
            <RebindAdvice/>
        </ConfirmDialog>
    }
}
