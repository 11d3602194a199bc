//! Insights: the account's costs over a chosen range (actual, on demand, saved) as a chart,
//! the potential savings Spot sees per resource, a suggested instance type for given needs,
//! and the organization's instance-costs export (a CSV over a range) offered as a download.
//! Data integrations are below ([`super::integrations`]).

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{
    ActionButton, ChartSeries, Column, DataTable, Field, LineChart, SelectField, Unit,
};

use super::super::context::use_account;
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{day, ranges, text};

fn op(name: &str) -> OpCall {
    OpCall::new(format!("insights-service/{name}"))
}

/// The answer's items, flattened one level (Spot lists these answers as lists of lists).
fn flat(a: &Answer) -> Vec<Value> {
    a.items
        .clone()
        .unwrap_or_default()
        .into_iter()
        .flat_map(|i| match i {
            Value::Array(inner) => inner,
            one => vec![one],
        })
        .collect()
}

#[component]
pub fn Insights() -> impl IntoView {
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Insights"</h2>
        <Costs/>
        <Savings/>
        <super::instance_savings::InstanceSavings/>
        <Suggest/>
        <Export/>
        <super::integrations::Integrations/>
    }
}

#[component]
fn Costs() -> impl IntoView {
    let range = RwSignal::new("7".to_string());
    let call = move || {
        let days = range.get().parse::<i64>().unwrap_or(7);
        op("get-costs-per-account")
            .query("fromDate", day(days - 1))
            .query("toDate", day(0))
            .query("aggregationPeriod", "daily")
    };
    let costs = use_op(move || Some(call()));
    view! {
        <section class="card" id="spot-insights-costs">
            <h3>"Costs and savings of the account"</h3>
            <SelectField label="Range" value=range id="spot-insights-range" options=Signal::derive(ranges)/>
            <p class="muted"><ExplorerLink call=Signal::derive(call)/></p>
            {costs.view(|a| {
                let days = flat(&a);
                let point = |i: &Value, f: &dyn Fn(&Value) -> Option<f64>| {
                    let t = json::text(&i["timestamp"]).and_then(|t| crate::time::parse_iso(&t))?;
                    Some((t as f64 / 1000.0, f(&i["spot"])?))
                };
                let actual = |s: &Value| json::float(&s["actualCosts"]);
                let potential = |s: &Value| json::float(&s["potentialCosts"]);
                let saved = move |s: &Value| Some(potential(s)? - actual(s)?);
                let series = |label: &str, f: &dyn Fn(&Value) -> Option<f64>| ChartSeries::new(label, days.iter().filter_map(|i| point(i, f)).collect());
                let total = |f: &dyn Fn(&Value) -> Option<f64>| days.iter().filter_map(|i| f(&i["spot"])).sum::<f64>();
                let list = vec![series("Savings", &saved), series("Actual cost", &actual), series("On-demand cost", &potential)];
                view! {
                    <p id="spot-insights-summary">{format!("Saved ${:.2} of ${:.2} on demand (actual ${:.2}) over {} day(s).", total(&saved), total(&potential), total(&actual), days.len())}</p>
                    <LineChart id="spot-insights-chart" title="Cost and savings per day (USD)" unit=Unit::Plain("USD") series=Signal::derive(move || list.clone())/>
                }
            })}
        </section>
    }
}

/// A resource Spot estimates savings for.
#[derive(Clone, Debug, PartialEq)]
struct Saving {
    n: usize,
    name: String,
    kind: String,
    region: String,
    instances: String,
    types: String,
    dollars: f64,
}

#[component]
fn Savings() -> impl IntoView {
    let savings = use_op(|| Some(op("potential-savings")));
    let columns = StoredValue::new(vec![
        Column::view(
            "Resource",
            |s: &Saving| view! { <bdi>{s.name.clone()}</bdi> },
        )
        .sort_by_text(|s: &Saving| s.name.clone()),
        Column::text("Type", |s: &Saving| s.kind.clone()),
        Column::text("Region", |s: &Saving| s.region.clone()),
        Column::text("Instances", |s: &Saving| s.instances.clone()),
        Column::text("Instance types", |s: &Saving| s.types.clone()),
        Column::text("Potential savings", |s: &Saving| {
            format!("${:.0}", s.dollars)
        })
        .sort_by_num(|s: &Saving| s.dollars),
    ]);
    view! {
        <section class="card" id="spot-insights-savings">
            <h3>"Potential savings"</h3>
            <p class="muted">"What Spot estimates each resource would save a month on spot capacity. " <ExplorerLink call=op("potential-savings")/></p>
            {savings.view(move |a| {
                let rows: Vec<Saving> = flat(&a).iter().enumerate().map(|(n, r)| Saving {
                    n, name: text(r, "name"), kind: text(r, "resourceType"), region: text(r, "region"),
                    instances: text(r, "instances"), types: json::strings(r.get("instanceTypes")).join(", "),
                    dollars: json::float(&r["potentialSavings"]).unwrap_or(0.0),
                }).collect();
                let total: f64 = rows.iter().map(|r| r.dollars).sum();
                let count = rows.len();
                view! {
                    <p id="spot-savings-total">{format!("${total:.0} a month across {count} resource(s).")}</p>
                    <DataTable id="spot-savings" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                        search=Arc::new(|s: &Saving| format!("{} {} {}", s.name, s.kind, s.region))
                        row_key=Arc::new(|s: &Saving| s.n.to_string()) empty="Spot sees no potential savings in this account."/>
                }
            })}
        </section>
    }
}

