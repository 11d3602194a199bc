//! A group's configuration: its JSON (what Spot answers, less the fields Spot sets itself),
//! edited as JSON; "Review changes" shows the diff of what the PUT will change, and only the
//! confirmation sends it. Deleting the group asks for its name typed.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, ConfirmDialog, JsonDiff, TextArea};

use super::super::context::{link, use_account};
use super::super::op_call::ExplorerLink;
use super::page::{problems_view, send, Ctx};

/// Fields Spot sets itself: not part of what an update sends.
const SET_BY_SPOT: [&str; 3] = ["id", "createdAt", "updatedAt"];

/// The group as an update would send it.
fn editable(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(m) = v.as_object_mut() {
        for k in SET_BY_SPOT {
            m.remove(k);
        }
    }
    v
}

#[component]
pub fn Configuration(ctx: Ctx) -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    // The editor starts from the group as loaded (and again after an update reloads it).
    Effect::new(move |_| {
        if let Some(g) = ctx.group.get() {
            text.set(serde_json::to_string_pretty(&editable(&g.raw)).unwrap_or_default());
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let confirm = RwSignal::new(false);
    let update = ctx.write();
    let remove = ctx.write();
    let confirm_delete = RwSignal::new(false);
    let do_review = move || {
        let before = ctx
            .group
            .get_untracked()
            .map(|g| editable(&g.raw))
            .unwrap_or_default();
        match serde_json::from_str::<Value>(&text.get_untracked()) {
            Ok(after) if after.is_object() => {
                problems.set(Vec::new());
                update.clear();
                review.set(Some((before, after)));
            }
            Ok(_) => problems.set(vec![FieldError::new(
                "body",
                "The configuration must be a JSON object.",
            )]),
            Err(e) => problems.set(vec![FieldError::new(
                "body",
                format!("This is not JSON: {e}"),
            )]),
        }
    };
    let update_call = move || {
        let body = review.get().map(|(_, after)| after).unwrap_or_default();
        let mut wrapped = json!({});
        wrapped[ctx.provider.wrapper()] = body;
        ctx.op("update-elastigroup").body(wrapped)
    };
    let delete_call = move || ctx.op("delete-elastigroup").body(json!({}));
    Effect::new(move |_| {
        if let Some(Ok(_)) = remove.done() {
            navigate(
                &link("/spot/elastigroups", account.get_untracked().as_deref()),
                Default::default(),
            );
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = update.done() {
            review.set(None);
        }
    });
    view! {
        <section class="card" id="spot-config">
            <h3>"Configuration"</h3>
            <p class="muted">"Edit the group as JSON. Nothing is sent until you have seen what changes and confirmed it."</p>
            <TextArea label="Group (JSON)" value=text id="spot-config-json" rows=18/>
            <button type="button" class="btn" id="spot-config-review" on:click=move |_| do_review()>"Review changes"</button>
            " " <ExplorerLink call=Signal::derive(update_call)/>
            {problems_view(problems)}
            {move || review.get().map(|(before, after)| {
                let same = before == after;
                view! {
                    <div id="spot-config-diff">
                        <JsonDiff before=before after=after/>
                        {if same {
                            view! { <p class="muted">"Nothing to send: the configuration is unchanged."</p> }.into_any()
                        } else {
                            view! { <ActionButton label="Send update…" pending=update.pending() id="spot-config-send"
                                on_click=Callback::new(move |_| confirm.set(true))/> }.into_any()
                        }}
                    </div>
                }
            })}
            <ConfirmDialog open=confirm title="Update this group?" confirm_label="Send update"
                on_confirm=Callback::new(move |_| send(update, untrack(update_call), problems))>
                <p>"Spot applies the changes shown in the diff to the group now. Some of them (the launch specification) only reach new instances: a deployment rolls them out to the running ones."</p>
            </ConfirmDialog>
            {update.view(|_| view! { <p class="notice ok" id="spot-config-done">"Spot updated the group."</p> })}
        </section>
        {ctx.has("ami-backup").then(|| view! { <AmiBackup ctx=ctx/> })}
        <section class="card" id="spot-group-delete">
            <h3>"Delete the group"</h3>
            <p class="muted">"Its instances are terminated with it."</p>
            <ActionButton label="Delete group…" danger=true pending=remove.pending() id="spot-group-delete-open"
                on_click=Callback::new(move |_| confirm_delete.set(true))/>
            " " <ExplorerLink call=Signal::derive(delete_call)/>
            <ConfirmDialog open=confirm_delete title="Delete this Elastigroup?" confirm_label="Delete group" danger=true
                typed=Signal::derive(move || ctx.group.get().map(|g| g.name).unwrap_or_default())
                on_confirm=Callback::new(move |_| send(remove, untrack(delete_call), problems))>
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
                on_click=Callback::new(move |_| send(w, untrack(call), problems))/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-ami-backup-done">"Spot accepted the backup."</p> })}
        </section>
    }
}
