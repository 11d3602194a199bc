//! What a cluster costs by namespace over a chosen range (chart and table), and the cluster's
//! Elastilog with severity and date filters.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::ui::{
    fixed, use_call, ChartSeries, Column, DataTable, LineChart, StatusBadge, TimeAgo, Unit,
};

use super::super::range::{last_days, DateRange};
use super::cluster::Page;
use super::{items, num, ocean_op, pick, ready, ExplorerLinks, Op};

/// One namespace's cost over the range.
#[derive(Clone, Debug, PartialEq)]
pub struct NamespaceCost {
    pub namespace: String,
    pub cost: f64,
    pub compute: f64,
    pub storage: f64,
}

/// Costs by namespace: the daily series (seconds, cost) per namespace and the totals per
/// namespace over every item of the answer.
pub fn by_namespace(answer_items: &[Value]) -> (Vec<ChartSeries>, Vec<NamespaceCost>) {
    let mut series: Vec<ChartSeries> = Vec::new();
    let mut totals: Vec<NamespaceCost> = Vec::new();
    for item in answer_items {
        let at = pick(item, &["startTime"])
            .and_then(|t| crate::time::parse_iso(&t))
            .map(|ms| ms as f64 / 1000.0);
        for ns in json::objects(item.get("namespaces")) {
            let name = pick(ns, &["namespace", "name"]).unwrap_or_else(|| "(none)".into());
            let cost = num(ns, &["cost"]).unwrap_or_default();
            match totals.iter_mut().find(|t| t.namespace == name) {
                Some(t) => {
                    t.cost += cost;
                    t.compute += num(ns, &["computeCost"]).unwrap_or_default();
                    t.storage += num(ns, &["storageCost"]).unwrap_or_default();
                }
                None => totals.push(NamespaceCost {
                    namespace: name.clone(),
                    cost,
                    compute: num(ns, &["computeCost"]).unwrap_or_default(),
                    storage: num(ns, &["storageCost"]).unwrap_or_default(),
                }),
            }
            if let Some(x) = at {
                match series.iter_mut().find(|s| s.label == name) {
                    Some(s) => s.points.push((x, cost)),
                    None => series.push(ChartSeries::new(name, vec![(x, cost)])),
                }
            }
        }
    }
    for s in &mut series {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    (series, totals)
}

pub fn dollars(v: f64) -> String {
    format!("${}", fixed(v, 2))
}

#[component]
pub fn Costs(page: Page) -> impl IntoView {
    let p = page.provider;
    let (a, b) = last_days(6);
    let from = RwSignal::new(a);
    let to = RwSignal::new(b);
    let read = use_call(move || {
        let (f, t) = (from.get(), to.get());
        let query = [
            ("fromDate", f.as_str()),
            ("toDate", t.as_str()),
            ("aggregationPeriod", "daily"),
        ];
        page.call(Op::Costs, &query)
    });
    let columns = vec![
        Column::view(
            "Namespace",
            |n: &NamespaceCost| view! { <bdi>{n.namespace.clone()}</bdi> },
        )
        .sort_by_text(|n| n.namespace.clone()),
        Column::text("Cost", |n: &NamespaceCost| dollars(n.cost)).sort_by_num(|n| n.cost),
        Column::text("Compute", |n: &NamespaceCost| dollars(n.compute)).sort_by_num(|n| n.compute),
        Column::text("Storage", |n: &NamespaceCost| dollars(n.storage)).sort_by_num(|n| n.storage),
    ];
    view! {
        <DateRange from=from to=to id="ocean-costs-range"/>
        {read.view(move |a| {
            let (series, totals) = by_namespace(&items(&a));
            let sum: f64 = totals.iter().map(|t| t.cost).sum();
            view! {
                <LineChart id="ocean-costs-chart" title="Cost per day by namespace" series=Signal::stored(series) unit=Unit::Plain("$")/>
                <DataTable rows=totals columns=columns.clone() id="ocean-costs" in_url=true
                    empty="Spot reported no costs for this range."
                    row_key=std::sync::Arc::new(|n: &NamespaceCost| n.namespace.clone())/>
                <p id="ocean-costs-total">"Total over the range: " <strong>{dollars(sum)}</strong></p>
            }
        })}
        <ExplorerLinks calls=Signal::derive(move || {
            let (Some(c), f, t) = (ready(page.cat), from.get(), to.get()) else { return Vec::new() };
            let query = [("fromDate", f.as_str()), ("toDate", t.as_str()), ("aggregationPeriod", "daily")];
            vec![ocean_op(&c, p.op(Op::Costs), &[&page.id.get()], &query)]
        })/>
    }
    .into_any()
}

#[component]
pub fn Log(page: Page) -> impl IntoView {
    let p = page.provider;
    let (a, b) = last_days(2);
    let from = RwSignal::new(a);
    let to = RwSignal::new(b);
    let severity = RwSignal::new("ALL".to_string());
    let read = use_call(move || {
        let (f, t, s) = (from.get(), to.get(), severity.get());
        let query = [
            ("fromDate", f.as_str()),
            ("toDate", t.as_str()),
            ("SEVERITY", s.as_str()),
        ];
        page.call(Op::Log, &query)
    });
    let columns = vec![
        Column::view("Time", |v: &Value| {
            let t = pick(v, &["createdAt"]).and_then(|t| crate::time::parse_iso(&t));
            view! { <TimeAgo ms=Signal::derive(move || t)/> }
        }),
        Column::view("Severity", |v: &Value| {
            let s = pick(v, &["severity"]).unwrap_or_default();
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Message", |v: &Value| {
            pick(v, &["message"]).unwrap_or_default()
        }),
    ];
    view! {
        <DateRange from=from to=to id="ocean-log-range"/>
        <label class="field">"Severity"
            <select id="ocean-log-severity" on:change=move |ev| severity.set(event_target_value(&ev))>
                {["ALL", "INFO", "WARN", "DEBUG"].map(|s| view! { <option value=s selected=move || severity.get() == s>{s}</option> })}
            </select>
        </label>
        {read.view(move |a| view! {
            <DataTable rows=items(&a) columns=columns.clone() id="ocean-log" in_url=true empty="No log lines in this range."
                search=std::sync::Arc::new(|v: &Value| pick(v, &["message"]).unwrap_or_default())/>
        })}
        <ExplorerLinks calls=Signal::derive(move || {
            let (Some(c), f, t, s) = (ready(page.cat), from.get(), to.get(), severity.get()) else { return Vec::new() };
            let query = [("fromDate", f.as_str()), ("toDate", t.as_str()), ("SEVERITY", s.as_str())];
            vec![ocean_op(&c, p.op(Op::Log), &[&page.id.get()], &query)]
        })/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn costs_sum_per_namespace_and_draw_a_series_per_namespace() {
        let answer = vec![
            json!({"startTime": "2021-11-01T00:00:00.000Z", "namespaces": [
                {"namespace": "web", "cost": 10.5, "computeCost": 8}, {"namespace": "data", "cost": "2.5"}]}),
            json!({"startTime": "2021-11-02T00:00:00.000Z", "namespaces": [{"namespace": "web", "cost": 1.5}]}),
        ];
        let (series, totals) = by_namespace(&answer);
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].points.len(), 2);
        assert_eq!(totals[0].namespace, "web");
        assert_eq!(totals[0].cost, 12.0);
        assert_eq!(totals[1].cost, 2.5);
        assert_eq!(dollars(12.0), "$12.00");
    }
}
