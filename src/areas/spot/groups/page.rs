//! One Elastigroup, whatever its provider: the running deployment's banner on every tab, then
//! Overview ([`super::overview`]: capacity, status, instances, costs), Capacity
//! ([`super::capacity`], [`super::suspend`]), Instances ([`super::instances`]), Deployments
//! ([`super::deploy`]), Stateful ([`super::stateful`]), Tasks (Azure Scale Sets only,
//! [`super::tasks`]), Activity ([`super::activity`]) and
//! Configuration ([`super::config`]). A tab whose operations the provider lacks says so.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::spot::envelope::Answer;
use crate::ui::{tab_enum, tabs_where, Tab};

use super::super::context::use_account;
use super::super::op_call::{use_op, use_op_write, OpCall, OpWrite};
use super::super::SpotNav;
use super::{provider_op, Group, Provider};

tab_enum!(GroupTab {
    Overview => ("Overview", ""),
    Capacity => ("Capacity", "capacity"),
    Instances => ("Instances", "instances"),
    Deployments => ("Deployments", "deployments"),
    Stateful => ("Stateful", "stateful"),
    Tasks => ("Tasks", "tasks"),
    Activity => ("Activity", "activity"),
    Configuration => ("Configuration", "configuration"),
});

/// What every tab of the page shares: the group's id, its answer, and a counter that reads
/// depend on so a write reloads them.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub provider: Provider,
    pub id: Signal<String>,
    pub group: Signal<Option<Group>>,
    pub version: RwSignal<u32>,
}

impl Ctx {
    /// Reloads what the page shows (after a write changed it).
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// This provider's operation for the Elastigroup AWS operation `name`, on this group (its
    /// id filled in). Tracks the id.
    pub fn op(&self, name: &str) -> OpCall {
        provider_op(self.provider, name).path(self.provider.id_param(), self.id.get())
    }

    /// Whether this group's provider has the operation `name`.
    pub fn has(&self, name: &str) -> bool {
        self.provider.has(name)
    }

    /// What this provider lacks for `what`, as a notice (`None` when it has `name`).
    pub fn lacks(&self, name: &str, what: &str) -> Option<AnyView> {
        (!self.has(name)).then(|| {
            let text = self.provider.lacks(what);
            view! { <p class="notice" data-lacks=name.to_string()>{text}</p> }.into_any()
        })
    }

    /// A read of this group's `name`, again after each write.
    pub fn read(&self, name: &'static str) -> crate::ui::Loaded<Answer> {
        let ctx = *self;
        use_op(move || {
            ctx.version.track();
            let id = ctx.id.get();
            (!id.is_empty() && ctx.has(name)).then(|| ctx.op(name))
        })
    }

    /// A write that reloads the page's reads when it is in.
    pub fn write(&self) -> OpWrite {
        let ctx = *self;
        use_op_write(move |_| ctx.changed())
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let provider =
        Memo::new(move |_| Provider::from_key(&params.read().get("provider").unwrap_or_default()));
    move || match provider.get() {
        Some(p) => view! { <GroupView provider=p/> }.into_any(),
        None => view! {
            <h1>"Spot"</h1>
            <SpotNav/>
            <p class="notice error">"This address names no Elastigroup provider."</p>
        }
        .into_any(),
    }
}

#[component]
fn GroupView(provider: Provider) -> impl IntoView {
    let params = use_params_map();
    let account = use_account();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let tab =
        Memo::new(move |_| GroupTab::from_path(&params.read().get("tab").unwrap_or_default()));
    let version = RwSignal::new(0u32);
    let ctx = Ctx {
        provider,
        id,
        group: Signal::derive(|| None),
        version,
    };
    let loaded = ctx.read("list-elastigroup");
    let group = Signal::derive(move || {
        loaded
            .ready()
            .and_then(|a| a.items?.first().and_then(|v| Group::read(provider, v)))
    });
    let ctx = Ctx { group, ..ctx };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <p class="crumbs"><a href=move || super::super::context::link("/spot/elastigroups", account.get().as_deref())>"Elastigroups"</a>
            " · " {provider.label()}</p>
        <h2 id="spot-group-title">
            <bdi>{move || group.get().map(|g| g.name).unwrap_or_default()}</bdi>
            " " <small class="muted">{id}</small>
        </h2>
        {loaded.view(|_| ())}
        <super::deploy::Banner ctx=ctx/>
        {move || {
            let base = format!("/spot/elastigroups/{}/{}", provider.key(), percent_encoding::utf8_percent_encode(&id.get(), percent_encoding::NON_ALPHANUMERIC));
            // Tasks are Azure Scale Sets' only.
            tabs_where::<GroupTab>(&base, "Elastigroup", "spot-group-tab", move |t| t != GroupTab::Tasks || provider.has("list-tasks"))
        }}
        {move || match tab.get() {
            GroupTab::Overview => view! { <super::overview::Overview ctx=ctx/> }.into_any(),
            GroupTab::Capacity => view! { <super::capacity::Capacity ctx=ctx/> <super::suspend::Suspensions ctx=ctx/> }.into_any(),
            GroupTab::Instances => view! { <super::instances::Instances ctx=ctx/> }.into_any(),
            GroupTab::Deployments => view! { <super::deploy::Deployments ctx=ctx/> }.into_any(),
            GroupTab::Stateful => view! { <super::stateful::StatefulTab ctx=ctx/> }.into_any(),
            GroupTab::Tasks => view! { <super::tasks::Tasks ctx=ctx/> }.into_any(),
            GroupTab::Activity => view! { <super::activity::Activity ctx=ctx/> }.into_any(),
            GroupTab::Configuration => view! { <super::config::Configuration ctx=ctx/> }.into_any(),
        }}
    }
}

/// `days` ago as `YYYY-MM-DD` (UTC).
pub(super) fn day(days_ago: i64) -> String {
    let ms = crate::time::now_ms() - days_ago * 86_400_000;
    crate::time::absolute(ms).chars().take(10).collect()
}
