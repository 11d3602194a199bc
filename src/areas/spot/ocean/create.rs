//! Making something new in one of several ways (through the schema form, or by importing what
//! exists): the way chosen is a catalog operation; its parameters are fields (some preset, e.g.
//! the cluster), its body is the schema form (`spot/form.rs`) with the presets filled in.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::catalog::Place;
use crate::api::spot::envelope::Answer;
use crate::api::spot::schema::template;
use crate::ui::{ActionButton, Field, SelectField};

use super::super::catalog::waiting;
use super::super::form::{Body, BodyEditor};
use super::super::op_call::{problems_view, use_op_write, ExplorerLink, OpCall};
use super::Cat;

/// One way to make it: a label, the operation, and whether its answer is a configuration that
/// fills the first way's form (Spot's imports return one; only the create makes it).
pub type Way = (&'static str, &'static str, bool);

/// An import's answer as the create operation's body: the first item, inside the template's
/// wrapper key when the item is not already wrapped.
pub fn as_body(template: &Value, item: Value) -> Value {
    match template.as_object().filter(|m| m.len() == 1) {
        Some(m) => {
            let key = m.keys().next().cloned().unwrap_or_default();
            if item.get(&key).is_some() {
                item
            } else {
                serde_json::json!({ key: item })
            }
        }
        None => item,
    }
}

/// `over` merged into `base`, object by object.
pub fn merged(mut base: Value, over: &Value) -> Value {
    match (base.as_object_mut(), over.as_object()) {
        (Some(b), Some(o)) => {
            for (k, v) in o {
                let slot = b.remove(k).unwrap_or(Value::Null);
                b.insert(k.clone(), merged(slot, v));
            }
            base
        }
        _ if over.is_null() => base,
        _ => over.clone(),
    }
}

