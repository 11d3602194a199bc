//! Curated Spot screens call catalog operations by their explorer id (`section/operation`,
//! e.g. `elastigroup-aws/scale-up`) with path and query parameters and an optional body: the
//! request is the builder's ([`crate::api::spot::builder`]: the same paths, checks and account
//! handling as the explorer, no second copy of any path), the answer is read by
//! [`envelope::decode`]. [`ExplorerLink`] opens the same operation in the explorer with the
//! same parameters.
//!
//! Reads: `use_op(move || Some(OpCall::new("elastigroup-aws/list-elastigroup").path("groupId", id)))`.
//! Writes: `let w = use_op_write(then); w.send(call)` (problems that stop the request are
//! returned, in the builder's field spelling). Both wait for the catalog (fetched once per tab).

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::field::FieldError;
use crate::api::spot::builder::{build, Inputs};
use crate::api::spot::catalog::Catalog;
use crate::api::spot::envelope::{self, Answer};
use crate::api::{ApiError, ApiKind, Call, Request};
use crate::ui::{use_call, use_write_then, Loaded, Write};

use super::catalog::{load, loaded, matches};
use super::context::{link, use_account};

/// One catalog operation and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct OpCall {
    /// The explorer id: `section/operation`.
    pub id: String,
    pub inputs: Inputs,
}

impl OpCall {
    pub fn new(id: impl Into<String>) -> OpCall {
        OpCall {
            id: id.into(),
            inputs: Inputs::default(),
        }
    }

    /// With a path parameter.
    pub fn path(mut self, name: &str, value: impl Into<String>) -> OpCall {
        self.inputs.path.insert(name.into(), value.into());
        self
    }

    /// With a query parameter (an empty value is not sent).
    pub fn query(mut self, name: &str, value: impl Into<String>) -> OpCall {
        self.inputs.query.insert(name.into(), value.into());
        self
    }

    /// With a JSON body.
    pub fn body(mut self, body: Value) -> OpCall {
        self.inputs.body = Some(body);
        self
    }

    /// The request, through the builder, in `account`; or why it cannot be built.
    pub fn request(
        &self,
        cat: &Catalog,
        account: Option<&str>,
    ) -> Result<Request, Vec<FieldError>> {
        let op = cat.op(&self.id).ok_or_else(|| {
            vec![FieldError::new(
                "operation",
                format!("Spot's catalog has no operation {}.", self.id),
            )]
        })?;
        build(cat, op, &self.inputs, account, &matches)
    }

    /// The explorer page of this operation with the same path and query parameters (the body
    /// is not carried: the explorer starts from the operator's own draft of it).
    pub fn explorer_href(&self, account: Option<&str>) -> String {
        let query: String = self
            .inputs
            .path
            .iter()
            .chain(self.inputs.query.iter())
            .filter(|(k, v)| k.as_str() != "accountId" && !v.trim().is_empty())
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let path = match query.is_empty() {
            true => format!("/spot/ops/{}", self.id),
            false => format!("/spot/ops/{}?{query}", self.id),
        };
        link(&path, account)
    }
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The parameters an explorer address carries (`?groupId=sig-1`), for the operation's fields;
/// `account` is the account switcher's.
pub fn params_in_address(query: &leptos_router::params::ParamsMap) -> BTreeMap<String, String> {
    query
        .into_iter()
        .filter(|(k, _)| *k != "account")
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn spot_call(req: Request) -> Call<Answer> {
    Call::new(ApiKind::Spot, req, envelope::decode)
}

/// Loads the operation `make` names, again when what it reads (or the account) changes;
/// `None` (or a call the builder refuses) asks nothing. Waits for the catalog.
pub fn use_op(make: impl Fn() -> Option<OpCall> + 'static) -> Loaded<Answer> {
    let catalog = LocalResource::new(load);
    let account = use_account();
    use_call(move || {
        let cat = catalog.get()?.ok()?;
        let call = make()?;
        call.request(&cat, account.get().as_deref())
            .ok()
            .map(spot_call)
    })
}

/// Why a followed job's check could not ask Spot.
pub enum Unasked {
    /// The catalog did not load, or the request failed: ask again later.
    Later(String),
    /// The request cannot be built (it never will be): the job cannot be followed.
    Never(String),
}

/// Sends `call` in `account` outside any page (a followed job's check, after a reload too): the
/// catalog is loaded first (from memory after the first time).
pub async fn ask(
    client: crate::client::Client,
    call: &OpCall,
    account: Option<&str>,
) -> Result<Answer, Unasked> {
    let cat = load().await.map_err(Unasked::Later)?;
    let req = call
        .request(&cat, account)
        .map_err(|e| Unasked::Never(e.first().map(|e| e.message.clone()).unwrap_or_default()))?;
    client
        .send_with(spot_call(req), crate::client::SendOptions::default())
        .await
        .map_err(|e| Unasked::Later(e.summary()))
}

/// A write of catalog operations (Copy).
#[derive(Clone, Copy)]
pub struct OpWrite {
    write: Write<Request, Answer>,
    account: Signal<Option<String>>,
}

/// A write; `then` runs on each outcome once it is in (to reload what it changed).
pub fn use_op_write(then: impl Fn(&Result<Answer, ApiError>) + 'static) -> OpWrite {
    // The catalog is needed by the time anything is sent; its parse must not hold back the
    // page's own first data.
    crate::ui::load_when_idle(|| async {
        let _ = load().await;
    });
    OpWrite {
        write: use_write_then(|req: &Request| spot_call(req.clone()), then),
        account: use_account(),
    }
}

impl OpWrite {
    /// Builds and sends `call` (ignored while one is pending); the problems that stop it.
    pub fn send(&self, call: &OpCall) -> Result<(), Vec<FieldError>> {
        let Some(cat) = loaded() else {
            return Err(vec![FieldError::new(
                "operation",
                "Spot's list of operations is still loading; try again in a moment.",
            )]);
        };
        let req = call.request(&cat, self.account.get_untracked().as_deref())?;
        self.write.send(req);
        Ok(())
    }

    /// Under way. Tracked.
    pub fn pending(&self) -> Signal<bool> {
        self.write.pending()
    }

    /// The last outcome. Tracked.
    pub fn done(&self) -> Option<Result<Answer, ApiError>> {
        self.write.done()
    }

    /// Forgets the last outcome.
    pub fn clear(&self) {
        self.write.clear()
    }

    /// The last outcome in words (Spot's own error messages), with the request disclosure.
    pub fn view<V: IntoView + 'static>(
        self,
        ok: impl Fn(Answer) -> V + Send + Sync + 'static,
    ) -> impl IntoView {
        self.write.view(ok)
    }
}

/// Sends `call` through `w`, keeping what stopped it before sending in `problems`.
pub fn send_noting(w: OpWrite, call: &OpCall, problems: RwSignal<Vec<FieldError>>) {
    problems.set(w.send(call).err().unwrap_or_default());
}

/// Problems that stopped a write before it was sent, in words.
pub fn problems_view(p: RwSignal<Vec<FieldError>>) -> impl IntoView {
    move || {
        p.with(|p| {
            (!p.is_empty()).then(|| {
                let text = p
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <p class="notice error" role="alert">{text}</p> }
            })
        })
    }
}

