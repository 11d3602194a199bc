//! The a9s client against the document's examples (copied into `tests/fixtures/a9s/`), the
//! Graphite parser, and the input checks.

use super::metrics::{parse_line, split_path, Kind};
use super::validate::{self, message_for};
use super::*;
use crate::api::{ApiError, Method};

/// An integer id as the decoders read it.
fn n(i: u64) -> Id {
    Id::integer(Some(&json!(i))).unwrap()
}

fn ok(body: &str) -> Response {
    answer(200, body)
}

fn answer(status: u16, body: &str) -> Response {
    Response {
        status,
        content_type: Some("application/json".into()),
        body: body.as_bytes().to_vec(),
    }
}

const BACKUPS: &str = include_str!("../../../tests/fixtures/a9s/backups.json");
const BACKUP: &str = include_str!("../../../tests/fixtures/a9s/backup.json");
const BACKUP_CREATED: &str = include_str!("../../../tests/fixtures/a9s/backup-created.json");
const RESTORES: &str = include_str!("../../../tests/fixtures/a9s/restores.json");
const RESTORE: &str = include_str!("../../../tests/fixtures/a9s/restore.json");
const RESTORE_CREATED: &str = include_str!("../../../tests/fixtures/a9s/restore-created.json");
const CONFIG: &str = include_str!("../../../tests/fixtures/a9s/backups-config.json");
const CONFIG_UPDATED: &str =
    include_str!("../../../tests/fixtures/a9s/backups-config-updated.json");
const DR_PREPARE: &str = include_str!("../../../tests/fixtures/a9s/dr-prepare.json");
const DR_PERFORM: &str = include_str!("../../../tests/fixtures/a9s/dr-perform.json");
const INSTANCE: &str = include_str!("../../../tests/fixtures/a9s/instance.json");
const METRICS: &str = include_str!("../../../tests/fixtures/a9s/metrics.json");
const METRICS_RAW: &str = include_str!("../../../tests/fixtures/a9s/metrics-doc-raw.txt");
const PITR: &str = include_str!("../../../tests/fixtures/a9s/pitr.json");
const PITR_RESTORE: &str = include_str!("../../../tests/fixtures/a9s/pitr-restore.json");

// ---- requests ---------------------------------------------------------------------------

#[test]
fn every_operation_has_its_documented_method_and_path() {
    let u = ConfigUpdate {
        retention_time: Some(3),
        ..ConfigUpdate::default()
    };
    let cases: Vec<(Method, String, Option<Value>)> = vec![
        req(&list_backups("pg")),
        req(&get_backup("pg", &n(2))),
        req(&create_backup("pg")),
        req(&download_backup("pg", &n(2))),
        req(&list_restores("pg")),
        req(&get_restore("pg", &n(4))),
        req(&restore_backup("pg", &n(2))),
        req(&get_backups_config("pg")),
        req(&update_backups_config("pg", &u)),
        req(&prepare_disaster_recovery("pg", Some(" k3y-k3y-k3y "))),
        req(&perform_disaster_recovery("dr", " 3a2e ", "key")),
        req(&get_instance("pg")),
        req(&recreate("pg")),
        req(&restart("pg")),
        req(&apply_updates("pg", "svc")),
        req(&get_metrics("pg", Some(5))),
        req(&get_pitr_range("pg")),
        req(&pitr_restore("pg", "2022-02-02T00:00:00.000Z")),
    ];
    let expected: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::Get, "/v1/instances/pg/backups", None),
        (Method::Get, "/v1/instances/pg/backups/2", None),
        (Method::Post, "/v1/instances/pg/backups", None),
        (Method::Get, "/v1/instances/pg/backups/2/download", None),
        (Method::Get, "/v1/instances/pg/restores", None),
        (Method::Get, "/v1/instances/pg/restores/4", None),
        (Method::Post, "/v1/instances/pg/backups/2/restore", None),
        (Method::Get, "/v1/instances/pg/backups-config", None),
        (
            Method::Patch,
            "/v1/instances/pg/backups-config",
            Some(json!({ "retention_time": 3 })),
        ),
        (
            Method::Post,
            "/v1/instances/pg/disaster-recovery/prepare",
            Some(json!({ "encryption_key": "k3y-k3y-k3y" })),
        ),
        (
            Method::Post,
            "/v1/instances/dr/disaster-recovery/perform",
            Some(json!({ "backup_guid": "3a2e", "encryption_key": "key" })),
        ),
        (Method::Get, "/v1/instances/pg", None),
        (Method::Patch, "/v1/instances/pg/recreate", None),
        (Method::Patch, "/v1/instances/pg/restart", None),
        (
            Method::Patch,
            "/v1/instances/pg/updates",
            Some(json!({ "service_id": "svc" })),
        ),
        (Method::Get, "/v1/instances/pg/metrics?quantity=5", None),
        (Method::Get, "/v1/instances/pg/pitr", None),
        (
            Method::Post,
            "/v1/instances/pg/pitr/restore",
            Some(json!({ "target_time": "2022-02-02T00:00:00.000Z" })),
        ),
    ];
    assert_eq!(cases.len(), 18);
    for (got, want) in cases.iter().zip(&expected) {
        assert_eq!((got.0, got.1.as_str(), &got.2), (want.0, want.1, &want.2));
    }
    // Optional parts stay out.
    assert_eq!(
        get_metrics("pg", None).request.path_and_query(),
        "/v1/instances/pg/metrics"
    );
    assert_eq!(
        prepare_disaster_recovery("pg", Some("  ")).request.body,
        crate::api::Body::Json(json!({}))
    );
}

