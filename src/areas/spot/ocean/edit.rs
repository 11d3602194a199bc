//! Changing what exists: a cluster or node group edited as JSON (through the Spot pages' one
//! editor, [`super::super::json_edit::JsonEdit`]); deleting asks for the name typed (and, for a
//! node group, says whether its nodes go with it).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Checkbox, ConfirmDialog};

use super::super::context::link;
use super::super::json_edit::JsonEdit;
use super::super::op_call::{problems_view, send_noting, use_op_write, ExplorerLink, OpCall};
use super::cluster::Page;
use super::{ocean_op, pick, ready, Op};

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
                    note="Spot applies the changes shown in the diff now; some reach only the nodes launched from now on (a roll replaces the running ones)."
                    then=Callback::new(move |_| {})/>
            }.into_any(),
        }}
        <DeleteTyped name=name call=Signal::derive(move || call(Op::Delete)) what="cluster" id="ocean-cluster-delete" nodes_param=None
            consequence="Ocean stops managing its nodes; the Kubernetes cluster itself is not deleted."
            then=gone/>
    }
}
