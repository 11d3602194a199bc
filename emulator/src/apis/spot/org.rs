//! Spot's organization calls with behaviour, ahead of the generic engine: users and programmatic
//! users (listed after they are made; a token is in the create's answer only, never kept, so no
//! later read can show it again), user ↔ account mappings and permissions, and cloud credentials
//! (AWS in Spot's order: the external id first, then the role ARN; GCP and Azure checked as Spot
//! validates them), the account's users' permissions read from those mappings, and
//! organizations made (answered as Spot names them, `organizationId`) and deleted. Accounts and
//! access policies are the engine's own collections.

use axum::response::Response;
use serde_json::{json, Value};

use super::catalog::Endpoint;
use super::{Asked, Engine, Store, DEFAULT_ACCOUNT};

/// Store keys (beside the engine's `scope|path` keys, which always hold a `/`).
const USERS: &str = "org|users";
const PROGRAMMATIC: &str = "org|programmatic";
const MAPPINGS: &str = "org|mappings";
const ORGANIZATIONS: &str = "org|organizations";

/// The answer to an organization call, or `None` for the engine to answer.
pub fn answer(engine: &Engine, ep: &Endpoint, asked: &Asked) -> Option<Response> {
    let url = asked.url.as_str();
    let body = asked.body.clone().unwrap_or(Value::Null);
    let query = |k: &str| {
        asked
            .query
            .iter()
            .find(|(q, _)| q == k)
            .map(|(_, v)| v.clone())
    };
    let account = query("accountId").unwrap_or_else(|| DEFAULT_ACCOUNT.into());
    let value = |i: usize| asked.values.get(i).cloned().unwrap_or_default();
    let mut store = engine.store.lock().unwrap();
    let r = match (ep.method.as_str(), ep.path.as_str()) {
        // Spot lists an account by its `accountId` (its create answers `id`): both are kept.
        ("POST", "/setup/account") => {
            let id = mint(&mut store, "act-");
            drop(store);
            let mut named = body;
            if let Some(a) = named.get_mut("account").and_then(Value::as_object_mut) {
                a.entry("accountId").or_insert(json!(id));
                let id = a["accountId"].clone();
                a.entry("id").or_insert(id);
            }
            let asked = Asked {
                values: asked.values.clone(),
                query: asked.query.clone(),
                url: asked.url.clone(),
                body: Some(named),
            };
            return Some(engine.act(ep, &asked));
        }
        ("POST", "/setup/user") => {
            let email = text(&body, "email");
            if email.is_empty() {
                return Some(engine.refuse(
                    ep,
                    url,
                    400,
                    "ValidationError",
                    "email is required",
                    "body:email",
                ));
            }
            if list(&store, USERS)
                .iter()
                .any(|u| text(u, "email") == email)
            {
                return Some(engine.refuse(
                    ep,
                    url,
                    400,
                    "USER_ALREADY_EXISTS",
                    &format!("A user with the email {email} already exists"),
                    "body:email",
                ));
            }
            let id = mint(&mut store, "u-");
            let (first, last) = (text(&body, "firstName"), text(&body, "lastName"));
            let user = json!({
                "userId": id, "id": id, "email": email, "firstName": first, "lastName": last,
                "displayName": format!("{first} {last}").trim(),
                "role": text(&body, "role"), "organizationId": 606079861123_u64,
            });
            push(&mut store, USERS, user.clone());
            let mut shown = user;
            if query("generateToken").as_deref() == Some("true") {
                shown["personalAccessToken"] = json!(token(&mut store));
            }
            engine.items(ep, url, vec![shown])
        }
        // The organization's users whatever the account (each with the accounts it is mapped to).
        ("GET", "/setup/user") => {
            let mappings = list(&store, MAPPINGS);
            let users = list(&store, USERS)
                .into_iter()
                .map(|mut u| {
                    let mapped: Vec<Value> = mappings
                        .iter()
                        .filter(|m| maps(m, &u))
                        .map(|m| m["accountId"].clone())
                        .collect();
                    u["mappedAccountIds"] = Value::Array(mapped);
                    u
                })
                .collect();
            engine.items(ep, url, users)
        }
        ("GET", "/setup/accountUserMapping") => {
            let email = query("userEmail").unwrap_or_default();
            let Some(user) = list(&store, USERS)
                .into_iter()
                .find(|u| text(u, "email") == email)
            else {
                drop(store);
                return Some(engine.not_found(ep, url, &email));
            };
            let items = list(&store, MAPPINGS)
                .into_iter()
                .filter(|m| maps(m, &user))
                .map(|m| json!({"accountId": m["accountId"], "role": m["role"], "policyIds": m["policyIds"]}))
                .collect();
            engine.items(ep, url, items)
        }
        // Who may act in the account and how: its mappings.
        ("GET", "/setup/user/permission") => {
            let items = list(&store, MAPPINGS)
                .into_iter()
                .filter(|m| text(m, "accountId") == account)
                .map(|m| json!({"userId": m["userId"], "userEmail": m["userEmail"], "accountId": m["accountId"],
                    "role": m["role"], "permissionStrategy": m["permissionStrategy"], "policyIds": m["policyIds"]}))
                .collect();
            engine.items(ep, url, items)
        }
        // An organization is answered in Spot's words (`organizationId`, `organizationName`).
        ("POST", "/setup/organization") => {
            let id = format!("{}", 606_079_861_200_u64 + store.minted);
            store.minted += 1;
            let name = text(&body["organization"], "name");
            let made =
                json!({"organizationId": id, "organizationName": name, "id": id, "name": name});
            store
                .items
                .entry(ORGANIZATIONS.into())
                .or_default()
                .push(made.clone());
            engine.items(ep, url, vec![made])
        }
        ("DELETE", "/setup/organization/{organizationId}") => {
            let id = value(0);
            let all = store.items.entry(ORGANIZATIONS.into()).or_default();
            let before = all.len();
            all.retain(|o| text(o, "organizationId") != id);
            let gone = all.len() < before;
            drop(store);
            return Some(match gone {
                true => engine.items(ep, url, Vec::new()),
                false => engine.not_found(ep, url, &id),
            });
        }
        ("POST", "/setup/accountUserMapping") => {
            for m in body["mappings"].as_array().into_iter().flatten() {
                let to = Some(text(m, "accountId"))
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| account.clone());
                map(&mut store, &to, m);
            }
            engine.items(ep, url, Vec::new())
        }
        ("POST" | "PUT", "/setup/account/{accountId}/user") => {
            map(&mut store, &value(0), &body);
            engine.items(ep, url, Vec::new())
        }
        ("DELETE", "/setup/account/{accountId}/user") => {
            let (to, email) = (value(0), text(&body, "userEmail"));
            let users = list(&store, USERS);
            let entry = store.items.entry(MAPPINGS.into()).or_default();
            entry.retain(|m| {
                !(text(m, "accountId") == to
                    && (text(m, "userEmail") == email
                        || users.iter().any(|u| {
                            text(u, "email") == email && text(u, "userId") == text(m, "userId")
                        })))
            });
            engine.items(ep, url, Vec::new())
        }
        ("POST", "/setup/user/programmatic") => {
            let id = mint(&mut store, "pu-");
            let user = json!({
                "id": id, "userName": text(&body, "name"), "name": text(&body, "name"),
                "description": text(&body, "description"), "accounts": body["accounts"],
            });
            push(&mut store, PROGRAMMATIC, user);
            let shown = json!({"id": id, "name": text(&body, "name"), "token": token(&mut store)});
            engine.items(ep, url, vec![shown])
        }
        ("GET", "/setup/user/programmatic") => engine.items(ep, url, list(&store, PROGRAMMATIC)),
        (
            method,
            "/setup/user/programmatic/{userId}" | "/setup/user/programmatic/{userId}/account",
        ) => {
            let id = value(0);
            let all = store.items.entry(PROGRAMMATIC.into()).or_default();
            let Some(pos) = all.iter().position(|u| text(u, "id") == id) else {
                drop(store);
                return Some(engine.not_found(ep, url, &id));
            };
            match method {
                "GET" => engine.items(ep, url, vec![all[pos].clone()]),
                "PUT" => {
                    for k in ["description", "accounts"] {
                        if let Some(v) = body.get(k) {
                            all[pos][k] = v.clone();
                        }
                    }
                    engine.items(ep, url, vec![all[pos].clone()])
                }
                "DELETE" => {
                    all.remove(pos);
                    engine.items(ep, url, Vec::new())
                }
                _ => return None,
            }
        }
        ("POST", "/setup/credentials/aws/externalId") => {
            let external = format!("spotinst:aws:extid:{}", &token(&mut store)[..16]);
            let until = chrono::Utc::now() + chrono::Duration::hours(1);
            let item = json!({"externalId": external,
                "maxValidUntil": until.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)});
            store
                .items
                .insert(format!("org|externalId|{account}"), vec![item.clone()]);
            engine.items(ep, url, vec![item])
        }
        ("POST", "/setup/credentials/aws") => {
            if !store
                .items
                .contains_key(&format!("org|externalId|{account}"))
            {
                return Some(engine.refuse(
                    ep,
                    url,
                    400,
                    "EXTERNAL_ID_NOT_FOUND",
                    &format!(
                        "No external ID was created for account {account}. Create the external ID \
                         first (POST /setup/credentials/aws/externalId), use it in the IAM role's \
                         trust policy, then set the role ARN"
                    ),
                    "body:credentials.iamRole",
                ));
            }
            let role = text(&body["credentials"], "iamRole");
            if !is_role_arn(&role) {
                return Some(engine.refuse(
                    ep,
                    url,
                    400,
                    "ValidationError",
                    &format!("{role:?} is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"),
                    "body:credentials.iamRole",
                ));
            }
            store
                .items
                .insert(format!("org|aws|{account}"), vec![json!({"iamRole": role})]);
            engine.items(ep, url, Vec::new())
        }
        ("POST", "/gcp/setup/credentials" | "/gcp/setup/credentials/validation") => {
            let missing = absent(
                &body["serviceAccount"],
                &["type", "project_id", "private_key", "client_email"],
                "body:serviceAccount.",
            );
            if let Some(r) = missing.map(|e| engine.errors(ep, url, 400, e)) {
                return Some(r);
            }
            engine.items(ep, url, Vec::new())
        }
        ("POST", "/azure/setup/credentials" | "/azure/setup/credentials/validation") => {
            let missing = absent(
                &body,
                &["clientId", "clientSecret", "tenantId", "subscriptionId"],
                "body:",
            );
            if let Some(r) = missing.map(|e| engine.errors(ep, url, 400, e)) {
                return Some(r);
            }
            engine.items(ep, url, Vec::new())
        }
        _ => return None,
    };
    Some(r)
}

