//! What the command palette searches, and how (pure, tested natively): the pages of every
//! area, Spot's operations, the resources this tab's answers named, and actions. Everything is
//! in memory when the palette opens, so typing never sends a request.

use serde_json::Value;

use crate::api::ApiKind;

/// Every page without a parameter in its address, by area (`None`: the console's own).
/// A new page is one line here.
pub const PAGES: &[(Option<ApiKind>, &str, &str)] = &[
    (None, "Overview", "/"),
    (None, "Connections", "/connections"),
    (None, "Request log", "/requests"),
    (None, "Activity", "/activity"),
    (Some(ApiKind::Dm), "Status", "/deployment-manager"),
    (Some(ApiKind::Dm), "Setup", "/deployment-manager/setup"),
    (
        Some(ApiKind::Dm),
        "Base configs",
        "/deployment-manager/base-configs",
    ),
    (Some(ApiKind::Dm), "Patches", "/deployment-manager/patches"),
    (Some(ApiKind::Dm), "Configs", "/deployment-manager/configs"),
    (
        Some(ApiKind::Dm),
        "Deployment",
        "/deployment-manager/deployment",
    ),
    (Some(ApiKind::Dm), "Labels", "/deployment-manager/labels"),
    (
        Some(ApiKind::Dm),
        "Resourcing",
        "/deployment-manager/resourcing",
    ),
    (
        Some(ApiKind::Dm),
        "Telescope",
        "/deployment-manager/telescope",
    ),
    (
        Some(ApiKind::Dm),
        "Settings",
        "/deployment-manager/settings",
    ),
    (Some(ApiKind::Dm), "Kube", "/deployment-manager/kube"),
    (Some(ApiKind::Solutions), "Catalog", "/solutions"),
    (Some(ApiKind::Solutions), "Jobs", "/solutions/jobs"),
    (Some(ApiKind::Solutions), "Deploy", "/solutions/deploy"),
    (Some(ApiKind::Solutions), "Run by name", "/solutions/run"),
    (Some(ApiKind::A9s), "Instances", "/a9s"),
    (Some(ApiKind::Keboola), "Credentials and jobs", "/keboola"),
    (Some(ApiKind::Spot), "Accounts", "/spot/accounts"),
    (Some(ApiKind::Spot), "All operations", "/spot/ops"),
    (Some(ApiKind::Spot), "Users", "/spot/org"),
    (Some(ApiKind::Spot), "Account access", "/spot/org/access"),
    (Some(ApiKind::Spot), "Access policies", "/spot/org/policies"),
    (
        Some(ApiKind::Spot),
        "Cloud credentials",
        "/spot/org/credentials",
    ),
    (Some(ApiKind::Spot), "Elastigroups", "/spot/elastigroups"),
    (Some(ApiKind::Spot), "Ocean clusters", "/spot/ocean"),
    (Some(ApiKind::Spot), "Ocean CD rollouts", "/spot/ocean-cd"),
    (
        Some(ApiKind::Spot),
        "Ocean Spark applications",
        "/spot/spark",
    ),
    (
        Some(ApiKind::Spot),
        "Stateful nodes",
        "/spot/stateful-nodes",
    ),
    (Some(ApiKind::Spot), "Health checks", "/spot/health-checks"),
    (
        Some(ApiKind::Spot),
        "Notification subscriptions",
        "/spot/subscriptions",
    ),
    (Some(ApiKind::Spot), "Audit log", "/spot/audit"),
    (
        Some(ApiKind::Spot),
        "Insights: savings, costs, export",
        "/spot/insights",
    ),
    (
        Some(ApiKind::Spot),
        "Costs across the account",
        "/spot/costs",
    ),
];

/// What choosing a result does.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Opens this address in the console.
    Go(String),
    /// Wipes every credential (and the request log).
    ForgetAll,
    /// Drops the finished entries of the activity center.
    ClearFinished,
}

/// One thing the palette can find.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The area it belongs to (`None`: the console's own); results are grouped by it.
    pub api: Option<ApiKind>,
    /// What kind of thing it is: "Page", "Operation", "Resource", "Action".
    pub kind: &'static str,
    pub title: String,
    /// A second line: the operation's section and path, where a resource was seen.
    pub detail: String,
    pub target: Target,
    /// Lower-cased title and detail, what a query is matched against.
    haystack: String,
}

impl Item {
    pub fn new(
        api: Option<ApiKind>,
        kind: &'static str,
        title: String,
        detail: String,
        target: Target,
    ) -> Item {
        let haystack = format!("{title} {detail}").to_lowercase();
        Item {
            api,
            kind,
            title,
            detail,
            target,
            haystack,
        }
    }
}

