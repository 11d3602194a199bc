//! Patches (ops 11–16, 42): YAML or JSON patches that target an object or a label, stored by
//! version and re-materialized into every matching object's config.

use std::collections::BTreeSet;

use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::body::{parse_bool, Input};
use super::model::{now_ms, Model, NewPatch, Patch};
use super::{archive, audit, envelope, fail, input, list_result, lock, ok, Shared};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/patches", get(all))
        .route("/patches/apply", post(apply))
        .route("/patches/search", get(search))
        .route("/patches/namespace", post(namespace))
        .route("/patches/registry", post(registry))
        .route("/patches/{object_name}", get(for_object).delete(delete))
        // Q25: mentioned only in prose; the op-13 shape reduced to three keys.
        .route("/patches/{object_name}/list", get(for_object_list))
}

/// One stored patch; op 42 writes the versions as strings (Q61), ops 12 and 13 as numbers.
fn patch_json(m: &Model, p: &Patch, versions_as_strings: bool) -> Value {
    let next = m.next_version(p);
    let (version, next) = if versions_as_strings {
        (json!(p.version.to_string()), json!(next.to_string()))
    } else {
        (json!(p.version), json!(next))
    };
    json!({
        "version": version,
        "nextVersion": next,
        "target": p.target,
        "state": m.patch_state(p),
        "patch": p.text,
        "metadata": p.metadata,
        "description": p.description,
    })
}

async fn all(State(s): State<Shared>) -> Response {
    let m = lock(&s);
    let list: Vec<Value> = m.patches.iter().map(|p| patch_json(&m, p, false)).collect();
    envelope(json!({ "patches": list }))
}

fn affecting<'a>(m: &'a Model, object: &'a str) -> impl Iterator<Item = &'a Patch> + 'a {
    m.patches.iter().filter(move |p| {
        p.target == object || m.bindings.contains(&(p.target.clone(), object.to_string()))
    })
}

async fn for_object(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let m = lock(&s);
    let list: Vec<Value> = affecting(&m, &object)
        .map(|p| patch_json(&m, p, false))
        .collect();
    envelope(json!({ "patches": list }))
}

async fn for_object_list(State(s): State<Shared>, Path(object): Path<String>) -> Response {
    let m = lock(&s);
    let list: Vec<Value> = affecting(&m, &object)
        .map(|p| json!({ "version": p.version, "target": p.target, "description": p.description }))
        .collect();
    envelope(json!({ "patches": list }))
}

/// The patch texts of a request: the `patch` field, or a `file` (a single patch or an archive).
fn patch_texts(i: &Input) -> Result<Vec<(String, String)>, String> {
    if let Some(f) = i.file("file") {
        let lower = f.file_name.to_ascii_lowercase();
        let single = [".yml", ".yaml", ".json"]
            .iter()
            .any(|e| lower.ends_with(e));
        if single && !archive::is_archive(&f.bytes) {
            return Ok(vec![(
                f.file_name.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )]);
        }
        if !archive::is_archive(&f.bytes) {
            return Err(format!(
                "{}: the file must be .yml, .yaml, .json, .zip or .tar.gz",
                f.file_name
            ));
        }
        let texts: Vec<(String, String)> = archive::entries(&f.bytes)
            .map_err(|e| format!("{}: {e}", f.file_name))?
            .into_iter()
            .filter(|e| {
                let n = e.name.to_ascii_lowercase();
                [".yml", ".yaml", ".json"].iter().any(|x| n.ends_with(x))
            })
            .map(|e| (e.name, String::from_utf8_lossy(&e.bytes).into_owned()))
            .collect();
        if texts.is_empty() {
            return Err(format!(
                "{} holds no .yml, .yaml or .json patches",
                f.file_name
            ));
        }
        return Ok(texts);
    }
    match i.get("patch") {
        Some(t) if !t.trim().is_empty() => Ok(vec![("patch".into(), t.to_string())]),
        _ => Err("send the patch as the patch field (urlencoded) or as a file (multipart)".into()),
    }
}

