//! The a9s Data Services area. The API has no "list instances" call, so the operator registers
//! instance ids (kept where the connection settings are); each instance has tabs for its
//! overview and lifecycle, backups, restores, backup settings, disaster recovery, metrics and
//! point-in-time recovery.
//!
//! Reads go through `ui::use_call`, writes through `ui::use_write`, long work (backups,
//! restores, lifecycle actions) through `ui::Followed` ([`jobs`]). Reactive parts of views go
//! through [`dynamic`] (one type-erased rendering path instead of one per closure).

mod backups;
mod jobs;
mod metrics;
mod settings;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use super::lazy::{lazy_routes, resume_hook};
use crate::api::a9s::{self, Instance};
use crate::api::{seg, ApiKind};
use crate::client::{use_client, Client};
use crate::time::parse_iso;
use crate::ui::{
    tabs, use_call, use_write_then, ConfirmDialog, ExternalLink, Field, Followed, FollowedJob,
    Loaded, StatusBadge, Tab, TimeAgo,
};
use jobs::{Job, Kind};

pub(crate) const REGISTRY: &str = "a9s.instances";

lazy_routes!(a9s_area => A9sAreaRoute, A9sRoutes);

/// The area's pages (in its chunk, under the shell's `/a9s/*rest`).
#[component(transparent)]
fn A9sRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/a9s") view=leptos_router::components::Outlet>
            <Route path=path!("") view=Instances/>
            <Route path=path!("instances/:id") view=InstancePage/>
            <Route path=path!("instances/:id/:tab") view=InstancePage/>
        </ParentRoute>
    }
    .into_inner()
}

resume_hook!(a9s_area, jobs::follow);

/// Where the area's followed jobs are saved (for the resume hook's registration).
pub const JOBS_KEY: &str = jobs::JOBS_KEY;

// ---- small shared helpers ---------------------------------------------------------------

/// A reactive part of a view, type-erased so that every such part shares one rendering path.
fn dynamic(f: impl Fn() -> AnyView + Send + 'static) -> impl IntoView {
    erased(Box::new(f))
}

/// The one (non-generic) rendering path behind [`dynamic`].
fn erased(f: Box<dyn Fn() -> AnyView + Send>) -> impl IntoView {
    move || f()
}

/// A write's outcome in a box with `id`: `shown` is its sentence or its error.
fn note(id: &'static str, shown: impl IntoView) -> impl IntoView {
    view! { <div id=id role="status">{shown}</div> }
}

/// A sentence saying a write went through.
fn said(text: String) -> impl IntoView {
    view! { <p class="notice ok">{text}</p> }
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

/// A time from the API shown relative and absolute.
fn when(text: Option<String>) -> impl IntoView {
    view! { <TimeAgo ms=Signal::stored(text.as_deref().and_then(parse_iso))/> }
}

fn badge(status: &str) -> impl IntoView {
    view! { <StatusBadge status=status.to_string()/> }
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
    let save = move |f: &dyn Fn(&mut Vec<String>)| {
        ids.update(|l| f(l));
        save_registered(&client, &ids.get_untracked());
    };
    view! {
        <h1>{ApiKind::A9s.label()}</h1>
        <p class="lead">"The API lists no instances, so add the ids of the service instances you administer."</p>
        <form class="toolbar" on:submit=move |ev| {
            ev.prevent_default();
            tried.set(true);
            if problem.get_untracked().is_none() {
                let id = new_id.get_untracked().trim().to_string();
                save(&|l| l.push(id.clone()));
                new_id.set(String::new());
                tried.set(false);
            }
        }>
            <Field label="Instance id" value=new_id error=problem id="a9s-new-id" placeholder="pg-orders-prod"/>
            <button type="submit" class="btn primary" id="a9s-add">"Add instance"</button>
        </form>
        <ul class="a9s-instances" id="a9s-instances">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <InstanceItem id=id on_remove=Callback::new(move |gone: String| save(&|l| l.retain(|x| *x != gone)))/>
            </For>
        </ul>
        {dynamic(move || {
            ids.with(Vec::is_empty)
                .then(|| view! { <p class="muted">"No instances yet."</p> })
                .into_any()
        })}
    }
}

#[component]
fn InstanceItem(id: String, on_remove: Callback<String>) -> impl IntoView {
    let asked = id.clone();
    let overview = use_call(move || Some(a9s::get_instance(&asked)));
    let href = format!("/a9s/instances/{}", seg(&id));
    let (rm, text) = (id.clone(), id.clone());
    view! {
        <li class="card a9s-item" data-id=id>
            <a href=href>{text}</a>
            " "
            {overview.view(|i| view! {
                <span class="a9s-name">{i.name.unwrap_or_default()}</span> " " {badge(i.state.as_str())}
            })}
            " "
            <button type="button" class="btn small a9s-remove" on:click=move |_| on_remove.run(rm.clone())>"Remove"</button>
        </li>
    }
}

// ---- one instance -----------------------------------------------------------------------

/// What every tab of an instance gets.
#[derive(Clone, Copy)]
struct Ctx {
    id: Signal<String>,
    overview: Loaded<Instance>,
    /// The area's followed work (polled while the instance page is shown).
    jobs: Followed<Job>,
}

impl Ctx {
    fn id(&self) -> String {
        self.id.try_get_untracked().unwrap_or_default()
    }

    /// The instance's name once known, else its id. Tracked.
    fn name(&self) -> String {
        self.overview
            .ready()
            .and_then(|i| i.name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.id.get())
    }

    /// The instance's own address (its overview tab). Tracked.
    fn base(&self) -> String {
        format!("/a9s/instances/{}", seg(&self.id.get()))
    }

    /// The address of one of its tabs.
    fn href(&self, tab: InstanceTab) -> String {
        format!("{}/{}", untrack(|| self.base()), tab.path())
    }

    /// The followed job saved under `key`. Tracked.
    fn job(&self, key: &str) -> Option<Job> {
        self.jobs.list().into_iter().find(|j| j.id() == key)
    }
}

/// The tabs of an instance; the current one is the last segment of the address.
#[derive(Clone, Copy, PartialEq)]
enum InstanceTab {
    Overview,
    Backups,
    Restores,
    Settings,
    DisasterRecovery,
    Metrics,
    Pitr,
}

impl Tab for InstanceTab {
    const ALL: &'static [InstanceTab] = &[
        InstanceTab::Overview,
        InstanceTab::Backups,
        InstanceTab::Restores,
        InstanceTab::Settings,
        InstanceTab::DisasterRecovery,
        InstanceTab::Metrics,
        InstanceTab::Pitr,
    ];

    fn label(self) -> &'static str {
        match self {
            InstanceTab::Overview => "Overview",
            InstanceTab::Backups => "Backups",
            InstanceTab::Restores => "Restores",
            InstanceTab::Settings => "Backup settings",
            InstanceTab::DisasterRecovery => "Disaster recovery",
            InstanceTab::Metrics => "Metrics",
            InstanceTab::Pitr => "Point-in-time",
        }
    }

    fn path(self) -> &'static str {
        match self {
            InstanceTab::Overview => "",
            InstanceTab::Backups => "backups",
            InstanceTab::Restores => "restores",
            InstanceTab::Settings => "settings",
            InstanceTab::DisasterRecovery => "disaster-recovery",
            InstanceTab::Metrics => "metrics",
            InstanceTab::Pitr => "pitr",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            InstanceTab::Overview => "overview",
            t => t.path(),
        }
    }
}

