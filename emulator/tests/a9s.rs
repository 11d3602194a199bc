//! The a9s Public API v1 as the emulator speaks it: every route, tasks that move with the
//! clock (advanced through the emulator's clock control, never by sleeping), and the
//! document's error shapes.

mod common;

use axum::Router;
use common::{emulator, send, Answer};
use serde_json::{json, Value};

const BASE: &str = "/api/a9s/v1/instances";

async fn call(app: &Router, method: &str, path: &str, body: Option<Value>) -> Answer {
    let text = body.map(|b| b.to_string());
    let mut headers = vec![("Authorization", "a9s-demo-token")];
    if text.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    send(
        app,
        method,
        &format!("{BASE}{path}"),
        &headers,
        text.as_deref(),
    )
    .await
}

async fn get(app: &Router, path: &str) -> Answer {
    call(app, "GET", path, None).await
}

async fn advance(app: &Router, seconds: f64) {
    let a = send(
        app,
        "POST",
        "/api/a9s/__emulator/clock",
        &[("Authorization", "a9s-demo-token")],
        Some(&json!({ "advance_seconds": seconds }).to_string()),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
}

/// An `{error, description}` body with this status.
fn assert_error(a: &Answer, status: u16, code: &str) -> String {
    assert_eq!(a.status, status, "{}", a.text);
    let v = a.json();
    assert_eq!(v["error"], code, "{v}");
    let d = v["description"].as_str().expect("description").to_string();
    assert!(!d.is_empty());
    d
}

fn status_of(v: &Value) -> &str {
    v["status"].as_str().unwrap()
}

#[tokio::test]
async fn overview_of_the_seeded_instances() {
    let app = emulator();
    let pg = get(&app, "/pg-orders-prod").await;
    assert_eq!(pg.status, 200);
    let pg = pg.json();
    assert_eq!(pg["state"], "available");
    assert_eq!(pg["name"], "orders-db");
    assert_eq!(pg["service_guid"], pg["service_id"]);
    for field in [
        "created_at",
        "plan_id",
        "subtenant_id",
        "subtenant_name",
        "tenant_id",
        "tenant_name",
        "updated_at",
    ] {
        assert!(pg[field].as_str().is_some_and(|s| !s.is_empty()), "{field}");
    }
    assert!(pg["id"].is_u64());
    assert_eq!(pg["available_updates"][0]["type"], "release");

    let kv = get(&app, "/kv-sessions").await.json();
    assert_eq!(kv["state"], "available");
    // The document's quirk: the dashboard link starts with a space.
    let links: Vec<&str> = kv["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["link"].as_str().unwrap())
        .collect();
    assert!(
        links.iter().any(|l| l.starts_with(" https://")),
        "{links:?}"
    );

    let failed = get(&app, "/mariadb-legacy").await.json();
    assert_eq!(failed["state"], "failed");

    let missing = get(&app, "/nope").await;
    let d = assert_error(&missing, 404, "instanceNotFound");
    assert!(d.contains("nope"));
}

#[tokio::test]
async fn backups_list_newest_first_and_single_backups() {
    let app = emulator();
    let list = get(&app, "/pg-orders-prod/backups").await;
    assert_eq!(list.status, 200);
    let list = list.json();
    let list = list.as_array().unwrap();
    let ids: Vec<u64> = list.iter().map(|b| b["id"].as_u64().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);
    let statuses: Vec<&str> = list.iter().map(status_of).collect();
    for s in ["done", "failed", "deleted"] {
        assert!(statuses.contains(&s), "{statuses:?}");
    }
    for b in list {
        for field in ["size", "triggered_at", "finished_at", "downloadable"] {
            assert!(!b[field].is_null(), "{field} in {b}");
        }
    }

    let one = get(&app, "/pg-orders-prod/backups/4").await;
    assert_eq!(one.status, 200);
    let one = one.json();
    assert_eq!(one["id"], 4);
    assert_eq!(one["status"], "done");
    assert!(one["size"].as_u64().unwrap() > 0);

    assert_error(
        &get(&app, "/pg-orders-prod/backups/999").await,
        404,
        "backupNotFound",
    );
    assert_error(
        &get(&app, "/pg-orders-prod/backups/abc").await,
        404,
        "backupNotFound",
    );
    assert_error(&get(&app, "/nope/backups").await, 404, "instanceNotFound");
}

#[tokio::test]
async fn a_new_backup_is_queued_then_runs_then_finishes() {
    let app = emulator();
    let created = call(&app, "POST", "/pg-orders-prod/backups", None).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let created = created.json();
    assert_eq!(created["message"], "job to backup is queued");
    let id = created["id"].as_u64().unwrap();
    assert_eq!(id, 8);

    let path = format!("/pg-orders-prod/backups/{id}");
    let queued = get(&app, &path).await.json();
    assert_eq!(queued["status"], "queued");
    assert_eq!(queued["downloadable"], false);
    // It is listed at once, first.
    let list = get(&app, "/pg-orders-prod/backups").await.json();
    assert_eq!(list[0]["id"], id);

    advance(&app, 2.0).await;
    let running = get(&app, &path).await.json();
    assert_eq!(running["status"], "running");
    assert_ne!(running["finished_at"], queued["finished_at"]);

    advance(&app, 3.0).await;
    let done = get(&app, &path).await.json();
    assert_eq!(done["status"], "done");
    assert_eq!(done["downloadable"], true);
    assert!(done["size"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn some_backups_fail_deterministically() {
    let app = emulator();
    // kv-sessions: every backup id that is a multiple of 3 fails; it has 4 seeded backups.
    let mut ids = Vec::new();
    for _ in 0..3 {
        let c = call(&app, "POST", "/kv-sessions/backups", None)
            .await
            .json();
        ids.push(c["id"].as_u64().unwrap());
    }
    assert_eq!(ids, [5, 6, 7]);
    advance(&app, 5.0).await;
    let statuses: Vec<String> = {
        let mut out = Vec::new();
        for id in &ids {
            let b = get(&app, &format!("/kv-sessions/backups/{id}"))
                .await
                .json();
            out.push(status_of(&b).to_string());
        }
        out
    };
    assert_eq!(statuses, ["done", "failed", "done"]);
    // The failed instance cannot back up at all.
    let c = call(&app, "POST", "/mariadb-legacy/backups", None)
        .await
        .json();
    advance(&app, 5.0).await;
    let b = get(&app, &format!("/mariadb-legacy/backups/{}", c["id"]))
        .await
        .json();
    assert_eq!(b["status"], "failed");
}

#[tokio::test]
async fn download_answers_bytes_or_412() {
    let app = emulator();
    let file = get(&app, "/pg-orders-prod/backups/7/download").await;
    assert_eq!(file.status, 200);
    assert_eq!(
        file.headers["content-type"].to_str().unwrap(),
        "application/octet-stream"
    );
    let size = get(&app, "/pg-orders-prod/backups/7").await.json()["size"]
        .as_u64()
        .unwrap();
    // `text` is the lossy UTF-8 view; the header line is plain ASCII.
    assert!(file.text.starts_with("A9S-BACKUP pg-orders-prod 7\n"));
    assert!(size > 1_000);

    let precondition = |a: &Answer| {
        assert_eq!(a.status, 412, "{}", a.text);
        let v = a.json();
        assert_eq!(v["status"], 412);
        v["message"].as_str().unwrap().to_string()
    };
    // pg-orders-dr has only backup 1: backup 7 does not belong to it.
    let m = precondition(&get(&app, "/pg-orders-dr/backups/7/download").await);
    assert!(m.contains("does not exist or match"), "{m}");
    precondition(&get(&app, "/pg-orders-prod/backups/999/download").await);
    precondition(&get(&app, "/nope/backups/1/download").await);
    // Failed and deleted backups have nothing to download.
    precondition(&get(&app, "/pg-orders-prod/backups/3/download").await);
    precondition(&get(&app, "/pg-orders-prod/backups/1/download").await);
    // A backup still running cannot be downloaded yet.
    let c = call(&app, "POST", "/pg-orders-prod/backups", None)
        .await
        .json();
    let m = precondition(
        &get(
            &app,
            &format!("/pg-orders-prod/backups/{}/download", c["id"]),
        )
        .await,
    );
    assert!(m.contains("queued"), "{m}");
}

#[tokio::test]
async fn restores_run_and_fail_for_unfinished_backups() {
    let app = emulator();
    let before = get(&app, "/pg-orders-prod/restores").await.json();
    assert_eq!(before.as_array().unwrap().len(), 2);
    assert_eq!(before[0]["id"], 2);
    assert!(before[0]["backup_id"].is_u64());

    let r = call(&app, "POST", "/pg-orders-prod/backups/6/restore", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let rid = r.json()["id"].as_u64().unwrap();
    assert_eq!(rid, 3);
    let path = format!("/pg-orders-prod/restores/{rid}");
    let queued = get(&app, &path).await.json();
    assert_eq!(queued["status"], "queued");
    assert_eq!(queued["backup_id"], 6);
    assert_eq!(
        get(&app, "/pg-orders-prod/restores").await.json()[0]["id"],
        rid
    );
    advance(&app, 2.0).await;
    assert_eq!(get(&app, &path).await.json()["status"], "running");
    advance(&app, 3.0).await;
    assert_eq!(get(&app, &path).await.json()["status"], "done");

    // Backup 3 failed: restoring it fails.
    let r = call(&app, "POST", "/pg-orders-prod/backups/3/restore", None)
        .await
        .json();
    advance(&app, 5.0).await;
    let failed = get(&app, &format!("/pg-orders-prod/restores/{}", r["id"]))
        .await
        .json();
    assert_eq!(failed["status"], "failed");

    assert_error(
        &call(&app, "POST", "/pg-orders-prod/backups/999/restore", None).await,
        404,
        "backupNotFound",
    );
    assert_error(
        &get(&app, "/pg-orders-prod/restores/999").await,
        404,
        "restoreNotFound",
    );
}

#[tokio::test]
async fn backups_config_reads_validates_and_updates() {
    let app = emulator();
    let c = get(&app, "/kv-sessions/backups-config").await;
    assert_eq!(c.status, 200);
    assert_eq!(
        c.json(),
        json!({ "min_backup_count": 5, "retention_time": 5, "min_encryption_key_length": 8,
                "exclude_from_auto_backup": false, "backup_type": "standard" })
    );

    let patch = |body: Value| call(&app, "PATCH", "/kv-sessions/backups-config", Some(body));
    let d = assert_error(
        &patch(json!({ "min_backup_count": -1 })).await,
        400,
        "invalidBackupsConfig",
    );
    assert!(d.contains("min_backup_count"), "{d}");
    let d = assert_error(
        &patch(json!({ "retention_time": -3, "encryption_key": "short" })).await,
        400,
        "invalidBackupsConfig",
    );
    assert!(
        d.contains("retention_time") && d.contains("at least 8"),
        "{d}"
    );
    assert_error(
        &patch(json!({ "exclude_from_auto_backup": "yes" })).await,
        400,
        "invalidBackupsConfig",
    );
    assert_error(
        &patch(json!({ "backup_type": "continuous_archiving" })).await,
        400,
        "invalidBackupsConfig",
    );
    let bad_json = send(
        &app,
        "PATCH",
        &format!("{BASE}/kv-sessions/backups-config"),
        &[("Authorization", "a9s-demo-token")],
        Some("{\"retention_time\": 3,"),
    )
    .await;
    assert_error(&bad_json, 400, "invalidRequest");
    // Nothing changed.
    assert_eq!(
        get(&app, "/kv-sessions/backups-config").await.json()["retention_time"],
        5
    );

    let ok = patch(json!({ "min_backup_count": 2, "retention_time": 9,
                           "exclude_from_auto_backup": true, "encryption_key": "a-long-enough-key" }))
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json(), json!({ "message": "instance updated" }));
    let after = get(&app, "/kv-sessions/backups-config").await;
    assert!(!after.text.contains("a-long-enough-key"));
    let after = after.json();
    assert_eq!(after["min_backup_count"], 2);
    assert_eq!(after["retention_time"], 9);
    assert_eq!(after["exclude_from_auto_backup"], true);
    assert!(after.get("encryption_key").is_none());
}

#[tokio::test]
async fn lowering_retention_deletes_old_backups() {
    let app = emulator();
    let done = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|b| b["status"] == "done")
            .count()
    };
    let before = get(&app, "/pg-orders-prod/backups").await.json();
    assert_eq!(done(&before), 5);
    let r = call(
        &app,
        "PATCH",
        "/pg-orders-prod/backups-config",
        Some(json!({ "min_backup_count": 2, "retention_time": 1 })),
    )
    .await;
    assert_eq!(r.status, 200);
    let after = get(&app, "/pg-orders-prod/backups").await.json();
    // The two newest stay; the three older than a day are deleted and no longer downloadable.
    assert_eq!(done(&after), 2);
    let b4 = get(&app, "/pg-orders-prod/backups/4").await.json();
    assert_eq!(b4["status"], "deleted");
    assert_eq!(b4["downloadable"], false);
}

#[tokio::test]
async fn disaster_recovery_prepare_and_perform() {
    let app = emulator();
    let p = call(
        &app,
        "POST",
        "/pg-orders-prod/disaster-recovery/prepare",
        Some(json!({ "encryption_key": "dr-drill-key-1" })),
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.text);
    let guid = p.json()["backup_guid"].as_str().unwrap().to_string();
    assert_eq!(guid.len(), 36);
    // Without a key the guid is the same.
    let again = call(
        &app,
        "POST",
        "/pg-orders-prod/disaster-recovery/prepare",
        None,
    )
    .await
    .json();
    assert_eq!(again["backup_guid"], guid.as_str());
    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-prod/disaster-recovery/prepare",
            Some(json!({ "encryption_key": "short" })),
        )
        .await,
        400,
        "invalidEncryptionKey",
    );

    let perform = |key: &str| {
        call(
            &app,
            "POST",
            "/pg-orders-dr/disaster-recovery/perform",
            Some(json!({ "backup_guid": guid, "encryption_key": key })),
        )
    };
    let ok = perform("dr-drill-key-1").await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let rid = ok.json()["restore_id"].as_u64().unwrap();
    let wrong = perform("not-the-key").await.json()["restore_id"]
        .as_u64()
        .unwrap();
    let restore = get(&app, &format!("/pg-orders-dr/restores/{rid}"))
        .await
        .json();
    assert_eq!(restore["status"], "queued");
    // The newest finished backup of the source is what is restored.
    assert_eq!(restore["backup_id"], 7);
    advance(&app, 5.0).await;
    assert_eq!(
        get(&app, &format!("/pg-orders-dr/restores/{rid}"))
            .await
            .json()["status"],
        "done"
    );
    assert_eq!(
        get(&app, &format!("/pg-orders-dr/restores/{wrong}"))
            .await
            .json()["status"],
        "failed"
    );

    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-dr/disaster-recovery/perform",
            Some(json!({ "backup_guid": "3a2e59ee-40cb-472a-91d0-502ab259918c", "encryption_key": "x" })),
        )
        .await,
        404,
        "backupGuidNotFound",
    );
    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-dr/disaster-recovery/perform",
            Some(json!({ "backup_guid": guid })),
        )
        .await,
        400,
        "invalidRequest",
    );
}

