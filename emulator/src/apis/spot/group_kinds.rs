//! The Elastigroup providers the group behaviour ([`super::groups`]) serves: Elastigroup AWS,
//! the AWS EMR Scaler, GCP, Azure Spot VMs and Azure Scale Set VMs. Each has its own paths and
//! field names; this module maps a provider's route onto the AWS vocabulary the behaviour is
//! written in, and writes the answers back in the provider's own spelling (GCP's
//! `instanceName`/`machineType`/`statusName`, Azure's `vms[]` of `vmName`/`vmSize`/`powerState`,
//! a scale set's `vmSize`/`state`, EMR's `instanceGroupRole`). The demo world's groups of the
//! other providers are made here too, and [`answer`] serves what only other providers have:
//! Azure's suspend / resume (in the AWS suspensions' words, listed in the status answer's
//! `suspendedProcesses`) and the imports that answer a configuration to create with (an Azure
//! scale set or virtual machine, a GKE cluster's node pool).

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::{world, Asked, Engine, DEFAULT_ACCOUNT};

/// Answers the routes only other providers have; `None` leaves the request to the group
/// behaviour and the engine.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let (kind, route) = Kind::of(&ep.path)?;
    let q = |k: &str| {
        asked
            .param(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let v = |i: usize| asked.values.get(i).cloned().unwrap_or_default();
    let imported = match (kind, ep.method.as_str(), route) {
        (Kind::AzureVms, "PUT", r) if r.ends_with("/suspend") || r.ends_with("/resume") => {
            let translated = Asked {
                values: asked.values.clone(),
                query: asked.query.clone(),
                url: asked.url.clone(),
                body: Some(suspension_body(
                    r.ends_with("/suspend"),
                    asked.body.as_ref().unwrap_or(&Value::Null),
                )),
            };
            return super::groups::act(engine, ep, &translated);
        }
        (Kind::AzureVms, "GET", r) if r.starts_with("group/import/") => {
            let (rg, source) = (v(0), v(1));
            let what = if r.contains("/scaleSet/") {
                "scale set"
            } else {
                "virtual machine"
            };
            json!({"group": {"name": source, "resourceGroupName": rg, "region": "eastus",
                "description": format!("Imported from the {what} {source} ({rg})"),
                "capacity": {"minimum": 1, "target": 2, "maximum": 4}}})
        }
        (Kind::Gcp, "POST", "group/gke/import") => {
            let cluster = q("clusterId").unwrap_or_default();
            let location = q("clusterLocation").unwrap_or_else(|| "us-central1".into());
            let given = asked
                .body
                .as_ref()
                .map(|b| b["group"].clone())
                .unwrap_or_default();
            let name = given["name"]
                .as_str()
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| {
                    format!(
                        "{cluster}-{}",
                        q("nodePoolName").unwrap_or_else(|| "default-pool".into())
                    )
                });
            let zone = match location.matches('-').count() {
                1 => format!("{location}-a"),
                _ => location.clone(),
            };
            json!({"group": {"name": name, "description": format!("Imported from the GKE cluster {cluster} ({location})"),
                "capacity": {"minimum": 1, "target": 2, "maximum": 4},
                "compute": {"availabilityZones": [zone]}}})
        }
        _ => return None,
    };
    Some(engine.items(ep, &asked.url, vec![imported]))
}

