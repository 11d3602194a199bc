//! The chosen account's cloud credentials. AWS in Spot's order — the external id first (it
//! goes into the IAM role's trust policy), then the role ARN — explained on the screen; GCP and
//! Azure validated first, then set (Set is offered for exactly what validated). Bodies holding a
//! secret (a private key, a client secret) are never shown back: their outcome is shown without
//! the request disclosure, and nothing of them is stored.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::spot::envelope::Answer;
use crate::api::ApiError;
use crate::ui::{ActionButton, CopyButton, ErrorNotice, Field, TextArea};

use super::super::context::use_account;
use super::super::op_call::{use_op_write, ExplorerLink, OpCall, OpWrite};
use super::{error_for, items, text};

/// An IAM role ARN, or why it is not one.
pub fn role_arn(s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    let ok = s
        .strip_prefix("arn:aws:iam::")
        .and_then(|r| r.split_once(":role/"))
        .is_some_and(|(acct, role)| {
            acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty()
        });
    if ok {
        Ok(s.to_string())
    } else {
        Err(FieldError::new(
            "body:credentials.iamRole",
            "Enter the role's ARN, such as arn:aws:iam::123456789012:role/SpotRole.",
        ))
    }
}

/// A GCP service account key file's JSON, or why it cannot be one.
pub fn gcp_body(key: &str) -> Result<Value, Vec<FieldError>> {
    let field = "gcp:key";
    let v: Value = serde_json::from_str(key.trim()).map_err(|_| {
        vec![FieldError::new(
            field,
            "Paste the service account's JSON key file.",
        )]
    })?;
    let missing: Vec<&str> = ["type", "project_id", "private_key", "client_email"]
        .into_iter()
        .filter(|k| text(&v, k).trim().is_empty())
        .collect();
    if !missing.is_empty() {
        return Err(vec![FieldError::new(
            field,
            format!("The key file has no {}.", missing.join(", ")),
        )]);
    }
    Ok(json!({"serviceAccount": v}))
}

/// Azure's four values, or the problem with each.
pub fn azure_body(values: [(&'static str, String); 4]) -> Result<Value, Vec<FieldError>> {
    let errors: Vec<FieldError> = values
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| FieldError::new(format!("body:{k}"), format!("{k} is required.")))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Value::Object(
        values
            .into_iter()
            .map(|(k, v)| (k.to_string(), json!(v.trim())))
            .collect(),
    ))
}

#[component]
pub fn Credentials() -> impl IntoView {
    view! {
        <Aws/>
        <Gcp/>
        <Azure/>
    }
}

fn external_id_call() -> OpCall {
    OpCall::new("accounts/create-aws-account-external-id")
}

fn aws_call(role: String) -> OpCall {
    OpCall::new("accounts/set-credentials-for-aws").body(json!({"credentials": {"iamRole": role}}))
}

#[component]
fn Aws() -> impl IntoView {
    let account = use_account();
    let external = use_op_write(|_: &Result<Answer, ApiError>| {});
    let set = use_op_write(|_: &Result<Answer, ApiError>| {});
    let role = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let made = move || external.done().is_some_and(|r| r.is_ok());
    let on_external = Callback::new(move |_| {
        set.clear();
        let outcome = external.send(&external_id_call());
        errors.set(outcome.err().unwrap_or_default());
    });
    let on_set = Callback::new(move |_| {
        let outcome = role_arn(&role.get_untracked())
            .map_err(|e| vec![e])
            .and_then(|r| set.send(&aws_call(r)));
        errors.set(outcome.err().unwrap_or_default());
    });
    view! {
        <section class="spot-org" id="spot-credentials-aws">
            <h3>"AWS"</h3>
            <p>"Spot reaches account " <bdi>{move || account.get().unwrap_or_default()}</bdi>
                " through an IAM role in your AWS account, and Spot requires two steps in this order:"</p>
            <ol class="steps">
                <li>"Create the external ID. Spot makes it for this account; it must be in the role's trust policy, so it comes before the role."</li>
                <li>"In AWS, create the IAM role that trusts Spot with this external ID (the condition sts:ExternalId)."</li>
                <li>"Set the role's ARN here. Spot refuses a role ARN for an account that has no external ID yet."</li>
            </ol>
            <h4>"1. External ID"</h4>
            <ActionButton label="Create external ID" id="spot-aws-external-send" pending=external.pending() on_click=on_external/>
            " " <ExplorerLink call=Signal::derive(external_id_call)/>
            {external.view(|a| {
                let item = items(&a).into_iter().next().unwrap_or_default();
                let id = text(&item, "externalId");
                let copy = id.clone();
                view! {
                    <p class="notice ok" id="spot-aws-external">"External ID: " <code id="spot-aws-external-id">{id}</code> " "
                        <CopyButton text=Signal::derive(move || copy.clone()) label="Copy"/>
                        {Some(text(&item, "maxValidUntil")).filter(|u| !u.is_empty()).map(|u| format!(" — use it before {u}."))}</p>
                }
            })}
            <h4>"2. Role ARN"</h4>
            <form class="spot-form" id="spot-aws-role-form" on:submit=move |ev| { ev.prevent_default(); on_set.run(()); }>
                <Field label="IAM role ARN" value=role id="spot-aws-role" placeholder="arn:aws:iam::123456789012:role/SpotRole"
                    error=error_for(errors, "body:credentials.iamRole")/>
                <Show when=move || !made()>
                    <p class="muted" id="spot-aws-order">"No external ID was created on this page: unless one was created for this account before, Spot will refuse the role ARN."</p>
                </Show>
                <ActionButton label="Set role ARN" id="spot-aws-role-send" pending=set.pending() on_click=on_set/>
                " " <ExplorerLink call=Signal::derive(move || aws_call(role.get().trim().to_string()))/>
                {super::super::op_call::unsent(errors)}
            </form>
            {set.view(|_| view! { <p class="notice ok" id="spot-aws-set">"Spot accepted the role: the account's AWS credentials are set."</p> })}
        </section>
    }
}

