//! Backups (create, watch, filter, download, restore) and restores.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{badge, dynamic, outcome, poll, start, when, Ctx, InstanceTab, Outcome};
use crate::api::a9s::{self, Backup, Restore, TaskStatus};
use crate::api::{id, ApiError, Id, IdRead};
use crate::client::{use_client, Client};
use crate::ui::{
    format_bytes, isolate, use_toasts, ActionButton, Column, ConfirmDialog, DataTable, ErrorNotice,
};

/// One row of either table: a backup, or a restore (with the backup it restored).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    id: IdRead,
    backup_id: Option<Id>,
    status: TaskStatus,
    size: Option<Result<u64, ()>>,
    triggered: Option<String>,
    finished: Option<String>,
    downloadable: bool,
}

impl Row {
    /// A task just started, before its first status arrives.
    pub(super) fn queued(id: IdRead, backup_id: Option<Id>) -> Row {
        Row {
            id,
            backup_id,
            status: TaskStatus::Queued,
            size: None,
            triggered: None,
            finished: None,
            downloadable: false,
        }
    }
}

impl From<Backup> for Row {
    fn from(b: Backup) -> Row {
        Row {
            id: b.id,
            backup_id: None,
            status: b.status,
            size: b.size,
            triggered: b.triggered_at,
            finished: b.finished_at,
            downloadable: b.downloadable,
        }
    }
}

impl From<Restore> for Row {
    fn from(r: Restore) -> Row {
        Row {
            id: r.id,
            backup_id: r.backup_id,
            status: r.status,
            size: None,
            triggered: r.triggered_at,
            finished: r.finished_at,
            downloadable: false,
        }
    }
}

/// Puts `row` in `rows`, replacing the one with its id, newest first.
fn upsert(rows: RwSignal<Vec<Row>>, row: Row) {
    rows.try_update(
        |list| match list.iter_mut().find(|r| r.id.is_ok() && r.id == row.id) {
            Some(r) => *r = row,
            None => list.insert(0, row),
        },
    );
}

fn time_key(t: &Option<String>) -> f64 {
    t.as_deref().and_then(crate::time::parse_iso).unwrap_or(0) as f64
}

fn columns(backups: bool) -> Vec<Column<Row>> {
    let third = if backups {
        Column::text("Size", |r: &Row| match (r.size, &r.status) {
            (Some(Err(())), _) => "unreadable".into(),
            (Some(Ok(s)), TaskStatus::Done | TaskStatus::Deleted) => format_bytes(s as f64),
            _ => "—".into(),
        })
        .sort_by_num(|r| r.size.and_then(Result::ok).unwrap_or(0) as f64)
    } else {
        Column::text("Backup", |r: &Row| {
            r.backup_id
                .as_ref()
                .map(|b| format!("#{b}"))
                .unwrap_or_default()
        })
    };
    vec![
        Column::text("Id", |r: &Row| id::shown(&r.id))
            .sort_by_num(|r| r.id.as_ref().ok().and_then(Id::number).unwrap_or(0) as f64),
        Column::view("Status", |r: &Row| badge(r.status.as_str()))
            .sort_by_text(|r| r.status.as_str().to_string()),
        third,
        Column::view("Triggered", |r: &Row| when(r.triggered.clone()))
            .sort_by_num(|r| time_key(&r.triggered)),
        Column::view("Last change", |r: &Row| when(r.finished.clone()))
            .sort_by_num(|r| time_key(&r.finished)),
    ]
}

/// A list loaded into `rows`, or its error into `error`.
fn load_rows(
    client: Client,
    id: String,
    backups: bool,
    rows: RwSignal<Vec<Row>>,
    error: RwSignal<Option<ApiError>>,
    loaded: RwSignal<bool>,
) {
    spawn_local(async move {
        let r = if backups {
            client
                .send(a9s::list_backups(&id))
                .await
                .map(|l| l.into_iter().map(Row::from).collect::<Vec<_>>())
        } else {
            client
                .send(a9s::list_restores(&id))
                .await
                .map(|l| l.into_iter().map(Row::from).collect())
        };
        match r {
            Ok(list) => {
                rows.try_set(list);
                error.try_set(None);
            }
            Err(e) => {
                error.try_set(Some(e));
            }
        }
        loaded.try_set(true);
    });
}

/// The table, once loaded, or the load's error with a retry.
fn table(
    id: &'static str,
    rows: Signal<Vec<Row>>,
    columns: Vec<Column<Row>>,
    error: RwSignal<Option<ApiError>>,
    loaded: RwSignal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let columns = StoredValue::new(columns);
    dynamic(move || {
        if let Some(e) = error.get() {
            return view! { <ErrorNotice error=e retry=reload/> }.into_any();
        }
        if !loaded.get() {
            return view! { <p class="loading">"Loading…"</p> }.into_any();
        }
        view! { <DataTable id=id in_url=true rows=rows columns=columns.get_value() empty="Nothing here yet."/> }
            .into_any()
    })
}

