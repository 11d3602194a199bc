//! What Spot answered, whatever the operation: the status in words, `kind` and `count`, the
//! `items` as a filterable, sortable table, the errors verbatim with their codes and fields, and
//! the raw answer.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::spot::envelope::{self, Answer};
use crate::api::{ApiError, Response};
use crate::ui::{Column, DataTable, ErrorNotice, JsonView};

use super::operation::Outcome;

#[component]
pub fn AnswerView(#[prop(into)] outcome: Signal<Outcome>, columns: Vec<String>) -> impl IntoView {
    let columns = StoredValue::new(columns);
    move || {
        outcome.get().map(|r| match r {
            Ok(a) => success(a, columns.get_value()).into_any(),
            Err(e) => failure(e).into_any(),
        })
    }
}

fn success(a: Answer, preferred: Vec<String>) -> impl IntoView {
    let status = format!(
        "{} {} — done",
        a.status_code.unwrap_or(a.http_status as u64),
        a.status_message.clone().unwrap_or_else(|| "OK".into())
    );
    let items = a.items.clone().unwrap_or_default();
    let mut names: Vec<String> = preferred
        .into_iter()
        .filter(|c| items.iter().any(|i| i.get(c).is_some()))
        .collect();
    if names.is_empty() {
        if let Some(Value::Object(first)) = items.first() {
            names = first
                .iter()
                .filter(|(_, v)| !v.is_object() && !v.is_array())
                .map(|(k, _)| k.clone())
                .take(8)
                .collect();
        }
    }
    let columns: Vec<Column<Value>> = names
        .iter()
        .map(|n| {
            let n = n.clone();
            Column::text(n.clone(), move |v: &Value| cell(&v[&n]))
        })
        .collect();
    let json = a.json.clone();
    view! {
        <section class="answer" id="spot-answer" aria-live="polite">
            <p class="answer-status" id="spot-answer-status">{status}</p>
            <dl class="answer-facts">
                {a.kind.clone().map(|k| view! { <dt>"kind"</dt><dd id="spot-answer-kind">{k}</dd> })}
                {a.count.map(|c| view! { <dt>"count"</dt><dd id="spot-answer-count">{c}</dd> })}
                {a.request_id.clone().map(|r| view! { <dt>"request id"</dt><dd>{r}</dd> })}
            </dl>
            {(!items.is_empty()).then(|| {
                let rows = items.clone();
                view! {
                    <DataTable id="spot-items" rows=Signal::derive(move || rows.clone()) columns=columns
                        search=std::sync::Arc::new(|v: &Value| v.to_string())/>
                }
            })}
            {match json {
                Some(v) => view! { <JsonView value=Signal::derive(move || v.clone())/> }.into_any(),
                None => view! { <pre class="answer-text" id="spot-answer-text">{a.text.clone()}</pre> }.into_any(),
            }}
        </section>
    }
}

fn failure(e: ApiError) -> impl IntoView {
    let errors = match &e {
        ApiError::Http { status, body, .. } => {
            envelope::read(&Response {
                status: *status,
                content_type: None,
                body: body.clone().into_bytes(),
            })
            .errors
        }
        _ => Vec::new(),
    };
    view! {
        <section class="answer" id="spot-answer">
            <ErrorNotice error=e/>
            <ul class="spot-errors" id="spot-errors">
                {errors.into_iter().map(|x| view! {
                    <li>
                        {x.code.map(|c| view! { <code>{c}</code> ": " })}
                        {x.message}
                        {x.field.map(|f| view! { " (" <code>{f}</code> ")" })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A value as one line of text.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