/// Validate, then set, the same body. The outcome is shown without the request (it carries the
/// credential).
#[component]
fn ValidateThenSet(
    provider: &'static str,
    validate_op: &'static str,
    set_op: &'static str,
    body: Signal<Result<Value, Vec<FieldError>>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let validated = RwSignal::new(None::<Value>);
    let sending = StoredValue::new(None::<Value>);
    let validate = use_op_write(move |r: &Result<Answer, ApiError>| {
        validated.set(r.as_ref().ok().and_then(|_| sending.get_value()));
    });
    let set = use_op_write(|_: &Result<Answer, ApiError>| {});
    let run = move |w: OpWrite, op: &'static str| {
        validate.clear();
        set.clear();
        let outcome = body.get_untracked().and_then(|b| {
            sending.set_value(Some(b.clone()));
            w.send(&OpCall::new(op).body(b))
        });
        errors.set(outcome.err().unwrap_or_default());
    };
    let ready = Signal::derive(move || {
        body.get()
            .ok()
            .is_some_and(|b| validated.get().as_ref() == Some(&b))
    });
    let lower = provider.to_lowercase();
    let outcome = move |w: OpWrite, ok: &'static str| {
        move || {
            w.done().map(|r| match r {
                Ok(_) => view! { <p class="notice ok">{ok}</p> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            })
        }
    };
    view! {
        <ActionButton label="Validate" id=format!("spot-{lower}-validate") pending=validate.pending() on_click=Callback::new(move |_| run(validate, validate_op))/>
        " "
        <ActionButton label="Set credentials" id=format!("spot-{lower}-set") pending=set.pending() disabled=Signal::derive(move || !ready.get())
            on_click=Callback::new(move |_| run(set, set_op))/>
        " " <ExplorerLink call=Signal::derive(move || OpCall::new(validate_op))/>
        " " <ExplorerLink call=Signal::derive(move || OpCall::new(set_op))/>
        <Show when=move || !ready.get()>
            <p class="muted">"Set is offered once Spot has validated exactly these values."</p>
        </Show>
        <div id=format!("spot-{lower}-outcome")>
            {super::super::op_call::unsent(errors)}
            {outcome(validate, "Spot validated these credentials; you can set them now.")}
            {outcome(set, "Spot accepted the credentials for this account.")}
        </div>
    }
}

#[component]
fn Gcp() -> impl IntoView {
    let key = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    view! {
        <section class="spot-org" id="spot-credentials-gcp">
            <h3>"GCP"</h3>
            <p>"Paste the JSON key file of the service account Spot uses. Spot validates it first; only then can it be set."</p>
            <TextArea label="Service account key (JSON)" value=key id="spot-gcp-key" rows=6 error=error_for(errors, "gcp:key")/>
            <ValidateThenSet provider="GCP" validate_op="accounts/validate-credentials-for-gcp" set_op="accounts/set-credentials-for-gcp"
                body=Signal::derive(move || gcp_body(&key.get())) errors=errors/>
        </section>
    }
}

#[component]
fn Azure() -> impl IntoView {
    let client = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let tenant = RwSignal::new(String::new());
    let subscription = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let body = Signal::derive(move || {
        azure_body([
            ("clientId", client.get()),
            ("clientSecret", secret.get()),
            ("tenantId", tenant.get()),
            ("subscriptionId", subscription.get()),
        ])
    });
    view! {
        <section class="spot-org" id="spot-credentials-azure">
            <h3>"Azure"</h3>
            <p>"The app registration Spot uses. Spot validates the values first; only then can they be set."</p>
            <Field label="Client id" value=client id="spot-azure-client" error=error_for(errors, "body:clientId")/>
            <Field label="Client secret" value=secret id="spot-azure-secret" input_type="password" error=error_for(errors, "body:clientSecret")/>
            <Field label="Tenant id" value=tenant id="spot-azure-tenant" error=error_for(errors, "body:tenantId")/>
            <Field label="Subscription id" value=subscription id="spot-azure-subscription" error=error_for(errors, "body:subscriptionId")/>
            <ValidateThenSet provider="Azure" validate_op="accounts/validate-credentials-for-azure" set_op="accounts/set-credentials-for-azure"
                body=body errors=errors/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_checked_before_sending() {
        assert!(role_arn(" arn:aws:iam::123456789012:role/Spot ").is_ok());
        assert!(role_arn("arn:aws:iam::1234:role/Spot").is_err());
        assert!(role_arn("arn:aws:iam::123456789012:user/Spot").is_err());
        let key = r#"{"type":"service_account","project_id":"p","private_key":"k","client_email":"e@p.iam"}"#;
        assert_eq!(gcp_body(key).unwrap()["serviceAccount"]["project_id"], "p");
        assert!(gcp_body(r#"{"type":"service_account"}"#).unwrap_err()[0]
            .message
            .contains("project_id, private_key, client_email"));
        assert!(gcp_body("not json").is_err());
        let errors = azure_body([
            ("clientId", "c".into()),
            ("clientSecret", " ".into()),
            ("tenantId", "t".into()),
            ("subscriptionId", String::new()),
        ])
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, vec!["body:clientSecret", "body:subscriptionId"]);
    }
}
