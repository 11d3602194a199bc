//! Who may act in the chosen account, and how: a user assigned to it with a role, an existing
//! user's permissions set or updated (a role, or access policies), a user detached. Each change
//! is said in words and confirmed before it is sent; detaching asks for the user's email.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::spot::envelope::Answer;
use crate::api::ApiError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField};

use super::super::context::use_account;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::{error_for, items, roles, text};

/// What the form does to the user's access.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    Assign,
    Set,
    Update,
    Detach,
}

impl Change {
    const ALL: [Change; 4] = [Change::Assign, Change::Set, Change::Update, Change::Detach];

    fn value(self) -> &'static str {
        match self {
            Change::Assign => "assign",
            Change::Set => "set",
            Change::Update => "update",
            Change::Detach => "detach",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Change::Assign => "Assign to this account (with a role)",
            Change::Set => "Set an existing user's permissions (by email)",
            Change::Update => "Update permissions (a role, or access policies)",
            Change::Detach => "Detach from this account",
        }
    }

    fn from_value(v: &str) -> Change {
        Change::ALL
            .into_iter()
            .find(|c| c.value() == v)
            .unwrap_or(Change::Assign)
    }

    fn op(self) -> &'static str {
        match self {
            Change::Assign => "accounts/assign-users-to-accounts",
            Change::Set => "accounts/set-existing-user-permissions",
            Change::Update => "accounts/update-user-permissions",
            Change::Detach => "accounts/detach-user",
        }
    }
}

/// The user the change is about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct User {
    pub id: String,
    pub email: String,
}

/// The operation for `change` in `account`, or the problem to show beside its field. Policies
/// (comma-separated ids) make an update policy-based.
pub fn access_call(
    change: Change,
    account: &str,
    user: &User,
    role: &str,
    policies: &str,
) -> Result<OpCall, FieldError> {
    if account.is_empty() {
        return Err(FieldError::new(
            "user",
            "Choose a Spot account first (the switcher above).",
        ));
    }
    if user.email.is_empty() {
        return Err(FieldError::new("user", "Choose a user."));
    }
    let policy_ids: Vec<&str> = policies
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(bad) = policy_ids.iter().find(|p| !p.starts_with("pol-")) {
        return Err(FieldError::new(
            "policies",
            format!("\"{bad}\" is not an access policy id (pol-…)."),
        ));
    }
    let call = OpCall::new(change.op());
    Ok(match change {
        Change::Assign => call.body(json!({"mappings": [{"accountId": account, "userId": user.id, "role": role}]})),
        Change::Set => call.path("accountId", account).body(json!({"userEmail": user.email, "role": role})),
        Change::Update if !policy_ids.is_empty() => call.path("accountId", account).body(
            json!({"userId": user.id, "permissionStrategy": "POLICY_BASED", "policyIds": policy_ids}),
        ),
        Change::Update => call.path("accountId", account).body(json!({"userId": user.id, "role": role})),
        Change::Detach => call.path("accountId", account).body(json!({"userEmail": user.email})),
    })
}

/// The change in words, for its confirmation.
pub fn in_words(change: Change, account: &str, email: &str, role: &str, policies: &str) -> String {
    match change {
        Change::Assign => format!("{email} gets the {role} role in account {account}."),
        Change::Set => {
            format!("{email}'s permissions in account {account} become the {role} role.")
        }
        Change::Update if !policies.trim().is_empty() => {
            format!("{email}'s permissions in account {account} become those of the access policies {policies}.")
        }
        Change::Update => format!("{email}'s role in account {account} becomes {role}."),
        Change::Detach => format!("{email} loses all access to account {account}."),
    }
}

