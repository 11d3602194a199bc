//! The adapter: where each Ocean provider's operations are in the catalog and how its bodies
//! spell things. Ocean Insights and Ocean On-Premise are providers too, with the cluster
//! operations only (list, get, create, update, delete).

use serde_json::Value;

/// One Ocean provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Aws,
    Ecs,
    Gke,
    Aks,
    Insights,
    OnPrem,
}

/// The operations the Ocean screens use, per provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    List,
    Get,
    Create,
    Update,
    Delete,
    Nodes,
    Heartbeat,
    Groups,
    GetGroup,
    CreateGroup,
    UpdateGroup,
    DeleteGroup,
    Launch,
    StartRoll,
    Rolls,
    Roll,
    StopRoll,
    RightSizing,
    Log,
    Costs,
}

impl Provider {
    pub const ALL: [Provider; 6] = [
        Provider::Aws,
        Provider::Ecs,
        Provider::Gke,
        Provider::Aks,
        Provider::Insights,
        Provider::OnPrem,
    ];

    /// Its segment in the console's addresses.
    pub fn key(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Ecs => "ecs",
            Provider::Gke => "gke",
            Provider::Aks => "aks",
            Provider::Insights => "insights",
            Provider::OnPrem => "on-premise",
        }
    }

    pub fn from_key(key: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Provider::Aws => "AWS Kubernetes",
            Provider::Ecs => "AWS ECS",
            Provider::Gke => "GKE",
            Provider::Aks => "AKS",
            Provider::Insights => "Ocean Insights",
            Provider::OnPrem => "Ocean On-Premise",
        }
    }

    /// The catalog's slug of this provider's operation `what`; empty when the document has none
    /// (see [`Provider::lacks`]).
    pub fn op(self, what: Op) -> &'static str {
        use Op::*;
        use Provider::*;
        match (self, what) {
            (Aws, List) => "ocean-aws/list-clusters",
            (Ecs, List) => "ocean-ecs/list-clusters",
            (Gke, List) => "ocean-gke/list-clusters",
            (Aks, List) => "ocean-aks/list-clusters",
            (Insights, List) => "ocean-insights/list-clusters",
            (OnPrem, List) => "ocean-on-premise/ocean-on-premise-list",
            (Aws, Get) => "ocean-aws/get-cluster",
            (Ecs, Get) => "ocean-ecs/get-cluster",
            (Gke, Get) => "ocean-gke/get-cluster",
            (Aks, Get) => "ocean-aks/get-cluster",
            (Insights, Get) => "ocean-insights/get-cluster",
            (OnPrem, Get) => "ocean-on-premise/get-cluster",
            (Aws, Create) => "ocean-aws/create-cluster",
            (Ecs, Create) => "ocean-ecs/create-cluster",
            (Gke, Create) => "ocean-gke/create-cluster",
            (Aks, Create) => "ocean-aks/create-cluster",
            (Insights, Create) => "ocean-insights/create-cluster",
            (OnPrem, Create) => "ocean-on-premise/ocean-on-premise-create",
            (Aws, Update) => "ocean-aws/update-cluster",
            (Ecs, Update) => "ocean-ecs/update-cluster",
            (Gke, Update) => "ocean-gke/update-cluster",
            (Aks, Update) => "ocean-aks/update-cluster",
            (OnPrem, Update) => "ocean-on-premise/update-cluster",
            (Aws, Delete) => "ocean-aws/delete-cluster",
            (Ecs, Delete) => "ocean-ecs/delete-cluster",
            (Gke, Delete) => "ocean-gke/delete-cluster",
            (Aks, Delete) => "ocean-aks/delete-cluster",
            (Insights, Delete) => "ocean-insights/delete-cluster",
            (OnPrem, Delete) => "ocean-on-premise/delete-cluster",
            (Aws, Nodes) => "ocean-aws/get-cluster-nodes",
            (Ecs, Nodes) => "ocean-ecs/get-cluster-container-instances",
            (Gke, Nodes) => "ocean-gke/get-cluster-nodes",
            (Aks, Nodes) => "ocean-aks/get-cluster-nodes",
            // One endpoint serves the three Kubernetes providers; ECS has no controller.
            (Aws, Heartbeat) => "ocean-aws/get-heartbeat-status",
            (Gke, Heartbeat) => "ocean-gke/get-heartbeat-status",
            (Aks, Heartbeat) => "ocean-aks/get-heartbeat-status",
            (Aws, Groups) => "ocean-aws/list-virtual-node-groups",
            (Ecs, Groups) => "ocean-ecs/list-vngs",
            (Gke, Groups) => "ocean-gke/list-vngs",
            (Aks, Groups) => "ocean-aks/list-virtual-node-groups",
            (Aws, GetGroup) => "ocean-aws/get-virtual-node-group",
            (Ecs, GetGroup) => "ocean-ecs/get-vng",
            (Gke, GetGroup) => "ocean-gke/get-vng",
            (Aks, GetGroup) => "ocean-aks/get-virtual-node-group",
            (Aws, CreateGroup) => "ocean-aws/create-virtual-node-group",
            (Ecs, CreateGroup) => "ocean-ecs/create-vng",
            (Gke, CreateGroup) => "ocean-gke/create-vng",
            (Aks, CreateGroup) => "ocean-aks/create-virtual-node-group",
            (Aws, UpdateGroup) => "ocean-aws/update-virtual-node-group",
            (Ecs, UpdateGroup) => "ocean-ecs/update-vng",
            (Gke, UpdateGroup) => "ocean-gke/update-vng",
            (Aks, UpdateGroup) => "ocean-aks/update-virtual-node-group",
            (Aws, DeleteGroup) => "ocean-aws/delete-virtual-node-group",
            (Ecs, DeleteGroup) => "ocean-ecs/delete-vng",
            (Gke, DeleteGroup) => "ocean-gke/delete-vng",
            (Aks, DeleteGroup) => "ocean-aks/delete-virtual-node-group",
            (Aws, Launch) => "ocean-aws/launch-nodes-in-vng",
            (Ecs, Launch) => "ocean-ecs/launch-container-instances-in-vng",
            (Gke, Launch) => "ocean-gke/launch-nodes-in-vng",
            (Aks, Launch) => "ocean-aks/launch-vms",
            (Aws, StartRoll) => "ocean-aws/initiate-roll",
            (Ecs, StartRoll) => "ocean-ecs/initiate-roll",
            (Gke, StartRoll) => "ocean-gke/initiate-roll",
            (Aks, StartRoll) => "ocean-aks/initiate-roll",
            (Aws, Rolls) => "ocean-aws/list-rolls",
            (Ecs, Rolls) => "ocean-ecs/list-rolls",
            (Gke, Rolls) => "ocean-gke/list-rolls",
            (Aks, Rolls) => "ocean-aks/list-rolls",
            (Aws, Roll) => "ocean-aws/get-roll",
            (Ecs, Roll) => "ocean-ecs/get-roll",
            (Gke, Roll) => "ocean-gke/get-roll",
            (Aks, Roll) => "ocean-aks/get-roll",
            (Aws, StopRoll) => "ocean-aws/update-roll",
            (Ecs, StopRoll) => "ocean-ecs/update-roll",
            (Gke, StopRoll) => "ocean-gke/update-roll",
            (Aks, StopRoll) => "ocean-aks/update-roll",
            (Aws, RightSizing) => "ocean-aws/fetch-right-sizing-recommendations",
            (Ecs, RightSizing) => "ocean-ecs/get-right-sizing-recommendations",
            (Gke, RightSizing) => "ocean-gke/get-right-sizing-recommendations",
            (Aks, RightSizing) => "ocean-aks/fetch-right-sizing-recommendations",
            (Aws, Log) => "ocean-aws/fetch-elastilog",
            (Ecs, Log) => "ocean-ecs/fetch-elastilog",
            (Gke, Log) => "ocean-gke/get-elastilog",
            // The cost endpoint is Kubernetes', listed under AWS and GKE.
            (Aws | Aks, Costs) => "ocean-aws/get-cluster-costs",
            (Gke, Costs) => "ocean-gke/get-cluster-costs",
            // What the document has no operation for (see `lacks`).
            _ => "",
        }
    }

    /// Why this provider has no operation `what`, when it has none.
    pub fn lacks(self, what: Op) -> Option<String> {
        if !self.op(what).is_empty() {
            return None;
        }
        Some(match (self, what) {
            (Provider::Ecs, Op::Costs) => {
                "Spot's cost endpoint is for Kubernetes clusters; the document has none for ECS."
                    .into()
            }
            (p, Op::Update) => format!(
                "Spot's document has no update operation for {} clusters.",
                p.label()
            ),
            (p, op) => format!(
                "Spot's document has no {} operation for {} clusters.",
                op.noun(),
                p.label()
            ),
        })
    }

    /// Whether its clusters run Spot's Kubernetes controller (whose heartbeat is shown).
    pub fn has_controller(self) -> bool {
        !self.op(Op::Heartbeat).is_empty()
    }

    /// The key a cluster body is wrapped in, and a node group body.
    pub fn wrapper(self, group: bool) -> &'static str {
        match (self, group) {
            (_, false) => "cluster",
            (Provider::Aks, true) => "virtualNodeGroup",
            (_, true) => "launchSpec",
        }
    }

    /// The query parameter of [`Op::DeleteGroup`] that deletes the group's nodes with it.
    pub fn delete_nodes_param(self) -> Option<&'static str> {
        match self {
            Provider::Aws | Provider::Gke => Some("deleteNodes"),
            Provider::Ecs => Some("deleteContainerInstances"),
            _ => None,
        }
    }

    /// The body that starts a roll: the whole cluster, or the node groups, or the instances
    /// (each provider names the lists its own way).
    pub fn roll_body(
        self,
        size: u32,
        comment: &str,
        groups: &[String],
        instances: &[String],
    ) -> Value {
        let mut roll = serde_json::json!({"batchSizePercentage": size});
        if !comment.trim().is_empty() {
            roll["comment"] = comment.trim().into();
        }
        let (group_key, instance_key) = match self {
            Provider::Aks => ("virtualNodeGroupIds", "vmNames"),
            Provider::Gke => ("launchSpecIds", "instanceNames"),
            _ => ("launchSpecIds", "instanceIds"),
        };
        if !groups.is_empty() {
            roll[group_key] = groups.into();
        } else if !instances.is_empty() {
            roll[instance_key] = instances.into();
        }
        serde_json::json!({ "roll": roll })
    }

    /// The body that stops a roll.
    pub fn stop_body(self) -> Value {
        match self {
            Provider::Ecs | Provider::Gke => serde_json::json!({"status": "STOPPED"}),
            _ => serde_json::json!({"roll": {"status": "STOPPED"}}),
        }
    }

    /// What its nodes are called.
    pub fn nodes_word(self) -> &'static str {
        match self {
            Provider::Ecs => "Container instances",
            Provider::Aks => "VMs",
            _ => "Nodes",
        }
    }
}

