//! Backups (create, watch, download, restore) and restores.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{poll, when, Ctx};
use crate::api::a9s::{self, Backup, Restore, TaskStatus};
use crate::api::ApiError;
use crate::client::{use_client, Client};
use crate::ui::{
    format_bytes, use_toasts, ActionButton, Column, ConfirmDialog, DataTable, ErrorNotice,
    StatusBadge,
};

/// One row of either table: a backup, or a restore (with the backup it restored).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    id: u64,
    backup_id: Option<u64>,
    status: TaskStatus,
    size: Option<u64>,
    triggered: Option<String>,
    finished: Option<String>,
    downloadable: bool,
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

impl Row {
    /// A task just started, before its first status arrives.
    pub(super) fn queued(id: u64, backup_id: Option<u64>) -> Row {
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

/// Puts `row` in `rows`, replacing the one with its id, newest first.
fn upsert(rows: RwSignal<Vec<Row>>, row: Row) {
    rows.try_update(|list| match list.iter_mut().find(|r| r.id == row.id) {
        Some(r) => *r = row,
        None => list.insert(0, row),
    });
}

fn time_key(t: &Option<String>) -> f64 {
    super::ms(t).unwrap_or(0) as f64
}

fn columns(backups: bool) -> Vec<Column<Row>> {
    let mut cols = vec![
        Column::text("Id", |r: &Row| r.id.to_string()).sort_by_num(|r| r.id as f64),
        Column::view("Status", |r: &Row| {
            view! { <StatusBadge status=r.status.as_str().to_string()/> }
        })
        .sort_by_text(|r| r.status.as_str().to_string()),
    ];
    if backups {
        cols.push(
            Column::text("Size", |r: &Row| match (r.size, &r.status) {
                (Some(s), TaskStatus::Done | TaskStatus::Deleted) => format_bytes(s as f64),
                _ => "—".into(),
            })
            .sort_by_num(|r| r.size.unwrap_or(0) as f64),
        );
    } else {
        cols.push(Column::text("Backup", |r: &Row| {
            r.backup_id.map(|b| format!("#{b}")).unwrap_or_default()
        }));
    }
    cols.push(
        Column::view("Triggered", |r: &Row| when(r.triggered.clone()))
            .sort_by_num(|r| time_key(&r.triggered)),
    );
    cols.push(
        Column::view("Last change", |r: &Row| when(r.finished.clone()))
            .sort_by_num(|r| time_key(&r.finished)),
    );
    cols
}

#[component]
pub(super) fn BackupsTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let toasts = use_toasts();
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(false);
    let load = move || {
        let id = ctx.id();
        leptos::task::spawn_local(async move {
            match client.send(a9s::list_backups(&id)).await {
                Ok(list) => {
                    rows.try_set(list.into_iter().map(Row::from).collect());
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            loaded.try_set(true);
        });
    };
    load();

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
    let create = Action::new_local(move |_: &()| {
        let id = ctx.id();
        async move {
            let created = client.send(a9s::create_backup(&id)).await?;
            let bid = created.id;
            upsert(rows, Row::queued(bid, None));
            toasts.info(format!("Backup #{bid} queued."));
            poll(
                ctx.alive(),
                move || {
                    let id = id.clone();
                    async move { client.send(a9s::get_backup(&id, bid)).await }
                },
                |b: &Backup| b.status.is_final(),
                move |r| {
                    if let Ok(b) = r {
                        if b.status.is_final() {
                            let msg = format!("Backup #{} {}.", b.id, b.status.as_str());
                            if b.status == TaskStatus::Done {
                                toasts.success(msg);
                            } else {
                                toasts.error(msg);
                            }
                        }
                        upsert(rows, b.into());
                    }
                },
            );
            Ok::<u64, ApiError>(bid)
        }
    });

    // Restore: confirmed, then followed on this page.
    let restore_of = RwSignal::new(None::<Row>);
    let confirm_open = RwSignal::new(false);
    let followed = RwSignal::new(None::<Row>);
    let restore = Action::new_local(move |bid: &u64| {
        let bid = *bid;
        let id = ctx.id();
        async move {
            let rid = client.send(a9s::restore_backup(&id, bid)).await?.id;
            followed.try_set(Some(Row::queued(rid, Some(bid))));
            follow_restore(ctx, client, id, rid, followed);
            Ok::<u64, ApiError>(rid)
        }
    });

    // Download: the bytes become a file named after instance and backup.
    let download = Action::new_local(move |bid: &u64| {
        let bid = *bid;
        let id = ctx.id();
        async move {
            let file = client.send(a9s::download_backup(&id, bid)).await?;
            let name = a9s::download_file_name(&id, bid);
            save_file(&name, &file.body, file.content_type.as_deref());
            Ok::<String, ApiError>(format!(
                "Saved {name} ({}).",
                format_bytes(file.body.len() as f64)
            ))
        }
    });

    let mut cols = columns(true);
    cols.push(Column::view("", move |r: &Row| {
        let bid = r.id;
        let row = r.clone();
        let can_restore = r.status == TaskStatus::Done;
        view! {
            <span class="toolbar">
                {r.downloadable.then(|| view! {
                    <button type="button" class="btn small a9s-download" data-id=bid
                        disabled=move || download.pending().get()
                        on:click=move |_| { download.dispatch(bid); }>"Download"</button>
                })}
                {can_restore.then(|| view! {
                    <button type="button" class="btn small a9s-restore" data-id=bid
                        on:click=move |_| { restore_of.set(Some(row.clone())); confirm_open.set(true); }>"Restore"</button>
                })}
            </span>
        }
    }));
    let filter_options = std::iter::once(("".to_string(), "All statuses".to_string()))
        .chain(
            TaskStatus::DOCUMENTED
                .iter()
                .map(|s| (s.as_str().to_string(), s.as_str().to_string())),
        )
        .collect::<Vec<_>>();
    let backup_words = move || {
        restore_of
            .get()
            .map(|r| {
                format!(
                    "Backup #{} ({}) replaces the current data of instance {}.",
                    r.id,
                    r.size.map(|s| format_bytes(s as f64)).unwrap_or_default(),
                    ctx.name()
                )
            })
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar">
            <ActionButton label="Create backup" id="a9s-create-backup" pending=create.pending()
                on_click=Callback::new(move |_| { create.dispatch(()); })/>
            <label class="field inline">
                <span class="field-label">"Status"</span>
                <select id="a9s-status-filter" prop:value=move || status.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let q = if v.is_empty() { String::new() } else { format!("?status={v}") };
                        navigate(&format!("/a9s/instances/{}/backups{q}", crate::api::seg(&ctx.id())), Default::default());
                    }>
                    {filter_options.into_iter().map(|(v, l)| view! { <option value=v.clone() selected=move || status.get() == v>{l}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="btn small" on:click=move |_| load()>"Refresh"</button>
        </div>
        <p class="help">"Set the encryption key (Backup settings) before a backup: only then can its download be decrypted."</p>
        {move || create.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        {move || download.value().get().map(|r| match r {
            Ok(text) => view! { <p class="notice ok" id="a9s-download-note" role="status">{text}</p> }.into_any(),
            Err(e) => view! { <div id="a9s-download-error"><ErrorNotice error=e/></div> }.into_any(),
        })}
        {move || restore.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        {move || followed.get().map(|r| view! { <RestoreNote row=r/> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e retry=Callback::new(move |_| load())/> })}
        <Show when=move || loaded.get() fallback=|| view! { <p class="loading">"Loading backups…"</p> }>
            <DataTable id="a9s-backups" rows=shown columns=cols.clone() empty="No backups."/>
        </Show>
        <ConfirmDialog open=confirm_open title="Restore this backup?" confirm_label="Restore" danger=true
            on_confirm=Callback::new(move |_| if let Some(r) = restore_of.get_untracked() { restore.dispatch(r.id); })>
            <p id="a9s-restore-what">{backup_words}</p>
            <RebindAdvice/>
        </ConfirmDialog>
    }
}

/// The document's advice after any restore.
#[component]
pub(super) fn RebindAdvice() -> impl IntoView {
    view! {
        <p class="notice warn a9s-advice">
            "After the restore, rebind your application to the instance and restage it at once, e.g. in Cloud Foundry: "
            <code>"cf unbind-service <app> <instance>"</code> ", " <code>"cf bind-service <app> <instance>"</code>
            ", " <code>"cf restage <app>"</code> "."
        </p>
    }
}

/// A followed restore's live status.
#[component]
pub(super) fn RestoreNote(row: Row) -> impl IntoView {
    let done = row.status.is_final();
    view! {
        <div class=if done { "notice ok" } else { "notice info" } id="a9s-restore-note" role="status">
            <p>
                {format!("Restore #{}", row.id)}
                {row.backup_id.filter(|b| *b > 0).map(|b| format!(" of backup #{b}"))}
                ": " <StatusBadge status=row.status.as_str().to_string()/>
            </p>
            {done.then(|| view! { <RebindAdvice/> })}
        </div>
    }
}

/// Follows a restore (`GET …/restores/{id}`) until it ends, into `followed`.
pub(super) fn follow_restore(
    ctx: Ctx,
    client: Client,
    instance: String,
    rid: u64,
    followed: RwSignal<Option<Row>>,
) {
    poll(
        ctx.alive(),
        move || {
            let id = instance.clone();
            async move { client.send(a9s::get_restore(&id, rid)).await }
        },
        |r: &Restore| r.status.is_final(),
        move |r| {
            if let Ok(r) = r {
                followed.try_set(Some(r.into()));
            }
        },
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

#[component]
pub(super) fn RestoresTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let rows = RwSignal::new(Vec::<Row>::new());
    let error = RwSignal::new(None::<ApiError>);
    let loaded = RwSignal::new(false);
    let id = ctx.id();
    let fetch = move || {
        let id = id.clone();
        async move { client.send(a9s::list_restores(&id)).await }
    };
    let apply = move |r: Result<Vec<Restore>, ApiError>| {
        match r {
            Ok(list) => {
                rows.try_set(list.into_iter().map(Row::from).collect());
                error.try_set(None);
            }
            Err(e) => {
                error.try_set(Some(e));
            }
        }
        loaded.try_set(true);
    };
    // Live: reloaded while any restore is still running.
    let watch = {
        let fetch = fetch.clone();
        move || {
            let fetch = fetch.clone();
            leptos::task::spawn_local(async move {
                let r = fetch().await;
                let busy = matches!(&r, Ok(l) if l.iter().any(|x| !x.status.is_final()));
                apply(r);
                if busy {
                    poll(
                        ctx.alive(),
                        fetch,
                        |l: &Vec<Restore>| l.iter().all(|x| x.status.is_final()),
                        apply,
                    );
                }
            });
        }
    };
    let reload = Arc::new(watch);
    reload();
    let again = reload.clone();
    view! {
        <div class="toolbar">
            <button type="button" class="btn small" id="a9s-restores-refresh" on:click=move |_| again()>"Refresh"</button>
        </div>
        {move || error.get().map(|e| { let r = reload.clone(); view! { <ErrorNotice error=e retry=Callback::new(move |_| r())/> } })}
        <Show when=move || loaded.get() fallback=|| view! { <p class="loading">"Loading restores…"</p> }>
            <DataTable id="a9s-restores" rows=rows columns=columns(false) empty="No restores yet."/>
        </Show>
    }
}