fn text(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn list(store: &Store, key: &str) -> Vec<Value> {
    store.items.get(key).cloned().unwrap_or_default()
}

fn push(store: &mut Store, key: &str, v: Value) {
    store.items.entry(key.into()).or_default().push(v);
}

fn mint(store: &mut Store, prefix: &str) -> String {
    store.minted += 1;
    format!("{prefix}{:08x}", 0x5a17_0000 + store.minted)
}

/// A token, made once for one answer (never kept).
fn token(store: &mut Store) -> String {
    store.minted += 1;
    let seed = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    (0..4u64)
        .map(|i| {
            let x = (seed ^ store.minted.rotate_left(17) ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                .wrapping_mul(0xff51_afd7_ed55_8ccd);
            format!("{:016x}", x ^ (x >> 33))
        })
        .collect()
}

/// Whether mapping `m` is about user `u` (by id or email).
fn maps(m: &Value, u: &Value) -> bool {
    let id = text(m, "userId");
    let email = text(m, "userEmail");
    (!id.is_empty() && id == text(u, "userId")) || (!email.is_empty() && email == text(u, "email"))
}

/// Records (or replaces) the mapping of one user to `account`.
fn map(store: &mut Store, account: &str, m: &Value) {
    let mut entry = json!({"accountId": account, "userId": text(m, "userId"),
        "userEmail": text(m, "userEmail"), "role": text(m, "role"),
        "permissionStrategy": m.get("permissionStrategy").cloned().unwrap_or(json!("ROLE_BASED")),
        "policyIds": m.get("policyIds").cloned().unwrap_or(json!([]))});
    // A user named by email is mapped by id too, when the organization knows it.
    if let Some(u) = list(store, USERS).into_iter().find(|u| maps(&entry, u)) {
        entry["userId"] = u["userId"].clone();
        entry["userEmail"] = u["email"].clone();
    }
    let all = store.items.entry(MAPPINGS.into()).or_default();
    all.retain(|x| !(text(x, "accountId") == account && same_user(x, &entry)));
    all.push(entry);
}

fn same_user(a: &Value, b: &Value) -> bool {
    let eq = |k: &str| !text(a, k).is_empty() && text(a, k) == text(b, k);
    eq("userId") || eq("userEmail")
}

fn is_role_arn(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("arn:aws:iam::") else {
        return false;
    };
    let Some((account, role)) = rest.split_once(":role/") else {
        return false;
    };
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty()
}

/// Spot's errors for the fields of `v` that are missing or empty.
fn absent(v: &Value, fields: &[&str], at: &str) -> Option<Vec<Value>> {
    let errors: Vec<Value> = fields
        .iter()
        .filter(|f| text(v, f).trim().is_empty())
        .map(|f| json!({"code": "ValidationError", "message": format!("{f} is required"), "field": format!("{at}{f}")}))
        .collect();
    (!errors.is_empty()).then_some(errors)
}
