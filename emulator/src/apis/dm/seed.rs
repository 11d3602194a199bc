//! The demo cluster: 31 objects across three releases, the installer's patches, label bindings,
//! settings, autoscaling controllers, a few Kubernetes jobs and some live drift.

use serde_json::{json, Value};

use super::model::{BaseConfig, KubeJob, Model, Object, Patch, PatchBody, Upgrade};
use super::yaml;

/// (release, time it was uploaded, who uploaded it)
const RELEASES: [(&str, i64, &[&str]); 3] = [
    ("22.10.2", 1_667_901_600_000, &["installer@instabase.com"]),
    ("23.01.4", 1_676_368_800_000, &["ops-admin@acme-corp.com"]),
    (
        "23.07.0",
        1_690_279_200_000,
        &["ops-admin@acme-corp.com", "platform-lead@acme-corp.com"],
    ),
];

struct Spec {
    name: &'static str,
    kind: &'static str,
    containers: &'static [&'static str],
    replicas: i64,
    port: i64,
    /// Index of the first and last release that ships the object.
    releases: (usize, usize),
}

const fn s(
    name: &'static str,
    kind: &'static str,
    containers: &'static [&'static str],
    replicas: i64,
    port: i64,
) -> Spec {
    Spec {
        name,
        kind,
        containers,
        replicas,
        port,
        releases: (0, 2),
    }
}

const SPECS: [Spec; 31] = [
    s(
        "deployment-api-server",
        "Deployment",
        &["api-server", "stats-collector", "jaeger-agent"],
        2,
        8080,
    ),
    s(
        "deployment-api-server-apps",
        "Deployment",
        &["api-server-apps", "jaeger-agent"],
        2,
        8080,
    ),
    s(
        "deployment-apps-server",
        "Deployment",
        &["apps-server"],
        2,
        8080,
    ),
    s("deployment-webapp", "Deployment", &["webapp"], 2, 3000),
    s(
        "deployment-server-nginx",
        "Deployment",
        &["server-nginx"],
        2,
        80,
    ),
    s(
        "deployment-core-platform-service",
        "Deployment",
        &["core-platform-service", "jaeger-agent"],
        2,
        9000,
    ),
    s(
        "deployment-file-service",
        "Deployment",
        &["file-service"],
        2,
        8000,
    ),
    s(
        "deployment-license-service",
        "Deployment",
        &["license-service"],
        1,
        8000,
    ),
    s(
        "deployment-job-service",
        "Deployment",
        &["job-service"],
        1,
        8000,
    ),
    s(
        "deployment-celery-app-tasks",
        "Deployment",
        &["celery-app-tasks"],
        3,
        0,
    ),
    s(
        "deployment-conversion-service",
        "Deployment",
        &["conversion-service"],
        2,
        8000,
    ),
    s(
        "deployment-model-service",
        "Deployment",
        &["model-service"],
        1,
        8000,
    ),
    Spec {
        releases: (1, 2),
        ..s(
            "deployment-ml-studio",
            "Deployment",
            &["ml-studio"],
            1,
            8000,
        )
    },
    s("deployment-grafana", "Deployment", &["grafana"], 1, 3000),
    Spec {
        releases: (2, 2),
        ..s("deployment-loki-read", "Deployment", &["loki"], 2, 3100)
    },
    s("statefulset-redis", "StatefulSet", &["redis"], 1, 6379),
    Spec {
        releases: (0, 1),
        ..s(
            "statefulset-rabbitmq",
            "StatefulSet",
            &["rabbitmq"],
            1,
            5672,
        )
    },
    s(
        "statefulset-victoriametrics",
        "StatefulSet",
        &["victoriametrics"],
        1,
        8428,
    ),
    s("service-api-server", "Service", &[], 0, 8080),
    s("service-webapp", "Service", &[], 0, 3000),
    s("service-victoriametrics", "Service", &[], 0, 8428),
    s("service-core-platform-service", "Service", &[], 0, 9000),
    s("service-server-nginx", "Service", &[], 0, 80),
    s("hot-configs", "ConfigMap", &[], 0, 0),
    s("platform-settings", "ConfigMap", &[], 0, 0),
    s("configmap-nginx", "ConfigMap", &[], 0, 0),
    s("alertmanager-egress", "NetworkPolicy", &[], 0, 9093),
    s("api-server-apps-egress", "NetworkPolicy", &[], 0, 443),
    s("some-network-policy", "NetworkPolicy", &[], 0, 443),
    s("job-db-migrate", "Job", &["db-migrate"], 0, 0),
    s("ingress-webapp", "Ingress", &[], 0, 80),
];

