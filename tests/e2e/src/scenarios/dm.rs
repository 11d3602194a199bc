//! Deployment Manager: database preview, patch dry run → apply → diff, an upload followed to
//! completion, hibernation with typed confirmation, telescope export, settings round trip, pod
//! quarantine, an injected deployment failure, and the remaining operations through the UI.
//!
//! Scenarios share one emulator: each one restores what it changes cluster-wide (hibernation,
//! settings, namespace, size) and uses releases that keep the platform at 23.07.

use serde_json::json;

use crate::{ensure, Outcome, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "dm: setup status, database form and preview DDL",
            run: database,
        },
        Scenario {
            name: "dm: a patch is dry-run, applied, diffed, found and deleted",
            run: patch_flow,
        },
        Scenario {
            name: "dm: a base-config upload is followed to completion",
            run: upload_flow,
        },
        Scenario {
            name: "dm: hibernate and revive with typed confirmation change the status grid",
            run: hibernate,
        },
        Scenario {
            name: "dm: telescope export reaches SUCCESS and an import shows its configs",
            run: telescope,
        },
        Scenario {
            name: "dm: settings edit round trip",
            run: settings,
        },
        Scenario {
            name: "dm: a pod is quarantined, another deleted, a job deleted",
            run: kube,
        },
        Scenario {
            name: "dm: an injected failure on deployment update lists the failed objects",
            run: failed_update,
        },
        Scenario {
            name: "dm: configs, drift, labels, resourcing, namespace and registry",
            run: the_rest,
        },
        Scenario {
            name: "dm: telescope and kube say which read failed and how, and Retry recovers",
            run: read_faults,
        },
    ]
}

const AREA: &str = "/deployment-manager";

async fn open(p: &Page, tab: &str) -> Outcome {
    p.open_connected(&format!("{AREA}{tab}"), &["dm"]).await
}

/// Confirms the open dialog, typing `typed` first when the dialog asks for it.
async fn confirm(p: &Page, typed: Option<&str>) -> Outcome {
    p.wait_for(".dialog").await?;
    if let Some(t) = typed {
        let disabled = p.js("return document.querySelector('.dialog .dialog-actions button:nth-of-type(2)').disabled").await?;
        ensure(
            disabled == json!(true),
            "the confirm button works before the name is typed",
        )?;
        p.fill(".dialog .confirm-input", t).await?;
    }
    p.click(".dialog .dialog-actions button:nth-of-type(2)")
        .await?;
    p.wait_gone(".dialog").await
}

/// Clicks a Change button, checks the dialog says `says`, confirms it.
async fn change(p: &Page, id: &str, says: &str, typed: Option<&str>) -> Outcome {
    p.click(&format!("#{id}")).await?;
    p.wait_text(".dialog", says).await?;
    confirm(p, typed).await
}

async fn disabled(p: &Page, css: &str) -> Result<bool, crate::Error> {
    Ok(
        p.js(&format!("return document.querySelector('{css}').disabled"))
            .await?
            == json!(true),
    )
}

/// A valid .zip holding the given files, stored (not compressed).
fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in data {
            crc ^= *b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, text) in files {
        let (n, d) = (name.as_bytes(), text.as_bytes());
        let crc = crc32(d).to_le_bytes();
        let size = (d.len() as u32).to_le_bytes();
        let offset = (out.len() as u32).to_le_bytes();
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            v.extend_from_slice(&crc);
            v.extend_from_slice(&size);
            v.extend_from_slice(&size);
            v.extend_from_slice(&(n.len() as u16).to_le_bytes());
            v.extend_from_slice(&[0, 0]);
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(n);
        out.extend_from_slice(d);
        central.extend_from_slice(b"PK\x01\x02\x14\x00");
        common(&mut central);
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&offset);
        central.extend_from_slice(n);
    }
    let at = (out.len() as u32).to_le_bytes();
    let count = (files.len() as u16).to_le_bytes();
    let len = (central.len() as u32).to_le_bytes();
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&len);
    out.extend_from_slice(&at);
    out.extend_from_slice(&[0, 0]);
    out
}

