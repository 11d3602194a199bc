//! Materialized configs (ops 17, 18, 35, 51).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::model::{flatten, Model};
use super::{envelope, fail, lock, ok, yaml, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/configs", get(all))
        // Q46: GET in the syntax, POST in the curl example.
        .route(
            "/configs/k8s-inconsistencies",
            get(inconsistencies).post(inconsistencies),
        )
        .route(
            "/configs/previous/{object_name}/{patch_version}",
            get(previous),
        )
        .route("/configs/{object_name}", get(one))
}

fn config_json(m: &Model, name: &str) -> Option<Value> {
    let c = m.objects.get(name)?.materialized.last()?;
    Some(json!({
        "objectName": name,
        "releaseVersion": c.release,
        "patchVersion": c.patch_version,
        "previousReleaseVersion": c.prev_release,
        "previousPatchVersion": c.prev_patch,
        "state": if m.is_golden(name) { "IS_GOLDEN" } else { "NOT_GOLDEN" },
        "config": c.config,
        "metadata": c.metadata,
        "timestampMS": c.ts,
    }))
}

async fn all(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let list: Vec<Value> = m
        .objects
        .keys()
        .filter_map(|n| config_json(&m, n))
        .collect();
    ok(json!({ "configs": list }))
}

/// Op 18: the bare materialized-config object.
async fn one(State(s): State<Shared>, Path(name): Path<String>) -> Response {
    let m = lock(&s);
    match config_json(&m, &name) {
        Some(v) => ok(v),
        None => fail(404, format!("no materialized config for object \"{name}\"")),
    }
}

async fn previous(
    State(s): State<Shared>,
    Path((name, version)): Path<(String, String)>,
) -> Response {
    let Ok(v) = version.trim().parse::<i64>() else {
        return fail(
            400,
            format!("\"{version}\" is not a patch version (a number such as 1658866352520)"),
        );
    };
    let m = lock(&s);
    if !m.objects.contains_key(&name) {
        return fail(404, format!("object \"{name}\" does not exist"));
    }
    let Some(p) = m.patches.iter().find(|p| p.version == v) else {
        return fail(404, format!("no patch with version {v}"));
    };
    if !m.targets(&p.target).contains(&name) {
        return fail(
            400,
            format!(
                "patch {v} targets \"{}\", which does not include \"{name}\"",
                p.target
            ),
        );
    }
    match (
        m.render(&name, Some(v - 1), &[]),
        m.render(&name, Some(v), &[]),
    ) {
        (Ok(prev), Ok(new)) => {
            envelope(json!({ "prev_config": prev.config, "new_config": new.config }))
        }
        (Err(e), _) | (_, Err(e)) => fail(500, e),
    }
}

/// Op 35 in the Go struct's layout (Q47, Q49), with `reason` for the doc's `readon` (Q48).
async fn inconsistencies(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let mut inconsistent = Map::new();
    let mut consistent = Vec::new();
    let mut skipped = Map::new();
    for (name, obj) in &m.objects {
        if obj.kind == "Job" {
            skipped.insert(
                name.clone(),
                json!({ "code": 2, "reason": "Jobs run to completion and are not compared" }),
            );
            continue;
        }
        let Some(live) = m.deployed.get(name) else {
            skipped.insert(
                name.clone(),
                json!({ "code": 404, "reason": "the object was never applied to the cluster" }),
            );
            continue;
        };
        if m.hibernated_at.is_some() && Model::is_workload(&obj.kind) {
            skipped.insert(
                name.clone(),
                json!({ "code": 409, "reason": "the platform is hibernated: workloads are scaled to 0" }),
            );
            continue;
        }
        let expected = obj
            .materialized
            .last()
            .map(|c| c.config.clone())
            .unwrap_or_default();
        let mut want = BTreeMap::new();
        let mut got = BTreeMap::new();
        flatten(
            &yaml::parse(&expected).unwrap_or(Value::Null),
            "",
            &mut want,
        );
        flatten(&yaml::parse(live).unwrap_or(Value::Null), "", &mut got);
        for (k, v) in m.drift.get(name).into_iter().flatten() {
            got.insert(k.clone(), v.clone());
        }
        let keys: std::collections::BTreeSet<&String> = want.keys().chain(got.keys()).collect();
        let rows: Vec<Value> = keys
            .into_iter()
            .filter(|k| want.get(*k) != got.get(*k))
            .map(|k| {
                json!({
                    "key": k,
                    "expected": want.get(k).cloned().unwrap_or_default(),
                    "got": got.get(k).cloned().unwrap_or_default(),
                })
            })
            .collect();
        if rows.is_empty() {
            consistent.push(name.clone());
        } else {
            inconsistent.insert(name.clone(), json!({ "diffRows": rows }));
        }
    }
    ok(json!({
        "numInconsistencies": inconsistent.len(),
        "inconsistentResources": inconsistent,
        "consistentResources": consistent,
        "skippedResources": skipped,
    }))
}
