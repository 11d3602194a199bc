//! The audit log: what was done in the account between two dates (newest first), optionally
//! only the calls answered with one status.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::json;
use crate::ui::{Column, DataTable, Field, SelectField, StatusBadge, TimeAgo};

use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{day, text};

/// A `YYYY-MM-DD` day's start (or, with `end`, its last second) in Unix seconds.
fn unix(day: &str, end: bool) -> Option<i64> {
    let ms = crate::time::parse_iso(&format!("{}T00:00:00Z", day.trim()))?;
    Some(ms / 1000 + if end { 86_399 } else { 0 })
}

#[derive(Clone, Debug, PartialEq)]
struct Event {
    /// Its place in the answer (two events can share a time, action and resource).
    n: usize,
    at: Option<i64>,
    user: String,
    action: String,
    resource: String,
    status: String,
    source: String,
}

#[component]
pub fn Audit() -> impl IntoView {
    let from = RwSignal::new(day(6));
    let to = RwSignal::new(day(0));
    let status = RwSignal::new(String::new());
    let call = move || {
        Some(
            OpCall::new("audit-service/list-audit-log-events")
                .query("fromDate", unix(&from.get(), false)?.to_string())
                .query("toDate", unix(&to.get(), true)?.to_string())
                .query("responseStatus", status.get()),
        )
    };
    let events = use_op(call);
    let columns = vec![
        Column::view("When", |e: &Event| view! { <TimeAgo ms=e.at/> })
            .sort_by_num(|e: &Event| e.at.unwrap_or(0) as f64),
        Column::view("User", |e: &Event| view! { <bdi>{e.user.clone()}</bdi> }),
        Column::text("Action", |e: &Event| e.action.clone()),
        Column::text("Resource", |e: &Event| e.resource.clone()),
        Column::view(
            "Status",
            |e: &Event| view! { <StatusBadge status=e.status.clone()/> },
        ),
        Column::text("Source", |e: &Event| e.source.clone()),
    ];
    let columns = StoredValue::new(columns);
    let statuses = Signal::derive(|| {
        [
            ("", "Any status"),
            ("200", "200 (done)"),
            ("400", "400 (refused)"),
            ("404", "404 (not found)"),
        ]
        .into_iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect::<Vec<_>>()
    });
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Audit log"</h2>
        <div class="form-row" id="spot-audit-filters">
            <Field label="From" value=from id="spot-audit-from" input_type="date"/>
            <Field label="To" value=to id="spot-audit-to" input_type="date"/>
            <SelectField label="Response" value=status id="spot-audit-status" options=statuses/>
        </div>
        <p class="muted">{move || call().map(|c| view! { <ExplorerLink call=c/> })}</p>
        {move || call().is_none().then(|| view! { <p class="field-error" role="alert">"Choose both dates."</p> })}
        {events.view(move |a| {
            let rows: Vec<Event> = a.items.unwrap_or_default().iter().enumerate().map(|(n, v)| Event { n,
                at: json::text(&v["createdAt"]).and_then(|t| crate::time::parse_iso(&t)),
                user: text(v, "user"), action: text(v, "actionType"),
                resource: format!("{} {}", text(v, "resourceType"), text(v, "resourceId")).trim().to_string(),
                status: text(v, "responseStatus"), source: text(v, "source"),
            }).collect();
            view! { <DataTable id="spot-audit" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                search=Arc::new(|e: &Event| format!("{} {} {} {}", e.user, e.action, e.resource, e.status))
                row_key=Arc::new(|e: &Event| e.n.to_string())
                empty="Nothing was done in this account between these dates."/> }
        })}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_day_is_its_first_to_its_last_second() {
        assert_eq!(super::unix("2024-01-01", false), Some(1_704_067_200));
        assert_eq!(super::unix("2024-01-01", true), Some(1_704_153_599));
        assert_eq!(super::unix("", false), None);
    }
}
