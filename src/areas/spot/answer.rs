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
    let (names, shown) = column_names(&items, preferred);
    let columns: Vec<Column<Value>> = names
        .iter()
        .map(|n| {
            let n = n.clone();
            let column = Column::text(n.clone(), {
                let n = n.clone();
                move |v: &Value| cell(&v[&n])
            });
            if shown.contains(&n) {
                column
            } else {
                column.hidden()
            }
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
                    <DataTable id="spot-items" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns pick_columns=true
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

/// Every scalar field of the items (the column picker offers them all), and those shown at
/// first: the catalog's preferred columns the items have, else the first eight.
fn column_names(items: &[Value], preferred: Vec<String>) -> (Vec<String>, Vec<String>) {
    let shown: Vec<String> = preferred
        .into_iter()
        .filter(|c| items.iter().any(|i| i.get(c).is_some()))
        .collect();
    let mut names = shown.clone();
    for item in items {
        for (k, v) in item.as_object().into_iter().flatten() {
            if !v.is_object() && !v.is_array() && !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let shown = if shown.is_empty() {
        names.iter().take(8).cloned().collect()
    } else {
        shown
    };
    (names, shown)
}

/// A value as one line of text.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
