//! The Connections page: where each API lives, its credential, where credentials are kept,
//! and a test of each connection. Not in the first load: the page and the editor the
//! re-authentication dialog shows are a chunk of their own, like an area's.

use leptos::prelude::*;

use crate::api::{probe, ApiKind, AuthMode, Connection};
use crate::client::{use_client, SendOptions};
use crate::store::StorageMode;
use crate::ui::{ActionButton, ConfirmDialog, ErrorNotice, Field, SignInAgain};

use super::lazy::{lazy_area, page_or_notice, NotLoaded};

lazy_area!(connections_area {
    ConnectionsRoute => ConnectionsPage,
});

/// The re-authentication dialog (over the page, which keeps what the user entered): `api`'s
/// settings; saving or Close closes it. A split point of the Connections chunk, so none of it is
/// in the first load.
#[leptos::wasm_split::wasm_split(connections_area, wasm_split_path = ::leptos::wasm_split, fallible)]
fn reauth_dialog_view(api: ApiKind) -> Result<AnyView, NotLoaded> {
    let client = use_client();
    let close = Callback::new(move |_| client.ask_reauth(None));
    Ok(view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="reauth-title" id="reauth">
                <h2 id="reauth-title">{format!("{} needs a valid credential", api.label())}</h2>
                <p>"The last request was refused or could not be sent. Fix the connection and try again; the page behind this dialog keeps what you entered."</p>
                <ConnectionEditor api=api on_saved=close/>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| close.run(())>"Close"</button>
                </div>
            </div>
        </div>
    }
    .into_any())
}

/// The re-authentication dialog for `api`, once the Connections chunk is here.
pub async fn reauth_dialog(api: ApiKind) -> AnyView {
    page_or_notice(reauth_dialog_view(api).await)
}

/// Proxy mode: the SSO session ended. Signing in happens in a new tab; Close leaves the page as
/// it is. A split point of the Connections chunk.
#[leptos::wasm_split::wasm_split(connections_area, wasm_split_path = ::leptos::wasm_split, fallible)]
fn session_ended_view() -> Result<AnyView, NotLoaded> {
    let client = use_client();
    Ok(view! {
        <div class="overlay">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="session-ended-title" id="session-ended">
                <h2 id="session-ended-title">{crate::api::SESSION_ENDED}</h2>
                <p>"The single sign-on proxy no longer lets this console's requests through. Sign in again in a new tab; this page keeps what you entered, so you can retry here afterwards."</p>
                <div class="dialog-actions">
                    <SignInAgain/>
                    <button type="button" class="btn" on:click=move |_| client.dismiss_session_ended()>"Close"</button>
                </div>
            </div>
        </div>
    }
    .into_any())
}

/// The session-ended dialog, once the Connections chunk is here.
pub async fn session_ended_dialog() -> AnyView {
    page_or_notice(session_ended_view().await)
}

/// A base URL is absolute http(s) or a path on this site (behind a proxy).
pub fn validate_base_url(raw: &str, required: bool) -> Option<String> {
    let url = raw.trim();
    if url.is_empty() {
        return required.then(|| "Enter the API's base URL.".into());
    }
    if url.starts_with("//") || url.contains(char::is_whitespace) {
        return Some("A base URL has no spaces and does not start with //.".into());
    }
    if url.starts_with('/') {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => None,
        _ => Some(
            "Use an absolute http(s) URL (https://host/base) or a path on this site starting with /."
                .into(),
        ),
    }
}

/// Spot account ids look like `act-1a2b3c4d`.
pub fn validate_account_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    let ok = id.is_empty()
        || (id.starts_with("act-")
            && id.len() > 4
            && id[4..].chars().all(|c| c.is_ascii_alphanumeric()));
    (!ok).then(|| "A Spot account id looks like act-1a2b3c4d.".into())
}

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let client = use_client();
    let proxy = client.auth_mode() == AuthMode::Proxy;
    let confirm_forget = RwSignal::new(false);
    view! {
        <h1>"Connections"</h1>
        {if proxy {
            view! {
                <p class="notice info">
                    "This console runs behind a proxy that adds each API's credentials. The browser holds none; only the base URLs are set here."
                </p>
            }.into_any()
        } else {
            view! { <StoragePicker/> }.into_any()
        }}
        <div class="cards wide">
            {ApiKind::ALL.into_iter().map(|api| view! {
                <section class="card" id=format!("conn-{}", api.id())>
                    <h2>{api.label()}</h2>
                    <ConnectionEditor api=api on_saved=Callback::new(|_| ())/>
                </section>
            }).collect_view()}
        </div>
        {(!proxy).then(|| view! {
            <section class="danger-zone">
                <h2>"Forget all"</h2>
                <p>"Removes every credential and setting this console saved, from memory, this tab and this device."</p>
                <button type="button" class="btn danger" id="forget-all" on:click=move |_| confirm_forget.set(true)>"Forget all"</button>
                <ConfirmDialog
                    open=confirm_forget
                    title="Forget all credentials?"
                    confirm_label="Forget all"
                    danger=true
                    on_confirm=Callback::new(move |_| client.forget_all())
                >
                    <p>"Every API will need its credential again."</p>
                </ConfirmDialog>
            </section>
        })}
    }
}

