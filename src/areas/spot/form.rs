//! An operation's request body as a form generated from its schema (the model is
//! [`crate::api::spot::form`]): choices as selects, optional booleans unset/true/false, lists of
//! scalars as lists, lists of objects as repeatable groups, `oneOf` as a variant picker, maps as
//! key/value rows, readOnly fields hidden. Bodies over 20 fields show their larger parts as
//! collapsed sections whose fields render when opened; bodies over 100 open as the JSON editor.
//! Form and JSON are two views of one value, so switching loses nothing. Each field's problem
//! (the console's before sending, Spot's after) shows beside it.

use std::rc::Rc;

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::field::{message_for, FieldError};
use crate::api::spot::catalog::Catalog;
use crate::api::spot::form::{
    collapsed, field_name, from_text, get, input_id, map_values, new_entry, props, set, size,
    switch_variant, text_of, unset, variant_names, variant_of, widget, Path, Seg, View, Widget,
};
use crate::api::spot::schema::template;
use crate::ui::{Disclosure, Field, SelectField, TextArea};

use super::catalog::matches;

/// One operation's body, shared by the Form and JSON views.
#[derive(Clone, Copy)]
pub struct Body {
    /// What both views show; null when there is no body.
    pub value: RwSignal<Value>,
    /// The JSON view's text as typed (it may not read as JSON yet).
    pub text: RwSignal<String>,
    pub view: RwSignal<View>,
}

impl Body {
    /// The body of an operation whose body schema is `schema`, from the kept draft (see
    /// [`Body::draft`]), else its template, in the view its size asks for.
    pub fn start(cat: &Catalog, schema: &Value, draft: &Value) -> Body {
        let view = draft["view"]
            .as_str()
            .and_then(View::parse)
            .unwrap_or_else(|| View::first(size(cat, schema)));
        let value = match &draft["body"] {
            Value::Null => template(cat, schema),
            v => v.clone(),
        };
        let text = draft["text"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| pretty(&value));
        Body {
            value: RwSignal::new(value),
            text: RwSignal::new(text),
            view: RwSignal::new(view),
        }
    }

    /// What is kept for the tab: the value, the view, and the JSON view's text while it is shown.
    pub fn draft(&self, into: &mut Map<String, Value>) {
        into.insert("body".into(), self.value.get());
        let view = self.view.get();
        into.insert("view".into(), Value::String(view.as_str().into()));
        if view == View::Json {
            into.insert("text".into(), Value::String(self.text.get()));
        }
    }

    /// What would be sent: `None` for an empty JSON view, an error when its text is not JSON.
    pub fn read(&self) -> Result<Option<Value>, String> {
        match self.view.get_untracked() {
            View::Form => Ok(Some(self.value.get_untracked()).filter(|v| !v.is_null())),
            View::Json => read_text(&self.text.get_untracked()),
        }
    }
}

fn read_text(text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| format!("The body is not valid JSON: {e}."))
}

fn pretty(v: &Value) -> String {
    if v.is_null() {
        String::new()
    } else {
        serde_json::to_string_pretty(v).unwrap_or_default()
    }
}

/// What every field of one form needs.
#[derive(Clone, Copy)]
struct Ctx {
    cat: StoredValue<Rc<Catalog>, LocalStorage>,
    value: RwSignal<Value>,
    errors: RwSignal<Vec<FieldError>>,
    /// The body's size, which decides the collapsed sections.
    size: usize,
    /// The body is one wrapper object (`{"group": {…}}`), shown open.
    wrapper: bool,
}

impl Ctx {
    fn error(self, name: String) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.errors
                .with(|e| message_for(e, &name).map(str::to_string))
        })
    }

    fn with_cat<T>(self, f: impl FnOnce(&Catalog) -> T) -> T {
        self.cat.with_value(|c| f(c))
    }
}

