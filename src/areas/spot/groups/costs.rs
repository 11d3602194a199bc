//! A group's cost and savings over a chosen range: the daily series as a chart, and (where the
//! provider has Spot's detailed cost) what each instance cost over the same range as a table.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::ui::{ChartSeries, Column, DataTable, LineChart, SelectField, Unit};

use super::super::op_call::{use_op, ExplorerLink};
use super::float;
use super::page::{day, Ctx};

/// `days` back to today, as a range's query parameters.
fn ranged(call: super::super::op_call::OpCall, days: &str) -> super::super::op_call::OpCall {
    let days = days.parse::<i64>().unwrap_or(7);
    call.query("fromDate", day(days - 1))
        .query("toDate", day(0))
}

#[component]
pub(super) fn Costs(ctx: Ctx) -> AnyView {
    let range = RwSignal::new("7".to_string());
    let call = move || {
        ranged(ctx.op("get-costs-per-elastigroup"), &range.get())
            .query("aggregationPeriod", "daily")
    };
    let costs = use_op(move || {
        (!ctx.id.get().is_empty() && ctx.has("get-costs-per-elastigroup")).then(call)
    });
    if let Some(lacks) = ctx.lacks("get-costs-per-elastigroup", "costs") {
        return view! { <section class="card" id="spot-group-costs"><h3>"Cost and savings"</h3>{lacks}</section> }.into_any();
    }
    view! {
        <section class="card" id="spot-group-costs">
            <h3>"Cost and savings"</h3>
            <SelectField label="Range" value=range id="spot-costs-range"
                options=Signal::derive(|| vec![("7".into(), "Last 7 days".into()), ("14".into(), "Last 14 days".into()), ("30".into(), "Last 30 days".into())])/>
            <p class="muted"><ExplorerLink call=Signal::derive(call)/></p>
            {costs.view(|a| {
                let items = a.items.unwrap_or_default();
                let point = |i: &Value, k: &str| {
                    let t = json::text(&i["timestamp"]).and_then(|t| crate::time::parse_iso(&t))?;
                    // AWS spells `actual`/`potential` at the top, GCP and EMR inside `costs`.
                    let v = match k {
                        "savings" => float(&i["savings"]["value"]).filter(|_| i["savings"]["unit"] != "percentage")
                            .or_else(|| Some(float(&i["potential"]).or_else(|| float(&i["costs"]["potential"]))? - float(&i["actual"]).or_else(|| float(&i["costs"]["actual"]))?)),
                        k => float(&i[k]).or_else(|| float(&i["costs"][k])),
                    }?;
                    Some((t as f64 / 1000.0, v))
                };
                let series = |k: &str, label: &str| ChartSeries::new(label, items.iter().filter_map(|i| point(i, k)).collect());
                let total = |k: &str| items.iter().filter_map(|i| point(i, k)).map(|p| p.1).sum::<f64>();
                let (actual, potential) = (total("actual"), total("potential"));
                let pct = if potential > 0.0 { (potential - actual) / potential * 100.0 } else { 0.0 };
                let list = vec![series("actual", "Actual cost"), series("potential", "On-demand cost"), series("savings", "Savings")];
                view! {
                    <p id="spot-costs-summary">{format!("Actual ${actual:.2} · on demand ${potential:.2} · saved ${:.2} ({pct:.0}%) over {} day(s).", potential - actual, items.len())}</p>
                    <LineChart id="spot-costs-chart" title="Cost per day (USD)" unit=Unit::Plain("USD") series=Signal::derive(move || list.clone())/>
                }
            })}
            {ctx.has("detailed-cost").then(|| view! { <DetailedCosts ctx=ctx range=range/> })}
        </section>
    }
    .into_any()
}

/// What one instance cost over the range, as Spot's detailed cost says.
#[derive(Clone, Debug, PartialEq)]
struct InstanceCost {
    id: String,
    kind: String,
    zone: String,
    hours: Option<f64>,
    actual: Option<f64>,
    potential: Option<f64>,
    saved: Option<f64>,
}

impl InstanceCost {
    /// `None` for an item whose instance id did not read.
    fn read(v: &Value) -> Option<InstanceCost> {
        let t = |k: &str| json::text(&v[k]).unwrap_or_default();
        Some(InstanceCost {
            id: json::text(&v["instanceId"]).filter(|s| !s.trim().is_empty())?,
            kind: t("instanceType"),
            zone: t("availabilityZone"),
            hours: float(&v["running"]["value"]),
            actual: float(&v["costs"]["actual"]),
            potential: float(&v["costs"]["potential"]),
            saved: float(&v["savings"]["value"]).filter(|_| v["savings"]["unit"] != "dollars"),
        })
    }
}

fn money(v: Option<f64>) -> String {
    v.map(|v| format!("${v:.2}")).unwrap_or_else(|| "—".into())
}

#[component]
fn DetailedCosts(ctx: Ctx, range: RwSignal<String>) -> impl IntoView {
    let call = move || ranged(ctx.op("detailed-cost"), &range.get());
    let detailed = use_op(move || (!ctx.id.get().is_empty()).then(call));
    let columns = vec![
        Column::text("Instance", |c: &InstanceCost| c.id.clone()),
        Column::text("Type", |c: &InstanceCost| c.kind.clone()),
        Column::text("Zone", |c: &InstanceCost| c.zone.clone()),
        Column::text("Running (hours)", |c: &InstanceCost| {
            c.hours.map(|h| format!("{h:.0}")).unwrap_or_default()
        }),
        Column::text("Actual", |c: &InstanceCost| money(c.actual))
            .sort_by_num(|c: &InstanceCost| c.actual.unwrap_or(0.0)),
        Column::text("On demand", |c: &InstanceCost| money(c.potential)),
        Column::text("Saved", |c: &InstanceCost| {
            c.saved.map(|s| format!("{s:.0}%")).unwrap_or_default()
        }),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <h4>"Per instance over the same range"</h4>
        <p class="muted"><ExplorerLink call=Signal::derive(call)/></p>
        {detailed.view(move |a| {
            let rows: Vec<InstanceCost> = a.items.unwrap_or_default().iter().filter_map(InstanceCost::read).collect();
            let total: f64 = rows.iter().filter_map(|c| c.actual).sum();
            let summary = format!("{} instance(s), ${total:.2} in all.", rows.len());
            view! {
                <p id="spot-costs-detailed-summary">{summary}</p>
                <DataTable id="spot-costs-detailed" rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                    row_key=Arc::new(|c: &InstanceCost| c.id.clone()) empty="Spot lists no instance costs for this range."/>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_instances_cost_reads_the_documents_fields_and_skips_an_unread_id() {
        let v = json!({"instanceId": "i-1", "instanceType": "m3.large", "availabilityZone": "us-east-1a",
            "running": {"value": 4, "unit": "hours"}, "savings": {"value": "89.3", "unit": "percentage"},
            "costs": {"actual": 0.0568, "potential": 0.532}});
        let c = InstanceCost::read(&v).unwrap();
        assert_eq!(
            (c.hours, c.actual, c.saved),
            (Some(4.0), Some(0.0568), Some(89.3))
        );
        assert_eq!(money(c.potential), "$0.53");
        assert_eq!(
            InstanceCost::read(&json!({"instanceId": "", "costs": {"actual": 1}})),
            None
        );
    }
}
