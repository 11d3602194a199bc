//! An operation's path and query parameters as fields: choices as selects, required marked,
//! defaults shown (not sent: Spot applies them itself), problems beside their field.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::builder::Inputs;
use crate::api::spot::catalog::{Catalog, Op, Param, Place};
use crate::ui::{Field, SelectField};

use super::picker::PathPicker;

/// One parameter and what the operator typed for it.
pub type ParamInput = (Param, RwSignal<String>);

/// The fields of `op`, started from the kept draft. `accountId` is not one of them: it comes
/// from the account context ([`super::context`]).
pub fn param_inputs(op: &Op, draft: &serde_json::Value) -> Vec<ParamInput> {
    op.params
        .iter()
        .filter(|p| !(p.place == Place::Query && p.name == "accountId"))
        .map(|p| {
            let start = draft["params"][&p.name]
                .as_str()
                .unwrap_or_default()
                .to_string();
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

/// What the fields hold, split by place, for the request builder (dates and times as the
/// parameter's format says).
pub fn fill(inputs: &[ParamInput], into: &mut Inputs) {
    for (p, v) in inputs {
        let map = if p.place == Place::Path {
            &mut into.path
        } else {
            &mut into.query
        };
        map.insert(p.name.clone(), wire_value(p, &v.get_untracked()));
    }
}

/// The browser's date picker for a parameter whose format is a date or a time, if any.
fn picker(p: &Param) -> Option<&'static str> {
    match (p.kind.as_str(), p.format.as_deref()) {
        ("string", Some("date-time")) | ("integer", Some("unix-time")) => Some("datetime-local"),
        ("string", Some("date")) => Some("date"),
        _ => None,
    }
}

/// A picker's value (`2021-11-01T10:30`, read as UTC) as the parameter's format writes it:
/// `2021-11-01T10:30:00.000Z` for date-time, seconds since the epoch for unix-time; anything
/// else as typed.
pub fn wire_value(p: &Param, raw: &str) -> String {
    let raw = raw.trim();
    if picker(p) != Some("datetime-local") || raw.is_empty() {
        return raw.to_string();
    }
    let full = match raw.len() {
        16 => format!("{raw}:00.000Z"),
        19 => format!("{raw}.000Z"),
        _ => return raw.to_string(),
    };
    match crate::time::parse_iso(&full) {
        Some(ms) if p.kind == "integer" => (ms / 1000).to_string(),
        Some(_) => full,
        None => raw.to_string(),
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
pub fn ParamFields(
    /// The catalog the form opened with (perhaps the operation's slice, which holds the lists its
    /// path parameters are picked from).
    cat: Rc<Catalog>,
    op: Op,
    inputs: Vec<ParamInput>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let all = inputs.clone();
    // The account is no field of the form (it comes from the switcher): a problem with it is
    // said here.
    let account_error = Signal::derive(move || {
        errors.with(|e| message_for(e, "query:accountId").map(str::to_string))
    });
    let account = view! {
        <small class="field-error" id="spot-account-error" role="alert">{account_error}</small>
    };
    let fields = inputs
        .into_iter()
        .map(|(p, value)| {
            let pick = (p.place == Place::Path && cat.list_for(&op, &p.name).is_some()).then(|| {
                view! { <PathPicker cat=cat.clone() op=op.clone() name=p.name.clone() inputs=all.clone()/> }
            });
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
            if let Some(input_type) = picker(&p) {
                let help = if input_type == "date" { "date" } else { "date and time, UTC" };
                view! { <Field label=label value=value id=id error=error help=help
                input_type=input_type/> }
                .into_any()
            } else if p.choices.is_empty() {
                view! { <div class="picker-row"><Field label=label value=value id=id error=error help=p.kind.clone()
                placeholder=default.unwrap_or_default()/>{pick}</div> }
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
        .collect_view();
    view! { {account} {fields} }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(kind: &str, format: Option<&str>) -> Param {
        Param {
            name: "fromDate".into(),
            place: Place::Query,
            kind: kind.into(),
            required: false,
            choices: Vec::new(),
            format: format.map(str::to_string),
            default: None,
            minimum: None,
            maximum: None,
        }
    }

    #[test]
    fn pickers_values_go_out_as_the_format_says() {
        let dt = param("string", Some("date-time"));
        assert_eq!(
            wire_value(&dt, "2021-11-01T10:30"),
            "2021-11-01T10:30:00.000Z"
        );
        assert_eq!(
            wire_value(&dt, "2021-11-01T10:30:15"),
            "2021-11-01T10:30:15.000Z"
        );
        assert_eq!(wire_value(&dt, ""), "");
        let unix = param("integer", Some("unix-time"));
        assert_eq!(wire_value(&unix, "2021-11-01T00:00"), "1635724800");
        let plain = param("string", None);
        assert_eq!(wire_value(&plain, "2016-11-20"), "2016-11-20");
        assert_eq!(picker(&plain), None);
    }
}
