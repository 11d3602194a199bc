//! The Overview (home page, a lazy chunk): each connected API checked on load with its cheap
//! connection read (never a write), what needs attention gathered from reads the areas already
//! decode (degraded DM components, failed or busy a9s instances and backups, failed Solutions
//! jobs; Spot's running deployments and rolls and unhealthy instances, [`SpotAttention`]), the
//! running work of the activity center, and the last failed requests of this tab ([`failed`]).
//! Every card and every check loads on its own: one failing API never blocks the others.

mod failed;

use leptos::prelude::*;
use leptos_router::components::A;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::api::a9s::{self, InstanceState, TaskStatus};
use crate::api::dm::{self, Health};
use crate::api::solutions::{self, JobFilter};
use crate::api::{probe, ApiKind};
use crate::client::use_client;
use crate::ui::{use_activity, use_call, ErrorNotice};

use super::activity::entries;
use super::lazy::lazy_area;
use super::spot::attention::SpotAttention;
use failed::FailedRequests;

lazy_area!(overview_area {
    OverviewRoute => Overview,
});

/// How many failed Solutions jobs are listed.
const FAILED_JOBS: u32 = 5;

#[component]
fn Overview() -> impl IntoView {
    let client = use_client();
    let activity = use_activity();
    let running = move || {
        activity
            .entries()
            .into_iter()
            .filter(|e| e.running)
            .collect::<Vec<_>>()
    };
    view! {
        <h1>"Overview"</h1>
        <p class="lead">"The five platform APIs at a glance: each connected one is checked now; what needs attention links to its page."</p>
        <div class="cards">
            {ApiKind::ALL.into_iter().map(|api| view! { <ApiCard api=api/> }).collect_view()}
        </div>
        <section class="card" id="overview-attention">
            <h2>"Needs attention"</h2>
            <Show when=move || !ApiKind::ALL.into_iter().any(|a| client.is_configured(a))>
                <p class="muted">"Connect an API to see what needs attention in it."</p>
            </Show>
            <Show when=move || client.is_configured(ApiKind::Dm)><DmAttention/></Show>
            <Show when=move || client.is_configured(ApiKind::A9s)><A9sAttention/></Show>
            <Show when=move || client.is_configured(ApiKind::Solutions)><SolutionsAttention/></Show>
            <Show when=move || client.is_configured(ApiKind::Spot)><SpotAttention/></Show>
        </section>
        <section class="card" id="overview-running">
            <h2><A href="/activity">"Running work"</A></h2>
            {move || entries(running(), "Nothing started in this tab is running.")}
        </section>
        <FailedRequests/>
    }
}

/// One API: its connection check, in words.
#[component]
fn ApiCard(api: ApiKind) -> impl IntoView {
    let client = use_client();
    view! {
        <section class="card overview-api" id=format!("overview-{}", api.id())>
            <h2><A href=api.route()>{api.label()}</A></h2>
            <Show when=move || client.is_configured(api)
                fallback=|| view! { <p class="muted">"Not connected. " <A href="/connections">"Connect"</A></p> }>
                <ApiCheck api=api/>
            </Show>
        </section>
    }
}

/// The API's connection test, sent once as the card shows. A 404 of a9s's and Keboola's test
/// read means connected ([`probe::outcome`]), so the answer is read here rather than by
/// `Loaded::view`, which would show it as an error.
#[component]
fn ApiCheck(api: ApiKind) -> impl IntoView {
    let check = use_call(move || Some(probe::probe(api)));
    move || match check.get().map(|r| probe::outcome(api, r)) {
        None => view! { <p class="loading">"Checking…"</p> }.into_any(),
        Some(Ok(words)) => {
            view! { <p class="overview-ok"><span class="dot ok"></span> " " {words}</p> }.into_any()
        }
        Some(Err(e)) => view! {
            <ErrorNotice error=e retry=Callback::new(move |_| check.refetch())/>
        }
        .into_any(),
    }
}

/// A line of the attention list.
fn item(href: String, text: String) -> AnyView {
    view! { <li><A href=href>{text}</A></li> }.into_any()
}