#[component]
pub fn Access() -> impl IntoView {
    let account = use_account();
    let users = use_op(|| Some(OpCall::new("accounts/get-users")));
    let write = use_op_write(move |r: &Result<Answer, ApiError>| {
        if r.is_ok() {
            users.refetch();
        }
    });
    let user = RwSignal::new(String::new());
    let change = RwSignal::new(Change::Assign.value().to_string());
    let role = RwSignal::new("viewer".to_string());
    let policies = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let confirming = RwSignal::new(false);
    let chosen_user = move || {
        let email = user.get();
        let id = users
            .ready()
            .and_then(|a| items(&a).into_iter().find(|u| text(u, "email") == email))
            .map(|u| text(&u, "userId"))
            .unwrap_or_default();
        User { id, email }
    };
    let call = move || {
        access_call(
            Change::from_value(&change.get()),
            &account.get().unwrap_or_default(),
            &chosen_user(),
            &role.get(),
            &policies.get(),
        )
    };
    let ask = Callback::new(move |_| match untrack(call) {
        Ok(_) => {
            errors.set(Vec::new());
            write.clear();
            confirming.set(true);
        }
        Err(e) => errors.set(vec![e]),
    });
    let go = Callback::new(move |_| {
        let outcome = untrack(call)
            .map_err(|e| vec![e])
            .and_then(|c| write.send(&c));
        errors.set(outcome.err().unwrap_or_default());
    });
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a user".to_string())];
        o.extend(
            users
                .ready()
                .map(|a| items(&a))
                .unwrap_or_default()
                .iter()
                .map(|u| (text(u, "email"), text(u, "email"))),
        );
        o
    });
    let changes = Signal::derive(|| {
        Change::ALL
            .iter()
            .map(|c| (c.value().to_string(), c.label().to_string()))
            .collect::<Vec<_>>()
    });
    let columns = StoredValue::new(vec![
        Column::text("Email", |u: &Value| text(u, "email")),
        Column::text("User id", |u: &Value| text(u, "userId")),
        Column::text("In this account", move |u: &Value| {
            let here = account.get_untracked().unwrap_or_default();
            let mapped = u["mappedAccountIds"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(here.as_str())));
            if mapped { "yes" } else { "no" }.to_string()
        }),
    ]);
    let detach = move || change.get() == Change::Detach.value();
    let words = Signal::derive(move || {
        in_words(
            Change::from_value(&change.get()),
            &account.get().unwrap_or_default(),
            &user.get(),
            &role.get(),
            &policies.get(),
        )
    });
    view! {
        <section class="spot-org" id="spot-access">
            <h3>"Users and account " <bdi>{move || account.get().unwrap_or_default()}</bdi></h3>
            {users.view(move |a| view! {
                <DataTable id="spot-access-users" in_url=true rows=Signal::derive(move || items(&a)) columns=columns.get_value()
                    row_key=std::sync::Arc::new(|u: &Value| text(u, "email"))
                    empty="No users in the organization."/>
            })}
            <form class="spot-form" id="spot-access-form" on:submit=move |ev| { ev.prevent_default(); ask.run(()); }>
                <SelectField label="User" value=user options=options id="spot-access-user" error=error_for(errors, "user")/>
                <SelectField label="Change" value=change options=changes id="spot-access-change"/>
                <Show when=move || !detach()>
                    <SelectField label="Role" value=role options=Signal::derive(roles) id="spot-access-role"/>
                </Show>
                <Show when=move || change.get() == Change::Update.value()>
                    <Field label="Access policies (ids, comma-separated; replaces the role)" value=policies id="spot-access-policies" error=error_for(errors, "policies")/>
                </Show>
                <ActionButton label="Review change" id="spot-access-send" pending=write.pending() on_click=ask danger=false/>
                " " <ExplorerLink call=Signal::derive(move || call().unwrap_or_else(|_| OpCall::new(Change::from_value(&change.get()).op())))/>
                {super::super::op_call::unsent(errors)}
            </form>
            {move || {
                let title = if detach() { "Detach this user?" } else { "Change this user's access?" };
                let typed = detach().then(|| Signal::derive(move || user.get()));
                match typed {
                    Some(t) => view! {
                        <ConfirmDialog open=confirming title=title confirm_label="Detach" danger=true typed=t on_confirm=go>
                            <p id="spot-access-words">{words}</p>
                        </ConfirmDialog>
                    }.into_any(),
                    None => view! {
                        <ConfirmDialog open=confirming title=title confirm_label="Apply" on_confirm=go>
                            <p id="spot-access-words">{words}</p>
                        </ConfirmDialog>
                    }.into_any(),
                }
            }}
            {write.view(|_| view! { <p class="notice ok" id="spot-access-done">"Done: Spot accepted the change."</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_is_its_operation_with_the_right_body() {
        let u = User {
            id: "u-1".into(),
            email: "a@x.io".into(),
        };
        let c = access_call(Change::Assign, "act-1", &u, "editor", "").unwrap();
        assert_eq!(c.id, "accounts/assign-users-to-accounts");
        assert_eq!(
            c.inputs.body.unwrap()["mappings"][0],
            json!({"accountId": "act-1", "userId": "u-1", "role": "editor"})
        );
        let c = access_call(Change::Update, "act-1", &u, "viewer", "pol-1, pol-2").unwrap();
        assert_eq!(c.inputs.path["accountId"], "act-1");
        assert_eq!(
            c.inputs.body.unwrap()["policyIds"],
            json!(["pol-1", "pol-2"])
        );
        let c = access_call(Change::Detach, "act-1", &u, "viewer", "").unwrap();
        assert_eq!(c.inputs.body.unwrap(), json!({"userEmail": "a@x.io"}));
        assert_eq!(
            access_call(Change::Update, "act-1", &u, "viewer", "x")
                .unwrap_err()
                .field,
            "policies"
        );
        assert_eq!(
            access_call(Change::Set, "act-1", &User::default(), "viewer", "")
                .unwrap_err()
                .field,
            "user"
        );
        assert!(in_words(Change::Detach, "act-1", "a@x.io", "", "").contains("loses all access"));
    }
}
