//! The a9s Data Services area. The API has no "list instances" call, so the operator registers
//! instance ids (kept where the connection settings are); each instance has tabs for its
//! overview and lifecycle, backups, restores, backup settings, disaster recovery, metrics and
//! point-in-time recovery.

mod backups;
mod metrics;
mod settings;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, A};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::api::a9s::{self, Instance};
use crate::api::{ApiError, ApiKind};
use crate::client::{use_client, Client};
use crate::time::parse_iso;
use crate::ui::{
    backoff_ms, sleep_ms, ConfirmDialog, ErrorNotice, ExternalLink, Field, OwnerAlive, StatusBadge,
    TimeAgo,
};

const REGISTRY: &str = "a9s.instances";

#[component(transparent)]
pub fn A9sRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/a9s") view=leptos_router::components::Outlet>
            <Route path=path!("") view=Instances/>
            <Route path=path!("instances/:id") view=InstancePage/>
            <Route path=path!("instances/:id/:tab") view=InstancePage/>
        </ParentRoute>
    }
    .into_inner()
}

/// The registered instance ids.
fn registered() -> Vec<String> {
    crate::store::load_value(REGISTRY)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

fn save_registered(client: &Client, ids: &[String]) {
    crate::store::save_value(client.storage_mode(), REGISTRY, &serde_json::json!(ids));
}

/// A time from the API as epoch milliseconds, for [`TimeAgo`].
fn ms(text: &Option<String>) -> Option<i64> {
    text.as_deref().and_then(parse_iso)
}

fn when(text: Option<String>) -> impl IntoView {
    view! { <TimeAgo ms=Signal::stored(ms(&text))/> }
}

/// Sends `check` again and again, waiting longer each time, until `settled` says so or the
/// component that started it is gone. Each answer goes to `seen`.
fn poll<T: 'static, F: std::future::Future<Output = Result<T, ApiError>> + 'static>(
    alive: Option<OwnerAlive>,
    check: impl Fn() -> F + 'static,
    settled: impl Fn(&T) -> bool + 'static,
    seen: impl Fn(Result<T, ApiError>) + 'static,
) {
    let Some(alive) = alive else {
        return;
    };
    spawn_local(async move {
        let mut attempt = 0;
        while alive.get() {
            sleep_ms(backoff_ms(attempt).min(3_000)).await;
            attempt += 1;
            if !alive.get() {
                break;
            }
            let r = check().await;
            let stop = match &r {
                Ok(v) => settled(v),
                // Keep trying through a failed check, but not forever.
                Err(_) => attempt > 8,
            };
            seen(r);
            if stop {
                break;
            }
        }
    });
}

// ---- instance list ----------------------------------------------------------------------

#[component]
fn Instances() -> impl IntoView {
    let client = use_client();
    let ids = RwSignal::new(registered());
    let new_id = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let problem = Signal::derive(move || {
        let id = new_id.get();
        let id = id.trim();
        if !tried.get() {
            None
        } else if id.is_empty() {
            Some("Enter the id of a service instance.".to_string())
        } else if ids.with(|l| l.iter().any(|x| x == id)) {
            Some("This instance is already in the list.".to_string())
        } else {
            None
        }
    });
    let add = move || {
        tried.set(true);
        if problem.get_untracked().is_some() {
            return;
        }
        let id = new_id.get_untracked().trim().to_string();
        ids.update(|l| l.push(id));
        save_registered(&client, &ids.get_untracked());
        new_id.set(String::new());
        tried.set(false);
    };
    let remove = move |id: String| {
        ids.update(|l| l.retain(|x| *x != id));
        save_registered(&client, &ids.get_untracked());
    };
    view! {
        <h1>{ApiKind::A9s.label()}</h1>
        <p class="lead">"The API lists no instances, so add the ids of the service instances you administer."</p>
        <form class="toolbar a9s-add" on:submit=move |ev| { ev.prevent_default(); add(); }>
            <Field label="Instance id" value=new_id error=problem id="a9s-new-id" placeholder="pg-orders-prod"/>
            <button type="submit" class="btn primary" id="a9s-add">"Add instance"</button>
        </form>
        <ul class="a9s-instances" id="a9s-instances">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <InstanceItem id=id on_remove=Callback::new(remove)/>
            </For>
        </ul>
        <Show when=move || ids.with(Vec::is_empty)>
            <p class="muted">"No instances yet."</p>
        </Show>
    }
}

#[component]
fn InstanceItem(id: String, on_remove: Callback<String>) -> impl IntoView {
    let client = use_client();
    let call_id = id.clone();
    let overview = LocalResource::new(move || {
        let id = call_id.clone();
        async move { client.send(a9s::get_instance(&id)).await }
    });
    let href = format!("/a9s/instances/{}", crate::api::seg(&id));
    let rm = id.clone();
    let text = id.clone();
    view! {
        <li class="card a9s-item" data-id=id>
            <A href=href>{text}</A>
            <Transition fallback=|| view! { <span class="loading">"…"</span> }>
                {move || overview.get().map(|r| match r {
                    Ok(i) => view! {
                        <span class="a9s-name">{i.name.unwrap_or_default()}</span>
                        <StatusBadge status=i.state.as_str().to_string()/>
                    }.into_any(),
                    Err(e) => view! { <span class="muted">{e.summary()}</span> }.into_any(),
                })}
            </Transition>
            <button type="button" class="btn small" on:click=move |_| on_remove.run(rm.clone())>"Remove"</button>
        </li>
    }
}

// ---- one instance -----------------------------------------------------------------------

/// What every tab of an instance gets.
#[derive(Clone, Copy)]
struct Ctx {
    id: Signal<String>,
    /// The overview (None while the first load runs).
    overview: RwSignal<Option<Result<Instance, ApiError>>>,
    alive: StoredValue<OwnerAlive>,
}

impl Ctx {
    fn id(&self) -> String {
        self.id.try_get_untracked().unwrap_or_default()
    }

    /// Whether the instance page is still shown (`None` once it is gone).
    fn alive(&self) -> Option<OwnerAlive> {
        self.alive.try_get_value()
    }

    /// The instance's name once known, else its id.
    fn name(&self) -> String {
        self.overview
            .with(|o| o.as_ref().and_then(|r| r.as_ref().ok()?.name.clone()))
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.id.get())
    }

    fn reload(&self, client: Client) {
        let this = *self;
        let id = self.id();
        spawn_local(async move {
            let r = client.send(a9s::get_instance(&id)).await;
            this.overview.try_set(Some(r));
        });
    }
}