/// The chosen way's form; `then` runs with Spot's answer once it accepted.
#[component]
pub fn CreateForm(
    cat: Cat,
    ways: Vec<Way>,
    /// Parameters filled in for the operator (they can change them).
    #[prop(into)]
    preset: Signal<Vec<(String, String)>>,
    /// Merged into the body's template.
    #[prop(into)]
    body_preset: Signal<Value>,
    id: &'static str,
    #[prop(into)] send_label: String,
    then: Callback<Answer>,
) -> impl IntoView {
    let first = ways.first().map(|w| w.1.to_string()).unwrap_or_default();
    let way = RwSignal::new(first.clone());
    // What an import answered, for the create form.
    let filled = RwSignal::new(Value::Null);
    let options: Vec<(String, String)> = ways
        .iter()
        .map(|(l, s, _)| (s.to_string(), l.to_string()))
        .collect();
    let fills: Vec<String> = ways
        .iter()
        .filter(|w| w.2)
        .map(|w| w.1.to_string())
        .collect();
    let many = options.len() > 1;
    let send_label = StoredValue::new(send_label);
    view! {
        <div class="spot-op" id=id>
            {many.then(|| view! { <SelectField label="How" value=way options=options id=format!("{id}-way")/> })}
            {move || {
                let cat = match waiting(cat.get()) {
                    Ok(c) => c,
                    Err(v) => return v,
                };
                let slug = way.get();
                let Some(op) = cat.op(&slug).cloned() else {
                    return view! { <p class="notice">"Spot's catalog has no operation " {slug}</p> }.into_any();
                };
                let given = preset.get_untracked();
                let fields: Vec<(String, Place, RwSignal<String>)> = op
                    .params
                    .iter()
                    .filter(|p| p.name != "accountId")
                    .map(|p| {
                        let v = given.iter().find(|(k, _)| *k == p.name).map(|(_, v)| v.clone());
                        (p.name.clone(), p.place, RwSignal::new(v.unwrap_or_default()))
                    })
                    .collect();
                let body = op.body.as_ref().map(|schema| {
                    let mut start = template(&cat, schema);
                    if slug == first {
                        let imported = filled.get_untracked();
                        if !imported.is_null() {
                            let over = as_body(&start, imported);
                            start = merged(start, &over);
                        }
                    }
                    let start = merged(start, &body_preset.get_untracked());
                    (schema.clone(), Body::start(&cat, schema, &serde_json::json!({ "body": start })))
                });
                let errors = RwSignal::new(Vec::<FieldError>::new());
                let problems = RwSignal::new(Vec::<FieldError>::new());
                let fill = fills.contains(&slug);
                let is_first = slug == first;
                let first = first.clone();
                let write = use_op_write(move |r| match r {
                    Ok(a) if fill => {
                        if let Some(item) = super::items(a).into_iter().next() {
                            filled.set(item);
                            way.set(first.clone());
                        }
                    }
                    Ok(a) => then.run(a.clone()),
                    Err(_) => {}
                });
                let call = {
                    let (fields, slug) = (fields.clone(), slug.clone());
                    move || {
                        let mut c = OpCall::new(slug.clone());
                        for (name, place, v) in &fields {
                            let v = v.get();
                            c = match place {
                                Place::Path => c.path(name, v),
                                Place::Query => c.query(name, v),
                            };
                        }
                        c
                    }
                };
                let handle = body.as_ref().map(|(_, b)| *b);
                let send = {
                    let call = call.clone();
                    move || {
                        let mut c = untrack(&call);
                        if let Some(b) = handle {
                            match b.read() {
                                Ok(Some(v)) => c = c.body(v),
                                Ok(None) => {}
                                Err(e) => return errors.set(vec![FieldError::new("body", e)]),
                            }
                        }
                        let stopped = write.send(&c).err().unwrap_or_default();
                        errors.set(stopped.clone());
                        problems.set(stopped.into_iter().filter(|e| !e.field.starts_with("body")).collect());
                    }
                };
                view! {
                    {fill.then(|| view! { <p class="muted">"Spot answers with a configuration: it fills the form to create with, and nothing is made until you send that."</p> })}
                    {(is_first && !filled.get_untracked().is_null()).then(|| view! {
                        <p class="notice ok" id=format!("{id}-filled")>"The form holds the imported configuration: check it, then send."</p>
                    })}
                    {fields.iter().map(|(name, _, v)| {
                        let name = name.clone();
                        let field = format!("{}:{name}", match fields.iter().find(|f| f.0 == name).map(|f| f.1) {
                            Some(Place::Path) => "path",
                            _ => "query",
                        });
                        view! { <Field label=name.clone() value=*v id=format!("{id}-{name}")
                            error=Signal::derive(move || errors.with(|e| message_for(e, &field).map(str::to_string)))/> }
                    }).collect_view()}
                    {body.map(|(schema, b)| view! {
                        <BodyEditor cat=cat.clone() schema=schema required=op.body_required body=b errors=errors/>
                    })}
                    {problems_view(problems)}
                    <ActionButton label=send_label.get_value() pending=write.pending() id=format!("{id}-send")
                        on_click=Callback::new(move |_| send())/>
                    " " <ExplorerLink call=Signal::derive(call)/>
                    {write.view(move |a| view! {
                        <p class="notice ok" id=format!("{id}-done")>{format!("Spot accepted it ({} item(s) in the answer).", super::items(&a).len())}</p>
                    })}
                }
                .into_any()
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn presets_fill_the_template_and_keep_its_other_fields() {
        let t = json!({"launchSpec": {"oceanId": "", "name": "", "labels": []}});
        let v = merged(t, &json!({"launchSpec": {"oceanId": "o-1"}}));
        assert_eq!(
            v,
            json!({"launchSpec": {"oceanId": "o-1", "name": "", "labels": []}})
        );
        assert_eq!(merged(json!(null), &json!({"a": 1})), json!({"a": 1}));
        assert_eq!(merged(json!({"a": 1}), &json!(null)), json!({"a": 1}));
        let t = json!({"cluster": {"name": ""}});
        assert_eq!(
            as_body(&t, json!({"name": "imported"})),
            json!({"cluster": {"name": "imported"}})
        );
        assert_eq!(
            as_body(&t, json!({"cluster": {"name": "w"}})),
            json!({"cluster": {"name": "w"}})
        );
    }
}
