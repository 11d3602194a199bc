//! Changing what exists: a cluster or node group edited as JSON, "Review changes" shows the
//! diff of what the PUT will send and only the confirmation sends it; deleting asks for the
//! name typed (and, for a node group, says whether its nodes go with it).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Checkbox, ConfirmDialog, JsonDiff, TextArea};

use super::super::context::link;
use super::super::op_call::{problems_view, send_noting, use_op_write, ExplorerLink, OpCall};
use super::cluster::Page;
use super::{ocean_op, pick, ready, Op};

/// Fields Spot sets itself: not part of what an update sends.
const SET_BY_SPOT: [&str; 3] = ["id", "createdAt", "updatedAt"];

/// The document as an update would send it (inside its wrapper key).
pub fn editable(raw: &Value) -> Value {
    let mut v = raw.clone();
    if let Some(m) = v.as_object_mut() {
        for k in SET_BY_SPOT {
            m.remove(k);
        }
    }
    v
}

/// What the editor's text reads as: an object, or why not.
pub fn read_object(text: &str) -> Result<Value, FieldError> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(FieldError::new(
            "body",
            "The document must be a JSON object.",
        )),
        Err(e) => Err(FieldError::new("body", format!("This is not JSON: {e}"))),
    }
}

/// A document edited as JSON; the PUT is `update(body)` with the body in `wrapper`.
#[component]
pub fn JsonEdit(
    /// The document as it is, once loaded.
    current: Signal<Option<Value>>,
    update: Callback<Value, OpCall>,
    wrapper: &'static str,
    /// "node group", "cluster".
    what: &'static str,
    /// The element ids' prefix.
    id: &'static str,
    /// Runs after Spot accepted the update.
    then: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(v) = current.get() {
            text.set(serde_json::to_string_pretty(&editable(&v)).unwrap_or_default());
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let confirm = RwSignal::new(false);
    let write = use_op_write(move |r| {
        if r.is_ok() {
            review.set(None);
            then.run(());
        }
    });
    let do_review = move || {
        let before = current.get_untracked().map(|v| editable(&v));
        match (before, read_object(&text.get_untracked())) {
            (Some(before), Ok(after)) => {
                problems.set(Vec::new());
                write.clear();
                review.set(Some((before, after)));
            }
            (None, _) => problems.set(vec![FieldError::new("body", "It has not loaded yet.")]),
            (_, Err(e)) => problems.set(vec![e]),
        }
    };
    let call = move || {
        let body = review.get().map(|(_, after)| after).unwrap_or_default();
        update.run(json!({ wrapper: body }))
    };
    view! {
        <section class="card" id=id>
            <h3>{format!("Edit the {what} as JSON")}</h3>
            <p class="muted">"Nothing is sent until you have seen what changes and confirmed it."</p>
            <TextArea label="Document (JSON)" value=text id=format!("{id}-json") rows=16/>
            <button type="button" class="btn" id=format!("{id}-review") on:click=move |_| do_review()>"Review changes"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            {problems_view(problems)}
            {move || review.get().map(|(before, after)| {
                let same = before == after;
                view! {
                    <div id=format!("{id}-diff")>
                        <JsonDiff before=before after=after/>
                        {if same {
                            view! { <p class="muted">"Nothing to send: it is unchanged."</p> }.into_any()
                        } else {
                            view! { <ActionButton label="Send update…" pending=write.pending() id=format!("{id}-send")
                                on_click=Callback::new(move |_| confirm.set(true))/> }.into_any()
                        }}
                    </div>
                }
            })}
            <ConfirmDialog open=confirm title=format!("Update this {what}?") confirm_label="Send update"
                on_confirm=Callback::new(move |_| send_noting(write, &untrack(call), problems))>
                <p>"Spot applies the changes shown in the diff now; some reach only the nodes launched from now on (a roll replaces the running ones)."</p>
            </ConfirmDialog>
            {write.view(move |_| view! { <p class="notice ok" id=format!("{id}-done")>{format!("Spot updated the {what}.")}</p> })}
        </section>
    }
}

/// Delete, with the name typed; `nodes_param` (when the operation has one) deletes the nodes too.
#[component]
pub fn DeleteTyped(
    name: Signal<String>,
    /// The delete call, without the nodes parameter.
    call: Signal<OpCall>,
    what: &'static str,
    id: &'static str,
    nodes_param: Option<&'static str>,
    /// What goes with it, said before the confirmation.
    consequence: &'static str,
    then: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let with_nodes = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let write = use_op_write(move |r| {
        if r.is_ok() {
            then.run(());
        }
    });
    let full = move || {
        let c = call.get();
        match nodes_param {
            Some(k) if with_nodes.get() => c.query(k, "true"),
            _ => c,
        }
    };
    let nodes_words = move || match (nodes_param, with_nodes.get()) {
        (None, _) => consequence.to_string(),
        (Some(_), true) => "Its nodes are deleted with it.".to_string(),
        (Some(_), false) => {
            "Its nodes are not deleted: they keep running until Ocean scales them down.".to_string()
        }
    };
    view! {
        <section class="card" id=id>
            <h3>{format!("Delete the {what}")}</h3>
            {nodes_param.map(|k| view! {
                <Checkbox label=format!("Delete its nodes too ({k}=true)") value=with_nodes id=format!("{id}-nodes")/>
            })}
            <p class="muted">{nodes_words}</p>
            <ActionButton label=format!("Delete {what}…") danger=true pending=write.pending() id=format!("{id}-open")
                on_click=Callback::new(move |_| open.set(true))/>
            " " <ExplorerLink call=Signal::derive(full)/>
            {problems_view(problems)}
            <ConfirmDialog open=open title=format!("Delete this {what}?") confirm_label=format!("Delete {what}") danger=true
                typed=name on_confirm=Callback::new(move |_| send_noting(write, &untrack(full), problems))>
                <p>{format!("Type the {what}'s name to delete it. ")} {nodes_words} " This cannot be undone."</p>
            </ConfirmDialog>
            {write.view(|_| view! { <p class="notice ok">"Deleted."</p> })}
        </section>
    }
}

/// The cluster's Configuration tab: update with the diff, delete typed.
#[component]
pub fn ClusterConfig(page: Page, cluster: Signal<Option<Value>>) -> impl IntoView {
    let p = page.provider;
    let navigate = use_navigate();
    let call = move |op: Op| {
        let id = page.id.get();
        ready(page.cat)
            .map(|c| ocean_op(&c, p.op(op), &[&id], &[]))
            .unwrap_or_else(|| OpCall::new(p.op(op)))
    };
    let name = Signal::derive(move || {
        cluster
            .get()
            .and_then(|v| pick(&v, &["name", "cluster.name"]))
            .unwrap_or_default()
    });
    let gone = Callback::new(move |_| {
        navigate(
            &link("/spot/ocean", page.account.get_untracked().as_deref()),
            Default::default(),
        )
    });
    view! {
        {match p.lacks(Op::Update) {
            Some(why) => view! { <p class="notice">{why}</p> }.into_any(),
            None => view! {
                <JsonEdit current=cluster wrapper=p.wrapper(false) what="cluster" id="ocean-cluster-edit"
                    update=Callback::new(move |body| call(Op::Update).body(body))
                    then=Callback::new(move |_| {})/>
            }.into_any(),
        }}
        <DeleteTyped name=name call=Signal::derive(move || call(Op::Delete)) what="cluster" id="ocean-cluster-delete" nodes_param=None
            consequence="Ocean stops managing its nodes; the Kubernetes cluster itself is not deleted."
            then=gone/>
    }
}
