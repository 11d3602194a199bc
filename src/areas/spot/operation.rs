//! One Spot operation: its documentation line, its parameters ([`super::params`]),
//! the body as a form generated from its schema, or as JSON ([`super::form`]);
//! problems named beside their field before anything is sent; destructive operations confirmed
//! (deletes by typing the id); the answer read whatever its shape ([`super::answer`]).

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::field::FieldError;
use crate::api::spot::builder::{build, Inputs, BODY_ON_GET};
use crate::api::spot::catalog::{op_docs, AccountUse, Catalog, Now, Op};
use crate::api::spot::envelope::{self, Answer};
use crate::api::spot::form::server_field;
use crate::api::{curl_command, ApiError, ApiKind, Call, Method, Request};
use crate::client::use_client;
use crate::ui::{ConfirmDialog, CopyButton, Disclosure};

use super::answer::AnswerView;
use super::catalog::{docs, load, load_op, matches, waiting};
use super::context::use_account;
use super::form::{Body, BodyEditor};
use super::params::{draft_of, fill, named_target, param_inputs, ParamFields};
use super::SpotNav;

#[component]
pub fn Operation() -> impl IntoView {
    let params = use_params_map();
    let slug = move || {
        params.with(|p| {
            format!(
                "{}/{}",
                p.get("section").unwrap_or_default(),
                p.get("op").unwrap_or_default()
            )
        })
    };
    // The catalog the address's operation opens with (perhaps only its slice), and that
    // operation: the form shown stays until the next one is ready.
    let opened = LocalResource::new(move || {
        let slug = slug();
        async move {
            let cat = load_op(slug.clone()).await?;
            let op = cat.op(&slug).cloned();
            Ok::<_, String>((cat, op))
        }
    });
    // The whole catalog (other operations' forms, the pickers' lists, the palette) follows
    // when the browser is idle.
    crate::ui::load_when_idle(|| async {
        let _ = load().await;
    });
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        {move || match waiting(opened.get()) {
            Err(v) => v,
            Ok((cat, op)) => match op {
                Some(op) => view! { <OpForm cat=cat op=op/> }.into_any(),
                None => view! { <p class="notice">"No Spot operation is at this address. "
                    <a href="/spot/ops">"All operations"</a></p> }.into_any(),
            },
        }}
    }
}

