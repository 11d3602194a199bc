//! The pager of a list the server pages (limit/offset kept in the page's address): which rows
//! are shown, and links to the pages before and after.

use leptos::prelude::*;
use leptos_router::components::A;

/// Where a server-paged list stands.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerPage {
    /// The offset of the first row shown.
    pub offset: u32,
    /// The address of the page before and after (`None`: there is none).
    pub prev: Option<String>,
    pub next: Option<String>,
    /// What the rows are, capitalised ("Solutions").
    pub noun: &'static str,
    /// Prefix of the ids: `<id>-count`, `<id>-prev`, `<id>-next`.
    pub id: &'static str,
}

/// "Solutions 11–20", Previous, Next.
#[component]
pub fn Pager(page: ServerPage, count: usize) -> impl IntoView {
    let ServerPage {
        offset,
        prev,
        next,
        noun,
        id,
    } = page;
    let words = if count == 0 {
        format!("No {} on this page", noun.to_lowercase())
    } else {
        format!("{noun} {}–{}", offset + 1, offset as usize + count)
    };
    view! {
        <div class="pager">
            <span class="count" id=format!("{id}-count")>{words}</span>
            {prev.map(|h| view! { <A href=h attr:class="btn small" attr:id=format!("{id}-prev")>"Previous"</A> })}
            {next.map(|h| view! { <A href=h attr:class="btn small" attr:id=format!("{id}-next")>"Next"</A> })}
        </div>
    }
}
