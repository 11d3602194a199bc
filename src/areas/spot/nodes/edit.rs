//! A node's configuration edited as JSON: "Review changes" shows the diff of what the PUT
//! will change and only the confirmation sends it. Delete spells out each of Spot's options
//! (what is terminated, what is deleted) and asks for the node's name typed.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Checkbox, ConfirmDialog, JsonDiff, TextArea};

use super::super::context::{link, use_account};
use super::super::op_call::{use_op_write, ExplorerLink};
use super::super::org::unsent;
use super::{on_node, Node};

/// Fields Spot sets itself (and this emulator's bookkeeping): not part of an update.
const SET_BY_SPOT: [&str; 6] = [
    "id",
    "createdAt",
    "updatedAt",
    "state",
    "changedMs",
    "generation",
];

fn editable(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(m) = v.as_object_mut() {
        for k in SET_BY_SPOT {
            m.remove(k);
        }
    }
    v
}

/// The delete's options: the body field, and what it means when set.
const DELETE_OPTIONS: [(&str, &str); 5] = [
    (
        "shouldTerminateInstance",
        "Terminate the running instance (otherwise it keeps running, no longer managed by Spot)",
    ),
    ("shouldDeleteVolumes", "Delete the kept volumes"),
    ("shouldDeleteSnapshots", "Delete the volumes' snapshots"),
    ("shouldDeleteImages", "Delete the node's images (AMIs)"),
    (
        "shouldDeleteNetworkInterfaces",
        "Delete the kept network interfaces (the private IP is released)",
    ),
];

#[component]
pub fn Edit(
    id: Signal<String>,
    node: Signal<Option<Node>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(n) = node.get() {
            text.set(serde_json::to_string_pretty(&editable(&n.raw)).unwrap_or_default());
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let confirm = RwSignal::new(false);
    let update = use_op_write(move |r| {
        if r.is_ok() {
            review.set(None);
            version.update(|v| *v += 1);
        }
    });
    let remove = use_op_write(|_| ());
    let confirm_delete = RwSignal::new(false);
    let options: Vec<RwSignal<bool>> = DELETE_OPTIONS
        .iter()
        .map(|_| RwSignal::new(false))
        .collect();
    let options = StoredValue::new(options);
    let do_review = move || {
        let before = node
            .get_untracked()
            .map(|n| editable(&n.raw))
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
        on_node("update-managed-instance", &id.get()).body(json!({ "managedInstance": body }))
    };
    let delete_call = move || {
        let mut config = serde_json::Map::new();
        options.with_value(|o| {
            for (i, (k, _)) in DELETE_OPTIONS.iter().enumerate() {
                if *k != "shouldDeleteImages" {
                    config.insert(k.to_string(), json!(o[i].get()));
                }
            }
        });
        let images = options.with_value(|o| o[3].get());
        on_node("delete-managed-instance", &id.get()).body(json!({
            "deallocationConfig": config, "amiBackup": {"shouldDeleteImages": images}}))
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = remove.done() {
            navigate(
                &link("/spot/stateful-nodes", account.get_untracked().as_deref()),
                Default::default(),
            );
        }
    });
    let boxes = DELETE_OPTIONS
        .iter()
        .enumerate()
        .map(|(i, (k, words))| {
            let value = options.with_value(|o| o[i]);
            view! { <Checkbox label=*words value=value id=format!("spot-node-delete-{k}")/> }
        })
        .collect_view();
    view! {
        <section class="card" id="spot-node-config">
            <h3>"Configuration"</h3>
            <p class="muted">"Edit the node as JSON. Nothing is sent until you have seen what changes and confirmed it."</p>
            <TextArea label="Stateful node (JSON)" value=text id="spot-node-json" rows=14/>
            <button type="button" class="btn" id="spot-node-review" on:click=move |_| do_review()>"Review changes"</button>
            " " <ExplorerLink call=Signal::derive(update_call)/>
            {unsent(problems)}
            {move || review.get().map(|(before, after)| {
                let same = before == after;
                view! {
                    <div id="spot-node-diff">
                        <JsonDiff before=before after=after/>
                        {if same {
                            view! { <p class="muted">"Nothing to send: the configuration is unchanged."</p> }.into_any()
                        } else {
                            view! { <ActionButton label="Send update…" pending=update.pending() id="spot-node-send"
                                on_click=Callback::new(move |_| confirm.set(true))/> }.into_any()
                        }}
                    </div>
                }
            })}
            <ConfirmDialog open=confirm title="Update this stateful node?" confirm_label="Send update"
                on_confirm=Callback::new(move |_| problems.set(update.send(&untrack(update_call)).err().unwrap_or_default()))>
                <p>"Spot applies the changes shown in the diff now; launch settings reach the instance at its next recycle."</p>
            </ConfirmDialog>
            {update.view(|_| view! { <p class="notice ok" id="spot-node-updated">"Spot updated the node."</p> })}
        </section>
        <section class="card" id="spot-node-delete">
            <h3>"Delete the stateful node"</h3>
            <p class="muted">"Spot stops managing the node. Choose what goes with it; anything not chosen is kept in your AWS account (and billed there)."</p>
            {boxes}
            <ActionButton label="Delete node…" danger=true pending=remove.pending() id="spot-node-delete-open"
                on_click=Callback::new(move |_| confirm_delete.set(true))/>
            " " <ExplorerLink call=Signal::derive(delete_call)/>
            <ConfirmDialog open=confirm_delete title="Delete this stateful node?" confirm_label="Delete node" danger=true
                typed=Signal::derive(move || node.get().map(|n| n.name).unwrap_or_default())
                on_confirm=Callback::new(move |_| problems.set(remove.send(&untrack(delete_call)).err().unwrap_or_default()))>
                <p>{move || {
                    let chosen: Vec<&str> = options.with_value(|o| DELETE_OPTIONS.iter().enumerate().filter(|(i, _)| o[*i].get()).map(|(_, (_, w))| *w).collect());
                    if chosen.is_empty() { "Nothing else is deleted: the instance, volumes, snapshots, images and interfaces stay in AWS.".to_string() }
                    else { format!("Also: {}.", chosen.join("; ")) }
                }}</p>
                <p>"Type the node's name to delete it. This cannot be undone."</p>
            </ConfirmDialog>
            {remove.view(|_| view! { <p class="notice ok">"Deleted."</p> })}
        </section>
    }
}
