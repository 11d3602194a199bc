//! Right-sizing: what Spot suggests each workload requests, from what it used, with the saving
//! (requested minus suggested), as a sortable table.

use leptos::prelude::*;
use serde_json::Value;

use crate::ui::{fixed, use_call, Column, DataTable};

use super::cluster::Page;
use super::{cluster_links, items, num, pick, ExplorerLinks, Op};

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
