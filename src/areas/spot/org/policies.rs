//! The chosen account's access policies: listed, created and edited with a statement editor
//! (effect, actions, resources; every problem named beside its field before anything is sent),
//! deleted after typing the policy's name.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::{message_for, FieldError};
use crate::api::spot::envelope::Answer;
use crate::api::ApiError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField, TextArea};

use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::{error_for, items, text};

/// One statement as the editor holds it: the effect, and actions and resources one per line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub effect: String,
    pub actions: String,
    pub resources: String,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where a statement's field is, in the builder's spelling.
pub fn statement_field(i: usize, field: &str) -> String {
    format!("body:policy.policyContent.statements[{i}].{field}")
}

/// The policy body, or every problem with it.
pub fn policy_body(
    name: &str,
    description: &str,
    statements: &[Draft],
) -> Result<Value, Vec<FieldError>> {
    let mut errors = Vec::new();
    if name.trim().is_empty() {
        errors.push(FieldError::new("body:policy.name", "Name the policy."));
    }
    if statements.is_empty() {
        errors.push(FieldError::new(
            "statements",
            "A policy needs at least one statement.",
        ));
    }
    let mut out = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        if s.effect != "ALLOW" && s.effect != "DENY" {
            errors.push(FieldError::new(
                statement_field(i, "effect"),
                "The effect is ALLOW or DENY.",
            ));
        }
        let actions = lines(&s.actions);
        if actions.is_empty() {
            errors.push(FieldError::new(
                statement_field(i, "actions"),
                "List at least one action, such as ocean:* or elastigroup:describe*.",
            ));
        } else if let Some(bad) = actions.iter().find(|a| !a.contains(':') || a.contains(' ')) {
            errors.push(FieldError::new(statement_field(i, "actions"), format!("\"{bad}\" is not an action: write service:action, such as ocean:createCluster.")));
        }
        let resources = lines(&s.resources);
        if resources.is_empty() {
            errors.push(FieldError::new(
                statement_field(i, "resources"),
                "List at least one resource (* for all).",
            ));
        }
        out.push(json!({"effect": s.effect, "actions": actions, "resources": resources}));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(
        json!({"policy": {"name": name.trim(), "description": description.trim(), "policyContent": {"statements": out}}}),
    )
}

/// The statements of a policy Spot listed, for the editor.
pub fn drafts_of(policy: &Value) -> Vec<Draft> {
    let joined = |v: &Value| {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    };
    policy["policyContent"]["statements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| Draft {
            effect: text(s, "effect"),
            actions: joined(&s["actions"]),
            resources: joined(&s["resources"]),
        })
        .collect()
}

/// One statement's inputs.
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    effect: RwSignal<String>,
    actions: RwSignal<String>,
    resources: RwSignal<String>,
}

impl Row {
    fn new(key: u64, d: Draft) -> Row {
        Row {
            key,
            effect: RwSignal::new(d.effect),
            actions: RwSignal::new(d.actions),
            resources: RwSignal::new(d.resources),
        }
    }

    fn draft(&self) -> Draft {
        Draft {
            effect: self.effect.get(),
            actions: self.actions.get(),
            resources: self.resources.get(),
        }
    }
}

fn new_statement() -> Draft {
    Draft {
        effect: "ALLOW".into(),
        ..Draft::default()
    }
}

