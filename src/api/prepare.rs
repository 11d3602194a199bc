use serde::{Deserialize, Serialize};

use super::request::{Body, Method, Request};
use super::ApiKind;

/// How credentials reach the APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// The operator pastes each API's credential; the console sends it.
    #[default]
    Token,
    /// A reverse proxy (SSO) injects credentials; the browser holds none and sends none.
    Proxy,
}

/// Where one API lives and the credential it takes.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Connection {
    /// Absolute (`https://host/base`) or a same-origin prefix (`/api/a9s`).
    pub base_url: String,
    pub token: String,
    /// Spot: the account the Spot area first acts within (its account switcher changes it).
    pub account_id: String,
    /// Keboola: where job URLs (usually another host) are fetched from; their path is kept.
    pub queue_base_url: String,
}

impl Connection {
    /// Base URL without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim().trim_end_matches('/')
    }

    pub fn has_credential(&self, mode: AuthMode) -> bool {
        mode == AuthMode::Proxy || !self.token.trim().is_empty()
    }
}

/// A request ready for the wire: absolute or same-origin URL, every header, the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Header names whose values are secrets (never shown, logged or copied).
    pub secret_headers: Vec<String>,
}

/// Attaches base URL and credential to a request, in the way this API's document says.
/// Each credential goes only to its own API's base URL.
pub fn prepare(api: ApiKind, conn: &Connection, mode: AuthMode, req: &Request) -> Prepared {
    // Spot's `accountId` is not added here: the request builder applies the chosen account to
    // exactly the operations that take it (`api::spot::builder`).
    let req = req.clone();
    let mut headers = Vec::new();
    let mut secret_headers = Vec::new();
    let token = conn.token.trim();
    if mode == AuthMode::Token && !token.is_empty() {
        let (name, value) = match api {
            ApiKind::Dm => ("Token", token.to_string()),
            ApiKind::Keboola => ("X-StorageApi-Token", token.to_string()),
            // a9s shows the variable as the whole header value; its servers take "Bearer <t>".
            ApiKind::Solutions | ApiKind::A9s | ApiKind::Spot => {
                ("Authorization", format!("Bearer {token}"))
            }
        };
        headers.push((name.to_string(), value));
        secret_headers.push(name.to_string());
    }
    if let Some(ct) = req.body.content_type() {
        headers.push(("Content-Type".into(), ct.into()));
    }
    headers.extend(req.headers.iter().cloned());
    Prepared {
        method: req.method(),
        url: format!("{}{}", conn.base(), req.path_and_query()),
        headers,
        body: req.body,
        secret_headers,
    }
}

