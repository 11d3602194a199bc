//! The a9s service instances in memory: overview, backups, restores, backups configuration, and
//! the clock their tasks run on.
//!
//! Everything that moves is computed from the time elapsed since it started, so a read at any
//! moment sees the state the wall clock implies:
//! - a backup or restore is `queued` for 1.5 s, `running` until 4 s, then `done` or `failed`;
//! - a recreate, restart or update keeps the instance `deploying` for 3 s.
//!
//! Outcomes are deterministic: backups of an instance in the `failed` state fail, and on
//! `kv-sessions` every backup whose id is a multiple of 3 fails; a restore fails when its backup is
//! not `done` or when a disaster recovery brings the wrong encryption key.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::{json, Value};

/// How long a task stays `queued`, and when it finishes (milliseconds).
pub const QUEUED_MS: i64 = 1_500;
pub const TASK_MS: i64 = 4_000;
/// How long a lifecycle action keeps the instance `deploying` (milliseconds).
pub const DEPLOY_MS: i64 = 3_000;

/// Wall-clock time plus an offset that the emulator's tests can advance.
pub struct Clock {
    wall: DateTime<Utc>,
    started: Instant,
    offset: Mutex<Duration>,
}

impl Clock {
    pub fn new() -> Clock {
        Clock {
            wall: Utc::now(),
            started: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = self.started.elapsed() + *self.offset.lock().unwrap();
        self.wall + TimeDelta::from_std(elapsed).unwrap_or_default()
    }

    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap() += by;
    }
}

/// ISO 8601 UTC with milliseconds, as the document writes its datetimes.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn ms(n: i64) -> TimeDelta {
    TimeDelta::milliseconds(n)
}

/// How a task ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Failed,
}

/// A backup or restore job: it runs from `triggered` and ends in `outcome`.
#[derive(Clone, Debug)]
pub struct Task {
    pub triggered: DateTime<Utc>,
    pub outcome: Outcome,
}

impl Task {
    /// The status at `now`, and when that status began (the document's `finished_at`: "the date
    /// on which the status of the task was last changed").
    pub fn status(&self, now: DateTime<Utc>) -> (&'static str, DateTime<Utc>) {
        let elapsed = now - self.triggered;
        if elapsed < ms(QUEUED_MS) {
            ("queued", self.triggered)
        } else if elapsed < ms(TASK_MS) {
            ("running", self.triggered + ms(QUEUED_MS))
        } else {
            let status = match self.outcome {
                Outcome::Done => "done",
                Outcome::Failed => "failed",
            };
            (status, self.triggered + ms(TASK_MS))
        }
    }
}

#[derive(Clone, Debug)]
pub struct Backup {
    pub id: u64,
    pub size: u64,
    pub task: Task,
    pub downloadable: bool,
    /// Set when retention pruned it.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Backup {
    pub fn status(&self, now: DateTime<Utc>) -> (&'static str, DateTime<Utc>) {
        match self.deleted_at {
            Some(at) if at <= now => ("deleted", at),
            _ => self.task.status(now),
        }
    }