/// Custom labels beside the kind labels.
const LABELS: [(&str, &[&str]); 5] = [
    (
        "api",
        &[
            "deployment-api-server",
            "deployment-api-server-apps",
            "service-api-server",
        ],
    ),
    (
        "core",
        &[
            "deployment-core-platform-service",
            "deployment-license-service",
            "deployment-job-service",
            "deployment-file-service",
        ],
    ),
    (
        "observability",
        &[
            "deployment-grafana",
            "deployment-loki-read",
            "statefulset-victoriametrics",
            "service-victoriametrics",
        ],
    ),
    (
        "egress",
        &[
            "alertmanager-egress",
            "api-server-apps-egress",
            "some-network-policy",
        ],
    ),
    (
        "autoscaled",
        &[
            "deployment-api-server",
            "deployment-apps-server",
            "deployment-celery-app-tasks",
            "deployment-conversion-service",
            "deployment-model-service",
        ],
    ),
];

fn image(container: &str, release: &str) -> String {
    match container {
        "jaeger-agent" => "jaegertracing/jaeger-agent:1.47.0".into(),
        "grafana" => "grafana/grafana:10.0.3".into(),
        "loki" => "grafana/loki:2.8.4".into(),
        "redis" => "redis:7.0.12".into(),
        "rabbitmq" => "rabbitmq:3.11.19-management".into(),
        "victoriametrics" => "victoriametrics/victoria-metrics:v1.91.3".into(),
        c => format!("gcr.io/instabase-public/{c}:{release}"),
    }
}

fn app_name(name: &str) -> &str {
    [
        "deployment-",
        "statefulset-",
        "service-",
        "ingress-",
        "job-",
    ]
    .iter()
    .find_map(|p| name.strip_prefix(p))
    .unwrap_or(name)
}

fn container(c: &str, release: &str, port: i64, release_index: usize) -> Value {
    let mut env = vec![
        json!({"name": "PLATFORM_VERSION", "value": release}),
        json!({"name": "LOG_LEVEL", "value": "INFO"}),
    ];
    if release_index >= 2 {
        env.push(json!({"name": "ENABLE_TRACING", "value": "true"}));
    }
    let mut v = json!({
        "name": c,
        "image": image(c, release),
        "env": env,
        "resources": {
            "requests": {"cpu": if c == "jaeger-agent" { "100m" } else { "500m" }, "memory": "1Gi"},
            "limits": {"cpu": "2", "memory": "4Gi"},
        },
    });
    if port > 0 && c != "jaeger-agent" && c != "stats-collector" {
        v["ports"] = json!([{"name": "http", "containerPort": port}]);
    }
    v
}

