//! Where the account's costs come from: each source is listed (Ocean's Kubernetes clusters per
//! provider, the Elastigroups, the stateful nodes), then each item's costs are read on their
//! own, so a source or an item that fails is said beside it and the rest still count. Each
//! item puts its part into the page's [`Parts`] and takes it out when it goes.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::spot::envelope::Answer;
use crate::ui::Loaded;

use super::super::ocean::{items, pick, Provider};
use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::rows::{self, Part};

/// Every item's part, by item.
pub type Parts = RwSignal<BTreeMap<String, Part>>;

/// The range asked: (from, to) as `yyyy-mm-dd`.
pub type Range = Signal<(String, String)>;

/// A source: what lists its items and how one item's costs are asked and read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Ocean(Provider),
    Groups,
    Stateful,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::Ocean(Provider::Aws),
        Source::Ocean(Provider::Gke),
        Source::Ocean(Provider::Aks),
        Source::Groups,
        Source::Stateful,
    ];

    pub fn label(self) -> String {
        match self {
            Source::Ocean(p) => format!("Ocean ({})", p.label()),
            Source::Groups => "Elastigroups (AWS)".into(),
            Source::Stateful => "Stateful nodes (AWS)".into(),
        }
    }

    /// The operation that lists its items.
    pub fn list(self) -> OpCall {
        OpCall::new(match self {
            Source::Ocean(p) => p.op(super::super::ocean::Op::List),
            Source::Groups => "elastigroup-aws/list-all-elastigroups",
            Source::Stateful => "stateful-node-aws/list-managed-instances",
        })
    }

    /// The operation that reads item `id`'s costs over the range.
    pub fn costs(self, id: &str, (from, to): &(String, String)) -> OpCall {
        let c = match self {
            Source::Ocean(p) => OpCall::new(p.op(super::super::ocean::Op::Costs))
                .path("clusterIdentifier", id)
                .query("aggregationPeriod", "daily"),
            Source::Groups => OpCall::new("elastigroup-aws/get-costs-per-elastigroup")
                .path("groupId", id)
                .query("aggregationPeriod", "daily"),
            // The document asks for the node's id in the path and again in the query.
            Source::Stateful => OpCall::new("stateful-node-aws/get-managed-instance-costs")
                .path("MI_ID", id)
                .query("MI_ID", id)
                .query("aggregationPeriod", "daily"),
        };
        match self {
            // Its document asks for times, the others for dates.
            Source::Stateful => c
                .query("fromDate", format!("{from}T00:00:00Z"))
                .query("toDate", format!("{to}T23:59:59Z")),
            _ => c
                .query("fromDate", from.as_str())
                .query("toDate", to.as_str()),
        }
    }

    fn read(self, name: &str, id: &str, a: &Answer) -> Part {
        let found = items(a);
        match self {
            Source::Ocean(_) => rows::ocean(name, id, &found),
            Source::Groups => rows::instances("Elastigroup", name, id, &found),
            Source::Stateful => rows::instances("Stateful node", name, id, &found),
        }
    }
}

/// One source: its list, then each item.
#[component]
pub fn SourceCosts(source: Source, range: Range, parts: Parts) -> impl IntoView {
    let list = use_op(move || Some(source.list()));
    view! {
        <li data-source=source.label()>{source.label()} ": "
            {list.view(move |a| {
                let found: Vec<(String, String)> = items(&a)
                    .iter()
                    .filter_map(|v| {
                        let id = pick(v, &["id", "cluster.id"])?;
                        Some((pick(v, &["name", "cluster.name"]).unwrap_or_else(|| id.clone()), id))
                    })
                    .collect();
                let n = found.len();
                view! {
                    {format!("{n} item{}", if n == 1 { "" } else { "s" })}
                    <ul>
                        {found.into_iter().map(|(name, id)| view! {
                            <ItemCosts source=source name=name id=id range=range parts=parts/>
                        }).collect_view()}
                    </ul>
                }
            })}
        </li>
    }
}

/// One item's costs, put into `parts` when they arrive.
#[component]
fn ItemCosts(
    source: Source,
    name: String,
    id: String,
    range: Range,
    parts: Parts,
) -> impl IntoView {
    let key = format!("{source:?}|{id}");
    let read: Loaded<Answer> = {
        let id = id.clone();
        use_op(move || Some(source.costs(&id, &range.get())))
    };
    {
        let (key, name, id) = (key.clone(), name.clone(), id.clone());
        Effect::new(move |_| match read.get() {
            Some(Ok(a)) => parts.update(|p| {
                p.insert(key.clone(), source.read(&name, &id, &a));
            }),
            _ => parts.update(|p| {
                p.remove(&key);
            }),
        });
    }
    on_cleanup(move || {
        parts.try_update(|p| p.remove(&key));
    });
    view! {
        <li class="cost-item"><bdi>{name}</bdi> " "
            // An error's words may quote the server: isolated like the name.
            <bdi>{move || match read.get() {
                None => "…".to_string(),
                Some(Err(e)) => format!("could not be read: {}", e.summary()),
                Some(Ok(_)) => "read".to_string(),
            }}</bdi>
            " " <ExplorerLink call=Signal::derive(move || source.costs(&id, &range.get()))/>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_lists_and_reads_costs_through_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = crate::api::spot::catalog::Catalog::parse(&text).unwrap();
        let range = ("2026-11-01".to_string(), "2026-11-07".to_string());
        for s in Source::ALL {
            let list = s.list().request(&cat, Some("act-1"));
            assert!(list.is_ok(), "{s:?}: {list:?}");
            let costs = s.costs("x-1", &range).request(&cat, Some("act-1"));
            assert!(costs.is_ok(), "{s:?}: {costs:?}");
        }
    }
}
