//! Ocean Spark (`/spot/spark`, its own chunk): applications across clusters or in one, with
//! their state; submitting one through the body form generated from its schema (Spot's largest,
//! so it opens as JSON and its parts render when opened); an application's page with its driver
//! log and Kubernetes events as live text; clusters, config templates and jobs. Every call is a
//! catalog operation ([`super::op_call`]), each linked in the explorer.

mod app;
mod apps;
mod lists;
mod live;
mod submit;
mod templates;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{tab_enum, tabs, Tab};

use super::super::lazy::lazy_area;
use super::op_call::{use_op, OpCall};
use super::SpotNav;

use app::App;

lazy_area!(spot_spark_area {
    SpotSparkRoute => Spark,
    SpotSparkAppRoute => App,
});

tab_enum!(SparkTab {
    Apps => ("Applications", ""),
    Submit => ("Submit", "submit"),
    Clusters => ("Clusters", "clusters"),
    Templates => ("Config templates", "templates"),
    Jobs => ("Jobs", "jobs"),
});

/// The text of `key` in an item ("" when absent).
pub fn text(v: &Value, key: &str) -> String {
    key.split('.')
        .try_fold(v, |v, k| v.get(k))
        .and_then(json::text)
        .unwrap_or_default()
}

/// The items of an answer.
pub fn items(a: &Answer) -> Vec<Value> {
    a.items.clone().unwrap_or_default()
}

/// Whether an application's state is not final yet.
pub fn running(state: &str) -> bool {
    matches!(state, "NEW" | "SUBMITTED" | "RUNNING")
}

/// An application's page.
pub fn app_href(cluster: &str, app: &str, account: Option<&str>) -> String {
    super::context::link(
        &format!(
            "/spot/spark/app/{}/{}",
            crate::api::seg(cluster),
            crate::api::seg(app)
        ),
        account,
    )
}

/// The account's Spark clusters, as (id, label) choices.
pub fn use_clusters() -> Signal<Vec<(String, String)>> {
    let list = use_op(|| Some(OpCall::new("ocean-spark/list-clusters")));
    Signal::derive(move || {
        list.ready()
            .map(|a| {
                items(&a)
                    .iter()
                    .map(|c| text(c, "id"))
                    .filter(|id| !id.is_empty())
                    .map(|id| (id.clone(), id))
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn Spark() -> impl IntoView {
    let params = use_params_map();
    let tab =
        Memo::new(move |_| SparkTab::from_path(&params.read().get("tab").unwrap_or_default()));
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Ocean Spark"</h2>
        {tabs::<SparkTab>("/spot/spark", "Ocean Spark", "spark-tab")}
        {move || match tab.get() {
            SparkTab::Apps => view! { <apps::Apps/> }.into_any(),
            SparkTab::Submit => view! { <submit::Submit/> }.into_any(),
            SparkTab::Clusters => view! { <lists::Clusters/> }.into_any(),
            SparkTab::Templates => view! { <templates::Templates/> }.into_any(),
            SparkTab::Jobs => view! { <lists::Jobs/> }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_addresses() {
        assert!(running("RUNNING") && running("SUBMITTED"));
        assert!(!running("COMPLETED") && !running("FAILED"));
        assert_eq!(
            app_href("osc-1", "a b", Some("act-1")),
            "/spot/spark/app/osc-1/a%20b?account=act%2D1"
        );
        let v = serde_json::json!({"config": {"image": "spark:3"}});
        assert_eq!(text(&v, "config.image"), "spark:3");
    }
}
