//! One Ocean CD entity's page: what Spot answers, its fields as an update would send them
//! edited as JSON, "Review changes" showing the diff, then PUT (the whole entity) or PATCH
//! (only the changed fields) where the document has both, confirmed; delete with its name typed.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::{Map, Value};

use crate::api::field::FieldError;
use crate::api::spot::catalog::Catalog;
use crate::api::spot::form::props;
use crate::ui::{changed_fields, ActionButton, ConfirmDialog, JsonDiff, JsonView, TextArea};

use super::super::catalog::load;
use super::super::context::{link, use_account};
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{items, Act, Kind};

/// The fields an update of `kind` sends (its PUT body's, inside the wrapper when it has one).
fn updatable(cat: &Catalog, kind: Kind) -> Vec<String> {
    let Some(schema) = kind.op(Act::Put).and_then(|s| cat.op(s)?.body.clone()) else {
        return Vec::new();
    };
    let top = props(cat, &schema);
    let inner = match kind.wrapper() {
        Some(w) => top
            .iter()
            .find(|p| p.name == w)
            .map(|p| props(cat, &p.schema))
            .unwrap_or_default(),
        None => top,
    };
    inner.into_iter().map(|p| p.name).collect()
}

/// The entity as an update would send it: only the fields the update takes.
pub fn editable(raw: &Value, fields: &[String]) -> Value {
    let m: Map<String, Value> = fields
        .iter()
        .filter_map(|f| Some((f.clone(), raw.get(f)?.clone())))
        .collect();
    Value::Object(m)
}

impl Kind {
    /// The body's single wrapper (`{"environment": {…}}`); a cluster's update has none.
    pub fn wrapper(self) -> Option<&'static str> {
        match self {
            Kind::Cluster => None,
            Kind::Environment => Some("environment"),
            Kind::Microservice => Some("microservice"),
            Kind::Provider => Some("notificationProvider"),
            Kind::Spec => Some("rolloutSpec"),
        }
    }

    pub fn wrap(self, v: Value) -> Value {
        match self.wrapper() {
            Some(w) => serde_json::json!({ w: v }),
            None => v,
        }
    }
}

