//! Health checks: the account's list, one created with its proxy address and protocol checked
//! beside their fields before anything is sent, one opened and changed ([`super::health_edit`]),
//! and deleted after the name is typed.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField};

use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{error_for, id_of, text};

fn op(name: &str) -> OpCall {
    OpCall::new(format!("health-check-service/{name}"))
}

/// The protocols Spot's health checks run.
pub const PROTOCOLS: [&str; 3] = ["http", "https", "tcp"];

/// What Spot asks of a proxy address: `http://` or `https://`, a host, no path. The problem in
/// words, if any.
pub fn proxy_problem(address: &str) -> Option<String> {
    let a = address.trim();
    let host = a
        .strip_prefix("http://")
        .or_else(|| a.strip_prefix("https://"));
    match host {
        None => Some("Start with http:// or https:// (for example http://10.0.1.10).".into()),
        Some("") => Some("Give the proxy's host after the scheme.".into()),
        Some(h) if h.contains(char::is_whitespace) => Some("An address has no spaces.".into()),
        Some(h) if h.contains('/') => {
            Some("The address is the proxy's host (and port) only, without a path.".into())
        }
        Some(_) => None,
    }
}

/// A port: 1 to 65535.
pub fn port_problem(port: &str) -> Option<String> {
    match port.trim().parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => None,
        _ => Some("A port is a whole number from 1 to 65535.".into()),
    }
}

/// The create body, or the problems beside their fields.
pub fn health_check_body(
    name: &str,
    resource: &str,
    proxy: &str,
    proxy_port: &str,
    protocol: &str,
    endpoint: &str,
    port: &str,
) -> Result<Value, Vec<FieldError>> {
    let mut p = Vec::new();
    if resource.trim().is_empty() {
        p.push(FieldError::new(
            "body:healthCheck.resourceId",
            "The resource to check (an Elastigroup id, sig-…).",
        ));
    }
    if let Some(m) = proxy_problem(proxy) {
        p.push(FieldError::new("body:healthCheck.proxyAddress", m));
    }
    for (f, v) in [
        ("body:healthCheck.proxyPort", proxy_port),
        ("body:healthCheck.check.port", port),
    ] {
        if let Some(m) = port_problem(v) {
            p.push(FieldError::new(f, m));
        }
    }
    if !PROTOCOLS.contains(&protocol) {
        p.push(FieldError::new(
            "body:healthCheck.check.protocol",
            "Choose http, https or tcp.",
        ));
    }
    if !p.is_empty() {
        return Err(p);
    }
    let n = |s: &str| s.trim().parse::<u32>().unwrap_or_default();
    Ok(
        json!({"healthCheck": {"name": name.trim(), "resourceId": resource.trim(),
        "proxyAddress": proxy.trim(), "proxyPort": n(proxy_port),
        "check": {"protocol": protocol, "endpoint": endpoint.trim(), "port": n(port),
            "interval": 10, "timeout": 5, "healthyThreshold": 2, "unhealthyThreshold": 2}}}),
    )
}

#[derive(Clone, Debug, PartialEq)]
struct Check {
    id: Option<String>,
    name: String,
    proxy: String,
    resource: String,
}

#[component]
pub fn HealthChecks() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = use_op(move || {
        version.track();
        Some(op("list-health-checks"))
    });
    let doomed = RwSignal::new(None::<(String, String)>);
    let opened = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let remove = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let delete_call = move || {
        let id = doomed.get().map(|d| d.0).unwrap_or_default();
        op("delete-health-check")
            .path("HEALTHCHECK_ID", id.clone())
            .query("HEALTHCHECK_ID", id)
    };
    let columns = StoredValue::new(vec![
        Column::view("Name", |c: &Check| view! { <bdi>{c.name.clone()}</bdi> })
            .sort_by_text(|c: &Check| c.name.clone()),
        Column::text("Id", |c: &Check| {
            c.id.clone().unwrap_or_else(|| "(unreadable id)".into())
        }),
        Column::text("Proxy", |c: &Check| c.proxy.clone()),
        Column::text("Resource", |c: &Check| c.resource.clone()),
        Column::view("", move |c: &Check| {
            c.id.clone().map(|id| {
                let (name, shown) = (c.name.clone(), id.clone());
                view! { <button type="button" class="btn" on:click=move |_| opened.set(Some(shown.clone()))>"Open"</button>
                    " " <button type="button" class="btn danger" on:click=move |_| { doomed.set(Some((id.clone(), name.clone()))); remove.clear(); open.set(true); }>"Delete…"</button> }
            })
        }),
    ]);
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Health checks"</h2>
        <p class="muted"><ExplorerLink call=op("list-health-checks")/></p>
        {list.view(move |a| {
            let rows: Vec<Check> = a.items.unwrap_or_default().iter().map(|v| Check {
                id: id_of(v), name: text(v, "name"),
                proxy: format!("{}{}", text(v, "proxyAddress"), Some(text(v, "proxyPort")).filter(|p| !p.is_empty()).map(|p| format!(":{p}")).unwrap_or_default()),
                resource: text(v, "resourceId"),
            }).collect();
            view! { <DataTable id="spot-health-checks" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                search=Arc::new(|c: &Check| format!("{} {} {}", c.name, c.proxy, c.resource))
                row_key=Arc::new(|c: &Check| c.id.clone().unwrap_or_default()) empty="No health checks in this account."/> }
        })}
        <ConfirmDialog open=open title="Delete this health check?" confirm_label="Delete" danger=true
            typed=Signal::derive(move || doomed.get().map(|d| d.1).unwrap_or_default())
            on_confirm=Callback::new(move |_| problems.set(remove.send(&untrack(delete_call)).err().unwrap_or_default()))>
            <p>"Spot stops checking the resource through this proxy. Type the check's name to delete it."</p>
        </ConfirmDialog>
        {unsent(problems)}
        {remove.view(|_| view! { <p class="notice ok" id="spot-health-deleted">"Deleted."</p> })}
        {move || opened.get().map(|id| view! { <super::health_edit::HealthDetail id=id version=version/> })}
        <Create version=version/>
    }
}