#[component]
fn InstancePage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let tab =
        Memo::new(move |_| InstanceTab::from_path(&params.read().get("tab").unwrap_or_default()));
    let ctx = Ctx {
        id,
        overview: use_call(move || Some(a9s::get_instance(&id.get()))),
        jobs: jobs::followed(),
    };
    view! {
        <p class="crumbs"><a href="/a9s">{ApiKind::A9s.label()}</a></p>
        <h1><bdi>{dynamic(move || ctx.name().into_any())}</bdi> " " <small class="muted">{id}</small></h1>
        {dynamic(move || tabs::<InstanceTab>(&ctx.base(), "Instance", "a9s-tab").into_any())}
        {dynamic(move || match tab.get() {
            InstanceTab::Backups => backups::backups_tab(ctx).into_any(),
            InstanceTab::Restores => backups::restores_tab(ctx).into_any(),
            InstanceTab::Settings => settings::settings_tab(ctx).into_any(),
            InstanceTab::DisasterRecovery => settings::recovery_tab(ctx).into_any(),
            InstanceTab::Metrics => view! { <metrics::MetricsTab ctx=ctx/> }.into_any(),
            InstanceTab::Pitr => settings::pitr_tab(ctx).into_any(),
            InstanceTab::Overview => overview_tab(ctx).into_any(),
        })}
        // The other tabs say too when the instance itself could not be read.
        {dynamic(move || (tab.get() != InstanceTab::Overview)
            .then(|| view! { <div class="a9s-instance-read">{ctx.overview.view(|_| ())}</div> })
            .into_any())}
        {jobs::panel(ctx.jobs)}
    }
}

fn overview_tab(ctx: Ctx) -> impl IntoView {
    view! {
        {ctx.overview.view(overview_card)}
        {lifecycle(ctx)}
    }
}

