//! The emulated cluster: objects with base configs per release, patches, the materialized
//! configs they produce, what is live in Kubernetes (configs, pods, jobs), and the jobs the
//! API starts. Materialization is real: base config, then matching patches in version order,
//! then image overrides, cluster size, settings, namespace and registry.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::{merge, yaml};

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Release versions compare numerically, component by component (`23.10.0` > `23.9.1`).
pub fn version_key(v: &str) -> Vec<(u64, String)> {
    v.split(['.', '-'])
        .map(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            (digits.parse().unwrap_or(0), p[digits.len()..].to_string())
        })
        .collect()
}

#[derive(Clone, Debug)]
pub struct BaseConfig {
    pub version: String,
    pub previous_version: String,
    pub config: String,
    pub metadata: String,
}

#[derive(Clone, Debug)]
pub struct Materialized {
    pub release: String,
    pub patch_version: i64,
    pub prev_release: String,
    pub prev_patch: i64,
    pub config: String,
    pub metadata: String,
    pub ts: i64,
}

#[derive(Clone, Debug)]
pub struct Object {
    pub kind: String,
    /// Sorted by release version, oldest first.
    pub bases: Vec<BaseConfig>,
    /// Every materialization, oldest first; the last is the latest.
    pub materialized: Vec<Materialized>,
}

#[derive(Clone, Debug)]
pub enum PatchBody {
    /// A YAML patch, merged into the config.
    Merge(Value),
    /// A JSON patch document's operations.
    Ops(Vec<Value>),
}

#[derive(Clone, Debug)]
pub struct Patch {
    pub version: i64,
    pub target: String,
    pub kind: Option<String>,
    /// The patch text as stored (without its `# target:` line).
    pub text: String,
    pub body: PatchBody,
    pub metadata: String,
    pub description: String,
}

/// A patch read from the request, before it has a version.
#[derive(Clone, Debug)]
pub struct NewPatch {
    pub target: String,
    pub kind: Option<String>,
    pub text: String,
    pub body: PatchBody,
    pub format: &'static str,
}

#[derive(Clone, Debug)]
pub struct Pod {
    pub name: String,
    pub hash: String,
    pub quarantined: bool,
}

#[derive(Clone, Debug)]
pub struct KubeJob {
    pub created_ms: i64,
    pub detail: String,
}

#[derive(Clone, Debug)]
pub struct Upgrade {
    pub creators: Vec<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

#[derive(Clone, Debug)]
pub struct UploadJob {
    pub created_ms: i64,
    pub release: String,
    pub docs: Vec<String>,
    pub result: Option<Applied>,
}

#[derive(Clone, Debug)]
pub struct Export {
    pub id: String,
    pub created_ms: i64,
    pub services: Vec<String>,
    pub data_sources: Vec<String>,
    pub start: String,
    pub end: String,
    pub label: String,
    pub zip_dir: u64,
}

#[derive(Clone, Debug)]
pub struct Import {
    pub id: String,
    pub created_ms: i64,
    pub zip_path: String,
    pub result: Value,
    pub configs: Value,
}

#[derive(Clone, Debug, Default)]
pub struct Database {
    pub initialized: bool,
    pub admin: Option<(String, String)>,
    pub flags: BTreeMap<String, bool>,
}

/// What applying configs to the cluster did.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub ok: Vec<String>,
    pub failed: Vec<(String, String)>,
}

/// One object rendered from its base config and patches.
#[derive(Clone, Debug)]
pub struct Render {
    pub release: String,
    pub patch_version: i64,
    pub config: String,
    pub kind: String,
    /// Patches that matched but could not be applied: (version, reason).
    pub skipped: Vec<(i64, String)>,
}