#[tokio::test]
async fn lifecycle_actions_deploy_then_settle() {
    let app = emulator();
    let r = call(&app, "PATCH", "/pg-orders-prod/restart", None).await;
    assert_eq!(r.status, 202);
    assert_eq!(r.text, "");
    assert_eq!(
        get(&app, "/pg-orders-prod").await.json()["state"],
        "deploying"
    );
    advance(&app, 3.5).await;
    assert_eq!(
        get(&app, "/pg-orders-prod").await.json()["state"],
        "available"
    );

    // Updates apply every available update.
    let service = get(&app, "/kv-sessions").await.json()["service_id"].clone();
    assert_error(
        &call(
            &app,
            "PATCH",
            "/kv-sessions/updates",
            Some(json!({ "service_id": "someone-else" })),
        )
        .await,
        400,
        "serviceMismatch",
    );
    let r = call(
        &app,
        "PATCH",
        "/kv-sessions/updates",
        Some(json!({ "service_id": service })),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let during = get(&app, "/kv-sessions").await.json();
    assert_eq!(during["state"], "deploying");
    advance(&app, 3.5).await;
    let after = get(&app, "/kv-sessions").await.json();
    assert_eq!(after["state"], "available");
    assert_eq!(after["available_updates"], json!([]));
    assert_ne!(after["updated_at"], during["updated_at"]);

    // A restart leaves a failed instance failed; a recreate brings it back.
    call(&app, "PATCH", "/mariadb-legacy/restart", None).await;
    advance(&app, 3.5).await;
    assert_eq!(get(&app, "/mariadb-legacy").await.json()["state"], "failed");
    let r = call(&app, "PATCH", "/mariadb-legacy/recreate", None).await;
    assert_eq!(r.status, 202);
    assert_eq!(
        get(&app, "/mariadb-legacy").await.json()["state"],
        "deploying"
    );
    advance(&app, 3.5).await;
    assert_eq!(
        get(&app, "/mariadb-legacy").await.json()["state"],
        "available"
    );

    assert_error(
        &call(&app, "PATCH", "/nope/recreate", None).await,
        404,
        "instanceNotFound",
    );
}

/// `(path, value, timestamp)` of every line.
fn points(a: &Answer) -> Vec<(String, u64, u64)> {
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let l = l.as_str().unwrap();
            let parts: Vec<&str> = l.split(' ').collect();
            assert_eq!(parts.len(), 3, "{l}");
            (
                parts[0].to_string(),
                parts[1].parse().unwrap(),
                parts[2].parse().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn metrics_are_graphite_lines_that_honour_quantity_and_move() {
    let app = emulator();
    let one = points(&get(&app, "/pg-orders-prod/metrics?quantity=1").await);
    let paths: std::collections::BTreeSet<&str> = one.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(paths.len(), one.len(), "one sample per series");
    let value = |pts: &[(String, u64, u64)], suffix: &str| {
        pts.iter()
            .filter(|p| p.0.ends_with(suffix))
            .map(|p| p.1)
            .next_back()
            .unwrap_or_else(|| panic!("no {suffix}"))
    };
    // Namespace <org>.<space>.<instance>.<deployment>.pg.<node>.
    let first = &one[0].0;
    let ns: Vec<&str> = first.split(".system.").next().unwrap().split('.').collect();
    assert_eq!(ns.len(), 6, "{first}");
    assert_eq!(ns[4..], ["pg", "0"]);
    for s in [
        ".system.cpu1.idle",
        ".system.load.load15",
        ".system.swap.total",
        ".system.disk.persistent.free",
        ".parachute.disk.persistent.used_threshold",
    ] {
        value(&one, s);
    }
    // Memory parts add up to the total.
    let total = value(&one, ".memory.total");
    let parts: u64 = ["used", "free", "buffers", "cached"]
        .iter()
        .map(|k| value(&one, &format!(".memory.{k}")))
        .sum();
    assert_eq!(parts, total);

    let three = points(&get(&app, "/pg-orders-prod/metrics?quantity=3").await);
    let stamps: std::collections::BTreeSet<u64> = three.iter().map(|p| p.2).collect();
    assert_eq!(stamps.len(), 3);
    assert_eq!(three.len(), one.len() * 3);
    let all = points(&get(&app, "/pg-orders-prod/metrics").await);
    assert_eq!(all.len(), one.len() * 60);

    // Counters grow and gauges move as time passes.
    advance(&app, 120.0).await;
    let later = points(&get(&app, "/pg-orders-prod/metrics?quantity=1").await);
    assert!(value(&later, ".cpu0.user") > value(&one, ".cpu0.user"));
    assert!(value(&later, ".cpu0.idle") > value(&one, ".cpu0.idle"));
    assert_ne!(value(&later, ".load.load1"), value(&one, ".load.load1"));
    assert!(later[0].2 >= one[0].2 + 120);

    for bad in ["0", "-1", "x", "1.5"] {
        assert_error(
            &get(&app, &format!("/pg-orders-prod/metrics?quantity={bad}")).await,
            400,
            "invalidQuantity",
        );
    }
    assert_error(&get(&app, "/nope/metrics").await, 404, "instanceNotFound");
}

#[tokio::test]
async fn metrics_of_the_other_instances() {
    let app = emulator();
    // Three key-value nodes named like the document's example, one odd 11-digit timestamp,
    // no swap, and an activated Parachute.
    let kv = points(&get(&app, "/kv-sessions/metrics?quantity=2").await);
    for node in 0..3 {
        assert!(kv
            .iter()
            .any(|p| p.0.starts_with(&format!("keyvalue.{node}.system."))));
    }
    let odd: Vec<_> = kv.iter().filter(|p| p.2 >= 10_000_000_000).collect();
    assert_eq!(odd.len(), 1, "{odd:?}");
    assert!(odd[0].0.ends_with("load.load5"));
    assert!(kv.contains(&("keyvalue.0.system.swap.total".into(), 0, kv[0].2)));
    assert!(kv
        .iter()
        .any(|p| p.0 == "keyvalue.0.parachute.activated" && p.1 == 1));
    // The failed instance's collectors report errors.
    let broken = points(&get(&app, "/mariadb-legacy/metrics?quantity=1").await);
    assert!(broken
        .iter()
        .any(|p| p.0.ends_with(".system.cpu.error") && p.1 == 1));
    assert!(!broken.iter().any(|p| p.0.contains(".cpu0.")));
}

#[tokio::test]
async fn point_in_time_recovery_only_with_continuous_archiving() {
    let app = emulator();
    let range = get(&app, "/pg-orders-prod/pitr").await;
    assert_eq!(range.status, 202, "{}", range.text);
    let range = range.json();
    let start =
        chrono::DateTime::parse_from_rfc3339(range["start_time"].as_str().unwrap()).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339(range["end_time"].as_str().unwrap()).unwrap();
    assert!(start < end);

    let d = assert_error(
        &get(&app, "/kv-sessions/pitr").await,
        404,
        "continuousArchivingDisabled",
    );
    assert!(d.contains("continuous archiving"), "{d}");
    assert_error(
        &call(
            &app,
            "POST",
            "/kv-sessions/pitr/restore",
            Some(json!({ "target_time": range["end_time"] })),
        )
        .await,
        404,
        "continuousArchivingDisabled",
    );

    let target = (start + (end - start) / 2).to_rfc3339();
    let r = call(
        &app,
        "POST",
        "/pg-orders-prod/pitr/restore",
        Some(json!({ "target_time": target })),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.json(), json!({ "status": "queued" }));
    let restores = get(&app, "/pg-orders-prod/restores").await.json();
    assert_eq!(restores[0]["id"], 3);
    assert_eq!(restores[0]["status"], "queued");
    advance(&app, 5.0).await;
    assert_eq!(
        get(&app, "/pg-orders-prod/restores/3").await.json()["status"],
        "done"
    );

    let before = (start - chrono::TimeDelta::hours(1)).to_rfc3339();
    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-prod/pitr/restore",
            Some(json!({ "target_time": before })),
        )
        .await,
        400,
        "targetTimeOutOfRange",
    );
    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-prod/pitr/restore",
            Some(json!({ "target_time": "yesterday" })),
        )
        .await,
        400,
        "invalidTargetTime",
    );
    assert_error(
        &call(
            &app,
            "POST",
            "/pg-orders-prod/pitr/restore",
            Some(json!({})),
        )
        .await,
        400,
        "invalidRequest",
    );
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_tallied() {
    let app = emulator();
    let calls: [(&str, &str, Option<Value>); 18] = [
        ("GET", "/pg-orders-prod/backups", None),
        ("GET", "/pg-orders-prod/backups/4", None),
        ("POST", "/pg-orders-prod/backups", None),
        ("GET", "/pg-orders-prod/backups/4/download", None),
        ("GET", "/pg-orders-prod/restores", None),
        ("GET", "/pg-orders-prod/restores/1", None),
        ("POST", "/pg-orders-prod/backups/4/restore", None),
        ("GET", "/pg-orders-prod/backups-config", None),
        (
            "PATCH",
            "/pg-orders-prod/backups-config",
            Some(json!({ "exclude_from_auto_backup": true })),
        ),
        ("POST", "/pg-orders-prod/disaster-recovery/prepare", None),
        (
            "POST",
            "/pg-orders-dr/disaster-recovery/perform",
            Some(json!({ "backup_guid": "x", "encryption_key": "y" })),
        ),
        ("GET", "/pg-orders-prod", None),
        ("PATCH", "/pg-orders-prod/recreate", None),
        ("PATCH", "/pg-orders-prod/restart", None),
        ("PATCH", "/pg-orders-prod/updates", None),
        ("GET", "/pg-orders-prod/metrics?quantity=1", None),
        ("GET", "/pg-orders-prod/pitr", None),
        ("POST", "/pg-orders-prod/pitr/restore", Some(json!({}))),
    ];
    for (method, path, body) in calls {
        let a = call(&app, method, path, body).await;
        // Routed: answered by a handler, not by the router's fallback.
        assert_ne!(a.status, 405, "{method} {path}");
        assert!(
            a.status != 404 || a.json()["error"] != "notFound",
            "{method} {path}: {}",
            a.text
        );
    }
    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let a9s: Vec<&Value> = tally["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["api"] == "a9s")
        .collect();
    assert_eq!(a9s.len(), 18);
    let missed: Vec<String> = a9s
        .iter()
        .filter(|o| o["hits"] == 0)
        .map(|o| format!("{} {}", o["method"], o["route"]))
        .collect();
    assert!(missed.is_empty(), "{missed:?}");
}
