//! Spot's account services with behaviour, ahead of the generic engine: a health check's proxy
//! address and protocol checked as Spot checks them, the account's notification policy kept,
//! the audit log made of the writes this emulator answered (filtered by date and response
//! status), potential savings per Elastigroup, costs per account as a daily series over the
//! requested range, a suggested instance type from the requirements, and the organization's
//! instance-costs export as a CSV over the requested range, and the potential savings of the
//! instances asked for (each priced on demand and as spot). Health checks, subscriptions and
//! data integrations are otherwise the engine's own collections.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::nodes::{iso, ms, parse_date};
use super::{Asked, Engine, DEFAULT_ACCOUNT};

/// Audit events kept (the newest).
const AUDIT_KEEP: usize = 500;

/// Records a write in the audit log (kept per account), with the status it was answered.
pub fn record(engine: &Engine, index: usize, url: &str, status: StatusCode) {
    let ep = &engine.endpoints[index];
    if ep.method == "GET" {
        return;
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let account = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("accountId="))
        .filter(|a| !a.is_empty())
        .unwrap_or(DEFAULT_ACCOUNT)
        .to_string();
    // The path's first parameter (aligned from the end: the url carries the mount prefix).
    let parts: Vec<&str> = path.split('/').collect();
    let skip = parts.len().saturating_sub(ep.segments.len());
    let resource = ep
        .segments
        .iter()
        .zip(&parts[skip..])
        .find(|(s, _)| s.is_none())
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let t = ms();
    let words: Vec<&str> = ep
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    let event = json!({
        "actionType": format!("{} {}", ep.method, ep.path), "agent": "opsdeck-emulator",
        "context": json!({"url": path}).to_string(), "createdAt": iso(t), "ms": t,
        "namespace": words.first().copied().unwrap_or("").to_uppercase(),
        "resourceId": resource, "resourceType": words.last().copied().unwrap_or(""),
        "responseStatus": status.as_u16(), "source": "API", "user": "demo@opsdeck.example",
    });
    let mut store = engine.store.lock().unwrap();
    let list = store.items.entry(format!("{account}|~audit")).or_default();
    list.push(event);
    if list.len() > AUDIT_KEEP {
        list.remove(0);
    }
}

/// Answers what this module handles; `None` leaves the request to the engine.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let q = |k: &str| asked.param(k);
    let scope = engine.scope(ep, asked);
    let body = asked.body.clone().unwrap_or_default();
    let t = ms();
    let items = match (ep.method.as_str(), ep.path.as_str()) {
        ("POST", "/healthCheck") | ("PUT", "/healthCheck/{HEALTHCHECK_ID}") => {
            let hc = &body["healthCheck"];
            // An update is checked for what it changes.
            if ep.method == "PUT"
                && hc["proxyAddress"].is_null()
                && hc["check"]["protocol"].is_null()
            {
                return None;
            }
            let mut hc = hc.clone();
            if hc["proxyAddress"].is_null() {
                hc["proxyAddress"] = json!("http://unchanged");
            }
            let (field, message) = health_check_problem(&hc)?;
            return Some(engine.errors(
                ep,
                &asked.url,
                400,
                vec![json!({"code": "ValidationError", "message": message, "field": field})],
            ));
        }
        ("GET", "/events/notification/accountPolicy") => {
            let store = engine.store.lock().unwrap();
            let policy = store
                .items
                .get(&format!("{scope}|~policy"))
                .and_then(|l| l.first().cloned())
                .unwrap_or_else(|| json!({"emailPolicy": {"statements": []}, "slackPolicy": {"statements": []}}));
            vec![json!({ "accountPolicy": policy })]
        }
        ("PUT", "/events/notification/accountPolicy") => {
            let mut store = engine.store.lock().unwrap();
            store.items.insert(
                format!("{scope}|~policy"),
                vec![body["accountPolicy"].clone()],
            );
            Vec::new()
        }
        ("GET", "/audit/events") => {
            let from = q("fromDate").and_then(|d| parse_date(&d)).unwrap_or(0);
            let to = q("toDate").and_then(|d| parse_date(&d)).unwrap_or(i64::MAX);
            let status = q("responseStatus");
            let account = q("accountId").unwrap_or_else(|| DEFAULT_ACCOUNT.into());
            let store = engine.store.lock().unwrap();
            let mut list: Vec<Value> = store
                .items
                .get(&format!("{account}|~audit"))
                .into_iter()
                .flatten()
                .filter(|e| (from..=to).contains(&e["ms"].as_i64().unwrap_or(0)))
                .filter(|e| {
                    status
                        .as_deref()
                        .is_none_or(|s| s.parse::<u64>().ok() == e["responseStatus"].as_u64())
                })
                .map(|e| {
                    let mut e = e.clone();
                    if let Some(m) = e.as_object_mut() {
                        m.remove("ms");
                    }
                    e
                })
                .collect();
            list.reverse();
            list
        }
        ("GET", "/aws/potentialSavings") => {
            let store = engine.store.lock().unwrap();
            let groups: Vec<Value> = store
                .items
                .get(&format!("{scope}|/aws/ec2/group"))
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, g)| {
                    let n = g["capacity"]["target"].as_i64().unwrap_or(1).max(1);
                    json!({"name": g["name"], "resourceType": "Auto Scaling Group",
                        "region": g["region"], "instances": n, "instanceTypes": ["m5.large"],
                        "potentialSavings": n * 540 + i as i64 * 35})
                })
                .collect();
            vec![Value::Array(groups)]
        }
        ("GET", "/aws/instancePotentialSavings") => {
            let region = q("region").unwrap_or_default();
            q("instanceIds")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .enumerate()
                .map(|(n, id)| {
                    let hourly = 0.096 + (n % 4) as f64 * 0.034;
                    let spot = (hourly * 0.31 * 1000.0).round() / 1000.0;
                    let kind = ["m5.large", "c5.large", "r5.large", "m5.xlarge"][n % 4];
                    json!({"instanceId": id, "region": region, "instanceType": kind,
                        "onDemandHourlyPrice": hourly, "spotHourlyPrice": spot,
                        "potentialMonthlySavings": ((hourly - spot) * 730.0 * 100.0).round() / 100.0})
                })
                .collect()
        }
        ("GET", "/aws/costs") => {
            let series = daily(q("fromDate"), q("toDate"), t)
                .into_iter()
                .enumerate()
                .map(|(i, day)| {
                    let potential = 378.41 + (i % 5) as f64 * 12.5;
                    let actual = (potential * 0.29 * 100.0).round() / 100.0;
                    json!({"timestamp": iso(day), "spot": {"actualCosts": actual,
                        "potentialCosts": potential, "runningHours": 1470.8,
                        "savingsPercentage": ((1.0 - actual / potential) * 10000.0).round() / 100.0}})
                })
                .collect();
            vec![Value::Array(series)]
        }
        ("POST", "/aws/ec2/instanceTypeRecommendation") => {
            let r = &body["requirements"];
            let cpu = r["requiredVCpu"]["minimum"].as_i64().unwrap_or(2);
            let mem = r["requiredMemoryGib"]["minimum"].as_i64().unwrap_or(8);
            let kind = match (cpu, mem) {
                (c, m) if c <= 2 && m <= 8 => ["m5.large", "m5a.large", "t3.large"],
                (c, m) if c <= 4 && m <= 16 => ["m5.xlarge", "m5a.xlarge", "c5.2xlarge"],
                _ => ["m5.2xlarge", "r5.2xlarge", "m5a.2xlarge"],
            };
            kind.iter().map(|k| json!({"instanceType": k})).collect()
        }
        ("POST", "/insights/instanceCosts/export") => {
            let accounts: Vec<String> = body["accountIds"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .filter(|a: &Vec<String>| !a.is_empty())
                .unwrap_or_else(|| vec![DEFAULT_ACCOUNT.into()]);
            let text = |k: &str| {
                body[k]
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| body[k].as_i64().map(|n| n.to_string()))
            };
            let mut csv = String::from("date,accountId,instanceId,instanceType,lifeCycle,cost\n");
            for day in daily(text("fromDate"), text("toDate"), t) {
                for (i, a) in accounts.iter().enumerate() {
                    csv.push_str(&format!(
                        "{},{a},i-0{:07x},m5.large,spot,{:.2}\n",
                        &iso(day)[..10],
                        0x5a17 + i,
                        6.5 + i as f64
                    ));
                }
            }
            return Some(
                (
                    StatusCode::OK,
                    [(axum::http::header::CONTENT_TYPE, "text/csv")],
                    csv,
                )
                    .into_response(),
            );
        }
        _ => return None,
    };
    Some(engine.items(ep, &asked.url, items))
}

