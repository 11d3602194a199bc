//! A path parameter chosen from what exists: the list operation of the collection the
//! parameter names ([`Catalog::list_for`]) is sent with the parameters before it and the chosen
//! account, and its items are offered by name and id. Typing the id stays possible.

use std::rc::Rc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::spot::builder::{build, Inputs};
use crate::api::spot::catalog::{Catalog, Op, Place};
use crate::api::spot::envelope;
use crate::api::{ApiKind, Call, Request};
use crate::ui::use_call;

use super::catalog::matches;
use super::context::use_account;
use super::params::ParamInput;

/// What the list offered: (id, label).
type Choices = Vec<(String, String)>;

/// The "Choose…" button beside a path parameter and the list it opens.
#[component]
pub fn PathPicker(
    /// Holds the list operation (the whole catalog, or the form's operation's slice).
    cat: Rc<Catalog>,
    op: Op,
    name: String,
    inputs: Vec<ParamInput>,
) -> impl IntoView {
    let account = use_account();
    // The list request, once asked for (or why it cannot be sent).
    let wanted = RwSignal::new(None::<Result<Request, String>>);
    let listed = use_call(move || {
        let req = wanted.get()?.ok()?;
        Some(Call::new(ApiKind::Spot, req, envelope::decode))
    });
    let target = inputs.iter().find(|(p, _)| p.name == name).map(|(_, v)| *v);
    let op = StoredValue::new(op);
    let inputs = StoredValue::new(inputs);
    let key = name.clone();
    let cat = StoredValue::new_local(cat);
    let open = move |_| {
        let req = cat.with_value(|cat| {
            let (list, li) = op
                .with_value(|op| inputs.with_value(|inputs| list_request(cat, op, &key, inputs)))?;
            build(
                cat,
                &list,
                &li,
                account.get_untracked().as_deref(),
                &matches,
            )
            .map_err(|e| {
                e.into_iter()
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        });
        wanted.set(Some(req));
    };
    let list_id = format!("spot-pick-{name}");
    let key = name.clone();
    let offered = move || match (wanted.get()?, listed.get()) {
        (Err(e), _) => Some(Err(e)),
        (Ok(_), Some(Err(e))) => Some(Err(e.to_string())),
        (Ok(_), Some(Ok(answer))) => Some(Ok(choices(&answer.items.unwrap_or_default(), &key))),
        (Ok(_), None) => None,
    };
    let loading = move || wanted.with(|w| matches!(w, Some(Ok(_)))) && listed.get().is_none();
    view! {
        <button type="button" class="btn small" id=format!("spot-choose-{name}")
            disabled=loading on:click=open>
            {move || if loading() { "Listing…" } else { "Choose…" }}
        </button>
        {move || offered().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <small class="help">"Nothing to choose from in this account."</small> }.into_any(),
            Ok(list) => view! {
                <select id=list_id.clone() aria-label=format!("Choose {name}")
                    on:change=move |ev| if let Some(t) = target { t.set(event_target_value(&ev)) }>
                    <option value="">"— choose —"</option>
                    {list.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            }.into_any(),
            Err(e) => view! { <small class="field-error" role="alert">{format!("Nothing to choose from: {e}")}</small> }.into_any(),
        })}
    }
}

/// The list operation for `name` and its inputs: the path parameters before `name`, by position.
fn list_request(
    cat: &Rc<Catalog>,
    op: &Op,
    name: &str,
    inputs: &[ParamInput],
) -> Result<(Op, Inputs), String> {
    let list = cat
        .list_for(op, name)
        .ok_or("this parameter has no list to choose from")?;
    let given: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.place == Place::Path)
        .map(|p| {
            inputs
                .iter()
                .find(|(q, _)| q.name == p.name)
                .map(|(_, v)| v.get_untracked())
                .unwrap_or_default()
        })
        .collect();
    let mut li = Inputs::default();
    for (p, v) in list
        .params
        .iter()
        .filter(|p| p.place == Place::Path)
        .zip(given)
    {
        li.path.insert(p.name.clone(), v);
    }
    Ok((list.clone(), li))
}

/// The items' ids and labels: the id is the field named like the parameter, else `id`, else
/// `name`; the label adds the name when there is one.
fn choices(items: &[Value], param: &str) -> Choices {
    items
        .iter()
        .filter_map(|i| {
            let text = |k: &str| i.get(k).and_then(Value::as_str).map(str::to_string);
            let id = if param.ends_with("Name") {
                text("name")
            } else {
                text(param).or_else(|| text("id")).or_else(|| text("name"))
            }?;
            let label = match text("name").filter(|n| *n != id) {
                Some(n) => format!("{n} ({id})"),
                None => id.clone(),
            };
            Some((id, label))
        })
        .collect()
}
