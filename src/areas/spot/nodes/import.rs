//! Import an EC2 instance as a stateful node: the migration Spot starts is followed with
//! [`crate::ui::Followed`] until it ends (in the activity center too, and again after a
//! reload through the area's resume hook), and the list is read again once it has.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::field::{message_for, FieldError};
use crate::api::json;
use crate::ui::{
    ActionButton, Checkbox, Column, Field, Followed, FollowedJob, JobPanel, StatusBadge,
};

use super::super::context::use_account;
use super::super::op_call::{ask, use_op_write, ExplorerLink, Unasked};
use super::{node_href, op, state_words};

/// Where the followed imports are saved.
pub const KEY: &str = "spot.nodes.imports";

/// Spot's last migration state.
const DONE: &str = "MIGRATE_END";

/// A migration followed until it ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Migration {
    pub id: String,
    pub node: String,
    pub instance: String,
    pub account: Option<String>,
    pub state: String,
    pub started: i64,
    pub problem: Option<String>,
}

impl FollowedJob for Migration {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        self.state != DONE && !self.failed()
    }

    fn what(&self) -> String {
        format!("Import of {} as a stateful node", self.instance)
    }

    fn href(&self) -> String {
        node_href(&self.node, self.account.as_deref())
    }

    fn started_ms(&self) -> i64 {
        self.started
    }

    fn state_words(&self) -> String {
        state_words(&self.state)
    }

    fn failed(&self) -> bool {
        self.state.contains("FAIL") || self.state == "UNKNOWN"
    }
}

impl Migration {
    /// A migration as Spot reports it; `None` when its id did not read.
    fn read(v: &Value, was: Option<&Migration>, account: Option<String>) -> Option<Migration> {
        let t = |k: &str| json::text(&v[k]).filter(|s| !s.trim().is_empty());
        Some(Migration {
            id: t("migrationId")?,
            node: t("managedInstanceId")
                .or_else(|| was.map(|w| w.node.clone()))
                .unwrap_or_default(),
            instance: t("instanceId")
                .or_else(|| json::text(&v["data"]["originalInstanceId"]))
                .or_else(|| was.map(|w| w.instance.clone()))
                .unwrap_or_default(),
            account,
            state: t("state").unwrap_or_default().to_uppercase(),
            started: was.map(|w| w.started).unwrap_or_else(crate::time::now_ms),
            problem: None,
        })
    }
}

fn followed() -> Followed<Migration> {
    Followed::load(KEY, 10)
}

/// After a reload: the imports followed again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

/// Asks Spot about every followed import still under way.
fn follow(jobs: Followed<Migration>) {
    jobs.follow(|client, mut job| async move {
        let call = op("get-instance-migration-status")
            .path("MIGRATION_ID", job.id.clone())
            .query("MI_ID", job.node.clone());
        match ask(client, &call, job.account.as_deref()).await {
            Ok(a) => {
                let first = a.items.as_ref().and_then(|i| i.first());
                if let Some(now) =
                    first.and_then(|v| Migration::read(v, Some(&job), job.account.clone()))
                {
                    job = now;
                }
            }
            Err(Unasked::Later(e)) => job.problem = Some(e),
            Err(Unasked::Never(e)) => {
                job.problem = Some(e);
                job.state = "UNKNOWN".into();
            }
        }
        job
    });
}

#[component]
pub fn Import(version: RwSignal<u32>) -> impl IntoView {
    let account = use_account();
    let jobs = followed();
    follow(jobs);
    // The list is read again when an import ends.
    let ended = Memo::new(move |_| jobs.list().iter().filter(|m| m.state == DONE).count());
    Effect::new(move |prev: Option<usize>| {
        let n = ended.get();
        if prev.is_some_and(|p| p != n) {
            version.update(|v| *v += 1);
        }
        n
    });
    let instance = RwSignal::new(String::new());
    let region = RwSignal::new("us-east-1".to_string());
    let name = RwSignal::new(String::new());
    let keep_ip = RwSignal::new(true);
    let terminate = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let start = use_op_write(move |r| {
        if let Ok(a) = r {
            let acc = account.get_untracked();
            if let Some(m) = a
                .items
                .as_ref()
                .and_then(|i| i.first())
                .and_then(|v| Migration::read(v, None, acc))
            {
                jobs.add(m);
            }
        }
    });
    let call = move || {
        op("import-instance-from-aws").body(json!({"migration": {
            "originalInstanceId": instance.get().trim(), "region": region.get().trim(),
            "managedInstanceName": name.get().trim(), "shouldKeepPrivateIp": keep_ip.get(),
            "shouldTerminateInstance": terminate.get()}}))
    };
    let send = move || {
        let mut p = Vec::new();
        if !instance.get_untracked().trim().starts_with("i-") {
            p.push(FieldError::new(
                "body:migration.originalInstanceId",
                "An EC2 instance id, i-…",
            ));
        }
        if region.get_untracked().trim().is_empty() {
            p.push(FieldError::new(
                "body:migration.region",
                "The instance's region.",
            ));
        }
        if p.is_empty() {
            if let Err(e) = start.send(&untrack(call)) {
                p = e;
            }
        }
        problems.set(p);
    };
    let err = move |k: &'static str| {
        Signal::derive(move || problems.with(|p| message_for(p, k).map(str::to_string)))
    };
    let columns = vec![
        Column::text("Instance", |m: &Migration| m.instance.clone()),
        Column::view("Node", move |m: &Migration| {
            let href = node_href(&m.node, m.account.as_deref());
            view! { <a href=href>{m.node.clone()}</a> }
        }),
        Column::view(
            "State",
            |m: &Migration| view! { <StatusBadge status=state_words(&m.state)/> },
        ),
        Column::text("Problem", |m: &Migration| {
            m.problem.clone().unwrap_or_default()
        }),
    ];
    view! {
        <section class="card" id="spot-node-import">
            <h3>"Import an EC2 instance"</h3>
            <p class="muted">"Spot snapshots the instance, then launches it as a stateful node on spot capacity; the import is followed here until it ends."</p>
            <div class="form-row">
                <Field label="Instance id" value=instance id="spot-import-instance" placeholder="i-0abc…" error=err("body:migration.originalInstanceId")/>
                <Field label="Region" value=region id="spot-import-region" error=err("body:migration.region")/>
                <Field label="Node name" value=name id="spot-import-name"/>
            </div>
            <Checkbox label="Keep the private IP" value=keep_ip id="spot-import-keep-ip"/>
            <Checkbox label="Terminate the original instance once imported" value=terminate id="spot-import-terminate"/>
            <ActionButton label="Import" pending=start.pending() id="spot-import-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {super::super::op_call::unsent(problems)}
            {start.view(|_| view! { <p class="notice ok" id="spot-import-started">"Import started."</p> })}
        </section>
        <JobPanel jobs=jobs columns=columns id="spot-node-imports" title="Imports followed from this console"
            empty="Imports you start here are followed until the node is ready."/>
    }
}
