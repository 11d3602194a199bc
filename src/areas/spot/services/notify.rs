//! Notification subscriptions (list, subscribe, one opened as Spot answers it, its endpoint
//! changed, unsubscribed with the endpoint typed) and the account's notification policy (shown, edited as JSON with the diff
//! before the PUT).

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField, TextArea};

use super::super::json_edit::ReviewSend;
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{error_for, id_of, text};

fn op(name: &str) -> OpCall {
    OpCall::new(format!("notification-subscription-service/{name}"))
}

/// The protocols Spot delivers notifications with.
const PROTOCOLS: [&str; 6] = ["email", "http", "https", "aws-sns", "web", "email-json"];

/// What a subscription's page shows of Spot's answer.
const SUB_FIELDS: [(&str, &str); 7] = [
    ("Id", "/id"),
    ("Event", "/eventType"),
    ("Protocol", "/protocol"),
    ("Endpoint", "/endpoint"),
    ("Resource", "/resourceId"),
    ("Created", "/createdAt"),
    ("Updated", "/updatedAt"),
];

#[derive(Clone, Debug, PartialEq)]
struct Sub {
    id: Option<String>,
    endpoint: String,
    event: String,
    protocol: String,
    resource: String,
}

#[component]
pub fn Subscriptions() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = use_op(move || {
        version.track();
        Some(op("list-subscriptions"))
    });
    let chosen = RwSignal::new(None::<Sub>);
    let endpoint = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let sid = move || chosen.get().and_then(|s| s.id).unwrap_or_default();
    let update_call = move || {
        op("update-subscription")
            .path("SUBSCRIPTION_ID", sid())
            .body(json!({"subscription": {"endpoint": endpoint.get().trim()}}))
    };
    let delete_call = move || op("unsubscribe").path("SUBSCRIPTION_ID", sid());
    let columns = StoredValue::new(vec![
        Column::text("Event", |s: &Sub| s.event.clone()).sort_by_text(|s: &Sub| s.event.clone()),
        Column::text("Protocol", |s: &Sub| s.protocol.clone()),
        Column::view(
            "Endpoint",
            |s: &Sub| view! { <bdi>{s.endpoint.clone()}</bdi> },
        ),
        Column::text("Resource", |s: &Sub| s.resource.clone()),
        Column::view("", move |s: &Sub| {
            let s = s.clone();
            s.id.is_some().then(|| view! { <button type="button" class="btn" on:click=move |_| { endpoint.set(s.endpoint.clone()); chosen.set(Some(s.clone())); w.clear(); }>"Open"</button> })
        }),
    ]);
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Notifications"</h2>
        <h3>"Subscriptions"</h3>
        <p class="muted"><ExplorerLink call=op("list-subscriptions")/></p>
        {list.view(move |a| {
            let rows: Vec<Sub> = a.items.unwrap_or_default().iter().map(|v| Sub {
                id: id_of(v), endpoint: text(v, "endpoint"), event: text(v, "eventType"),
                protocol: text(v, "protocol"), resource: text(v, "resourceId"),
            }).collect();
            view! { <DataTable id="spot-subscriptions" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                search=Arc::new(|s: &Sub| format!("{} {} {} {}", s.event, s.protocol, s.endpoint, s.resource))
                row_key=Arc::new(|s: &Sub| s.id.clone().unwrap_or_default()) empty="No subscriptions in this account."/> }
        })}
        <super::detail::Detail id="spot-sub-detail" title="Subscription" fields=&SUB_FIELDS
            call=Signal::derive(move || { version.track(); chosen.get().and_then(|s| s.id).map(|id| op("get-subscription").path("SUBSCRIPTION_ID", id)) })/>
        {move || chosen.get().map(|s| view! {
            <section class="card" id="spot-sub-edit">
                <h3>"Subscription " {s.id.clone()} " (" {s.event.clone()} ")"</h3>
                <Field label="Endpoint" value=endpoint id="spot-sub-edit-endpoint"/>
                <ActionButton label="Save endpoint" pending=w.pending() id="spot-sub-save"
                    on_click=Callback::new(move |_| problems.set(w.send(&untrack(update_call)).err().unwrap_or_default()))/>
                " " <ExplorerLink call=Signal::derive(update_call)/> " "
                <ActionButton label="Unsubscribe…" danger=true pending=w.pending() id="spot-sub-delete"
                    on_click=Callback::new(move |_| open.set(true))/>
                " " <ExplorerLink call=Signal::derive(delete_call)/>
            </section>
        })}
        <ConfirmDialog open=open title="Unsubscribe?" confirm_label="Unsubscribe" danger=true
            typed=Signal::derive(move || chosen.get().map(|s| s.endpoint).unwrap_or_default())
            on_confirm=Callback::new(move |_| { problems.set(w.send(&untrack(delete_call)).err().unwrap_or_default()); chosen.set(None); })>
            <p>"The endpoint stops receiving these events. Type the endpoint to confirm."</p>
        </ConfirmDialog>
        {unsent(problems)}
        {w.view(|_| view! { <p class="notice ok" id="spot-sub-done">"Spot accepted it."</p> })}
        <Subscribe version=version/>
        <Policy/>
    }
}