/// Writes bytes to a temporary file the browser can upload; returns its path.
fn temp_file(name: &str, bytes: &[u8]) -> Result<String, crate::Error> {
    let dir = std::env::temp_dir().join(format!("opsdeck-dm-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path.to_string_lossy().into_owned())
}

async fn upload(p: &Page, css: &str, path: &str) -> Outcome {
    p.wait_for(css).await?.send_keys(path).await?;
    Ok(())
}

fn database<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/setup").await?;
        p.wait_text("#dm-setup-status", "complete").await?;
        change(
            p,
            "dm-setup",
            "Initializes the Deployment Manager metadata",
            None,
        )
        .await?;
        p.wait_text("#dm-setup-result", "Setup answered OK").await?;
        // The email is asked for only with an admin account, and checked before anything is sent.
        p.click("#dm-db-admin").await?;
        p.click("#dm-db-preview").await?;
        p.wait_text(
            "#dm-db-email-error",
            "An email is needed for the admin account.",
        )
        .await?;
        p.fill("#dm-db-email", "ops@acme-corp.com").await?;
        p.click("#dm-db-enable_control_plane").await?;
        p.click("#dm-db-preview").await?;
        p.wait_text("#dm-ddl", "statement(s) would run").await?;
        p.wait_text("#dm-ddl", "cp_patches").await?;
        p.wait_text("#dm-ddl", "'ops@acme-corp.com'").await?;
        let ddl = p.text("#dm-ddl").await?;
        ensure(
            !ddl.contains("key_service_keys"),
            "a flag that is off added its tables",
        )?;
        p.click("#dm-db-test").await?;
        p.wait_text("#dm-db-test-result", "The database answered.")
            .await?;
        change(
            p,
            "dm-db-setup",
            "and the admin account ops@acme-corp.com",
            None,
        )
        .await?;
        p.wait_text("#dm-db-setup-result", "Database initialization answered OK")
            .await?;
        Ok(())
    })
}

fn patch_flow<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/patches").await?;
        // Refused before sending: no target tag.
        p.fill("#dm-patch-text", "spec:\n  replicas: 3\n").await?;
        p.click("#dm-patch-dry").await?;
        p.wait_text("#dm-patch-text-error", "# target:").await?;
        p.fill(
            "#dm-patch-text",
            "# target: deployment-file-service\nspec:\n  replicas: 3\n",
        )
        .await?;
        p.wait_text("#dm-patch-targets", "Targets: deployment-file-service")
            .await?;
        ensure(
            disabled(p, "#dm-patch-apply").await?,
            "apply is offered before a dry run",
        )?;
        p.fill("#dm-patch-description", "e2e more file service replicas")
            .await?;
        p.click("#dm-patch-dry").await?;
        p.wait_text("#dm-dry-results", "1 target(s).").await?;
        p.wait_text("#dm-dry-deployment-file-service", "1 line(s) differ.")
            .await?;
        p.wait_text("#dm-dry-deployment-file-service", "replicas: 3")
            .await?;
        change(p, "dm-patch-apply", "Writes the patch", None).await?;
        p.wait_text(
            "#dm-patch-apply-result",
            "Applied to 1 object(s); 0 failed.",
        )
        .await?;
        let diff = p
            .wait_text("#dm-diff-deployment-file-service", "replicas: 3")
            .await?;
        ensure(
            diff.contains("replicas: 2"),
            format!("the diff lacks the previous value: {diff}"),
        )?;
        // The stored patch: by object, by keyword, then deleted (typing its version).
        p.fill("#dm-patches-object", "deployment-file-service")
            .await?;
        p.click("#dm-patches-for").await?;
        p.wait_text("#dm-patches", "1 patch(es).").await?;
        p.wait_text("#dm-patches", "e2e more file service replicas")
            .await?;
        p.fill("#dm-patches-q", "e2e more file").await?;
        p.click("#dm-patches-search").await?;
        p.wait_text("#dm-patches", "1 patch(es).").await?;
        p.click("#dm-patches-all").await?;
        p.wait_text("#dm-patches", "s3_storage_patch").await?;
        p.click("#dm-patches-for").await?;
        p.wait_text("#dm-patches", "1 patch(es).").await?;
        let id = p
            .js("return document.querySelector('#dm-patches [id^=\"dm-patch-delete-\"]').id")
            .await?;
        let version = id
            .as_str()
            .unwrap_or("")
            .trim_start_matches("dm-patch-delete-")
            .to_string();
        p.click("#dm-patches details summary").await?;
        change(
            p,
            &format!("dm-patch-delete-{version}"),
            &format!("Removes patch {version}"),
            Some(&version),
        )
        .await?;
        p.wait_text("#dm-patches", "0 patch(es).").await?;
        Ok(())
    })
}

