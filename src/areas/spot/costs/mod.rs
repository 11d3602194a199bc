//! The account's costs in one place (`/spot/costs`, its own chunk `spot_costs_area`): Ocean's
//! Kubernetes clusters by cluster and namespace, the Elastigroups' costs and savings, the
//! stateful nodes, over a chosen range, as a chart of each item's daily cost and one table whose
//! total is the sum of its rows; "Download CSV" saves exactly the rows the table shows.

mod rows;
mod sources;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::ui::{fixed, save_file, ChartSeries, Column, DataTable, LineChart, SelectField, Unit};

use super::super::lazy::lazy_area;
use super::ocean::ExplorerLinks;
use super::range::{last_days, DateRange};
use super::SpotNav;
use rows::{amount, csv, total, CostRow};
use sources::{Source, SourceCosts};

lazy_area!(spot_costs_area {
    SpotCostsRoute => AccountCosts,
});

fn dollars(v: f64) -> String {
    format!("${}", fixed(v, 2))
}

#[component]
pub fn AccountCosts() -> impl IntoView {
    let (a, b) = last_days(6);
    let from = RwSignal::new(a);
    let to = RwSignal::new(b);
    let range = Signal::derive(move || (from.get(), to.get()));
    let parts: sources::Parts = RwSignal::new(BTreeMap::new());
    let only = RwSignal::new(String::new());
    let kinds = ["Ocean cluster", "Elastigroup", "Stateful node"];
    let options: Vec<(String, String)> = std::iter::once((String::new(), "Every source".into()))
        .chain(kinds.iter().map(|k| (k.to_string(), format!("{k}s"))))
        .collect();
    // What the table shows, the total adds up and the CSV holds: one list.
    let shown = Signal::derive(move || {
        let only = only.get();
        parts.with(|p| {
            p.values()
                .flat_map(|part| part.rows.iter())
                .filter(|r| only.is_empty() || r.source == only)
                .cloned()
                .collect::<Vec<CostRow>>()
        })
    });
    let series = Signal::derive(move || {
        let only = only.get();
        parts.with(|p| {
            p.values()
                .filter(|part| only.is_empty() || part.rows.iter().any(|r| r.source == only))
                .filter_map(|part| part.series.clone())
                .collect::<Vec<ChartSeries>>()
        })
    });
    let columns = vec![
        Column::text("Source", |r: &CostRow| r.source.to_string()),
        Column::view("Name", |r: &CostRow| view! { <bdi>{r.name.clone()}</bdi> })
            .sort_by_text(|r| r.name.clone()),
        Column::text("Namespace", |r: &CostRow| r.detail.clone()),
        Column::text("Id", |r: &CostRow| r.id.clone()),
        Column::text("Cost", |r: &CostRow| dollars(r.cost)).sort_by_num(|r| r.cost),
        Column::text("Savings", |r: &CostRow| {
            r.savings.map(dollars).unwrap_or_else(|| "—".into())
        })
        .sort_by_num(|r| r.savings.unwrap_or_default()),
    ];
    let download = move |_| {
        let (f, t) = range.get_untracked();
        let name = format!("spot-costs-{f}-to-{t}.csv");
        save_file(
            &name,
            csv(&shown.get_untracked()).as_bytes(),
            Some("text/csv"),
        );
    };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Costs across the account"</h2>
        <div class="toolbar">
            <DateRange from=from to=to id="costs-range"/>
            <SelectField label="Show" value=only options=options id="costs-only"/>
        </div>
        <ul class="ocean-sources" id="costs-sources">
            {Source::ALL.map(|s| view! { <SourceCosts source=s range=range parts=parts/> }).into_iter().collect_view()}
        </ul>
        <LineChart id="costs-chart" title="Cost per day, by cluster, group and node" series=series unit=Unit::Plain("$")/>
        <DataTable rows=shown columns=columns id="costs-table" in_url=true page_size=1000
            empty="No costs read for this range yet."
            row_key=std::sync::Arc::new(|r: &CostRow| r.key())/>
        <p id="costs-total">
            {move || format!("Total of the {} row(s) shown: ", shown.with(Vec::len))}
            <strong data-amount=move || amount(total(&shown.get()))>{move || dollars(total(&shown.get()))}</strong>
        </p>
        <button type="button" class="btn" id="costs-csv" on:click=download>"Download CSV of these rows"</button>
        <ExplorerLinks calls=Signal::derive(|| Source::ALL.iter().map(|s| s.list()).collect::<Vec<_>>())/>
    }
}