/// The pages and the actions (what is there before anything loaded).
pub fn fixed() -> Vec<Item> {
    let mut items: Vec<Item> = PAGES
        .iter()
        .map(|(api, title, path)| {
            let area = api.map_or("Console", ApiKind::label);
            Item::new(
                *api,
                "Page",
                (*title).to_string(),
                format!("{area} · {path}"),
                Target::Go((*path).to_string()),
            )
        })
        .collect();
    items.push(Item::new(
        None,
        "Action",
        "Forget all credentials".into(),
        "Wipe every saved token and this tab's request log".into(),
        Target::ForgetAll,
    ));
    items.push(Item::new(
        Some(ApiKind::Spot),
        "Action",
        "Switch Spot account".into(),
        "The account every Spot page acts within".into(),
        Target::Go("/spot/accounts".into()),
    ));
    items.push(Item::new(
        None,
        "Action",
        "Clear finished work".into(),
        "Activity center · keeps what is still running".into(),
        Target::ClearFinished,
    ));
    items.push(Item::new(
        None,
        "Action",
        "Copy the last failed request".into(),
        "Request log · failures first".into(),
        Target::Go("/requests?status=failed".into()),
    ));
    items
}

/// "New backup for <instance>" for each a9s instance: lands on its backups, where
/// "Create backup" is.
pub fn backup_actions(instances: &[String]) -> Vec<Item> {
    instances
        .iter()
        .map(|id| {
            let path = format!("/a9s/instances/{}/backups", crate::api::seg(id));
            Item::new(
                Some(ApiKind::A9s),
                "Action",
                format!("New backup for {id}"),
                format!("a9s Data Services · {path}"),
                Target::Go(path),
            )
        })
        .collect()
}

/// "Switch Spot account to <name>" for each account (id, name): the Spot page on screen (or
/// the accounts page) in that account, the rest of its address kept.
pub fn switch_actions(accounts: &[(String, String)], path: &str, query: &str) -> Vec<Item> {
    let (path, query) = if path.starts_with("/spot") {
        (path, query)
    } else {
        ("/spot/accounts", "")
    };
    accounts
        .iter()
        .map(|(id, name)| {
            Item::new(
                Some(ApiKind::Spot),
                "Action",
                format!("Switch Spot account to {name}"),
                format!("{id} · the account every Spot page acts within"),
                Target::Go(with_account(path, query, id)),
            )
        })
        .collect()
}

/// `path` with the query `query` (`?a=1&account=x`, or empty) whose `account` is `id`.
fn with_account(path: &str, query: &str, id: &str) -> String {
    let kept = query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && kv.split('=').next() != Some("account"));
    let account = format!("account={}", crate::api::seg(id));
    let query: Vec<&str> = kept.chain(std::iter::once(account.as_str())).collect();
    format!("{path}?{}", query.join("&"))
}

/// The accounts (id, name) a Spot answer lists (`response.items[]` with an `accountId`).
pub fn accounts(body: &Value) -> Vec<(String, String)> {
    body["response"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let id = a["accountId"].as_str().filter(|i| !i.trim().is_empty())?;
            let name = a["name"]
                .as_str()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(id);
            Some((id.to_string(), name.to_string()))
        })
        .collect()
}

/// How well `query` matches an item: every word of the query must be in it, as a substring
/// (better, earlier is better still) or as letters in order. `None`: no match.
pub fn score(query: &str, item: &Item) -> Option<u32> {
    let mut total = 0u32;
    for word in query.split_whitespace() {
        let word = word.to_lowercase();
        total += match item.haystack.find(&word) {
            Some(0) => 0,
            Some(at) => {
                let word_start = item.haystack[..at].ends_with([' ', '/', '-', '_', '·', '.']);
                if word_start {
                    1
                } else {
                    3
                }
            }
            None => 10 + in_order(&word, &item.haystack)?,
        };
    }
    // A match in the title beats one in the detail.
    let in_title = query
        .split_whitespace()
        .all(|w| item.title.to_lowercase().contains(&w.to_lowercase()));
    Some(total * 2 + u32::from(!in_title))
}

/// The letters of `word` in order in `text`: how spread out they are, or `None`.
fn in_order(word: &str, text: &str) -> Option<u32> {
    let mut gaps = 0u32;
    let mut rest = text.chars();
    for c in word.chars() {
        let mut skipped = 0u32;
        loop {
            let t = rest.next()?;
            if t == c {
                break;
            }
            skipped += 1;
        }
        gaps += skipped.min(5);
    }
    Some(gaps)
}

/// The best `limit` matches, by score then in the items' order; an empty query keeps the order.
pub fn search(items: &[Item], query: &str, limit: usize) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len().min(limit)).collect();
    }
    let mut found: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| score(query, item).map(|s| (s, i)))
        .collect();
    found.sort_unstable();
    found.truncate(limit);
    found.into_iter().map(|(_, i)| i).collect()
}