fn overview_card(i: Instance) -> impl IntoView {
    let or_dash = |s: Option<String>| s.unwrap_or_else(|| "—".into());
    let pair =
        |name: Option<String>, id: Option<String>| format!("{} ({})", or_dash(name), or_dash(id));
    let updates = i
        .available_updates
        .iter()
        .map(|u| {
            format!(
                "{} {} ({})",
                u.name.clone().unwrap_or_default(),
                u.version.clone().unwrap_or_default(),
                u.kind.clone().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>();
    let updates = if updates.is_empty() {
        "none".to_string()
    } else {
        updates.join(", ")
    };
    let links = i
        .urls
        .iter()
        .map(|u| view! { <li><ExternalLink href=u.link.clone().unwrap_or_default() label=u.label()/></li> })
        .collect_view();
    let facts = [
        ("Plan", or_dash(i.plan_id)),
        ("Service", or_dash(i.service_id.or(i.service_guid))),
        ("Tenant", pair(i.tenant_name, i.tenant_id)),
        ("Subtenant", pair(i.subtenant_name, i.subtenant_id)),
    ];
    view! {
        <dl class="card a9s-facts" id="a9s-overview">
            <dt>"State"</dt><dd id="a9s-state">{badge(i.state.as_str())}</dd>
            {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            <dt>"Created"</dt><dd>{when(i.created_at)}</dd>
            <dt>"Updated"</dt><dd>{when(i.updated_at)}</dd>
            <dt>"Available updates"</dt><dd id="a9s-updates">{updates}</dd>
            <dt>"Dashboards"</dt><dd><ul id="a9s-links">{links}</ul></dd>
        </dl>
    }
}

/// The lifecycle actions of an instance.
#[derive(Clone, Copy)]
enum Lifecycle {
    Restart,
    Update,
    Recreate,
}

impl Lifecycle {
    /// The action in the sentence "The … was accepted."
    fn word(self) -> &'static str {
        match self {
            Lifecycle::Restart => "restart",
            Lifecycle::Update => "update",
            Lifecycle::Recreate => "recreate",
        }
    }
}

/// Recreate, restart and apply updates: each confirmed, answered 202 ("accepted"), then
/// followed (a lifecycle job) until the state settles; the overview is read again as it moves.
fn lifecycle(ctx: Ctx) -> impl IntoView {
    let sent = StoredValue::new(Lifecycle::Restart);
    let write = use_write_then(
        move |action: &Lifecycle| {
            sent.set_value(*action);
            let id = ctx.id();
            match action {
                Lifecycle::Recreate => a9s::recreate(&id),
                Lifecycle::Restart => a9s::restart(&id),
                Lifecycle::Update => {
                    let service = ctx
                        .overview
                        .ready()
                        .and_then(|i| i.service().map(str::to_string));
                    a9s::apply_updates(&id, &service.unwrap_or_default())
                }
            }
        },
        move |r| {
            if r.is_ok() {
                ctx.jobs
                    .add(Job::lifecycle(&ctx.id(), sent.get_value().word()));
            }
        },
    );
    let job = Memo::new(move |_| ctx.job(&jobs::key(Kind::Lifecycle, &ctx.id.get(), "")));
    // The overview follows the job: read again whenever the job learnt something new.
    Effect::new(move |seen: Option<Option<Job>>| {
        let now = job.get();
        if seen.is_some_and(|s| s != now) && now.is_some() {
            ctx.overview.refetch();
        }
        now
    });
    // Every read of the overview tells a pending lifecycle job what it saw (the job's own
    // checks may come seconds apart, after a short deployment is over).
    Effect::new(move |_| {
        let Some(i) = ctx.overview.ready() else {
            return;
        };
        if let Some(j) = untrack(|| job.get()).filter(FollowedJob::pending) {
            ctx.jobs.update(j.id(), |j| j.saw(&i.state, false));
        }
    });
    let busy = write.pending();
    let run = move |action: Lifecycle| Callback::new(move |_| write.send(action));
    let [restart, update, recreate] = [(); 3].map(|_| RwSignal::new(false));
    let no_updates = Signal::derive(move || {
        busy.get()
            || ctx
                .overview
                .ready()
                .is_some_and(|i| i.available_updates.is_empty())
    });
    view! {
        <section class="a9s-lifecycle">
            <h2>"Lifecycle"</h2>
            <div class="toolbar">
                <button type="button" class="btn" id="a9s-restart" disabled=busy on:click=move |_| restart.set(true)>"Restart"</button>
                <button type="button" class="btn" id="a9s-apply-updates" disabled=no_updates on:click=move |_| update.set(true)>"Apply updates"</button>
                <button type="button" class="btn danger" id="a9s-recreate" disabled=busy on:click=move |_| recreate.set(true)>"Recreate"</button>
            </div>
            {note("a9s-lifecycle-note", view! {
                {write.view(move |()| said(format!(
                    "The {} was accepted. Watching the state until it settles…",
                    sent.get_value().word()
                )))}
                {move || job.get().map(|j| view! { <p>{j.sentence()}</p> })}
            })}
            <ConfirmDialog open=restart title="Restart the instance" confirm_label="Restart" danger=true on_confirm=run(Lifecycle::Restart)>
                <p>"The service is interrupted while the instance restarts."</p>
            </ConfirmDialog>
            <ConfirmDialog open=update title="Apply all updates" confirm_label="Apply updates" danger=true on_confirm=run(Lifecycle::Update)>
                <p>"Every available update is applied; the service may be interrupted while it deploys."</p>
            </ConfirmDialog>
            <ConfirmDialog open=recreate title="Recreate the instance" confirm_label="Recreate" danger=true
                typed=Signal::derive(move || ctx.name()) on_confirm=run(Lifecycle::Recreate)>
                <p>"The instance's virtual machines are built anew, with downtime."</p>
            </ConfirmDialog>
        </section>
    }
}
