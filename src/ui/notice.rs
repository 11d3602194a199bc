use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::ApiError;
use crate::client::use_client;

/// Proxy mode, the SSO session ended: a link to this same page in a new tab, where the proxy
/// asks the operator to sign in and then shows the page; this tab keeps what was entered.
#[component]
pub fn SignInAgain() -> impl IntoView {
    let location = use_location();
    // The router keeps the query without its `?` and the fragment with its `#`.
    let here = move || {
        let search = location.search.get();
        let query = if search.is_empty() { "" } else { "?" };
        format!(
            "{}{query}{search}{}",
            location.pathname.get(),
            location.hash.get()
        )
    };
    view! {
        <a class="btn small primary sign-in" href=here target="_blank" rel="noopener">
            "Sign in again (new tab)"
        </a>
    }
}

/// A failed request in words: what happened, the API's own message, a way to fix the
/// credential when it was refused, and a retry when the caller says retrying is safe.
#[component]
pub fn ErrorNotice(
    #[prop(into)] error: ApiError,
    /// Offered only for requests that are safe to repeat (reads).
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    let api = error.api();
    let unauthorized = error.is_unauthorized();
    let session_ended = matches!(error, ApiError::SessionEnded { .. });
    let body = error
        .raw_body()
        .map(|b| b.chars().take(4_000).collect::<String>());
    view! {
        <div class="notice error" role="alert">
            <p class="notice-text">{error.summary()}</p>
            <div class="notice-actions">
                {retry.map(|r| view! {
                    <button type="button" class="btn small retry" on:click=move |_| r.run(())>"Retry"</button>
                })}
                {session_ended.then(|| view! { <SignInAgain/> })}
                {(unauthorized && api.is_some()).then(|| view! {
                    <button type="button" class="btn small" on:click=move |_| client.ask_reauth(api)>
                        "Fix the connection"
                    </button>
                })}
            </div>
            {body.map(|b| view! {
                <details class="notice-details">
                    <summary>"What the server sent"</summary>
                    <pre class="code">{b}</pre>
                </details>
            })}
        </div>
    }
}
