//! ECS cluster rolls of a group integrated with an ECS cluster: the group's rolls with a bar per
//! batch (read again while one runs), a start form with the document's fields (batch size,
//! minimum healthy share of a batch, comment; each checked beside its field), the running roll
//! stopped once confirmed (Spot's only status update), and each started roll followed.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Map, Value};

use crate::api::field::FieldError;
use crate::ui::{ActionButton, ConfirmDialog, DataTable, Field, Followed};

use super::super::super::context::use_account;
use super::super::super::op_call::{send_noting, ExplorerLink};
use super::super::page::Ctx;
use super::follow::columns;
use super::job::{any_open, JobKind, Roll};
use super::{beside, follow_write, send_checked, the_rest, whole, Gate};

const BATCH: &str = "body:roll.batchSizePercentage";
const HEALTHY: &str = "body:roll.batchMinHealthyPercentage";
const COMMENT: &str = "body:roll.comment";

/// The body that starts a roll, or what is wrong with the fields (an empty minimum healthy
/// share is left out: Spot's default, 50%).
fn roll_body(batch: &str, healthy: &str, comment: &str) -> Result<Value, Vec<FieldError>> {
    let mut found = Vec::new();
    let mut roll = Map::new();
    roll.insert(
        "batchSizePercentage".into(),
        json!(whole(batch, 1, 100, BATCH, &mut found)),
    );
    if !healthy.trim().is_empty() {
        roll.insert(
            "batchMinHealthyPercentage".into(),
            json!(whole(healthy, 1, 100, HEALTHY, &mut found)),
        );
    }
    match comment.trim().chars().count() {
        0 => {}
        n if n > 256 => found.push(FieldError::new(
            COMMENT,
            format!("At most 256 characters ({n} typed)."),
        )),
        _ => {
            roll.insert("comment".into(), json!(comment.trim()));
        }
    }
    if found.is_empty() {
        Ok(json!({ "roll": roll }))
    } else {
        Err(found)
    }
}

/// Offered to groups integrated with an ECS cluster.
pub const GATE: Gate = Gate {
    op: "ecs-initiate-cluster-roll",
    key: "ecs",
    what: "ECS cluster rolls",
    id: "spot-ecs-hidden",
};

#[component]
pub fn ClusterRolls(ctx: Ctx, jobs: Followed<Roll>) -> impl IntoView {
    let account = use_account();
    let rolls = ctx.read("ecs-get-all-cluster-rolls-per-elastigroup");
    rolls.refresh_while(|r, _| {
        r.as_ref()
            .ok()
            .is_some_and(|a| any_open(a, JobKind::Ecs, "status"))
            .then_some(1_000)
    });
    let rows = Signal::derive(move || {
        let items = rolls.ready().and_then(|a| a.items).unwrap_or_default();
        let gid = ctx.id.get();
        items
            .iter()
            .filter_map(|i| Roll::read(JobKind::Ecs, i, ctx.provider, &gid, account.get()))
            .collect::<Vec<_>>()
    });
    let running = Memo::new(move |_| rows.with(|r| r.iter().any(|r| r.status == "IN_PROGRESS")));
    let (batch, healthy, comment) = (
        RwSignal::new("20".to_string()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let problems = RwSignal::new(Vec::new());
    let (start, stop, confirm) = (ctx.write(), ctx.write(), RwSignal::new(false));
    let body = move || roll_body(&batch.get(), &healthy.get(), &comment.get());
    let start_call = move || {
        ctx.op("ecs-initiate-cluster-roll")
            .body(body().unwrap_or_else(|_| json!({"roll": {}})))
    };
    let stop_call = move || {
        ctx.op("ecs-update-cluster-roll-status")
            .body(json!({"roll": {"status": "STOPPED"}}))
    };
    let send = move || {
        let found = untrack(body).err().unwrap_or_default();
        send_checked(start, &untrack(start_call), found, problems);
    };
    follow_write(start, jobs, move |a| {
        let first = a.items.as_ref()?.first()?;
        Roll::read(
            JobKind::Ecs,
            first,
            ctx.provider,
            &ctx.id.get_untracked(),
            account.get_untracked(),
        )
    });
    view! {
        <section class="card" id="spot-ecs">
            <h3>"ECS cluster rolls"</h3>
            <p class="muted">"A cluster roll replaces the ECS cluster's container instances batch by batch, draining their tasks first. "
                "One roll runs at a time; a batch whose healthy instances fall below the minimum fails the roll."</p>
            <DataTable id="spot-ecs-rolls" rows=rows columns=columns() empty="No cluster rolls in this group yet."
                row_key=Arc::new(|r: &Roll| r.id.clone())/>
            " " <ExplorerLink call=Signal::derive(move || ctx.op("ecs-get-all-cluster-rolls-per-elastigroup"))/>
            {move || running.get().then(|| view! {
                <p><ActionButton label="Stop the running cluster roll" danger=true pending=stop.pending() id="spot-ecs-stop"
                    on_click=Callback::new(move |_| confirm.set(true))/>
                " " <ExplorerLink call=Signal::derive(stop_call)/></p>
            })}
            <div class="form-row">
                <Field label="Batch size (% of the instances)" value=batch id="spot-ecs-batch" input_type="number" min="1" max="100"
                    error=beside(problems, BATCH)/>
                <Field label="Minimum healthy in a batch (%)" value=healthy id="spot-ecs-healthy" input_type="number" min="1" max="100"
                    placeholder="50 (Spot's default)" error=beside(problems, HEALTHY)/>
                <Field label="Comment (up to 256 characters)" value=comment id="spot-ecs-comment" error=beside(problems, COMMENT)/>
            </div>
            <ActionButton label="Start cluster roll" pending=start.pending() id="spot-ecs-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(start_call)/>
            {the_rest(problems, &[BATCH, HEALTHY, COMMENT])}
            {start.view(|a| view! { <p class="notice ok" id="spot-ecs-started">{
                format!("Cluster roll {} started.", a.items.and_then(|i| i.first().and_then(|i| crate::api::json::text(&i["id"]))).unwrap_or_default())
            }</p> })}
            {stop.view(|_| view! { <p class="notice ok" id="spot-ecs-stopped">"Cluster roll stopped."</p> })}
            <ConfirmDialog open=confirm title="Stop the running cluster roll?" confirm_label="Stop cluster roll" danger=true
                on_confirm=Callback::new(move |_| send_noting(stop, &untrack(stop_call), problems))>
                <p>"Batches already rolled keep their new instances; the rest keep the old ones. Spot sets the roll's status to STOPPED."</p>
            </ConfirmDialog>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::field::message_for;

    #[test]
    fn a_roll_body_has_the_fields_given_and_says_what_is_wrong() {
        assert_eq!(
            roll_body("25", "", "  ").unwrap(),
            json!({"roll": {"batchSizePercentage": 25}})
        );
        assert_eq!(
            roll_body("25", "80", "new AMI").unwrap(),
            json!({"roll": {"batchSizePercentage": 25, "batchMinHealthyPercentage": 80, "comment": "new AMI"}})
        );
        let e = roll_body("0", "101", &"x".repeat(257)).unwrap_err();
        assert_eq!(
            message_for(&e, BATCH),
            Some("A whole number from 1 to 100.")
        );
        assert!(message_for(&e, HEALTHY).is_some());
        assert_eq!(
            message_for(&e, COMMENT),
            Some("At most 256 characters (257 typed).")
        );
    }
}
