use leptos::prelude::*;

/// A labelled input with its validation message right beside it. The value stays what the
/// user typed whatever the outcome of a request.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    /// The message shown next to the field (and the field marked invalid) when `Some`.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] min: Option<String>,
    #[prop(optional, into)] max: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{}", slug(&label)));
    let err_id = format!("{id}-error");
    let input_type = input_type.unwrap_or_else(|| "text".into());
    let secret = input_type == "password";
    view! {
        <label class="field" for=id.clone()>
            <span class="field-label">{label}</span>
            <input
                id=id.clone()
                name=id.clone()
                type=input_type
                placeholder=placeholder
                min=min
                max=max
                autocomplete=if secret { "off" } else { "on" }
                spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=err_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {below(help, err_id, error)}
        </label>
    }
}

/// A multi-line input (scripts, JSON, YAML) with its validation message.
#[component]
pub fn TextArea(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{}", slug(&label)));
    let err_id = format!("{id}-error");
    view! {
        <label class="field" for=id.clone()>
            <span class="field-label">{label}</span>
            <textarea
                id=id.clone()
                class="code"
                rows=rows.unwrap_or(8)
                spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            {below(help, err_id, error)}
        </label>
    }
}

/// A choice among fixed options: (value, label) pairs.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{}", slug(&label)));
    let for_id = id.clone();
    view! {
        <label class="field" for=for_id>
            <span class="field-label">{label}</span>
            <select
                id=id
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == value.get_untracked();
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <small class="field-error" role="alert">{move || error.get()}</small>
        </label>
    }
}

/// A labelled on/off switch.
#[component]
pub fn Checkbox(
    #[prop(into)] label: String,
    value: RwSignal<bool>,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("f-{}", slug(&label)));
    let for_id = id.clone();
    view! {
        <label class="check" for=for_id>
            <input
                id=id
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}

/// What a field shows under its input: the help line and the validation message.
fn below(help: Option<String>, err_id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        {help.map(|h| view! { <small class="help">{h}</small> })}
        <small class="field-error" id=err_id role="alert">{move || error.get()}</small>
    }
}

/// A [`SelectField`]'s options: first `none` (the empty value), then each value as its label.
pub fn options(none: &str, values: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(values.into_iter().map(|v| (v.clone(), v)))
        .collect()
}

fn slug(label: &str) -> String {
    label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}