#[component]
fn Create(version: RwSignal<u32>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let resource = RwSignal::new(String::new());
    let proxy = RwSignal::new(String::new());
    let proxy_port = RwSignal::new("80".to_string());
    let protocol = RwSignal::new("http".to_string());
    let endpoint = RwSignal::new("/health".to_string());
    let port = RwSignal::new("80".to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let body = move || {
        health_check_body(
            &name.get(),
            &resource.get(),
            &proxy.get(),
            &proxy_port.get(),
            &protocol.get(),
            &endpoint.get(),
            &port.get(),
        )
    };
    let call = move || op("create-health-check").body(body().unwrap_or_default());
    let send = move || {
        let result = untrack(body).and_then(|b| create.send(&op("create-health-check").body(b)));
        errors.set(result.err().unwrap_or_default());
    };
    let protocols = Signal::derive(|| {
        PROTOCOLS
            .iter()
            .map(|p| (p.to_string(), p.to_uppercase()))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card" id="spot-health-create">
            <h3>"Create a health check"</h3>
            <p class="muted">"Spot checks the resource's instances through your proxy; the address and protocol are checked here before anything is sent."</p>
            <div class="form-row">
                <Field label="Name" value=name id="spot-health-name"/>
                <Field label="Resource id" value=resource id="spot-health-resource" placeholder="sig-…" error=error_for(errors, "body:healthCheck.resourceId")/>
                <Field label="Proxy address" value=proxy id="spot-health-proxy" placeholder="http://10.0.1.10" error=error_for(errors, "body:healthCheck.proxyAddress")/>
                <Field label="Proxy port" value=proxy_port id="spot-health-proxy-port" input_type="number" error=error_for(errors, "body:healthCheck.proxyPort")/>
            </div>
            <div class="form-row">
                <SelectField label="Protocol" value=protocol id="spot-health-protocol" options=protocols error=error_for(errors, "body:healthCheck.check.protocol")/>
                <Field label="Path checked" value=endpoint id="spot-health-endpoint"/>
                <Field label="Port checked" value=port id="spot-health-port" input_type="number" error=error_for(errors, "body:healthCheck.check.port")/>
            </div>
            <ActionButton label="Create health check" pending=create.pending() id="spot-health-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {unsent(errors)}
            {create.view(|a| {
                let made = a.items.unwrap_or_default().first().map(|v| (text(v, "name"), text(v, "id"))).unwrap_or_default();
                view! { <p class="notice ok" id="spot-health-done">"Created " <bdi>{made.0}</bdi> " (" {made.1} ")."</p> }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_address_is_refused_beside_its_field() {
        assert!(proxy_problem("http://10.0.1.10").is_none());
        assert!(proxy_problem("https://proxy.example:8443").is_none());
        for bad in [
            "10.0.1.10",
            "ftp://x",
            "http://",
            "http://a b",
            "http://x/health",
        ] {
            assert!(proxy_problem(bad).is_some(), "{bad}");
        }
        let e = health_check_body("n", "sig-1", "10.0.1.10", "80", "http", "/", "80").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, "body:healthCheck.proxyAddress");
        let e = health_check_body("n", "sig-1", "http://x", "0", "udp", "/", "80").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            [
                "body:healthCheck.proxyPort",
                "body:healthCheck.check.protocol"
            ]
        );
        assert!(health_check_body("n", "sig-1", "http://x", "80", "tcp", "", "22").is_ok());
    }
}
