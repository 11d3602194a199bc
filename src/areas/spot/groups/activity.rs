//! A group's activity: Spot's events since a date, and the Elastilog between two dates with a
//! severity filter; newest first, a page at a time.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{Column, DataTable, Field, SelectField, StatusBadge, TimeAgo};

use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::page::{day, Ctx};
use super::Provider;

#[derive(Clone, Debug, PartialEq)]
struct Line {
    at: Option<i64>,
    severity: String,
    kind: String,
    message: String,
}

/// Newest first.
fn lines(a: &Answer) -> Vec<Line> {
    let mut out: Vec<Line> = a
        .items
        .iter()
        .flatten()
        .map(|e| Line {
            at: json::text(&e["createdAt"]).and_then(|t| crate::time::parse_iso(&t)),
            severity: json::text(&e["severity"]).unwrap_or_default(),
            kind: json::text(&e["eventType"]).unwrap_or_default(),
            message: json::text(&e["message"]).unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|l| std::cmp::Reverse(l.at.unwrap_or(0)));
    out
}

fn columns(with_kind: bool) -> Vec<Column<Line>> {
    let mut c = vec![
        Column::view("When", |l: &Line| view! { <TimeAgo ms=l.at/> })
            .sort_by_num(|l: &Line| l.at.unwrap_or(0) as f64),
        Column::view(
            "Severity",
            |l: &Line| view! { <StatusBadge status=l.severity.to_lowercase()/> },
        ),
    ];
    if with_kind {
        c.push(Column::text("Event", |l: &Line| l.kind.clone()));
    }
    c.push(Column::text("Message", |l: &Line| l.message.clone()));
    c
}

#[component]
pub fn Activity(ctx: Ctx) -> impl IntoView {
    let from = RwSignal::new(day(7));
    let to = RwSignal::new(day(0));
    let severity = RwSignal::new(String::new());
    // GCP's events also take an end date; Azure spells the severity `SEVERITY`.
    let events_call = move || -> OpCall {
        let call = ctx.op("activity-events").query("fromDate", from.get());
        match ctx.provider {
            Provider::Gcp => call.query("toDate", to.get()),
            _ => call,
        }
    };
    let log_call = move || -> OpCall {
        let call = ctx
            .op("get-elastilog")
            .query("fromDate", from.get())
            .query("toDate", to.get());
        match ctx.provider {
            Provider::AzureVms => call.query("SEVERITY", severity.get()),
            Provider::Gcp => call,
            _ => call.query("severity", severity.get()),
        }
    };
    let events = use_op(move || {
        ctx.version.track();
        (!ctx.id.get().is_empty() && ctx.has("activity-events")).then(events_call)
    });
    let log = use_op(move || {
        ctx.version.track();
        (!ctx.id.get().is_empty() && ctx.has("get-elastilog")).then(log_call)
    });
    let search = Arc::new(|l: &Line| format!("{} {} {}", l.severity, l.kind, l.message));
    let search2 = search.clone();
    view! {
        <section class="card" id="spot-activity-range">
            <div class="form-row">
                <Field label="From" value=from id="spot-activity-from" input_type="date"/>
                <Field label="To" value=to id="spot-activity-to" input_type="date"/>
                <SelectField label="Severity (Elastilog)" value=severity id="spot-activity-severity"
                    options=Signal::derive(|| ["", "INFO", "WARN", "ERROR"].iter()
                        .map(|s| (s.to_string(), if s.is_empty() { "All".to_string() } else { s.to_string() })).collect())/>
            </div>
        </section>
        <section class="card" id="spot-events">
            <h3>"Activity events"</h3>
            {ctx.lacks("activity-events", "activity events")}
            {ctx.has("activity-events").then(|| view! {
                <p class="muted"><ExplorerLink call=Signal::derive(events_call)/></p>
                {events.view(move |a| {
                    let rows = lines(&a);
                    view! { <DataTable id="spot-events-table" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns(true)
                        search=search.clone() page_size=10 empty="No events in this range."/> }
                })}
            })}
        </section>
        <section class="card" id="spot-elastilog">
            <h3>"Elastilog"</h3>
            {ctx.lacks("get-elastilog", "the Elastilog")}
            {ctx.has("get-elastilog").then(|| view! {
                <p class="muted"><ExplorerLink call=Signal::derive(log_call)/></p>
                {log.view(move |a| {
                    let rows = lines(&a);
                    view! { <DataTable id="spot-log-table" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns(false)
                        search=search2.clone() page_size=10 empty="Nothing logged in this range at this severity."/> }
                })}
            })}
        </section>
    }
}
