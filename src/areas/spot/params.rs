//! An operation's path and query parameters as fields: choices as selects, required marked,
//! defaults shown (not sent: Spot applies them itself), problems beside their field.

use leptos::prelude::*;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::builder::Inputs;
use crate::api::spot::catalog::{Op, Param, Place};
use crate::ui::{Field, SelectField};

/// One parameter and what the operator typed for it.
pub type ParamInput = (Param, RwSignal<String>);

/// The fields of `op`, started from the kept draft, else the chosen account for `accountId`.
pub fn param_inputs(op: &Op, draft: &serde_json::Value, account: &str) -> Vec<ParamInput> {
    op.params
        .iter()
        .map(|p| {
            let start = match draft["params"][&p.name].as_str() {
                Some(v) => v.to_string(),
                None if p.name == "accountId" => account.to_string(),
                None => String::new(),
            };
            (p.clone(), RwSignal::new(start))
        })
        .collect()
}

/// What the fields hold, for the draft.
pub fn draft_of(inputs: &[ParamInput]) -> serde_json::Map<String, serde_json::Value> {
    inputs
        .iter()
        .map(|(p, v)| (p.name.clone(), serde_json::Value::String(v.get())))
        .collect()
}

/// What the fields hold, split by place, for the request builder.
pub fn fill(inputs: &[ParamInput], into: &mut Inputs) {
    for (p, v) in inputs {
        let map = if p.place == Place::Path {
            &mut into.path
        } else {
            &mut into.query
        };
        map.insert(p.name.clone(), v.get_untracked());
    }
}

/// The parameter a typed confirmation asks for: the last path parameter of a DELETE.
pub fn named_target(op: &Op, inputs: &[ParamInput]) -> Option<Signal<String>> {
    let last = &op
        .params
        .iter()
        .rev()
        .find(|p| p.place == Place::Path)?
        .name;
    let value = inputs
        .iter()
        .find(|(p, _)| &p.name == last)
        .map(|(_, v)| *v)?;
    Some(Signal::derive(move || value.get()))
}

#[component]
pub fn ParamFields(inputs: Vec<ParamInput>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    inputs
        .into_iter()
        .map(|(p, value)| {
            let place = if p.place == Place::Path {
                "path"
            } else {
                "query"
            };
            let id = format!("spot-{place}-{}", p.name);
            let label = format!("{}{}", p.name, if p.required { " (required)" } else { "" });
            let key = format!("{place}:{}", p.name);
            let error =
                Signal::derive(move || errors.with(|e| message_for(e, &key).map(str::to_string)));
            let default = p.default.as_ref().filter(|d| !d.is_null()).map(|d| {
                format!(
                    "default {}",
                    d.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| d.to_string())
                )
            });
            if p.choices.is_empty() {
                view! { <Field label=label value=value id=id error=error help=p.kind.clone()
                placeholder=default.unwrap_or_default()/> }
                .into_any()
            } else {
                let mut options = vec![(
                    String::new(),
                    default
                        .map(|d| format!("— ({d})"))
                        .unwrap_or_else(|| "—".into()),
                )];
                options.extend(p.choices.iter().map(|c| (c.clone(), c.clone())));
                view! { <SelectField label=label value=value id=id error=error
                options=Signal::derive(move || options.clone())/> }
                .into_any()
            }
        })
        .collect_view()
}