/// Whether `field` is `name` or a field inside it.
fn within(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn child(path: &[Seg], seg: Seg) -> Path {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// The body editor: the Form/JSON toggle over one value, the view, and the list of problems.
#[component]
pub fn BodyEditor(
    cat: Rc<Catalog>,
    schema: Value,
    required: bool,
    body: Body,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let body_size = size(&cat, &schema);
    let wrapper = props(&cat, &schema).len() == 1;
    let cat = StoredValue::new_local(cat);
    let ctx = Ctx {
        cat,
        value: body.value,
        errors,
        size: body_size,
        wrapper,
    };
    let to_json = move |_| {
        body.text.set(pretty(&body.value.get_untracked()));
        body.view.set(View::Json);
    };
    let to_form = {
        let schema = schema.clone();
        move |_| match read_text(&body.text.get_untracked()) {
            Ok(v) => {
                let v = v.unwrap_or_else(|| ctx.with_cat(|c| template(c, &schema)));
                body.value.set(v);
                errors.update(|e| e.retain(|e| e.field != "body"));
                body.view.set(View::Form);
            }
            Err(e) => errors.set(vec![FieldError::new("body", e)]),
        }
    };
    let label = if required { "Body (required)" } else { "Body" };
    let pressed = move |v: View| move || (body.view.get() == v).to_string();
    view! {
        <section class="spot-body" aria-labelledby="spot-body-label">
            <div class="toolbar">
                <span class="field-label" id="spot-body-label">{label}</span>
                <span class="muted">{format!("{body_size} fields")}</span>
                <button type="button" class="btn small" id="spot-view-form"
                    aria-pressed=pressed(View::Form) on:click=to_form>"Form"</button>
                <button type="button" class="btn small" id="spot-view-json"
                    aria-pressed=pressed(View::Json) on:click=to_json>"JSON"</button>
            </div>
            {move || match body.view.get() {
                View::Json => view! {
                    <TextArea label="Body as JSON" value=body.text id="spot-body" rows=14
                        error=ctx.error("body".into())/>
                }.into_any(),
                View::Form => view! {
                    <div class="spot-form" id="spot-body-form">
                        <small class="field-error" role="alert">{move || ctx.error("body".into()).get()}</small>
                        {node(ctx, schema.clone(), Vec::new(), "Body".into(), false)}
                    </div>
                }.into_any(),
            }}
            <ul class="field-errors" id="spot-body-errors">
                {move || errors.get().into_iter().filter(|e| e.field.starts_with("body:"))
                    .map(|e| view! { <li><code>{e.field.trim_start_matches("body:").to_string()}</code> ": " {e.message}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The input(s) for the field at `path`.
fn node(ctx: Ctx, schema: Value, path: Path, label: String, required: bool) -> AnyView {
    let label = if required {
        format!("{label} (required)")
    } else {
        label
    };
    match ctx.with_cat(|c| widget(c, &schema)) {
        Widget::Object => object(ctx, schema, path, label),
        Widget::List | Widget::Groups => list(ctx, schema, path, label),
        Widget::Map => map(ctx, schema, path, label),
        Widget::Variants => variants(ctx, schema, path, label),
        Widget::Json => raw(ctx, path, label),
        w => scalar(ctx, &schema, path, label, w),
    }
}

/// An object's fields: inline at the top, a group of fields below it, a collapsed section
/// (fields rendered when first opened) for large parts of a large body.
fn object(ctx: Ctx, schema: Value, path: Path, label: String) -> AnyView {
    let fields = ctx.with_cat(|c| props(c, &schema));
    let n = ctx.with_cat(|c| size(c, &schema));
    let inner = {
        let path = path.clone();
        move || {
            let known: Vec<String> = fields.iter().map(|p| p.name.clone()).collect();
            let at = path.clone();
            // Keys typed in the JSON view that the schema does not name stay in the body.
            let others = Memo::new(move |_| {
                ctx.value.with(|v| {
                    get(v, &at)
                        .and_then(Value::as_object)
                        .map(|o| {
                            o.keys()
                                .filter(|k| !known.contains(k))
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
            });
            let id = format!("{}-others", input_id(&path));
            view! {
                {fields
                    .iter()
                    .map(|p| {
                        node(
                            ctx,
                            p.schema.clone(),
                            child(&path, Seg::Key(p.name.clone())),
                            p.name.clone(),
                            p.required,
                        )
                    })
                    .collect_view()}
                {move || {
                    let others = others.get();
                    (!others.is_empty()).then(|| view! {
                        <p class="muted" id=id.clone()>
                            "Also in the body, not described by Spot's document (edit them in the JSON view): "
                            {others.join(", ")}
                        </p>
                    })
                }}
            }
        }
    };
    if path.is_empty() {
        return inner().into_any();
    }
    let name = field_name(&path);
    let id = input_id(&path);
    let error = ctx.error(name.clone());
    let open_wrapper = path.len() == 1 && ctx.wrapper;
    if !collapsed(ctx.size, n) || open_wrapper || matches!(path.last(), Some(Seg::Index(_))) {
        return view! {
            <fieldset class="spot-fields" id=id>
                <legend>{label}</legend>
                <small class="field-error" role="alert">{move || error.get()}</small>
                {inner()}
            </fieldset>
        }
        .into_any();
    }
    let open = RwSignal::new(false);
    // A problem inside opens the section, so the message is seen beside its field.
    Effect::new(move |_| {
        if ctx
            .errors
            .with(|e| e.iter().any(|e| within(&e.field, &name)))
        {
            open.set(true);
        }
    });
    view! {
        <Disclosure class="spot-section" id=format!("{id}-section") open=open
            summary=move || view! { {label.clone()} " " <span class="muted">{format!("({n} fields)")}</span> }>
            <small class="field-error" role="alert">{move || error.get()}</small>
            {inner()}
        </Disclosure>
    }
    .into_any()
}

/// A list: one input (scalars) or one group of fields (objects) per entry, each removable,
/// and a button that adds one.
fn list(ctx: Ctx, schema: Value, path: Path, label: String) -> AnyView {
    let items = ctx.with_cat(|c| c.schema(&schema)["items"].clone());
    let len = {
        let path = path.clone();
        Memo::new(move |_| {
            ctx.value
                .with(|v| get(v, &path).and_then(Value::as_array).map_or(0, Vec::len))
        })
    };
    let id = input_id(&path);
    let error = ctx.error(field_name(&path));
    let name = label.trim_end_matches(" (required)").to_string();
    let add = {
        let path = path.clone();
        move |_| {
            let entry = ctx.with_cat(|c| new_entry(c, &schema));
            ctx.value.update(|v| {
                let n = get(v, &path).and_then(Value::as_array).map_or(0, Vec::len);
                set(v, &child(&path, Seg::Index(n)), entry);
            });
        }
    };
    let entries = {
        let name = name.clone();
        move || {
            (0..len.get())
                .map(|i| {
                    let at = child(&path, Seg::Index(i));
                    let remove = {
                        let at = at.clone();
                        move |_| ctx.value.update(|v| unset(v, &at))
                    };
                    view! {
                        <div class="spot-entry">
                            {node(ctx, items.clone(), at.clone(), format!("{name} {}", i + 1), false)}
                            <button type="button" class="btn small" id=format!("{}-remove", input_id(&at))
                                aria-label=format!("Remove {name} {}", i + 1) on:click=remove>"Remove"</button>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <fieldset class="spot-fields spot-list" id=id.clone()>
            <legend>{label}</legend>
            <small class="field-error" role="alert">{move || error.get()}</small>
            {entries}
            <button type="button" class="btn small" id=format!("{id}-add") on:click=add>
                {format!("Add to {name}")}
            </button>
        </fieldset>
    }
    .into_any()
}

/// A map: one row per key the operator named, and a row to name another.
fn map(ctx: Ctx, schema: Value, path: Path, label: String) -> AnyView {
    let values = ctx.with_cat(|c| map_values(c.schema(&schema)).cloned().unwrap_or_default());
    let keys = {
        let path = path.clone();
        Memo::new(move |_| {
            ctx.value.with(|v| {
                get(v, &path)
                    .and_then(Value::as_object)
                    .map(|o| o.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            })
        })
    };
    let id = input_id(&path);
    let error = ctx.error(field_name(&path));
    let new_key = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<String>);
    let name = label.trim_end_matches(" (required)").to_string();
    let add = {
        let path = path.clone();
        let values = values.clone();
        move |_| {
            let key = new_key.get_untracked().trim().to_string();
            if key.is_empty() {
                key_error.set(Some("Name the key first.".into()));
                return;
            }
            if keys.with_untracked(|k| k.contains(&key)) {
                key_error.set(Some(format!("{key} is already there.")));
                return;
            }
            let entry = ctx.with_cat(|c| template(c, &values));
            ctx.value
                .update(|v| set(v, &child(&path, Seg::Key(key)), entry));
            key_error.set(None);
            new_key.set(String::new());
        }
    };
    let rows = move || {
        keys.get()
            .into_iter()
            .map(|k| {
                let at = child(&path, Seg::Key(k.clone()));
                let remove = {
                    let at = at.clone();
                    move |_| ctx.value.update(|v| unset(v, &at))
                };
                view! {
                    <div class="spot-entry">
                        {node(ctx, values.clone(), at.clone(), k.clone(), false)}
                        <button type="button" class="btn small" id=format!("{}-remove", input_id(&at))
                            aria-label=format!("Remove {k}") on:click=remove>"Remove"</button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="spot-fields spot-map" id=id.clone()>
            <legend>{label}</legend>
            <small class="field-error" role="alert">{move || error.get()}</small>
            {rows}
            <div class="toolbar">
                <Field label=format!("New key in {name}") value=new_key id=format!("{id}-new-key")
                    error=Signal::derive(move || key_error.get())/>
                <button type="button" class="btn small" id=format!("{id}-add") on:click=add>"Add key"</button>
            </div>
        </fieldset>
    }
    .into_any()
}

/// `oneOf`: a picker among the documented forms, and the chosen form's fields. Choosing another
/// keeps what was typed for the fields both forms have.
fn variants(ctx: Ctx, schema: Value, path: Path, label: String) -> AnyView {
    let names = ctx.with_cat(|c| variant_names(c, &schema));
    let forms = ctx.with_cat(|c| c.schema(&schema)["oneOf"].clone());
    let start = ctx
        .value
        .with_untracked(|v| ctx.with_cat(|c| variant_of(c, &schema, get(v, &path), &matches)));
    let chosen = RwSignal::new(start.to_string());
    let shown = RwSignal::new(start);
    {
        let path = path.clone();
        Effect::watch(
            move || chosen.get(),
            move |c, _, _| {
                let i = c.parse().unwrap_or(0);
                ctx.value.update(|v| {
                    let new = ctx.with_cat(|cat| switch_variant(cat, &schema, get(v, &path), i));
                    set(v, &path, new);
                });
                shown.set(i);
            },
            false,
        );
    }
    let options: Vec<(String, String)> = names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (i.to_string(), n))
        .collect();
    let id = format!("{}-variant", input_id(&path));
    let picker = format!("{} — form", label.trim_end_matches(" (required)"));
    view! {
        <div class="spot-variants">
            <SelectField label=picker value=chosen id=id options=Signal::derive(move || options.clone())/>
            {move || {
                let i = shown.get();
                node(ctx, forms[i].clone(), path.clone(), label.clone(), false)
            }}
        </div>
    }
    .into_any()
}

/// A free-form value, as JSON.
fn raw(ctx: Ctx, path: Path, label: String) -> AnyView {
    let start = ctx
        .value
        .with_untracked(|v| get(v, &path).map(pretty).unwrap_or_default());
    let text = RwSignal::new(start);
    let name = field_name(&path);
    let id = input_id(&path);
    Effect::watch(
        move || text.get(),
        move |t, _, _| {
            ctx.value.update(|v| match t.trim() {
                "" => unset(v, &path),
                t => set(
                    v,
                    &path,
                    serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())),
                ),
            })
        },
        false,
    );
    view! {
        <TextArea label=format!("{label} (JSON)") value=text id=id rows=3 error=ctx.error(name)/>
    }
    .into_any()
}

/// One scalar: a select for choices and booleans (unset, true, false), else a text input.
/// Emptying an optional field leaves it out of the body.
fn scalar(ctx: Ctx, schema: &Value, path: Path, label: String, w: Widget) -> AnyView {
    let s = ctx.with_cat(|c| c.schema(schema).clone());
    let text = RwSignal::new(ctx.value.with_untracked(|v| text_of(get(v, &path))));
    let name = field_name(&path);
    let id = input_id(&path);
    let error = ctx.error(name);
    let default = s
        .get("default")
        .filter(|d| !d.is_null())
        .map(|d| format!("default {}", text_of(Some(d))));
    {
        let w = w.clone();
        Effect::watch(
            move || text.get(),
            move |t, _, _| {
                let in_list = matches!(path.last(), Some(Seg::Index(_)));
                ctx.value.update(|v| match from_text(&w, t) {
                    Some(x) => set(v, &path, x),
                    None if in_list => set(v, &path, Value::String(String::new())),
                    None => unset(v, &path),
                })
            },
            false,
        );
    }
    let unset_label = default
        .clone()
        .map(|d| format!("— unset ({d})"))
        .unwrap_or_else(|| "— unset".into());
    match w {
        Widget::Choice(choices) => {
            let mut options = vec![(String::new(), unset_label)];
            options.extend(choices.iter().map(|c| (text_of(Some(c)), text_of(Some(c)))));
            view! { <SelectField label=label value=text id=id error=error
            options=Signal::derive(move || options.clone())/> }
            .into_any()
        }
        Widget::Boolean => {
            let options = vec![
                (String::new(), unset_label),
                ("true".into(), "true".into()),
                ("false".into(), "false".into()),
            ];
            view! { <SelectField label=label value=text id=id error=error
            options=Signal::derive(move || options.clone())/> }
            .into_any()
        }
        w => {
            let mut help = match (&w, s["format"].as_str()) {
                (Widget::Number { integer: true }, _) => "whole number".to_string(),
                (Widget::Number { .. }, _) => "number".to_string(),
                (_, Some(f)) => f.to_string(),
                _ => "text".to_string(),
            };
            if let Some(m) = s["minimum"].as_f64() {
                help.push_str(&format!(", at least {m}"));
            }
            if let Some(m) = s["maximum"].as_f64() {
                help.push_str(&format!(", at most {m}"));
            }
            view! { <Field label=label value=text id=id error=error help=help
            placeholder=default.unwrap_or_default()/> }
            .into_any()
        }
    }
}