    pub fn json(&self, now: DateTime<Utc>) -> Value {
        let (status, changed) = self.status(now);
        let finished = status == "done";
        json!({
            "id": self.id,
            "size": if finished || status == "deleted" { self.size } else { 0 },
            "status": status,
            "triggered_at": iso(self.task.triggered),
            "finished_at": iso(changed),
            "downloadable": finished && self.downloadable,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Restore {
    pub id: u64,
    pub backup_id: u64,
    pub task: Task,
}

impl Restore {
    pub fn json(&self, now: DateTime<Utc>) -> Value {
        let (status, changed) = self.task.status(now);
        json!({
            "id": self.id,
            "backup_id": self.backup_id,
            "status": status,
            "triggered_at": iso(self.task.triggered),
            "finished_at": iso(changed),
        })
    }
}

/// The backups configuration (`encryption_key` is write-only: it is never answered).
#[derive(Clone, Debug)]
pub struct Config {
    pub min_backup_count: i64,
    pub retention_time: i64,
    pub min_encryption_key_length: i64,
    pub exclude_from_auto_backup: bool,
    pub backup_type: &'static str,
    pub encryption_key: Option<String>,
}

impl Config {
    pub fn json(&self) -> Value {
        json!({
            "min_backup_count": self.min_backup_count,
            "retention_time": self.retention_time,
            "min_encryption_key_length": self.min_encryption_key_length,
            "exclude_from_auto_backup": self.exclude_from_auto_backup,
            "backup_type": self.backup_type,
        })
    }
}

/// A lifecycle action under way.
#[derive(Clone, Debug)]
pub struct Deploy {
    pub since: DateTime<Utc>,
    /// The state the instance settles in.
    pub then: &'static str,
    pub clears_updates: bool,
}

/// What the metrics of an instance look like (see `metrics.rs`).
#[derive(Clone, Debug)]
pub struct Profile {
    pub namespaces: Vec<String>,
    pub cores: u32,
    pub memory: u64,
    pub swap: u64,
    /// (name, total bytes, used fraction at boot).
    pub disks: Vec<(&'static str, u64, f64)>,
    /// (disk name, used_threshold percent) observed by the a9s Parachute.
    pub parachute: Vec<(&'static str, u64)>,
    /// Every collector reports an error (the instance is broken).
    pub broken: bool,
    /// Emits the document's 11-digit timestamp quirk on the newest load5 line of node 0.
    pub odd_timestamp: bool,
    pub boot: DateTime<Utc>,
    pub phase: f64,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub key: String,
    pub number: u64,
    pub name: String,
    pub plan_id: String,
    pub service_id: String,
    pub tenant_id: String,
    pub tenant_name: String,
    pub subtenant_id: String,
    pub subtenant_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub state: &'static str,
    pub deploy: Option<Deploy>,
    pub available_updates: Vec<Value>,
    pub urls: Vec<Value>,
    pub config: Config,
    pub backups: Vec<Backup>,
    pub restores: Vec<Restore>,
    pub backup_guid: String,
    pub profile: Profile,
    /// Size of the next backup (grows a little with every backup).
    pub next_size: u64,
}

impl Instance {
    /// Applies what the clock says has finished (a lifecycle action that settled).
    pub fn settle(&mut self, now: DateTime<Utc>) {
        if let Some(d) = &self.deploy {
            let end = d.since + ms(DEPLOY_MS);
            if now >= end {
                self.state = d.then;
                self.updated_at = end;
                if d.clears_updates {
                    self.available_updates.clear();
                }
                self.deploy = None;
            }
        }
    }

    /// Starts a recreate, restart or update: `deploying` now, `then` in a few seconds.
    pub fn start_deploy(&mut self, now: DateTime<Utc>, then: &'static str, clears_updates: bool) {
        self.state = "deploying";
        self.updated_at = now;
        self.deploy = Some(Deploy {
            since: now,
            then,
            clears_updates,
        });
    }

    /// The state an instance returns to after a restart (a broken instance stays broken).
    pub fn resting_state(&self) -> &'static str {
        match (&self.deploy, self.state) {
            (Some(d), _) => d.then,
            (None, "failed") => "failed",
            _ => "available",
        }
    }

    pub fn overview(&self) -> Value {
        json!({
            "available_updates": self.available_updates,
            "created_at": iso(self.created_at),
            "id": self.number,
            "name": self.name,
            "plan_id": self.plan_id,
            "service_guid": self.service_id,
            "service_id": self.service_id,
            "state": self.state,
            "subtenant_id": self.subtenant_id,
            "subtenant_name": self.subtenant_name,
            "tenant_id": self.tenant_id,
            "tenant_name": self.tenant_name,
            "updated_at": iso(self.updated_at),
            "urls": self.urls,
        })
    }

    pub fn backup(&self, id: u64) -> Option<&Backup> {
        self.backups.iter().find(|b| b.id == id)
    }

    /// Triggers a backup; its outcome is decided now, deterministically.
    pub fn create_backup(&mut self, now: DateTime<Utc>) -> u64 {
        let id = self.backups.iter().map(|b| b.id).max().unwrap_or(0) + 1;
        let fails = self.state == "failed" || (self.key == "kv-sessions" && id % 3 == 0);
        let size = self.next_size;
        self.next_size += self.next_size / 50 + 1_024;
        self.backups.push(Backup {
            id,
            size,
            task: Task {
                triggered: now,
                outcome: if fails {
                    Outcome::Failed
                } else {
                    Outcome::Done
                },
            },
            downloadable: true,
            deleted_at: None,
        });
        id
    }

    /// Triggers a restore; it fails unless `ok` (the backup was done, the key was right).
    pub fn create_restore(&mut self, now: DateTime<Utc>, backup_id: u64, ok: bool) -> u64 {
        let id = self.restores.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        self.restores.push(Restore {
            id,
            backup_id,
            task: Task {
                triggered: now,
                outcome: if ok { Outcome::Done } else { Outcome::Failed },
            },
        });
        id
    }

    /// The newest finished backup triggered at or before `at` (or the oldest one after it).
    pub fn closest_backup(&self, now: DateTime<Utc>, at: DateTime<Utc>) -> Option<u64> {
        let done: Vec<&Backup> = self
            .backups
            .iter()
            .filter(|b| b.status(now).0 == "done")
            .collect();
        done.iter()
            .filter(|b| b.task.triggered <= at)
            .max_by_key(|b| b.task.triggered)
            .or_else(|| done.iter().min_by_key(|b| b.task.triggered))
            .map(|b| b.id)
    }

    /// Deletes finished backups older than `retention_time` days, always keeping the newest
    /// `min_backup_count` of them. Returns the ids deleted.
    pub fn prune(&mut self, now: DateTime<Utc>) -> Vec<u64> {
        let mut kept: Vec<(DateTime<Utc>, u64)> = self
            .backups
            .iter()
            .filter(|b| b.status(now).0 == "done")
            .map(|b| (b.task.triggered, b.id))
            .collect();
        kept.sort_by(|a, b| b.cmp(a));
        let keep = usize::try_from(self.config.min_backup_count.max(0)).unwrap_or(usize::MAX);
        let cutoff = now - TimeDelta::days(self.config.retention_time.max(0));
        let doomed: Vec<u64> = kept
            .iter()
            .skip(keep)
            .filter(|(t, _)| *t < cutoff)
            .map(|(_, id)| *id)
            .collect();
        for b in self.backups.iter_mut().filter(|b| doomed.contains(&b.id)) {
            b.deleted_at = Some(now);
            b.downloadable = false;
        }
        doomed
    }
}

/// Every instance, by the id used in paths.
pub struct Store {
    pub instances: BTreeMap<String, Instance>,
}

/// A GUID-looking string derived from the seed and a name (stable for one seed).
pub fn guid(seed: u64, name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    let mut next = || {
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h = h.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h
    };
    let (a, b) = (next(), next());
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

impl Store {
    /// The demo instances, dated relative to `now`.
    pub fn seeded(seed: u64, now: DateTime<Utc>) -> Store {
        let at = |days: i64, hours: i64| now - TimeDelta::days(days) - TimeDelta::hours(hours);
        let tenant = guid(seed, "tenant:shop");
        let backups = |list: &[(u64, i64, u64, Outcome, bool)]| -> Vec<Backup> {
            list.iter()
                .map(|&(id, days, size, outcome, downloadable)| Backup {
                    id,
                    size,
                    task: Task {
                        triggered: at(days, 2),
                        outcome,
                    },
                    downloadable,
                    deleted_at: None,
                })
                .collect()
        };
        let restore = |id: u64, backup_id: u64, days: i64| Restore {
            id,
            backup_id,
            task: Task {
                triggered: at(days, 1),
                outcome: Outcome::Done,
            },
        };
        let phase = (seed % 1_000) as f64 / 159.0;
        let dashboard = |key: &str| {
            format!(
                "https://a9s-dashboard.example.com/service-instances/{}",
                guid(seed, key)
            )
        };
        let update = |name: &str, version: &str| json!({ "name": name, "type": "release", "version": version });
        let link = |display: &str, id: &str, link: String| json!({ "display_name": display, "id": id, "link": link });
        let namespace = |key: &str, service: &str, node: u32| {
            format!(
                "{}.{}.{}.{}.{service}.{node}",
                &tenant[..8],
                &guid(seed, "space:production")[..8],
                guid(seed, key),
                &guid(seed, &format!("deployment:{key}"))[..9],
            )
        };

        let (d, f) = (Outcome::Done, Outcome::Failed);

        let mut pg = Instance {
            key: "pg-orders-prod".into(),
            number: 1,
            name: "orders-db".into(),
            plan_id: guid(seed, "plan:postgresql-replica-small"),
            service_id: guid(seed, "service:a9s-postgresql13"),
            tenant_id: tenant.clone(),
            tenant_name: "shop".into(),
            subtenant_id: guid(seed, "space:production"),
            subtenant_name: "production".into(),
            created_at: at(240, 5),
            updated_at: at(12, 3),
            state: "available",
            deploy: None,
            available_updates: vec![update("postgresql13", "13.16.0")],
            urls: vec![link(
                "Service Instance Dashboard",
                "Dashboard",
                dashboard("pg-orders-prod"),
            )],
            config: Config {
                min_backup_count: 5,
                retention_time: 7,
                min_encryption_key_length: 8,
                exclude_from_auto_backup: false,
                backup_type: "continuous_archiving",
                encryption_key: Some("orders-prod-key-2024".into()),
            },
            backups: backups(&[
                (1, 9, 1_211_456, d, true),
                (2, 6, 1_220_928, d, false),
                (3, 5, 0, f, false),
                (4, 4, 1_231_648, d, true),
                (5, 3, 1_255_936, d, true),
                (6, 2, 1_280_224, d, true),
                (7, 1, 1_304_512, d, true),
            ]),
            restores: vec![restore(1, 4, 3), restore(2, 6, 1)],
            backup_guid: guid(seed, "backups:pg-orders-prod"),
            profile: Profile {
                namespaces: vec![namespace("pg-orders-prod", "pg", 0)],
                cores: 2,
                memory: 4_136_923_136,
                swap: 2_147_479_552,
                disks: vec![
                    ("system", 3_103_686_656, 0.48),
                    ("ephemeral", 6_113_067_008, 0.21),
                    ("persistent", 10_485_760_000, 0.42),
                ],
                parachute: vec![("ephemeral", 80), ("persistent", 80)],
                broken: false,
                odd_timestamp: false,
                boot: at(3, 7),
                phase,
            },
            next_size: 1_328_800,
        };
        // Backup 1 was pruned by retention two days ago.
        pg.backups[0].deleted_at = Some(at(2, 0));
        pg.backups[0].downloadable = false;

        let kv = Instance {
            key: "kv-sessions".into(),
            number: 2,
            name: "sessions-cache".into(),
            plan_id: guid(seed, "plan:keyvalue8-cluster-small"),
            service_id: guid(seed, "service:a9s-keyvalue8"),
            tenant_id: tenant.clone(),
            tenant_name: "shop".into(),
            subtenant_id: guid(seed, "space:production"),
            subtenant_name: "production".into(),
            created_at: at(120, 9),
            updated_at: at(30, 4),
            state: "available",
            deploy: None,
            available_updates: vec![update("keyvalue8", "1.0.0")],
            // The document's overview example: the dashboard link starts with a space.
            urls: vec![
                link(
                    "KeyValue",
                    "KeyValue-link",
                    format!("{}/keyvalue", dashboard("kv-sessions")),
                ),
                link(
                    "Service Instance Dashboard",
                    "Dashboard",
                    format!(" {}", dashboard("kv-sessions")),
                ),
            ],
            config: Config {
                min_backup_count: 5,
                retention_time: 5,
                min_encryption_key_length: 8,
                exclude_from_auto_backup: false,
                backup_type: "standard",
                encryption_key: None,
            },
            backups: backups(&[
                (1, 3, 2_792, d, true),
                (2, 2, 2_792, d, true),
                (3, 1, 0, f, false),
                (4, 1, 3_104, d, true),
            ]),
            restores: vec![],
            backup_guid: guid(seed, "backups:kv-sessions"),
            profile: Profile {
                namespaces: (0..3).map(|n| format!("keyvalue.{n}")).collect(),
                cores: 1,
                memory: 2_068_461_568,
                swap: 0,
                disks: vec![
                    ("system", 3_103_686_656, 0.5),
                    ("ephemeral", 6_113_067_008, 0.17),
                    ("persistent", 5_148_114_944, 0.002),
                ],
                // As in the document's example: a low threshold keeps the Parachute activated.
                parachute: vec![("ephemeral", 10), ("persistent", 80)],
                broken: false,
                odd_timestamp: true,
                boot: at(1, 4),
                phase: phase + 1.7,
            },
            next_size: 3_300,
        };

        let dr = Instance {
            key: "pg-orders-dr".into(),
            number: 3,
            name: "orders-db-dr".into(),
            plan_id: guid(seed, "plan:postgresql-single-small"),
            service_id: guid(seed, "service:a9s-postgresql13"),
            tenant_id: tenant.clone(),
            tenant_name: "shop".into(),
            subtenant_id: guid(seed, "space:recovery"),
            subtenant_name: "recovery".into(),
            created_at: at(60, 2),
            updated_at: at(60, 1),
            state: "available",
            deploy: None,
            available_updates: vec![],
            urls: vec![link(
                "Service Instance Dashboard",
                "Dashboard",
                dashboard("pg-orders-dr"),
            )],
            config: Config {
                min_backup_count: 3,
                retention_time: 14,
                min_encryption_key_length: 12,
                exclude_from_auto_backup: true,
                backup_type: "standard",
                encryption_key: None,
            },
            backups: backups(&[(1, 20, 1_048_576, d, true)]),
            restores: vec![],
            backup_guid: guid(seed, "backups:pg-orders-dr"),
            profile: Profile {
                namespaces: vec![namespace("pg-orders-dr", "pg", 0)],
                cores: 2,
                memory: 4_136_923_136,
                swap: 2_147_479_552,
                disks: vec![
                    ("system", 3_103_686_656, 0.44),
                    ("ephemeral", 6_113_067_008, 0.12),
                    ("persistent", 10_485_760_000, 0.05),
                ],
                parachute: vec![("persistent", 80)],
                broken: false,
                odd_timestamp: false,
                boot: at(10, 0),
                phase: phase + 0.6,
            },
            next_size: 1_060_000,
        };

        let legacy = Instance {
            key: "mariadb-legacy".into(),
            number: 4,
            name: "legacy-billing".into(),
            plan_id: guid(seed, "plan:mariadb-single-small"),
            service_id: guid(seed, "service:a9s-mariadb106"),
            tenant_id: tenant.clone(),
            tenant_name: "shop".into(),
            subtenant_id: guid(seed, "space:legacy"),
            subtenant_name: "legacy".into(),
            created_at: at(400, 0),
            updated_at: at(0, 5),
            state: "failed",
            deploy: None,
            available_updates: vec![update("mariadb106", "10.6.18")],
            // A link that must never be rendered as one.
            urls: vec![
                link(
                    "Legacy console",
                    "Legacy",
                    "javascript:alert(document.domain)".into(),
                ),
                link(
                    "Service Instance Dashboard",
                    "Dashboard",
                    dashboard("mariadb-legacy"),
                ),
            ],
            config: Config {
                min_backup_count: 2,
                retention_time: 30,
                min_encryption_key_length: 8,
                exclude_from_auto_backup: false,
                backup_type: "standard",
                encryption_key: None,
            },
            backups: backups(&[(1, 8, 7_340_032, d, true), (2, 1, 0, f, false)]),
            restores: vec![],
            backup_guid: guid(seed, "backups:mariadb-legacy"),
            profile: Profile {
                namespaces: vec![namespace("mariadb-legacy", "mariadb", 0)],
                cores: 4,
                memory: 8_273_846_272,
                swap: 0,
                disks: vec![
                    ("system", 3_103_686_656, 0.61),
                    ("persistent", 21_474_836_480, 0.93),
                ],
                parachute: vec![("persistent", 90)],
                broken: true,
                odd_timestamp: false,
                boot: at(0, 5),
                phase: phase + 2.9,
            },
            next_size: 7_400_000,
        };

        let instances = [pg, kv, dr, legacy]
            .into_iter()
            .map(|i| (i.key.clone(), i))
            .collect();
        Store { instances }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_move_from_queued_to_their_outcome() {
        let t0 = Utc::now();
        let task = Task {
            triggered: t0,
            outcome: Outcome::Failed,
        };
        assert_eq!(task.status(t0).0, "queued");
        assert_eq!(task.status(t0 + ms(QUEUED_MS)).0, "running");
        assert_eq!(task.status(t0 + ms(TASK_MS - 1)).0, "running");
        assert_eq!(task.status(t0 + ms(TASK_MS)), ("failed", t0 + ms(TASK_MS)));
    }

    #[test]
    fn guids_are_stable_and_distinct() {
        assert_eq!(guid(7, "a"), guid(7, "a"));
        assert_ne!(guid(7, "a"), guid(7, "b"));
        assert_ne!(guid(7, "a"), guid(8, "a"));
        assert_eq!(guid(7, "a").len(), 36);
    }
}