pub(super) fn backups_tab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(false);
    let reload = Callback::new(move |_| load_rows(client, ctx.id(), true, rows, error, loaded));
    reload.run(());

    // Filter by status, kept in the URL.
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Signal::derive(move || query.read().get("status").unwrap_or_default());
    let shown = Signal::derive(move || {
        let s = status.get();
        rows.get()
            .into_iter()
            .filter(|r| s.is_empty() || r.status.as_str() == s)
            .collect::<Vec<_>>()
    });

    // Create: the row appears at once as queued, then follows the backup until it ends.
    let creating = RwSignal::new(false);
    let created: Outcome = RwSignal::new(None);
    let create = Callback::new(move |_| {
        let id = ctx.id();
        start(creating, async move {
            let bid = match client.send(a9s::create_backup(&id)).await {
                Ok(Ok(b)) => b,
                Ok(Err(why)) => {
                    // Accepted, but nothing to follow: the list shows it once reloaded.
                    created.try_set(Some(Ok(format!(
                        "Backup queued; it cannot be followed here ({why}). Refresh to see it."
                    ))));
                    return;
                }
                Err(e) => {
                    created.try_set(Some(Err(e)));
                    return;
                }
            };
            upsert(rows, Row::queued(Ok(bid.clone()), None));
            created.try_set(Some(Ok(format!("Backup #{bid} queued."))));
            poll(
                ctx.alive(),
                Box::new(move || {
                    let (id, bid) = (id.clone(), bid.clone());
                    Box::pin(async move {
                        let Ok(b) = client.send(a9s::get_backup(&id, &bid)).await else {
                            return false;
                        };
                        let done = b.status.is_final();
                        if done {
                            let msg = format!("Backup #{bid} {}.", b.status.as_str());
                            if b.status == TaskStatus::Done {
                                toasts.success(msg);
                            } else {
                                toasts.error(msg);
                            }
                        }
                        upsert(rows, b.into());
                        done
                    })
                }),
            );
        });
    });

    // Restore: confirmed, then followed on this page.
    let restore_of = RwSignal::new(None::<Row>);
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let restoring = RwSignal::new(false);
    let restored: Outcome = RwSignal::new(None);
    let restore = Callback::new(move |_| {
        let Some(Ok(bid)) = restore_of.get_untracked().map(|r| r.id) else {
            return;
        };
        let id = ctx.id();
        start(restoring, async move {
            match client.send(a9s::restore_backup(&id, &bid)).await {
                Ok(rid) => {
                    followed.try_set(Some(Row::queued(rid.clone(), Some(bid))));
                    if let Ok(rid) = rid {
                        follow_restore(ctx, client, id, rid, followed);
                    }
                }
                Err(e) => {
                    restored.try_set(Some(Err(e)));
                }
            }
        });
    });

    // Download: the bytes become a file named after instance and backup.
    let downloading = RwSignal::new(false);
    let downloaded: Outcome = RwSignal::new(None);
    let download = Callback::new(move |bid: Id| {
        let id = ctx.id();
        start(downloading, async move {
            let r = client
                .send(a9s::download_backup(&id, &bid))
                .await
                .map(|file| {
                    let name = a9s::download_file_name(&id, &bid);
                    save_file(&name, &file.body, file.content_type.as_deref());
                    format!("Saved {name} ({}).", format_bytes(file.body.len() as f64))
                });
            downloaded.try_set(Some(r));
        });
    });

    let mut cols = columns(true);
    cols.push(Column::text("Downloadable", |r: &Row| {
        if r.downloadable { "yes" } else { "no" }.to_string()
    }));
    cols.push(Column::view("", move |r: &Row| {
        let row = r.clone();
        let done = r.status == TaskStatus::Done;
        // A backup whose id did not read offers no action: it says why instead.
        let bid = match &r.id {
            Ok(bid) => bid.clone(),
            Err(why) => {
                let why = why.reason();
                return view! { <span class="muted a9s-no-actions" title=why>{format!("no actions: {why}")}</span> }
                    .into_any();
            }
        };
        let (data_id, down) = (bid.to_string(), bid.clone());
        view! {
            <span class="toolbar">
                {r.downloadable.then(|| view! {
                    <button type="button" class="btn small a9s-download" data-id=data_id.clone() disabled=downloading
                        on:click=move |_| download.run(down.clone())>"Download"</button>
                })}
                {done.then(|| view! {
                    <button type="button" class="btn small a9s-restore" data-id=data_id
                        on:click=move |_| { restore_of.set(Some(row.clone())); confirm.set(true); }>"Restore"</button>
                })}
            </span>
        }
        .into_any()
    }));
    let options = std::iter::once("")
        .chain(TaskStatus::DOCUMENTED.iter().map(TaskStatus::as_str))
        .map(|v| {
            let label = if v.is_empty() { "all" } else { v };
            view! { <option value=v selected=move || status.get() == v>{label}</option> }
        })
        .collect_view();
    let what = move || {
        restore_of
            .get()
            .map(|r| {
                format!(
                    "Backup #{} ({}) replaces the current data of instance {}.",
                    id::shown(&r.id),
                    match r.size {
                        Some(Ok(s)) => format_bytes(s as f64),
                        Some(Err(())) => "size unreadable".into(),
                        None => String::new(),
                    },
                    isolate(&ctx.name())
                )
            })
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar">
            <ActionButton label="Create backup" id="a9s-create-backup" pending=creating on_click=create/>
            <label>
                "Status "
                <select id="a9s-status-filter" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let q = if v.is_empty() { String::new() } else { format!("?status={v}") };
                    navigate(&format!("{}{q}", ctx.href(InstanceTab::Backups)), Default::default());
                }>{options}</select>
            </label>
            <button type="button" class="btn small" on:click=move |_| reload.run(())>"Refresh"</button>
        </div>
        <p class="help">"Set the encryption key (Backup settings) before a backup: only then can its download be decrypted."</p>
        {outcome("a9s-create-note", created)}
        {outcome("a9s-download-note", downloaded)}
        {outcome("a9s-restore-error", restored)}
        {restore_note(followed)}
        {table("a9s-backups", shown, cols, error, loaded, reload)}
        <ConfirmDialog open=confirm title="Restore this backup?" confirm_label="Restore" danger=true on_confirm=restore>
            <p id="a9s-restore-what">{what}</p>
            {rebind_advice()}
        </ConfirmDialog>
    }
}