fn to_patch(np: &NewPatch, version: i64, kind: &str, description: &str) -> Patch {
    Patch {
        version,
        target: np.target.clone(),
        kind: np.kind.clone(),
        text: np.text.clone(),
        body: np.body.clone(),
        metadata: json!({
            "type": np.kind.as_deref().unwrap_or(kind),
            "isEncrypted": false,
            "format": np.format,
            "createdBy": "api-token",
        })
        .to_string(),
        description: description.to_string(),
    }
}

async fn apply(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    // Q23: true, 1, "true" (and their opposites) are all accepted.
    let dry_run = match i.flag("dry_run") {
        Ok(d) => d.unwrap_or(false),
        Err(e) => return fail(400, e),
    };
    let description = i.get("description").unwrap_or("").trim().to_string();
    let texts = match patch_texts(&i) {
        Ok(t) => t,
        Err(e) => return fail(400, e),
    };
    let mut new = Vec::new();
    for (source, text) in texts {
        match Model::parse_patches(&text) {
            Ok(p) => new.extend(p),
            Err(e) => return fail(400, format!("{source}: {e}")),
        }
    }
    let mut m = lock(&s);
    if dry_run {
        return dry_run_answer(&m, &new, &description);
    }
    let mut affected = BTreeSet::new();
    let mut versions = Vec::new();
    for np in &new {
        let version = m.next_patch_version();
        let targets = m.targets(&np.target);
        let first_kind = targets
            .first()
            .map(|t| m.objects[t].kind.clone())
            .unwrap_or_default();
        for t in targets {
            if np.kind.as_deref().is_none_or(|k| k == m.objects[&t].kind) {
                affected.insert(t);
            }
        }
        let p = to_patch(np, version, &first_kind, &description);
        m.patches.push(p);
        versions.push(version);
    }
    let affected: Vec<String> = affected.into_iter().collect();
    audit(&format!(
        "applied {} patch(es) {:?}; re-applying {}",
        versions.len(),
        versions,
        affected.join(", ")
    ));
    let mut result = m.apply(&affected);
    // An object the new patch could not change (a JSON patch path it lacks) failed to apply.
    for name in &affected {
        if let Ok(r) = m.render(name, None, &[]) {
            if let Some((_, why)) = r.skipped.iter().find(|(v, _)| versions.contains(v)) {
                result.ok.retain(|n| n != name);
                result.failed.push((name.clone(), why.clone()));
            }
        }
    }
    list_result(&result)
}

/// One entry per target: the materialized result, or a message when there is none.
fn dry_run_answer(m: &Model, new: &[NewPatch], description: &str) -> Response {
    let now = now_ms();
    let mut extras: Vec<Patch> = Vec::new();
    let mut entries = Vec::new();
    for (idx, np) in new.iter().enumerate() {
        let version = i64::MAX - (new.len() - idx) as i64;
        let patch = to_patch(np, version, "", description);
        extras.push(patch);
        let targets = m.targets(&np.target);
        if targets.is_empty() {
            entries.push(json!({
                "message": format!(
                    "Target '{0}' is a nonexistent object. If you apply a patch to this target there will be no configuration file associated with it until an object called '{0}' is created.",
                    np.target
                ),
                "dryRun": null,
            }));
            continue;
        }
        for name in targets {
            let kind = m.objects[&name].kind.clone();
            if let Some(k) = np.kind.as_deref().filter(|k| *k != kind) {
                entries.push(json!({
                    "message": format!("Target '{name}' is a {kind}; a {k} patch does not change it."),
                    "dryRun": null,
                }));
                continue;
            }
            let current = m.objects[&name].materialized.last();
            match m.render(&name, None, &extras) {
                Ok(r) => match r.skipped.iter().find(|(v, _)| *v == version) {
                    Some((_, why)) => entries.push(json!({
                        "message": format!("The patch cannot be applied to '{name}': {why}"),
                        "dryRun": null,
                    })),
                    None => entries.push(json!({
                        "message": null,
                        "dryRun": {
                            "objectName": name,
                            "releaseVersion": r.release,
                            "patchVersion": null,
                            "previousReleaseVersion": current.map(|c| c.release.clone()),
                            "previousPatchVersion": current.map(|c| c.patch_version),
                            "state": null,
                            "config": r.config,
                            "metadata": json!({ "type": kind, "isEncrypted": false }).to_string(),
                            "timestampMS": now,
                        },
                    })),
                },
                Err(e) => entries.push(json!({ "message": e, "dryRun": null })),
            }
        }
    }
    envelope(json!({ "dryRuns": entries }))
}

