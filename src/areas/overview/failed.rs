//! The Overview's last failed requests, from this tab's request log ([`crate::reqlog`]): method,
//! API, path and what went wrong, newest first, each leading to the request log filtered to
//! failures (where its curl and its answer are).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::reqlog;
use crate::ui::TimeAgo;

/// How many failed requests are listed.
const SHOWN: usize = 5;

#[component]
pub fn FailedRequests() -> impl IntoView {
    let log = reqlog::entries();
    let failed = move || {
        log.with(|l| {
            l.iter()
                .rev()
                .filter(|e| e.failed())
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" id="overview-failed-requests">
            <h2><A href="/requests?status=failed">"Last failed requests"</A></h2>
            {move || {
                let list = failed();
                if list.is_empty() {
                    return view! { <p class="muted attention-none">"No request this tab sent has failed."</p> }.into_any();
                }
                view! {
                    <ul class="attention">
                        {list.into_iter().map(|e| {
                            let text = format!(
                                "{} {} {} — {}",
                                e.method(),
                                e.api.label(),
                                e.path,
                                e.problem.clone().unwrap_or_default()
                            );
                            view! {
                                <li><A href="/requests?status=failed">{text}</A>
                                    " " <TimeAgo ms=Some(e.at_ms as i64)/></li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