/// Azure's suspend / resume body (`processes[{name, ttlInMinutes}]`) in the AWS suspensions'
/// words: `suspensions[{name, ttlInMinutes}]` to suspend, `processes[name]` to resume.
fn suspension_body(suspend: bool, body: &Value) -> Value {
    let processes = body["processes"].as_array().cloned().unwrap_or_default();
    if suspend {
        json!({ "suspensions": processes })
    } else {
        let names: Vec<Value> = processes.iter().map(|p| p["name"].clone()).collect();
        json!({ "processes": names })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Aws,
    Emr,
    Gcp,
    AzureVms,
    AzureScaleSet,
}

/// (kind, the prefix of its routes, its collection of groups, the segment before a group's id)
const KINDS: [(Kind, &str, &str, &str); 5] = [
    (Kind::Aws, "/aws/ec2/", "/aws/ec2/group", "group/"),
    (Kind::Emr, "/aws/emr/", "/aws/emr/mrScaler", "mrScaler/"),
    (Kind::Gcp, "/gcp/gce/", "/gcp/gce/group", "group/"),
    (
        Kind::AzureVms,
        "/azure/compute/",
        "/azure/compute/group",
        "group/",
    ),
    (
        Kind::AzureScaleSet,
        "/compute/azure/",
        "/compute/azure/group",
        "group/",
    ),
];

impl Kind {
    /// The provider of a route and the route below its prefix.
    pub fn of(path: &str) -> Option<(Kind, &str)> {
        KINDS
            .iter()
            .find_map(|(k, prefix, _, _)| Some((*k, path.strip_prefix(prefix)?)))
    }

    fn row(self) -> &'static (Kind, &'static str, &'static str, &'static str) {
        KINDS.iter().find(|r| r.0 == self).unwrap()
    }

    /// Where the engine keeps its groups.
    pub fn collection(self) -> &'static str {
        self.row().2
    }

    /// The segment before a group's id (`group/`, EMR's `mrScaler/`).
    pub fn group_segment(self) -> &'static str {
        self.row().3
    }

    /// A group route's method and tail (`status`, `roll/{id}/status`, …) in the AWS vocabulary.
    pub fn normalize(self, method: &str, what: &str) -> (String, String) {
        let parts: Vec<&str> = what.split('/').collect();
        let (m, w) = match (self, method, parts.as_slice()) {
            (Kind::Gcp, _, ["log"]) => (method, "logs".to_string()),
            (Kind::Gcp, _, ["deatchInstances"]) => (method, "detachInstances".into()),
            (Kind::AzureVms, _, ["vmHealthiness"]) => (method, "instanceHealthiness".into()),
            (Kind::AzureVms, _, ["detachVms"]) => (method, "detachInstances".into()),
            (Kind::AzureVms, "POST", ["deployment"]) => ("PUT", "roll".into()),
            (Kind::AzureVms, "GET", ["deployment"]) => ("GET", "roll".into()),
            (Kind::AzureVms, "GET", ["deployment", id] | ["deployment", id, "details"]) => {
                ("GET", format!("roll/{id}/status"))
            }
            (Kind::AzureVms, "PUT", ["suspend"]) => ("POST", "suspension".into()),
            (Kind::AzureVms, "PUT", ["resume"]) => ("DELETE", "suspension".into()),
            (Kind::AzureVms, "POST", ["vm", _, "protection"]) => ("POST", "vm/lock".into()),
            (Kind::AzureVms, "DELETE", ["vm", _, "protection"]) => ("POST", "vm/unlock".into()),
            (Kind::Gcp | Kind::AzureScaleSet, "GET", ["roll", id]) => {
                ("GET", format!("roll/{id}/status"))
            }
            (Kind::Emr, "GET", ["instance"]) => ("GET", "status".into()),
            _ => (method, what.to_string()),
        };
        (m.to_string(), w)
    }

    /// A new instance's id.
    pub fn instance_id(self, group_hex: &str, n: u64) -> String {
        match self {
            Kind::Gcp => format!("sin-{group_hex}{n:04x}"),
            Kind::AzureVms => format!("vm-{group_hex}{n:04x}"),
            Kind::AzureScaleSet => format!("{group_hex}-{n:04x}-4a03-a989-3b27b7ee2ed5"),
            _ => format!("i-{group_hex}{n:05x}"),
        }
    }

    /// A new instance's machine type.
    pub fn machine(self, n: u64) -> &'static str {
        let list: [&str; 3] = match self {
            Kind::Gcp => ["n1-standard-1", "n1-standard-2", "e2-standard-2"],
            Kind::AzureVms | Kind::AzureScaleSet => {
                ["standard_d2s_v3", "standard_a1_v2", "standard_b2s"]
            }
            _ => ["m5.large", "c5.large", "m5a.large"],
        };
        list[(n % 3) as usize]
    }

    /// A zone in `region`: AWS's letter, GCP's `-b`, Azure's region itself.
    pub fn zone(self, region: &str, n: u64) -> String {
        let letter = ["a", "b", "c"][(n % 3) as usize];
        match self {
            Kind::Gcp => format!("{region}-{letter}"),
            Kind::AzureVms | Kind::AzureScaleSet => region.to_string(),
            _ => format!("{region}{letter}"),
        }
    }

    /// The region a group's instances run in, from its configuration.
    pub fn region(self, entity: &Value) -> String {
        let zone = entity
            .pointer("/compute/availabilityZones/0")
            .and_then(Value::as_str)
            .map(|z| z.rsplit_once('-').map_or(z, |(r, _)| r).to_string());
        entity["region"]
            .as_str()
            .map(str::to_string)
            .or(zone)
            .unwrap_or_else(|| {
                match self {
                    Kind::Gcp => "us-central1",
                    Kind::AzureVms | Kind::AzureScaleSet => "eastus",
                    _ => "us-east-1",
                }
                .into()
            })
    }

    /// The status answer's items for the group's instances (`pending`: still starting);
    /// Azure's lists the group's `suspended` processes too.
    pub fn status(
        self,
        list: &[(Value, bool)],
        gid: &str,
        suspended: &Value,
        aws: impl Fn(&Value) -> Value,
    ) -> Vec<Value> {
        let spot = |i: &Value| i["lifeCycle"] == "SPOT";
        let each = |f: &dyn Fn(&Value, bool) -> Value| list.iter().map(|(i, p)| f(i, *p)).collect();
        match self {
            Kind::Aws => list.iter().map(|(i, _)| aws(i)).collect(),
            Kind::Emr => each(&|i, pending| {
                json!({
                    "instanceId": i["instanceId"], "instanceType": i["instanceType"],
                    "instanceGroupRole": "TASK", "instanceGroupId": format!("ig-{}", gid.trim_start_matches("simrs-")),
                    "availabilityZone": i["availabilityZone"],
                    "status": if pending { "Provisioning" } else { "Running" }, "updatedAt": i["createdAt"],
                })
            }),
            Kind::Gcp => each(&|i, pending| {
                json!({
                    "instanceName": i["instanceId"], "machineType": i["instanceType"],
                    "lifeCycle": if spot(i) { "PREEMPTIBLE" } else { "ON_DEMAND" },
                    "zone": i["availabilityZone"], "privateIpAddress": i["privateIp"],
                    "statusName": if pending { "PROVISIONING" } else { "RUNNING" },
                    "createdAt": i["createdAt"], "updatedAt": i["createdAt"],
                })
            }),
            Kind::AzureVms => {
                let vms: Vec<Value> = each(&|i, pending| {
                    json!({
                        "vmName": i["instanceId"], "vmSize": i["instanceType"],
                        "lifeCycle": if spot(i) { "spot" } else { "od" }, "os": "Linux",
                        "powerState": if pending { "starting" } else { "running" },
                        "provisioningState": if pending { "creating" } else { "succeeded" },
                        "region": i["availabilityZone"], "privateIp": i["privateIp"],
                        "createdAt": i["createdAt"], "protectedUntil": i["lockedUntil"].as_i64().map(super::groups::iso),
                    })
                });
                let rolling = list.iter().any(|(_, p)| *p);
                vec![
                    json!({"status": if rolling { "replacing" } else { "ready" },
                    "suspendedProcesses": suspended.as_array().cloned().unwrap_or_default(), "vms": vms}),
                ]
            }
            Kind::AzureScaleSet => each(&|i, pending| {
                json!({
                    "instanceId": i["instanceId"], "vmSize": i["instanceType"],
                    "lifeCycle": if spot(i) { "low-priority" } else { "regular" },
                    "state": if pending { "creating" } else { "running" },
                    "region": i["availabilityZone"], "privateIp": i["privateIp"], "createdAt": i["createdAt"],
                })
            }),
        }
    }

    /// The healthiness answer's item for one instance.
    pub fn health(self, i: &Value, gid: &str, pending: bool) -> Value {
        let status = if pending {
            "INSUFFICIENT_DATA"
        } else {
            "HEALTHY"
        };
        match self {
            Kind::AzureVms => json!({"vmName": i["instanceId"], "healthStatus": status}),
            _ => json!({
                "instanceId": i["instanceId"], "groupId": gid, "availabilityZone": i["availabilityZone"],
                "lifeCycle": i["lifeCycle"], "healthStatus": status,
            }),
        }
    }

    /// A day of costs: AWS's flat numbers, or `costs {actual, potential}` with the savings in
    /// percent (GCP, EMR).
    pub fn cost(self, day: String, actual: f64, potential: f64) -> Value {
        let saved = ((potential - actual) * 100.0).round() / 100.0;
        match self {
            Kind::Aws => json!({"timestamp": day, "actual": actual, "potential": potential,
                "savings": {"value": saved, "percentage": 68}}),
            _ => json!({"timestamp": day, "costs": {"actual": actual, "potential": potential},
                "savings": {"unit": "percentage", "value": 68},
                "running": {"unit": "hours", "value": 24}}),
        }
    }
}

