//! A group's Deployments tab: blue/green deployments ([`bluegreen`]; the open one on every tab,
//! [`banner`]), and for AWS groups the work Spot runs through a group's integrations: ECS
//! cluster rolls ([`ecs`]), Beanstalk maintenance and re-import ([`beanstalk`]), CodeDeploy
//! blue/green deployments ([`codedeploy`]). Whatever is started here is followed until final
//! with [`crate::ui::Followed`] ([`follow`]: one list, one check, the area's resume hook;
//! [`job`]: what a job is).
//! A section whose integration the group's configuration lacks says so instead, as Spot's
//! console offers these only to integrated groups.

mod banner;
mod beanstalk;
mod bluegreen;
mod codedeploy;
mod ecs;
mod follow;
mod job;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::field::{message_for, FieldError};
use crate::api::spot::envelope::Answer;
use crate::ui::{Followed, JobPanel};

use super::super::op_call::{OpCall, OpWrite};
use super::page::Ctx;
pub use banner::Banner;
pub use follow::{resume, KEY};
use job::Roll;

#[component]
pub fn Deployments(ctx: Ctx) -> AnyView {
    if let Some(lacks) = ctx.lacks("start-deployment", "deployments") {
        return lacks;
    }
    let jobs = follow::followed();
    follow::follow(jobs);
    view! {
        <bluegreen::StartDeployment ctx=ctx jobs=jobs/>
        {gated(ctx, ecs::GATE, move || view! { <ecs::ClusterRolls ctx=ctx jobs=jobs/> }.into_any())}
        {gated(ctx, beanstalk::GATE, move || view! { <beanstalk::Maintenance ctx=ctx jobs=jobs/> }.into_any())}
        {gated(ctx, codedeploy::GATE, move || view! { <codedeploy::CodeDeploy ctx=ctx jobs=jobs/> }.into_any())}
        <JobPanel jobs=jobs columns=follow::columns() id="spot-rolls" title="Deployments and rolls followed from this console"
            empty="Deployments, cluster rolls and maintenance you start here are followed until they finish."/>
    }
    .into_any()
}

/// Each accepted `write` followed: the job `made` reads from its answer.
fn follow_write(
    write: OpWrite,
    jobs: Followed<Roll>,
    made: impl Fn(&Answer) -> Option<Roll> + 'static,
) {
    Effect::new(move |_| {
        if let Some(Ok(a)) = write.done() {
            if let Some(job) = made(&a) {
                jobs.add(job);
            }
        }
    });
}

/// Sends `call` when the form's own checks found nothing; either way what stops it is kept in
/// `problems` (shown beside its field by [`beside`]).
fn send_checked(
    write: OpWrite,
    call: &OpCall,
    mut found: Vec<FieldError>,
    problems: RwSignal<Vec<FieldError>>,
) {
    if found.is_empty() {
        found = write.send(call).err().unwrap_or_default();
    }
    problems.set(found);
}

/// The message for the field `key` (the builder's spelling, `body:roll.comment`). Tracked.
fn beside(problems: RwSignal<Vec<FieldError>>, key: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || problems.with(|p| message_for(p, key).map(str::to_string)))
}

/// What stopped a send that no field of the form (`shown`) says, in words.
fn the_rest(problems: RwSignal<Vec<FieldError>>, shown: &'static [&'static str]) -> impl IntoView {
    move || {
        let text = problems.with(|p| {
            p.iter()
                .filter(|e| !shown.contains(&&*e.field))
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        });
        (!text.is_empty()).then(|| view! { <p class="notice error" role="alert">{text}</p> })
    }
}

/// A whole number in `min..=max` typed in `text`, or why not (beside the field `key`).
fn whole(
    text: &str,
    min: i64,
    max: i64,
    key: &'static str,
    out: &mut Vec<FieldError>,
) -> Option<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            out.push(FieldError::new(
                key,
                format!("A whole number from {min} to {max}."),
            ));
            None
        }
    }
}

/// A section Spot's console offers only to groups with an integration.
#[derive(Clone, Copy)]
pub struct Gate {
    /// The operation the group's provider must have.
    op: &'static str,
    /// The integration: `thirdPartiesIntegration.<key>` in the group's configuration.
    key: &'static str,
    /// What the section does, in words.
    what: &'static str,
    /// The id of the notice said in its place.
    id: &'static str,
}

/// `section` when the provider has the gate's operation and the group its integration, else
/// why not in words; nothing until the group is read, the last answer while it is read again
/// (so a section is not drawn anew, losing its form, after each write).
fn gated(ctx: Ctx, gate: Gate, section: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    if let Some(lacks) = ctx.lacks(gate.op, gate.what) {
        return lacks;
    }
    let on = Memo::new(move |last: Option<&Option<bool>>| match ctx.group.get() {
        Some(g) => Some(integration(&g.raw, gate.key).is_some()),
        None => last.copied().flatten(),
    });
    (move || match on.get() {
        None => ().into_any(),
        Some(false) => not_integrated(ctx, gate),
        Some(true) => section(),
    })
    .into_any()
}

/// The group's integration `key`, when its configuration has one.
fn integration<'a>(group: &'a Value, key: &str) -> Option<&'a Value> {
    group
        .get("thirdPartiesIntegration")?
        .get(key)
        .filter(|v| v.is_object())
}

/// Why a section is not offered for this group, with where to change it.
fn not_integrated(ctx: Ctx, Gate { key, what, id, .. }: Gate) -> AnyView {
    let account = super::super::context::use_account();
    let href = move || {
        super::group_href(
            ctx.provider,
            &ctx.id.get(),
            "configuration",
            account.get().as_deref(),
        )
    };
    view! {
        <p class="notice" id=id>
            {what} " apply to groups integrated with it: this group's configuration has no "
            <code>{format!("thirdPartiesIntegration.{key}")}</code> ". Add it on the "
            <a href=href>"Configuration tab"</a> " to work them here."
        </p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integrations_and_numbers_read_as_spot_spells_them() {
        let g =
            json!({"thirdPartiesIntegration": {"ecs": {"clusterName": "c"}, "codeDeploy": null}});
        assert!(integration(&g, "ecs").is_some());
        assert!(
            integration(&g, "codeDeploy").is_none() && integration(&json!({}), "ecs").is_none()
        );
        let mut found = Vec::new();
        assert_eq!(whole(" 40 ", 1, 100, "body:x", &mut found), Some(40));
        assert_eq!(whole("0", 1, 100, "body:x", &mut found), None);
        assert_eq!(whole("4.5", 1, 100, "body:y", &mut found), None);
        assert_eq!(
            message_for(&found, "body:y"),
            Some("A whole number from 1 to 100.")
        );
    }
}
