//! Spot by NetApp. Its 342 operations are data ([`catalog`], generated from Spot's OpenAPI of
//! 2021-11); [`builder`] turns one operation and the operator's inputs into a request,
//! [`schema`] checks and templates bodies, [`envelope`] reads any answer. The accounts list, the
//! connection test's call, has its own typed function.

pub mod builder;
pub mod catalog;
pub mod envelope;
pub mod form;
pub mod schema;

use serde::Deserialize;

use super::{ApiKind, Call, Request};

/// Spot wraps every answer as `{request, response: {status, kind, items, count}}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Envelope<T> {
    #[serde(default = "Items::empty")]
    pub response: Items<T>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Items<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

impl<T> Items<T> {
    fn empty() -> Items<T> {
        Items { items: Vec::new() }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Account {
    pub account_id: String,
    pub name: String,
    /// A number in the schema; kept as JSON so any form reads.
    pub organization_id: serde_json::Value,
    pub provider_external_id: Option<String>,
}

/// GET /setup/account — List Accounts (all of the organization's, or those of one cloud account).
pub fn list_accounts(cloud_account_id: Option<&str>) -> Call<Envelope<Account>> {
    let req = Request::get("/setup/account").query_opt(
        "cloudAccountId",
        cloud_account_id.filter(|s| !s.trim().is_empty()),
    );
    Call::json(ApiKind::Spot, req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Response;

    #[test]
    fn accounts_decode_from_the_documented_envelope() {
        let body = r#"{"request":{"id":"x"},"response":{"status":{"code":200,"message":"OK"},
            "kind":"spotinst:setup:account","items":[{"accountId":"act-57765123","organizationId":606079861123,
            "name":"test","providerExternalId":"123"},{"accountId":"act-2"}],"count":2}}"#;
        let call = list_accounts(None);
        assert_eq!(call.request.path_and_query(), "/setup/account");
        let env = call
            .decode(&Response {
                status: 200,
                content_type: None,
                body: body.as_bytes().to_vec(),
            })
            .unwrap();
        assert_eq!(env.response.items.len(), 2);
        assert_eq!(env.response.items[0].name, "test");
        assert_eq!(env.response.items[1].provider_external_id, None);
        assert_eq!(
            list_accounts(Some("634245686616")).request.path_and_query(),
            "/setup/account?cloudAccountId=634245686616"
        );
    }
}

#[cfg(test)]
mod catalog_tests;
