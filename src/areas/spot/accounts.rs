//! The organization's accounts: listed (the call the connection test uses), created, renamed,
//! and deleted after typing the account's name. Each write is a catalog operation sent through
//! the request builder ([`super::op_call`]), with its "Open in explorer" link.

use leptos::prelude::*;
use serde_json::json;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::envelope::Answer;
use crate::api::spot::Account;
use crate::api::ApiError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field};

use super::context::{use_account, use_accounts, use_switch};
use super::op_call::{use_op_write, ExplorerLink, OpCall};
use super::SpotNav;

/// An account's new name, or why it cannot be one.
pub fn account_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldError::new("body:account.name", "Name the account."));
    }
    Ok(name.to_string())
}

fn create_call(name: String) -> OpCall {
    OpCall::new("accounts/create-account").body(json!({"account": {"name": name}}))
}

fn rename_call(id: String, name: String) -> OpCall {
    OpCall::new("accounts/update-account")
        .path("accountId", id)
        .body(json!({"account": {"name": name}}))
}

fn delete_call(id: String) -> OpCall {
    OpCall::new("accounts/delete-account").path("accountId", id)
}

#[component]
pub fn Accounts() -> impl IntoView {
    let accounts = use_accounts();
    let reload = move |r: &Result<Answer, ApiError>| {
        if r.is_ok() {
            accounts.refetch();
        }
    };
    let create = use_op_write(reload);
    let rename = use_op_write(reload);
    let account = use_account();
    let switch = use_switch();
    // The account a rename or delete is about (the row whose button was pressed).
    let chosen = RwSignal::new(None::<Account>);
    // Deleting the account the pages act within moves them to another one first, so no page keeps
    // sending the deleted id.
    let delete = use_op_write(move |r: &Result<Answer, ApiError>| {
        let deleted = chosen.get_untracked().map(|a| a.account_id);
        if r.is_ok() && deleted.is_some() && deleted == account.get_untracked() {
            let other = accounts.ready().and_then(|env| {
                env.response
                    .items
                    .into_iter()
                    .map(|a| a.account_id)
                    .find(|id| Some(id) != deleted.as_ref())
            });
            if let Some(other) = other {
                switch(other);
            }
        }
        reload(r);
    });
    let new_name = RwSignal::new(String::new());
    let rename_to = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let renaming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let error = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| message_for(e, field).map(str::to_string)))
    };
    let send = move |w: super::op_call::OpWrite, call: Result<OpCall, FieldError>| {
        let outcome = call.map_err(|e| vec![e]).and_then(|c| w.send(&c));
        errors.set(outcome.err().unwrap_or_default());
    };
    let on_create = Callback::new(move |_| {
        rename.clear();
        delete.clear();
        send(
            create,
            account_name(&new_name.get_untracked()).map(create_call),
        );
    });
    let on_rename = Callback::new(move |_| {
        let Some(a) = chosen.get_untracked() else {
            return;
        };
        create.clear();
        delete.clear();
        let call = account_name(&rename_to.get_untracked())
            .map(|n| rename_call(a.account_id.clone(), n))
            .map_err(|e| FieldError::new("rename", e.message));
        send(rename, call);
        renaming.set(false);
    });
    let on_delete = Callback::new(move |_| {
        if let Some(a) = chosen.get_untracked() {
            create.clear();
            rename.clear();
            send(delete, Ok(delete_call(a.account_id)));
        }
    });
    let columns = StoredValue::new(vec![
        Column::text("Account", |a: &Account| a.name.clone()),
        Column::text("Account id", |a: &Account| a.account_id.clone()),
        Column::text("Cloud account", |a: &Account| {
            a.provider_external_id.clone().unwrap_or_default()
        }),
        Column::view("Actions", move |a: &Account| {
            let (r, d) = (a.clone(), a.clone());
            view! {
                <button type="button" class="btn small" id=format!("spot-account-rename-{}", a.account_id)
                    on:click=move |_| { rename_to.set(r.name.clone()); chosen.set(Some(r.clone())); renaming.set(true); }>
                    "Rename"
                </button>
                " "
                <button type="button" class="btn small danger" id=format!("spot-account-delete-{}", a.account_id)
                    on:click=move |_| { chosen.set(Some(d.clone())); deleting.set(true); }>
                    "Delete"
                </button>
            }
        }),
    ]);
    let chosen_name = Signal::derive(move || {
        chosen
            .get()
            .map(|a| {
                if a.name.is_empty() {
                    a.account_id
                } else {
                    a.name
                }
            })
            .unwrap_or_default()
    });
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Accounts"</h2>
        {accounts.view(move |env| view! {
            <DataTable
                id="spot-accounts"
                in_url=true
                rows=Signal::derive(move || env.response.items.clone())
                columns=columns.get_value()
                search=std::sync::Arc::new(|a: &Account| format!("{} {}", a.name, a.account_id))
                row_key=std::sync::Arc::new(|a: &Account| a.account_id.clone())
                empty="No accounts visible to this token."
            />
        })}
        <Show when=move || renaming.get()>
            <form class="spot-form" id="spot-account-rename" on:submit=move |ev| { ev.prevent_default(); on_rename.run(()); }>
                <h3>"Rename " <bdi>{chosen_name}</bdi></h3>
                <Field label="New name" value=rename_to id="spot-account-rename-name" error=error("rename")/>
                <button type="submit" class="btn primary" disabled=move || rename.pending().get()>"Rename"</button>
                " "
                <button type="button" class="btn" on:click=move |_| renaming.set(false)>"Cancel"</button>
                " " <ExplorerLink call=Signal::derive(move || rename_call(chosen.get().map(|a| a.account_id).unwrap_or_default(), rename_to.get()))/>
                {super::op_call::unsent(errors)}
            </form>
        </Show>
        {rename.view(|_| view! { <p class="notice ok" id="spot-account-renamed">"Renamed."</p> })}
        {delete.view(|_| view! { <p class="notice ok" id="spot-account-deleted">"Deleted."</p> })}
        <ConfirmDialog open=deleting title="Delete this account?" confirm_label="Delete account" danger=true
            typed=chosen_name on_confirm=on_delete>
            <p>"Spot deletes the account " <bdi>{chosen_name}</bdi> " and stops managing what is in it. It cannot be undone."</p>
        </ConfirmDialog>
        <form class="spot-form" id="spot-account-create" on:submit=move |ev| { ev.prevent_default(); on_create.run(()); }>
            <h3>"New account"</h3>
            <Field label="Name" value=new_name id="spot-account-new-name" error=error("body:account.name")/>
            <ActionButton label="Create account" id="spot-account-create-send" pending=create.pending() on_click=on_create/>
            " " <ExplorerLink call=Signal::derive(move || create_call(new_name.get()))/>
            {super::op_call::unsent(errors)}
            </form>
        {create.view(|a| {
            let id = a.items.unwrap_or_default().first().map(|v| v["id"].as_str().or(v["accountId"].as_str()).unwrap_or_default().to_string()).unwrap_or_default();
            view! { <p class="notice ok" id="spot-account-created">"Created account " <code>{id}</code> "."</p> }
        })}
        <p class="muted">"Deleting: " <ExplorerLink call=Signal::derive(move || delete_call(chosen.get().map(|a| a.account_id).unwrap_or_default()))/></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_needs_a_name() {
        assert_eq!(account_name("  ops  ").unwrap(), "ops");
        assert_eq!(account_name(" ").unwrap_err().field, "body:account.name");
    }
}
