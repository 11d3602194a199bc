//! A group's configuration: its JSON edited through the Spot pages' one editor
//! ([`super::super::json_edit::JsonEdit`]: the diff of what the PUT will change, sent only after
//! confirming), an AMI backup, and the delete, which asks for the group's name typed.

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use leptos_router::hooks::use_navigate;
use serde_json::json;

use crate::ui::{ActionButton, ConfirmDialog};

use super::super::context::{link, use_account};
use super::super::json_edit::JsonEdit;
use super::super::op_call::ExplorerLink;
use super::page::Ctx;

#[component]
pub fn Configuration(ctx: Ctx) -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let problems = RwSignal::new(Vec::new());
    let remove = ctx.write();
    let confirm_delete = RwSignal::new(false);
    let delete_call = move || ctx.op("delete-elastigroup").body(json!({}));
    Effect::new(move |_| {
        if let Some(Ok(_)) = remove.done() {
            navigate(
                &link("/spot/elastigroups", account.get_untracked().as_deref()),
                Default::default(),
            );
        }
    });
    view! {
        // The editor starts from the group as loaded (and again after an update reloads it).
        <JsonEdit current=Signal::derive(move || ctx.group.get().map(|g| g.raw))
            wrapper=ctx.provider.wrapper() what="group" id="spot-config"
            update=Callback::new(move |body| ctx.op("update-elastigroup").body(body))
            note="Spot applies the changes shown in the diff to the group now. Some of them (the launch specification) only reach new instances: a deployment rolls them out to the running ones."
            then=Callback::new(move |_| ctx.changed())/>
        {ctx.has("ami-backup").then(|| view! { <AmiBackup ctx=ctx/> })}
        <section class="card" id="spot-group-delete">
            <h3>"Delete the group"</h3>
            <p class="muted">"Its instances are terminated with it."</p>
            <ActionButton label="Delete group…" danger=true pending=remove.pending() id="spot-group-delete-open"
                on_click=Callback::new(move |_| confirm_delete.set(true))/>
            " " <ExplorerLink call=Signal::derive(delete_call)/>
            {problems_view(problems)}
            <ConfirmDialog open=confirm_delete title="Delete this Elastigroup?" confirm_label="Delete group" danger=true
                typed=Signal::derive(move || ctx.group.get().map(|g| g.name).unwrap_or_default())
                on_confirm=Callback::new(move |_| send_noting(remove, &untrack(delete_call), problems))>
                <p>"Type the group's name to delete it and terminate its instances. This cannot be undone."</p>
            </ConfirmDialog>
            {remove.view(|_| view! { <p class="notice ok">"Deleted."</p> })}
        </section>
    }
}

/// An AMI of the group's instances, made now.
#[component]
fn AmiBackup(ctx: Ctx) -> impl IntoView {
    let w = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let call = move || ctx.op("ami-backup");
    view! {
        <section class="card" id="spot-ami-backup">
            <h3>"AMI backup"</h3>
            <p class="muted">"Spot makes an image of the group's instances now (as its scheduled backups do)."</p>
            <ActionButton label="Back up now" pending=w.pending() id="spot-ami-backup-go"
                on_click=Callback::new(move |_| send_noting(w, &untrack(call), problems))/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-ami-backup-done">"Spot accepted the backup."</p> })}
        </section>
    }
}
