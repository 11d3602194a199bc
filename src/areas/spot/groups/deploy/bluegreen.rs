//! Starting a blue/green deployment: the rule "one at a time" said before the operator hits it,
//! batch size, grace period, health check type and strategy (checked beside each field), and
//! the accepted deployment followed batch by batch.

use leptos::prelude::*;

use crate::api::json;
use crate::ui::{ActionButton, Field, Followed, SelectField};

use super::super::super::context::use_account;
use super::super::page::Ctx;
use super::super::Provider;
use super::job::{JobKind, Roll};
use super::{beside, follow_write, send_checked, the_rest, whole};
use crate::areas::spot::op_call::ExplorerLink;

const BATCH: &str = "form:batch";
const GRACE: &str = "form:grace";

#[component]
pub fn StartDeployment(ctx: Ctx, jobs: Followed<Roll>) -> impl IntoView {
    let account = use_account();
    let batch = RwSignal::new("50".to_string());
    let grace = RwSignal::new("300".to_string());
    let health = RwSignal::new("EC2".to_string());
    let strategy = RwSignal::new("REPLACE_SERVER".to_string());
    let start = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let n = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
    let provider = ctx.provider;
    let checks = provider.health_checks();
    if let Some(first) = checks.first() {
        health.set(first.to_string());
    }
    let start_call = move || {
        ctx.op("start-deployment").body(provider.deployment_body(
            n(batch),
            n(grace),
            &health.get(),
            &strategy.get(),
        ))
    };
    let send = move || {
        let mut found = Vec::new();
        whole(&batch.get_untracked(), 1, 100, BATCH, &mut found);
        whole(&grace.get_untracked(), 0, 86_400, GRACE, &mut found);
        send_checked(start, &untrack(start_call), found, problems);
    };
    // A deployment Spot accepted is followed.
    follow_write(start, jobs, move |a| {
        let first = a.items.as_ref().and_then(|i| i.first())?;
        Roll::read(
            JobKind::BlueGreen,
            first,
            provider,
            &ctx.id.get_untracked(),
            account.get_untracked(),
        )
    });
    let options = |list: &[&str]| {
        let list: Vec<(String, String)> = list
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        Signal::derive(move || list.clone())
    };
    view! {
        <section class="card" id="spot-roll-start">
            <h3>"Start a blue/green deployment"</h3>
            <p class="muted">
                "New instances replace the old ones in batches. One deployment runs per group at a time: "
                "while one runs, or a failed one waits for an action, Spot refuses another until it is stopped."
            </p>
            <div class="form-row">
                <Field label="Batch size (% of the group)" value=batch id="spot-roll-batch" input_type="number" min="1" max="100"
                    error=beside(problems, BATCH)/>
                <Field label="Grace period (seconds)" value=grace id="spot-roll-grace" input_type="number" min="0"
                    error=beside(problems, GRACE)/>
                {(!checks.is_empty()).then(|| view! {
                    <SelectField label="Health check type" value=health id="spot-roll-health" options=options(checks)/>
                })}
                {(provider == Provider::Aws).then(|| view! {
                    <SelectField label="Strategy" value=strategy id="spot-roll-strategy"
                        options=options(&["REPLACE_SERVER", "RESTART_SERVER"])/>
                })}
            </div>
            <ActionButton label="Start deployment" pending=start.pending() id="spot-roll-go"
                on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(start_call)/>
            {the_rest(problems, &[BATCH, GRACE])}
            {start.view(|a| view! { <p class="notice ok" id="spot-roll-started">{
                format!("Deployment {} started.", a.items.and_then(|i| i.first().and_then(|i| json::text(&i["id"]))).unwrap_or_default())
            }</p> })}
        </section>
    }
}
