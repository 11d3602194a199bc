//! Every Spot operation in one list: the 20 sections with their counts beside it, and a search
//! over titles and paths that is instant over all 342 (no request while typing). The search and
//! the section are in the address, so a link shows the same list.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::spot::catalog::{Catalog, Now, Op};

use super::catalog::{load, waiting};
use super::context::{link, use_account};
use super::SpotNav;

#[component]
pub fn Explorer() -> impl IntoView {
    let catalog = LocalResource::new(load);
    let query = use_query_map();
    let text = move || query.with(|q| q.get("q").unwrap_or_default());
    let section = move || query.with(|q| q.get("section").and_then(|s| s.parse::<usize>().ok()));
    let account = use_account();
    let navigate = use_navigate();
    let search = move |value: String| {
        let mut to = format!(
            "/spot/ops?q={}",
            percent_encoding::utf8_percent_encode(&value, percent_encoding::NON_ALPHANUMERIC)
        );
        if let Some(s) = section() {
            to.push_str(&format!("&section={s}"));
        }
        navigate(
            &link(&to, account.get_untracked().as_deref()),
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"All operations"</h2>
        {move || match waiting(catalog.get()) {
            Err(v) => v,
            Ok(cat) => {
                let shown = matching(&cat, &text(), section());
                let count = shown.len();
                let search = search.clone();
                view! {
                    <div class="explorer">
                        <nav class="sections" aria-label="Sections">
                            <a href=move || link("/spot/ops", account.get().as_deref()) aria-current=move || section().is_none().then_some("page")>
                                "All " <span class="count">{cat.ops.len()}</span>
                            </a>
                            {cat.sections.iter().enumerate().map(|(i, name)| {
                                let n = cat.ops.iter().filter(|o| o.section == i).count();
                                view! {
                                    <a href=move || link(&format!("/spot/ops?section={i}"), account.get().as_deref())
                                        aria-current=move || (section() == Some(i)).then_some("page")>
                                        {name.clone()} " " <span class="count">{n}</span>
                                    </a>
                                }
                            }).collect_view()}
                        </nav>
                        <div class="ops">
                            <label class="field" for="spot-op-search">
                                <span class="field-label">"Find an operation by title or path"</span>
                                <input id="spot-op-search" type="search" autocomplete="off"
                                    prop:value=text
                                    on:input=move |ev| search(event_target_value(&ev))/>
                            </label>
                            <p class="muted" id="spot-op-count">{format!("{count} operations")}</p>
                            <ul class="op-list" id="spot-ops">
                                {shown.into_iter().map(|op| row(&cat, op, account)).collect_view()}
                            </ul>
                        </div>
                    </div>
                }.into_any()
            }
        }}
    }
}

/// The operations whose title, path or section holds every word of `text`.
fn matching<'a>(cat: &'a Catalog, text: &str, section: Option<usize>) -> Vec<&'a Op> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    cat.ops
        .iter()
        .filter(|o| section.is_none_or(|s| o.section == s))
        .filter(|o| {
            let hay = format!(
                "{} {} {} {}",
                o.title,
                o.path,
                o.method.as_str(),
                cat.sections
                    .get(o.section)
                    .map(String::as_str)
                    .unwrap_or("")
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

fn row(cat: &Catalog, op: &Op, account: Signal<Option<String>>) -> impl IntoView {
    let gone = matches!(op.now, Now::Gone { .. });
    let to = format!("/spot/ops/{}", op.slug);
    view! {
        <li>
            <a href=move || link(&to, account.get().as_deref())>
                <span class=format!("method {}", op.method.as_str().to_lowercase())>{op.method.as_str()}</span>
                " " <span class="op-title">{op.title.clone()}</span>
            </a>
            " " <code class="op-path">{op.path.clone()}</code>
            " " <span class="muted">{cat.sections.get(op.section).cloned().unwrap_or_default()}</span>
            {op.destructive.then(|| view! { " " <span class="badge danger">"destructive"</span> })}
            {gone.then(|| view! { " " <span class="badge">"not in today's API"</span> })}
        </li>
    }
}