#[component]
pub fn Policies() -> impl IntoView {
    let list = use_op(|| Some(OpCall::new("accounts/list-access-policies")));
    let reload = move |r: &Result<Answer, ApiError>| {
        if r.is_ok() {
            list.refetch();
        }
    };
    let save = use_op_write(reload);
    let delete = use_op_write(reload);
    // The policy being edited (None: a new one).
    let editing = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let next = StoredValue::new(1u64);
    let rows = RwSignal::new(vec![Row::new(0, new_statement())]);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let doomed = RwSignal::new(None::<Value>);
    let deleting = RwSignal::new(false);
    let add = move |d: Draft| {
        let key = next.get_value();
        next.set_value(key + 1);
        rows.update(|r| r.push(Row::new(key, d)));
    };
    let start = move |policy: Option<Value>| {
        save.clear();
        errors.set(Vec::new());
        let p = policy.unwrap_or_default();
        editing.set(policy_id(&p));
        name.set(text(&p, "name"));
        description.set(text(&p, "description"));
        rows.set(Vec::new());
        let drafts = drafts_of(&p);
        if drafts.is_empty() {
            add(new_statement());
        }
        drafts.into_iter().for_each(add);
    };
    let call = move || {
        let drafts: Vec<Draft> = rows.get().iter().map(Row::draft).collect();
        policy_body(&name.get(), &description.get(), &drafts).map(|body| match editing.get() {
            Some(id) => OpCall::new("accounts/update-access-policy")
                .path("policyId", id)
                .body(body),
            None => OpCall::new("accounts/create-access-policy").body(body),
        })
    };
    // The name sent (an update's answer is a status only).
    let sent = RwSignal::new(String::new());
    let on_save = Callback::new(move |_| {
        sent.set(name.get_untracked().trim().to_string());
        let outcome = untrack(call).and_then(|c| save.send(&c));
        errors.set(outcome.err().unwrap_or_default());
    });
    let on_delete = Callback::new(move |_| {
        if let Some(id) = doomed.get_untracked().and_then(|p| policy_id(&p)) {
            let outcome =
                delete.send(&OpCall::new("accounts/delete-access-policy").path("policyId", id));
            errors.set(outcome.err().unwrap_or_default());
        }
    });
    let columns = StoredValue::new(vec![
        Column::text("Name", |p: &Value| text(p, "name")),
        Column::text("Id", |p: &Value| text(p, "id")),
        Column::text("Description", |p: &Value| text(p, "description")),
        Column::text("Statements", |p: &Value| drafts_of(p).len().to_string()),
        Column::text("Updated", |p: &Value| text(p, "updatedAt")),
        Column::view("", move |p: &Value| {
            let (e, d) = (p.clone(), p.clone());
            let id = text(p, "id");
            view! {
                <button type="button" class="btn small" id=format!("spot-policy-edit-{id}") on:click=move |_| start(Some(e.clone()))>"Edit"</button>
                " "
                <button type="button" class="btn small danger" id=format!("spot-policy-delete-{id}")
                    on:click=move |_| { delete.clear(); doomed.set(Some(d.clone())); deleting.set(true); }>"Delete"</button>
            }
        }),
    ]);
    let doomed_name =
        Signal::derive(move || doomed.get().map(|p| text(&p, "name")).unwrap_or_default());
    let effects = Signal::derive(|| {
        vec![
            ("ALLOW".to_string(), "Allow".to_string()),
            ("DENY".to_string(), "Deny".to_string()),
        ]
    });
    view! {
        <section class="spot-org" id="spot-policies">
            <h3>"Access policies"</h3>
            {list.view(move |a| view! {
                <DataTable id="spot-policies-table" in_url=true rows=Signal::derive(move || items(&a)) columns=columns.get_value()
                    search=std::sync::Arc::new(|p: &Value| p.to_string())
                    row_key=std::sync::Arc::new(|p: &Value| text(p, "name"))
                    empty="No access policies in this account."/>
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(|| OpCall::new("accounts/list-access-policies"))/></p>
            {delete.view(|_| view! { <p class="notice ok" id="spot-policy-deleted">"Deleted."</p> })}
            <ConfirmDialog open=deleting title="Delete this access policy?" confirm_label="Delete policy" danger=true
                typed=doomed_name on_confirm=on_delete>
                <p>"Users whose permissions come from it lose what it allowed. It cannot be undone."</p>
                <ExplorerLink call=Signal::derive(move || OpCall::new("accounts/delete-access-policy").path("policyId", doomed.get().and_then(|p| policy_id(&p)).unwrap_or_default()))/>
            </ConfirmDialog>
            <form class="spot-form" id="spot-policy-form" on:submit=move |ev| { ev.prevent_default(); on_save.run(()); }>
                <h4>{move || if editing.get().is_some() { "Edit policy" } else { "New policy" }}</h4>
                <Field label="Name" value=name id="spot-policy-name" error=error_for(errors, "body:policy.name")/>
                <Field label="Description" value=description id="spot-policy-description"/>
                <small class="field-error" role="alert">{move || errors.with(|e| message_for(e, "statements").map(str::to_string))}</small>
                <For each=move || rows.get().into_iter().enumerate() key=|(i, r)| (*i, r.key) let:((i, row))>
                    <fieldset class="spot-statement" id=format!("spot-statement-{i}")>
                        <legend>{format!("Statement {}", i + 1)}</legend>
                        <SelectField label="Effect" value=row.effect options=effects id=format!("spot-statement-{i}-effect")
                            error=Signal::derive(move || errors.with(|e| message_for(e, &statement_field(i, "effect")).map(str::to_string)))/>
                        <TextArea label="Actions (one per line)" value=row.actions id=format!("spot-statement-{i}-actions") rows=3
                            error=Signal::derive(move || errors.with(|e| message_for(e, &statement_field(i, "actions")).map(str::to_string)))/>
                        <TextArea label="Resources (one per line; * for all)" value=row.resources id=format!("spot-statement-{i}-resources") rows=2
                            error=Signal::derive(move || errors.with(|e| message_for(e, &statement_field(i, "resources")).map(str::to_string)))/>
                        <button type="button" class="btn small" on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))>"Remove statement"</button>
                    </fieldset>
                </For>
                <button type="button" class="btn" id="spot-statement-add" on:click=move |_| add(new_statement())>"Add statement"</button>
                " "
                <ActionButton label=Signal::derive(move || if editing.get().is_some() { "Save policy".to_string() } else { "Create policy".to_string() })
                    id="spot-policy-send" pending=save.pending() on_click=on_save/>
                " "
                <button type="button" class="btn" on:click=move |_| start(None)>"New policy"</button>
                " " <ExplorerLink call=Signal::derive(move || call().unwrap_or_else(|_| OpCall::new(if editing.get().is_some() { "accounts/update-access-policy" } else { "accounts/create-access-policy" })))/>
                {super::super::op_call::unsent(errors)}
            </form>
            {save.view(move |_| {
                view! { <p class="notice ok" id="spot-policy-saved">"Saved " <bdi>{sent.get_untracked()}</bdi> "."</p> }
            })}
        </section>
    }
}

fn policy_id(p: &Value) -> Option<String> {
    Some(text(p, "id")).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_checked_field_by_field() {
        let good = Draft {
            effect: "ALLOW".into(),
            actions: "ocean:*\n elastigroup:describe* ".into(),
            resources: "*".into(),
        };
        let body = policy_body(" ops ", "", std::slice::from_ref(&good)).unwrap();
        assert_eq!(body["policy"]["name"], "ops");
        assert_eq!(
            body["policy"]["policyContent"]["statements"][0]["actions"],
            json!(["ocean:*", "elastigroup:describe*"])
        );
        assert_eq!(
            drafts_of(&body["policy"]),
            vec![Draft {
                actions: "ocean:*\nelastigroup:describe*".into(),
                ..good.clone()
            }]
        );
        let bad = Draft {
            effect: "MAYBE".into(),
            actions: "everything".into(),
            resources: " ".into(),
        };
        let errors = policy_body("", "", &[good, bad]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            vec![
                "body:policy.name",
                "body:policy.policyContent.statements[1].effect",
                "body:policy.policyContent.statements[1].actions",
                "body:policy.policyContent.statements[1].resources",
            ]
        );
        assert_eq!(
            policy_body("x", "", &[]).unwrap_err()[0].field,
            "statements"
        );
    }
}
