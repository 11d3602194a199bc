//! The organization itself: who may act in the chosen account and how (Spot's users'
//! permissions), a new organization made (its id as Spot answers it), and an organization
//! deleted once its id is typed.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field};

use super::super::op_call::{send_noting, unsent, use_op, use_op_write, ExplorerLink, OpCall};
use super::{error_for, items, text};

/// One user's permission in the account, as listed.
#[derive(Clone, Debug, PartialEq)]
struct Permission {
    user: String,
    role: String,
    strategy: String,
    policies: String,
}

impl Permission {
    fn read(v: &Value) -> Permission {
        let user = Some(text(v, "userEmail"))
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| text(v, "userId"));
        let policies = crate::api::json::strings(v.get("policyIds")).join(", ");
        Permission {
            user,
            role: text(v, "role"),
            strategy: text(v, "permissionStrategy"),
            policies,
        }
    }
}

#[component]
pub fn Organization() -> impl IntoView {
    let permissions = use_op(|| Some(OpCall::new("accounts/get-users-permissions")));
    let columns = vec![
        Column::view(
            "User",
            |p: &Permission| view! { <bdi>{p.user.clone()}</bdi> },
        )
        .sort_by_text(|p: &Permission| p.user.clone()),
        Column::text("Role", |p: &Permission| p.role.clone()),
        Column::text("Permission strategy", |p: &Permission| p.strategy.clone()),
        Column::text("Access policies", |p: &Permission| p.policies.clone()),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <section class="card" id="spot-org-permissions">
            <h3>"Permissions in this account"</h3>
            <p class="muted">"Each user who may act in the chosen account, with the role or the access policies that say what they may do. "
                <ExplorerLink call=OpCall::new("accounts/get-users-permissions")/></p>
            {permissions.view(move |a| {
                let rows: Vec<Permission> = items(&a).iter().map(Permission::read).collect();
                view! { <DataTable id="spot-org-permissions-table" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                    search=Arc::new(|p: &Permission| format!("{} {} {}", p.user, p.role, p.policies))
                    row_key=Arc::new(|p: &Permission| p.user.clone()) empty="No user may act in this account."/> }
            })}
        </section>
        <Organizations/>
    }
}

#[component]
fn Organizations() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let doomed = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(|_| ());
    let remove = use_op_write(|_| ());
    let create_call = move || {
        OpCall::new("organizations/create-organization")
            .body(json!({"organization": {"name": name.get().trim()}}))
    };
    let delete_call = move || {
        OpCall::new("organizations/delete-organization")
            .path("organizationId", doomed.get().trim().to_string())
    };
    let send = move || {
        if name.get_untracked().trim().is_empty() {
            return errors.set(vec![FieldError::new(
                "body:organization.name",
                "Give the organization a name.",
            )]);
        }
        send_noting(create, &untrack(create_call), errors);
    };
    let ask = move || {
        if doomed.get_untracked().trim().is_empty() {
            return errors.set(vec![FieldError::new(
                "path:organizationId",
                "The id of the organization to delete.",
            )]);
        }
        errors.set(Vec::new());
        remove.clear();
        open.set(true);
    };
    view! {
        <section class="card" id="spot-org-organizations">
            <h3>"Organizations"</h3>
            <div class="form-row">
                <Field label="New organization's name" value=name id="spot-org-new-name" error=error_for(errors, "body:organization.name")/>
            </div>
            <ActionButton label="Create organization" pending=create.pending() id="spot-org-create" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(create_call)/>
            {create.view(|a| {
                let made = items(&a).first().map(|o| (text(o, "organizationName"), text(o, "organizationId"))).unwrap_or_default();
                view! { <p class="notice ok" id="spot-org-created">"Created " <bdi>{made.0}</bdi> " (" {made.1} ")."</p> }
            })}
            <div class="form-row">
                <Field label="Organization id to delete" value=doomed id="spot-org-delete-id" error=error_for(errors, "path:organizationId")/>
            </div>
            <ActionButton label="Delete organization…" danger=true pending=remove.pending() id="spot-org-delete" on_click=Callback::new(move |_| ask())/>
            " " <ExplorerLink call=Signal::derive(delete_call)/>
            <ConfirmDialog open=open title="Delete this organization?" confirm_label="Delete organization" danger=true
                typed=Signal::derive(move || doomed.get().trim().to_string())
                on_confirm=Callback::new(move |_| send_noting(remove, &untrack(delete_call), errors))>
                <p>"Its accounts, users and everything Spot manages in them go with it. Type its id to delete it."</p>
            </ConfirmDialog>
            {unsent(errors)}
            {remove.view(|_| view! { <p class="notice ok" id="spot-org-deleted">"Deleted."</p> })}
        </section>
    }
}
