//! Backup settings, the disaster-recovery wizard, and point-in-time recovery.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backups::{follow_restore, rebind_advice, restore_note, Row};
use super::{dynamic, outcome, start, Ctx, Outcome};
use crate::api::a9s::validate::{self, message_for, FieldError};
use crate::api::a9s::{self, BackupsConfig, ConfigForm, ConfigUpdate, PitrRange};
use crate::api::ApiError;
use crate::client::use_client;
use crate::time::absolute;
use crate::ui::{
    isolate, ActionButton, Checkbox, ConfirmDialog, CopyButton, ErrorNotice, Field, SelectField,
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

pub(super) fn settings_tab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let config = RwSignal::new(None::<Result<BackupsConfig, ApiError>>);
    let count = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let exclude = RwSignal::new(false);
    let key = RwSignal::new(String::new());
    let load = Callback::new(move |_| {
        let call = a9s::get_backups_config(&ctx.id());
        spawn_local(async move {
            let r = client.send(call).await;
            if let Ok(c) = &r {
                let form = ConfigForm::from_config(c);
                count.try_set(form.min_backup_count);
                days.try_set(form.retention_time);
                exclude.try_set(form.exclude_from_auto_backup);
            }
            config.try_set(Some(r));
        });
    });
    load.run(());
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
    let note: Outcome = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let pending = RwSignal::new(ConfigUpdate::default());
    let save = Callback::new(move |_| {
        let call = a9s::update_backups_config(&ctx.id(), &pending.get_untracked());
        start(busy, async move {
            let r = client.send(call).await;
            if r.is_ok() {
                key.try_set(String::new());
                tried.try_set(false);
                load.run(());
            }
            note.try_set(Some(r.map(|m| {
                format!("Saved: {}.", m.unwrap_or_else(|| "updated".into()))
            })));
        });
    });
    let submit = move || {
        tried.set(true);
        note.set(None);
        let Ok(update) = checked.get_untracked() else {
            return;
        };
        if update.is_empty() {
            note.set(Some(Ok("Nothing changed.".into())));
            return;
        }
        let warn = !update.warnings(&current()).is_empty();
        pending.set(update);
        if warn {
            confirm.set(true);
        } else {
            save.run(());
        }
    };
    view! {
        {dynamic(move || match config.get() {
            None => view! { <p class="loading">"Loading the backup settings…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e retry=load/> }.into_any(),
            Some(Ok(c)) => view! {
                <p>"Backup type: " <strong id="a9s-backup-type">{c.backup_type.unwrap_or_else(|| "unknown".into())}</strong>
                   " (set by the service, read-only). The key must be at least "
                   {c.min_encryption_key_length.unwrap_or_default()} " characters long."</p>
            }.into_any(),
        })}
        <form class="card" id="a9s-settings" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <Field label="Minimum backup count" value=count input_type="number" min="0" id="a9s-min-count"
                error=field_error(tried, errors, "min_backup_count")
                help="Backups beyond this number may be deleted once they are older than the retention time."/>
            <Field label="Retention time (days)" value=days input_type="number" min="0" id="a9s-retention"
                error=field_error(tried, errors, "retention_time")/>
            <Checkbox label="Exclude from scheduled backups" value=exclude id="a9s-exclude"/>
            <Field label="New encryption key" value=key input_type="password" id="a9s-key"
                error=field_error(tried, errors, "encryption_key") help="Never shown again once saved; leave empty to keep the current key."/>
            <div class="form-actions">
                <button type="submit" class="btn primary" id="a9s-settings-save" disabled=busy>"Save settings"</button>
            </div>
        </form>
        {outcome("a9s-settings-note", note)}
        <ConfirmDialog open=confirm title="Save these settings?" confirm_label="Save" danger=true on_confirm=save>
            <ul id="a9s-settings-warnings">
                {move || pending.get().warnings(&current()).into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        </ConfirmDialog>
    }
}

/// Prepare on this instance (the source), then perform on a destination instance.
pub(super) fn recovery_tab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let source_key = RwSignal::new(String::new());
    let guid = RwSignal::new(String::new());
    let preparing = RwSignal::new(false);
    let prepared: Outcome = RwSignal::new(None);
    let prepare = Callback::new(move |_| {
        let key = source_key.get_untracked();
        let call = a9s::prepare_disaster_recovery(&ctx.id(), Some(&key));
        start(preparing, async move {
            let r = client.send(call).await;
            if let Ok(Some(g)) = &r {
                guid.try_set(g.clone());
            }
            prepared.try_set(Some(
                r.map(|g| format!("Prepared. Backup GUID: {}", g.unwrap_or_default())),
            ));
        });
    });
    let me = ctx.id();
    let destinations = std::iter::once((String::new(), "Choose…".to_string()))
        .chain(
            super::registered()
                .into_iter()
                .filter(|d| *d != me)
                .map(|d| (d.clone(), d)),
        )
        .collect::<Vec<_>>();
    let dest = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let errors = Signal::derive(move || {
        let mut e = validate::disaster_recovery(&guid.get(), &key.get())
            .err()
            .unwrap_or_default();
        if dest.get().trim().is_empty() {
            e.push(FieldError::new(
                "destination",
                "Choose the instance to recover into.",
            ));
        }
        e
    });
    // The destination's name, to be typed before the recovery runs.
    let dest_name = RwSignal::new(String::new());
    Effect::new(move |_| {
        let d = dest.get();
        dest_name.set(d.clone());
        if !d.is_empty() {
            let call = a9s::get_instance(&d);
            spawn_local(async move {
                if let Some(n) = client.send(call).await.ok().and_then(|i| i.name) {
                    if !n.trim().is_empty() && dest.try_get_untracked() == Some(d) {
                        dest_name.try_set(n);
                    }
                }
            });
        }
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let performing = RwSignal::new(false);
    let performed: Outcome = RwSignal::new(None);
    let perform = Callback::new(move |_| {
        let d = dest.get_untracked();
        let call = a9s::perform_disaster_recovery(&d, &guid.get_untracked(), &key.get_untracked());
        start(performing, async move {
            match client.send(call).await {
                Ok(rid) => {
                    followed.try_set(Some(Row::queued(rid.clone(), None)));
                    if let Ok(rid) = rid {
                        follow_restore(ctx, client, d, rid, followed);
                    }
                }
                Err(e) => {
                    performed.try_set(Some(Err(e)));
                }
            }
        });
    });
    view! {
        <section class="card" id="a9s-dr-prepare">
            <h2>"1. Prepare on this instance (the source)"</h2>
            <Field label="Encryption key (optional)" value=source_key input_type="password" id="a9s-dr-source-key"
                help="The key the Backup Manager uses for this instance's backups; sets it when given."/>
            <ActionButton label="Prepare" id="a9s-dr-prepare-go" pending=preparing on_click=prepare/>
            {outcome("a9s-dr-prepared", prepared)}
            <p>"Backup GUID: " <code id="a9s-dr-guid">{guid}</code> " " <CopyButton text=guid/></p>
        </section>
        <section class="card" id="a9s-dr-perform">
            <h2>"2. Perform on a destination instance"</h2>
            <p class="help">"The destination's data is replaced by the source's backup."</p>
            <SelectField label="Destination instance" value=dest options=destinations id="a9s-dr-dest"
                error=field_error(tried, errors, "destination")/>
            <Field label="Backup GUID" value=guid id="a9s-dr-guid-input" error=field_error(tried, errors, "backup_guid")/>
            <Field label="Encryption key" value=key input_type="password" id="a9s-dr-key" error=field_error(tried, errors, "encryption_key")/>
            <ActionButton label="Perform recovery" id="a9s-dr-perform-go" danger=true pending=performing
                on_click=Callback::new(move |_| {
                    tried.set(true);
                    if errors.get_untracked().is_empty() { confirm.set(true); }
                })/>
            {outcome("a9s-dr-performed", performed)}
            {restore_note(followed)}
        </section>
        <ConfirmDialog open=confirm title="Perform the disaster recovery?" confirm_label="Recover" danger=true
            typed=dest_name on_confirm=perform>
            <p>{move || format!("The data of {} is replaced by the backups of {}.", isolate(&dest_name.get()), isolate(&ctx.name()))}</p>
            {rebind_advice()}
        </ConfirmDialog>
    }
}

/// The available range, a date-time picker constrained to it, confirmation, then the restore.
pub(super) fn pitr_tab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let range = RwSignal::new(None::<Result<PitrRange, ApiError>>);
    let target = RwSignal::new(String::new());
    let load = Callback::new(move |_| {
        let call = a9s::get_pitr_range(&ctx.id());
        spawn_local(async move {
            let r = client.send(call).await;
            if let Some((_, end)) = r.as_ref().ok().and_then(PitrRange::bounds_ms) {
                target.try_set(validate::picker_value(end));
            }
            range.try_set(Some(r));
        });
    });
    load.run(());
    let known = move || {
        range
            .with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .unwrap_or_default()
    };
    let tried = RwSignal::new(false);
    let checked = Signal::derive(move || validate::target_time(&known(), &target.get()));
    let error = Signal::derive(move || {
        tried
            .get()
            .then(|| checked.get().err().map(|e| e.message))
            .flatten()
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let busy = RwSignal::new(false);
    let note: Outcome = RwSignal::new(None);
    let restore = Callback::new(move |_| {
        let Ok(time) = checked.get_untracked() else {
            return;
        };
        let id = ctx.id();
        start(busy, async move {
            let r = async {
                let status = client.send(a9s::pitr_restore(&id, &time)).await?;
                // No id comes back: the newest restore is the one just queued.
                let list = client.send(a9s::list_restores(&id)).await?;
                // Only restores whose id read can be followed.
                let newest = list
                    .into_iter()
                    .filter_map(|r| Some((r.id.as_ref().ok()?.number()?, r)))
                    .max_by_key(|(n, _)| *n);
                if let Some((_, newest)) = newest {
                    if let Ok(rid) = newest.id.clone() {
                        followed.try_set(Some(newest.into()));
                        follow_restore(ctx, client, id.clone(), rid, followed);
                    }
                }
                Ok::<String, ApiError>(format!(
                    "The point-in-time restore was accepted ({}).",
                    status.as_str()
                ))
            };
            note.try_set(Some(r.await));
        });
    });
    view! {
        {dynamic(move || match range.get() {
            None => view! { <p class="loading">"Loading the available range…"</p> }.into_any(),
            Some(Err(e)) => {
                let why = matches!(e.status(), Some(400..=499)).then(|| view! {
                    <p class="notice info" id="a9s-pitr-why">
                        "Point-in-time recovery needs continuous archiving: only a9s PostgreSQL instances whose backup type is continuous_archiving keep the write-ahead log it restores from. This instance's backups can still be restored one by one on the Backups tab."
                    </p>
                });
                view! { <ErrorNotice error=e retry=load/> {why} }.into_any()
            }
            Some(Ok(r)) => {
                let (start, end) = r.bounds_ms().unwrap_or_default();
                view! {
                    <p id="a9s-pitr-range">"Restorable from " <strong>{absolute(start)}</strong> " to " <strong>{absolute(end)}</strong> "."</p>
                    <div class="card">
                        <Field label="Restore to (UTC)" value=target input_type="datetime-local" id="a9s-pitr-time"
                            min=validate::picker_value(start + 59_999) max=validate::picker_value(end) error=error/>
                        <ActionButton label="Restore to this time" id="a9s-pitr-go" danger=true pending=busy
                            on_click=Callback::new(move |_| {
                                tried.set(true);
                                if checked.get_untracked().is_ok() { confirm.set(true); }
                            })/>
                    </div>
                }.into_any()
            }
        })}
        {outcome("a9s-pitr-note", note)}
        {restore_note(followed)}
        <ConfirmDialog open=confirm title="Restore to this point in time?" confirm_label="Restore" danger=true on_confirm=restore>
            <p>{move || format!(
                "The data of {} goes back to {}. Changes made since are lost.",
                isolate(&ctx.name()),
                checked.get().ok().and_then(|t| crate::time::parse_iso(&t)).map(absolute).unwrap_or_default()
            )}</p>
            {rebind_advice()}
        </ConfirmDialog>
    }
}