/// The document's advice after any restore.
pub(super) fn rebind_advice() -> impl IntoView {
    view! {
        <p class="notice warn a9s-advice">
            "After the restore, rebind your application to the instance and restage it at once, e.g. in Cloud Foundry: "
            <code>"cf unbind-service <app> <instance>"</code> ", " <code>"cf bind-service <app> <instance>"</code>
            ", " <code>"cf restage <app>"</code> "."
        </p>
    }
}

/// A followed restore's live status.
pub(super) fn restore_note(followed: RwSignal<Option<Row>>) -> impl IntoView {
    dynamic(move || {
        let Some(row) = followed.get() else {
            return ().into_any();
        };
        let done = row.status.is_final();
        let of = row
            .backup_id
            .map(|b| format!(" of backup #{b}"))
            .unwrap_or_default();
        let what = match &row.id {
            Ok(rid) => format!("Restore #{rid}{of}: "),
            Err(why) => format!("Restore{of} accepted; it cannot be followed here ({why}): "),
        };
        view! {
            <div class="notice info" id="a9s-restore-note" role="status">
                <p>{what} {badge(row.status.as_str())}</p>
                {done.then(rebind_advice)}
            </div>
        }
        .into_any()
    })
}

/// Follows a restore (`GET …/restores/{id}`) until it ends, into `followed`.
pub(super) fn follow_restore(
    ctx: Ctx,
    client: Client,
    instance: String,
    rid: Id,
    followed: RwSignal<Option<Row>>,
) {
    poll(
        ctx.alive(),
        Box::new(move || {
            let (id, rid) = (instance.clone(), rid.clone());
            Box::pin(async move {
                let Ok(r) = client.send(a9s::get_restore(&id, &rid)).await else {
                    return false;
                };
                let done = r.status.is_final();
                followed.try_set(Some(r.into()));
                done
            })
        }),
    );
}

#[cfg(target_arch = "wasm32")]
fn save_file(name: &str, bytes: &[u8], content_type: Option<&str>) {
    use wasm_bindgen::JsCast;
    let run = || -> Option<()> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type.unwrap_or("application/octet-stream"));
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
        Some(())
    };
    run();
}

#[cfg(not(target_arch = "wasm32"))]
fn save_file(_: &str, _: &[u8], _: Option<&str>) {}

pub(super) fn restores_tab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(false);
    let reload = Callback::new(move |_| {
        load_rows(client, ctx.id(), false, rows, error, loaded);
    });
    reload.run(());
    // Live: reloaded while any restore is still running.
    let id = ctx.id();
    poll(
        ctx.alive(),
        Box::new(move || {
            let id = id.clone();
            Box::pin(async move {
                // The tab is gone: stop. Nothing running: stop once the list is there.
                let Some(running) =
                    rows.try_with_untracked(|l| l.iter().any(|r| !r.status.is_final()))
                else {
                    return true;
                };
                if !running {
                    return loaded.try_get_untracked() != Some(false);
                }
                let Ok(list) = client.send(a9s::list_restores(&id)).await else {
                    return false;
                };
                let done = list.iter().all(|r| r.status.is_final());
                rows.try_set(list.into_iter().map(Row::from).collect());
                done
            })
        }),
    );
    view! {
        <div class="toolbar">
            <button type="button" class="btn small" id="a9s-restores-refresh" on:click=move |_| reload.run(())>"Refresh"</button>
        </div>
        {table("a9s-restores", rows.into(), columns(false), error, loaded, reload)}
    }
}
