//! Spot's account services (chunk `spot_services_area`): health checks ([`health`]),
//! notification subscriptions and the account's notification policy ([`notify`]), the audit
//! log ([`audit`]) and insights ([`insights`]: potential savings, costs per account, a
//! suggested instance type, the organization's instance-costs export, and data integrations in
//! [`integrations`]; potential savings per instance in [`instance_savings`]); one item opened
//! as Spot answers it through [`detail`]. Every call is a catalog operation sent through the request builder
//! ([`super::op_call`]), each linked to its explorer page with the same parameters.

mod audit;
mod detail;
mod health;
mod health_edit;
mod insights;
mod instance_savings;
mod integrations;
mod notify;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::field::{message_for, FieldError};
use crate::api::json;
use crate::areas::lazy::lazy_area;
use audit::Audit;
use health::HealthChecks;
use insights::Insights;
use notify::Subscriptions;

lazy_area!(spot_services_area {
    SpotHealthChecksRoute => HealthChecks,
    SpotSubscriptionsRoute => Subscriptions,
    SpotAuditRoute => Audit,
    SpotInsightsRoute => Insights,
});

/// A text field of an item, empty when absent.
fn text(v: &Value, k: &str) -> String {
    json::text(&v[k]).unwrap_or_default()
}

/// An item's id, when it read (an item without one is listed but never acted on).
fn id_of(v: &Value) -> Option<String> {
    json::text(&v["id"]).filter(|id| !id.trim().is_empty())
}

/// The message for `field` among a form's problems. Tracked.
fn error_for(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| message_for(e, field).map(str::to_string)))
}

/// `days` ago as `YYYY-MM-DD` (UTC).
fn day(days_ago: i64) -> String {
    let ms = crate::time::now_ms() - days_ago * 86_400_000;
    crate::time::absolute(ms).chars().take(10).collect()
}

/// The ranges a chart offers, in days.
fn ranges() -> Vec<(String, String)> {
    [
        ("7", "Last 7 days"),
        ("14", "Last 14 days"),
        ("30", "Last 30 days"),
        ("90", "Last 90 days"),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::spot::catalog::Catalog;
    use crate::areas::spot::op_call::OpCall;

    /// Every call these screens make passes the builder's checks against Spot's catalog.
    #[test]
    fn the_screens_calls_pass_the_builder() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        let hc = |n: &str| OpCall::new(format!("health-check-service/{n}"));
        let ns = |n: &str| OpCall::new(format!("notification-subscription-service/{n}"));
        let ins = |n: &str| OpCall::new(format!("insights-service/{n}"));
        let body = super::health::health_check_body(
            "web",
            "sig-1",
            "http://10.0.1.10",
            "80",
            "http",
            "/health",
            "80",
        )
        .unwrap();
        let calls = [
            hc("list-health-checks"),
            hc("create-health-check").body(body),
            hc("delete-health-check").path("HEALTHCHECK_ID", "hc-1").query("HEALTHCHECK_ID", "hc-1"),
            ns("list-subscriptions"),
            ns("subscribe").body(json!({"subscription": {"endpoint": "a@x.io", "eventType": "GROUP_UPDATED", "protocol": "email", "resourceId": "sig-1"}})),
            ns("update-subscription").path("SUBSCRIPTION_ID", "sis-1").body(json!({"subscription": {"endpoint": "b@x.io"}})),
            ns("unsubscribe").path("SUBSCRIPTION_ID", "sis-1"),
            ns("get-account-notification-policy"),
            ns("update-account-notification-policy").body(json!({"accountPolicy": {"emailPolicy": {"statements": []}}})),
            OpCall::new("audit-service/list-audit-log-events").query("fromDate", "1704067200").query("toDate", "1704153599").query("responseStatus", "200"),
            ins("get-costs-per-account").query("fromDate", "2024-01-01").query("toDate", "2024-01-07").query("aggregationPeriod", "daily"),
            ins("potential-savings"),
            ins("suggested-instance-type").body(json!({"requirements": {"region": "us-east-1", "requiredVCpu": {"minimum": 2, "maximum": 4}, "requiredMemoryGib": {"minimum": 8, "maximum": 16}}})),
            ins("get-organization-instances-costs").body(json!({"accountIds": ["act-1"], "fromDate": "2024-01-01", "toDate": "2024-01-30"})),
            ins("list-data-integration"),
            ins("create-data-integration").body(json!({"dataIntegration": {"vendor": "s3", "name": "costs", "config": {"bucketName": "my-bucket", "subdir": ""}}})),
            ins("update-data-integration").path("dataIntegrationId", "di-1").body(json!({"dataIntegration": {"vendor": "s3", "status": "disabled"}})),
            ins("delete-data-integration").path("dataIntegrationId", "di-1"),
            ins("get-data-integration").path("dataIntegrationId", "di-1"),
            ins("instances-potential-savings").query("region", "us-east-1").query("instanceIds", "i-1,i-2"),
            ns("get-subscription").path("SUBSCRIPTION_ID", "sis-1"),
            hc("get-health-check").path("HEALTHCHECK_ID", "hc-1").query("HEALTHCHECK_ID", "hc-1"),
            hc("update-health-check").path("HEALTHCHECK_ID", "hc-1").query("HEALTHCHECK_ID", "hc-1")
                .body(super::health_edit::update_body(["http://10.0.1.10", "80", "http", "10", "2", "2"]).unwrap()),
        ];
        for c in calls {
            let req = c.request(&cat, Some("act-1"));
            assert!(req.is_ok(), "{}: {:?}", c.id, req.err());
        }
    }
}
