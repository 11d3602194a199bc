//! Backup settings, the disaster-recovery wizard, and point-in-time recovery.

use leptos::prelude::*;

use super::backups::{follow_restore, rebind_advice, restore_note, Started};
use super::{note, said, Ctx};
use crate::api::a9s::validate::{self, message_for, FieldError};
use crate::api::a9s::{self, ConfigForm, ConfigUpdate, PitrRange};
use crate::time::absolute;
use crate::ui::{
    isolate, use_call, use_write_then, ActionButton, Checkbox, ConfirmDialog, CopyButton, Field,
    SelectField,
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
    let config = use_call(move || Some(a9s::get_backups_config(&ctx.id.get())));
    let count = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let exclude = RwSignal::new(false);
    let key = RwSignal::new(String::new());
    // The form shows the settings as read (again after a save).
    Effect::new(move |_| {
        if let Some(c) = config.ready() {
            let form = ConfigForm::from_config(&c);
            count.set(form.min_backup_count);
            days.set(form.retention_time);
            exclude.set(form.exclude_from_auto_backup);
        }
    });
    let current = move || config.ready().unwrap_or_default();
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
    let unchanged = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let pending = RwSignal::new(ConfigUpdate::default());
    let save = use_write_then(
        move |update: &ConfigUpdate| a9s::update_backups_config(&ctx.id(), update),
        move |r| {
            if r.is_ok() {
                key.set(String::new());
                tried.set(false);
                config.refetch();
            }
        },
    );
    let submit = move || {
        tried.set(true);
        unchanged.set(false);
        save.clear();
        let Ok(update) = checked.get_untracked() else {
            return;
        };
        if update.is_empty() {
            unchanged.set(true);
            return;
        }
        let warn = !update.warnings(&current()).is_empty();
        pending.set(update.clone());
        if warn {
            confirm.set(true);
        } else {
            save.send(update);
        }
    };
    view! {
        {config.view(|c| view! {
            <p>"Backup type: " <strong id="a9s-backup-type">{c.backup_type.unwrap_or_else(|| "unknown".into())}</strong>
               " (set by the service, read-only). The key must be at least "
               {c.min_encryption_key_length.unwrap_or_default()} " characters long."</p>
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
                <button type="submit" class="btn primary" id="a9s-settings-save" disabled=save.pending()>"Save settings"</button>
            </div>
        </form>
        {note("a9s-settings-note", view! {
            {move || unchanged.get().then(|| said("Nothing changed.".into()))}
            {save.view(|m| said(format!("Saved: {}.", m.unwrap_or_else(|| "updated".into()))))}
        })}
        <ConfirmDialog open=confirm title="Save these settings?" confirm_label="Save" danger=true
            on_confirm=Callback::new(move |_| save.send(pending.get_untracked()))>
            <ul id="a9s-settings-warnings">
                {move || pending.get().warnings(&current()).into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        </ConfirmDialog>
    }
}

/// Prepare on this instance (the source), then perform on a destination instance.
pub(super) fn recovery_tab(ctx: Ctx) -> impl IntoView {
    let source_key = RwSignal::new(String::new());
    let guid = RwSignal::new(String::new());
    let prepare = use_write_then(
        move |key: &String| a9s::prepare_disaster_recovery(&ctx.id(), Some(key)),
        move |r| {
            if let Ok(Some(g)) = r {
                guid.set(g.clone());
            }
        },
    );
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
    // The destination's name, to be typed before the recovery runs (its id until read).
    let destination = use_call(move || {
        let d = dest.get();
        (!d.is_empty()).then(|| a9s::get_instance(&d))
    });
    let dest_name = Signal::derive(move || {
        destination
            .ready()
            .and_then(|i| i.name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| dest.get())
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Started>);
    let into = StoredValue::new(String::new());
    let perform = use_write_then(
        move |(d, guid, key): &(String, String, String)| {
            into.set_value(d.clone());
            a9s::perform_disaster_recovery(d, guid, key)
        },
        move |r| {
            if let Ok(rid) = r {
                let d = into.get_value();
                follow_restore(
                    ctx,
                    &d,
                    rid.clone(),
                    None,
                    a9s::TaskStatus::Queued,
                    followed,
                );
            }
        },
    );
    view! {
        <section class="card" id="a9s-dr-prepare">
            <h2>"1. Prepare on this instance (the source)"</h2>
            <Field label="Encryption key (optional)" value=source_key input_type="password" id="a9s-dr-source-key"
                help="The key the Backup Manager uses for this instance's backups; sets it when given."/>
            <ActionButton label="Prepare" id="a9s-dr-prepare-go" pending=prepare.pending()
                on_click=Callback::new(move |_| prepare.send(source_key.get_untracked()))/>
            {note("a9s-dr-prepared", prepare.view(|g| said(format!("Prepared. Backup GUID: {}", g.unwrap_or_default()))))}
            <p>"Backup GUID: " <code id="a9s-dr-guid">{guid}</code> " " <CopyButton text=guid/></p>
        </section>
        <section class="card" id="a9s-dr-perform">
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
            {note("a9s-dr-performed", perform.outcome(|r| r.err().map(|e| view! { <crate::ui::ErrorNotice error=e/> })))}
            {restore_note(ctx, followed)}
        </section>
        <ConfirmDialog open=confirm title="Perform the disaster recovery?" confirm_label="Recover" danger=true
            typed=dest_name on_confirm=Callback::new(move |_| perform.send((
                dest.get_untracked(),
                guid.get_untracked(),
                key.get_untracked(),
            )))>
            <p>{move || format!("The data of {} is replaced by the backups of {}.", isolate(&dest_name.get()), isolate(&ctx.name()))}</p>
            {rebind_advice()}
        </ConfirmDialog>
    }
}

/// The available range, a date-time picker constrained to it, confirmation, then the restore.
pub(super) fn pitr_tab(ctx: Ctx) -> impl IntoView {
    let range = use_call(move || Some(a9s::get_pitr_range(&ctx.id.get())));
    let target = RwSignal::new(String::new());
    // The picker starts at the newest restorable time.
    Effect::new(move |_| {
        if let Some((_, end)) = range.ready().as_ref().and_then(PitrRange::bounds_ms) {
            target.set(validate::picker_value(end));
        }
    });
    let known = move || range.ready().unwrap_or_default();
    let tried = RwSignal::new(false);
    let checked = Signal::derive(move || validate::target_time(&known(), &target.get()));
    let error = Signal::derive(move || {
        tried
            .get()
            .then(|| checked.get().err().map(|e| e.message))
            .flatten()
    });
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Started>);
    // No id comes back: once accepted, the newest restore is the one just queued.
    let asked = RwSignal::new(0u32);
    let restore = use_write_then(
        move |time: &String| a9s::pitr_restore(&ctx.id(), time),
        move |r| {
            if r.is_ok() {
                asked.update(|n| *n += 1);
            }
        },
    );
    let restores = use_call(move || (asked.get() > 0).then(|| a9s::list_restores(&ctx.id.get())));
    Effect::new(move |_| {
        let Some(list) = restores.ready() else { return };
        // Only restores whose id read can be followed.
        let newest = list
            .into_iter()
            .filter_map(|r| Some((r.id.as_ref().ok()?.number()?, r)))
            .max_by_key(|(n, _)| *n);
        if let Some((_, r)) = newest {
            follow_restore(ctx, &ctx.id(), r.id, r.backup_id, r.status, followed);
        }
    });
    // A 4xx on the range: this instance keeps no write-ahead log.
    let why = move || {
        range
            .get()
            .and_then(Result::err)
            .filter(|e| matches!(e.status(), Some(400..=499)))
            .map(|_| view! {
                <p class="notice info" id="a9s-pitr-why">
                    "Point-in-time recovery needs continuous archiving: only a9s PostgreSQL instances whose backup type is continuous_archiving keep the write-ahead log it restores from. This instance's backups can still be restored one by one on the Backups tab."
                </p>
            })
    };
    view! {
        {range.view(move |r| {
            let (start, end) = r.bounds_ms().unwrap_or_default();
            view! {
                <p id="a9s-pitr-range">"Restorable from " <strong>{absolute(start)}</strong> " to " <strong>{absolute(end)}</strong> "."</p>
                <div class="card">
                    <Field label="Restore to (UTC)" value=target input_type="datetime-local" id="a9s-pitr-time"
                        min=validate::picker_value(start + 59_999) max=validate::picker_value(end) error=error/>
                    <ActionButton label="Restore to this time" id="a9s-pitr-go" danger=true pending=restore.pending()
                        on_click=Callback::new(move |_| {
                            tried.set(true);
                            if checked.get_untracked().is_ok() { confirm.set(true); }
                        })/>
                </div>
            }
        })}
        {why}
        {note("a9s-pitr-note", restore.view(|status| said(format!(
            "The point-in-time restore was accepted ({}).",
            status.as_str()
        ))))}
        {restore_note(ctx, followed)}
        <ConfirmDialog open=confirm title="Restore to this point in time?" confirm_label="Restore" danger=true
            on_confirm=Callback::new(move |_| {
                if let Ok(time) = checked.get_untracked() {
                    restore.send(time);
                }
            })>
            <p>{move || format!(
                "The data of {} goes back to {}. Changes made since are lost.",
                isolate(&ctx.name()),
                checked.get().ok().and_then(|t| crate::time::parse_iso(&t)).map(absolute).unwrap_or_default()
            )}</p>
            {rebind_advice()}
        </ConfirmDialog>
    }
}