/// A list of what needs attention, or what to say when nothing does.
fn attention(items: Vec<AnyView>, none: &'static str) -> AnyView {
    if items.is_empty() {
        view! { <p class="muted attention-none">{none}</p> }.into_any()
    } else {
        view! { <ul class="attention">{items}</ul> }.into_any()
    }
}

#[component]
fn DmAttention() -> impl IntoView {
    let status = use_call(|| Some(dm::platform_status()));
    view! {
        <div class="overview-area" id="overview-attention-dm">
            <h3>"Deployment Manager"</h3>
            {status.view(|components| {
                let bad: Vec<_> = components
                    .into_iter()
                    .filter(|c| c.health() != Health::Healthy)
                    .map(|c| {
                        let word = if c.health() == Health::Degraded { "degraded" } else { "unhealthy" };
                        item("/deployment-manager".into(), format!("Component {} is {word}", c.name))
                    })
                    .collect();
                attention(bad, "Every component is healthy.")
            })}
        </div>
    }
}

#[component]
fn A9sAttention() -> impl IntoView {
    let ids: Vec<String> = crate::store::load_value(super::a9s::REGISTRY)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    view! {
        <div class="overview-area" id="overview-attention-a9s">
            <h3>"a9s Data Services"</h3>
            {ids.is_empty().then(|| view! {
                <p class="muted">"No instance added yet: the a9s API has no list, so add instances on " <A href="/a9s">"its page"</A> "."</p>
            })}
            {ids.into_iter().map(|id| view! { <A9sInstance id=id/> }).collect_view()}
        </div>
    }
}

/// One added a9s instance: its state and its backups that failed or are still moving.
#[component]
fn A9sInstance(id: String) -> impl IntoView {
    let enc = utf8_percent_encode(&id, NON_ALPHANUMERIC).to_string();
    let page = format!("/a9s/instances/{enc}");
    let backups_page = format!("{page}/backups");
    let (iid, bid, name) = (id.clone(), id.clone(), id.clone());
    let instance = use_call(move || Some(a9s::get_instance(&iid)));
    let backups = use_call(move || Some(a9s::list_backups(&bid)));
    view! {
        {instance.view(move |i| {
            let state = i.state.clone();
            let note = match state {
                InstanceState::Failed => Some(format!("Instance {id} failed")),
                s if s.is_busy() => Some(format!("Instance {id} is {}", s.as_str())),
                _ => None,
            };
            note.map(|n| view! { <ul class="attention">{item(page.clone(), n)}</ul> })
        })}
        {backups.view(move |list| {
            let shown: Vec<_> = list
                .into_iter()
                .filter(|b| matches!(b.status, TaskStatus::Failed | TaskStatus::Queued | TaskStatus::Running))
                .map(|b| {
                    let which = b.id.as_ref().map(|i| i.to_string()).unwrap_or_else(|_| "without a readable id".into());
                    item(backups_page.clone(), format!("Backup {which} of {name} {}", b.status.as_str()))
                })
                .collect();
            (!shown.is_empty()).then(|| view! { <ul class="attention">{shown}</ul> })
        })}
    }
}

#[component]
fn SolutionsAttention() -> impl IntoView {
    let failed = use_call(|| {
        Some(solutions::jobs(&JobFilter {
            state: vec!["FAILED".into()],
            limit: Some(FAILED_JOBS),
            ..JobFilter::default()
        }))
    });
    view! {
        <div class="overview-area" id="overview-attention-solutions">
            <h3>"Deployed Solutions"</h3>
            {failed.view(|jobs| {
                let items = jobs
                    .into_iter()
                    .map(|j| {
                        let href = format!("/solutions/jobs?state=FAILED&job_id={}", utf8_percent_encode(&j.id, NON_ALPHANUMERIC));
                        let text = if j.message.is_empty() {
                            format!("Job {} failed", j.id)
                        } else {
                            format!("Job {} failed: {}", j.id, j.message)
                        };
                        item(href, text)
                    })
                    .collect();
                attention(items, "No failed jobs.")
            })}
        </div>
    }
}
