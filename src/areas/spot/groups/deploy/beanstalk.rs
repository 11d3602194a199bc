//! Beanstalk maintenance of a group integrated with an Elastic Beanstalk environment: its
//! status in words, start (the group waits while the operator updates the environment in AWS),
//! finish (confirmed: it triggers a blue/green deployment), each followed until the group is
//! ACTIVE again; the environment's configuration as AWS gives it, read-only; and the re-import
//! of that configuration into the group (confirmed).

use leptos::prelude::*;

use crate::api::json;
use crate::ui::{ActionButton, ConfirmDialog, Followed, JsonView, StatusBadge};

use super::super::super::context::use_account;
use super::super::super::op_call::{problems_view, send_noting, use_op, ExplorerLink, OpCall};
use super::super::page::Ctx;
use super::job::Roll;
use super::{follow_write, integration, Gate};

/// What a maintenance status means for the operator.
fn meaning(status: &str) -> &'static str {
    match status {
        "ACTIVE" => "Not in maintenance: start it before you update the Beanstalk environment in AWS.",
        "AWAIT_USER_UPDATE" => "In maintenance: Spot replaces no instances while you update the Beanstalk environment in AWS; finish when you are done.",
        "CANCELING_MAINTENANCE_MODE" => "Leaving maintenance mode: the group returns to ACTIVE once it is out.",
        _ => "Spot gave a status this console does not know; the explorer shows the whole answer.",
    }
}

/// Offered to groups integrated with an Elastic Beanstalk environment.
pub const GATE: Gate = Gate {
    op: "start-beanstalk-maintenance",
    key: "elasticBeanstalk",
    what: "Beanstalk maintenance and re-import",
    id: "spot-beanstalk-hidden",
};

#[component]
pub fn Maintenance(ctx: Ctx, jobs: Followed<Roll>) -> impl IntoView {
    let account = use_account();
    let read = ctx.read("get-beanstalk-maintenance-status");
    read.refresh_while(|r, _| {
        let status = r
            .as_ref()
            .ok()
            .and_then(|a| json::text(&a.items.as_ref()?.first()?["status"]));
        (status.as_deref() == Some("CANCELING_MAINTENANCE_MODE")).then_some(1_000)
    });
    let status = Memo::new(move |_| {
        read.ready()
            .and_then(|a| json::text(&a.items?.first()?["status"]))
            .map(|s| s.to_uppercase())
    });
    let (start, finish, reimport) = (ctx.write(), ctx.write(), ctx.write());
    let (confirm_finish, confirm_reimport, show) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let problems = RwSignal::new(Vec::new());
    let call = move |name: &str| ctx.op(name);
    // The maintenance is followed from its start, and again from its finish.
    for (write, next) in [
        (start, "AWAIT_USER_UPDATE"),
        (finish, "CANCELING_MAINTENANCE_MODE"),
    ] {
        follow_write(write, jobs, move |_| {
            Some(Roll::maintenance(
                &ctx.id.get_untracked(),
                next,
                account.get_untracked(),
            ))
        });
    }
    // The environment as AWS describes it (asked for only when the operator opens it).
    let env = Signal::derive(move || {
        let g = ctx.group.get()?;
        let id = integration(&g.raw, "elasticBeanstalk")
            .and_then(|b| json::text(&b["environmentId"]))?;
        let call = OpCall::new("elastigroup-aws/get-beanstalk-configuration")
            .query("environmentId", id)
            .query("region", g.region);
        Some(call)
    });
    let config = use_op(move || env.get().filter(|_| show.get()));
    view! {
        <section class="card" id="spot-beanstalk">
            <h3>"Beanstalk maintenance"</h3>
            <p id="spot-beanstalk-status">
                {move || status.get().map(|s| view! { <StatusBadge status=s.to_lowercase()/> " " {meaning(&s)} })}
                " " <ExplorerLink call=Signal::derive(move || call("get-beanstalk-maintenance-status"))/>
            </p>
            {read.view(|_| ())}
            {move || match status.get().as_deref() {
                Some("ACTIVE") => view! {
                    <ActionButton label="Start maintenance" pending=start.pending() id="spot-beanstalk-start"
                        on_click=Callback::new(move |_| send_noting(start, &untrack(|| call("start-beanstalk-maintenance")), problems))/>
                    " " <ExplorerLink call=call("start-beanstalk-maintenance")/>
                }.into_any(),
                Some("AWAIT_USER_UPDATE") => view! {
                    <ActionButton label="Finish maintenance" danger=true pending=finish.pending() id="spot-beanstalk-finish"
                        on_click=Callback::new(move |_| confirm_finish.set(true))/>
                    " " <ExplorerLink call=call("finish-beanstalk-maintenance")/>
                }.into_any(),
                _ => ().into_any(),
            }}
            {problems_view(problems)}
            {start.view(|_| view! { <p class="notice ok" id="spot-beanstalk-started">"Maintenance started: update the environment in AWS, then finish."</p> })}
            {finish.view(|_| view! { <p class="notice ok" id="spot-beanstalk-finished">"Maintenance finished: Spot is rolling the group onto the updated environment."</p> })}
            <h4>"The environment's configuration"</h4>
            {move || env.get().map(|c| view! {
                <p><button type="button" id="spot-beanstalk-config-show" on:click=move |_| show.update(|s| *s = !*s)>
                    {move || if show.get() { "Hide it" } else { "Show it (as AWS describes it, read-only)" }}</button>
                " " <ExplorerLink call=c/></p>
            })}
            {move || show.get().then(|| config.view(|a| view! {
                <div id="spot-beanstalk-config"><JsonView value=a.items.and_then(|i| i.first().cloned()).unwrap_or_default() open=true/></div>
            }))}
            <p><ActionButton label="Re-import the Beanstalk configuration" pending=reimport.pending() id="spot-beanstalk-reimport"
                on_click=Callback::new(move |_| confirm_reimport.set(true))/>
            " " <ExplorerLink call=Signal::derive(move || call("beanstalk-reimport"))/></p>
            {reimport.view(|_| view! { <p class="notice ok" id="spot-beanstalk-reimported">"The group's configuration was re-imported from the Beanstalk environment."</p> })}
            <ConfirmDialog open=confirm_finish title="Finish Beanstalk maintenance?" confirm_label="Finish maintenance" danger=true
                on_confirm=Callback::new(move |_| send_noting(finish, &untrack(|| call("finish-beanstalk-maintenance")), problems))>
                <p>"Spot leaves maintenance mode and starts a blue/green deployment: every instance is replaced by one launched from the environment as it is now. Finish only once your update in AWS is done."</p>
            </ConfirmDialog>
            <ConfirmDialog open=confirm_reimport title="Re-import the Beanstalk configuration?" confirm_label="Re-import" danger=true
                on_confirm=Callback::new(move |_| send_noting(reimport, &untrack(|| call("beanstalk-reimport")), problems))>
                <p>"The group's launch specification (image, security groups, instance role, user data) is replaced by the environment's as AWS describes it now. Running instances are not replaced until the next deployment."</p>
            </ConfirmDialog>
        </section>
    }
}