#[component]
fn OpForm(cat: Rc<Catalog>, op: Op) -> impl IntoView {
    let client = use_client();
    let account = use_account();
    // What the operator typed for this operation is kept for the tab (where the connections are
    // kept; nothing in memory-only mode), so leaving the page or reloading loses nothing.
    let draft_key = format!("spot.draft.{}", op.slug);
    let mut draft: serde_json::Value = crate::store::load_value(&draft_key).unwrap_or_default();
    // A curated screen's "Open in explorer" carries its parameters in the address.
    let given = use_query_map().with_untracked(super::op_call::params_in_address);
    if !given.is_empty() {
        if !draft["params"].is_object() {
            draft["params"] = serde_json::json!({});
        }
        for (k, v) in given {
            draft["params"][k] = v.into();
        }
    }
    let fields = param_inputs(&op, &draft);
    let schema = op.body.clone().filter(|_| !op.body_on_get());
    let body = schema.as_ref().map(|s| Body::start(&cat, s, &draft));
    {
        let fields = fields.clone();
        Effect::new(move |_| {
            let mut value = serde_json::Map::new();
            value.insert("params".into(), draft_of(&fields).into());
            if let Some(b) = body {
                b.draft(&mut value);
            }
            crate::store::save_value(client.storage_mode(), &draft_key, &value.into());
        });
    }
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let curl = RwSignal::new(String::new());
    let confirm = RwSignal::new(false);
    let ready = StoredValue::new_local(None::<Request>);
    let send = Action::new_local(move |req: &Request| {
        let call = Call::new(ApiKind::Spot, req.clone(), envelope::decode);
        async move { client.send(call).await }
    });
    // Spot's own field errors land beside the same inputs as the console's.
    Effect::new(move |_| {
        if let Some(Err(ApiError::Http { status, body, .. })) = send.value().get() {
            let read = envelope::read(&crate::api::Response {
                status,
                content_type: None,
                body: body.into_bytes(),
            });
            errors.set(
                read.errors
                    .iter()
                    .filter_map(|e| {
                        Some(FieldError::new(
                            server_field(e.field.as_deref()?),
                            e.message.clone(),
                        ))
                    })
                    .collect(),
            );
        }
    });
    let op = StoredValue::new(op);
    let fields = StoredValue::new(fields);
    let cat = StoredValue::new_local(cat);
    let submit = move || {
        let mut inputs = Inputs::default();
        fields.with_value(|f| fill(f, &mut inputs));
        let mut problems = Vec::new();
        match body.map(|b| b.read()) {
            Some(Ok(v)) => inputs.body = v,
            Some(Err(e)) => problems.push(FieldError::new("body", e)),
            None => {}
        }
        let built = op.with_value(|op| {
            cat.with_value(|cat| {
                build(
                    cat,
                    op,
                    &inputs,
                    account.get_untracked().as_deref(),
                    &matches,
                )
            })
        });
        match (built, problems.is_empty()) {
            (Ok(req), true) => {
                errors.set(Vec::new());
                let call = Call::new(ApiKind::Spot, req.clone(), envelope::decode);
                let origin = window().location().origin().unwrap_or_default();
                curl.set(curl_command(&client.prepare(&call), &origin));
                if op.with_value(|o| o.destructive) {
                    ready.set_value(Some(req));
                    confirm.set(true);
                } else {
                    send.dispatch_local(req);
                }
            }
            (Ok(_), false) => errors.set(problems),
            (Err(mut e), _) => {
                e.extend(problems);
                errors.set(e);
            }
        }
    };
    let o = op.get_value();
    let typed = (o.method == Method::Delete)
        .then(|| fields.with_value(|f| named_target(&o, f)))
        .flatten();
    view! {
        <h2 id="spot-op-title">{o.title.clone()}</h2>
        <p class="op-line">
            <span class=format!("method {}", o.method.as_str().to_lowercase())>{o.method.as_str()}</span>
            " " <code id="spot-op-path">{o.path.clone()}</code> " " <span class="muted">{cat.with_value(|c| c.sections.get(o.section).cloned().unwrap_or_default())}</span>
        </p>
        {now_line(&o.now)}
        <Documentation slug=o.slug.clone()/>
        <p class="muted" id="spot-op-account">{
            let uses = o.account();
            move || {
                let chosen = account.get().unwrap_or_else(|| "none yet".into());
                match uses {
                    AccountUse::Required => format!("Acts within the chosen Spot account ({chosen})."),
                    AccountUse::Optional => format!("Acts within the chosen Spot account ({chosen}) when one is given."),
                    AccountUse::Independent => "Organization-level: the same whatever account is chosen.".into(),
                }
            }
        }</p>
        <form class="spot-op" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <ParamFields cat=cat.get_value() op=o.clone() inputs=fields.get_value() errors=errors/>
            {o.body_on_get().then(|| view! { <p class="notice" id="spot-body-on-get">{BODY_ON_GET}</p> })}
            {body.zip(schema).map(|(body, schema)| view! {
                <BodyEditor cat=cat.get_value() schema=schema required=o.body_required body=body errors=errors/>
            })}
            <button type="submit" class=if o.destructive { "btn danger" } else { "btn primary" } id="spot-send"
                disabled=move || send.pending().get()>
                {move || if send.pending().get() { "Sending…" } else { "Send" }}
            </button>
            <Show when=move || !curl.get().is_empty()>
                <CopyButton text=Signal::derive(move || curl.get()) label="Copy as curl"/>
            </Show>
        </form>
        {
            let title = format!("{}?", o.title);
            let label = o.title.clone();
            let what = format!("This sends {} {} to Spot and cannot be undone from here.", o.method.as_str(), o.path);
            let go = Callback::new(move |_| if let Some(req) = ready.get_value() { send.dispatch_local(req); });
            match typed {
                Some(t) => view! {
                    <ConfirmDialog open=confirm title=title confirm_label=label danger=true typed=t on_confirm=go>
                        <p>{what.clone()}</p>
                    </ConfirmDialog>
                }.into_any(),
                None => view! {
                    <ConfirmDialog open=confirm title=title confirm_label=label danger=true on_confirm=go>
                        <p>{what.clone()}</p>
                    </ConfirmDialog>
                }.into_any(),
            }
        }
        <AnswerView outcome=Signal::derive(move || send.value().get()) columns=o.response.columns.clone()/>
    }
}

fn now_line(now: &Now) -> Option<AnyView> {
    match now {
        Now::Current => None,
        Now::Moved { path } => Some(view! { <p class="notice" id="spot-op-now">"Today's Spot API has this operation at " <code>{path.clone()}</code> "."</p> }.into_any()),
        Now::Gone { left, successor } => Some(view! {
            <p class="notice" id="spot-op-now">
                "No longer in today's Spot API"
                {left.clone().map(|l| format!(" (removed {l})"))}
                {match successor { Some(s) => format!("; closest successor: {s}."), None => "; it has no successor.".into() }}
            </p>
        }.into_any()),
    }
}

/// The answer of a send, kept for [`AnswerView`].
pub type Outcome = Option<Result<Answer, ApiError>>;

/// The document's own words for the operation, its parameters and its body fields: its slice of
/// them, fetched when the page opens (the catalog carries none, to stay small).
#[component]
fn Documentation(slug: String) -> impl IntoView {
    let loaded = {
        let slug = slug.clone();
        LocalResource::new(move || docs(slug.clone()))
    };
    move || {
        let all = loaded.get()?.ok()?;
        let d = op_docs(&all, &slug);
        // Hundreds of entries for the largest bodies: listed when the operator opens them.
        let listed: Vec<(String, String)> = d
            .params
            .into_iter()
            .chain(d.fields.into_iter().map(|(k, v)| (format!("body: {k}"), v)))
            .collect();
        let listed = StoredValue::new(listed);
        Some(view! {
            {d.summary.map(|s| view! { <p class="op-doc" id="spot-op-doc">{s}</p> })}
            {listed.with_value(|l| !l.is_empty()).then(|| view! {
                <Disclosure class="op-docs" summary=|| "Parameters and fields, as documented">
                    <dl>
                        {listed.get_value().into_iter()
                            .map(|(k, v)| view! { <dt><code>{k}</code></dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                </Disclosure>
            })}
        })
    }
}