const CONFIGS: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-flags\n  namespace: instabase\ndata:\n  FLAG: \"on\"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: e2e-service\n  namespace: instabase\nspec:\n  ports:\n  - port: 80\n";

fn upload_flow<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/base-configs").await?;
        p.wait_text("#dm-matrix", "deployment-api-server").await?;
        // Checked before sending.
        p.click("#dm-up-async").await?;
        p.wait_text("#dm-up-release-error", "Write the release as numbers")
            .await?;
        p.fill("#dm-up-release", "23.07.1").await?;
        p.fill("#dm-up-text", CONFIGS).await?;
        p.wait_text("#dm-up-docs", "2 document(s) found.").await?;
        change(
            p,
            "dm-up-async",
            "2 config(s): ConfigMap e2e-flags, Service e2e-service",
            None,
        )
        .await?;
        p.wait_text("#dm-up-async-result", "Upload accepted as request")
            .await?;
        p.wait_text("#dm-upload-progress", "running").await?;
        p.wait_text("#dm-upload-progress", "Applied to 2 object(s); 0 failed.")
            .await?;
        // The same configs as a .zip, synchronously, as another release.
        let file = temp_file("e2e-configs.zip", &zip(&[("configs/all.yaml", CONFIGS)]))?;
        p.click("#dm-up-use-file").await?;
        upload(p, "#dm-up-file", &file).await?;
        p.fill("#dm-up-release", "23.07.2").await?;
        change(p, "dm-up-sync", "the archive e2e-configs.zip", None).await?;
        p.wait_text("#dm-up-sync-result", "Applied to 2 object(s); 0 failed.")
            .await?;
        // The archive went out as multipart, its progress watched to the end.
        p.wait_text("#dm-up-sync-upload", "Uploaded ").await?;
        // The new releases show up everywhere.
        p.client.refresh().await?;
        p.wait_text("#dm-matrix", "23.07.2").await?;
        // The followed upload is still shown after the reload.
        p.wait_text("#dm-upload-progress", "Applied to 2 object(s); 0 failed.")
            .await?;
        p.wait_text("#dm-history", "23.07.1").await?;
        p.click("#dm-matrix a[href*='e2e-flags']").await?;
        p.wait_text("#dm-object", "Releases: 23.07.1, 23.07.2")
            .await?;
        p.wait_text("#dm-object", "Containers:").await?;
        p.click("#dm-bc-show").await?;
        p.wait_text("#dm-bc-list", "base config(s).").await?;
        // Image override: the comment rule is checked while typing.
        p.wait_text("#dm-img-object", "deployment-webapp").await?;
        p.js("const s = document.querySelector('#dm-img-object'); s.value = 'deployment-webapp'; s.dispatchEvent(new Event('change'));").await?;
        p.fill("#dm-img-comment", "not allowed!").await?;
        p.wait_text("#dm-img-comment-error", "Use only letters")
            .await?;
        p.fill("#dm-img-comment", &"x".repeat(41)).await?;
        p.wait_text("#dm-img-comment-error", "At most 40 characters (41 now).")
            .await?;
        p.fill("#dm-img-comment", "e2e-hotfix").await?;
        p.fill(
            "#dm-img-image",
            "gcr.io/instabase-public/webapp:23.07.0-e2e",
        )
        .await?;
        change(p, "dm-img-apply", "webapp:23.07.0-e2e", None).await?;
        p.wait_text("#dm-img-apply-result", "Applied to 1 object(s); 0 failed.")
            .await?;
        Ok(())
    })
}

fn hibernate<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "").await?;
        p.wait_text("#dm-version", "23.07").await?;
        p.wait_text("#dm-namespace", "instabase").await?;
        p.wait_text("#dm-comp-api-server", "healthy").await?;
        p.click("#dm-tab-deployment").await?;
        change(p, "dm-hibernate", "scaled to 0 replicas", Some("instabase")).await?;
        p.wait_text("#dm-hibernate-result", "Hibernation requested")
            .await?;
        p.click("#dm-tab").await?;
        p.wait_text("#dm-comp-api-server", "the platform is hibernated")
            .await?;
        p.wait_text("#dm-comp-api-server", "unhealthy").await?;
        p.click("#dm-tab-deployment").await?;
        change(
            p,
            "dm-revive",
            "Scales every workload back",
            Some("instabase"),
        )
        .await?;
        p.wait_text("#dm-revive-result", "Revival requested")
            .await?;
        p.click("#dm-tab").await?;
        // The grid refreshes by itself: starting, then healthy again.
        p.wait_text("#dm-comp-api-server", "pods ready").await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let t = p.text("#dm-comp-api-server").await?;
            if t.contains("2/2 pods ready") && !t.contains("unhealthy") && !t.contains("degraded") {
                break;
            }
            ensure(
                std::time::Instant::now() < deadline,
                format!("still not healthy: {t}"),
            )?;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        Ok(())
    })
}