pub struct Model {
    rng: u64,
    pub started_ms: i64,
    pub objects: BTreeMap<String, Object>,
    pub patches: Vec<Patch>,
    pub labels: BTreeSet<String>,
    /// (label, object name)
    pub bindings: BTreeSet<(String, String)>,
    /// (object, container) → (image, comment)
    pub image_overrides: BTreeMap<(String, String), (String, String)>,
    pub namespace: String,
    pub dm_namespace: String,
    pub registry: Option<String>,
    pub cluster_size: String,
    pub settings: BTreeMap<String, String>,
    pub controllers: BTreeMap<String, String>,
    pub hibernated_at: Option<i64>,
    pub revived_at: Option<i64>,
    /// What is live in Kubernetes, per object.
    pub deployed: BTreeMap<String, String>,
    /// Live edits made outside the Deployment Manager: object → (key, live value).
    pub drift: BTreeMap<String, Vec<(String, String)>>,
    pub pods: BTreeMap<String, Vec<Pod>>,
    pub jobs: BTreeMap<String, KubeJob>,
    pub uploads: BTreeMap<String, UploadJob>,
    pub exports: BTreeMap<String, Export>,
    pub imports: BTreeMap<String, Import>,
    pub history: BTreeMap<String, Upgrade>,
    pub db: Database,
    pub dm_tables: bool,
    pub last_patch_version: i64,
}

pub const DEFAULT_LABELS: [&str; 7] = [
    "ConfigMap",
    "Deployment",
    "Ingress",
    "Job",
    "NetworkPolicy",
    "Service",
    "StatefulSet",
];

pub const SIZES: [(&str, i64, &str); 3] = [
    ("standard", 1, "64 CPU cores / 256 GB"),
    ("large", 2, "128 CPU cores / 512 GB"),
    ("x-large", 4, "256 CPU cores / 1024 GB"),
];

/// How long an asynchronous base-config upload takes.
pub const UPLOAD_MS: i64 = 3000;

impl Model {
    pub fn empty(seed: u64) -> Model {
        Model {
            rng: seed ^ 0x9e37_79b9_7f4a_7c15,
            started_ms: now_ms(),
            objects: BTreeMap::new(),
            patches: Vec::new(),
            labels: BTreeSet::new(),
            bindings: BTreeSet::new(),
            image_overrides: BTreeMap::new(),
            namespace: "instabase".into(),
            dm_namespace: "instabase".into(),
            registry: None,
            cluster_size: "standard".into(),
            settings: BTreeMap::new(),
            controllers: BTreeMap::new(),
            hibernated_at: None,
            revived_at: None,
            deployed: BTreeMap::new(),
            drift: BTreeMap::new(),
            pods: BTreeMap::new(),
            jobs: BTreeMap::new(),
            uploads: BTreeMap::new(),
            exports: BTreeMap::new(),
            imports: BTreeMap::new(),
            history: BTreeMap::new(),
            db: Database::default(),
            dm_tables: true,
            last_patch_version: 0,
        }
    }

    /// splitmix64: deterministic given the seed.
    pub fn rand(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A version-4-shaped UUID.
    pub fn uuid(&mut self) -> String {
        let a = self.rand();
        let b = self.rand();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            8 + (b >> 62),
            (b >> 48) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }

    /// Kubernetes-style random suffix.
    pub fn suffix(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut r = self.rand();
        (0..len)
            .map(|_| {
                let c = ALPHABET[(r % ALPHABET.len() as u64) as usize] as char;
                r /= ALPHABET.len() as u64;
                c
            })
            .collect()
    }

    /// A new patch version: epoch milliseconds, strictly increasing.
    pub fn next_patch_version(&mut self) -> i64 {
        let v = now_ms().max(self.last_patch_version + 1);
        self.last_patch_version = v;
        v
    }

    /// Completes asynchronous work whose time has come.
    pub fn tick(&mut self, now: i64) {
        let due: Vec<String> = self
            .uploads
            .iter()
            .filter(|(_, j)| j.result.is_none() && now - j.created_ms >= UPLOAD_MS)
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            let (release, docs) = {
                let j = &self.uploads[&id];
                (j.release.clone(), j.docs.clone())
            };
            let result = self.store_base_configs(&release, &docs, "api-upload@deployment-manager");
            if let Some(j) = self.uploads.get_mut(&id) {
                j.result = Some(result);
            }
        }
    }

    pub fn latest_base(&self, name: &str) -> Option<&BaseConfig> {
        self.objects.get(name).and_then(|o| o.bases.last())
    }

    /// The objects a patch target names: the object itself, or every existing object bound to
    /// the label.
    pub fn targets(&self, target: &str) -> Vec<String> {
        if self.objects.contains_key(target) {
            return vec![target.to_string()];
        }
        self.bindings
            .iter()
            .filter(|(l, o)| l == target && self.objects.contains_key(o))
            .map(|(_, o)| o.clone())
            .collect()
    }