/// Where credentials are kept: this tab (default), this page only, or this device.
#[component]
fn StoragePicker() -> impl IntoView {
    let client = use_client();
    let option = move |mode: StorageMode, title: &'static str, text: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="storage"
                    id=format!("storage-{}", mode.id())
                    prop:checked=move || client.storage_mode() == mode
                    on:change=move |_| client.set_storage_mode(mode)
                />
                <span><strong>{title}</strong> " — " {text}</span>
            </label>
        }
    };
    view! {
        <fieldset class="storage">
            <legend>"Keep credentials"</legend>
            {option(StorageMode::Session, "In this tab", "survive a reload, gone when the tab closes (default).")}
            {option(StorageMode::Memory, "This page only", "gone on reload; nothing is written to the browser's storage.")}
            {option(StorageMode::Local, "Remember on this device", "stay in this browser's local storage until you press Forget all.")}
            <Show when=move || client.storage_mode() == StorageMode::Local>
                <p class="notice warn" role="note">
                    "Remembered credentials stay on this device in plain browser storage: anyone using this browser profile, and any script that runs on this site, can read them. Use it only on your own machine; behind the SSO proxy you need no stored credentials at all."
                </p>
            </Show>
        </fieldset>
    }
}

/// One API's settings. Saving keeps the token already stored when the token field is left
/// empty, so a stored token is never put back into the page.
#[component]
pub fn ConnectionEditor(api: ApiKind, on_saved: Callback<()>) -> impl IntoView {
    let client = use_client();
    let proxy = client.auth_mode() == AuthMode::Proxy;
    let start = client.connection(api);
    let base_url = RwSignal::new(start.base_url.clone());
    let token = RwSignal::new(String::new());
    let account_id = RwSignal::new(start.account_id.clone());
    let queue_base = RwSignal::new(start.queue_base_url.clone());
    let touched = RwSignal::new(false);
    let has_token = move || !client.connection(api).token.is_empty();
    let base_error = Signal::derive(move || {
        touched
            .get()
            .then(|| validate_base_url(&base_url.get(), true))
            .flatten()
    });
    let queue_error = Signal::derive(move || {
        touched
            .get()
            .then(|| validate_base_url(&queue_base.get(), false))
            .flatten()
    });
    let account_error = Signal::derive(move || {
        touched
            .get()
            .then(|| validate_account_id(&account_id.get()))
            .flatten()
    });
    let token_error = Signal::derive(move || {
        (touched.get() && !proxy && token.get().trim().is_empty() && !has_token())
            .then(|| format!("Enter the {}.", api.credential_label()))
    });
    let save = move || -> bool {
        touched.set(true);
        let invalid = base_error.get_untracked().is_some()
            || queue_error.get_untracked().is_some()
            || account_error.get_untracked().is_some()
            || token_error.get_untracked().is_some();
        if invalid {
            return false;
        }
        let old = client.connection(api);
        let typed = token.get_untracked().trim().to_string();
        client.save(
            api,
            Connection {
                base_url: base_url.get_untracked().trim().to_string(),
                token: if typed.is_empty() { old.token } else { typed },
                account_id: account_id.get_untracked().trim().to_string(),
                queue_base_url: queue_base.get_untracked().trim().to_string(),
            },
        );
        token.set(String::new());
        true
    };
    let test = Action::new_local(move |_: &()| async move {
        let r = client
            .send_with(probe::probe(api), SendOptions::default().quiet())
            .await;
        probe::outcome(api, r)
    });
    let id = |f: &str| format!("{}-{f}", api.id());
    view! {
        <form class="conn-form" on:submit=move |ev| {
            ev.prevent_default();
            if save() {
                test.value().set(None);
                on_saved.run(());
            }
        }>
            <Field label="Base URL" value=base_url error=base_error id=id("base-url")
                help="Absolute (https://host/base) or a path on this site when a proxy serves the API (/api/…)."/>
            {(!proxy).then(|| view! {
                <Field label=api.credential_label() value=token error=token_error id=id("token") input_type="password"
                    placeholder=Signal::derive(move || if has_token() { "saved — leave empty to keep".to_string() } else { String::new() }).get_untracked()/>
                <p class="help">{move || if has_token() { "A credential is saved." } else { "No credential saved." }}</p>
            })}
            {(api == ApiKind::Spot).then(|| view! {
                <Field label="Default account id" value=account_id error=account_error id=id("account")
                    help="Sent as accountId on every call that does not name another account."/>
            })}
            {(api == ApiKind::Keboola).then(|| view! {
                <Field label="Job queue base URL" value=queue_base error=queue_error id=id("queue")
                    help="Where job URLs from Keboola answers are fetched; their path is kept."/>
            })}
            <div class="form-actions">
                <button type="submit" class="btn primary" id=id("save")>"Save"</button>
                <ActionButton
                    id=id("test")
                    label="Test connection"
                    pending=test.pending()
                    on_click=Callback::new(move |_| {
                        if save() {
                            test.dispatch(());
                        }
                    })
                />
            </div>
            <div class="conn-result" id=id("result") aria-live="polite">
                {move || match test.value().get() {
                    Some(Ok(text)) => view! { <p class="notice ok">{text}</p> }.into_any(),
                    Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(validate_base_url("/api/a9s", true), None);
        assert_eq!(validate_base_url("https://api.spotinst.io", true), None);
        assert!(validate_base_url("", true).is_some());
        assert_eq!(validate_base_url("", false), None);
        for bad in [
            "api.spotinst.io",
            "ftp://x",
            "https://",
            "//evil.test",
            "/a b",
            "javascript:x",
        ] {
            assert!(validate_base_url(bad, true).is_some(), "{bad}");
        }
    }

    #[test]
    fn account_ids() {
        assert_eq!(validate_account_id("act-1a2b3c4d"), None);
        assert_eq!(validate_account_id(""), None);
        assert!(validate_account_id("1234").is_some());
        assert!(validate_account_id("act-").is_some());
    }
}
