//! The metrics dashboard: the Graphite lines of one answer as charts per node, with a quantity
//! selector and an auto-refresh that pauses while the browser tab is hidden.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{badge, Ctx, InstanceTab};
use crate::api::a9s::metrics::{Named, Usage};
use crate::api::a9s::{self, Metrics};
use crate::ui::{fixed, use_call, ChartSeries, Checkbox, LineChart, Unit};

/// Seconds between two automatic refreshes.
const REFRESH_S: u32 = 10;

fn series(list: Vec<Named>) -> Vec<ChartSeries> {
    list.into_iter()
        .map(|(label, pts)| {
            ChartSeries::new(label, pts.into_iter().map(|(t, v)| (t as f64, v)).collect())
        })
        .collect()
}

fn usage_series(u: &Usage) -> Vec<ChartSeries> {
    series(vec![
        ("used".into(), u.used.clone()),
        ("free".into(), u.free.clone()),
    ])
}

fn visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

#[component]
pub(super) fn MetricsTab(ctx: Ctx) -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let quantity =
        Signal::derive(move || query.read().get("quantity").unwrap_or_else(|| "30".into()));
    let data = use_call(move || {
        let q = a9s::validate::quantity(&quantity.get()).ok().flatten();
        Some(a9s::get_metrics(&ctx.id.get(), q))
    });
    let node = RwSignal::new(String::new());
    let auto = RwSignal::new(true);
    let paused = RwSignal::new(false);
    // The node shown stays while it is in the answer, else the first one.
    Effect::new(move |_| {
        let Some(m) = data.ready() else { return };
        let nodes = m.nodes();
        node.update(|n| {
            if !nodes.contains(n) {
                *n = nodes.first().cloned().unwrap_or_default();
            }
        });
    });
    // Read again every REFRESH_S while asked to and the browser tab is visible.
    if let Ok(timer) = set_interval_with_handle(
        move || {
            let hidden = !visible();
            paused.try_set(hidden);
            if auto.try_get_untracked() == Some(true) && !hidden {
                data.refetch();
            }
        },
        Duration::from_secs(u64::from(REFRESH_S)),
    ) {
        on_cleanup(move || timer.clear());
    }
    let choices = [
        ("1", "latest"),
        ("10", "10"),
        ("30", "30"),
        ("60", "60"),
        ("all", "all"),
    ];
    view! {
        <div class="toolbar">
            <label class="field inline">
                <span class="field-label">"Samples"</span>
                <select id="a9s-quantity" prop:value=move || quantity.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        navigate(&format!("{}?quantity={v}", ctx.href(InstanceTab::Metrics)), Default::default());
                    }>
                    {choices.into_iter().map(|(v, l)| view! { <option value=v selected=move || quantity.get() == v>{l}</option> }).collect_view()}
                </select>
            </label>
            {move || {
                let nodes = data.ready().map(|m| m.nodes()).unwrap_or_default();
                (nodes.len() > 1).then(|| view! {
                    <label class="field inline">
                        <span class="field-label">"Node"</span>
                        <select id="a9s-node" prop:value=move || node.get() on:change=move |ev| node.set(event_target_value(&ev))>
                            {nodes.into_iter().map(|n| {
                                let label = Metrics::node_label(&n);
                                view! { <option value=n.clone() selected=node.get_untracked() == n>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })
            }}
            <Checkbox label="Refresh every 10 s" value=auto id="a9s-auto"/>
            <button type="button" class="btn small" id="a9s-metrics-refresh" on:click=move |_| data.refetch()>"Refresh now"</button>
            <Show when=move || auto.get() && paused.get()>
                <span class="muted" id="a9s-paused">"Paused while this tab is hidden."</span>
            </Show>
        </div>
        {data.view(move |m| dashboard(m, node.get()))}
    }
}

fn dashboard(m: Metrics, ns: String) -> impl IntoView {
    let skipped = m.skipped_count();
    let skipped_view = (skipped > 0 || m.repaired).then(|| {
        let lines = m
            .skipped
            .iter()
            .take(20)
            .map(|s| view! { <li><code>{s.line.clone()}</code> ": " {s.reason.clone()}</li> })
            .collect_view();
        view! {
            <div class="notice warn" id="a9s-skipped">
                <p>{format!("{skipped} of {} lines could not be read and were skipped.", m.lines)}
                   {m.repaired.then_some(" The answer was not valid JSON; its lines were read one by one.")}</p>
                <details><summary>"Which lines"</summary><ul>{lines}</ul></details>
            </div>
        }
    });
    if m.series.is_empty() {
        return view! { {skipped_view} <p class="muted">"No metrics were sent."</p> }.into_any();
    }
    let errors = m.errors(&ns);
    let cpu = series(m.cpu_percent(&ns));
    let has_cpu = cpu.iter().any(|s| !s.points.is_empty());
    let since_boot = m.cpu_since_boot(&ns);
    let swap = m.swap(&ns);
    let disks = m.disks(&ns);
    let parachute = m.parachute(&ns);
    let chart = |id: String,
                 title: String,
                 s: Vec<ChartSeries>,
                 unit: Unit,
                 stacked: bool,
                 y_max: Option<f64>| {
        view! { <LineChart id=id title=title series=Signal::stored(s) unit=unit stacked=stacked y_max=y_max/> }
    };
    let cpu_view = if has_cpu {
        chart(
            "a9s-chart-cpu".into(),
            "CPU busy per core".into(),
            cpu,
            Unit::Percent,
            false,
            Some(100.0),
        )
        .into_any()
    } else {
        let text = since_boot
            .iter()
            .map(|(c, v)| format!("{c} {} %", fixed(*v, 1)))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p id="a9s-chart-cpu">"CPU busy since boot (one sample has no interval to compare): " {text}</p> }.into_any()
    };
    let swap_view = if swap.is_empty() || swap.total.is_none() {
        view! { <p id="a9s-chart-swap" class="muted">"No swap on this node."</p> }.into_any()
    } else {
        chart(
            "a9s-chart-swap".into(),
            "Swap".into(),
            usage_series(&swap),
            Unit::Bytes,
            true,
            None,
        )
        .into_any()
    };
    let disk_views = disks
        .iter()
        .map(|d| {
            let title = format!(
                "Disk {}{}",
                d.name,
                d.used_percent()
                    .map(|p| format!(" ({} % used)", fixed(p, 0)))
                    .unwrap_or_default()
            );
            chart(
                format!("a9s-chart-disk-{}", d.name),
                title,
                usage_series(d),
                Unit::Bytes,
                true,
                None,
            )
        })
        .collect_view();
    let parachute_state = match (parachute.error, parachute.activated) {
        (true, _) => "error",
        (_, Some(true)) => "activated",
        (_, Some(false)) => "not activated",
        _ => "unknown",
    };
    let parachute_views = parachute
        .disks
        .into_iter()
        .map(|d| {
            let guide = d.threshold.map(|t| (t, format!("threshold {} %", fixed(t, 0))));
            let title = format!(
                "Parachute: disk {}{}",
                d.name,
                if d.activated == Some(true) { " (activated)" } else { "" }
            );
            view! {
                <LineChart id=format!("a9s-chart-parachute-{}", d.name) title=title unit=Unit::Percent y_max=Some(100.0)
                    series=Signal::stored(series(vec![("used".into(), d.used_percent)])) guide=Signal::stored(guide)/>
            }
        })
        .collect_view();
    view! {
        {skipped_view}
        {(!errors.is_empty()).then(|| view! {
            <p class="notice warn" id="a9s-collector-errors">{format!("Not collected on this node: {}.", errors.join(", "))}</p>
        })}
        <div class="a9s-charts">
            {cpu_view}
            {chart("a9s-chart-load".into(), "Load average".into(), series(m.load(&ns)), Unit::Plain(""), false, None)}
            {chart("a9s-chart-memory".into(), "Memory".into(), series(m.memory(&ns)), Unit::Bytes, true, None)}
            {swap_view}
            {disk_views}
        </div>
        {parachute.reported.then(|| view! {
            <h2>"a9s Parachute " <span id="a9s-parachute">{badge(parachute_state)}</span></h2>
            <div class="a9s-charts">{parachute_views}</div>
        })}
    }
    .into_any()
}
