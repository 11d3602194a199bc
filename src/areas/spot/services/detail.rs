//! One item as Spot answers it, field by field (a subscription, a data integration): the
//! read named by the caller, with "Open in explorer".

use leptos::prelude::*;

use crate::api::json;

use super::super::op_call::{use_op, ExplorerLink, OpCall};

/// The item `call` reads, as `label: value` lines for `fields` (JSON pointers into the item,
/// `/config/bucketName`); nothing while `call` is `None`.
#[component]
pub fn Detail(
    #[prop(into)] call: Signal<Option<OpCall>>,
    fields: &'static [(&'static str, &'static str)],
    title: &'static str,
    id: &'static str,
) -> impl IntoView {
    let read = use_op(move || call.get());
    move || {
        call.get().map(|c| {
            view! {
                <section class="card" id=id>
                    <h3>{title}</h3>
                    <p class="muted"><ExplorerLink call=c/></p>
                    {read.view(move |a| {
                        let item = a.items.unwrap_or_default().into_iter().next().unwrap_or_default();
                        view! { <dl class="detail">{fields.iter().map(|(label, at)| {
                            let value = item.pointer(at).and_then(json::text).unwrap_or_else(|| "—".into());
                            view! { <dt>{*label}</dt> <dd data-field=*at><bdi>{value}</bdi></dd> }
                        }).collect_view()}</dl> }
                    })}
                </section>
            }
        })
    }
}
