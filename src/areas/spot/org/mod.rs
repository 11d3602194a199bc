//! Spot's organization (`/spot/org`, its own chunk): users and programmatic users, who may act
//! in the chosen account and how, access policies, the account's cloud credentials, and the
//! organization itself (users' permissions in the account, organizations made and deleted). Every
//! call is a catalog operation sent through the request builder ([`super::op_call`]); each
//! screen links "Open in explorer" for the operations it uses.

mod access;
mod credentials;
mod orgs;
mod policies;
mod users;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::envelope::Answer;
use crate::ui::{tab_enum, tabs, Tab};

use super::SpotNav;
use crate::areas::lazy::lazy_area;

lazy_area!(spot_org_area {
    SpotOrgRoute => Org,
});

tab_enum!(OrgTab {
    Users => ("Users", ""),
    Access => ("Account access", "access"),
    Policies => ("Access policies", "policies"),
    Credentials => ("Cloud credentials", "credentials"),
    Organization => ("Organization", "organization"),
});

#[component]
pub fn Org() -> impl IntoView {
    let params = use_params_map();
    let tab = Memo::new(move |_| OrgTab::from_path(&params.read().get("tab").unwrap_or_default()));
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Organization"</h2>
        {tabs::<OrgTab>("/spot/org", "Organization", "spot-org-tab")}
        {move || match tab.get() {
            OrgTab::Users => view! { <users::Users/> }.into_any(),
            OrgTab::Access => view! { <access::Access/> }.into_any(),
            OrgTab::Policies => view! { <policies::Policies/> }.into_any(),
            OrgTab::Credentials => view! { <credentials::Credentials/> }.into_any(),
            OrgTab::Organization => view! { <orgs::Organization/> }.into_any(),
        }}
    }
}

/// A text field of an item, empty when absent.
fn text(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The items of an answer.
fn items(a: &Answer) -> Vec<Value> {
    a.items.clone().unwrap_or_default()
}

/// The message for `field` among a form's problems. Tracked.
fn error_for(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| message_for(e, field).map(str::to_string)))
}

/// The roles Spot gives a user in an account.
fn roles() -> Vec<(String, String)> {
    [("viewer", "Viewer"), ("editor", "Editor")]
        .into_iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::access::{access_call, Change, User};
    use super::policies::{policy_body, Draft};
    use crate::api::spot::catalog::Catalog;
    use crate::areas::spot::op_call::OpCall;

    /// Every call these screens make passes the builder's checks against Spot's catalog.
    #[test]
    fn the_screens_calls_pass_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        let u = User {
            id: "u-1".into(),
            email: "a@x.io".into(),
        };
        let policy = policy_body(
            "ops",
            "",
            &[Draft {
                effect: "ALLOW".into(),
                actions: "ocean:*".into(),
                resources: "*".into(),
            }],
        )
        .unwrap();
        let mut calls = vec![
            OpCall::new("organizations/get-users"),
            OpCall::new("accounts/get-users"),
            OpCall::new("organizations/get-user").query("userEmail", "a@x.io"),
            OpCall::new("organizations/create-user").query("generateToken", "true")
                .body(json!({"email": "a@x.io", "firstName": "A", "lastName": "B", "role": "viewer"})),
            OpCall::new("organizations/create-programmatic-user").body(json!({"name": "bot", "description": "", "accounts": [{"id": "act-1", "role": "viewer"}]})),
            OpCall::new("organizations/update-programmatic-user").path("userId", "pu-1").body(json!({"description": "", "accounts": [{"id": "act-1", "role": "editor"}]})),
            OpCall::new("organizations/delete-programmatic-user").path("userId", "pu-1"),
            OpCall::new("organizations/get-programmatic-user").path("userId", "pu-1"),
            OpCall::new("accounts/list-access-policies"),
            OpCall::new("accounts/create-access-policy").body(policy.clone()),
            OpCall::new("accounts/update-access-policy").path("policyId", "pol-1").body(policy),
            OpCall::new("accounts/delete-access-policy").path("policyId", "pol-1"),
            OpCall::new("accounts/create-aws-account-external-id"),
            OpCall::new("accounts/set-credentials-for-aws").body(json!({"credentials": {"iamRole": "arn:aws:iam::123456789012:role/x"}})),
            OpCall::new("accounts/validate-credentials-for-azure").body(json!({"clientId": "c", "clientSecret": "s", "tenantId": "t", "subscriptionId": "u"})),
            OpCall::new("accounts/get-users-permissions"),
            OpCall::new("organizations/create-organization").body(json!({"organization": {"name": "o"}})),
            OpCall::new("organizations/delete-organization").path("organizationId", "606079861200"),
            OpCall::new("accounts/validate-credentials-for-gcp").body(json!({"serviceAccount": {"type": "service_account"}})),
        ];
        for change in [Change::Assign, Change::Set, Change::Update, Change::Detach] {
            calls.push(access_call(change, "act-1", &u, "viewer", "").unwrap());
        }
        calls.push(access_call(Change::Update, "act-1", &u, "viewer", "pol-1").unwrap());
        for c in calls {
            let req = c.request(&cat, Some("act-1"));
            assert!(req.is_ok(), "{}: {:?}", c.id, req.err());
        }
    }
}
