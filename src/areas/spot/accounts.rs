//! The organization's accounts (the call the connection test uses).

use leptos::prelude::*;

use crate::api::spot::Account;
use crate::ui::{Column, DataTable};

use super::context::use_accounts;
use super::SpotNav;

#[component]
pub fn Accounts() -> impl IntoView {
    let accounts = use_accounts();
    let columns = StoredValue::new(vec![
        Column::text("Account", |a: &Account| a.name.clone()),
        Column::text("Account id", |a: &Account| a.account_id.clone()),
        Column::text("Cloud account", |a: &Account| {
            a.provider_external_id.clone().unwrap_or_default()
        }),
    ]);
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
                empty="No accounts visible to this token."
            />
        })}
    }
}