fn telescope<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/telescope").await?;
        p.click("#dm-svc-server-nginx").await?;
        p.click("#dm-export-configs").await?;
        p.fill("#dm-export-label", "e2e export").await?;
        p.click("#dm-export-start-btn").await?;
        p.wait_text("#dm-export-label-error", "Use letters, digits")
            .await?;
        p.fill("#dm-export-label", "e2e-export").await?;
        change(
            p,
            "dm-export-start-btn",
            "LOGS, CONFIGS of server-nginx",
            None,
        )
        .await?;
        p.wait_text("#dm-export-start-btn-result", "started")
            .await?;
        p.wait_text("#dm-telescope-jobs", "SUCCESS").await?;
        p.wait_text("#dm-telescope-jobs", "/tmp/telescope-").await?;
        // Import a zip whose manifest names the webapp's configs.
        let manifest = r#"{"services":["webapp"],"data_sources":["CONFIGS"],"start":"2023-10-26T13:08:45.131Z","end":"2023-10-26T14:08:45.131Z","label":"e2e-import"}"#;
        let file = temp_file("e2e-telemetry.zip", &zip(&[("request.json", manifest)]))?;
        upload(p, "#dm-import-file", &file).await?;
        change(p, "dm-import-btn", "e2e-telemetry.zip", None).await?;
        p.wait_text("#dm-import-btn-result", "accepted").await?;
        p.wait_text("#dm-telescope-jobs", "webapp from 2023-10-26T13:08:45.131Z")
            .await?;
        p.wait_text("#dm-telescope-jobs .dm-job summary", "webapp")
            .await?;
        // Followed jobs survive a reload.
        p.client.refresh().await?;
        p.wait_text("#dm-telescope-jobs", "e2e-export").await?;
        Ok(())
    })
}

fn settings<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/settings").await?;
        p.wait_for("#dm-set-isDocsEnabled").await?;
        let before = p
            .js("return document.querySelector('#dm-set-isDocsEnabled').checked")
            .await?;
        let kind = p
            .js("return document.querySelector('#dm-set-obsAlertEmailAppPassword').type")
            .await?;
        ensure(
            kind == json!("password"),
            "a secret setting is shown in clear",
        )?;
        ensure(
            disabled(p, "#dm-settings-save").await?,
            "save is offered with nothing changed",
        )?;
        p.click("#dm-set-isDocsEnabled").await?;
        p.wait_text("#dm-settings-changed", "1 setting(s) changed.")
            .await?;
        let after = if before == json!(true) {
            "false"
        } else {
            "true"
        };
        let before_text = if before == json!(true) {
            "true"
        } else {
            "false"
        };
        change(
            p,
            "dm-settings-save",
            &format!("isDocsEnabled: {before_text} → {after}"),
            Some("settings"),
        )
        .await?;
        p.wait_text(
            "#dm-settings-save-result",
            "Applied to 3 object(s); 0 failed.",
        )
        .await?;
        p.client.refresh().await?;
        p.wait_for("#dm-set-isDocsEnabled").await?;
        let now = p
            .js("return document.querySelector('#dm-set-isDocsEnabled').checked")
            .await?;
        ensure(now != before, "the edit did not survive a reload")?;
        // Put it back.
        p.click("#dm-set-isDocsEnabled").await?;
        change(p, "dm-settings-save", "isDocsEnabled", Some("settings")).await?;
        p.wait_text("#dm-settings-save-result", "Applied to")
            .await?;
        Ok(())
    })
}

