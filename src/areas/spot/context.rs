//! The Spot account every page acts within. It is in the address of every Spot page
//! (`?account=act-…`, so a shared link opens in the same account), kept for the tab, and chosen
//! in the switcher at the top of each page: the organization's accounts, the connection's saved
//! account first chosen (else the first listed). The request builder applies it to exactly the
//! operations that take `accountId`.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::spot::{self, Account, Envelope};
use crate::api::ApiKind;
use crate::client::use_client;
use crate::ui::{use_call, ErrorNotice, Loaded};

/// The organization's accounts, listed once per page: by the page itself when it shows them
/// (the accounts page), else by the switcher; what is below shares the same answer (and Retry on
/// either asks again for both).
#[derive(Clone, Copy)]
struct Listed(Loaded<Envelope<Account>>);

/// The accounts listed for this page (listed now, for this component and what is below it, when
/// nothing above listed them).
pub fn use_accounts() -> Loaded<Envelope<Account>> {
    use_context::<Listed>().map(|l| l.0).unwrap_or_else(|| {
        let listed = use_call(|| Some(spot::list_accounts(None)));
        provide_context(Listed(listed));
        listed
    })
}

/// Where the tab keeps the choice.
const KEPT: &str = "spot.account";

/// The chosen account: the address's, else the tab's last choice, else the connection's saved
/// account (`None` until the switcher picks the first listed one). A memo: what depends on it
/// (the switcher's options, each page's reads) is redone when the account changes, not at every
/// change of the address (a table's filter kept there changes it at each keystroke).
pub fn use_account() -> Signal<Option<String>> {
    let query = use_query_map();
    let client = use_client();
    let account = Memo::new(move |_| {
        query
            .with(|q| q.get("account"))
            .filter(|a| !a.trim().is_empty())
            .or_else(|| crate::store::load_value(KEPT)?.as_str().map(str::to_string))
            .or_else(|| {
                Some(
                    client
                        .connection(ApiKind::Spot)
                        .account_id
                        .trim()
                        .to_string(),
                )
                .filter(|a| !a.is_empty())
            })
    });
    account.into()
}

/// `path` (which may hold a query already) with the account in its address.
pub fn link(path: &str, account: Option<&str>) -> String {
    match account {
        Some(a) => {
            let sep = if path.contains('?') { '&' } else { '?' };
            format!(
                "{path}{sep}account={}",
                percent_encoding::utf8_percent_encode(a, percent_encoding::NON_ALPHANUMERIC)
            )
        }
        None => path.to_string(),
    }
}

/// Switch the pages to another account: kept for the tab and put in the address (replacing the
/// history entry, so Back does not return to the account left).
pub fn use_switch() -> impl Fn(String) + Clone {
    let client = use_client();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    move |to: String| {
        crate::store::save_value(client.storage_mode(), KEPT, &serde_json::json!(to));
        let mut q = query.get_untracked();
        q.replace("account", to);
        navigate(
            &format!(
                "{}{}",
                location.pathname.get_untracked(),
                q.to_query_string()
            ),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// The account switcher, and the keeper of the address: a page opened without `?account=`
/// gets the chosen one added (replacing the history entry), and the choice is kept for the tab.
#[component]
pub fn AccountSwitcher() -> impl IntoView {
    let client = use_client();
    let account = use_account();
    let query = use_query_map();
    let listed = use_accounts();
    let go = use_switch();
    {
        let go = go.clone();
        Effect::new(move |_| {
            let in_address = query
                .with(|q| q.get("account"))
                .filter(|a| !a.trim().is_empty());
            if let Some(a) = in_address {
                // A shared link's account becomes the tab's choice.
                crate::store::save_value(client.storage_mode(), KEPT, &serde_json::json!(a));
                return;
            }
            let chosen = account.get().or_else(|| {
                let first = listed.ready()?.response.items.first()?.account_id.clone();
                Some(first)
            });
            if let Some(a) = chosen {
                // The page is the same with the account in its address or not: it is written
                // once the page is on screen.
                let go = go.clone();
                crate::ui::after_paint(move || go(a));
            }
        });
    }
    view! {
        <label class="field spot-account" for="spot-account">
            <span class="field-label">"Account"</span>
            <select id="spot-account"
                on:change=move |ev| go(event_target_value(&ev))
                prop:value=move || account.get().unwrap_or_default()>
                {move || {
                    let current = account.get().unwrap_or_default();
                    let mut options: Vec<(String, String)> = listed.ready().map(|env| env.response.items).unwrap_or_default()
                        .into_iter().map(|a| (a.account_id.clone(), format!("{} ({})", a.name, a.account_id))).collect();
                    if !current.is_empty() && !options.iter().any(|(id, _)| *id == current) {
                        options.insert(0, (current.clone(), current.clone()));
                    }
                    options.into_iter().map(|(id, label)| {
                        let selected = id == current;
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </label>
        // Said like every failed read, with Retry (and "Fix the connection" when refused).
        {move || match listed.get() {
            Some(Err(e)) => Some(view! {
                <ErrorNotice error=e retry=Callback::new(move |_| listed.refetch())/>
            }),
            _ => None,
        }}
    }
}