impl Op {
    /// What the operation is, in a sentence.
    fn noun(self) -> &'static str {
        match self {
            Op::Nodes => "node list",
            Op::Heartbeat => "controller heartbeat",
            Op::Groups | Op::GetGroup | Op::CreateGroup | Op::UpdateGroup | Op::DeleteGroup => {
                "virtual node group"
            }
            Op::Launch => "launch",
            Op::StartRoll | Op::Rolls | Op::Roll | Op::StopRoll => "roll",
            Op::RightSizing => "right-sizing",
            Op::Log => "Elastilog",
            Op::Costs => "cost",
            Op::List | Op::Get | Op::Create | Op::Update | Op::Delete => "cluster",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_named_is_in_the_catalog_and_what_is_missing_is_said() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = crate::api::spot::catalog::Catalog::parse(&text).unwrap();
        use Op::*;
        let all = [
            List,
            Get,
            Create,
            Update,
            Delete,
            Nodes,
            Heartbeat,
            Groups,
            GetGroup,
            CreateGroup,
            UpdateGroup,
            DeleteGroup,
            Launch,
            StartRoll,
            Rolls,
            Roll,
            StopRoll,
            RightSizing,
            Log,
            Costs,
        ];
        for p in Provider::ALL {
            for op in all {
                match p.lacks(op) {
                    None => assert!(cat.op(p.op(op)).is_some(), "{p:?} {op:?}"),
                    Some(why) => assert!(why.contains(p.label()) || p == Provider::Ecs),
                }
            }
        }
        assert_eq!(
            Provider::Aks.lacks(Log).unwrap(),
            "Spot's document has no Elastilog operation for AKS clusters."
        );
        assert!(Provider::Insights.lacks(Update).is_some());
        assert!(!Provider::OnPrem.has_controller());
        assert_eq!(Provider::from_key("on-premise"), Some(Provider::OnPrem));
    }
}