fn req<T>(c: &Call<T>) -> (Method, String, Option<Value>) {
    assert_eq!(c.api, ApiKind::A9s);
    let body = match &c.request.body {
        crate::api::Body::Json(v) => Some(v.clone()),
        crate::api::Body::Empty => None,
        other => panic!("unexpected body {other:?}"),
    };
    (c.request.method(), c.request.path_and_query(), body)
}

#[test]
fn instance_ids_stay_one_path_segment() {
    assert_eq!(
        get_instance("a/b?c").request.path,
        "/v1/instances/a%2Fb%3Fc"
    );
    assert_eq!(
        get_backup("x y", &n(1)).request.path,
        "/v1/instances/x%20y/backups/1"
    );
}

// ---- decoders against the documented examples -------------------------------------------

#[test]
fn backups_list_and_single() {
    let list = list_backups("i").decode(&ok(BACKUPS)).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, Ok(n(2)));
    assert_eq!(list[0].size, Some(Ok(2792)));
    assert_eq!(list[0].status, TaskStatus::Done);
    assert!(list[0].downloadable);
    assert!(!list[1].downloadable);
    assert_eq!(
        list[1].triggered_at.as_deref(),
        Some("2021-04-20T01:30:02.898Z")
    );
    let one = get_backup("i", &n(1)).decode(&ok(BACKUP)).unwrap();
    assert_eq!(one, list[1]);
    assert_eq!(create_backup("i").decode(&ok(BACKUP_CREATED)), Ok(Ok(n(1))));
}

#[test]
fn restores_follow_the_example_not_the_copied_table() {
    let list = list_restores("i").decode(&ok(RESTORES)).unwrap();
    assert_eq!(
        list.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        [Ok(n(2)), Ok(n(1))]
    );
    assert!(list.iter().all(|r| r.backup_id == Some(n(1))));
    let one = get_restore("i", &n(2)).decode(&ok(RESTORE)).unwrap();
    assert_eq!(one.backup_id, Some(n(1)));
    // The two examples disagree on when restore 2 finished; each is read as sent.
    assert_eq!(one.finished_at.as_deref(), Some("2021-04-21T15:34:44.308Z"));
    assert_eq!(
        list[0].finished_at.as_deref(),
        Some("2021-04-21T15:34:14.322Z")
    );
    assert_eq!(
        restore_backup("i", &n(1)).decode(&ok(RESTORE_CREATED)),
        Ok(Ok(n(1)))
    );
}

#[test]
fn backups_config_and_its_update() {
    let c = get_backups_config("i").decode(&ok(CONFIG)).unwrap();
    assert_eq!(c.min_backup_count, Some(5));
    assert_eq!(c.retention_time, Some(5));
    assert_eq!(c.min_encryption_key_length, Some(8));
    assert!(!c.exclude_from_auto_backup);
    assert_eq!(c.backup_type.as_deref(), Some("standard"));
    assert!(!c.continuous_archiving());
    let m = update_backups_config("i", &ConfigUpdate::default())
        .decode(&ok(CONFIG_UPDATED))
        .unwrap();
    assert_eq!(m.as_deref(), Some("instance updated"));
    // Nothing else is needed from that answer: an empty one is fine too.
    assert_eq!(
        update_backups_config("i", &ConfigUpdate::default()).decode(&ok("")),
        Ok(None)
    );
}