const TABS: [(&str, &str); 7] = [
    ("", "Overview"),
    ("backups", "Backups"),
    ("restores", "Restores"),
    ("settings", "Backup settings"),
    ("disaster-recovery", "Disaster recovery"),
    ("metrics", "Metrics"),
    ("pitr", "Point-in-time"),
];

#[component]
fn InstancePage() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let tab = move || params.read().get("tab").unwrap_or_default();
    let ctx = Ctx {
        id,
        overview: RwSignal::new(None),
        alive: StoredValue::new(OwnerAlive::new()),
    };
    Effect::new(move |_| {
        id.track();
        ctx.overview.set(None);
        ctx.reload(client);
    });
    let base = move || format!("/a9s/instances/{}", crate::api::seg(&id.get()));
    view! {
        <p class="crumbs"><A href="/a9s">{ApiKind::A9s.label()}</A></p>
        <h1>{move || ctx.name()} " " <small class="muted">{move || id.get()}</small></h1>
        <nav class="tabs" aria-label="Instance">
            {TABS.into_iter().map(|(t, label)| view! {
                <A href=move || if t.is_empty() { base() } else { format!("{}/{t}", base()) }
                   attr:id=format!("a9s-tab-{}", if t.is_empty() { "overview" } else { t })>
                    {label}
                </A>
            }).collect_view()}
        </nav>
        {move || match tab().as_str() {
            "backups" => view! { <backups::BackupsTab ctx=ctx/> }.into_any(),
            "restores" => view! { <backups::RestoresTab ctx=ctx/> }.into_any(),
            "settings" => view! { <settings::SettingsTab ctx=ctx/> }.into_any(),
            "disaster-recovery" => view! { <settings::RecoveryTab ctx=ctx/> }.into_any(),
            "metrics" => view! { <metrics::MetricsTab ctx=ctx/> }.into_any(),
            "pitr" => view! { <settings::PitrTab ctx=ctx/> }.into_any(),
            _ => view! { <OverviewTab ctx=ctx/> }.into_any(),
        }}
    }
}

#[component]
fn OverviewTab(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    view! {
        {move || match ctx.overview.get() {
            None => view! { <p class="loading">"Loading the overview…"</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e retry=Callback::new(move |_| ctx.reload(client))/> }.into_any(),
            Some(Ok(i)) => view! { <OverviewCard i=i/> }.into_any(),
        }}
        <Lifecycle ctx=ctx/>
    }
}