fn kube<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        open(p, "/kube").await?;
        p.wait_text("#dm-known-pods", "webapp-").await?;
        let pods = p
            .js("return Array.from(document.querySelectorAll('#dm-known-pods .dm-chip')).map(b => b.textContent).filter(t => t.startsWith('webapp-'))")
            .await?;
        let pods: Vec<String> = pods
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        ensure(pods.len() >= 2, format!("webapp pods: {pods:?}"))?;
        p.click(&format!("#dm-pod-{}", pods[0])).await?;
        change(
            p,
            "dm-pod-quarantine",
            &format!("Takes {} out of the load balancer", pods[0]),
            Some(&pods[0]),
        )
        .await?;
        p.wait_text(
            "#dm-pod-quarantine-result",
            "taken out of the load balancer",
        )
        .await?;
        p.click("#dm-tab").await?;
        p.wait_text(
            "#dm-comp-webapp",
            &format!("quarantined (out of the load balancer): {}", pods[0]),
        )
        .await?;
        p.click("#dm-tab-kube").await?;
        p.wait_text("#dm-known-pods", "webapp-").await?;
        p.click(&format!("#dm-pod-{}", pods[1])).await?;
        change(
            p,
            "dm-pod-delete",
            &format!("Deletes {}", pods[1]),
            Some(&pods[1]),
        )
        .await?;
        p.wait_text("#dm-pod-delete-result", "The pod was deleted")
            .await?;
        p.click("#dm-job-ib-backup-nightly-28190420").await?;
        change(p, "dm-job-delete", "ib-backup-nightly-28190420", None).await?;
        p.wait_text("#dm-job-delete-result", "The job was deleted.")
            .await?;
        Ok(())
    })
}

fn failed_update<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let body = json!({
            "statusCode": 500,
            "data": {"successful_apply": ["deployment-webapp"], "failed_to_apply": {"deployment-loki-read": "ImagePullBackOff: image could not be pulled"}},
            "error": "1 object(s) failed to apply",
        });
        stack
            .control(
                "POST",
                "/__emulator/faults",
                Some(json!({
                    "api": "dm", "method": "POST", "route": "/deployment/update", "status": 500,
                    "body": body.to_string(), "times": 1,
                })),
            )
            .await?;
        open(p, "/deployment").await?;
        change(
            p,
            "dm-update-all",
            "Applies the latest materialized config of every object",
            None,
        )
        .await?;
        let shown = p
            .wait_text("#dm-update-all-result", "deployment-loki-read")
            .await?;
        for words in [
            "ImagePullBackOff: image could not be pulled",
            "answered 500",
            "Applied to 1 object(s); 1 failed.",
        ] {
            ensure(
                shown.contains(words),
                format!("the result lacks {words:?}: {shown}"),
            )?;
        }
        // Without the fault the same button applies everything.
        change(p, "dm-update-all", "every object", None).await?;
        p.wait_text("#dm-update-all-result", "0 failed.").await?;
        p.wait_text("#dm-update-object", "deployment-webapp")
            .await?;
        p.js("const s = document.querySelector('#dm-update-object'); s.value = 'deployment-webapp'; s.dispatchEvent(new Event('change'));").await?;
        change(p, "dm-update-one", "deployment-webapp", None).await?;
        p.wait_text("#dm-update-one-result", "Applied to 1 object(s); 0 failed.")
            .await?;
        Ok(())
    })
}

