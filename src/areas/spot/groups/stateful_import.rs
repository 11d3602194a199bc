//! Import an EC2 instance with its state (Elastigroup AWS): Spot makes a new stateful
//! Elastigroup from it. The form checks its fields before sending and offers the region's spot
//! instance types; the import is followed ([`super::import_job`]) until it ends, and a followed
//! import can be cancelled or its original instance terminated ([`super::import_actions`]).

use leptos::prelude::*;
use serde_json::json;

use crate::api::field::{message_for, FieldError};
use crate::api::json;
use crate::ui::{
    ActionButton, Checkbox, Column, Field, FollowedJob, JobPanel, SelectField, StatusBadge,
};

use super::super::context::use_account;
use super::super::op_call::{send_noting, unsent, use_op, use_op_write, ExplorerLink};
use super::import_job::{follow, followed, StatefulImport};
use super::op;
use super::page::Ctx;

#[component]
pub(super) fn StatefulImports(ctx: Ctx) -> impl IntoView {
    let jobs = followed();
    follow(jobs);
    let account = use_account();
    // This group's tabs are read again when one of its imports ends.
    let ended = Memo::new(move |_| {
        let id = ctx.id.get();
        jobs.list()
            .iter()
            .filter(|j| j.group == id && !j.pending())
            .count()
    });
    Effect::new(move |prev: Option<usize>| {
        let n = ended.get();
        if prev.is_some_and(|p| p != n) {
            ctx.changed();
        }
        n
    });
    let instance = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let region = RwSignal::new(
        ctx.group
            .get_untracked()
            .map(|g| g.region)
            .unwrap_or_else(|| "us-east-1".into()),
    );
    let kind = RwSignal::new(String::new());
    let keep_ip = RwSignal::new(false);
    let terminate = RwSignal::new(true);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let start = use_op_write(move |r| {
        let was = StatefulImport {
            name: name.get_untracked().trim().into(),
            instance: instance.get_untracked().trim().into(),
            account: account.get_untracked(),
            ..Default::default()
        };
        if let Some(job) = r
            .as_ref()
            .ok()
            .and_then(|a| StatefulImport::from_answer(a, &was))
        {
            jobs.add(job);
        }
    });
    // The region's spot instance types, as a helper for the type the new group uses.
    let types = use_op(move || {
        let r = region.get();
        (!r.trim().is_empty()).then(|| op("instance-type-by-region").query("region", r.trim()))
    });
    let type_options = Signal::derive(move || {
        let mut o = vec![(
            String::new(),
            "— the original instance's type —".to_string(),
        )];
        let listed = types.ready().and_then(|a| a.items).unwrap_or_default();
        o.extend(
            listed
                .iter()
                .filter_map(|t| json::text(&t["instanceType"]))
                .map(|t| (t.clone(), t)),
        );
        o
    });
    let call = move || {
        let mut body = json!({"statefulMigrationGroup": {
            "originalInstanceId": instance.get().trim(), "name": name.get().trim(), "region": region.get().trim(),
            "shouldKeepPrivateIp": keep_ip.get(), "shouldTerminateInstance": terminate.get()}});
        // No type chosen: the key is left out (Spot takes the original instance's).
        if let Some(k) = Some(kind.get()).filter(|k| !k.is_empty()) {
            body["statefulMigrationGroup"]["spotInstanceTypes"] = json!([k]);
        }
        op("import-stateful-instance").body(body)
    };
    let send = move || {
        let mut p = Vec::new();
        let field = |k: &str| format!("body:statefulMigrationGroup.{k}");
        if !instance.get_untracked().trim().starts_with("i-") {
            p.push(FieldError::new(
                field("originalInstanceId"),
                "An EC2 instance id, i-…",
            ));
        }
        if name.get_untracked().trim().is_empty() {
            p.push(FieldError::new(field("name"), "Name the new Elastigroup."));
        }
        if region.get_untracked().trim().is_empty() {
            p.push(FieldError::new(field("region"), "The instance's region."));
        }
        match p.is_empty() {
            true => send_noting(start, &untrack(call), problems),
            false => problems.set(p),
        }
    };
    let err = move |k: &'static str| {
        Signal::derive(move || {
            problems.with(|p| {
                message_for(p, &format!("body:statefulMigrationGroup.{k}")).map(str::to_string)
            })
        })
    };
    let columns = vec![
        Column::text("Instance", |j: &StatefulImport| j.instance.clone()),
        Column::view(
            "New group",
            |j: &StatefulImport| view! { <a href=j.href()><bdi>{j.name.clone()}</bdi></a> },
        ),
        Column::view(
            "State",
            |j: &StatefulImport| view! { <StatusBadge status=j.state_words()/> },
        ),
        Column::text("Spot says", |j: &StatefulImport| {
            j.problem.clone().unwrap_or_else(|| j.words.clone())
        }),
    ];
    view! {
        <section class="card" id="spot-stateful-import">
            <h3>"Import an instance with its state"</h3>
            <p class="muted">"Spot images the EC2 instance and makes a new stateful Elastigroup that runs it on spot capacity, its volumes kept. The import is followed here and in the activity center until it ends."</p>
            <div class="form-row">
                <Field label="Instance id" value=instance id="spot-simport-instance" placeholder="i-0abc…" error=err("originalInstanceId")/>
                <Field label="New group's name" value=name id="spot-simport-name" error=err("name")/>
                <Field label="Region" value=region id="spot-simport-region" error=err("region")/>
                <SelectField label="Spot instance type" value=kind id="spot-simport-type" options=type_options/>
            </div>
            <p class="muted">{move || types.ready().and_then(|a| a.items).map(|t| format!("{} spot instance types in this region. ", t.len()))}
                <ExplorerLink call=Signal::derive(move || op("instance-type-by-region").query("region", region.get()))/></p>
            <Checkbox label="Keep the private IP (the original instance is then terminated during the import: downtime)" value=keep_ip id="spot-simport-keep-ip"/>
            <Checkbox label="Terminate the original instance automatically" value=terminate id="spot-simport-terminate"/>
            <p class="muted" id="spot-simport-explain">{move || match terminate.get() {
                true => "Spot terminates the original instance itself when the image is ready.",
                false => "The import waits for you once the image is ready: terminate the original instance from the list below.",
            }}</p>
            <ActionButton label="Import" pending=start.pending() id="spot-simport-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {unsent(problems)}
            {start.view(|_| view! { <p class="notice ok" id="spot-simport-started">"Import started."</p> })}
        </section>
        <JobPanel jobs=jobs columns=columns id="spot-stateful-imports" title="Stateful imports followed from this console"
            empty="Imports you start here are followed until the new group runs the instance."/>
        <super::import_actions::ImportActions jobs=jobs/>
    }
}
