//! "Request" disclosure: what a screen sent, beside its result or error — method, URL, headers
//! with the credential replaced by a placeholder, and the same request as a curl command to
//! copy. The secret never enters this value: it is masked when the value is made.

use leptos::prelude::*;

use crate::api::{curl_command, masked_headers, Call, Prepared};
use crate::client::Client;

use super::CopyButton;

/// A sent request as it may be shown and copied (no credential in it).
#[derive(Clone, Debug, PartialEq)]
pub struct SentRequest {
    pub method: &'static str,
    pub url: String,
    /// Every header; secret values are `$OPSDECK_TOKEN` (or `Bearer $OPSDECK_TOKEN`).
    pub headers: Vec<(String, String)>,
    pub curl: String,
}

impl SentRequest {
    /// Masks the credential of a prepared request; `origin` completes a same-origin URL.
    pub fn new(p: &Prepared, origin: &str) -> SentRequest {
        let headers = masked_headers(p);
        let url = if p.url.starts_with('/') {
            format!("{origin}{}", p.url)
        } else {
            p.url.clone()
        };
        SentRequest {
            method: p.method.as_str(),
            url,
            headers,
            curl: curl_command(p, origin),
        }
    }

    /// The call as the client would send it now, from this page's origin.
    pub fn of<T>(client: &Client, call: &Call<T>) -> SentRequest {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        SentRequest::new(&client.prepare(call), &origin)
    }
}

/// A closed "Request" disclosure; opened, it shows the request and a Copy button for its curl.
#[component]
pub fn RequestDisclosure(request: SentRequest) -> impl IntoView {
    let curl = request.curl.clone();
    view! {
        <details class="request">
            <summary>"Request"</summary>
            <p class="request-line"><code>{request.method} " " {request.url}</code></p>
            <ul class="request-headers">
                {request.headers.into_iter().map(|(n, v)| view! { <li><code>{n} ": " {v}</code></li> }).collect_view()}
            </ul>
            <pre class="code curl">{curl.clone()}</pre>
            <CopyButton text=Signal::derive(move || curl.clone()) label="Copy as curl"/>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{prepare, ApiKind, AuthMode, Connection, Request};

    #[test]
    fn shown_request_holds_no_token() {
        for api in [ApiKind::A9s, ApiKind::Dm, ApiKind::Keboola, ApiKind::Spot] {
            let conn = Connection {
                base_url: "/api/x".into(),
                token: "super-secret".into(),
                account_id: "act-1".into(),
                ..Connection::default()
            };
            let p = prepare(api, &conn, AuthMode::Token, &Request::get("/v1/things"));
            let shown = SentRequest::new(&p, "http://127.0.0.1:8080");
            assert!(!format!("{shown:?}").contains("super-secret"), "{shown:?}");
            assert!(
                shown.url.starts_with("http://127.0.0.1:8080/api/x/"),
                "{}",
                shown.url
            );
            assert!(shown
                .headers
                .iter()
                .any(|(_, v)| v.contains("$OPSDECK_TOKEN")));
        }
    }
}