/// Maps an absolute job URL from an API answer onto the configured queue base: the path and
/// query are kept, the host is replaced (the console talks only to configured bases).
pub fn map_to_base(url: &str, base: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = match after_scheme.find('/') {
        Some(i) if url.contains("://") => &after_scheme[i..],
        _ if url.starts_with('/') => url,
        _ => "/",
    };
    format!("{}{}", base.trim().trim_end_matches('/'), path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(token: &str) -> Connection {
        Connection {
            base_url: "https://example.test/base/".into(),
            token: token.into(),
            account_id: "act-1".into(),
            ..Connection::default()
        }
    }

    fn header<'a>(p: &'a Prepared, name: &str) -> Option<&'a str> {
        p.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn each_api_gets_its_documented_auth_header() {
        let r = Request::get("/x");
        let cases = [
            (ApiKind::Dm, "Token", "t1"),
            (ApiKind::Solutions, "Authorization", "Bearer t1"),
            (ApiKind::A9s, "Authorization", "Bearer t1"),
            (ApiKind::Keboola, "X-StorageApi-Token", "t1"),
            (ApiKind::Spot, "Authorization", "Bearer t1"),
        ];
        for (api, name, value) in cases {
            let p = prepare(api, &conn(" t1 "), AuthMode::Token, &r);
            assert_eq!(header(&p, name), Some(value), "{api:?}");
            assert_eq!(p.headers.len(), 1, "{api:?} sends only its own credential");
            assert_eq!(p.secret_headers, vec![name.to_string()]);
        }
    }

    #[test]
    fn proxy_mode_and_missing_tokens_send_no_credential() {
        let r = Request::get("/x");
        let p = prepare(ApiKind::Dm, &conn("t1"), AuthMode::Proxy, &r);
        assert!(p.headers.is_empty());
        let p = prepare(ApiKind::Keboola, &conn(""), AuthMode::Token, &r);
        assert!(p.headers.is_empty());
    }

    #[test]
    fn url_joins_base_and_path_and_leaves_spots_account_to_the_builder() {
        let r = Request::get("/aws/ec2/group").query("includeDeleted", true);
        let p = prepare(ApiKind::Spot, &conn("t"), AuthMode::Token, &r);
        assert_eq!(
            p.url,
            "https://example.test/base/aws/ec2/group?includeDeleted=true"
        );
        for (api, path) in [(ApiKind::Spot, "/setup/account"), (ApiKind::A9s, "/v1")] {
            let p = prepare(api, &conn("t"), AuthMode::Token, &Request::get(path));
            assert_eq!(p.url, format!("https://example.test/base{path}"));
        }
    }

    /// Finding 10: every API's URLs, with and without a query, end in their last parameter (no
    /// stray `&`, no empty `?`). The query is built once, by `Request::path_and_query`; the
    /// transport sends the URL as it is (gloo-net's builder would append an empty query).
    #[test]
    fn every_apis_urls_have_a_clean_query() {
        use crate::api::{a9s, dm, keboola, probe, solutions, spot};
        let mut urls = Vec::new();
        for api in ApiKind::ALL {
            urls.push((api, probe::probe(api).request));
        }
        let filter = solutions::JobFilter {
            limit: Some(5),
            ..Default::default()
        };
        urls.extend([
            (ApiKind::A9s, a9s::get_metrics("pg", Some(3)).request),
            (ApiKind::A9s, a9s::get_metrics("pg", None).request),
            (
                ApiKind::Dm,
                dm::base_configs(Some("1.0"), Some("svc")).request,
            ),
            (ApiKind::Dm, dm::upgrade_history(Some(10), None).request),
            (ApiKind::Dm, dm::search_patches("a&b", true, 5).request),
            (
                ApiKind::Keboola,
                keboola::list_credentials(keboola::Backend::Mysql, "sandbox").request,
            ),
            (
                ApiKind::Solutions,
                solutions::update_solution("u", Some("ACTIVE"), None).request,
            ),
            (ApiKind::Solutions, solutions::jobs(&filter).request),
            (ApiKind::Spot, spot::list_accounts(Some("123")).request),
            (ApiKind::Spot, spot::list_accounts(None).request),
        ]);
        for (api, r) in urls {
            let p = prepare(api, &conn("t"), AuthMode::Token, &r);
            let query = p.url.split_once('?').map(|(_, q)| q);
            assert!(
                query.is_none_or(|q| !q.is_empty()
                    && !q.starts_with('&')
                    && !q.ends_with('&')
                    && !q.contains("&&")),
                "{api:?}: {}",
                p.url
            );
        }
    }

    #[test]
    fn json_bodies_declare_json() {
        let r = Request::post("/mysql").json(serde_json::json!({"type": "sandbox"}));
        let p = prepare(ApiKind::Keboola, &conn("t"), AuthMode::Token, &r);
        assert_eq!(header(&p, "content-type"), Some("application/json"));
    }

    #[test]
    fn job_urls_are_mapped_onto_the_queue_base() {
        assert_eq!(
            map_to_base(
                "https://syrup.keboola.com/queue/job/123?x=1",
                "/api/keboola-queue/"
            ),
            "/api/keboola-queue/queue/job/123?x=1"
        );
        assert_eq!(
            map_to_base("/queue/job/9", "https://q.test"),
            "https://q.test/queue/job/9"
        );
    }
}