/// The named things in an answer (name, ids separated by spaces, its own first): objects with an id (`id`, `uuid`, `guid`, else the first
/// `…Id` or `…_id`, holding a string or a number), with their name when they have one. Looks a
/// few levels deep (lists inside envelopes; not into an envelope's echo of the `request`) and
/// gives each id once.
pub fn resources(body: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(body, 0, &mut out);
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|(_, ids)| seen.insert(ids.split(' ').next().unwrap_or_default().to_string()));
    out
}

fn walk(v: &Value, depth: u8, out: &mut Vec<(String, String)>) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| walk(i, depth + 1, out)),
        Value::Object(map) => {
            let text = |k: &str| match map.get(k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let id = ["id", "uuid", "guid"]
                .into_iter()
                .find_map(text)
                .or_else(|| {
                    map.keys()
                        .filter(|k| k.ends_with("Id") || k.ends_with("_id"))
                        .find_map(|k| text(k))
                });
            if let Some(id) = id {
                let name = ["name", "display_name", "displayName", "title"]
                    .into_iter()
                    .find_map(text)
                    .unwrap_or_else(|| id.clone());
                // Its other ids too (Spot's accounts show `accountId`, not `id`), so a part of
                // any id the pages show finds it.
                let others: Vec<String> = map
                    .keys()
                    .filter(|k| k.ends_with("Id") || k.ends_with("_id"))
                    .filter_map(|k| text(k))
                    .filter(|o| *o != id)
                    .collect();
                let ids = std::iter::once(id)
                    .chain(others)
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push((name, ids));
            }
            map.iter()
                .filter(|(k, _)| *k != "request")
                .for_each(|(_, i)| walk(i, depth + 1, out));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn titles(items: &[Item], found: &[usize]) -> Vec<String> {
        found.iter().map(|&i| items[i].title.clone()).collect()
    }

    #[test]
    fn words_match_in_any_order_and_titles_first() {
        let items = fixed();
        let found = search(&items, "patches", 5);
        assert_eq!(titles(&items, &found)[0], "Patches");
        let found = search(&items, "forget cred", 5);
        assert_eq!(titles(&items, &found), ["Forget all credentials"]);
        // Letters in order still find it, after the substring matches.
        let found = search(&items, "bscfg", 5);
        assert_eq!(titles(&items, &found), ["Base configs"]);
        assert!(search(&items, "zzzz", 5).is_empty());
        assert_eq!(search(&items, "", 3).len(), 3);
    }

    #[test]
    fn actions_for_what_the_tab_has_seen() {
        let backups = backup_actions(&["pg-orders-prod".into()]);
        assert_eq!(backups[0].title, "New backup for pg-orders-prod");
        assert_eq!(
            backups[0].target,
            Target::Go("/a9s/instances/pg-orders-prod/backups".into())
        );
        let body = json!({"response": {"items": [
            {"accountId": "act-1", "name": "production"},
            {"accountId": "act-2"},
            {"name": "no id"}
        ]}});
        let seen = accounts(&body);
        assert_eq!(
            seen,
            [
                ("act-1".to_string(), "production".to_string()),
                ("act-2".to_string(), "act-2".to_string())
            ]
        );
        let here = switch_actions(&seen, "/spot/elastigroups", "?g-filter=web&account=act-1");
        assert_eq!(here[1].title, "Switch Spot account to act-2");
        assert_eq!(
            here[1].target,
            Target::Go("/spot/elastigroups?g-filter=web&account=act-2".into())
        );
        let away = switch_actions(&seen, "/a9s", "?x=1");
        assert_eq!(
            away[0].target,
            Target::Go("/spot/accounts?account=act-1".into())
        );
    }

    #[test]
    fn resources_are_objects_with_ids_once() {
        let body = json!({"request": {"id": "req-1"}, "response": {"items": [
            {"id": "sig-1a2b3c4d", "name": "web-prod", "accountId": "act-1"},
            {"id": "sig-1a2b3c4d", "name": "again"},
            {"id": "act-5a17", "accountId": "act-1a2b", "name": "production"},
            {"instanceId": "i-0abc", "nested": {"uuid": 42}},
            {"accountId": "act-9", "name": "production"},
            {"name": "no id"}
        ]}});
        assert_eq!(
            resources(&body),
            [
                ("web-prod".to_string(), "sig-1a2b3c4d act-1".to_string()),
                ("production".to_string(), "act-5a17 act-1a2b".to_string()),
                ("i-0abc".to_string(), "i-0abc".to_string()),
                ("42".to_string(), "42".to_string()),
                ("production".to_string(), "act-9".to_string()),
            ]
        );
    }
}