fn config(spec: &Spec, release: &str, ri: usize, settings: &Value) -> Value {
    let app = app_name(spec.name);
    let meta = json!({"name": spec.name, "namespace": "instabase", "labels": {"app": app}});
    let containers: Vec<Value> = spec
        .containers
        .iter()
        .map(|c| container(c, release, spec.port, ri))
        .collect();
    match spec.kind {
        "Deployment" | "StatefulSet" => {
            let mut v = json!({
                "apiVersion": "apps/v1",
                "kind": spec.kind,
                "metadata": meta,
                "spec": {
                    "replicas": spec.replicas,
                    "selector": {"matchLabels": {"app": app}},
                    "template": {
                        "metadata": {"labels": {"app": app}},
                        "spec": {"serviceAccountName": "instabase", "containers": containers},
                    },
                },
            });
            if spec.kind == "StatefulSet" {
                v["spec"]["serviceName"] = json!(app);
            }
            v
        }
        "Service" => json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta,
            "spec": {
                "selector": {"app": app},
                "ports": [{"name": "http", "protocol": "TCP", "port": spec.port, "targetPort": "http"}],
            },
        }),
        "ConfigMap" => {
            let data = match spec.name {
                "hot-configs" => json!({
                    "base-hot-config": "ENABLE_TRACING: false\nLOG_LEVEL: INFO\n",
                    "deployment-api-server": "LOG_LEVEL: INFO\n",
                }),
                "platform-settings" => settings.clone(),
                _ => json!({
                    "nginx.conf": "worker_processes 4;\nevents {\n  worker_connections 1024;\n}\n",
                }),
            };
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": data})
        }
        "NetworkPolicy" => json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta,
            "spec": {
                "podSelector": {"matchLabels": {"app": app}},
                "policyTypes": ["Egress"],
                "egress": [
                    {"ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]},
                    {"ports": [{"protocol": "TCP", "port": spec.port}]},
                ],
            },
        }),
        "Job" => json!({
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": meta,
            "spec": {
                "backoffLimit": 2,
                "template": {"spec": {"restartPolicy": "Never", "containers": containers}},
            },
        }),
        _ => json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": meta,
            "spec": {"rules": [{"host": "instabase.acme-corp.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "service-webapp", "port": {"number": 3000}}}}
            ]}}]},
        }),
    }
}

const S3_PATCH: &str = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: core-platform-service\n          env:\n            - name: S3_SERVER_URL\n              value: \"test-server-url\"\n            - name: S3_SERVER_IS_SECURE\n              value: \"true\"\n            - name: S3_AWS_REGION\n              value: \"us-east-1\"\n            - name: HOSTING_BUCKET\n              value: \"test-bucket-name\"\n            - name: HOSTED_STORAGE_TYPE\n              value: \"S3\"";

const LOG_PATCH: &str = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: core-platform-service\n          env:\n            - name: LOG_LEVEL\n              value: WARN";

const HOT_PATCH: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hot-configs\n# __ib_label=scalar\ndata:\n  base-hot-config: |\n    ENABLE_TRACING: false\n    dummy_key: dummy_value\n    LOG_LEVEL: ERROR\n    STATS_ENABLE: true\n  deployment-api-server: |\n    ENABLE_TRACING: true\n    LOG_LEVEL: INFO";

const API_PATCH: &str = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        instabase.com/log-sampling: \"0.1\"";

pub fn settings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("isAIHubEnvironment", "false"),
        ("isDocsEnabled", "false"),
        ("isDocsFromWordpress", "true"),
        ("isDogfoodEnvironment", "true"),
        ("isProdEnvironment", "false"),
        ("isSaasEnvironment", "false"),
        ("isUATEnvironment", "false"),
        ("obsAlertEmailAppPassword", "app-password-4f7c"),
        ("obsAlertReceiverEmail", "oncall@acme-corp.com"),
        ("obsAlertSenderEmail", "alerts@acme-corp.com"),
        ("obsAlertSlackChannel", "#platform-alerts"),
        ("obsAlertSlackUrl", ""),
        ("obsAlertSmtpServer", "smtp.acme-corp.com:587"),
    ]
}