/// The problems of a send that no input of the form shows (the catalog still loading, no
/// account chosen), in words.
pub fn unsent(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    move || {
        errors.with(|e| {
            e.iter()
                .filter(|e| {
                    e.field == "operation"
                        || e.field == "body"
                        || e.field.starts_with("query:")
                        || e.field.starts_with("path:")
                })
                .map(|e| view! { <p class="field-error" role="alert">{e.message.clone()}</p> })
                .collect_view()
        })
    }
}

/// "Open in explorer": the operation's explorer page with the same parameters.
#[component]
pub fn ExplorerLink(#[prop(into)] call: Signal<OpCall>) -> impl IntoView {
    let account = use_account();
    view! {
        <a class="explorer-link" href=move || call.with(|c| c.explorer_href(account.get().as_deref()))
            title=move || call.with(|c| format!("This operation ({}) in the explorer, with the same parameters", c.id))>
            "Open in explorer"
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_links_carry_the_parameters_but_not_the_account_id() {
        let c = OpCall::new("elastigroup-aws/get-elastilog")
            .path("groupId", "sig-1 2")
            .query("severity", "ERROR")
            .query("accountId", "act-x")
            .query("toDate", "");
        assert_eq!(
            c.explorer_href(Some("act-1")),
            "/spot/ops/elastigroup-aws/get-elastilog?groupId=sig%2D1%202&severity=ERROR&account=act%2D1"
        );
        assert_eq!(
            OpCall::new("elastigroup-aws/list-all-elastigroups").explorer_href(None),
            "/spot/ops/elastigroup-aws/list-all-elastigroups"
        );
    }

    #[test]
    fn requests_go_through_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        let re: crate::api::spot::schema::Matcher = &|_, _| Some(true);
        let c = OpCall::new("elastigroup-aws/scale-up")
            .path("groupId", "sig-1")
            .query("adjustment", "2");
        let op = cat.op(&c.id).unwrap();
        let req = build(&cat, op, &c.inputs, Some("act-1"), re).unwrap();
        assert_eq!(
            req.path_and_query(),
            "/aws/ec2/group/sig-1/scale/up?adjustment=2&accountId=act-1"
        );
        let missing = OpCall::new("elastigroup-aws/scale-up")
            .request(&cat, Some("act-1"))
            .unwrap_err();
        assert!(missing.iter().any(|e| e.field == "path:groupId"));
        let unknown = OpCall::new("nowhere/none").request(&cat, None).unwrap_err();
        assert_eq!(unknown[0].field, "operation");
    }
}