    fn patch_matches(&self, p: &Patch, name: &str, kind: &str) -> bool {
        (p.target == name
            || self
                .bindings
                .contains(&(p.target.clone(), name.to_string())))
            && p.kind.as_deref().is_none_or(|k| k == kind)
    }

    /// Renders an object's config with the patches up to `upto` (all when `None`), plus the
    /// extra patches `extra` (a dry run), then the cluster-wide settings.
    pub fn render(&self, name: &str, upto: Option<i64>, extra: &[Patch]) -> Result<Render, String> {
        let obj = self
            .objects
            .get(name)
            .ok_or_else(|| format!("object {name} does not exist"))?;
        let base = obj
            .bases
            .last()
            .ok_or_else(|| format!("object {name} has no base config"))?;
        let mut cfg = yaml::parse(&base.config)
            .map_err(|e| format!("the base config of {name} does not parse: {e}"))?;
        let mut patch_version = 0;
        let mut skipped = Vec::new();
        let chosen = self
            .patches
            .iter()
            .filter(|p| upto.is_none_or(|u| p.version <= u))
            .chain(extra.iter());
        for p in chosen {
            if !self.patch_matches(p, name, &obj.kind) {
                continue;
            }
            let mut next = cfg.clone();
            let result = match &p.body {
                PatchBody::Merge(v) => {
                    merge::strategic_merge(&mut next, v);
                    Ok(())
                }
                PatchBody::Ops(ops) => merge::json_patch(&mut next, ops),
            };
            match result {
                Ok(()) => {
                    cfg = next;
                    patch_version = p.version;
                }
                Err(e) => skipped.push((p.version, e)),
            }
        }
        self.cluster_wide(name, &obj.kind, &mut cfg);
        Ok(Render {
            release: base.version.clone(),
            patch_version,
            config: yaml::emit(&cfg),
            kind: obj.kind.clone(),
            skipped,
        })
    }

    fn cluster_wide(&self, name: &str, kind: &str, cfg: &mut Value) {
        for ((obj, container), (image, _)) in &self.image_overrides {
            if obj != name {
                continue;
            }
            for c in containers_mut(cfg) {
                if c["name"] == json!(container) {
                    c["image"] = json!(image);
                }
            }
        }
        if kind == "Deployment" {
            let factor = SIZES
                .iter()
                .find(|(s, _, _)| *s == self.cluster_size)
                .map(|(_, f, _)| *f)
                .unwrap_or(1);
            if let Some(r) = cfg.pointer_mut("/spec/replicas") {
                if let Some(n) = r.as_i64() {
                    *r = json!(n * factor);
                }
            }
        }
        if name == "platform-settings" {
            cfg["data"] = json!(self.settings);
        }
        if let Some(meta) = cfg.get_mut("metadata").and_then(Value::as_object_mut) {
            if meta.contains_key("namespace") {
                meta.insert("namespace".into(), json!(self.namespace));
            }
        }
        if let Some(registry) = &self.registry {
            for c in containers_mut(cfg) {
                if let Some(image) = c["image"].as_str() {
                    let last = image.rsplit('/').next().unwrap_or(image);
                    c["image"] = json!(format!("{}/{last}", registry.trim_end_matches('/')));
                }
            }
        }
    }

    /// Re-renders an object and records a new materialized config when it changed.
    pub fn rematerialize(&mut self, name: &str) -> Result<(), String> {
        self.materialize_at(name, None, now_ms())
    }

    /// Materializes with the patches up to `upto`, recording the time as `now`.
    pub fn materialize_at(
        &mut self,
        name: &str,
        upto: Option<i64>,
        now: i64,
    ) -> Result<(), String> {
        let r = self.render(name, upto, &[])?;
        let obj = self.objects.get_mut(name).expect("rendered object exists");
        let (prev_release, prev_patch, same) = match obj.materialized.last() {
            Some(m) => (
                m.release.clone(),
                m.patch_version,
                m.config == r.config
                    && m.release == r.release
                    && m.patch_version == r.patch_version,
            ),
            None => (String::new(), 0, false),
        };
        if !same {
            obj.materialized.push(Materialized {
                release: r.release,
                patch_version: r.patch_version,
                prev_release,
                prev_patch,
                config: r.config,
                metadata: json!({ "type": r.kind, "isEncrypted": false }).to_string(),
                ts: now,
            });
        }
        Ok(())
    }