fn the_rest<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        // Configs: the list, one object, the diff around its latest patch, drift.
        open(p, "/configs").await?;
        p.wait_text("#dm-configs", "deployment-core-platform-service")
            .await?;
        p.wait_text("#dm-drift", "inconsistent object(s)").await?;
        p.click("#dm-configs a[href$='object=deployment-core-platform-service']")
            .await?;
        p.wait_text("#dm-object-config", "latest patch").await?;
        p.click("#dm-diff-show").await?;
        p.wait_text("#dm-config-diff", "line(s) differ.").await?;
        p.wait_text("#dm-config-diff", "WARN").await?;
        // Labels.
        p.click("#dm-tab-labels").await?;
        p.click("#dm-label-egress").await?;
        p.wait_text("#dm-label-objects", "alertmanager-egress")
            .await?;
        p.click("#dm-must-exist").await?;
        p.wait_text("#dm-label-objects", "some-network-policy")
            .await?;
        p.fill("#dm-bind-labels", "e2e-team").await?;
        p.fill("#dm-bind-objects", "deployment-grafana, e2e-future")
            .await?;
        change(p, "dm-bind", "Creates 2 binding(s)", None).await?;
        p.wait_text("#dm-bind-result", "Applied to 1 object(s); 1 failed.")
            .await?;
        p.wait_text("#dm-bind-result", "e2e-future").await?;
        p.fill("#dm-labels-object", "deployment-grafana").await?;
        p.click("#dm-labels-of").await?;
        p.wait_text("#dm-object-labels", "e2e-team").await?;
        change(
            p,
            "dm-unbind",
            "Removes every label from deployment-grafana",
            None,
        )
        .await?;
        p.wait_text("#dm-unbind-result", "deleted").await?;
        p.wait_text("#dm-object-labels", "Labels: none").await?;
        change(p, "dm-defaults", "missing default label", None).await?;
        p.wait_text("#dm-defaults-result", "created").await?;
        p.wait_text("#dm-object-labels", "Deployment").await?;
        // Resourcing: size (typed), autoscaling.
        p.click("#dm-tab-resourcing").await?;
        p.wait_text("#dm-autoscaled", "deployment-model-service")
            .await?;
        p.wait_text("#dm-controllers", "scale-down-to-zero").await?;
        p.click("#dm-size-large").await?;
        change(p, "dm-resize", "128 CPU cores", Some("large")).await?;
        p.wait_text("#dm-resize-result", "0 failed.").await?;
        p.click("#dm-size-standard").await?;
        change(p, "dm-resize", "64 CPU cores", Some("standard")).await?;
        p.wait_text("#dm-resize-result", "0 failed.").await?;
        change(
            p,
            "dm-pause",
            "Pauses every active autoscaling controller",
            None,
        )
        .await?;
        p.wait_text("#dm-pause-result", "paused").await?;
        p.wait_text("#dm-controllers", "paused").await?;
        change(p, "dm-resume", "Resumes the paused controllers", None).await?;
        p.wait_text("#dm-resume-result", "resumed").await?;
        // Namespace and registry (the namespace is put back).
        p.click("#dm-tab-patches").await?;
        p.fill("#dm-ns", "Bad_NS").await?;
        p.click("#dm-ns-apply").await?;
        p.wait_text("#dm-ns-error", "lowercase letters").await?;
        p.fill("#dm-ns", "e2e-moved").await?;
        change(
            p,
            "dm-ns-apply",
            "Objects in the old namespace are not deleted",
            None,
        )
        .await?;
        p.wait_text("#dm-ns-apply-result", "0 failed.").await?;
        p.fill("#dm-ns", "instabase").await?;
        change(p, "dm-ns-apply", "instabase", None).await?;
        p.wait_text("#dm-ns-apply-result", "0 failed.").await?;
        p.fill("#dm-registry", "gcr.io/instabase-public").await?;
        change(p, "dm-registry-apply", "gcr.io/instabase-public", None).await?;
        p.wait_text("#dm-registry-apply-result", "0 failed.")
            .await?;
        Ok(())
    })
}

/// The reads behind telescope's service chips and kube's pod and job chips, failed once each:
/// the page says so in words (the API, the status or what was wrong with the body) with Retry,
/// and Retry brings the chips.
fn read_faults<'a>(stack: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let fail_once = |route: &str, fault: serde_json::Value| {
            let mut rule = json!({"api": "dm", "method": "GET", "route": route, "times": 1});
            if let (Some(rule), Some(fault)) = (rule.as_object_mut(), fault.as_object()) {
                rule.extend(fault.clone());
            }
            rule
        };
        let mut connected = false;
        for (tab, route, fault, says, wrapper, chip) in [
            (
                "/telescope",
                "/configs",
                json!({"status": 504}),
                "Deployment Manager answered 504",
                "#dm-export-known",
                "#dm-svc-webapp",
            ),
            (
                "/telescope",
                "/configs",
                json!({"malformed": true}),
                "Deployment Manager sent an answer the console could not read",
                "#dm-export-known",
                "#dm-svc-webapp",
            ),
            (
                "/kube",
                "/platform-status/components",
                json!({"status": 403}),
                "Deployment Manager answered 403",
                "#dm-known",
                "#dm-known-pods .dm-chip",
            ),
            (
                "/kube",
                "/platform-status/components",
                json!({"truncated": true}),
                "Deployment Manager sent an answer the console could not read",
                "#dm-known",
                "#dm-known-pods .dm-chip",
            ),
        ] {
            // Connected once, before the first fault: afterwards the home page (the live
            // Overview, which reads the platform status) would take the one failure itself.
            if !connected {
                p.open_connected("/connections", &["dm"]).await?;
                connected = true;
            }
            stack
                .control("POST", "/__emulator/faults", Some(fail_once(route, fault)))
                .await?;
            p.open(&format!("{AREA}{tab}")).await?;
            p.wait_text(&format!("{wrapper} .notice.error"), says)
                .await?;
            p.click(&format!("{wrapper} .notice.error .retry")).await?;
            p.wait_for(chip).await?;
        }
        Ok(())
    })
}
