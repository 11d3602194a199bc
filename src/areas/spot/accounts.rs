//! The organization's accounts (the call the connection test uses).

use leptos::prelude::*;

use crate::api::spot::{self, Account};
use crate::client::{abort_on_cleanup, use_client};
use crate::ui::{Column, DataTable, ErrorNotice};

use super::SpotNav;

#[component]
pub fn Accounts() -> impl IntoView {
    let client = use_client();
    let controller = abort_on_cleanup();
    let accounts = LocalResource::new(move || {
        let controller = controller.clone();
        async move {
            let call = spot::list_accounts(None);
            match controller {
                Some(c) => client.send_cancellable(call, c).await,
                None => client.send(call).await,
            }
        }
    });
    let columns = vec![
        Column::text("Account", |a: &Account| a.name.clone()),
        Column::text("Account id", |a: &Account| a.account_id.clone()),
        Column::text("Cloud account", |a: &Account| {
            a.provider_external_id.clone().unwrap_or_default()
        }),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Accounts"</h2>
        <Transition fallback=|| view! { <p class="loading">"Loading accounts…"</p> }>
            {move || accounts.get().map(|r| match r {
                Ok(env) => view! {
                    <DataTable
                        id="spot-accounts"
                        rows=Signal::derive(move || env.response.items.clone())
                        columns=columns.get_value()
                        search=std::sync::Arc::new(|a: &Account| format!("{} {}", a.name, a.account_id))
                        empty="No accounts visible to this token."
                    />
                }.into_any(),
                Err(e) => view! { <ErrorNotice error=e retry=Callback::new(move |_| accounts.refetch())/> }.into_any(),
            })}
        </Transition>
    }
}
