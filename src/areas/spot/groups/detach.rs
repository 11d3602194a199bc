//! Detaching the chosen instance from its group, for every provider whose document has it (AWS
//! too, since the catalog's overlay repairs its list of ids): the two choices — terminate it or
//! leave it running outside the group, lower the target or let Spot launch a replacement — are
//! spelled out, then confirmed.

use leptos::prelude::*;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, ConfirmDialog, SelectField};

use super::super::op_call::{send_noting, ExplorerLink, OpWrite};
use super::page::Ctx;
use super::Provider;

/// The two questions a detach asks, with Spot's field behind each answer.
const DETACH_TERMINATE: [(&str, &str); 2] = [
    ("true", "Terminate them"),
    ("false", "Leave them running, outside the group"),
];
const DETACH_DECREMENT: [(&str, &str); 2] = [
    ("false", "Keep the target: Spot launches replacements"),
    (
        "true",
        "Lower the target by the number detached: no replacements",
    ),
];

pub(super) fn choices(
    list: &'static [(&'static str, &'static str)],
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
}

/// What the chosen detach will do, in words.
fn detach_words(id: &str, terminate: bool, decrement: bool, provider: Provider) -> String {
    let fate = match (provider, terminate) {
        (Provider::AzureScaleSet, _) => "leaves the group",
        (_, true) => "is terminated",
        (_, false) => {
            "keeps running outside the group (and is no longer managed or billed through it)"
        }
    };
    let target = if decrement {
        "the target capacity goes down by one, so nothing replaces it"
    } else {
        "the target capacity stays, so Spot launches a replacement"
    };
    format!("{id} {fate}; {target}.")
}

#[component]
pub(super) fn Detach(
    ctx: Ctx,
    chosen: RwSignal<String>,
    /// The instance tab's write and what stopped it (its outcome is shown there).
    w: OpWrite,
    problems: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let provider = ctx.provider;
    let terminate = RwSignal::new("true".to_string());
    let decrement = RwSignal::new("false".to_string());
    let open = RwSignal::new(false);
    let call = move || {
        ctx.op("detach-instance").body(provider.detach_body(
            &[chosen.get()],
            decrement.get() == "true",
            terminate.get() == "true",
        ))
    };
    let words = move |id: String| {
        detach_words(
            &id,
            terminate.get() == "true",
            decrement.get() == "true",
            provider,
        )
    };
    view! {
        <section class="card" id="spot-detach">
            <h3>"Detach the instance"</h3>
            <div class="form-row">
                {(provider != Provider::AzureScaleSet).then(|| view! {
                    <SelectField label="The detached instance" value=terminate id="spot-detach-terminate" options=choices(&DETACH_TERMINATE)/>
                })}
                <SelectField label="The group's target capacity" value=decrement id="spot-detach-decrement" options=choices(&DETACH_DECREMENT)/>
            </div>
            <p class="muted" id="spot-detach-explain">{move || words(match chosen.get() {
                c if c.is_empty() => "The chosen instance".to_string(),
                c => c,
            })}</p>
            <ActionButton label="Detach…" danger=true pending=w.pending() id="spot-detach-open"
                on_click=Callback::new(move |_| match chosen.get_untracked().is_empty() {
                    true => problems.set(vec![FieldError::new("instance", "Choose an instance first.")]),
                    false => open.set(true),
                })/>
            " " <ExplorerLink call=Signal::derive(call)/>
            <ConfirmDialog open=open title="Detach this instance?" confirm_label="Detach" danger=true
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(call), problems))>
                <p id="spot-detach-confirm">{move || words(chosen.get())}</p>
            </ConfirmDialog>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aws_detach_passes_the_builder_with_its_choices_spelled() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = crate::api::spot::catalog::Catalog::parse(&text).unwrap();
        let body = Provider::Aws.detach_body(&["i-1".into()], true, false);
        let call = super::super::op("detach-instance")
            .path("groupId", "sig-1")
            .body(body.clone());
        assert!(
            call.request(&cat, Some("act-1")).is_ok(),
            "{:?}",
            call.request(&cat, Some("act-1")).err()
        );
        assert_eq!(body["instancesToDetach"], serde_json::json!(["i-1"]));
        assert_eq!(
            detach_words("i-1", false, true, Provider::Aws),
            "i-1 keeps running outside the group (and is no longer managed or billed through it); \
             the target capacity goes down by one, so nothing replaces it."
        );
    }
}
