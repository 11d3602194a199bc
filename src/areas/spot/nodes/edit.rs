//! A node's configuration edited through the Spot pages' one JSON editor
//! ([`super::super::json_edit::JsonEdit`]: the diff of what the PUT will change, sent only after
//! confirming). Delete spells out each of Spot's options
//! (what is terminated, what is deleted) and asks for the node's name typed.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Checkbox, ConfirmDialog};

use super::super::context::{link, use_account};
use super::super::json_edit::JsonEdit;
use super::super::op_call::unsent;
use super::super::op_call::{use_op_write, ExplorerLink};
use super::{on_node, Node};

/// Fields of a node's answer that describe its state rather than configure it: not part of an
/// update (the editor leaves out the id and times itself).
const STATE_FIELDS: [&str; 3] = ["state", "changedMs", "generation"];

/// The node as the editor starts from it.
fn editable(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(m) = v.as_object_mut() {
        for k in STATE_FIELDS {
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
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let remove = use_op_write(|_| ());
    let confirm_delete = RwSignal::new(false);
    let options: Vec<RwSignal<bool>> = DELETE_OPTIONS
        .iter()
        .map(|_| RwSignal::new(false))
        .collect();
    let options = StoredValue::new(options);
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
        <JsonEdit current=Signal::derive(move || node.get().map(|n| editable(&n.raw)))
            wrapper="managedInstance" what="stateful node" id="spot-node-config"
            update=Callback::new(move |body| on_node("update-managed-instance", &id.get()).body(body))
            note="Spot applies the changes shown in the diff now; launch settings reach the instance at its next recycle."
            then=Callback::new(move |_| version.update(|v| *v += 1))/>
        <section class="card" id="spot-node-delete">
            <h3>"Delete the stateful node"</h3>
            <p class="muted">"Spot stops managing the node. Choose what goes with it; anything not chosen is kept in your AWS account (and billed there)."</p>
            {boxes}
            <ActionButton label="Delete node…" danger=true pending=remove.pending() id="spot-node-delete-open"
                on_click=Callback::new(move |_| confirm_delete.set(true))/>
            " " <ExplorerLink call=Signal::derive(delete_call)/>
            {unsent(problems)}
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
