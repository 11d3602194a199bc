//! Following the Deployments tab's work with [`crate::ui::Followed`]: one list for the tab,
//! one check (each job's own status operation) until final, also the area's resume hook after a
//! reload; and how a job shows, a bar per batch where there are batches.

use leptos::prelude::*;

use crate::api::spot::envelope;
use crate::api::{ApiKind, Call};
use crate::client::SendOptions;
use crate::ui::{Column, Followed, StatusBadge};

use super::super::super::catalog;
use super::super::super::op_call::ExplorerLink;
use super::super::Provider;
use super::job::Roll;

/// A bar per batch: finished, running, failed or waiting, in words too.
pub fn batch_bars(r: &Roll) -> impl IntoView {
    let bars = r
        .batches
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (value, class) = match s.as_str() {
                "FINISHED" => (100, "batch done"),
                "IN_PROGRESS" => (50, "batch busy"),
                "FAILED" => (100, "batch failed"),
                _ => (0, "batch"),
            };
            let label = format!("Batch {}: {}", i + 1, s.to_lowercase().replace('_', " "));
            let (title, aria) = (label.clone(), label.clone());
            view! {
                <span class=class title=title>
                    <progress max="100" value=value aria-label=aria></progress>
                    <small>{label}</small>
                </span>
            }
        })
        .collect_view();
    view! { <span class="batches">{bars}</span> }
}

/// The columns every list of jobs shows: what, id, status, bars, progress, note, its status call.
pub fn columns() -> Vec<Column<Roll>> {
    vec![
        Column::text("Kind", |r: &Roll| r.kind.words().to_string()),
        Column::view("Id", |r: &Roll| view! { <code>{r.id.clone()}</code> }),
        Column::view(
            "Status",
            |r: &Roll| view! { <StatusBadge status=r.status.to_lowercase()/> },
        ),
        Column::view("Batches", |r: &Roll| batch_bars(r)),
        Column::text("Progress", |r: &Roll| r.words()),
        Column::text("Note", |r: &Roll| {
            r.error.clone().unwrap_or_else(|| r.comment.clone())
        }),
        Column::view("", |r: &Roll| {
            let provider = Provider::from_key(&r.provider).unwrap_or(Provider::Aws);
            view! { <ExplorerLink call=r.status_call(provider)/> }
        }),
    ]
}

/// Where the followed jobs are saved.
pub const KEY: &str = "spot.groups.rolls";

/// The jobs of this tab's followed list.
pub fn followed() -> Followed<Roll> {
    Followed::load(KEY, 10)
}

/// After a reload: the jobs followed again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

/// Asks Spot about every followed job still open (each check loads the catalog first, from
/// memory after the first time, so a resume after a reload needs no page).
pub fn follow(jobs: Followed<Roll>) {
    jobs.follow(|client, mut job| async move {
        let Ok(cat) = catalog::load().await else {
            return job;
        };
        let provider = Provider::from_key(&job.provider).unwrap_or(Provider::Aws);
        match job
            .status_call(provider)
            .request(&cat, job.account.as_deref())
        {
            Ok(req) => {
                let call = Call::new(ApiKind::Spot, req, envelope::decode);
                match client.send_with(call, SendOptions::default()).await {
                    Ok(a) => job = job.now(&a, provider),
                    Err(e) => {
                        job.error = Some(e.summary());
                        job.status = "UNKNOWN".into();
                    }
                }
            }
            Err(e) => {
                job.error = e.first().map(|e| e.message.clone());
                job.status = "UNKNOWN".into();
            }
        }
        job
    });
}