/// Spot's checks of a health check: the proxy is an http(s) address, the protocol one Spot
/// runs. The field and the message, when one fails.
fn health_check_problem(hc: &Value) -> Option<(String, String)> {
    let address = hc["proxyAddress"].as_str().unwrap_or_default();
    let host = address
        .strip_prefix("http://")
        .or_else(|| address.strip_prefix("https://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
        return Some((
            "body:healthCheck.proxyAddress".into(),
            format!("proxyAddress must be an http:// or https:// address without a path, not '{address}'"),
        ));
    }
    let protocol = hc["check"]["protocol"].as_str();
    if protocol.is_some_and(|p| !["http", "https", "tcp"].contains(&p.to_lowercase().as_str())) {
        return Some((
            "body:healthCheck.check.protocol".into(),
            "protocol must be one of http, https, tcp".into(),
        ));
    }
    None
}

/// The days from `from` to `to` (default: the last week), as midnight UTC in milliseconds.
fn daily(from: Option<String>, to: Option<String>, t: i64) -> Vec<i64> {
    const DAY: i64 = 86_400_000;
    let to = to.and_then(|d| parse_date(&d)).unwrap_or(t);
    let from = from.and_then(|d| parse_date(&d)).unwrap_or(to - 6 * DAY);
    let mut day = from - from.rem_euclid(DAY);
    let mut out = Vec::new();
    while day <= to && out.len() < 400 {
        out.push(day);
        day += DAY;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_address_must_be_http_or_https_without_a_path() {
        let p = |a: &str| health_check_problem(&json!({"proxyAddress": a}));
        assert!(p("http://10.0.0.1").is_none());
        assert!(p("https://proxy.example:8443").is_none());
        for bad in ["10.0.0.1", "ftp://x", "http://", "http://a b", "http://x/y"] {
            assert_eq!(p(bad).unwrap().0, "body:healthCheck.proxyAddress", "{bad}");
        }
        let proto = health_check_problem(
            &json!({"proxyAddress": "http://x", "check": {"protocol": "udp"}}),
        );
        assert_eq!(proto.unwrap().0, "body:healthCheck.check.protocol");
    }

    #[test]
    fn a_range_is_one_day_each() {
        assert_eq!(
            daily(Some("2024-01-01".into()), Some("2024-01-14".into()), 0).len(),
            14
        );
        assert_eq!(daily(None, None, 20 * 86_400_000).len(), 7);
    }
}