/// The ids a detach names (`instancesToDetach`, Azure's `vmsToDetach`), and whether it
/// terminates them (`shouldTerminateInstances`, Azure's `shouldTerminateVms`).
pub fn detach_request(body: &Value) -> (Vec<String>, bool) {
    let list = if body["vmsToDetach"].is_null() {
        &body["instancesToDetach"]
    } else {
        &body["vmsToDetach"]
    };
    let ids = match list {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    };
    let terminate = body["shouldTerminateInstances"] == true || body["shouldTerminateVms"] == true;
    (ids, terminate)
}

/// A deployment's settings (Azure Spot VMs wrap them in `deployment`).
pub fn deployment_settings(body: &Value) -> Value {
    match body.get("deployment") {
        Some(d) if d.is_object() => d.clone(),
        _ => body.clone(),
    }
}

/// The demo world's GCP, Azure and EMR groups (the AWS ones are `world`'s).
pub fn build(engine: &Engine) {
    let seeds = [
        (
            "/gcp/gce/group",
            json!({"group": {"name": "gcp-web", "capacity": {"minimum": 1, "target": 2, "maximum": 6, "unit": "instance"},
                "compute": {"availabilityZones": ["us-central1-a", "us-central1-b"]}}}),
        ),
        (
            "/azure/compute/group",
            json!({"group": {"name": "azure-web", "region": "eastus",
                "capacity": {"minimum": 1, "target": 2, "maximum": 6}}}),
        ),
        (
            "/compute/azure/group",
            json!({"group": {"name": "azure-scaleset", "region": "westeurope",
                "capacity": {"minimum": 1, "target": 2, "maximum": 6}}}),
        ),
        (
            "/aws/emr/mrScaler",
            json!({"mrScaler": {"name": "emr-analytics", "region": "us-east-1"}}),
        ),
    ];
    for (path, given) in seeds {
        let body = world::with_minimal(engine, path, given);
        engine.seed("POST", path, Some(DEFAULT_ACCOUNT), body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_provider_route_reads_in_the_aws_vocabulary() {
        let (k, rest) =
            Kind::of("/azure/compute/group/{groupId}/deployment/{deploymentId}/details").unwrap();
        assert_eq!(k, Kind::AzureVms);
        assert_eq!(rest, "group/{groupId}/deployment/{deploymentId}/details");
        let n = |k: Kind, m: &str, w: &str| k.normalize(m, w);
        assert_eq!(
            n(Kind::AzureVms, "POST", "deployment"),
            ("PUT".into(), "roll".into())
        );
        assert_eq!(
            n(Kind::AzureVms, "GET", "deployment/sbgd-1/details"),
            ("GET".into(), "roll/sbgd-1/status".into())
        );
        assert_eq!(
            n(Kind::Gcp, "GET", "roll/sbgd-1"),
            ("GET".into(), "roll/sbgd-1/status".into())
        );
        assert_eq!(
            n(Kind::Gcp, "PUT", "roll/sbgd-1"),
            ("PUT".into(), "roll/sbgd-1".into())
        );
        assert_eq!(n(Kind::Gcp, "GET", "log"), ("GET".into(), "logs".into()));
        assert_eq!(
            n(Kind::AzureVms, "DELETE", "vm/vm-1/protection"),
            ("POST".into(), "vm/unlock".into())
        );
        assert_eq!(
            n(Kind::Emr, "GET", "instance"),
            ("GET".into(), "status".into())
        );
        assert_eq!(Kind::of("/aws/ec2/group").unwrap().0, Kind::Aws);
    }

    #[test]
    fn status_answers_use_each_providers_field_names() {
        let i = json!({"instanceId": "vm-1", "instanceType": "standard_b2s", "lifeCycle": "SPOT",
            "availabilityZone": "eastus", "privateIp": "10.0.0.1", "createdAt": "2026-01-01T00:00:00Z"});
        let list = [(i.clone(), false)];
        let azure = Kind::AzureVms.status(&list, "sig-1", &json!([{"name": "autoScale"}]), |_| {
            Value::Null
        });
        assert_eq!(azure[0]["vms"][0]["vmName"], "vm-1");
        assert_eq!(azure[0]["vms"][0]["powerState"], "running");
        assert_eq!(azure[0]["suspendedProcesses"][0]["name"], "autoScale");
        assert_eq!(
            suspension_body(false, &json!({"processes": [{"name": "autoScale"}]})),
            json!({"processes": ["autoScale"]})
        );
        let gcp = Kind::Gcp.status(&[(i.clone(), true)], "sig-1", &Value::Null, |_| Value::Null);
        assert_eq!(gcp[0]["instanceName"], "vm-1");
        assert_eq!(gcp[0]["statusName"], "PROVISIONING");
        assert_eq!(gcp[0]["lifeCycle"], "PREEMPTIBLE");
        let (ids, terminate) =
            detach_request(&json!({"vmsToDetach": ["vm-1"], "shouldTerminateVms": true}));
        assert_eq!((ids, terminate), (vec!["vm-1".to_string()], true));
        assert_eq!(
            deployment_settings(&json!({"deployment": {"batchSizePercentage": 50}}))
                ["batchSizePercentage"],
            50
        );
    }
}
