//! The per-provider adapter: Elastigroup AWS (catalog section 10), the AWS EMR Scaler (11),
//! GCP (12), Azure Spot VMs (13) and Azure Scale Set VMs (14) are served by the same list and
//! group components. The components name an operation by its Elastigroup AWS name (the
//! console's vocabulary); [`Provider::op`] gives this provider's catalog operation for it, or
//! nothing when the document has none (the tab or button then says so). Answers are read
//! tolerantly across the providers' field names ([`super::Group::read`],
//! [`super::overview::Instance::read`]).

/// One kind of Elastigroup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Aws,
    Emr,
    Gcp,
    AzureVms,
    AzureScaleSet,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Aws,
        Provider::Emr,
        Provider::Gcp,
        Provider::AzureVms,
        Provider::AzureScaleSet,
    ];

    /// Its segment in the console's addresses.
    pub fn key(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Emr => "emr",
            Provider::Gcp => "gcp",
            Provider::AzureVms => "azure",
            Provider::AzureScaleSet => "azure-scale-set",
        }
    }

    pub fn from_key(key: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Provider::Aws => "AWS",
            Provider::Emr => "AWS EMR Scaler",
            Provider::Gcp => "GCP",
            Provider::AzureVms => "Azure Spot VMs",
            Provider::AzureScaleSet => "Azure Scale Set VMs",
        }
    }

    /// The explorer section of its operations.
    fn section(self) -> &'static str {
        match self {
            Provider::Aws => "elastigroup-aws",
            Provider::Emr => "elastigroup-aws-emr-scaler",
            Provider::Gcp => "elastigroup-gcp",
            Provider::AzureVms => "elastigroup-azure-spot-vms",
            Provider::AzureScaleSet => "elastigroup-azure-scale-set-vms",
        }
    }

    /// The path parameter naming the group.
    pub fn id_param(self) -> &'static str {
        match self {
            Provider::Emr => "mrScalerId",
            _ => "groupId",
        }
    }

    /// The key a group's configuration is wrapped in, in an update's body.
    pub fn wrapper(self) -> &'static str {
        match self {
            Provider::Emr => "mrScaler",
            _ => "group",
        }
    }

    /// This provider's catalog operation (`section/slug`) for the Elastigroup AWS operation
    /// `aws`, or `None` when the document has none.
    pub fn op(self, aws: &str) -> Option<String> {
        use Provider::*;
        let slug = match (self, aws) {
            // Operations only other providers have (named by their own slugs).
            (
                Aws,
                "suspend-group" | "resume-group" | "list-tasks" | "create-task"
                | "update-task-task" | "delete-task" | "update-task-roll" | "list-scalers",
            ) => return None,
            (Emr, "list-scalers") => "list-scalers",
            (Aws, a) => a,
            (AzureVms, a @ ("suspend-group" | "resume-group")) => a,
            (
                AzureScaleSet,
                a @ ("list-tasks" | "create-task" | "update-task-task" | "delete-task"
                | "update-task-roll"),
            ) => a,
            (AzureVms, "create-instance-signal") => "create-vm-signal",
            (Gcp, "instance-status") => "get-instance-status",
            (_, "list-all-elastigroups") => match self {
                Emr => "list-all-scalers",
                _ => "list-elastigroups",
            },
            (Emr, "list-elastigroup") => "get-scaler",
            (_, "list-elastigroup") => "get-elastigroup",
            (Emr, "create-elastigroup") => "create-scaler",
            (Emr, "update-elastigroup") => "update-scaler",
            (Emr, "delete-elastigroup") => "delete-scaler",
            (_, a @ ("create-elastigroup" | "update-elastigroup" | "delete-elastigroup")) => a,
            (Emr, "get-elastigroup-status") => "list-instances",
            (_, "get-elastigroup-status") => "get-elastigroup-status",
            (AzureVms, "instance-healthiness") => "vm-healthiness",
            (Emr, "get-costs-per-elastigroup") => "get-scaler-costs",
            (Gcp, "get-costs-per-elastigroup") => "get-elastigroup-costs",
            (AzureVms, "update-capacity") => "update-capacity",
            (Emr | Gcp | AzureVms, a @ ("scale-up" | "scale-down")) => a,
            (Gcp, "instance-lock") => "lock-instance",
            (Gcp, "instance-unlock") => "unlock-instance",
            (AzureVms, "instance-lock") => "virtual-machine-protection",
            (AzureVms, "instance-unlock") => "virtual-machine-remove-protection",
            (Gcp | AzureScaleSet, "detach-instance") => "detach-instances",
            (AzureVms, "detach-instance") => "detach-vms",
            (Gcp | AzureScaleSet, "group-s-deployments-status") => "list-deployments",
            (AzureVms, "group-s-deployments-status") => "get-all-deployments",
            (Gcp | AzureVms | AzureScaleSet, "start-deployment") => "start-deployment",
            (Gcp | AzureVms, "deployment-status") => "get-deployment",
            (AzureScaleSet, "deployment-status") => "roll-status",
            (Gcp | AzureScaleSet, "stop-deployment") => "stop-deployment",
            (Gcp, "activity-events") => "list-activity-events",
            (Gcp | AzureVms, "get-elastilog") => "get-elastilog",
            _ => return None,
        };
        Some(format!("{}/{slug}", self.section()))
    }

    /// Whether the document has an operation for `aws` in this provider.
    pub fn has(self, aws: &str) -> bool {
        self.op(aws).is_some()
    }

    /// Why a tab or action is missing here, in words.
    pub fn lacks(self, what: &str) -> String {
        format!(
            "Spot's document has no operation for {what} of {} Elastigroups; the explorer lists what it has.",
            self.label()
        )
    }

    /// The body that starts a deployment (each provider spells it its own way).
    pub fn deployment_body(
        self,
        batch: Option<i64>,
        grace: Option<i64>,
        health: &str,
        strategy: &str,
    ) -> serde_json::Value {
        use serde_json::json;
        match self {
            // The document's `healthCheckTypes` is a list whose choices are declared on the
            // list itself, so no value passes its own schema: it is left out (Spot's default).
            Provider::AzureVms => json!({"deployment": {"batchSizePercentage": batch,
                "gracePeriod": grace}}),
            Provider::Gcp => json!({"batchSizePercentage": batch, "gracePeriod": grace}),
            Provider::AzureScaleSet => json!({"batchSizePercentage": batch,
                "gracePeriod": grace, "healthCheckType": health}),
            _ => json!({"batchSizePercentage": batch, "gracePeriod": grace,
                "healthCheckType": health, "strategy": {"action": strategy}}),
        }
    }

    /// The health check types a deployment may wait for (none to choose for GCP).
    pub fn health_checks(self) -> &'static [&'static str] {
        match self {
            Provider::Aws => &["EC2", "ELB", "TARGET_GROUP", "HCS", "NONE"],
            Provider::AzureScaleSet => &["INSTANCE_STATE"],
            _ => &[],
        }
    }

    /// The body of an instance signal (`INSTANCE_READY`, `INSTANCE_READY_TO_SHUTDOWN`): Azure
    /// names the VM and spells the signal its own way.
    pub fn signal_body(self, id: &str, signal: &str) -> serde_json::Value {
        use serde_json::json;
        match self {
            Provider::AzureVms => json!({"vmName": id, "signalType":
                if signal == "INSTANCE_READY_TO_SHUTDOWN" { "vmReadyToShutdown" } else { "vmReady" }}),
            _ => json!({"instanceId": id, "signal": signal}),
        }
    }

    /// The ways to make a group of this provider through the schema form (label, catalog
    /// operation, whether its answer is a configuration that fills the create form): the
    /// create first, then the imports of what already runs (AWS's are in `import.rs`).
    pub fn create_ways(self) -> &'static [(&'static str, &'static str, bool)] {
        match self {
            Provider::AzureVms => &[
                (
                    "Create from a configuration",
                    "elastigroup-azure-spot-vms/create-elastigroup",
                    false,
                ),
                (
                    "Import an Azure scale set",
                    "elastigroup-azure-spot-vms/import-group-from-scale-set",
                    true,
                ),
                (
                    "Import an Azure virtual machine",
                    "elastigroup-azure-spot-vms/import-group-from-virtual-machine",
                    true,
                ),
            ],
            Provider::Emr => &[
                (
                    "Create a scaler",
                    "elastigroup-aws-emr-scaler/create-scaler",
                    false,
                ),
                (
                    "Create through the scaler operator (it waits for the EMR cluster)",
                    "elastigroup-aws-emr-scaler/create-scaler-operator",
                    false,
                ),
            ],
            Provider::Gcp => &[
                (
                    "Create from a configuration",
                    "elastigroup-gcp/create-elastigroup",
                    false,
                ),
                (
                    "Import a GKE cluster's node pool",
                    "elastigroup-gcp/import-gke-cluster",
                    true,
                ),
            ],
            _ => &[],
        }
    }

    /// The body that detaches `ids`, with both choices spelled out.
    pub fn detach_body(
        self,
        ids: &[String],
        decrement: bool,
        terminate: bool,
    ) -> serde_json::Value {
        use serde_json::json;
        match self {
            Provider::AzureVms => json!({"vmsToDetach": ids,
                "shouldDecrementTargetCapacity": decrement, "shouldTerminateVms": terminate}),
            Provider::AzureScaleSet => json!({"instancesToDetach": ids,
                "shouldDecrementTargetCapacity": decrement}),
            _ => json!({"instancesToDetach": ids,
                "shouldDecrementTargetCapacity": decrement, "shouldTerminateInstances": terminate}),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation the adapter names is in the catalog.
    #[test]
    fn every_named_operation_is_in_the_catalog() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = crate::api::spot::catalog::Catalog::parse(&text).unwrap();
        let names = [
            "list-all-elastigroups",
            "list-elastigroup",
            "create-elastigroup",
            "update-elastigroup",
            "delete-elastigroup",
            "get-elastigroup-status",
            "instance-healthiness",
            "get-costs-per-elastigroup",
            "update-capacity",
            "scale-up",
            "scale-down",
            "instance-lock",
            "instance-unlock",
            "detach-instance",
            "group-s-deployments-status",
            "start-deployment",
            "deployment-status",
            "stop-deployment",
            "activity-events",
            "get-elastilog",
            "suspend-group",
            "resume-group",
            "list-tasks",
            "create-task",
            "update-task-task",
            "delete-task",
            "update-task-roll",
            "create-instance-signal",
            "instance-status",
            "list-scalers",
        ];
        for p in Provider::ALL {
            for n in names {
                if let Some(id) = p.op(n) {
                    assert!(
                        cat.op(&id).is_some(),
                        "{id} ({p:?} for {n}) is not in the catalog"
                    );
                }
            }
            assert!(p.has("list-all-elastigroups") && p.has("get-elastigroup-status"));
            for (_, id, _) in p.create_ways() {
                assert!(cat.op(id).is_some(), "{id} of {p:?}");
            }
            assert_eq!(Provider::from_key(p.key()), Some(p));
        }
        assert_eq!(Provider::Gcp.op("deployment-actions"), None);
        assert_eq!(Provider::Aws.op("suspend-group"), None);
        assert!(Provider::AzureVms.has("suspend-group") && !Provider::Gcp.has("suspend-group"));
        assert!(Provider::AzureScaleSet.has("list-tasks") && !Provider::AzureVms.has("list-tasks"));
        assert_eq!(
            Provider::AzureVms.signal_body("vm-1", "INSTANCE_READY_TO_SHUTDOWN"),
            serde_json::json!({"vmName": "vm-1", "signalType": "vmReadyToShutdown"})
        );
        assert_eq!(
            Provider::AzureVms.op("instance-lock").as_deref(),
            Some("elastigroup-azure-spot-vms/virtual-machine-protection")
        );
    }
}
