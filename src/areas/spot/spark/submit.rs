//! Submitting a Spark application: the cluster, and the body through the form generated from
//! the operation's schema (Spot's largest body, about 500 fields: it opens as JSON, and in the
//! Form view its parts are collapsed sections whose fields render only when opened, so typing
//! stays quick). Once Spot has it, its page opens (state, live log).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::field::FieldError;
use crate::ui::SelectField;

use super::super::catalog::load;
use super::super::context::use_account;
use super::super::form::{Body, BodyEditor};
use super::super::op_call::unsent;
use super::super::op_call::{use_op_write, ExplorerLink, OpCall};
use super::{app_href, items, text, use_clusters};

const SUBMIT: &str = "ocean-spark/submit-an-application";

#[component]
pub fn Submit() -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let clusters = use_clusters();
    let cluster = RwSignal::new(String::new());
    Effect::new(move |_| {
        if cluster.get_untracked().is_empty() {
            if let Some((id, _)) = clusters.get().first() {
                cluster.set(id.clone());
            }
        }
    });
    let cat = LocalResource::new(load);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let body = RwSignal::new(None::<Body>);
    let submit = use_op_write(|_| ());
    Effect::new(move |_| {
        if let Some(Ok(a)) = submit.done() {
            if let Some(v) = items(&a).first() {
                let (c, id) = (text(v, "clusterId"), text(v, "id"));
                if !id.is_empty() {
                    let c = if c.is_empty() {
                        cluster.get_untracked()
                    } else {
                        c
                    };
                    navigate(
                        &app_href(&c, &id, account.get_untracked().as_deref()),
                        Default::default(),
                    );
                }
            }
        }
    });
    let call = move || OpCall::new(SUBMIT).path("clusterId", cluster.get());
    let send = move || {
        let Some(b) = body.get_untracked() else {
            return;
        };
        match b.read() {
            Ok(v) => {
                let mut c = untrack(call);
                if let Some(v) = v {
                    c = c.body(v);
                }
                errors.set(submit.send(&c).err().unwrap_or_default());
            }
            Err(e) => errors.set(vec![FieldError::new("body", e)]),
        }
    };
    view! {
        <section class="card" id="spark-submit">
            <h3>"Submit an application"</h3>
            <SelectField label="Cluster" value=cluster options=clusters id="spark-submit-cluster"/>
            {move || cat.get().and_then(Result::ok).map(|c| {
                let op = c.op(SUBMIT)?.clone();
                let schema = op.body.clone()?;
                let b = Body::start(&c, &schema, &serde_json::Value::Null);
                body.set(Some(b));
                Some(view! { <BodyEditor cat=c.clone() schema=schema required=op.body_required body=b errors=errors/> })
            })}
            {unsent(errors)}
            <button type="button" class="btn primary" id="spark-submit-send"
                disabled=move || submit.pending().get() || cluster.get().is_empty()
                on:click=move |_| send()>"Submit"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            {submit.view(|_| view! { <p class="notice ok">"Spot accepted the application."</p> })}
        </section>
    }
}
