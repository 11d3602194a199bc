//! A new Ocean cluster of any provider: through the schema form, or by importing an Auto
//! Scaling group, an ECS or AKS cluster, or by upgrading an Elastigroup to Ocean.

use leptos::prelude::*;
use serde_json::Value;

use crate::ui::SelectField;

use super::create::{CreateForm, Way};
use super::{Cat, Op, Provider};

/// The ways a provider makes a cluster (imports answer a configuration for the form; the
/// upgrade makes the cluster).
fn ways(p: Provider) -> Vec<Way> {
    const ASG: Way = (
        "Import an Auto Scaling group",
        "ocean-aws/import-asg-to-ocean-cluster",
        true,
    );
    const UP_AWS: Way = (
        "Upgrade an Elastigroup to Ocean",
        "ocean-aws/upgrade-elastigroup-to-ocean",
        false,
    );
    const ECS: Way = ("Import an ECS cluster", "ocean-ecs/import-cluster", true);
    const UP_ECS: Way = (
        "Upgrade an Elastigroup to Ocean",
        "ocean-ecs/upgrade-elastigroup-to-ocean",
        false,
    );
    const FARGATE: Way = (
        "Import Fargate services",
        "ocean-ecs/import-fargate-to-new-ocean-cluster",
        true,
    );
    const UP_GKE: Way = (
        "Upgrade an Elastigroup to Ocean",
        "ocean-gke/upgrade-elastigroup-to-ocean",
        false,
    );
    const AKS: Way = ("Import an AKS cluster", "ocean-aks/import-cluster", true);
    let more: &[Way] = match p {
        Provider::Aws => &[ASG, UP_AWS],
        Provider::Ecs => &[ECS, UP_ECS, FARGATE],
        Provider::Gke => &[UP_GKE],
        Provider::Aks => &[AKS],
        Provider::Insights | Provider::OnPrem => &[],
    };
    let mut w = vec![("Through the form", p.op(Op::Create), false)];
    w.extend_from_slice(more);
    w
}

/// The "New Ocean cluster" section; `made` runs with the provider once Spot accepted one.
#[component]
pub fn NewCluster(cat: Cat, made: Callback<Provider>) -> impl IntoView {
    let provider = RwSignal::new(Provider::Aws.key().to_string());
    let options: Vec<(String, String)> = Provider::ALL
        .iter()
        .map(|p| (p.key().to_string(), p.label().to_string()))
        .collect();
    view! {
        <details class="card" id="ocean-new">
            <summary>"New Ocean cluster"</summary>
            <SelectField label="Provider" value=provider options=options id="ocean-new-provider"/>
            {move || {
                let p = Provider::from_key(&provider.get()).unwrap_or(Provider::Aws);
                view! {
                    <CreateForm cat=cat ways=ways(p) id="ocean-create" send_label="Create cluster"
                        preset=Signal::stored(Vec::new()) body_preset=Signal::stored(Value::Null)
                        then=Callback::new(move |_| made.run(p))/>
                }
            }}
        </details>
    }
}
