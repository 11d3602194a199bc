//! Potential savings per instance (Spot's `instances-potential-savings`): the instances named
//! (ids checked beside the field before anything is sent) priced on demand and as spot, with
//! each one's monthly savings drawn as a bar and the total.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::field::FieldError;
use crate::api::json;
use crate::ui::{Column, DataTable, Field};

use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::{error_for, text};

/// The ids typed (comma or space separated), or what is wrong with them.
pub fn instance_ids(typed: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = typed
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    match ids.iter().find(|i| !i.starts_with("i-") || i.len() < 3) {
        _ if ids.is_empty() => Err("Name at least one instance (i-…).".into()),
        Some(bad) => Err(format!("{bad} is not an EC2 instance id (i-…).")),
        None => Ok(ids),
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: String,
    kind: String,
    on_demand: f64,
    spot: f64,
    monthly: f64,
}

#[component]
pub fn InstanceSavings() -> impl IntoView {
    let region = RwSignal::new("us-east-1".to_string());
    let ids = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let asked = RwSignal::new(None::<OpCall>);
    let call = move || {
        OpCall::new("insights-service/instances-potential-savings")
            .query("region", region.get().trim().to_string())
            .query(
                "instanceIds",
                instance_ids(&ids.get()).unwrap_or_default().join(","),
            )
    };
    let read = use_op(move || asked.get());
    let show = move |_| {
        let mut p = Vec::new();
        if region.get_untracked().trim().is_empty() {
            p.push(FieldError::new(
                "query:region",
                "The instances' region (for example us-east-1).",
            ));
        }
        if let Err(m) = instance_ids(&ids.get_untracked()) {
            p.push(FieldError::new("query:instanceIds", m));
        }
        if p.is_empty() {
            asked.set(Some(untrack(call)));
        }
        errors.set(p);
    };
    let money = |f: f64| format!("${f:.3}");
    view! {
        <section class="card" id="spot-instance-savings">
            <h3>"Potential savings per instance"</h3>
            <p class="muted">"What each instance costs an hour on demand and as spot, and what spot would save a month."</p>
            <div class="form-row">
                <Field label="Region" value=region id="spot-isav-region" error=error_for(errors, "query:region")/>
                <Field label="Instance ids" value=ids id="spot-isav-ids" placeholder="i-0abc…, i-0def…" error=error_for(errors, "query:instanceIds")/>
            </div>
            <button type="button" class="btn" id="spot-isav-go" on:click=show>"Show savings"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            {move || asked.get().is_some().then(|| read.view(move |a| {
                let rows: Vec<Row> = a.items.unwrap_or_default().iter().filter(|v| !text(v, "instanceId").is_empty()).map(|v| Row {
                    id: text(v, "instanceId"), kind: text(v, "instanceType"),
                    on_demand: json::float(&v["onDemandHourlyPrice"]).unwrap_or(0.0),
                    spot: json::float(&v["spotHourlyPrice"]).unwrap_or(0.0),
                    monthly: json::float(&v["potentialMonthlySavings"]).unwrap_or(0.0),
                }).collect();
                let top = rows.iter().map(|r| r.monthly).fold(0.0, f64::max).max(1.0);
                let total: f64 = rows.iter().map(|r| r.monthly).sum();
                view! {
                    <p id="spot-isav-total">{format!("${total:.2} a month across {} instance(s).", rows.len())}</p>
                    <DataTable id="spot-isav-table" rows=Signal::derive(move || rows.clone()) row_key=Arc::new(|r: &Row| r.id.clone())
                        empty="Spot priced none of these instances."
                        columns=vec![
                            Column::text("Instance", |r: &Row| r.id.clone()),
                            Column::text("Type", |r: &Row| r.kind.clone()),
                            Column::text("On demand / hour", move |r: &Row| money(r.on_demand)),
                            Column::text("Spot / hour", move |r: &Row| money(r.spot)),
                            Column::view("Savings / month", move |r: &Row| {
                                // An SVG bar: the CSP forbids inline styles.
                                let width = format!("{:.0}", r.monthly / top * 120.0);
                                view! { <svg class="bar" width="120" height="10" aria-hidden="true"><rect width=width height="10" fill="currentColor"/></svg>
                                    {format!(" ${:.2}", r.monthly)} }
                            }).sort_by_num(|r: &Row| r.monthly),
                        ]/>
                }
            }))}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_are_checked_before_sending() {
        assert_eq!(instance_ids("i-1, i-2 i-3").unwrap(), ["i-1", "i-2", "i-3"]);
        assert!(instance_ids("  ").is_err());
        assert!(instance_ids("i-1, sig-2").unwrap_err().contains("sig-2"));
    }
}
