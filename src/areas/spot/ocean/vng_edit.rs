//! Node groups made, changed and removed: a new group through the schema form (or imported
//! from an Auto Scaling group or an EKS node group where the provider has them), the chosen
//! group edited as JSON with the diff before the PUT, and deleted with its name typed.

use leptos::prelude::*;
use serde_json::json;

use crate::api::spot::envelope::Answer;
use crate::ui::Loaded;

use super::super::json_edit::JsonEdit;
use super::cluster::Page;
use super::create::{CreateForm, Way};
use super::edit::DeleteTyped;
use super::{items, ocean_op, op_call, pick, ready, Op, Provider};

/// The ways a provider makes a node group.
fn ways(p: Provider) -> Vec<Way> {
    let mut w = vec![("Through the form", p.op(Op::CreateGroup), false)];
    if p == Provider::Aws {
        w.push((
            "Import an Auto Scaling group",
            "ocean-aws/import-asg-to-ocean-virtual-node-group",
            true,
        ));
        w.push((
            "Import an EKS node group",
            "ocean-aws/import-eks-cluster-node-group-to-ocean-virtual-node-group",
            true,
        ));
    }
    w
}

#[component]
pub fn GroupActions(
    page: Page,
    chosen: RwSignal<String>,
    groups: Loaded<Answer>,
    nodes: Loaded<Answer>,
) -> impl IntoView {
    let p = page.provider;
    let group = crate::ui::use_call(move || {
        let g = chosen.get();
        if g.is_empty() {
            return None;
        }
        op_call(
            &*ready(page.cat)?,
            p.op(Op::GetGroup),
            &[&g],
            &[],
            page.account.get().as_deref(),
        )
    });
    let current = Signal::derive(move || {
        group.ready().and_then(|a| {
            let v = items(&a).into_iter().next()?;
            Some(v.get(p.wrapper(true)).cloned().unwrap_or(v))
        })
    });
    let call = move |op: Op| {
        let g = chosen.get();
        ready(page.cat)
            .map(|c| ocean_op(&c, p.op(op), &[&g], &[]))
            .unwrap_or_else(|| super::super::op_call::OpCall::new(p.op(op)))
    };
    let reload = move || {
        groups.refetch();
        nodes.refetch();
    };
    let wrapper = p.wrapper(true);
    view! {
        <section class="card" id="ocean-vng-new">
            <h3>"New virtual node group"</h3>
            <CreateForm cat=page.cat ways=ways(p) id="ocean-vng-create" send_label="Create node group"
                preset=Signal::derive(move || vec![("oceanId".to_string(), page.id.get())])
                body_preset=Signal::derive(move || json!({ wrapper: {"oceanId": page.id.get()} }))
                then=Callback::new(move |_| reload())/>
        </section>
        <Show when=move || !chosen.get().is_empty()>
            <JsonEdit current=current wrapper=wrapper what="node group" id="ocean-vng-edit"
                update=Callback::new(move |body| call(Op::UpdateGroup).body(body))
                note="Spot applies the changes shown in the diff now; some reach only the nodes launched from now on (a roll replaces the running ones)."
                then=Callback::new(move |_| { group.refetch(); groups.refetch(); })/>
            <DeleteTyped what="node group" id="ocean-vng-delete" nodes_param=p.delete_nodes_param()
                name=Signal::derive(move || current.get().and_then(|v| pick(&v, &["name"])).unwrap_or_default())
                call=Signal::derive(move || call(Op::DeleteGroup))
                consequence="Spot's document has no switch for its nodes here: they keep running until Ocean scales them down."
                then=Callback::new(move |_| { chosen.set(String::new()); reload(); })/>
        </Show>
    }
}
