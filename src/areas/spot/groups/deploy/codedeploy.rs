//! CodeDeploy blue/green deployments of a group integrated with CodeDeploy: a start form with
//! the document's fields (deployment groups — the integration's by default —, timeout, tags;
//! each checked beside its field), and the group's deployments with their state, read again
//! while one moves; each started deployment followed.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::json;
use crate::ui::{ActionButton, Field, Followed, StatusBadge};

use super::super::super::context::use_account;
use super::super::super::op_call::ExplorerLink;
use super::super::page::Ctx;
use super::job::{any_open, JobKind, Roll};
use super::{beside, follow_write, integration, send_checked, the_rest, whole, Gate};

const GROUPS: &str = "body:deployment.deploymentGroups";
const TIMEOUT: &str = "body:deployment.timeout";
const TAGS: &str = "body:deployment.tags";

/// `a<sep>b, c<sep>d` as pairs (both sides non-empty), or what is wrong, beside `key`.
fn pairs(
    text: &str,
    sep: char,
    key: &'static str,
    out: &mut Vec<FieldError>,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match item.split_once(sep) {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                found.push((a.trim().into(), b.trim().into()))
            }
            _ => {
                out.push(FieldError::new(
                    key,
                    format!("“{item}” is not written as name{sep}value."),
                ));
                return Vec::new();
            }
        }
    }
    found
}

/// The body that starts a deployment, or what is wrong with the fields.
fn deployment_body(groups: &str, timeout: &str, tags: &str) -> Result<Value, Vec<FieldError>> {
    let mut found = Vec::new();
    let groups = pairs(groups, '/', GROUPS, &mut found);
    if groups.is_empty() && found.is_empty() {
        found.push(FieldError::new(
            GROUPS,
            "At least one application/deployment group.",
        ));
    }
    // The document bounds the timeout by its type only; empty: Spot's default.
    let timeout = (!timeout.trim().is_empty())
        .then(|| whole(timeout, 1, i64::from(i32::MAX), TIMEOUT, &mut found));
    let tags = pairs(tags, '=', TAGS, &mut found);
    if !found.is_empty() {
        return Err(found);
    }
    let mut body = json!({"deploymentGroups": groups.iter().map(|(a, g)| json!({"applicationName": a, "deploymentGroupName": g})).collect::<Vec<_>>(),
        "tags": tags.iter().map(|(k, v)| json!({"tagKey": k, "tagValue": v})).collect::<Vec<_>>()});
    if let Some(t) = timeout.flatten() {
        body["timeout"] = json!(t);
    }
    Ok(json!({ "deployment": body }))
}

/// Offered to groups integrated with CodeDeploy.
pub const GATE: Gate = Gate {
    op: "create-codedeploy-b-g-deployment",
    key: "codeDeploy",
    what: "CodeDeploy blue/green deployments",
    id: "spot-codedeploy-hidden",
};

#[component]
pub fn CodeDeploy(ctx: Ctx, jobs: Followed<Roll>) -> impl IntoView {
    let account = use_account();
    let configured = ctx
        .group
        .get_untracked()
        .and_then(|g| integration(&g.raw, "codeDeploy").cloned())
        .unwrap_or_default();
    let written: Vec<String> = json::objects(configured.get("deploymentGroups"))
        .iter()
        .filter_map(|d| {
            Some(format!(
                "{}/{}",
                json::text(&d["applicationName"])?,
                json::text(&d["deploymentGroupName"])?
            ))
        })
        .collect();
    let (groups, timeout, tags) = (
        RwSignal::new(written.join(", ")),
        RwSignal::new("20".to_string()),
        RwSignal::new(String::new()),
    );
    let problems = RwSignal::new(Vec::new());
    let start = ctx.write();
    let read = ctx.read("get-codedeploy-b-g-deployment");
    read.refresh_while(|r, _| {
        r.as_ref()
            .ok()
            .is_some_and(|a| any_open(a, JobKind::CodeDeploy, "state"))
            .then_some(1_000)
    });
    let body = move || deployment_body(&groups.get(), &timeout.get(), &tags.get());
    let start_call = move || {
        ctx.op("create-codedeploy-b-g-deployment")
            .body(body().unwrap_or_else(|_| json!({"deployment": {}})))
    };
    let send = move || {
        send_checked(
            start,
            &untrack(start_call),
            untrack(body).err().unwrap_or_default(),
            problems,
        )
    };
    follow_write(start, jobs, move |a| {
        Roll::read(
            JobKind::CodeDeploy,
            a.items.as_ref()?.first()?,
            ctx.provider,
            &ctx.id.get_untracked(),
            account.get_untracked(),
        )
    });
    view! {
        <section class="card" id="spot-codedeploy">
            <h3>"CodeDeploy blue/green deployment"</h3>
            <p class="muted">"Spot launches new (green) instances, CodeDeploy deploys the revision onto them, then the old (blue) ones are replaced."</p>
            <div class="form-row">
                <Field label="Deployment groups (application/group, comma-separated)" value=groups id="spot-codedeploy-groups" error=beside(problems, GROUPS)/>
                <Field label="Timeout (minutes; empty: Spot's default)" value=timeout id="spot-codedeploy-timeout" input_type="number" min="1" error=beside(problems, TIMEOUT)/>
                <Field label="Tags (key=value, comma-separated)" value=tags id="spot-codedeploy-tags" error=beside(problems, TAGS)/>
            </div>
            <ActionButton label="Start CodeDeploy deployment" pending=start.pending() id="spot-codedeploy-go" on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(start_call)/>
            {the_rest(problems, &[GROUPS, TIMEOUT, TAGS])}
            {start.view(|_| view! { <p class="notice ok" id="spot-codedeploy-started">"CodeDeploy deployment started."</p> })}
            <h4>"This group's CodeDeploy deployments " <ExplorerLink call=Signal::derive(move || ctx.op("get-codedeploy-b-g-deployment"))/></h4>
            {read.view(|a| view! {
                <ul id="spot-codedeploy-list">{a.items.unwrap_or_default().into_iter().map(|d| {
                    let state = json::text(&d["state"]).unwrap_or_else(|| "unknown".into()).to_lowercase();
                    view! { <li><code>{json::text(&d["id"]).unwrap_or_default()}</code> " " <StatusBadge status=state/></li> }
                }).collect_view()}</ul>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::field::message_for;

    #[test]
    fn a_codedeploy_body_is_read_from_the_fields() {
        let b = deployment_body("web/web-bg, api / api-bg", "20", "ver=pink").unwrap();
        assert_eq!(
            b["deployment"]["deploymentGroups"][1],
            json!({"applicationName": "api", "deploymentGroupName": "api-bg"})
        );
        assert_eq!(
            b["deployment"]["tags"],
            json!([{"tagKey": "ver", "tagValue": "pink"}])
        );
        assert_eq!(b["deployment"]["timeout"], 20);
        let e = deployment_body("", "0", "ver").unwrap_err();
        assert_eq!(
            message_for(&e, GROUPS),
            Some("At least one application/deployment group.")
        );
        assert!(message_for(&e, TIMEOUT).is_some());
        let no_timeout = deployment_body("web/web-bg", " ", "").unwrap();
        assert!(no_timeout["deployment"].get("timeout").is_none());
        assert_eq!(
            message_for(&e, TAGS),
            Some("“ver” is not written as name=value.")
        );
    }
}
