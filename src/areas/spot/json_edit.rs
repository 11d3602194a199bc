//! The Spot pages' one JSON editor for an update: the document as Spot answered it (less the
//! fields Spot sets itself) in a text area; "Review changes" shows the diff of what the PUT
//! will send, and only the confirmation sends it. Elastigroups, stateful nodes and Ocean's
//! clusters and node groups edit through it.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, ConfirmDialog, JsonDiff, TextArea};

use super::op_call::{problems_view, send_noting, use_op_write, ExplorerLink, OpCall};

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
    /// What the update does, said in the confirmation.
    note: &'static str,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(v) = current.get() {
            text.set(serde_json::to_string_pretty(&editable(&v)).unwrap_or_default());
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
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
            <ReviewSend review=review pending=write.pending() id=id send_label="Send update…"
                title=format!("Update this {what}?") confirm_label="Send update"
                on_confirm=Callback::new(move |_| send_noting(write, &untrack(call), problems))>
                <p>{note}</p>
            </ReviewSend>
            {write.view(move |_| view! { <p class="notice ok" id=format!("{id}-done")>{format!("Spot updated the {what}.")}</p> })}
        </section>
    }
}

/// What every Spot update shows once reviewed: the diff of what it will send ("Now" / "To be
/// sent", `<id>-diff`), the button that asks (`<id>-send`; nothing to send when unchanged),
/// and the confirmation (saying `children`) whose confirm sends.
#[component]
pub fn ReviewSend(
    /// The document as it is and as the write will send it, once reviewed.
    review: RwSignal<Option<(Value, Value)>>,
    pending: Signal<bool>,
    #[prop(into)] id: String,
    send_label: &'static str,
    #[prop(into)] title: String,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let ids = StoredValue::new(id);
    view! {
        {move || review.get().map(|(before, after)| {
            let same = before == after;
            view! {
                <div id=format!("{}-diff", ids.get_value())>
                    <JsonDiff before=before after=after/>
                    {if same {
                        view! { <p class="muted">"Nothing to send: it is unchanged."</p> }.into_any()
                    } else {
                        view! { <ActionButton label=send_label pending=pending id=format!("{}-send", ids.get_value())
                            on_click=Callback::new(move |_| confirm.set(true))/> }.into_any()
                    }}
                </div>
            }
        })}
        <ConfirmDialog open=confirm title=title confirm_label=confirm_label on_confirm=on_confirm>
            {children()}
        </ConfirmDialog>
    }
}
