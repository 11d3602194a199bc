//! Users and programmatic users. A token Spot generates (a user's personal access token, a
//! programmatic user's token) is in the create's answer only: it is shown once, with Copy, from
//! the write's answer in memory — never stored, never logged — and "Done" forgets it; a reload
//! or a later read cannot show it again.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::spot::envelope::Answer;
use crate::api::ApiError;
use crate::ui::{
    ActionButton, Checkbox, Column, ConfirmDialog, CopyButton, DataTable, Field, SelectField,
    TextArea,
};

use super::super::context::use_account;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall, OpWrite};
use super::{error_for, items, roles, text};

/// A user's email, or why it is not one.
pub fn email(s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    match s.split_once('@') {
        Some((a, b)) if !a.is_empty() && b.contains('.') && !s.contains(' ') => Ok(s.to_string()),
        _ => Err(FieldError::new(
            "body:email",
            "Enter the user's email address, such as ana@example.com.",
        )),
    }
}

/// A programmatic user's accounts, one per line as `act-… viewer` (or `editor`).
pub fn account_lines(text: &str, field: &'static str) -> Result<Vec<Value>, FieldError> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let (Some(id), role, None) = (words.next(), words.next().unwrap_or("viewer"), words.next())
        else {
            return Err(FieldError::new(
                field,
                format!("\"{line}\": write an account id and a role."),
            ));
        };
        if !id.starts_with("act-") {
            return Err(FieldError::new(
                field,
                format!("\"{id}\" is not an account id (act-…)."),
            ));
        }
        if role != "viewer" && role != "editor" {
            return Err(FieldError::new(
                field,
                format!("\"{role}\": the role is viewer or editor."),
            ));
        }
        out.push(json!({"id": id, "role": role}));
    }
    if out.is_empty() {
        return Err(FieldError::new(
            field,
            "Give the user at least one account.",
        ));
    }
    Ok(out)
}

fn create_user(email: String, first: String, last: String, role: String, token: bool) -> OpCall {
    OpCall::new("organizations/create-user")
        .query("generateToken", if token { "true" } else { "" })
        .body(json!({"email": email, "firstName": first, "lastName": last, "role": role}))
}

fn create_programmatic(name: String, description: String, accounts: Vec<Value>) -> OpCall {
    OpCall::new("organizations/create-programmatic-user")
        .body(json!({"name": name, "description": description, "accounts": accounts}))
}

fn update_programmatic(id: String, description: String, accounts: Vec<Value>) -> OpCall {
    OpCall::new("organizations/update-programmatic-user")
        .path("userId", id)
        .body(json!({"description": description, "accounts": accounts}))
}

fn delete_programmatic(id: String) -> OpCall {
    OpCall::new("organizations/delete-programmatic-user").path("userId", id)
}

/// Sends `call` (or shows why it cannot be built) on `w`, its problems in `errors`.
fn send(w: OpWrite, errors: RwSignal<Vec<FieldError>>, call: Result<OpCall, FieldError>) {
    let outcome = call.map_err(|e| vec![e]).and_then(|c| w.send(&c));
    errors.set(outcome.err().unwrap_or_default());
}

#[component]
pub fn Users() -> impl IntoView {
    view! {
        <OrgUsers/>
        <ProgrammaticUsers/>
    }
}