#[component]
fn Subscribe(version: RwSignal<u32>) -> impl IntoView {
    let endpoint = RwSignal::new(String::new());
    let event = RwSignal::new("GROUP_UPDATED".to_string());
    let protocol = RwSignal::new("email".to_string());
    let resource = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let call = move || {
        op("subscribe").body(json!({"subscription": {"endpoint": endpoint.get().trim(),
        "eventType": event.get().trim(), "protocol": protocol.get(), "resourceId": resource.get().trim()}}))
    };
    let send = move || {
        let mut p = Vec::new();
        for (f, s, m) in [
            (
                "body:subscription.endpoint",
                endpoint,
                "Where to send the events (an address or URL).",
            ),
            (
                "body:subscription.eventType",
                event,
                "Which event (for example GROUP_UPDATED).",
            ),
            (
                "body:subscription.resourceId",
                resource,
                "The resource whose events are sent (sig-…, o-…).",
            ),
        ] {
            if s.get_untracked().trim().is_empty() {
                p.push(FieldError::new(f, m));
            }
        }
        let url = endpoint.get_untracked();
        if protocol.get_untracked().starts_with("http")
            && crate::ui::safe_href(url.trim()).is_none()
        {
            p.push(FieldError::new(
                "body:subscription.endpoint",
                "An http(s) protocol needs an http:// or https:// address.",
            ));
        }
        if p.is_empty() {
            p = create.send(&untrack(call)).err().unwrap_or_default();
        }
        errors.set(p);
    };
    let protocols = Signal::derive(|| {
        PROTOCOLS
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card" id="spot-sub-create">
            <h3>"Subscribe"</h3>
            <div class="form-row">
                <Field label="Event type" value=event id="spot-sub-event" error=error_for(errors, "body:subscription.eventType")/>
                <SelectField label="Protocol" value=protocol id="spot-sub-protocol" options=protocols/>
                <Field label="Endpoint" value=endpoint id="spot-sub-endpoint" error=error_for(errors, "body:subscription.endpoint")/>
                <Field label="Resource id" value=resource id="spot-sub-resource" error=error_for(errors, "body:subscription.resourceId")/>
            </div>
            <ActionButton label="Subscribe" pending=create.pending() id="spot-sub-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {unsent(errors)}
            {create.view(|_| view! { <p class="notice ok" id="spot-sub-made">"Subscribed."</p> })}
        </section>
    }
}

/// The account's notification policy, edited as JSON with the diff before the PUT.
#[component]
fn Policy() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let policy = use_op(move || {
        version.track();
        Some(op("get-account-notification-policy"))
    });
    let current = Signal::derive(move || {
        policy
            .ready()
            .and_then(|a| a.items?.first().map(|i| i["accountPolicy"].clone()))
    });
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(p) = current.get() {
            text.set(serde_json::to_string_pretty(&p).unwrap_or_default());
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(move |r| {
        if r.is_ok() {
            review.set(None);
            version.update(|v| *v += 1)
        }
    });
    let call = move || {
        op("update-account-notification-policy")
            .body(json!({"accountPolicy": review.get().map(|r| r.1).unwrap_or_default()}))
    };
    let do_review = move || match serde_json::from_str::<Value>(&text.get_untracked()) {
        Ok(after) if after.is_object() => {
            problems.set(Vec::new());
            w.clear();
            review.set(Some((current.get_untracked().unwrap_or_default(), after)));
        }
        _ => problems.set(vec![FieldError::new(
            "body",
            "The policy must be a JSON object.",
        )]),
    };
    view! {
        <section class="card" id="spot-policy">
            <h3>"Account notification policy"</h3>
            <p class="muted">"Which categories of events reach e-mail and Slack, for which resources. "
                <ExplorerLink call=op("get-account-notification-policy")/></p>
            {policy.view(|_| ())}
            <TextArea label="Policy (JSON)" value=text id="spot-policy-json" rows=10/>
            <button type="button" class="btn" id="spot-policy-review" on:click=move |_| do_review()>"Review changes"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            {unsent(problems)}
            <ReviewSend review=review pending=w.pending() id="spot-policy" send_label="Send policy…"
                title="Replace the notification policy?" confirm_label="Send policy"
                on_confirm=Callback::new(move |_| problems.set(w.send(&untrack(call)).err().unwrap_or_default()))>
                <p>"The policy shown on the right replaces the account's policy for every user."</p>
            </ReviewSend>
            {w.view(|_| view! { <p class="notice ok" id="spot-policy-done">"Spot updated the policy."</p> })}
        </section>
    }
}
