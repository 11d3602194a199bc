//! Spot's catalog, fetched once per tab with the area. The build ships it as a hashed static
//! file (`tools/stage-chunks` names it `spot-catalog-<hash>.json` and writes that name into
//! `index.html`'s `opsdeck-spot-catalog` meta element), so it is never part of the first load and
//! a redeploy never mixes an old catalog with new code.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::spot::catalog::Catalog;
use crate::api::transport::static_text;

thread_local! {
    static LOADED: RefCell<Option<Rc<Catalog>>> = const { RefCell::new(None) };
    static DOCS: RefCell<Option<Rc<Value>>> = const { RefCell::new(None) };
}

/// The catalog, from memory after the first fetch.
pub async fn load() -> Result<Rc<Catalog>, String> {
    if let Some(c) = loaded() {
        return Ok(c);
    }
    let catalog = Rc::new(Catalog::parse(&shipped("catalog").await?)?);
    LOADED.with(|l| *l.borrow_mut() = Some(catalog.clone()));
    Ok(catalog)
}

/// The catalog when it is already loaded (every explorer page has loaded it first).
pub fn loaded() -> Option<Rc<Catalog>> {
    LOADED.with(|l| l.borrow().clone())
}

/// The documentation lines, fetched the first time an operation page asks for them.
pub async fn docs() -> Result<Rc<Value>, String> {
    if let Some(d) = DOCS.with(|d| d.borrow().clone()) {
        return Ok(d);
    }
    let value: Value =
        serde_json::from_str(&shipped("descriptions").await?).map_err(|e| e.to_string())?;
    let value = Rc::new(value);
    DOCS.with(|d| *d.borrow_mut() = Some(value.clone()));
    Ok(value)
}

/// The text of the file the build shipped as `spot-<kind>-<hash>.json`.
async fn shipped(kind: &str) -> Result<String, String> {
    let url = document()
        .query_selector(&format!("meta[name=opsdeck-spot-{kind}]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("this build ships no Spot catalog (build the console with ./dev build)")?;
    static_text(&format!("/{}", url.trim_start_matches('/'))).await
}

/// Whether `value` matches `pattern`, by the browser's own regular expressions.
pub fn matches(pattern: &str, value: &str) -> Option<bool> {
    Some(js_sys::RegExp::new(pattern, "").test(value))
}

/// The loading and failure states every explorer page shows while the catalog arrives.
pub fn waiting(result: Option<Result<Rc<Catalog>, String>>) -> Result<Rc<Catalog>, AnyView> {
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
