//! What a cluster's workloads use and cost: right-sizing suggestions (requested vs suggested,
//! with the saving), costs by namespace over a chosen range (chart and table), and the cluster's
//! Elastilog with severity and date filters.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::ui::{
    fixed, use_call, ChartSeries, Column, DataTable, LineChart, StatusBadge, TimeAgo, Unit,
};

use super::super::range::{last_days, DateRange};
use super::cluster::Page;
use super::{cluster_links, items, ocean_op, pick, ready, ExplorerLinks, Op};

/// A number as sent (a number or a numeric string).
fn num(v: &Value, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| {
        let x = v.get(*k)?;
        x.as_f64().or_else(|| json::text(x)?.trim().parse().ok())
    })
}

/// One workload's suggestion. CPU in millicores, memory in MiB, as Spot sends them.
#[derive(Clone, Debug, PartialEq)]
struct Suggestion {
    workload: String,
    kind: String,
    cpu: (f64, f64),
    memory: (f64, f64),
}

impl Suggestion {
    fn read(v: &Value) -> Suggestion {
        let name = pick(v, &["resourceName", "serviceName", "name"]).unwrap_or_default();
        Suggestion {
            workload: match pick(v, &["namespace"]) {
                Some(ns) => format!("{ns}/{name}"),
                None => name,
            },
            kind: pick(v, &["resourceType"]).unwrap_or_else(|| "Service".into()),
            cpu: (
                num(v, &["requestedCPU", "requestedCpu"]).unwrap_or_default(),
                num(v, &["suggestedCPU", "suggestedCpu"]).unwrap_or_default(),
            ),
            memory: (
                num(v, &["requestedMemory"]).unwrap_or_default(),
                num(v, &["suggestedMemory"]).unwrap_or_default(),
            ),
        }
    }

    fn cpu_saving(&self) -> f64 {
        self.cpu.0 - self.cpu.1
    }

    fn memory_saving(&self) -> f64 {
        self.memory.0 - self.memory.1
    }
}

#[component]
pub fn RightSizing(page: Page) -> impl IntoView {
    let p = page.provider;
    let read = use_call(move || page.call(Op::RightSizing, &[]));
    let m = |v: f64| format!("{}m", fixed(v, 0));
    let mib = |v: f64| format!("{} MiB", fixed(v, 0));
    let columns = vec![
        Column::view(
            "Workload",
            |s: &Suggestion| view! { <bdi>{s.workload.clone()}</bdi> },
        )
        .sort_by_text(|s| s.workload.clone()),
        Column::text("Kind", |s: &Suggestion| s.kind.clone()),
        Column::text("CPU requested", move |s: &Suggestion| m(s.cpu.0)).sort_by_num(|s| s.cpu.0),
        Column::text("CPU suggested", move |s: &Suggestion| m(s.cpu.1)).sort_by_num(|s| s.cpu.1),
        Column::text("CPU saving", move |s: &Suggestion| m(s.cpu_saving()))
            .sort_by_num(Suggestion::cpu_saving),
        Column::text("Memory requested", move |s: &Suggestion| mib(s.memory.0))
            .sort_by_num(|s| s.memory.0),
        Column::text("Memory suggested", move |s: &Suggestion| mib(s.memory.1))
            .sort_by_num(|s| s.memory.1),
        Column::text(
            "Memory saving",
            move |s: &Suggestion| mib(s.memory_saving()),
        )
        .sort_by_num(Suggestion::memory_saving),
    ];
    view! {
        <p class="muted">"What Spot suggests each workload requests, from what it used; the saving is requested minus suggested (click a heading to sort)."</p>
        {read.view(move |a| {
            let rows: Vec<Suggestion> = items(&a).iter().map(Suggestion::read).collect();
            view! { <DataTable rows=rows columns=columns.clone() id="ocean-rightsizing" in_url=true
                empty="No suggestions for this cluster yet."
                row_key=std::sync::Arc::new(|s: &Suggestion| s.workload.clone())/> }
        })}
        <ExplorerLinks calls=cluster_links(page.cat, p, page.id, vec![Op::RightSizing])/>
    }
}

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
                <DataTable rows=totals columns=columns.clone() id="ocean-costs"
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
            <DataTable rows=items(&a) columns=columns.clone() id="ocean-log" empty="No log lines in this range."
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

    #[test]
    fn a_suggestion_reads_either_spelling_and_its_saving() {
        let s = Suggestion::read(&json!({"namespace": "web", "resourceName": "frontend",
            "requestedCPU": 2000, "suggestedCPU": 600, "requestedMemory": "4096", "suggestedMemory": 1536}));
        assert_eq!(s.workload, "web/frontend");
        assert_eq!((s.cpu_saving(), s.memory_saving()), (1400.0, 2560.0));
        let ecs = Suggestion::read(
            &json!({"serviceName": "api", "requestedCpu": 512, "suggestedCpu": 256}),
        );
        assert_eq!((ecs.workload.as_str(), ecs.cpu_saving()), ("api", 256.0));
    }
}