#[test]
fn disaster_recovery_answers() {
    let p = prepare_disaster_recovery("i", None)
        .decode(&ok(DR_PREPARE))
        .unwrap();
    assert_eq!(p.as_deref(), Some("3a2e59ee-40cb-472a-91d0-502ab259918c"));
    let d = perform_disaster_recovery("i", "g", "k")
        .decode(&ok(DR_PERFORM))
        .unwrap();
    assert_eq!(d, Ok(n(1)));
}

#[test]
fn instance_overview_with_its_quirks() {
    let i = get_instance("i").decode(&ok(INSTANCE)).unwrap();
    assert_eq!(i.state, InstanceState::Provisioned);
    assert_eq!(i.id.as_deref(), Some("1"));
    assert_eq!(i.name.as_deref(), Some("my-service"));
    assert_eq!(i.tenant_name.as_deref(), Some("system"));
    assert_eq!(i.subtenant_name.as_deref(), Some("manual"));
    assert_eq!(i.service(), Some("855887d9-9096-4ddf-a40f-89e6f72da2d1"));
    assert_eq!(i.available_updates.len(), 1);
    assert_eq!(i.available_updates[0].kind.as_deref(), Some("release"));
    assert_eq!(i.available_updates[0].version.as_deref(), Some("1.0.0"));
    assert_eq!(i.urls.len(), 2);
    assert_eq!(i.urls[1].label(), "Service Instance Dashboard");
    // The second link starts with a space in the example: trimmed, it is a link.
    assert_eq!(
        crate::ui::safe_href(i.urls[1].link.as_deref().unwrap()).as_deref(),
        Some("https://a9s-keyvalue-dashboard.example.com/service-instances/db8d8ad3-3d72-4f5a-b84a-47aa9df70a7d")
    );
    assert!(i.urls[1].link.as_deref().unwrap().starts_with(' '));
    // created_at (2024) is later than updated_at (2021) in the example: kept as sent.
    assert!(i.created_at.unwrap() > i.updated_at.unwrap());
}

#[test]
fn pitr_answers() {
    // The range comes with 202, which is success like 200.
    let r = get_pitr_range("i").decode(&answer(202, PITR)).unwrap();
    assert_eq!(r.start_time.as_deref(), Some("2022-02-01T20:53:20.000Z"));
    let (start, end) = r.bounds_ms().unwrap();
    assert!(start < end);
    let q = pitr_restore("i", "x")
        .decode(&answer(202, PITR_RESTORE))
        .unwrap();
    assert_eq!(q, TaskStatus::Queued);
}

#[test]
fn lifecycle_calls_accept_202_without_a_body() {
    for call in [recreate("i"), restart("i"), apply_updates("i", "s")] {
        assert_eq!(call.decode(&answer(202, "")), Ok(()));
    }
}

/// The identity rule: an answer whose id is missing, null, negative, zero, huge or a word yields
/// no [`Id`], so no backup, restore or download request can be built from it (each takes an
/// `&Id`); the row is listed as "unreadable id" with its actions disabled.
#[test]
fn unreadable_ids_build_no_request() {
    let mut odd = crate::api::id::tests::unreadable_ids();
    odd.extend([json!("abc"), json!(-5), json!(1.5), json!("12abc")]);
    for v in odd {
        let item = json!({ "id": v, "status": "done", "size": 1e308, "backup_id": v });
        let body = json!([item]).to_string();
        let backups = list_backups("i").decode(&ok(&body)).unwrap();
        assert!(backups[0].id.is_err(), "backup id {v}");
        assert_eq!(backups[0].size, Some(Err(())), "size 1e308");
        let restores = list_restores("i").decode(&ok(&body)).unwrap();
        assert!(restores[0].id.is_err() && restores[0].backup_id.is_none());
        let one = json!({ "id": v, "restore_id": v }).to_string();
        assert!(matches!(create_backup("i").decode(&ok(&one)), Ok(Err(_))));
        assert!(matches!(
            restore_backup("i", &n(1)).decode(&ok(&one)),
            Ok(Err(_))
        ));
        assert!(matches!(
            perform_disaster_recovery("i", "g", "k").decode(&ok(&one)),
            Ok(Err(_))
        ));
    }
    // A create answer with no id at all: accepted, nothing to follow.
    assert_eq!(
        create_backup("i").decode(&ok("{}")),
        Ok(Err(crate::api::Unread::Missing))
    );
}

