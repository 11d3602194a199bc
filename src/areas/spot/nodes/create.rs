//! Create a stateful node: `create-managed-instance`'s body as the schema form (or JSON), its
//! problems shown beside the fields before anything is sent (and Spot's own, on the same
//! fields, after), then the new node's page opens.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::json;

use crate::api::field::FieldError;
use crate::api::json;
use crate::ui::ActionButton;

use super::super::catalog::load;
use super::super::context::use_account;
use super::super::form::{Body, BodyEditor};
use super::super::op_call::{unsent, use_op_write, ExplorerLink};
use super::{node_href, op, Node};

/// The operation this form sends.
const CREATE: &str = "create-managed-instance";

#[component]
pub fn CreateNode() -> impl IntoView {
    let cat = LocalResource::new(load);
    let account = use_account();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(move |r| {
        let made = r
            .as_ref()
            .ok()
            .and_then(|a| a.items.as_ref()?.iter().find_map(Node::read));
        if let Some(node) = made {
            navigate(
                &node_href(&node.id, account.get_untracked().as_deref()),
                Default::default(),
            );
        }
    });
    let body = RwSignal::new(None::<Body>);
    let send = move || {
        let Some(b) = body.get_untracked() else {
            return;
        };
        match b.read() {
            Ok(v) => {
                let v = v.unwrap_or_default();
                // Present is not enough: Spot needs a name and a region it can read.
                let blank: Vec<FieldError> =
                    [("name", "Name the node."), ("region", "The node's region.")]
                        .into_iter()
                        .filter(|(k, _)| {
                            json::text(&v["managedInstance"][*k])
                                .is_none_or(|t| t.trim().is_empty())
                        })
                        .map(|(k, m)| FieldError::new(format!("body:managedInstance.{k}"), m))
                        .collect();
                if !blank.is_empty() {
                    return errors.set(blank);
                }
                errors.set(create.send(&op(CREATE).body(v)).err().unwrap_or_default());
            }
            Err(e) => errors.set(vec![FieldError::new("body", e)]),
        }
    };
    view! {
        <details class="card" id="spot-node-create">
            <summary>"Create a stateful node"</summary>
            <p class="muted">"A single instance Spot keeps on spot capacity with its volumes and IP. Name and region are required; the compute part, once given, needs its product, VPC and subnets."</p>
            {move || cat.get().and_then(Result::ok).map(|c| {
                let o = c.op(&format!("stateful-node-aws/{CREATE}"))?.clone();
                let schema = o.body.clone()?;
                let start = json!({"view": "form", "body": {"managedInstance": {"name": "", "region": "us-east-1"}}});
                let b = Body::start(&c, &schema, &start);
                body.set(Some(b));
                Some(view! { <BodyEditor cat=c.clone() schema=schema required=o.body_required body=b errors=errors/> })
            })}
            {unsent(errors)}
            <ActionButton label="Create node" pending=create.pending() id="spot-node-create-send"
                on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=op(CREATE)/>
            {create.view(|_| view! { <p class="notice ok" id="spot-node-created">"Spot created the node; opening it…"</p> })}
        </details>
    }
}
