//! Native tests: every documented example decodes with its operation's decoder (quirks
//! included), requests are built as documented, and the input checks say what is wrong.

use serde_json::{json, Value};

use super::input::*;
use super::*;
use crate::api::{ApiError, Body, Call, FilePart, Method, Part, Response};

const EXAMPLES: &str = include_str!("../../../tests/fixtures/dm/examples.json");

fn examples() -> Value {
    serde_json::from_str(EXAMPLES).unwrap()
}

/// The documented body of `key`, served with `status`.
fn served(key: &str, status: u16) -> Response {
    let all = examples();
    let entry = all.get(key).unwrap_or_else(|| panic!("no example {key}"));
    Response {
        status,
        content_type: Some("application/json".into()),
        body: entry["body"].to_string().into_bytes(),
    }
}

fn ok<T: std::fmt::Debug>(call: Call<T>, key: &str) -> T {
    call.decode(&served(key, 200))
        .unwrap_or_else(|e| panic!("{key}: {e:?}"))
}

fn err<T: std::fmt::Debug>(call: Call<T>, key: &str, status: u16) -> ApiError {
    call.decode(&served(key, status))
        .expect_err(&format!("{key} must be an error"))
}

fn resp(status: u16, body: &str) -> Response {
    Response {
        status,
        content_type: None,
        body: body.as_bytes().to_vec(),
    }
}

fn form_text(c: &Call<impl Sized>) -> String {
    match &c.request.body {
        Body::Form(_) => c.request.body.text().unwrap(),
        other => panic!("not a form: {other:?}"),
    }
}

fn file(name: &str, bytes: &[u8]) -> FilePart {
    FilePart {
        file_name: name.into(),
        content_type: "application/octet-stream".into(),
        bytes: bytes.to_vec(),
    }
}

const PLACEHOLDER_OK: &str =
    "<string: the names of the objects that were successfully updated in the cluster>";