pub fn populate(m: &mut Model) {
    for (k, v) in settings() {
        m.settings.insert(k.into(), v.into());
    }
    let settings_value = json!(m.settings);
    for (name, state) in [
        ("binary-autoscaler", "running"),
        ("queue-length-autoscaler", "running"),
        ("scale-down-to-zero", "paused"),
    ] {
        m.controllers.insert(name.into(), state.into());
    }
    let patches = [
        (1_654_815_406_062, "hot-configs", Some("ConfigMap"), HOT_PATCH, "", "{\"type\":\"ConfigMap\",\"isEncrypted\":false}"),
        (
            1_658_866_352_520,
            "deployment-core-platform-service",
            Some("Deployment"),
            S3_PATCH,
            "Control Plane Installation Patch: s3_storage_patch",
            "{\"type\":\"Deployment\",\"isEncrypted\":false,\"format\":\"YAML\",\"createdBy\":\"Installer\"}",
        ),
        (
            1_658_866_353_683,
            "deployment-core-platform-service",
            Some("Deployment"),
            LOG_PATCH,
            "Control Plane Installation Patch: log_level",
            "{\"type\":\"Deployment\",\"isEncrypted\":false,\"format\":\"YAML\",\"createdBy\":\"Installer\"}",
        ),
        (
            1_690_300_000_000,
            "api",
            Some("Deployment"),
            API_PATCH,
            "Sample API server logs at 10%",
            "{\"type\":\"Deployment\",\"isEncrypted\":false,\"format\":\"YAML\",\"createdBy\":\"ops-admin@acme-corp.com\"}",
        ),
    ];
    for (version, target, kind, text, description, metadata) in patches {
        let body = yaml::parse(text).expect("seed patches parse");
        m.patches.push(Patch {
            version,
            target: target.into(),
            kind: kind.map(String::from),
            text: text.into(),
            body: PatchBody::Merge(body),
            metadata: metadata.into(),
            description: description.into(),
        });
        m.last_patch_version = version;
    }
    for (label, objects) in LABELS {
        m.labels.insert(label.into());
        for o in objects {
            m.bindings.insert((label.into(), (*o).into()));
        }
    }
    for (ri, (release, at, creators)) in RELEASES.iter().enumerate() {
        for spec in SPECS
            .iter()
            .filter(|s| s.releases.0 <= ri && ri <= s.releases.1)
        {
            let obj = m.objects.entry(spec.name.into()).or_insert_with(|| Object {
                kind: spec.kind.into(),
                bases: Vec::new(),
                materialized: Vec::new(),
            });
            let previous_version = obj
                .bases
                .last()
                .map(|b| b.version.clone())
                .unwrap_or_default();
            obj.bases.push(BaseConfig {
                version: (*release).into(),
                previous_version,
                config: yaml::emit(&config(spec, release, ri, &settings_value)),
                metadata:
                    json!({"type": spec.kind, "isEncrypted": false, "createdBy": creators[0]})
                        .to_string(),
            });
        }
        m.history.insert(
            (*release).into(),
            Upgrade {
                creators: creators.iter().map(|c| c.to_string()).collect(),
                created_ms: *at,
                updated_ms: at + 3_600_000,
            },
        );
        m.ensure_defaults();
        for name in m.all_objects() {
            let _ = m.materialize_at(&name, Some(*at), *at);
        }
    }
    let last = 1_690_300_000_000;
    for name in m.all_objects() {
        let _ = m.materialize_at(&name, Some(last), last);
    }
    let everything = m.all_objects();
    m.apply(&everything);
    // Someone scaled and hot-fixed by hand: the cluster no longer matches the database.
    m.drift.insert(
        "deployment-api-server".into(),
        vec![("spec.replicas".into(), "5".into())],
    );
    m.drift.insert(
        "deployment-webapp".into(),
        vec![(
            "spec.template.spec.containers[0].image".into(),
            "gcr.io/instabase-public/webapp:23.07.0-hotfix1".into(),
        )],
    );
    let migrate = format!("job-db-migrate-{}", m.suffix(5));
    for (name, detail) in [
        (
            migrate.as_str(),
            "Completed (1/1), release 23.07.0 schema migration",
        ),
        ("ib-backup-nightly-28190420", "Completed (1/1)"),
        ("telescope-retention-28190400", "Running (0/1)"),
    ] {
        m.jobs.insert(
            name.into(),
            KubeJob {
                created_ms: m.started_ms,
                detail: detail.into(),
            },
        );
    }
}