#[test]
fn decoders_tolerate_odd_shapes() {
    // Ids as strings, unknown statuses, missing and extra fields, an unreadable item.
    let list = list_backups("i")
        .decode(&ok(
            r#"[{"id":"7","status":"ARCHIVED","extra":{"x":1}}, 5, {"id":3,"size":"12","downloadable":"true"}]"#,
        ))
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, Ok(n(7)));
    assert_eq!(list[0].status, TaskStatus::Other("ARCHIVED".into()));
    assert_eq!(list[0].size, None);
    assert!(!list[0].status.is_final());
    assert_eq!(list[1].size, Some(Ok(12)));
    assert!(list[1].downloadable);
    // `null` for a list is an empty list; a single object where a list belongs is a list of one.
    let i = get_instance("i")
        .decode(&ok(
            r#"{"available_updates":null,"urls":{"display_name":"D","link":"https://d.example"},"state":"Deploying","id":7}"#,
        ))
        .unwrap();
    assert!(i.available_updates.is_empty());
    assert_eq!(i.urls.len(), 1);
    assert_eq!(i.state, InstanceState::Deploying);
    assert!(i.state.is_busy());
    assert_eq!(i.id.as_deref(), Some("7"));
    assert_eq!(i.service(), None);
    // An empty answer is a decode error that keeps the body, not a crash.
    assert!(matches!(
        get_instance("i").decode(&ok("")),
        Err(ApiError::Decode { .. })
    ));
    // A list answer that is an object is a list of one.
    assert_eq!(
        list_restores("i")
            .decode(&ok(r#"{"id":1,"status":"done"}"#))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn links_are_labelled_by_name_id_or_link() {
    let url = |name: Option<&str>, id: Option<&str>, link: Option<&str>| InstanceUrl {
        display_name: name.map(String::from),
        id: id.map(String::from),
        link: link.map(String::from),
    };
    assert_eq!(url(Some("D"), Some("i"), None).label(), "D");
    assert_eq!(url(Some(" "), Some("i"), None).label(), "i");
    assert_eq!(
        url(None, None, Some("javascript:x")).label(),
        "javascript:x"
    );
    assert_eq!(InstanceUrl::default().label(), "link");
}

#[test]
fn errors_are_the_apis_words() {
    let e = get_instance("nope")
        .decode(&answer(
            404,
            r#"{"error":"instanceNotFound","description":"Service instance nope was not found."}"#,
        ))
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert!(e.summary().contains("Service instance nope was not found."));
    // The download's own shape.
    let e = download_backup("i", &n(9))
        .decode(&answer(
            412,
            r#"{"message":"Either instance_id i or id 9 does not exist or match.","status":412}"#,
        ))
        .unwrap_err();
    assert_eq!(
        e.summary(),
        "a9s Data Services answered 412 (a precondition failed): Either instance_id i or id 9 does not exist or match."
    );
    // A download's bytes are kept as they came.
    let file = download_backup("i", &n(1))
        .decode(&Response {
            status: 200,
            content_type: Some("application/octet-stream".into()),
            body: vec![0x1f, 0x8b, 0, 255],
        })
        .unwrap();
    assert_eq!(file.body, [0x1f, 0x8b, 0, 255]);
    // A metrics answer that is no list at all is a decode error, not a panic.
    assert!(matches!(
        get_metrics("i", None).decode(&ok(r#"{"metrics":[]}"#)),
        Err(ApiError::Decode { .. })
    ));
}

#[test]
fn download_file_names() {
    assert_eq!(
        download_file_name("pg-orders-prod", &n(7)),
        "pg-orders-prod-backup-7.tgz"
    );
    assert_eq!(
        download_file_name("../etc/passwd", &n(1)),
        "_etc_passwd-backup-1.tgz"
    );
    assert_eq!(download_file_name(" ", &n(2)), "instance-backup-2.tgz");
}

#[test]
fn statuses_parse_and_finish() {
    for s in TaskStatus::DOCUMENTED {
        assert_eq!(TaskStatus::parse(s.as_str()), s);
    }
    assert!(TaskStatus::Done.is_final() && TaskStatus::Failed.is_final());
    assert!(!TaskStatus::Queued.is_final() && !TaskStatus::Running.is_final());
    assert_eq!(InstanceState::parse(" FAILED "), InstanceState::Failed);
    assert_eq!(InstanceState::parse("weird").as_str(), "weird");
}

// ---- the Graphite parser ----------------------------------------------------------------

const NS: &str = "keyvalue.0";

#[test]
fn the_documented_example_parses_with_its_odd_timestamps() {
    let m = get_metrics("i", Some(1)).decode(&ok(METRICS)).unwrap();
    assert_eq!(m.lines, 63);
    assert!(!m.repaired);
    // load5 and load15 carry 11-digit timestamps: the first ten digits are the seconds.
    assert_eq!(m.skipped_count(), 0);
    assert_eq!(m.nodes(), [NS]);
    assert_eq!(m.time_range(), Some((1_594_380_720, 1_594_380_772)));

    let load = m.load(NS);
    assert_eq!(load[0].0, "1 min");
    assert_eq!(load[0].1, [(1_594_380_720, 3.54248)]);
    assert_eq!(load[1].1, [(1_594_380_772, 3.152832)]);
    assert_eq!(load[2].1, [(1_594_380_772, 2.358398)]);
    // 12 digits and more are no epoch seconds.
    assert!(parse_line("keyvalue.0.system.load.load1 1 159438072012").is_err());

    // Memory parts add up to the total: no "other".
    let mem = m.memory(NS);
    let labels: Vec<&str> = mem.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(labels, ["used", "cached", "buffers", "free"]);
    assert_eq!(m.memory_total(NS), Some(4_136_923_136.0));

    let swap = m.swap(NS);
    assert_eq!(swap.total, Some(4_136_628_224.0));
    assert_eq!(swap.used_percent(), Some(0.0));

    let disks: Vec<String> = m.disks(NS).into_iter().map(|d| d.name).collect();
    assert_eq!(
        disks,
        [
            "ephemeral",
            "home",
            "persistent",
            "system",
            "tmp",
            "var_log",
            "var_tmp"
        ]
    );
    let system = m
        .disks(NS)
        .into_iter()
        .find(|d| d.name == "system")
        .unwrap();
    assert_eq!(system.total, Some(3_103_686_656.0));
    assert_eq!(system.used, [(1_594_380_720, 1_558_130_688.0)]);

    let p = m.parachute(NS);
    assert!(p.reported && !p.error);
    assert_eq!(p.activated, Some(true));
    assert_eq!(p.disks.len(), 2);
    assert_eq!(p.disks[0].name, "ephemeral");
    assert_eq!(p.disks[0].threshold, Some(10.0));
    assert_eq!(p.disks[0].activated, Some(true));
    assert_eq!(p.disks[0].used_percent, [(1_594_380_720, 18.0)]);
    assert_eq!(p.disks[1].activated, Some(false));

    // One sample: no deltas, but the since-boot average.
    assert_eq!(m.cores(NS), [0]);
    assert!(m.cpu_percent(NS)[0].1.is_empty());
    let since = m.cpu_since_boot(NS);
    let expected = 100.0 * (894_310.0 + 410_430.0) / (894_310.0 + 410_430.0 + 72_292_610.0);
    assert_eq!(since[0].0, "cpu0");
    assert!((since[0].1 - expected).abs() < 1e-9);
    assert!(m.errors(NS).is_empty());
}

#[test]
fn the_documents_invalid_json_is_read_line_by_line() {
    // The raw example misses a comma and ends with a trailing one.
    assert!(serde_json::from_str::<Value>(METRICS_RAW).is_err());
    let raw = Metrics::from_body(METRICS_RAW).unwrap();
    assert!(raw.repaired);
    let fixed = Metrics::from_body(METRICS).unwrap();
    assert_eq!(raw.series, fixed.series);
    assert_eq!(raw.lines, 63);
    assert_eq!(raw.skipped_count(), 0);
}

#[test]
fn paths_split_at_the_right_type_boundary() {
    let long = "38d0cd8e21a-d9be-48ef-bfcd-dbaa4298c946.60aed25d-212d-4689-b9f6-74319de1d6a7.d1d51e37-9a26-4242-9909-79cc4b519c16.7c2cb2684.pg.0";
    let (ns, kind, spec, known) = split_path(&format!("{long}.system.disk.system.total")).unwrap();
    assert_eq!(
        (ns.as_str(), kind, spec.as_str(), known),
        (long, Kind::System, "disk.system.total", true)
    );
    // A namespace segment called `system` does not fool it.
    let (ns, _, spec, known) = split_path("org.system.x.pg.0.system.cpu0.user").unwrap();
    assert_eq!(
        (ns.as_str(), spec.as_str(), known),
        ("org.system.x.pg.0", "cpu0.user", true)
    );
    let (ns, kind, spec, _) =
        split_path("keyvalue.2.parachute.disk.persistent.used_threshold").unwrap();
    assert_eq!(
        (ns.as_str(), kind, spec.as_str()),
        (
            "keyvalue.2",
            Kind::Parachute,
            "disk.persistent.used_threshold"
        )
    );
    // Disk names may contain dots; specifics of the other type are not accepted as known.
    assert_eq!(
        split_path("n.0.system.disk.var.lib.used").unwrap().2,
        "disk.var.lib.used"
    );
    let (_, _, spec, known) = split_path("n.0.system.activated").unwrap();
    assert_eq!((spec.as_str(), known), ("activated", false));
    // A future specific is kept as an unknown series.
    let (_, _, spec, known) = split_path("n.0.system.net.eth0.rx").unwrap();
    assert_eq!((spec.as_str(), known), ("net.eth0.rx", false));
    assert_eq!(split_path("n.0.network.rx"), None);
    assert_eq!(split_path("system.cpu0.idle").unwrap().0, "");
}

#[test]
fn garbage_lines_are_skipped_with_a_reason() {
    let garbage = [
        "",
        "hello",
        "keyvalue.0.system.cpu0.user",
        "keyvalue.0.system.cpu0.user 12",
        "keyvalue.0.system.cpu0.user 12 1594380720 extra",
        "keyvalue.0.system.cpu0.user twelve 1594380720",
        "keyvalue.0.system.cpu0.user NaN 1594380720",
        "keyvalue.0.system.cpu0.user 1e5 1594380720",
        "keyvalue.0.system.cpu0.user 1.2.3 1594380720",
        "keyvalue.0.system.cpu0.user . 1594380720",
        "keyvalue.0.system.cpu0.user 12 -1",
        "keyvalue.0.system.cpu0.user 12 1594380720.5",
        "keyvalue.0.system.cpu0.user 12 1594380720000",
        "keyvalue.0.network.rx 12 1594380720",
        "🦀 🦀 🦀",
    ];
    for g in garbage {
        assert!(parse_line(g).is_err(), "{g:?}");
    }
    let mut lines: Vec<&str> = garbage.to_vec();
    lines.push("keyvalue.0.system.memory.total 1024 1594380720");
    lines.push("keyvalue.0.system.load.load1 -0.25 1594380720");
    let m = Metrics::from_lines(lines);
    assert_eq!(m.lines, garbage.len() + 2);
    assert_eq!(m.skipped_count(), garbage.len());
    assert_eq!(m.memory_total(NS), Some(1024.0));
    assert_eq!(
        m.get(NS, Kind::System, "load.load1"),
        [(1_594_380_720, -0.25)]
    );
    assert!(m.skipped.iter().all(|s| !s.reason.is_empty()));
    // Anything in a JSON array that is not a string is skipped too.
    let m =
        Metrics::from_body(r#"[1, null, {"a":1}, "n.0.system.load.load1 1000000 10"]"#).unwrap();
    assert_eq!((m.lines, m.skipped_count()), (4, 3));
    assert_eq!(m.load("n.0")[0].1, [(10, 1.0)]);
    // Bodies that are not a list at all.
    assert_eq!(Metrics::from_body("<html>oops</html>"), None);
    assert_eq!(Metrics::from_body(r#"{"a":1}"#), None);
    assert_eq!(Metrics::from_body("[]"), Some(Metrics::default()));
    // A cut-off body is not an answer: none of it is shown as the metrics.
    assert_eq!(
        Metrics::from_body(r#"["n.0.system.swap.total 5 10", "n.0.system.swap.us"#),
        None
    );
    assert_eq!(
        Metrics::from_body(r#"["n.0.system.swap.total 5 10", "n.0.system.swap.used 1 10""#),
        None
    );
}

fn cpu_line(core: u32, field: &str, value: u64, ts: i64) -> String {
    format!("pg.0.system.cpu{core}.{field} {value} {ts}")
}

#[test]
fn cpu_percent_comes_from_counter_deltas() {
    let mut lines = Vec::new();
    // Core 0: 10 s = 10,000 ms per interval; busy 2,500 then 5,000.
    // Core 1: busy 1,000, then a reboot (counters go down), then busy 0.
    for (ts, u0, s0, i0, u1, s1, i1) in [
        (100, 1_000, 500, 8_500, 4_000, 1_000, 5_000),
        (110, 3_000, 1_000, 16_000, 4_500, 1_500, 14_000),
        (120, 7_000, 2_000, 21_000, 100, 100, 800),
        (130, 7_000, 2_000, 31_000, 100, 100, 10_800),
    ] {
        for (core, u, s, i) in [(0, u0, s0, i0), (1, u1, s1, i1)] {
            lines.push(cpu_line(core, "user", u, ts));
            lines.push(cpu_line(core, "system", s, ts));
            lines.push(cpu_line(core, "idle", i, ts));
        }
    }
    let m = Metrics::from_lines(lines.iter().map(String::as_str));
    let cpu = m.cpu_percent("pg.0");
    assert_eq!(cpu.len(), 3);
    assert_eq!(
        cpu[0],
        ("cpu0".into(), vec![(110, 25.0), (120, 50.0), (130, 0.0)])
    );
    // The interval across the reboot is left out.
    assert_eq!(cpu[1], ("cpu1".into(), vec![(110, 10.0), (130, 0.0)]));
    // All cores: summed deltas, only where every core has an interval.
    assert_eq!(cpu[2].0, "all");
    assert_eq!(cpu[2].1, vec![(110, 17.5), (130, 0.0)]);
}

#[test]
fn error_flags_hide_their_samples_and_are_reported() {
    let m = Metrics::from_lines([
        "n.0.system.load.error 0 10",
        "n.0.system.load.load1 2500000 10",
        "n.0.system.load.error 1 20",
        "n.0.system.load.load1 0 20",
        "n.0.system.cpu.error 1 20",
        "n.0.system.disk.persistent.error 1 20",
        "n.0.parachute.error 1 20",
        "n.0.system.swap.total 0 20",
    ]);
    assert_eq!(m.load("n.0")[0].1, [(10, 2.5)]);
    assert_eq!(
        m.errors("n.0"),
        ["cpu", "disk persistent", "load", "parachute"]
    );
    assert!(m.swap("n.0").is_empty());
    assert!(m.parachute("n.0").error);
    assert!(!m.parachute("other").reported);
}

#[test]
fn memory_shows_what_does_not_add_up_and_repeats_replace() {
    let m = Metrics::from_lines([
        "n.0.system.memory.total 100 10",
        "n.0.system.memory.used 50 10",
        "n.0.system.memory.cached 20 10",
        "n.0.system.memory.buffers 5 10",
        "n.0.system.memory.free 10 10",
        "n.0.system.memory.free 15 10",
    ]);
    let mem = m.memory("n.0");
    assert_eq!(mem[3], ("free".into(), vec![(10, 15.0)]));
    assert_eq!(mem[4], ("other".into(), vec![(10, 10.0)]));
    assert_eq!(Metrics::node_label("a.b.c.d.pg.0"), "pg.0");
    assert_eq!(Metrics::node_label("keyvalue.2"), "keyvalue.2");
    assert_eq!(Metrics::node_label("solo"), "solo");
}

// ---- input checks -----------------------------------------------------------------------

fn config() -> BackupsConfig {
    get_backups_config("i").decode(&ok(CONFIG)).unwrap()
}

#[test]
fn counts_must_be_whole_and_not_negative() {
    assert_eq!(validate::count("retention_time", "Retention", " 7 "), Ok(7));
    assert_eq!(validate::count("retention_time", "Retention", "0"), Ok(0));
    for bad in ["", "-1", "1.5", "abc", "99999999999999999999"] {
        let e = validate::count("retention_time", "Retention", bad).unwrap_err();
        assert_eq!(e.field, "retention_time");
        assert!(e.message.starts_with("Retention"), "{}", e.message);
    }
    assert!(validate::count("x", "X", "-3")
        .unwrap_err()
        .message
        .contains("negative"));
}

#[test]
fn the_config_form_sends_only_valid_changes() {
    let current = config();
    let form = ConfigForm::from_config(&current);
    assert_eq!(form.min_backup_count, "5");
    assert!(form.encryption_key.is_empty());
    assert!(form.validate(&current).unwrap().is_empty());

    let errors = ConfigForm {
        min_backup_count: "-1".into(),
        retention_time: "two".into(),
        encryption_key: "short".into(),
        ..form.clone()
    }
    .validate(&current)
    .unwrap_err();
    assert_eq!(errors.len(), 3);
    assert!(message_for(&errors, "min_backup_count").is_some());
    assert!(message_for(&errors, "retention_time").is_some());
    assert_eq!(
        message_for(&errors, "encryption_key"),
        Some("The encryption key must be at least 8 characters long; this one has 5.")
    );
    assert_eq!(message_for(&errors, "backup_type"), None);

    // Characters, not bytes: 7 two-byte letters are still too short.
    assert!(validate::encryption_key("ééééééé", Some(8)).is_err());
    assert!(validate::encryption_key("éééééééé", Some(8)).is_ok());
    assert!(validate::encryption_key("        ", Some(8)).is_err());
    assert!(validate::encryption_key("x", None).is_ok());

    let update = ConfigForm {
        retention_time: "2".into(),
        exclude_from_auto_backup: true,
        encryption_key: "exactly8".into(),
        ..form
    }
    .validate(&current)
    .unwrap();
    assert_eq!(
        update.body(),
        json!({ "retention_time": 2, "exclude_from_auto_backup": true, "encryption_key": "exactly8" })
    );
    let warnings = update.warnings(&current);
    assert_eq!(warnings.len(), 2);
    assert!(warnings[0].contains("deletes backups older than 2 days"));
    assert!(ConfigUpdate {
        retention_time: Some(9),
        ..ConfigUpdate::default()
    }
    .warnings(&current)
    .is_empty());
}

#[test]
fn quantity_is_empty_or_at_least_one() {
    assert_eq!(validate::quantity(""), Ok(None));
    assert_eq!(validate::quantity(" 30 "), Ok(Some(30)));
    for bad in ["0", "-2", "x", "1.5"] {
        assert_eq!(validate::quantity(bad).unwrap_err().field, "quantity");
    }
}

#[test]
fn pitr_targets_must_lie_in_the_range() {
    let range = get_pitr_range("i").decode(&answer(202, PITR)).unwrap();
    // A picker value (no seconds, UTC) and a full ISO time inside the range.
    assert_eq!(
        validate::target_time(&range, "2022-02-02T10:00"),
        Ok("2022-02-02T10:00:00.000Z".into())
    );
    assert_eq!(
        validate::target_time(&range, "2022-02-02T12:45:37.601+01:00"),
        Ok("2022-02-02T11:45:37.601Z".into())
    );
    let early = validate::target_time(&range, "2022-02-01T20:53").unwrap_err();
    assert_eq!(early.field, "target_time");
    assert_eq!(
        early.message,
        "Pick a time between 2022-02-01 20:53:20 UTC and 2022-02-02 11:45:37 UTC."
    );
    assert!(validate::target_time(&range, "2022-02-02T11:46").is_err());
    assert!(validate::target_time(&range, "soon").is_err());
    assert!(
        validate::target_time(&PitrRange::default(), "2022-02-02T10:00")
            .unwrap_err()
            .message
            .contains("unknown")
    );
    assert_eq!(
        validate::picker_value(1_643_748_800_000),
        "2022-02-01T20:53"
    );
}

#[test]
fn disaster_recovery_needs_guid_and_key() {
    assert_eq!(
        validate::disaster_recovery(" 3a2e59ee-40cb-472a-91d0-502ab259918c ", "k"),
        Ok(())
    );
    let e = validate::disaster_recovery("", " ").unwrap_err();
    assert_eq!(e.len(), 2);
    let e = validate::disaster_recovery("not a guid!", "k").unwrap_err();
    assert_eq!(e[0].field, "backup_guid");
}