#[test]
fn setup_and_database_examples() {
    assert_eq!(ok(setup(), "GET /setup"), "OK");
    // Q3: the example's "true" is a string.
    assert!(ok(setup_status(), "POST /setup/status"));
    assert!(!setup_status()
        .decode(&resp(200, r#"{"isSetup":false}"#))
        .unwrap());
    assert!(setup_status()
        .decode(&resp(200, r#"{"isSetup":"maybe"}"#))
        .is_err());
    assert_eq!(
        ok(database_setup(&DbInit::default()), "POST /database/setup"),
        "OK"
    );
    assert_eq!(
        ok(mock_ddl(&DbInit::default()), "POST /database/mock_ddl"),
        vec!["<string: the DDL strings>"]
    );
    assert_eq!(database_connection().decode(&resp(200, "")), Ok(()));
    let e = database_connection().decode(&resp(500, "")).unwrap_err();
    assert_eq!(e.status(), Some(500));
}

#[test]
fn base_config_examples_including_their_error_shapes() {
    let o = ok(
        create_base_configs("23.07.0", &ConfigSource::Text(String::new())),
        "POST /base_configs",
    );
    assert_eq!(o.successful, vec![PLACEHOLDER_OK]);
    assert!(o.all_ok());
    // The failure template (Q12): 500 with both lists; the per-object lists survive the error.
    let e = err(
        create_base_configs("1.0", &ConfigSource::Text(String::new())),
        "POST /base_configs#failure",
        500,
    );
    assert_eq!(
        e.api_message().as_deref(),
        Some("<string: the reason for the failure>")
    );
    let o = ApplyOutcome::from_error(&e).unwrap();
    assert_eq!(o.failed.len(), 1);
    assert_eq!(o.failed[0].reason, None);
    assert_eq!(o.successful.len(), 1);

    let v = ok(base_config_versions(), "GET /base_configs/versions");
    assert_eq!(v[0].object_name, "<string: the Kubernetes object name>");
    assert_eq!(v[0].versions.len(), 1, "Q13: capital Versions");
    assert_eq!(
        ok(object_versions("x"), "GET /base_configs/{object}/versions").len(),
        1
    );
    assert_eq!(
        ok(
            object_versions("x"),
            "GET /base_configs/{object}/versions#dup:get-all-release-versions-for-resource"
        ),
        vec!["22.10.1", "22.10.2", "23.01.4", "23.01.5"]
    );
    // Q14: a bare string in one listing, {"error"} in the other.
    let e = err(
        object_versions("x"),
        "GET /base_configs/{object}/versions#dup:get-all-release-versions-for-resource:error",
        500,
    );
    assert_eq!(e.api_message().as_deref(), Some("Reason for error"));
    let e = object_versions("x")
        .decode(&resp(
            500,
            r#"{"error":"Could not get base config history."}"#,
        ))
        .unwrap_err();
    assert_eq!(
        e.api_message().as_deref(),
        Some("Could not get base config history.")
    );

    let img = ImageUpdate::default();
    assert_eq!(
        ok(update_image(&img), "POST /base_configs/image")
            .successful
            .len(),
        1
    );
    let e = err(update_image(&img), "POST /base_configs/image#failure", 500);
    assert_eq!(
        ApplyOutcome::from_error(&e).unwrap().failed[0].name,
        "<string: the names of the object that failed to get updated in the cluster>"
    );

    let all = ok(base_configs(None, None), "GET /base_configs");
    assert_eq!(all[0].object_name, "name of the  bae config object");
    assert_eq!(
        all[0].previous_version,
        "previous version of the base config"
    );

    assert_eq!(
        ok(containers("x"), "GET /base_configs/{object}/containers"),
        vec!["api-server", "stats-collector", "jaeger-agent"]
    );
    let e = err(
        containers("x"),
        "GET /base_configs/{object}/containers#error",
        500,
    );
    assert_eq!(e.api_message().as_deref(), Some("Reason for error"));
    let h = ok(upgrade_history(None, None), "GET /base_configs/history");
    assert_eq!(h[0].version, "23.01.0");
    assert_eq!(
        h[0].creators,
        vec!["user1@mydomain.com", "user2@mydomain.com"]
    );
    assert_eq!(h[0].created_ms, Some(1_672_531_200_000));
    let e = err(
        upgrade_history(None, None),
        "GET /base_configs/history#error",
        400,
    );
    assert_eq!(e.api_message().as_deref(), Some("Reason for error"));

    // Q44: status_code and RequestID, kept as spelled.
    assert_eq!(
        ok(
            upload_base_configs("1.0", &ConfigSource::Text(String::new())),
            "POST /base_configs/upload"
        ),
        "<string: id of async task>"
    );
    let e = err(
        upload_base_configs("1.0", &ConfigSource::Text(String::new())),
        "POST /base_configs/upload#error",
        400,
    );
    assert_eq!(e.api_message().as_deref(), Some("Reason for error"));
    let done = ok(upload_result("r"), "GET /base_configs/upload/{request_id}").unwrap();
    assert_eq!(
        done.successful,
        vec![
            "alertmanager-egress",
            "api-server-apps-egress",
            "service-victoriametrics"
        ]
    );
    // Q45: while running, data is null.
    assert_eq!(
        upload_result("r").decode(&resp(200, r#"{"statusCode":200,"data":null,"error":null}"#)),
        Ok(None)
    );
}

#[test]
fn patch_examples_with_numbers_or_strings_for_versions() {
    let text = PatchSource::Text(String::new());
    assert_eq!(
        ok(apply_patch(&text, ""), "POST /patches/apply").successful,
        vec![PLACEHOLDER_OK]
    );
    // Q20: no HTTP status documented for the failure; under 500 or under 200 it is a failure.
    let e = err(apply_patch(&text, ""), "POST /patches/apply#failure", 500);
    assert_eq!(ApplyOutcome::from_error(&e).unwrap().failed.len(), 1);
    let e = err(apply_patch(&text, ""), "POST /patches/apply#failure", 200);
    assert_eq!(
        e.status(),
        Some(500),
        "X10: the body's statusCode is the status"
    );
    assert_eq!(ApplyOutcome::from_error(&e).unwrap().successful.len(), 1);

    let runs = ok(dry_run_patch(&text, ""), "POST /patches/apply#dry_run");
    assert_eq!(runs.len(), 2);
    let first = runs[0].dry_run.as_ref().unwrap();
    assert_eq!(first.object_name, "object-1");
    assert_eq!(first.patch_version, None);
    assert_eq!(first.previous_release_version, None);
    assert!(
        first.config.ends_with("namespace:instabase"),
        "Q22: kept as text"
    );
    assert_eq!(runs[1].dry_run, None);
    assert!(runs[1]
        .message
        .as_deref()
        .unwrap()
        .starts_with("Target 'object-2'"));
    let applied_instead = dry_run_patch(&text, "").decode(&resp(
        200,
        r#"{"data":{"successful_apply":["a"]},"statusCode":200}"#,
    ));
    assert!(
        applied_instead.is_err(),
        "an apply answer to a dry run is reported"
    );

    for key in ["GET /patches", "GET /patches/{object_name}"] {
        let p = ok(patches(), key);
        assert_eq!(p[0].version, Some(1_658_866_352_520));
        assert_eq!(p[0].next_version, Some(1_658_866_353_683));
        assert_eq!(p[0].state.as_deref(), Some("NOT_GOLDEN"), "Q24");
        assert_eq!(p[0].meta("createdBy").as_deref(), Some("Installer"));
        assert_eq!(
            p[0].description,
            "Control Plane Installation Patch: s3_storage_patch"
        );
    }
    // Q61: strings in the search answer, no envelope.
    let found = ok(
        search_patches("LOG_LEVEL: ERROR", true, 5),
        "GET /patches/search",
    );
    assert_eq!(found[0].version, Some(1_654_815_406_062));
    assert_eq!(found[0].next_version, Some(1_654_815_474_632));
    assert!(found[0].patch.contains("# __ib_label=scalar"));

    for (call_ok, key) in [
        (
            delete_patch(&crate::api::Id::from_address("1").unwrap()),
            "DELETE /patches/{version}",
        ),
        (set_namespace("ns"), "POST /patches/namespace"),
        (set_registry("r"), "POST /patches/registry"),
    ] {
        assert_eq!(
            call_ok.decode(&served(key, 200)).unwrap().successful,
            vec![PLACEHOLDER_OK]
        );
        let e = call_ok
            .decode(&served(&format!("{key}#failure"), 200))
            .unwrap_err();
        assert_eq!(
            ApplyOutcome::from_error(&e).unwrap().failed.len(),
            1,
            "{key}"
        );
    }
}

#[test]
fn config_examples_including_the_inconsistency_layouts() {
    let all = ok(configs(), "GET /configs");
    assert_eq!(all[0].object_name, "<string>");
    assert_eq!(all[0].patch_version, Some(0));
    let one = ok(
        config("service-victoriametrics"),
        "GET /configs/{object_name}",
    );
    assert_eq!(one.release_version, "$RELEASE_VERSION");
    assert_eq!(
        one.previous_release_version.as_deref(),
        Some(""),
        "Q31: a string"
    );
    assert!(!one.is_golden());
    assert!(one.config.contains("port: 8428"));
    assert_eq!(one.timestamp_ms, Some(1_656_287_479_653));
    // Q31 the other way: a number where a string is usual.
    let n = config("x")
        .decode(&resp(
            200,
            r#"{"objectName":"x","previousReleaseVersion":2301,"state":"IS_GOLDEN"}"#,
        ))
        .unwrap();
    assert_eq!(n.previous_release_version.as_deref(), Some("2301"));
    assert!(n.is_golden());

    // The example's layout: typo'd count, lists nested inside inconsistentResources, "readon".
    let i = ok(inconsistencies(), "GET /configs/k8s-inconsistencies");
    assert_eq!(i.count, 1);
    assert_eq!(i.inconsistent.len(), 1, "the nested lists are not objects");
    assert_eq!(i.inconsistent[0].name, "deployment-api-server");
    assert_eq!(i.inconsistent[0].rows[0].expected, "<string>");
    assert_eq!(i.consistent, vec!["deployment-1", "deployment-2"]);
    assert_eq!(i.skipped[0].name, "deployment-some-service");
    assert_eq!(
        (i.skipped[0].code, i.skipped[0].reason.as_str()),
        (Some(0), "<string>")
    );
    // The Go struct's layout, as the emulator sends it.
    let go = r#"{"numInconsistencies":2,"inconsistentResources":{"a":{"diffRows":[{"key":"spec.replicas","expected":"2","got":"5"}]},"b":{"diffRows":[]}},"consistentResources":["c"],"skippedResources":{"j":{"code":2,"reason":"Jobs"}}}"#;
    let i = inconsistencies().decode(&resp(200, go)).unwrap();
    assert_eq!(
        (i.count, i.inconsistent.len(), i.consistent.len()),
        (2, 2, 1)
    );
    assert_eq!(
        i.inconsistent[0].rows[0],
        DiffRow {
            key: "spec.replicas".into(),
            expected: "2".into(),
            got: "5".into()
        }
    );
    assert_eq!(i.skipped[0].reason, "Jobs");
    let e = err(
        inconsistencies(),
        "GET /configs/k8s-inconsistencies#error",
        500,
    );
    assert_eq!(e.api_message().as_deref(), Some("Reason for error"));

    let pair = ok(
        previous_config("x", 1),
        "GET /configs/previous/{object_name}/{patch_version}",
    );
    assert_eq!(
        (pair.prev_config.as_str(), pair.new_config.as_str()),
        ("config1", "config1+patch")
    );
}

/// The identity rule for DM: a patch whose version is missing, null, negative, zero, huge or a
/// word yields no id, so no `DELETE /patches/{version}` can be built from it.
#[test]
fn unreadable_patch_versions_build_no_request() {
    let mut odd = crate::api::id::tests::unreadable_ids();
    odd.push(serde_json::json!("12abc"));
    for v in odd {
        let body = serde_json::json!({ "data": { "patches": [{ "version": v, "target": "t" }] } });
        let list = patches().decode(&resp(200, &body.to_string())).unwrap();
        assert!(list[0].version_id().is_err(), "{v}");
    }
    let ok = serde_json::json!({ "data": { "patches": [{ "version": 1700000000000i64 }] } });
    let list = patches().decode(&resp(200, &ok.to_string())).unwrap();
    let id = list[0].version_id().unwrap();
    assert_eq!(delete_patch(&id).request.path, "/patches/1700000000000");
}

/// Finding 4: a push of every object answered without either list says nothing about what
/// was applied, so it is not a success ("Applied to 0 object(s); 0 failed").
#[test]
fn an_answer_without_the_lists_is_not_a_success() {
    for body in [
        r#"{"statusCode":200}"#,
        r#"{"data":{}}"#,
        r#"{"data":{"successful_apply":null}}"#,
        "",
    ] {
        let o = update_all().decode(&resp(200, body)).unwrap();
        assert!(!o.told && !o.all_ok(), "{body}");
    }
    let o = update_all()
        .decode(&resp(200, r#"{"data":{"successful_apply":[]}}"#))
        .unwrap();
    assert!(o.told && o.all_ok());
}

#[test]
fn deployment_examples_with_both_failed_to_apply_shapes() {
    // Op 19: no failed_to_apply at all (Q35).
    let o = ok(update_all(), "POST /deployment/update");
    assert_eq!(o.successful.len(), 3);
    assert!(o.failed.is_empty() && o.error.is_none());
    // Op 46: a map of object → reason (X4).
    let o = ok(
        update_all(),
        "POST /deployment/update#dup:update-all-objects",
    );
    assert_eq!(
        o.successful,
        vec!["deployment-api-server", "deployment-webapp"]
    );
    assert_eq!(
        o.failed,
        vec![FailedObject {
            name: "deployment-loki-read".into(),
            reason: Some("reason".into())
        }]
    );
    let o = ok(
        update_object("deployment-api-server"),
        "POST /deployment/update/{object}",
    );
    assert_eq!(o.successful, vec!["deployment-api-server"]);
    assert!(o.all_ok(), "an empty map is no failure");
    assert_eq!(ok(revive(), "POST /deployment/revive"), ());
    assert_eq!(ok(hibernate(), "POST /deployment/hibernate"), ());
    assert_eq!(
        ok(dm_namespace(), "GET /deployments/namespace"),
        "instabase"
    );
    assert_eq!(ok(platform_version(), "GET /platform/version"), "23.07");
}

#[test]
fn label_resourcing_and_kube_examples() {
    assert_eq!(
        ok(labels(), "GET /resource_labels"),
        vec!["ConfigMap", "Deployment", "Job"]
    );
    let o = ok(bind_labels(&[], &[]), "POST /resource_labels/binding");
    assert_eq!(o.successful.len(), 3);
    assert_eq!(
        ok(
            objects_by_label("l", false),
            "GET /resource_labels/objects/{label}"
        ),
        vec!["<string: Kubernetes object name>"]
    );
    assert_eq!(
        ok(labels_of("o"), "GET /resource_labels/labels/{object_name}"),
        vec!["<string: label name>"]
    );
    assert_eq!(delete_bindings("o").decode(&resp(200, "")), Ok(()));
    assert_eq!(update_default_labels().decode(&resp(200, "")), Ok(()));
    assert_eq!(
        ok(
            resize_cluster(ClusterSize::Large),
            "POST /resourcing/cluster/{size}"
        )
        .successful
        .len(),
        3
    );
    assert_eq!(pause_autoscaling().decode(&resp(200, "")), Ok(()));
    assert_eq!(resume_autoscaling().decode(&resp(200, "")), Ok(()));
    let s = ok(autoscaling_status(), "GET /autoscaling/controllers/status");
    assert_eq!(
        s.get("scale-down-to-zero").map(String::as_str),
        Some("paused")
    );
    assert_eq!(ok(autoscaled(), "GET /resourcing/autoscaled").len(), 5);
    assert_eq!(ok(delete_job("j"), "DELETE /kube/job/{job_name}"), ());
    assert_eq!(ok(delete_pod("p"), "POST /kube/pod/delete"), ());
    assert_eq!(ok(quarantine_pod("p"), "POST /kube/pod/quarantine"), ());
    // A kube error in the common envelope.
    let e = delete_pod("p")
        .decode(&resp(
            404,
            r#"{"statusCode":404,"data":null,"error":"pod \"p\" not found"}"#,
        ))
        .unwrap_err();
    assert_eq!(e.api_message().as_deref(), Some("pod \"p\" not found"));
}

#[test]
fn telescope_examples_keep_export_and_import_apart() {
    let req = ExportRequest::default();
    let j = ok(start_export(&req), "POST /obs/telescope/export");
    assert_eq!(j.status, JobStatus::Waiting);
    assert_eq!(j.request.label, "any-label-1698329335912");
    assert_eq!(j.zip_file_path, "");
    let j = ok(export_status("id"), "GET /obs/telescope/export/{id}/status");
    assert_eq!(j.status, JobStatus::Success);
    assert!(j.status.is_finished());
    assert!(j
        .zip_file_path
        .ends_with("0b7e18e3-5e71-429a-8e6d-a8a467003e6d.zip"));
    // Q57: request and result swapped.
    let f = file("t.zip", b"PK");
    let i = ok(import_telemetry(&f), "POST /obs/telescope/import");
    assert_eq!(i.status, JobStatus::Success);
    assert!(i
        .zip_file_path
        .ends_with("bbd84cbe-50f8-4a98-a346-357fd1b07ebf.zip"));
    assert_eq!(i.result.services, vec!["core-platform-service"]);
    assert_eq!(i.result.data_sources, vec!["STATS"]);
    // Q59, Q60: {} data.
    assert!(ok(
        import_configs("id"),
        "GET /obs/telescope/import/{id}/configs"
    )
    .is_empty());
    let s = ok(import_status("id"), "GET /obs/telescope/import/{id}/status");
    assert_eq!(s.status, JobStatus::Unknown);
    assert!(!s.status.is_finished());
    // Q55: unknown statuses are pending.
    assert_eq!(
        JobStatus::parse("ARCHIVING"),
        JobStatus::Other("ARCHIVING".into())
    );
    assert!(!JobStatus::parse("ARCHIVING").is_finished());
    assert!(JobStatus::parse("failed").is_finished());
    let c = import_configs("id")
        .decode(&resp(
            200,
            r#"{"statusCode":200,"data":{"webapp":"kind: Deployment\n","n":{"a":1}},"error":null}"#,
        ))
        .unwrap();
    assert_eq!(
        c,
        vec![
            ("n".to_string(), r#"{"a":1}"#.to_string()),
            ("webapp".to_string(), "kind: Deployment\n".to_string())
        ]
    );
}

#[test]
fn platform_status_and_settings_examples() {
    let c = ok(platform_status(), "GET /platform-status/components");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].name, "database");
    assert_eq!(c[0].last_updated, Some(1_695_914_909));
    let check = &c[0].checks[0];
    assert_eq!(check.id, "Database Connection");
    assert_eq!(check.health(), Health::Healthy);
    assert!(check.is_critical);
    assert_eq!(check.tags, vec!["platform-status-dashboard", "upgrade"]);
    assert_eq!(c[0].health(), Health::Healthy);
    let hc = |s: &str| HealthCheck {
        status: s.into(),
        ..HealthCheck::default()
    };
    let comp = Component {
        name: "x".into(),
        last_updated: None,
        checks: vec![hc("healthy"), hc("degraded")],
    };
    assert_eq!(comp.health(), Health::Degraded);
    assert_eq!(hc("unhealthy").health(), Health::Unhealthy);

    // Q63: string booleans; Q64: the edit goes back as the whole envelope.
    let mut s = ok(settings(), "GET /settings");
    assert_eq!(s.entries.len(), 13);
    assert_eq!(s.get("isDocsFromWordpress"), Some("true"));
    assert!(Settings::is_switch("false") && !Settings::is_switch(""));
    assert!(
        Settings::is_secret("obsAlertEmailAppPassword") && Settings::is_secret("obsAlertSlackUrl")
    );
    assert!(!Settings::is_secret("obsAlertSlackChannel"));
    let unchanged = s.clone();
    assert_eq!(
        s.body(),
        examples()["GET /settings"]["body"],
        "sent back exactly as received"
    );
    s.set("isDocsEnabled", "true");
    assert_eq!(s.changed_keys(&unchanged), vec!["isDocsEnabled"]);
    let c = update_settings(&s);
    match &c.request.body {
        Body::Json(v) => {
            assert_eq!(v["data"]["settings"]["isDocsEnabled"], "true");
            assert_eq!(v["statusCode"], 200);
        }
        other => panic!("{other:?}"),
    }
    // Q65: {"updatedConfigs": …} without an envelope.
    let o = c.decode(&served("POST /settings", 200)).unwrap();
    assert!(o.successful.is_empty() && o.failed.is_empty());
    let o = c.decode(&resp(200, r#"{"updatedConfigs":{"successful_apply":["platform-settings"],"failed_to_apply":["deployment-webapp"]}}"#)).unwrap();
    assert_eq!(o.failed[0].name, "deployment-webapp");
}

#[test]
fn every_documented_example_is_decoded_by_a_test() {
    // The fixture file holds exactly the examples the tests above read.
    let all = examples();
    let keys: Vec<&String> = all
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('_'))
        .collect();
    assert_eq!(keys.len(), 62);
    let source = include_str!("tests.rs");
    for k in keys {
        let base = k.split('#').next().unwrap();
        let direct = source.contains(&format!("\"{k}\""));
        let templated = k.ends_with("#failure")
            && source.contains(&format!("\"{base}\""))
            && source.contains("\"{key}#failure\"");
        assert!(direct || templated, "{k} is not decoded by any test");
    }
}

#[test]
fn requests_use_the_documented_methods_paths_and_bodies() {
    let c = setup_status();
    assert_eq!(
        (c.request.method(), c.request.path.as_str()),
        (Method::Post, "/setup/status")
    );
    assert_eq!(
        object_versions("a b/c").request.path,
        "/base_configs/a%20b%2Fc/versions"
    );
    assert_eq!(
        delete_patch(&crate::api::Id::from_address("1658866352520").unwrap())
            .request
            .path,
        "/patches/1658866352520"
    );
    assert_eq!(
        delete_patch(&crate::api::Id::from_address("5").unwrap())
            .request
            .method(),
        Method::Delete
    );
    assert_eq!(
        previous_config("obj", 7).request.path,
        "/configs/previous/obj/7"
    );
    assert_eq!(
        resize_cluster(ClusterSize::XLarge).request.path,
        "/resourcing/cluster/x-large"
    );
    assert_eq!(dm_namespace().request.path, "/deployments/namespace");
    assert_eq!(
        base_configs(Some("23.07.0"), Some(" "))
            .request
            .path_and_query(),
        "/base_configs?version=23.07.0"
    );
    assert_eq!(
        upgrade_history(Some(50), Some(10)).request.path_and_query(),
        "/base_configs/history?limit=50&offset=10"
    );
    assert_eq!(
        search_patches("LOG_LEVEL: ERROR", false, 20)
            .request
            .path_and_query(),
        "/patches/search?query=LOG_LEVEL%3A%20ERROR&caseSensitive=false&limit=20"
    );
    assert_eq!(
        objects_by_label("team a", false).request.path_and_query(),
        "/resource_labels/objects/team%20a?must_exist=false"
    );
    assert_eq!(
        export_status("id/1").request.path,
        "/obs/telescope/export/id%2F1/status"
    );
    assert_eq!(
        import_configs("i").request.path,
        "/obs/telescope/import/i/configs"
    );
    assert_eq!(delete_job("job-1").request.path, "/kube/job/job-1");
}

#[test]
fn forms_and_multipart_bodies_are_built_as_documented() {
    // Repeated keys for every label and object.
    let c = bind_labels(
        &["team a".into(), "critical".into(), " ".into()],
        &["deployment-webapp".into()],
    );
    assert_eq!(
        form_text(&c),
        "label=team%20a&label=critical&object_name=deployment-webapp"
    );
    assert_eq!(
        c.request.body.content_type(),
        Some("application/x-www-form-urlencoded")
    );
    let img = ImageUpdate {
        object: "deployment-api-server".into(),
        container: String::new(),
        image: "gcr.io/x/i:1".into(),
        comment: "numpy-package-update".into(),
    };
    assert_eq!(
        form_text(&update_image(&img)),
        "image=gcr.io%2Fx%2Fi%3A1&object=deployment-api-server&comment=numpy-package-update"
    );
    let img = ImageUpdate {
        container: "stats".into(),
        ..img
    };
    assert!(form_text(&update_image(&img)).ends_with("&container=stats"));
    assert_eq!(form_text(&quarantine_pod(" pod-1 ")), "pod=pod-1");
    // Base configs: text as a form, a file as multipart.
    let t = create_base_configs(" 23.07.0 ", &ConfigSource::Text("a: 1\n---\nb: 2\n".into()));
    assert_eq!(
        form_text(&t),
        "release_version=23.07.0&base_config=a%3A%201%0A---%0Ab%3A%202%0A"
    );
    let f = file("configs.tar.gz", &[0x1f, 0x8b, 0]);
    let u = upload_base_configs("23.07.0", &ConfigSource::File(f.clone()));
    assert_eq!(u.request.path, "/base_configs/upload");
    assert_eq!(
        u.request.body,
        Body::Multipart(vec![
            Part::Text("release_version".into(), "23.07.0".into()),
            Part::File("file".into(), f.clone())
        ])
    );
    assert_eq!(
        u.request.body.content_type(),
        None,
        "the transport sets the boundary"
    );
    // Patches: dry_run as "true" (Q23), description only when given.
    let p = dry_run_patch(&PatchSource::Text("# target: x\n".into()), " why ");
    assert_eq!(
        form_text(&p),
        "patch=%23%20target%3A%20x%0A&description=why&dry_run=true"
    );
    let p = apply_patch(&PatchSource::Text("# target: x\n".into()), "");
    assert_eq!(form_text(&p), "patch=%23%20target%3A%20x%0A");
    let p = dry_run_patch(&PatchSource::File(f.clone()), "");
    assert_eq!(
        p.request.body,
        Body::Multipart(vec![
            Part::File("file".into(), f.clone()),
            Part::Text("dry_run".into(), "true".into())
        ])
    );
    let i = import_telemetry(&f);
    assert_eq!(
        i.request.body,
        Body::Multipart(vec![Part::File("file".into(), f)])
    );
    // JSON bodies.
    assert_eq!(
        set_registry(" gcr.io/x/ ").request.body,
        Body::Json(json!({"registry": "gcr.io/x"}))
    );
    assert_eq!(
        set_namespace("ib").request.body,
        Body::Json(json!({"namespace": "ib"}))
    );
}

#[test]
fn database_options_go_as_the_document_shows_them() {
    let init = DbInit {
        create_admin_account: true,
        admin_email: "admin@email.com".into(),
        admin_username: "admin".into(),
        enable_control_plane: false,
        enable_ml_studio: true,
        ..DbInit::default()
    };
    let body = init.body();
    let example = &examples()["_request_examples"]["POST /database/mock_ddl"];
    assert_eq!(
        body["create_admin_account"], example["create_admin_account"],
        "Q5: string booleans"
    );
    assert_eq!(body["enable_control_plane"], "false");
    assert_eq!(body["enable_ml_studio"], "true");
    assert_eq!(body["admin_email"], example["admin_email"]);
    assert_eq!(body["enable_repo_projects"], "false");
    assert_eq!(init.validate(), Ok(()));
    let no_admin = DbInit {
        create_admin_account: false,
        admin_email: "ignored@x".into(),
        ..DbInit::default()
    };
    assert!(
        no_admin.body().get("admin_email").is_none(),
        "Q4: the email goes only with an admin"
    );
    let missing = DbInit {
        create_admin_account: true,
        ..DbInit::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        message_for(&missing, "admin_email"),
        Some("An email is needed for the admin account.")
    );
    let bad = DbInit {
        create_admin_account: true,
        admin_email: "nope".into(),
        admin_username: "a b".into(),
        ..DbInit::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!(bad.len(), 2);
    assert!(message_for(&bad, "admin_username").is_some());
}

#[test]
fn the_document_splitter_keeps_each_block() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# just a comment\n---   \nkind: Service\nmetadata:\n  name: \"b\"\n  labels:\n    name: not-this\n---\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0],
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
    );
    assert_eq!(
        kind_and_name(&docs[0]),
        (Some("ConfigMap".into()), Some("a".into()))
    );
    assert_eq!(
        kind_and_name(&docs[1]),
        (Some("Service".into()), Some("b".into()))
    );
    // A "---" inside a value is not a separator; nothing at all gives no documents.
    assert_eq!(split_documents("data:\n  x: |\n    a --- b\n").len(), 1);
    assert!(split_documents("\n\n---\n").is_empty());
    assert_eq!(kind_and_name("spec: {}\n"), (None, None));
}

#[test]
fn the_comment_rule_is_checked_before_sending() {
    assert_eq!(validate_comment("numpy-package-update"), Ok(()));
    assert_eq!(validate_comment(&"aZ0-_".repeat(8)), Ok(()), "exactly 40");
    let e = validate_comment(&"a".repeat(41)).unwrap_err();
    assert_eq!(
        (e.field.as_ref(), e.message.as_str()),
        ("comment", "At most 40 characters (41 now).")
    );
    // Q17: "a-zA-z" taken literally would let these through; the intended set does not.
    for bad in [
        "back`tick",
        "caret^",
        "brack[et",
        "under\\score",
        "space here",
        "ümlaut",
        "dot.ted",
    ] {
        let e = validate_comment(bad).unwrap_err();
        assert!(
            e.message.starts_with("Use only letters"),
            "{bad}: {}",
            e.message
        );
    }
    assert_eq!(
        validate_comment("  ").unwrap_err().message,
        "A comment is required, such as numpy-package-update."
    );
    let img = ImageUpdate {
        object: "Bad_Name".into(),
        container: String::new(),
        image: "no-tag".into(),
        comment: "ok".into(),
    };
    let errors = img.validate().unwrap_err();
    assert!(message_for(&errors, "object").is_some());
    assert!(message_for(&errors, "image").unwrap().contains("tag"));
    assert!(message_for(&errors, "comment").is_none());
}

#[test]
fn other_inputs_are_checked_field_by_field() {
    assert!(validate_object_name("object", "deployment-api-server").is_ok());
    assert!(validate_object_name("object", "-x").is_err());
    assert!(
        validate_release("23.07.0").is_ok()
            && validate_release("23").is_err()
            && validate_release("v23.07").is_err()
    );
    assert!(
        validate_namespace("instabase-prod").is_ok()
            && validate_namespace("Prod").is_err()
            && validate_namespace("a-").is_err()
    );
    assert!(
        validate_registry("gcr.io/instabase-public").is_ok()
            && validate_registry("localhost:5000").is_ok()
    );
    assert!(
        validate_registry("https://gcr.io/x").is_err()
            && validate_registry("gcr.io/x:tag").is_err()
    );
    assert!(validate_label("label", "team-a").is_ok() && validate_label("label", "a b").is_err());
    assert!(validate_image("gcr.io/instabase-public/image:tag").is_ok());
    assert!(validate_image("registry:5000/img@sha256:abc").is_ok());
    assert!(validate_file_name("file", "c.TAR.GZ", &BASE_CONFIG_FILES).is_ok());
    assert_eq!(
        validate_file_name("file", "c.yml", &BASE_CONFIG_FILES)
            .unwrap_err()
            .message,
        "Choose a .zip, .tar.gz, .tgz file."
    );
    assert!(validate_file_name("file", "p.yaml", &PATCH_FILES).is_ok());
    // Patch targets: YAML documents each need their tag; JSON patches need target and ops (Q21).
    assert_eq!(
        patch_targets("# target: a\nspec: {}\n---\n#target: lbl\nx: 1\n"),
        Ok(vec!["a".to_string(), "lbl".to_string()])
    );
    assert_eq!(
        patch_targets("# target: a\nspec: {}\n---\nx: 1\n")
            .unwrap_err()
            .message,
        "Patch 2 must start with a line \"# target: <object-or-label>\"."
    );
    let json_patch =
        examples()["_request_examples"]["POST /patches/apply (JSON patch document)"].to_string();
    assert_eq!(
        patch_targets(&json_patch),
        Ok(vec!["some-network-policy".to_string()])
    );
    assert!(
        patch_targets(r#"{"kind":"X","patch":[{"op":"add","path":"/a","value":1}]}"#)
            .unwrap_err()
            .message
            .contains("target")
    );
    assert!(
        patch_targets(r#"{"target":"x","patch":[{"op":"test2","path":"/a"}]}"#)
            .unwrap_err()
            .message
            .contains("test2")
    );
    assert!(patch_targets("{nope").is_err());
}

#[test]
fn export_requests_normalize_their_times() {
    // Q53: the document's example writes the time with dots.
    let example = &examples()["_request_examples"]["POST /obs/telescope/export"];
    assert_eq!(
        iso_time(example["start"].as_str().unwrap()).as_deref(),
        Some("2023-10-26T13:08:45.131Z")
    );
    assert_eq!(
        iso_time("2023-10-26T13:08").as_deref(),
        Some("2023-10-26T13:08:00.000Z")
    );
    assert_eq!(
        iso_time("2023-10-26T13:08:05.5Z").as_deref(),
        Some("2023-10-26T13:08:05.500Z")
    );
    assert_eq!(iso_time("2023-13-26T13:08"), None);
    assert_eq!(iso_time("yesterday"), None);
    let req = ExportRequest {
        services: vec!["server-nginx".into()],
        data_sources: vec![DataSource::Logs, DataSource::Configs],
        start: "2023-10-26T13:08".into(),
        end: "2023-10-26T14:08".into(),
        label: "any-label".into(),
    };
    assert_eq!(req.validate(), Ok(()));
    assert_eq!(
        start_export(&req).request.body,
        Body::Json(
            json!({"services": ["server-nginx"], "data_sources": ["LOGS", "CONFIGS"], "start": "2023-10-26T13:08:00.000Z", "end": "2023-10-26T14:08:00.000Z", "label": "any-label"})
        )
    );
    let bad = ExportRequest {
        end: "2023-10-26T12:00".into(),
        label: "a b".into(),
        data_sources: vec![],
        services: vec![],
        ..req
    };
    let e = bad.validate().unwrap_err();
    for field in ["services", "data_sources", "end", "label"] {
        assert!(message_for(&e, field).is_some(), "{field}");
    }
}