    /// Whether the latest materialized config is the one running in the cluster.
    pub fn is_golden(&self, name: &str) -> bool {
        let latest = self
            .objects
            .get(name)
            .and_then(|o| o.materialized.last())
            .map(|m| &m.config);
        latest.is_some() && latest == self.deployed.get(name)
    }

    /// Why Kubernetes would refuse this config, if it would.
    fn apply_problem(config: &str) -> Option<String> {
        let v = match yaml::parse(config) {
            Ok(v) => v,
            Err(e) => return Some(format!("the config does not parse: {e}")),
        };
        if v.get("kind").and_then(Value::as_str).is_none() {
            return Some("the config has no kind".into());
        }
        let mut v = v;
        for c in containers_mut(&mut v) {
            if let Some(image) = c["image"].as_str() {
                if image.to_ascii_lowercase().contains("fail") {
                    return Some(format!(
                        "ImagePullBackOff: image \"{image}\" could not be pulled"
                    ));
                }
            }
        }
        None
    }

    /// Re-materializes the objects and pushes their latest configs to the cluster.
    pub fn apply(&mut self, names: &[String]) -> Applied {
        let mut out = Applied::default();
        for name in names {
            if let Err(e) = self.rematerialize(name) {
                out.failed.push((name.clone(), e));
                continue;
            }
            let config = self.objects[name]
                .materialized
                .last()
                .map(|m| m.config.clone())
                .unwrap_or_default();
            match Self::apply_problem(&config) {
                Some(reason) => out.failed.push((name.clone(), reason)),
                None => {
                    self.deployed.insert(name.clone(), config);
                    self.drift.remove(name);
                    out.ok.push(name.clone());
                }
            }
        }
        self.reconcile_pods();
        out
    }

    pub fn all_objects(&self) -> Vec<String> {
        self.objects.keys().cloned().collect()
    }