#[component]
fn Suggest() -> impl IntoView {
    let cpu = RwSignal::new("2".to_string());
    let mem = RwSignal::new("8".to_string());
    let region = RwSignal::new("us-east-1".to_string());
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(|_| ());
    let call = move || {
        let n = |s: RwSignal<String>| s.get().trim().parse::<u32>().ok();
        op("suggested-instance-type").body(json!({"requirements": {"region": region.get().trim(),
            "requiredVCpu": {"minimum": n(cpu), "maximum": n(cpu).map(|c| c * 2)},
            "requiredMemoryGib": {"minimum": n(mem), "maximum": n(mem).map(|m| m * 2)}}}))
    };
    view! {
        <section class="card" id="spot-insights-suggest">
            <h3>"Suggested instance type"</h3>
            <div class="form-row">
                <Field label="vCPUs (at least)" value=cpu id="spot-suggest-cpu" input_type="number" min="1"/>
                <Field label="Memory GiB (at least)" value=mem id="spot-suggest-mem" input_type="number" min="1"/>
                <Field label="Region" value=region id="spot-suggest-region"/>
            </div>
            <ActionButton label="Suggest" pending=w.pending() id="spot-suggest-go"
                on_click=Callback::new(move |_| problems.set(w.send(&untrack(call)).err().unwrap_or_default()))/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {unsent(problems)}
            {w.view(|a| {
                let kinds: Vec<String> = a.items.unwrap_or_default().iter().filter_map(|i| json::text(&i["instanceType"])).collect();
                view! { <p class="notice ok" id="spot-suggest-done">{if kinds.is_empty() { "Spot suggested no type for these needs.".to_string() } else { format!("Spot suggests {}.", kinds.join(", ")) }}</p> }
            })}
        </section>
    }
}

/// The export's file as the answer gives it: a link Spot names (only when http(s)), else the
/// CSV it sent, as a download made here.
fn export_link(a: &Answer) -> Option<(String, usize)> {
    let named = a.items.iter().flatten().chain(a.json.iter()).find_map(|i| {
        ["url", "downloadUrl", "link"]
            .iter()
            .find_map(|k| json::text(&i[*k]))
    });
    if let Some(url) = named {
        return crate::ui::safe_href(&url).map(|u| (u, 0));
    }
    let rows = a.text.lines().count().saturating_sub(1);
    (a.json.is_none() && !a.text.trim().is_empty()).then(|| {
        let body =
            percent_encoding::utf8_percent_encode(&a.text, percent_encoding::NON_ALPHANUMERIC);
        (format!("data:text/csv;charset=utf-8,{body}"), rows)
    })
}

#[component]
fn Export() -> impl IntoView {
    let account = use_account();
    let from = RwSignal::new(day(29));
    let to = RwSignal::new(day(0));
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(|_| ());
    let call = move || {
        op("get-organization-instances-costs").body(json!({
            "accountIds": account.get().into_iter().collect::<Vec<_>>(),
            "fromDate": from.get().trim(), "toDate": to.get().trim()}))
    };
    view! {
        <section class="card" id="spot-insights-export">
            <h3>"Instance costs export (organization)"</h3>
            <p class="muted">"Every instance's cost in the chosen account, per day, as CSV (up to 180 days). Spot retired this operation in 2023-08; it stays for organizations whose API still answers it."</p>
            <div class="form-row">
                <Field label="From" value=from id="spot-export-from" input_type="date"/>
                <Field label="To" value=to id="spot-export-to" input_type="date"/>
            </div>
            <ActionButton label="Export" pending=w.pending() id="spot-export-go"
                on_click=Callback::new(move |_| { w.clear(); problems.set(w.send(&untrack(call)).err().unwrap_or_default()) })/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {move || w.pending().get().then(|| view! { <p class="notice busy" role="status" id="spot-export-busy">"Spot is preparing the export…"</p> })}
            {unsent(problems)}
            {w.view(|a| match export_link(&a) {
                Some((href, rows)) => view! { <p class="notice ok" id="spot-export-done">
                    <a href=href download="instance-costs.csv" id="spot-export-link">"Download the export"</a>
                    {(rows > 0).then(|| format!(" ({rows} row(s))"))}</p> }.into_any(),
                None => view! { <p class="notice" id="spot-export-done">"Spot answered without a file or an http(s) link to one."</p> }.into_any(),
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> Answer {
        Answer {
            json: serde_json::from_str(text).ok(),
            text: text.into(),
            ..Answer::default()
        }
    }

    #[test]
    fn an_export_link_is_http_or_the_csv_itself() {
        let (href, rows) = export_link(&answer("date,cost\n2024-01-01,1.5\n")).unwrap();
        assert!(href.starts_with("data:text/csv;charset=utf-8,date%2Ccost"));
        assert_eq!(rows, 1);
        let mut a = answer("{}");
        a.items = Some(vec![json!({"url": "https://exports.example/x.csv"})]);
        assert_eq!(export_link(&a).unwrap().0, "https://exports.example/x.csv");
        a.items = Some(vec![json!({"url": "javascript:alert(1)"})]);
        assert!(export_link(&a).is_none());
    }
}