#[component]
fn OverviewCard(i: Instance) -> impl IntoView {
    let pair = |name: Option<String>, id: Option<String>| {
        format!(
            "{} ({})",
            name.unwrap_or_else(|| "—".into()),
            id.unwrap_or_else(|| "—".into())
        )
    };
    let updates = i
        .available_updates
        .iter()
        .map(|u| {
            let text = format!(
                "{} {} ({})",
                u.name.clone().unwrap_or_default(),
                u.version.clone().unwrap_or_default(),
                u.kind.clone().unwrap_or_default()
            );
            view! { <li>{text}</li> }
        })
        .collect_view();
    let links = i
        .urls
        .iter()
        .map(|u| view! { <li><ExternalLink href=u.link.clone().unwrap_or_default() label=u.label()/></li> })
        .collect_view();
    let no_updates = i.available_updates.is_empty();
    view! {
        <dl class="card a9s-facts" id="a9s-overview">
            <dt>"State"</dt><dd id="a9s-state"><StatusBadge status=i.state.as_str().to_string()/></dd>
            <dt>"Plan"</dt><dd><code>{i.plan_id.unwrap_or_default()}</code></dd>
            <dt>"Service"</dt><dd><code>{i.service_id.or(i.service_guid).unwrap_or_default()}</code></dd>
            <dt>"Tenant"</dt><dd>{pair(i.tenant_name, i.tenant_id)}</dd>
            <dt>"Subtenant"</dt><dd>{pair(i.subtenant_name, i.subtenant_id)}</dd>
            <dt>"Created"</dt><dd>{when(i.created_at)}</dd>
            <dt>"Updated"</dt><dd>{when(i.updated_at)}</dd>
            <dt>"Available updates"</dt>
            <dd id="a9s-updates">{if no_updates { view! { <span class="muted">"none"</span> }.into_any() } else { view! { <ul>{updates}</ul> }.into_any() }}</dd>
            <dt>"Dashboards"</dt><dd><ul id="a9s-links">{links}</ul></dd>
        </dl>
    }
}

/// Recreate, restart and apply updates: each confirmed, answered 202 ("accepted"), then the
/// overview is watched until the state settles.
#[component]
fn Lifecycle(ctx: Ctx) -> impl IntoView {
    let client = use_client();
    let note = RwSignal::new(None::<String>);
    let act = Action::new_local(move |what: &&'static str| {
        let what = *what;
        let id = ctx.id();
        let service = ctx.overview.with_untracked(|o| {
            o.as_ref()
                .and_then(|r| r.as_ref().ok()?.service().map(str::to_string))
        });
        async move {
            let call = match what {
                "recreate" => a9s::recreate(&id),
                "restart" => a9s::restart(&id),
                _ => a9s::apply_updates(&id, &service.unwrap_or_default()),
            };
            let r = client.send(call).await;
            if r.is_ok() {
                note.try_set(Some(format!(
                    "The {what} was accepted. Watching the state until it settles…"
                )));
                watch_state(ctx, client, note);
            }
            r
        }
    });
    let [restart, update, recreate] = [(); 3].map(|_| RwSignal::new(false));
    let run = move |what: &'static str| {
        Callback::new(move |_| {
            act.dispatch(what);
        })
    };
    let pending = act.pending();
    let no_updates = move || {
        ctx.overview
            .with(|o| matches!(o, Some(Ok(i)) if i.available_updates.is_empty()))
    };
    view! {
        <section class="a9s-lifecycle">
            <h2>"Lifecycle"</h2>
            <div class="toolbar">
                <button type="button" class="btn" id="a9s-restart" disabled=pending on:click=move |_| restart.set(true)>"Restart"</button>
                <button type="button" class="btn" id="a9s-apply-updates" disabled=move || pending.get() || no_updates() on:click=move |_| update.set(true)>"Apply updates"</button>
                <button type="button" class="btn danger" id="a9s-recreate" disabled=pending on:click=move |_| recreate.set(true)>"Recreate"</button>
            </div>
            {move || act.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
            {move || note.get().map(|n| view! { <p class="notice info" id="a9s-lifecycle-note" role="status">{n}</p> })}
            <ConfirmDialog open=restart title="Restart the instance" confirm_label="Restart" danger=true on_confirm=run("restart")>
                <p>"The service is interrupted while the instance restarts."</p>
            </ConfirmDialog>
            <ConfirmDialog open=update title="Apply all updates" confirm_label="Apply updates" danger=true on_confirm=run("update")>
                <p>"Every available update is applied; the service may be interrupted while it deploys."</p>
            </ConfirmDialog>
            <ConfirmDialog open=recreate title="Recreate the instance" confirm_label="Recreate" danger=true
                typed=Signal::derive(move || ctx.name()) on_confirm=run("recreate")>
                <p>"The instance's virtual machines are built anew, with downtime."</p>
            </ConfirmDialog>
        </section>
    }
}

/// Polls the overview after a lifecycle action until it has been seen deploying and then not,
/// or until a few checks never saw it deploying.
fn watch_state(ctx: Ctx, client: Client, note: RwSignal<Option<String>>) {
    let seen_busy = std::rc::Rc::new(std::cell::Cell::new(false));
    let checks = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let id = ctx.id();
    poll(
        ctx.alive(),
        move || {
            let id = id.clone();
            async move { client.send(a9s::get_instance(&id)).await }
        },
        move |i: &Instance| {
            checks.set(checks.get() + 1);
            if i.state.is_busy() {
                seen_busy.set(true);
                false
            } else {
                seen_busy.get() || checks.get() >= 3
            }
        },
        move |r| {
            if let Ok(i) = &r {
                let text = if i.state.is_busy() {
                    "The instance is deploying…".to_string()
                } else {
                    format!("Done: the instance is {}.", i.state.as_str())
                };
                note.try_set(Some(text));
            }
            ctx.overview.try_set(Some(r));
        },
    );
}
