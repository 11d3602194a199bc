//! A new AWS group made from what already runs: an Auto Scaling group or an EC2 instance,
//! imported by Spot. A dry run (ASG) shows the configuration Spot would make without making it.
//! The other providers' groups are made through the schema form ([`OtherProviders`]), from a
//! blank template or from what an import answers (an Azure scale set or virtual machine, a GKE
//! cluster's node pool), the ways each provider has coming from the adapter.

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::json;

use crate::ui::{ActionButton, Checkbox, Field, JsonView, SelectField};

use super::super::catalog::load;
use super::super::context::use_account;
use super::super::ocean::create::CreateForm;
use super::super::op_call::{use_op_write, ExplorerLink, OpCall};
use super::{group_href, op, Group, Provider};

/// A group of another provider, made through the schema form: the create, or an import whose
/// answer fills it; then a link to the new group.
#[component]
pub(super) fn OtherProviders(version: RwSignal<u32>) -> impl IntoView {
    let account = use_account();
    let cat = LocalResource::new(load);
    let chosen = RwSignal::new(Provider::AzureVms.key().to_string());
    let made = RwSignal::new(None::<Group>);
    let providers: Vec<(String, String)> = Provider::ALL
        .into_iter()
        .filter(|p| !p.create_ways().is_empty())
        .map(|p| (p.key().to_string(), p.label().to_string()))
        .collect();
    view! {
        <details class="card" id="spot-group-other">
            <summary>"Create or import a group of another provider"</summary>
            <SelectField label="Provider" value=chosen options=providers id="spot-other-provider"/>
            {move || {
                let p = Provider::from_key(&chosen.get()).unwrap_or(Provider::AzureVms);
                made.set(None);
                view! {
                    <CreateForm cat=cat ways=p.create_ways().to_vec() id="spot-other" send_label="Create group"
                        preset=Signal::stored(Vec::new()) body_preset=Signal::stored(serde_json::Value::Null)
                        then=Callback::new(move |a: crate::api::spot::envelope::Answer| {
                            made.set(a.items.unwrap_or_default().first().and_then(|v| Group::read(p, v)));
                            version.update(|v| *v += 1);
                        })/>
                }
            }}
            {move || made.get().map(|g| view! {
                <p class="notice ok" id="spot-other-made">"Created " <bdi>{g.name.clone()}</bdi> " (" {g.id.clone()} "). "
                    <a href=group_href(g.provider, &g.id, "", account.get_untracked().as_deref())>"Open it"</a></p>
            })}
        </details>
    }
}

#[component]
pub(super) fn ImportGroup(version: RwSignal<u32>) -> impl IntoView {
    let account = use_account();
    let from = RwSignal::new("asg".to_string());
    let source = RwSignal::new(String::new());
    let region = RwSignal::new("us-east-1".to_string());
    let name = RwSignal::new(String::new());
    let dry = RwSignal::new(false);
    let problems = RwSignal::new(Vec::new());
    let import = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1);
        }
    });
    let call = move || -> OpCall {
        let group = json!({"group": {"name": name.get().trim()}});
        match from.get().as_str() {
            "instance" => op("import-ec2-instance")
                .query("instanceId", source.get().trim().to_string())
                .query("region", region.get().trim().to_string())
                .body(group),
            _ => op("import-asg")
                .query("autoScalingGroupName", source.get().trim().to_string())
                .query("region", region.get().trim().to_string())
                .query("dryRun", if dry.get() { "true" } else { "false" })
                .body(group),
        }
    };
    let source_label = Signal::derive(move || match from.get().as_str() {
        "instance" => "EC2 instance id".to_string(),
        _ => "Auto Scaling group name".to_string(),
    });
    view! {
        <section class="card" id="spot-group-import">
            <h3>"Import an Auto Scaling group or an EC2 instance (AWS)"</h3>
            <p class="muted">"Spot makes an Elastigroup from its configuration; the original keeps running until you remove it."</p>
            <div class="form-row">
                <SelectField label="From" value=from id="spot-import-from"
                    options=Signal::derive(|| vec![("asg".into(), "An Auto Scaling group".into()), ("instance".into(), "An EC2 instance".into())])/>
                {move || view! { <Field label=source_label.get() value=source id="spot-import-source"/> }}
                <Field label="Region" value=region id="spot-import-region"/>
                <Field label="Group name" value=name id="spot-import-name"/>
            </div>
            {move || (from.get() == "asg").then(|| view! {
                <Checkbox label="Dry run: show the configuration without making the group" value=dry id="spot-import-dry"/>
            })}
            <ActionButton label="Import" pending=import.pending() id="spot-import-go"
                on_click=Callback::new(move |_| send_noting(import, &untrack(call), problems))/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {problems_view(problems)}
            {import.view(move |a| {
                let first = a.items.unwrap_or_default().into_iter().next().unwrap_or_default();
                match (untrack(move || dry.get() && from.get() == "asg"), Group::read(Provider::Aws, &first)) {
                    (false, Some(g)) => view! {
                        <p class="notice ok" id="spot-import-done">"Imported as " <bdi>{g.name.clone()}</bdi> " (" {g.id.clone()} "). "
                            <a href=group_href(Provider::Aws, &g.id, "", account.get_untracked().as_deref())>"Open it"</a></p>
                    }.into_any(),
                    _ => view! {
                        <div id="spot-import-done"><p class="notice ok">"Spot would make this group:"</p><JsonView value=first open=true/></div>
                    }.into_any(),
                }
            })}
        </section>
    }
}
