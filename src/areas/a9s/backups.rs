//! Backups (create, watch, filter, download, restore) and restores.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::jobs::{self, Job, Kind};
use super::{badge, dynamic, note, said, when, Ctx, InstanceTab};
use crate::api::a9s::{self, Backup, Restore, TaskStatus};
use crate::api::{id, Id, IdRead};
use crate::ui::{
    backoff_ms, format_bytes, isolate, save_file, use_call, use_write_then, ActionButton, Column,
    ConfirmDialog, DataTable,
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

impl From<&Job> for Row {
    fn from(j: &Job) -> Row {
        Row {
            id: j.task_id(),
            backup_id: j
                .backup
                .as_deref()
                .and_then(|b| Id::integer_from_address(b).ok()),
            status: TaskStatus::parse(&j.status),
            size: j.size,
            triggered: j.triggered.clone(),
            finished: j.finished.clone(),
            downloadable: j.downloadable,
        }
    }
}

/// The listed rows with the followed jobs of this kind and instance laid over them: a job
/// the list does not have yet comes first; one the list still shows as running is replaced.
fn with_jobs(mut rows: Vec<Row>, followed: Vec<Job>, kind: Kind, instance: &str) -> Vec<Row> {
    for job in followed
        .iter()
        .rev()
        .filter(|j| j.kind == kind && j.instance == instance)
    {
        let row = Row::from(job);
        match rows.iter_mut().find(|r| r.id.is_ok() && r.id == row.id) {
            Some(r) if !r.status.is_final() => *r = row,
            Some(_) => {}
            None => rows.insert(0, row),
        }
    }
    rows
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

/// A list's table: "Loading…", the rows, or the error with Retry.
fn table(
    id: &'static str,
    list: crate::ui::Loaded<impl Sized + 'static>,
    rows: Signal<Vec<Row>>,
    columns: Vec<Column<Row>>,
) -> impl IntoView {
    list.view(move |_| {
        view! { <DataTable id=id in_url=true rows=rows columns=columns.clone() empty="Nothing here yet."/> }
    })
}

pub(super) fn backups_tab(ctx: Ctx) -> impl IntoView {
    let list = use_call(move || Some(a9s::list_backups(&ctx.id.get())));
    let rows = Signal::derive(move || {
        let listed = list.ready().unwrap_or_default();
        let listed = listed.into_iter().map(Row::from).collect();
        with_jobs(listed, ctx.jobs.list(), Kind::Backup, &ctx.id.get())
    });

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
    let create = use_write_then(
        move |_: &()| a9s::create_backup(&ctx.id()),
        move |r| {
            if let Ok(Ok(bid)) = r {
                ctx.jobs.add(Job::backup(&ctx.id(), bid));
            }
        },
    );

    // Restore: confirmed, then followed on this page.
    let restore_of = RwSignal::new(None::<Row>);
    let confirm = RwSignal::new(false);
    let followed = RwSignal::new(None::<Started>);
    let restore = use_write_then(
        move |bid: &Id| a9s::restore_backup(&ctx.id(), bid),
        move |r| {
            let bid = restore_of.get_untracked().and_then(|r| r.id.ok());
            if let Ok(rid) = r {
                follow_restore(
                    ctx,
                    &ctx.id(),
                    rid.clone(),
                    bid,
                    TaskStatus::Queued,
                    followed,
                );
            }
        },
    );

    // Download: the bytes become a file named after instance and backup.
    let file_name = StoredValue::new(String::new());
    let download = use_write_then(
        move |bid: &Id| {
            let id = ctx.id();
            file_name.set_value(a9s::download_file_name(&id, bid));
            a9s::download_backup(&id, bid)
        },
        move |r| {
            if let Ok(file) = r {
                save_file(
                    &file_name.get_value(),
                    &file.body,
                    file.content_type.as_deref(),
                );
            }
        },
    );
    let downloading = download.pending();

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
                        on:click=move |_| download.send(down.clone())>"Download"</button>
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
            <ActionButton label="Create backup" id="a9s-create-backup" pending=create.pending()
                on_click=Callback::new(move |_| create.send(()))/>
            <label>
                "Status "
                <select id="a9s-status-filter" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let q = if v.is_empty() { String::new() } else { format!("?status={v}") };
                    navigate(&format!("{}{q}", ctx.href(InstanceTab::Backups)), Default::default());
                }>{options}</select>
            </label>
            <button type="button" class="btn small" on:click=move |_| list.refetch()>"Refresh"</button>
        </div>
        <p class="help">"Set the encryption key (Backup settings) before a backup: only then can its download be decrypted."</p>
        {note("a9s-create-note", create.view(|bid: IdRead| said(match bid {
            Ok(bid) => format!("Backup #{bid} queued."),
            // Accepted, but nothing to follow: the list shows it once reloaded.
            Err(why) => format!("Backup queued; it cannot be followed here ({why}). Refresh to see it."),
        })))}
        {note("a9s-download-note", download.view(move |file| said(format!(
            "Saved {} ({}).",
            file_name.get_value(),
            format_bytes(file.body.len() as f64)
        ))))}
        {note("a9s-restore-error", restore.outcome(|r| r.err().map(|e| view! { <crate::ui::ErrorNotice error=e/> })))}
        {restore_note(ctx, followed)}
        {table("a9s-backups", list, shown, cols)}
        <ConfirmDialog open=confirm title="Restore this backup?" confirm_label="Restore" danger=true
            on_confirm=Callback::new(move |_| {
                if let Some(Ok(bid)) = restore_of.get_untracked().map(|r| r.id) {
                    restore.send(bid);
                }
            })>
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

/// A restore this page started: its instance and the row it started as.
#[derive(Clone)]
pub(super) struct Started {
    instance: String,
    row: Row,
}

/// A started restore's live status: its followed job's, or, when its id did not read, as
/// accepted.
pub(super) fn restore_note(ctx: Ctx, followed: RwSignal<Option<Started>>) -> impl IntoView {
    dynamic(move || {
        let Some(Started { instance, row }) = followed.get() else {
            return ().into_any();
        };
        let row = match &row.id {
            Ok(rid) => ctx
                .job(&jobs::key(Kind::Restore, &instance, rid.as_str()))
                .map(|j| Row::from(&j))
                .unwrap_or(row),
            Err(_) => row,
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

/// Follows a restore of `instance` just accepted (a followed job when its id read), shown on
/// this page by [`restore_note`].
pub(super) fn follow_restore(
    ctx: Ctx,
    instance: &str,
    rid: IdRead,
    backup: Option<Id>,
    status: TaskStatus,
    followed: RwSignal<Option<Started>>,
) {
    if let Ok(rid) = &rid {
        ctx.jobs
            .add(Job::restore(instance, rid, backup.as_ref(), &status));
    }
    let mut row = Row::queued(rid, backup);
    row.status = status;
    followed.set(Some(Started {
        instance: instance.to_string(),
        row,
    }));
}

pub(super) fn restores_tab(ctx: Ctx) -> impl IntoView {
    let list = use_call(move || Some(a9s::list_restores(&ctx.id.get())));
    // Live: read again while any restore is still running.
    list.refresh_while(|r, n| {
        let running = r
            .as_ref()
            .is_ok_and(|l| l.iter().any(|x| !x.status.is_final()));
        running.then(|| backoff_ms(n).min(3_000))
    });
    let rows = Signal::derive(move || {
        let listed = list.ready().unwrap_or_default();
        listed.into_iter().map(Row::from).collect::<Vec<_>>()
    });
    view! {
        <div class="toolbar">
            <button type="button" class="btn small" id="a9s-restores-refresh" on:click=move |_| list.refetch()>"Refresh"</button>
        </div>
        {table("a9s-restores", list, rows, columns(false))}
    }
}
