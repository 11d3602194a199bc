//! One Spark application: its state (asked again while it runs), what it ran, and its driver
//! log and Kubernetes events as live text.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::ui::{JsonView, StatusBadge};

use super::super::context::{link, use_account};
use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::live::LiveText;
use super::{items, running, text};

#[component]
pub fn App() -> impl IntoView {
    let params = use_params_map();
    let account = use_account();
    let cluster = Memo::new(move |_| params.read().get("cluster").unwrap_or_default());
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let op = move |slug: &str| {
        OpCall::new(slug)
            .path("clusterId", cluster.get())
            .path("applicationId", id.get())
    };
    let app = use_op(move || Some(op("ocean-spark/get-application")));
    app.refresh_while(|r, _| {
        let state = r
            .as_ref()
            .ok()
            .and_then(|a| items(a).first().map(|v| text(v, "appState")));
        state.filter(|s| running(s)).map(|_| 1000)
    });
    let state = Memo::new(move |_| {
        app.ready()
            .and_then(|a| items(&a).first().map(|v| text(v, "appState")))
            .unwrap_or_default()
    });
    // Until the state is known the streams are taken to be growing.
    let growing = Signal::derive(move || {
        let s = state.get();
        s.is_empty() || running(&s)
    });
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2 id="spark-app-title">"Spark application " <bdi>{move || id.get()}</bdi></h2>
        <p><a href=move || link("/spot/spark", account.get().as_deref())>"All applications"</a></p>
        <section class="card" id="spark-app">
            <p>"State: " <span id="spark-app-state"><StatusBadge status=Signal::derive(move || state.get())/></span>
                " · cluster " <code>{move || cluster.get()}</code></p>
            {app.view(|a| {
                let v = items(&a).into_iter().next().unwrap_or_default();
                view! {
                    <dl class="summary">
                        <dt>"Job"</dt><dd>{text(&v, "jobId")}</dd>
                        <dt>"Submitted"</dt><dd>{text(&v, "createdAt")}</dd>
                        <dt>"Started"</dt><dd>{text(&v, "startedAt")}</dd>
                        <dt>"Ended"</dt><dd>{text(&v, "endedAt")}</dd>
                        <dt>"Source"</dt><dd>{text(&v, "submissionSource")}</dd>
                    </dl>
                    <JsonView value=v/>
                }
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(move || op("ocean-spark/get-application"))/></p>
        </section>
        <LiveText id="spark-log" title="Driver log" growing=growing
            call=Signal::derive(move || Some(op("ocean-spark/stream-driver-log")))
            file=Signal::derive(move || format!("{}-driver.log", id.get()))/>
        <LiveText id="spark-events" title="Kubernetes events" growing=growing
            call=Signal::derive(move || Some(op("ocean-spark/stream-kubernetes-events")))
            file=Signal::derive(move || format!("{}-events.log", id.get()))/>
    }
}