#[component]
pub fn Entity() -> impl IntoView {
    let params = use_params_map();
    let account = use_account();
    let navigate = use_navigate();
    let kind = Memo::new(move |_| Kind::from_key(&params.read().get("tab").unwrap_or_default()));
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let call = move |act: Act| {
        let k = kind.get()?;
        Some(OpCall::new(k.op(act)?).path(k.param(), name.get()))
    };
    let entity = use_op(move || call(Act::Get));
    let cat = LocalResource::new(load);
    let raw = Memo::new(move |_| entity.ready().and_then(|a| items(&a).into_iter().next()));
    let fields = Memo::new(move |_| {
        let (Some(c), Some(k)) = (cat.get().and_then(Result::ok), kind.get()) else {
            return Vec::new();
        };
        updatable(&c, k)
    });
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(r) = raw.get() {
            text.set(
                serde_json::to_string_pretty(&editable(&r, &fields.get())).unwrap_or_default(),
            );
        }
    });
    let review = RwSignal::new(None::<(Value, Value)>);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let patch = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let update = use_op_write(move |r| {
        if r.is_ok() {
            review.set(None);
            entity.refetch();
        }
    });
    let remove = use_op_write(|_| ());
    let do_review = move || {
        let before = raw
            .get_untracked()
            .map(|r| editable(&r, &fields.get_untracked()));
        match serde_json::from_str::<Value>(&text.get_untracked()) {
            Ok(after) if after.is_object() => {
                problems.set(Vec::new());
                update.clear();
                review.set(Some((before.unwrap_or_default(), after)));
            }
            _ => problems.set(vec![FieldError::new(
                "body",
                "The entity must be a JSON object.",
            )]),
        }
    };
    let update_call = move || {
        let k = kind.get()?;
        let (before, after) = review.get().unwrap_or_default();
        let (act, body) = match patch.get() {
            true => (Act::Patch, changed_fields(&before, &after)),
            false => (Act::Put, after),
        };
        Some(call(act)?.body(k.wrap(body)))
    };
    let send_update = move || {
        if let Some(c) = untrack(update_call) {
            problems.set(update.send(&c).err().unwrap_or_default());
        }
    };
    let send_delete = move || {
        if let Some(c) = untrack(move || call(Act::Delete)) {
            problems.set(remove.send(&c).err().unwrap_or_default());
        }
    };
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(k)) = (remove.done(), kind.get_untracked()) {
            let to = format!("/spot/ocean-cd/{}", k.key());
            navigate(
                &link(&to, account.get_untracked().as_deref()),
                Default::default(),
            );
        }
    });
    let one = move || kind.get().map(Kind::one).unwrap_or("entity");
    let has_patch = move || kind.get().and_then(|k| k.op(Act::Patch)).is_some();
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2 id="cd-entity-title">{move || format!("Ocean CD {} ", one())}<bdi>{move || name.get()}</bdi></h2>
        <p><a href=move || link(&format!("/spot/ocean-cd/{}", kind.get().map(Kind::key).unwrap_or_default()), account.get().as_deref())>
            {move || format!("All {}s", one())}</a></p>
        <section class="card" id="cd-entity">
            {entity.view(|a| view! { <JsonView value=items(&a).into_iter().next().unwrap_or_default() open=true/> })}
            <p class="muted">{move || call(Act::Get).map(|c| view! { <ExplorerLink call=c/> })}</p>
        </section>
        <section class="card" id="cd-edit">
            <h3>"Update"</h3>
            <TextArea label="Fields an update sends (JSON)" value=text id="cd-edit-json" rows=14/>
            <button type="button" class="btn" id="cd-edit-review" on:click=move |_| do_review()>"Review changes"</button>
            {unsent(problems)}
            {move || review.get().map(|(before, after)| {
                let diff = changed_fields(&before, &after);
                let n = diff.as_object().map_or(0, Map::len);
                view! {
                    <div id="cd-edit-diff">
                        <JsonDiff before=before after=after/>
                        {has_patch().then(|| view! {
                            <fieldset class="choice">
                                <legend>"Send as"</legend>
                                <label><input type="radio" name="cd-method" id="cd-put" prop:checked=move || !patch.get()
                                    on:change=move |_| patch.set(false)/>" PUT: the whole " {one()}</label>
                                <label><input type="radio" name="cd-method" id="cd-patch" prop:checked=move || patch.get()
                                    on:change=move |_| patch.set(true)/>{format!(" PATCH: only the {n} changed field(s)")}</label>
                            </fieldset>
                        })}
                        {if n == 0 {
                            view! { <p class="muted">"Nothing to send: nothing changed."</p> }.into_any()
                        } else {
                            view! { <ActionButton label="Send update…" pending=update.pending() id="cd-edit-send"
                                on_click=Callback::new(move |_| confirm.set(true))/> }.into_any()
                        }}
                        " " {move || update_call().map(|c| view! { <ExplorerLink call=c/> })}
                    </div>
                }
            })}
            <ConfirmDialog open=confirm title="Update it?" confirm_label="Send update"
                on_confirm=Callback::new(move |_| send_update())>
                <p>{move || format!("Spot applies the changes shown in the diff to the {} now.", one())}</p>
            </ConfirmDialog>
            {update.view(|_| view! { <p class="notice ok" id="cd-edit-done">"Spot updated it."</p> })}
        </section>
        <section class="card" id="cd-delete">
            <h3>"Delete"</h3>
            <ActionButton label="Delete…" danger=true pending=remove.pending() id="cd-delete-open"
                on_click=Callback::new(move |_| confirm_delete.set(true))/>
            " " {move || call(Act::Delete).map(|c| view! { <ExplorerLink call=c/> })}
            <ConfirmDialog open=confirm_delete title="Delete it?" confirm_label="Delete" danger=true
                typed=Signal::derive(move || name.get())
                on_confirm=Callback::new(move |_| send_delete())>
                <p>{move || format!("Type the {}'s name to delete it. This cannot be undone.", one())}</p>
            </ConfirmDialog>
            {remove.view(|_| view! { <p class="notice ok">"Deleted."</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_sends_its_fields_and_a_patch_only_the_changed_ones() {
        let raw = json!({"name": "prod", "clusterId": "c-1", "namespace": "a", "createdAt": "x"});
        let fields = vec!["clusterId".to_string(), "namespace".to_string()];
        let before = editable(&raw, &fields);
        assert_eq!(before, json!({"clusterId": "c-1", "namespace": "a"}));
        let after = json!({"clusterId": "c-1", "namespace": "b"});
        assert_eq!(changed_fields(&before, &after), json!({"namespace": "b"}));
        assert_eq!(
            Kind::Environment.wrap(changed_fields(&before, &after)),
            json!({"environment": {"namespace": "b"}})
        );
        assert_eq!(Kind::Cluster.wrap(json!({"a": 1})), json!({"a": 1}));
    }

    #[test]
    fn updatable_fields_come_from_the_put_schema() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        assert_eq!(updatable(&cat, Kind::Cluster), vec!["notification"]);
        let env = updatable(&cat, Kind::Environment);
        assert!(env.contains(&"namespace".to_string()), "{env:?}");
        assert!(updatable(&cat, Kind::Spec).contains(&"strategy".to_string()));
    }
}
