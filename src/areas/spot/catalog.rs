//! Spot's catalog, fetched once per tab with the area. The build ships it as a hashed static
//! file (`tools/stage-chunks` names it `spot-catalog-<hash>.json` and writes that name into
//! `index.html`'s `opsdeck-spot-catalog` meta element), so it is never part of the first load and
//! a redeploy never mixes an old catalog with new code; and beside it, each operation's slice of
//! it, which an operation's form opens with until the whole catalog is loaded ([`load_op`]), and
//! each operation's slice of the documentation lines, all its page reads of them ([`docs`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::thread::LocalKey;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use serde_json::Value;

use crate::api::spot::catalog::Catalog;
use crate::api::transport::static_text;

/// A file read once per tab, or on its way.
type Slot<T> = RefCell<Option<Shared<LocalBoxFuture<'static, Result<Rc<T>, String>>>>>;

thread_local! {
    static CATALOG: Slot<Catalog> = const { RefCell::new(None) };
    /// Each operation's documentation lines read so far, by slug.
    static DOCS: RefCell<HashMap<String, Rc<Value>>> = RefCell::new(HashMap::new());
}

/// What `slot` holds, read by `read` the first time: every reader that asks while it is on its
/// way shares the one request (a page's several parts ask at once). A failure is not kept, so
/// the next reader asks again.
async fn once<T: 'static>(
    slot: &'static LocalKey<Slot<T>>,
    read: fn() -> LocalBoxFuture<'static, Result<Rc<T>, String>>,
) -> Result<Rc<T>, String> {
    let reading = slot.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| read().shared())
            .clone()
    });
    let result = reading.clone().await;
    if result.is_err() {
        slot.with(|s| {
            let mut s = s.borrow_mut();
            if s.as_ref().is_some_and(|r| r.ptr_eq(&reading)) {
                *s = None;
            }
        });
    }
    result
}

/// The catalog, from memory after the first fetch.
pub async fn load() -> Result<Rc<Catalog>, String> {
    once(&CATALOG, || {
        async {
            let url = meta("catalog")
                .ok_or("this build ships no Spot catalog (build the console with ./dev build)")?;
            Catalog::parse(&static_text(&format!("/{url}")).await?).map(Rc::new)
        }
        .boxed_local()
    })
    .await
}

/// The catalog when it is already loaded (every explorer page has loaded it first).
pub fn loaded() -> Option<Rc<Catalog>> {
    CATALOG.with(|c| c.borrow().as_ref()?.peek()?.as_ref().ok().cloned())
}

/// The catalog to open the form of the operation at `slug` with: the whole one once it is
/// loaded, else only that operation's slice (`tools/spot-catalog/src/slice.rs`: a deep link's
/// form waits for a few KB, not for the whole catalog), else the whole one (an address naming no
/// operation, which the page then says).
pub async fn load_op(slug: String) -> Result<Rc<Catalog>, String> {
    if let Some(c) = loaded() {
        return Ok(c);
    }
    match slice(&slug).await {
        Some(c) => Ok(c),
        None => load().await,
    }
}

/// The slice of the operation at `slug`, if there is one: anything else (an address naming no
/// operation, whose file is missing or is the server's page) is `None`.
async fn slice(slug: &str) -> Option<Rc<Catalog>> {
    // In the folder named like the catalog (`tools/stage-chunks`).
    let folder = meta("catalog")?.strip_suffix(".json")?.to_string();
    let text = static_text(&format!("/{folder}/{slug}.json")).await.ok()?;
    let cat = Catalog::parse(&text).ok()?;
    cat.op(slug).is_some().then(|| Rc::new(cat))
}

/// The documentation lines of the catalog's operation `slug` (its slice of `descriptions.json`,
/// in the folder `index.html` names), fetched the first time its page asks for them.
pub async fn docs(slug: String) -> Result<Rc<Value>, String> {
    if let Some(d) = DOCS.with(|d| d.borrow().get(&slug).cloned()) {
        return Ok(d);
    }
    let folder = meta("descriptions").ok_or("this build ships no Spot documentation")?;
    let text = static_text(&format!("/{folder}/{slug}.json")).await?;
    let docs: Rc<Value> = Rc::new(serde_json::from_str(&text).map_err(|e| e.to_string())?);
    DOCS.with(|d| d.borrow_mut().insert(slug, docs.clone()));
    Ok(docs)
}

/// What `index.html`'s `opsdeck-spot-<kind>` meta element names (`tools/stage-chunks`).
fn meta(kind: &str) -> Option<String> {
    let content = document()
        .query_selector(&format!("meta[name=opsdeck-spot-{kind}]"))
        .ok()??
        .get_attribute("content")?;
    Some(content.trim_start_matches('/').to_string())
}

/// Whether `value` matches `pattern`, by the browser's own regular expressions.
pub fn matches(pattern: &str, value: &str) -> Option<bool> {
    Some(js_sys::RegExp::new(pattern, "").test(value))
}

/// The loading and failure states every explorer page shows while the catalog arrives.
pub fn waiting<T>(result: Option<Result<T, String>>) -> Result<T, AnyView> {
    match result {
        None => Err(view! { <p class="loading">"Loading Spot's operations…"</p> }.into_any()),
        Some(Err(e)) => Err(view! {
            <div class="notice error" role="alert">
                <p>"Spot's list of operations could not be loaded: " {e}</p>
            </div>
        }
        .into_any()),
        Some(Ok(c)) => Ok(c),
    }
}
