//! One kind of Ocean CD entity as a list (filter, sort and page in the address), each row
//! linking its page, and the create form generated from the operation's schema.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::field::FieldError;
use crate::ui::{Column, DataTable};

use super::super::catalog::load;
use super::super::context::use_account;
use super::super::form::{Body, BodyEditor};
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::{field, items, Act, Kind};

/// A row: the entity's name (when it read) and the item as Spot sent it.
#[derive(Clone)]
struct Row {
    name: String,
    raw: serde_json::Value,
}

#[component]
pub fn Entities(kind: Kind) -> impl IntoView {
    let account = use_account();
    let list_op = OpCall::new(kind.op(Act::List).unwrap_or_default());
    let list = {
        let op = list_op.clone();
        use_op(move || Some(op.clone()))
    };
    let mut columns = vec![Column::view("Name", move |r: &Row| {
        let href = kind.href(&r.name, account.get_untracked().as_deref());
        let name = r.name.clone();
        view! { <a href=href><bdi>{name}</bdi></a> }
    })];
    columns.extend(kind.columns().iter().map(|(label, at)| {
        let at = *at;
        Column::text(*label, move |r: &Row| field(&r.raw, at))
    }));
    columns.push(Column::text("Updated", |r: &Row| {
        field(&r.raw, "updatedAt")
    }));
    let id = format!("cd-{}", kind.key());
    view! {
        <section class="card">
            <h3>{format!("Ocean CD {}s", kind.one())}</h3>
            {list.view(move |a| {
                // An entity whose name did not read cannot be opened or acted on: not listed.
                let rows: Vec<Row> = items(&a)
                    .into_iter()
                    .filter_map(|raw| Some(Row { name: kind.name_of(&raw)?, raw }))
                    .collect();
                view! { <DataTable rows=rows columns=columns.clone() id=id.clone() in_url=true
                    empty=format!("No {} yet.", kind.one())
                    row_key=Arc::new(|r: &Row| r.name.clone())/> }
            })}
            <p class="muted"><ExplorerLink call=list_op/></p>
        </section>
        {kind.op(Act::Create).map(|slug| view! { <Create kind=kind slug=slug then=Callback::new(move |_| list.refetch())/> })}
        {(kind == Kind::Cluster).then(|| view! {
            <p class="muted">"Ocean CD's operator registers its clusters: the document has no operation to create one."</p>
        })}
    }
}

/// The create form: the operation's body as a form (or JSON), sent as it is.
#[component]
fn Create(kind: Kind, slug: &'static str, then: Callback<()>) -> impl IntoView {
    let cat = LocalResource::new(load);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(move |r| {
        if r.is_ok() {
            then.run(());
        }
    });
    let body = RwSignal::new(None::<Body>);
    let send = move || {
        let Some(b) = body.get_untracked() else {
            return;
        };
        match b.read() {
            Ok(v) => {
                let mut call = OpCall::new(slug);
                if let Some(v) = v {
                    call = call.body(v);
                }
                errors.set(create.send(&call).err().unwrap_or_default());
            }
            Err(e) => errors.set(vec![FieldError::new("body", e)]),
        }
    };
    view! {
        <details class="card" id="cd-create">
            <summary>{format!("Create a {}", kind.one())}</summary>
            {move || cat.get().and_then(Result::ok).map(|c| {
                let op = c.op(slug)?.clone();
                let schema = op.body.clone()?;
                let b = Body::start(&c, &schema, &serde_json::Value::Null);
                body.set(Some(b));
                Some(view! {
                    <BodyEditor cat=c.clone() schema=schema required=op.body_required body=b errors=errors/>
                })
            })}
            {unsent(errors)}
            <button type="button" class="btn primary" id="cd-create-send" disabled=move || create.pending().get()
                on:click=move |_| send()>{format!("Create {}", kind.one())}</button>
            " " <ExplorerLink call=OpCall::new(slug)/>
            {create.view(move |_| view! { <p class="notice ok" id="cd-created">{format!("Spot created the {}.", kind.one())}</p> })}
        </details>
    }
}