#[component]
fn OrgUsers() -> impl IntoView {
    let list = use_op(|| Some(OpCall::new("organizations/get-users")));
    let viewing = RwSignal::new(None::<String>);
    let mapping = use_op(move || {
        viewing
            .get()
            .map(|e| OpCall::new("organizations/get-user").query("userEmail", e))
    });
    let create = use_op_write(move |r: &Result<Answer, ApiError>| {
        if r.is_ok() {
            list.refetch();
        }
    });
    let (address, first, last) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let role = RwSignal::new("viewer".to_string());
    let token = RwSignal::new(true);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let call = move || {
        email(&address.get()).map(|e| {
            create_user(
                e,
                first.get().trim().into(),
                last.get().trim().into(),
                role.get(),
                token.get(),
            )
        })
    };
    let on_create = Callback::new(move |_| send(create, errors, untrack(call)));
    let columns = vec![
        Column::text("Email", |u: &Value| text(u, "email")),
        Column::text("Name", |u: &Value| text(u, "displayName")),
        Column::text("User id", |u: &Value| text(u, "userId")),
        Column::text("Accounts", |u: &Value| {
            u["mappedAccountIds"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        }),
        Column::view("", move |u: &Value| {
            let e = text(u, "email");
            view! { <button type="button" class="btn small" on:click=move |_| viewing.set(Some(e.clone()))>"View"</button> }
        }),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <section class="spot-org" id="spot-users">
            <h3>"Users"</h3>
            {list.view(move |a| view! {
                <DataTable id="spot-users-table" in_url=true rows=Signal::derive(move || items(&a)) columns=columns.get_value()
                    search=std::sync::Arc::new(|u: &Value| u.to_string())
                    row_key=std::sync::Arc::new(|u: &Value| text(u, "email"))
                    empty="No users in the organization."/>
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(|| OpCall::new("organizations/get-users"))/></p>
            {move || viewing.get().map(|e| view! {
                <div class="spot-detail" id="spot-user-view">
                    <h4>"Accounts of " <bdi>{e.clone()}</bdi></h4>
                    {mapping.view(|a| view! {
                        <DataTable id="spot-user-accounts" in_url=true rows=Signal::derive(move || items(&a))
                            columns=vec![Column::text("Account", |m: &Value| text(m, "accountId")), Column::text("Role", |m: &Value| text(m, "role"))]
                            empty="Not assigned to any account."/>
                    })}
                    <ExplorerLink call=Signal::derive(move || OpCall::new("organizations/get-user").query("userEmail", e.clone()))/>
                </div>
            })}
            <form class="spot-form" id="spot-user-create" on:submit=move |ev| { ev.prevent_default(); on_create.run(()); }>
                <h4>"New user"</h4>
                <Field label="Email" value=address id="spot-user-email" error=error_for(errors, "body:email")/>
                <Field label="First name" value=first id="spot-user-first"/>
                <Field label="Last name" value=last id="spot-user-last"/>
                <SelectField label="Role" value=role options=Signal::derive(roles) id="spot-user-role"/>
                <Checkbox label="Generate a personal access token (shown once)" value=token id="spot-user-token"/>
                <ActionButton label="Create user" id="spot-user-create-send" pending=create.pending() on_click=on_create/>
                " " <ExplorerLink call=Signal::derive(move || call().unwrap_or_else(|_| OpCall::new("organizations/create-user")))/>
                {super::super::op_call::unsent(errors)}
            </form>
            {create.view(move |a| {
                let user = items(&a).into_iter().next().unwrap_or_default();
                view! {
                    <p class="notice ok" id="spot-user-created">"Created " <bdi>{text(&user, "email")}</bdi> "."</p>
                    <TokenOnce token=text(&user, "personalAccessToken") write=create/>
                }
            })}
        </section>
    }
}

/// A token Spot generated, shown this once. "Done" forgets the answer that holds it.
#[component]
fn TokenOnce(token: String, write: OpWrite) -> impl IntoView {
    (!token.is_empty()).then(|| {
        let copy = token.clone();
        view! {
            <div class="notice warn" id="spot-token-once" role="status">
                <p><strong>"Copy this token now. "</strong>
                    "Spot shows it only in this answer: this console does not keep it, and neither a reload nor any later read shows it again."</p>
                <p><code id="spot-token">{token}</code> " " <CopyButton text=Signal::derive(move || copy.clone()) label="Copy token"/></p>
                <button type="button" class="btn" id="spot-token-done" on:click=move |_| write.clear()>"Done, I have stored it"</button>
            </div>
        }
    })
}

#[component]
fn ProgrammaticUsers() -> impl IntoView {
    let account = use_account();
    let list = use_op(|| Some(OpCall::new("organizations/get-all-programmatic-users")));
    let reload = move |r: &Result<Answer, ApiError>| {
        if r.is_ok() {
            list.refetch();
        }
    };
    let create = use_op_write(reload);
    let update = use_op_write(reload);
    let delete = use_op_write(reload);
    let chosen = RwSignal::new(None::<Value>);
    let view_one = use_op(move || {
        chosen.get().map(|u| {
            OpCall::new("organizations/get-programmatic-user").path("userId", text(&u, "id"))
        })
    });
    let deleting = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let accounts = RwSignal::new(String::new());
    let edit_description = RwSignal::new(String::new());
    let edit_accounts = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // A new programmatic user starts with the chosen account, as a viewer.
    Effect::new(move |_| {
        if let Some(a) = account.get() {
            if accounts.get_untracked().is_empty() {
                accounts.set(format!("{a} viewer"));
            }
        }
    });
    let create_call = move || {
        let n = name.get().trim().to_string();
        if n.is_empty() {
            return Err(FieldError::new("body:name", "Name the programmatic user."));
        }
        account_lines(&accounts.get(), "body:accounts")
            .map(|a| create_programmatic(n, description.get().trim().into(), a))
    };
    let update_call = move || {
        let id = chosen.get().map(|u| text(&u, "id")).unwrap_or_default();
        account_lines(&edit_accounts.get(), "edit:accounts")
            .map(|a| update_programmatic(id, edit_description.get().trim().into(), a))
    };
    let on_create = Callback::new(move |_| send(create, errors, untrack(create_call)));
    let on_update = Callback::new(move |_| send(update, errors, untrack(update_call)));
    let on_delete = Callback::new(move |_| {
        if let Some(u) = chosen.get_untracked() {
            send(delete, errors, Ok(delete_programmatic(text(&u, "id"))));
            chosen.set(None);
        }
    });
    let accounts_of = |u: &Value| -> String {
        u["accounts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| format!("{} {}", text(a, "id"), text(a, "role")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let columns = StoredValue::new(vec![
        Column::text("Name", |u: &Value| text(u, "userName")),
        Column::text("Id", |u: &Value| text(u, "id")),
        Column::text("Description", |u: &Value| text(u, "description")),
        Column::text("Accounts", move |u: &Value| {
            accounts_of(u).replace('\n', ", ")
        }),
        Column::view("", move |u: &Value| {
            let (open, del) = (u.clone(), u.clone());
            let id = text(u, "id");
            view! {
                <button type="button" class="btn small" id=format!("spot-pu-open-{id}") on:click=move |_| {
                    edit_description.set(text(&open, "description"));
                    edit_accounts.set(accounts_of(&open));
                    chosen.set(Some(open.clone()));
                }>"View / edit"</button>
                " "
                <button type="button" class="btn small danger" id=format!("spot-pu-delete-{id}") on:click=move |_| {
                    chosen.set(Some(del.clone()));
                    deleting.set(true);
                }>"Delete"</button>
            }
        }),
    ]);
    let chosen_name = Signal::derive(move || {
        chosen
            .get()
            .map(|u| text(&u, "userName"))
            .unwrap_or_default()
    });
    view! {
        <section class="spot-org" id="spot-programmatic">
            <h3>"Programmatic users"</h3>
            {list.view(move |a| view! {
                <DataTable id="spot-pu-table" in_url=true rows=Signal::derive(move || items(&a)) columns=columns.get_value()
                    search=std::sync::Arc::new(|u: &Value| u.to_string())
                    row_key=std::sync::Arc::new(|u: &Value| text(u, "id"))
                    empty="No programmatic users."/>
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(|| OpCall::new("organizations/get-all-programmatic-users"))/></p>
            {update.view(|_| view! { <p class="notice ok" id="spot-pu-updated">"Updated."</p> })}
            {delete.view(|_| view! { <p class="notice ok" id="spot-pu-deleted">"Deleted."</p> })}
            <Show when=move || chosen.get().is_some() && !deleting.get()>
                <form class="spot-form" id="spot-pu-edit" on:submit=move |ev| { ev.prevent_default(); on_update.run(()); }>
                    <h4><bdi>{chosen_name}</bdi></h4>
                    {view_one.view(|a| {
                        let u = items(&a).into_iter().next().unwrap_or_default();
                        view! { <p class="muted" id="spot-pu-view">"Id " <code>{text(&u, "id")}</code> "; created " {text(&u, "createdAt")}</p> }
                    })}
                    <Field label="Description" value=edit_description id="spot-pu-edit-description"/>
                    <TextArea label="Accounts (one per line: account id and role)" value=edit_accounts id="spot-pu-edit-accounts" rows=3 error=error_for(errors, "edit:accounts")/>
                    <ActionButton label="Save" id="spot-pu-save" pending=update.pending() on_click=on_update/>
                    " " <button type="button" class="btn" on:click=move |_| chosen.set(None)>"Close"</button>
                    " " <ExplorerLink call=Signal::derive(move || update_call().unwrap_or_else(|_| OpCall::new("organizations/update-programmatic-user")))/>
                    {super::super::op_call::unsent(errors)}
            </form>
            </Show>
            <ConfirmDialog open=deleting title="Delete this programmatic user?" confirm_label="Delete user" danger=true
                typed=chosen_name on_confirm=on_delete>
                <p>"Its token stops working at once, in every account. It cannot be undone."</p>
                <ExplorerLink call=Signal::derive(move || delete_programmatic(chosen.get().map(|u| text(&u, "id")).unwrap_or_default()))/>
            </ConfirmDialog>
            <form class="spot-form" id="spot-pu-create" on:submit=move |ev| { ev.prevent_default(); on_create.run(()); }>
                <h4>"New programmatic user"</h4>
                <Field label="Name" value=name id="spot-pu-name" error=error_for(errors, "body:name")/>
                <Field label="Description" value=description id="spot-pu-description"/>
                <TextArea label="Accounts (one per line: account id and role, viewer or editor)" value=accounts id="spot-pu-accounts" rows=3 error=error_for(errors, "body:accounts")/>
                <ActionButton label="Create programmatic user" id="spot-pu-create-send" pending=create.pending() on_click=on_create/>
                " " <ExplorerLink call=Signal::derive(move || create_call().unwrap_or_else(|_| OpCall::new("organizations/create-programmatic-user")))/>
                {super::super::op_call::unsent(errors)}
            </form>
            {create.view(move |a| {
                let user = items(&a).into_iter().next().unwrap_or_default();
                view! {
                    <p class="notice ok" id="spot-pu-created">"Created " <bdi>{text(&user, "name")}</bdi> " (" <code>{text(&user, "id")}</code> ")."</p>
                    <TokenOnce token=text(&user, "token") write=create/>
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_account_lines_are_checked_before_sending() {
        assert_eq!(email(" ana@example.com ").unwrap(), "ana@example.com");
        assert!(email("ana").is_err());
        assert!(email("@example.com").is_err());
        let a = account_lines("act-1 editor\n\n act-2 ", "f").unwrap();
        assert_eq!(
            a,
            vec![
                json!({"id": "act-1", "role": "editor"}),
                json!({"id": "act-2", "role": "viewer"})
            ]
        );
        assert!(account_lines("act-1 admin", "f")
            .unwrap_err()
            .message
            .contains("viewer or editor"));
        assert!(account_lines("sig-1 viewer", "f")
            .unwrap_err()
            .message
            .contains("not an account id"));
        assert_eq!(account_lines("", "f").unwrap_err().field, "f");
    }
}
