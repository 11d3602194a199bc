//! Ocean Spark's config templates: listed across clusters, created in a cluster through the
//! body form, edited as JSON with the diff before a PUT (the whole template) or a PATCH (the
//! changed fields), deleted with the id typed.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{
    changed_fields, ActionButton, Column, ConfirmDialog, DataTable, JsonDiff, SelectField, TextArea,
};

use super::super::catalog::load;
use super::super::form::{Body, BodyEditor};
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall, OpWrite};
use super::lists::{rows, Row};
use super::{text, use_clusters};

/// A template's editable part: what its PUT takes.
fn editable(raw: &Value) -> Value {
    json!({"displayName": raw["displayName"], "config": raw["config"]})
}

#[component]
pub fn Templates() -> impl IntoView {
    let list_op = OpCall::new("ocean-spark/list-config-templates");
    let list = {
        let op = list_op.clone();
        use_op(move || Some(op.clone()))
    };
    let editing = RwSignal::new(None::<Row>);
    let deleting = RwSignal::new(None::<Row>);
    let open_delete = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let write = use_op_write(move |r| {
        if r.is_ok() {
            list.refetch();
        }
    });
    let op_on = move |slug: &str, r: &Row| {
        OpCall::new(slug)
            .path("clusterId", text(&r.raw, "clusterId"))
            .path("configTemplateId", r.id.clone())
    };
    let delete_call = move || {
        deleting
            .get()
            .map(|r| op_on("ocean-spark/delete-config-template", &r))
    };
    let columns = vec![
        Column::view("Template", |r: &Row| view! { <code>{r.id.clone()}</code> }),
        Column::text("Name", |r: &Row| text(&r.raw, "displayName")),
        Column::text("Cluster", |r: &Row| text(&r.raw, "clusterId")),
        Column::text("Type", |r: &Row| text(&r.raw, "config.type")),
        Column::text("Updated", |r: &Row| text(&r.raw, "updatedAt")),
        Column::view("", move |r: &Row| {
            let (e, d) = (r.clone(), r.clone());
            view! {
                <button type="button" class="btn small" on:click=move |_| { write.clear(); editing.set(Some(e.clone())) }>"Edit…"</button>
                " "
                <button type="button" class="btn small danger" on:click=move |_| { deleting.set(Some(d.clone())); open_delete.set(true) }>"Delete…"</button>
            }
        }),
    ];
    view! {
        <section class="card">
            <h3>"Config templates"</h3>
            {list.view(move |a| view! { <DataTable rows=rows(&a) columns=columns.clone() id="spark-templates" in_url=true
                empty="No config template yet." row_key=Arc::new(|r: &Row| r.id.clone())/> })}
            <p class="muted"><ExplorerLink call=list_op/></p>
        </section>
        {move || editing.get().map(|r| view! { <EditTemplate row=r write=write problems=problems/> })}
        {unsent(problems)}
        <ConfirmDialog open=open_delete title="Delete this config template?" confirm_label="Delete" danger=true
            typed=Signal::derive(move || deleting.get().map(|r| r.id).unwrap_or_default())
            on_confirm=Callback::new(move |_| if let Some(c) = untrack(delete_call) { problems.set(write.send(&c).err().unwrap_or_default()) })>
            <p>"Type the template's id to delete it. Applications already submitted with it keep their configuration."</p>
        </ConfirmDialog>
        {write.view(|_| view! { <p class="notice ok" id="spark-template-done">"Spot has it."</p> })}
        <CreateTemplate then=Callback::new(move |_| list.refetch())/>
    }
}

/// A template edited as JSON: the diff, then PUT or PATCH, confirmed.
#[component]
fn EditTemplate(row: Row, write: OpWrite, problems: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let before = editable(&row.raw);
    let text_value = RwSignal::new(serde_json::to_string_pretty(&before).unwrap_or_default());
    let review = RwSignal::new(None::<Value>);
    let patch = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let b = StoredValue::new(before.clone());
    let row = StoredValue::new(row);
    let do_review = move |_| match serde_json::from_str::<Value>(&text_value.get_untracked()) {
        Ok(v) if v.is_object() => review.set(Some(v)),
        _ => problems.set(vec![FieldError::new(
            "body",
            "The template must be a JSON object.",
        )]),
    };
    let call = move || {
        let after = review.get().unwrap_or_default();
        let slug = if patch.get() {
            "ocean-spark/patch-config-template"
        } else {
            "ocean-spark/put-config-template"
        };
        let body = if patch.get() {
            b.with_value(|b| changed_fields(b, &after))
        } else {
            after
        };
        row.with_value(|r| {
            OpCall::new(slug)
                .path("clusterId", text(&r.raw, "clusterId"))
                .path("configTemplateId", r.id.clone())
                .body(body)
        })
    };
    view! {
        <section class="card" id="spark-template-edit">
            <h3>"Edit template"</h3>
            <TextArea label="Template (JSON)" value=text_value id="spark-template-json" rows=12/>
            <button type="button" class="btn" on:click=do_review>"Review changes"</button>
            {move || review.get().map(|after| view! {
                <JsonDiff before=before.clone() after=after/>
                <fieldset class="choice">
                    <legend>"Send as"</legend>
                    <label><input type="radio" name="spark-method" prop:checked=move || !patch.get() on:change=move |_| patch.set(false)/>" PUT: the whole template"</label>
                    <label><input type="radio" name="spark-method" prop:checked=move || patch.get() on:change=move |_| patch.set(true)/>" PATCH: only the changed fields"</label>
                </fieldset>
                <ActionButton label="Send update…" pending=write.pending() on_click=Callback::new(move |_| confirm.set(true))/>
            })}
            " " <ExplorerLink call=Signal::derive(call)/>
            <ConfirmDialog open=confirm title="Update this template?" confirm_label="Send update"
                on_confirm=Callback::new(move |_| problems.set(write.send(&untrack(call)).err().unwrap_or_default()))>
                <p>"Applications submitted with this template from now on use the changes shown."</p>
            </ConfirmDialog>
        </section>
    }
}

/// A new template in a chosen cluster, through the body form.
#[component]
fn CreateTemplate(then: Callback<()>) -> impl IntoView {
    const CREATE: &str = "ocean-spark/create-config-template";
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
    let create = use_op_write(move |r| {
        if r.is_ok() {
            then.run(());
        }
    });
    let call = move || OpCall::new(CREATE).path("clusterId", cluster.get());
    let send = move |_| {
        let Some(b) = body.get_untracked() else {
            return;
        };
        match b.read() {
            Ok(v) => {
                let c = untrack(call);
                let c = match v {
                    Some(v) => c.body(v),
                    None => c,
                };
                errors.set(create.send(&c).err().unwrap_or_default());
            }
            Err(e) => errors.set(vec![FieldError::new("body", e)]),
        }
    };
    view! {
        <details class="card" id="spark-template-create">
            <summary>"Create a config template"</summary>
            <SelectField label="Cluster" value=cluster options=clusters id="spark-template-cluster"/>
            {move || cat.get().and_then(Result::ok).map(|c| {
                let op = c.op(CREATE)?.clone();
                let schema = op.body.clone()?;
                let b = Body::start(&c, &schema, &Value::Null);
                body.set(Some(b));
                Some(view! { <BodyEditor cat=c.clone() schema=schema required=op.body_required body=b errors=errors/> })
            })}
            {unsent(errors)}
            <button type="button" class="btn primary" disabled=move || create.pending().get() on:click=send>"Create template"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            {create.view(|_| view! { <p class="notice ok">"Spot created the template."</p> })}
        </details>
    }
}