/// Q26: the version is a string in the path but a number everywhere else.
async fn delete(State(s): State<Shared>, Path(version): Path<String>) -> Response {
    let Ok(v) = version.trim().parse::<i64>() else {
        return fail(
            400,
            format!("\"{version}\" is not a patch version (a number such as 1658866352520)"),
        );
    };
    let mut m = lock(&s);
    let Some(idx) = m.patches.iter().position(|p| p.version == v) else {
        return fail(404, format!("no patch with version {v}"));
    };
    let p = m.patches.remove(idx);
    let targets = m.targets(&p.target);
    audit(&format!(
        "deleted patch {v} on {}; re-applying {}",
        p.target,
        targets.join(", ")
    ));
    let result = m.apply(&targets);
    list_result(&result)
}

fn dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

async fn namespace(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    // Q28: a "description" may come along; it is ignored.
    let Some(ns) = i.text("namespace") else {
        return fail(400, "namespace is required");
    };
    if !dns_label(&ns) {
        return fail(
            400,
            format!("namespace \"{ns}\" must be lowercase letters, digits and '-', at most 63 characters"),
        );
    }
    let mut m = lock(&s);
    audit(&format!(
        "namespace {} -> {ns}; objects in the old namespace are left behind",
        m.namespace
    ));
    m.namespace = ns;
    let all = m.all_objects();
    let result = m.apply(&all);
    list_result(&result)
}

async fn registry(State(s): State<Shared>, req: Request) -> Response {
    let i = match input(req).await {
        Ok(i) => i,
        Err(r) => return r,
    };
    let Some(reg) = i.text("registry") else {
        return fail(
            400,
            "registry is required (for example gcr.io/instabase-public)",
        );
    };
    if reg.contains("://") || reg.contains(char::is_whitespace) || reg.ends_with(':') {
        return fail(
            400,
            format!("registry \"{reg}\" must be a host and path such as gcr.io/instabase-public"),
        );
    }
    let mut m = lock(&s);
    audit(&format!("image registry -> {reg}"));
    m.registry = Some(reg.trim_end_matches('/').to_string());
    let all = m.all_objects();
    let result = m.apply(&all);
    list_result(&result)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    query: Option<String>,
    #[serde(rename = "caseSensitive")]
    case_sensitive: Option<String>,
    limit: Option<String>,
}

async fn search(State(s): State<Shared>, Query(q): Query<SearchQuery>) -> Response {
    let Some(query) = q.query.filter(|s| !s.trim().is_empty()) else {
        return fail(400, "query is required");
    };
    let Some(case_sensitive) = q.case_sensitive.as_deref().and_then(parse_bool) else {
        return fail(400, "caseSensitive is required: true or false");
    };
    let Some(limit) = q
        .limit
        .as_deref()
        .and_then(|l| l.trim().parse::<usize>().ok())
    else {
        return fail(
            400,
            "limit is required: the maximum number of patches to return",
        );
    };
    let m = lock(&s);
    let norm = |t: &str| {
        if case_sensitive {
            t.to_string()
        } else {
            t.to_lowercase()
        }
    };
    let needle = norm(&query);
    let list: Vec<Value> = m
        .patches
        .iter()
        .filter(|p| {
            norm(&p.text).contains(&needle)
                || norm(&p.description).contains(&needle)
                || norm(&p.target).contains(&needle)
        })
        .take(limit)
        .map(|p| patch_json(&m, p, true))
        .collect();
    ok(json!({ "patches": list }))
}
