//! One health check: what Spot answers for it, and its check changed (proxy address and port,
//! protocol, interval, thresholds) — checked beside the fields as the create does, the diff of
//! what the PUT sends shown, sent only once confirmed.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::{message_for, FieldError};
use crate::api::json;
use crate::ui::{Field, SelectField};

use super::super::json_edit::ReviewSend;
use super::super::op_call::{send_noting, unsent, use_op, use_op_write, ExplorerLink, OpCall};
use super::health::{port_problem, proxy_problem, PROTOCOLS};
use super::text;

fn op(name: &str, id: &str) -> OpCall {
    OpCall::new(format!("health-check-service/{name}"))
        .path("HEALTHCHECK_ID", id)
        .query("HEALTHCHECK_ID", id)
}

/// What the edit changes, from a health check as Spot answers it.
fn editable(v: &Value) -> Value {
    let c = &v["check"];
    json!({"healthCheck": {"proxyAddress": v["proxyAddress"], "proxyPort": v["proxyPort"],
        "check": {"protocol": c["protocol"], "interval": c["interval"],
            "healthyThreshold": c["healthyThreshold"], "unhealthyThreshold": c["unhealthyThreshold"]}}})
}

/// The update's body from the fields (`[proxy, proxy port, protocol, interval, healthy,
/// unhealthy]`), or the problems beside their fields.
pub fn update_body(f: [&str; 6]) -> Result<Value, Vec<FieldError>> {
    let mut p = Vec::new();
    if let Some(m) = proxy_problem(f[0]) {
        p.push(FieldError::new("body:healthCheck.proxyAddress", m));
    }
    if let Some(m) = port_problem(f[1]) {
        p.push(FieldError::new("body:healthCheck.proxyPort", m));
    }
    if !PROTOCOLS.contains(&f[2]) {
        p.push(FieldError::new(
            "body:healthCheck.check.protocol",
            "Choose http, https or tcp.",
        ));
    }
    let n = |i: usize| f[i].trim().parse::<u32>().ok().filter(|n| *n >= 1);
    for (i, k) in [
        (3, "interval"),
        (4, "healthyThreshold"),
        (5, "unhealthyThreshold"),
    ] {
        if n(i).is_none() {
            p.push(FieldError::new(
                format!("body:healthCheck.check.{k}"),
                "A whole number, 1 or more.",
            ));
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    Ok(
        json!({"healthCheck": {"proxyAddress": f[0].trim(), "proxyPort": n(1),
        "check": {"protocol": f[2], "interval": n(3), "healthyThreshold": n(4), "unhealthyThreshold": n(5)}}}),
    )
}

#[component]
pub fn HealthDetail(id: String, version: RwSignal<u32>) -> impl IntoView {
    let hid = StoredValue::new(id);
    let read = use_op(move || {
        version.track();
        Some(op("get-health-check", &hid.get_value()))
    });
    let current = Signal::derive(move || read.ready().and_then(|a| a.items?.first().cloned()));
    let fields: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        if let Some(v) = current.get() {
            let c = &v["check"];
            let t = |v: &Value| json::text(v).unwrap_or_default();
            let now = [
                t(&v["proxyAddress"]),
                t(&v["proxyPort"]),
                t(&c["protocol"]),
                t(&c["interval"]),
                t(&c["healthyThreshold"]),
                t(&c["unhealthyThreshold"]),
            ];
            for (f, n) in fields.iter().zip(now) {
                f.set(n);
            }
            // The select shows a protocol: Spot's default when the check names none.
            if fields[2].get_untracked().is_empty() {
                fields[2].set("http".into());
            }
        }
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let review = RwSignal::new(None::<(Value, Value)>);
    let w = use_op_write(move |r| {
        if r.is_ok() {
            review.set(None);
            version.update(|v| *v += 1);
        }
    });
    let body = move || update_body(fields.map(|f| f.get()).each_ref().map(|s| s.as_str()));
    let call = move || op("update-health-check", &hid.get_value()).body(body().unwrap_or_default());
    let do_review = move || match untrack(body) {
        Ok(after) => {
            errors.set(Vec::new());
            w.clear();
            review.set(Some((
                current
                    .get_untracked()
                    .map(|v| editable(&v))
                    .unwrap_or_default(),
                after,
            )));
        }
        Err(e) => errors.set(e),
    };
    let protocols = Signal::derive(|| {
        PROTOCOLS
            .iter()
            .map(|p| (p.to_string(), p.to_uppercase()))
            .collect::<Vec<_>>()
    });
    let labels = [
        "Proxy address",
        "Proxy port",
        "",
        "Interval (seconds)",
        "Healthy after (checks)",
        "Unhealthy after (checks)",
    ];
    let keys = [
        "proxyAddress",
        "proxyPort",
        "check.protocol",
        "check.interval",
        "check.healthyThreshold",
        "check.unhealthyThreshold",
    ];
    view! {
        <section class="card" id="spot-health-detail">
            {read.view(|a| a.items.unwrap_or_default().first().map(|v| view! {
                <h3>"Health check " <bdi>{text(v, "name")}</bdi></h3>
                <p id="spot-health-detail-summary">{format!("{} · resource {} · proxy {}:{} · {} {} port {}", text(v, "id"), text(v, "resourceId"),
                    text(v, "proxyAddress"), text(v, "proxyPort"), text(&v["check"], "protocol"), text(&v["check"], "endpoint"), text(&v["check"], "port"))}</p>
            }))}
            <p class="muted"><ExplorerLink call=Signal::derive(move || op("get-health-check", &hid.get_value()))/></p>
            <div class="form-row">
                {(0..6).map(|i| {
                    let field = format!("body:healthCheck.{}", keys[i]);
                    let error = Signal::derive(move || errors.with(|e| message_for(e, &field).map(str::to_string)));
                    let id = format!("spot-health-edit-{}", keys[i].replace("check.", ""));
                    match i {
                        2 => view! { <SelectField label="Protocol" value=fields[2] id=id options=protocols error=error/> }.into_any(),
                        _ => view! { <Field label=labels[i] value=fields[i] id=id error=error/> }.into_any(),
                    }
                }).collect_view()}
            </div>
            <button type="button" class="btn" id="spot-health-review" on:click=move |_| do_review()>"Review changes"</button>
            " " <ExplorerLink call=Signal::derive(call)/>
            <ReviewSend review=review pending=w.pending() id="spot-health" send_label="Send update…"
                title="Update this health check?" confirm_label="Send update"
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(call), errors))>
                <p>"Spot checks the resource with the settings on the right from now on."</p>
            </ReviewSend>
            {unsent(errors)}
            {w.view(|_| view! { <p class="notice ok" id="spot-health-updated">"Spot updated the health check."</p> })}
        </section>
    }
}