    /// Stores base configs for a release and applies them. Documents that cannot be read are
    /// reported as failed (by their name when it can be found).
    pub fn store_base_configs(&mut self, release: &str, docs: &[String], creator: &str) -> Applied {
        let now = now_ms();
        let mut failed = Vec::new();
        let mut stored = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let parsed = yaml::parse(doc);
            let name = parsed
                .as_ref()
                .ok()
                .and_then(|v| v.pointer("/metadata/name"))
                .and_then(Value::as_str)
                .map(String::from);
            let kind = parsed
                .as_ref()
                .ok()
                .and_then(|v| v.get("kind"))
                .and_then(Value::as_str)
                .map(String::from);
            let (name, kind) = match (parsed, name, kind) {
                (Err(e), name, _) => {
                    failed.push((
                        name.unwrap_or_else(|| format!("document {}", i + 1)),
                        format!("does not parse: {e}"),
                    ));
                    continue;
                }
                (Ok(_), None, _) => {
                    failed.push((format!("document {}", i + 1), "has no metadata.name".into()));
                    continue;
                }
                (Ok(_), Some(name), None) => {
                    failed.push((name, "has no kind".into()));
                    continue;
                }
                (Ok(_), Some(n), Some(k)) => (n, k),
            };
            let obj = self.objects.entry(name.clone()).or_insert_with(|| Object {
                kind: kind.clone(),
                bases: Vec::new(),
                materialized: Vec::new(),
            });
            obj.kind = kind.clone();
            obj.bases.retain(|b| b.version != release);
            let previous_version = obj
                .bases
                .iter()
                .filter(|b| version_key(&b.version) < version_key(release))
                .map(|b| b.version.clone())
                .next_back()
                .unwrap_or_default();
            obj.bases.push(BaseConfig {
                version: release.to_string(),
                previous_version,
                config: format!("{}\n", doc.trim_end()),
                metadata: json!({"type": kind, "isEncrypted": false, "createdBy": creator})
                    .to_string(),
            });
            obj.bases.sort_by_key(|b| version_key(&b.version));
            self.image_overrides.retain(|(o, _), _| o != &name);
            self.labels.insert(kind.clone());
            self.bindings.insert((kind, name.clone()));
            // The same object twice in one upload: the last document wins.
            if !stored.contains(&name) {
                stored.push(name);
            }
        }
        if !stored.is_empty() {
            let h = self.history.entry(release.to_string()).or_insert(Upgrade {
                creators: Vec::new(),
                created_ms: now,
                updated_ms: now,
            });
            if !h.creators.iter().any(|c| c == creator) {
                h.creators.push(creator.to_string());
            }
            h.updated_ms = now;
        }
        let mut out = self.apply(&stored);
        out.failed.extend(failed);
        out
    }

    /// The platform's release: the highest release of any base config, as `major.minor`.
    pub fn release_version(&self) -> String {
        self.objects
            .values()
            .filter_map(|o| o.bases.last())
            .map(|b| b.version.as_str())
            .max_by_key(|v| version_key(v))
            .map(|v| v.split('.').take(2).collect::<Vec<_>>().join("."))
            .unwrap_or_default()
    }

    /// The default labels exist and bind every object to its kind.
    pub fn defaults_complete(&self) -> bool {
        DEFAULT_LABELS.iter().all(|l| self.labels.contains(*l))
            && self
                .objects
                .iter()
                .all(|(n, o)| self.bindings.contains(&(o.kind.clone(), n.clone())))
    }

    /// Creates missing default labels and kind bindings; returns what was added.
    pub fn ensure_defaults(&mut self) -> Vec<String> {
        let mut added = Vec::new();
        for l in DEFAULT_LABELS {
            if self.labels.insert(l.to_string()) {
                added.push(l.to_string());
            }
        }
        let wanted: Vec<(String, String)> = self
            .objects
            .iter()
            .map(|(n, o)| (o.kind.clone(), n.clone()))
            .collect();
        for (l, n) in wanted {
            self.labels.insert(l.clone());
            if self.bindings.insert((l.clone(), n.clone())) {
                added.push(format!("{l}:{n}"));
            }
        }
        added
    }

    pub fn replicas_of(&self, name: &str) -> i64 {
        let Some(cfg) = self.deployed.get(name) else {
            return 0;
        };
        yaml::parse(cfg)
            .ok()
            .and_then(|v| v.pointer("/spec/replicas").and_then(Value::as_i64))
            .unwrap_or(1)
    }

    pub fn is_workload(kind: &str) -> bool {
        kind == "Deployment" || kind == "StatefulSet"
    }

    /// Brings pods in line with what is deployed: a changed config rolls every pod, scaling
    /// adds or removes pods, quarantined pods are left alone.
    pub fn reconcile_pods(&mut self) {
        let names: Vec<(String, String)> = self
            .objects
            .iter()
            .filter(|(_, o)| Self::is_workload(&o.kind))
            .map(|(n, o)| (n.clone(), o.kind.clone()))
            .collect();
        for (name, kind) in names {
            let desired = if self.hibernated_at.is_some() {
                0
            } else {
                self.replicas_of(&name).max(0) as usize
            };
            let hash = self
                .deployed
                .get(&name)
                .map(|c| short_hash(c))
                .unwrap_or_default();
            let mut pods = self.pods.remove(&name).unwrap_or_default();
            pods.retain(|p| p.quarantined || (p.hash == hash && !hash.is_empty()));
            let mut serving = pods.iter().filter(|p| !p.quarantined).count();
            while serving > desired {
                if let Some(i) = pods.iter().rposition(|p| !p.quarantined) {
                    pods.remove(i);
                }
                serving -= 1;
            }
            let short = short_name(&name);
            while serving < desired {
                let pod_name = if kind == "StatefulSet" {
                    let ordinal = (0..)
                        .find(|i| !pods.iter().any(|p| p.name == format!("{short}-{i}")))
                        .unwrap_or(0);
                    format!("{short}-{ordinal}")
                } else {
                    format!("{short}-{hash}-{}", self.suffix(5))
                };
                pods.push(Pod {
                    name: pod_name,
                    hash: hash.clone(),
                    quarantined: false,
                });
                serving += 1;
            }
            self.pods.insert(name, pods);
        }
    }

    /// Finds a pod by name: (object, index).
    pub fn find_pod(&self, pod: &str) -> Option<(String, usize)> {
        self.pods.iter().find_map(|(o, pods)| {
            pods.iter()
                .position(|p| p.name == pod)
                .map(|i| (o.clone(), i))
        })
    }

    /// Reads patch text: a JSON patch document, or YAML documents each led by `# target:`.
    pub fn parse_patches(text: &str) -> Result<Vec<NewPatch>, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("the patch is empty".into());
        }
        if trimmed.starts_with('{') {
            let v: Value = serde_json::from_str(trimmed)
                .map_err(|e| format!("the JSON patch is not valid JSON: {e}"))?;
            // Q21: "target" is called optional, but every patch must name its target.
            let target = v
                .get("target")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or("the JSON patch has no \"target\": every patch must name the object or label it applies to")?;
            let ops = v
                .get("patch")
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty())
                .ok_or("the JSON patch has no \"patch\" list of operations")?;
            for (i, op) in ops.iter().enumerate() {
                let name = op.get("op").and_then(Value::as_str).unwrap_or("");
                if !["add", "remove", "replace", "move", "copy", "test"].contains(&name) {
                    return Err(format!("operation {i}: \"op\" must be add, copy, remove, replace or move, not \"{name}\""));
                }
                if op.get("path").and_then(Value::as_str).is_none() {
                    return Err(format!("operation {i} has no \"path\""));
                }
            }
            return Ok(vec![NewPatch {
                target: target.to_string(),
                kind: v.get("kind").and_then(Value::as_str).map(String::from),
                text: trimmed.to_string(),
                body: PatchBody::Ops(ops.clone()),
                format: "JSON",
            }]);
        }
        let docs = yaml::split_documents(text);
        if docs.is_empty() {
            return Err("the patch is empty".into());
        }
        let mut out = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let mut lines = doc.lines().skip_while(|l| l.trim().is_empty());
            let first = lines.next().unwrap_or("").trim();
            let target = first
                .strip_prefix('#')
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix("target:"))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    format!(
                        "patch {} does not start with a \"# target: <object-or-label>\" line",
                        i + 1
                    )
                })?;
            let rest: Vec<&str> = lines.collect();
            let body_text = format!("{}\n", rest.join("\n").trim_matches('\n'));
            let v = yaml::parse(&body_text)
                .map_err(|e| format!("patch {} does not parse: {e}", i + 1))?;
            if !v.is_object() {
                return Err(format!("patch {} is not a map of fields", i + 1));
            }
            out.push(NewPatch {
                target: target.to_string(),
                kind: v.get("kind").and_then(Value::as_str).map(String::from),
                text: body_text.trim_end().to_string(),
                body: PatchBody::Merge(v),
                format: "YAML",
            });
        }
        Ok(out)
    }

    /// A patch's state: golden when every object it targets runs its latest config.
    pub fn patch_state(&self, p: &Patch) -> &'static str {
        let targets = self.targets(&p.target);
        if !targets.is_empty() && targets.iter().all(|t| self.is_golden(t)) {
            "IS_GOLDEN"
        } else {
            "NOT_GOLDEN"
        }
    }

    /// The version of the next patch on the same target, 0 for the latest.
    pub fn next_version(&self, p: &Patch) -> i64 {
        self.patches
            .iter()
            .filter(|q| q.target == p.target && q.version > p.version)
            .map(|q| q.version)
            .min()
            .unwrap_or(0)
    }

    pub fn containers(&self, name: &str) -> Option<Vec<String>> {
        let cfg = self
            .objects
            .get(name)?
            .materialized
            .last()
            .map(|m| m.config.clone())
            .or_else(|| self.latest_base(name).map(|b| b.config.clone()))?;
        let mut v = yaml::parse(&cfg).ok()?;
        Some(
            containers_mut(&mut v)
                .into_iter()
                .filter_map(|c| c["name"].as_str().map(String::from))
                .collect(),
        )
    }
}

/// Every container of a workload config (containers and init containers).
pub fn containers_mut(cfg: &mut Value) -> Vec<&mut Value> {
    let Some(spec) = cfg.pointer_mut("/spec/template/spec") else {
        return Vec::new();
    };
    let Some(spec) = spec.as_object_mut() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in spec.iter_mut() {
        if k == "containers" || k == "initContainers" {
            if let Value::Array(a) = v {
                out.extend(a.iter_mut());
            }
        }
    }
    out
}

/// `deployment-api-server` → `api-server`.
pub fn short_name(name: &str) -> &str {
    ["deployment-", "statefulset-"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name)
}

/// Ten lowercase alphanumerics from a text (a pod-template hash).
pub fn short_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..10)
        .map(|_| {
            let c = ALPHABET[(h % ALPHABET.len() as u64) as usize] as char;
            h /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

/// Flattens a config into `a.b[0].c` → scalar text, for field-by-field comparison.
pub fn flatten(v: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, &key, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(v, &format!("{prefix}[{i}]"), out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}
