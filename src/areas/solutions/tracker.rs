//! Jobs started from this console (deploy, run, delete), followed until they are final.
//! The document names no status call for runs, and the Job API it names for deploy and delete
//! is outside these documents, so each job is followed through the jobs endpoint filtered by
//! its id. The list lives in the user's storage, so it is found again after navigating away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use serde_json::{json, Value};

use super::href;
use crate::api::solutions::{find_job, is_final_state};
use crate::client::{use_client, Client};
use crate::store;
use crate::ui::{backoff_ms, sleep_ms, OwnerAlive, StatusBadge, TimeAgo};

const KEY: &str = "solutions.jobs";
/// How many jobs the panel keeps.
const KEEP: usize = 20;
/// Checks in a row without an answer listing the job before the panel stops asking.
const MAX_MISSES: u32 = 30;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tracked {
    pub job_id: String,
    /// What was started, in words ("Run Invoice Extraction 1.4.0").
    pub what: String,
    pub solution_id: String,
    /// The last state the jobs endpoint reported; empty until it lists the job.
    pub state: String,
    pub message: String,
    /// When the console started it (the browser's clock).
    pub started_ms: i64,
    pub misses: u32,
}

impl Tracked {
    /// Read back from storage; whatever is missing or odd takes its default.
    fn from_json(v: &Value) -> Tracked {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let n = |k: &str| v.get(k).and_then(Value::as_i64).unwrap_or(0);
        Tracked {
            job_id: s("job_id"),
            what: s("what"),
            solution_id: s("solution_id"),
            state: s("state"),
            message: s("message"),
            started_ms: n("started_ms"),
            misses: u32::try_from(n("misses")).unwrap_or(0),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "job_id": self.job_id, "what": self.what, "solution_id": self.solution_id,
            "state": self.state, "message": self.message, "started_ms": self.started_ms,
            "misses": self.misses,
        })
    }

    pub fn pending(&self) -> bool {
        !is_final_state(&self.state) && self.misses < MAX_MISSES
    }

    fn shown_state(&self) -> String {
        match (self.state.as_str(), self.pending()) {
            ("", true) => "SUBMITTED".into(),
            ("", false) => "UNKNOWN".into(),
            (s, _) => s.to_string(),
        }
    }
}

/// Adds a job in front, keeping the newest [`KEEP`] (a job id already there is replaced).
pub fn add(list: &mut Vec<Tracked>, job: Tracked) {
    list.retain(|t| t.job_id != job.job_id);
    list.insert(0, job);
    list.truncate(KEEP);
}

/// Records what one check found: the job as listed, nothing (not listed yet), or an error.
pub fn record(list: &mut [Tracked], job_id: &str, found: Result<Option<(String, String)>, String>) {
    let Some(t) = list.iter_mut().find(|t| t.job_id == job_id) else {
        return;
    };
    match found {
        Ok(Some((state, message))) => {
            t.state = state;
            t.message = message;
            t.misses = 0;
        }
        Ok(None) => {
            t.misses += 1;
            if t.misses >= MAX_MISSES {
                t.message =
                    "The jobs endpoint never listed this job; check it in the Instabase Job API."
                        .into();
            }
        }
        Err(e) => {
            t.misses += 1;
            t.message = format!("Could not check: {e}");
        }
    }
}

/// The area's list of followed jobs (provided by the area's layout).
#[derive(Clone, Copy)]
pub struct Tracker(RwSignal<Vec<Tracked>>, Client);

fn stored() -> Vec<Tracked> {
    store::load_value(KEY)
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(Tracked::from_json)
                .filter(|t| !t.job_id.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

impl Tracker {
    pub fn load() -> Tracker {
        Tracker(RwSignal::new(stored()), use_client())
    }

    /// Saved where the user keeps settings (nothing in "this page only" mode).
    fn save(&self, list: &[Tracked]) {
        let list: Vec<Value> = list.iter().map(Tracked::to_json).collect();
        store::save_value(self.1.storage_mode(), KEY, &Value::Array(list));
    }

    /// Follows a job just started. Saved first, so it is not lost if the page was left meanwhile.
    pub fn track(&self, job_id: &crate::api::Id, what: String, solution_id: &str) {
        let mut list = self.0.try_get_untracked().unwrap_or_else(stored);
        add(
            &mut list,
            Tracked {
                job_id: job_id.to_string(),
                what,
                solution_id: solution_id.to_string(),
                started_ms: crate::time::now_ms(),
                ..Tracked::default()
            },
        );
        self.save(&list);
        self.0.try_set(list);
    }

    fn update(&self, f: impl FnOnce(&mut Vec<Tracked>)) {
        let Some(mut list) = self.0.try_get_untracked() else {
            return;
        };
        f(&mut list);
        self.save(&list);
        self.0.try_set(list);
    }
}

pub fn use_tracker() -> Tracker {
    expect_context::<Tracker>()
}

/// The panel under every page of the area; it polls while any job it shows is still moving.
#[component]
pub fn JobsPanel() -> impl IntoView {
    let client = use_client();
    let tracker = use_tracker();
    let alive = OwnerAlive::new();
    spawn_local(async move {
        let mut attempt = 0;
        while alive.get() {
            let pending: Vec<String> = tracker
                .0
                .try_with_untracked(|l| {
                    l.iter()
                        .filter(|t| t.pending())
                        .map(|t| t.job_id.clone())
                        .collect()
                })
                .unwrap_or_default();
            if pending.is_empty() {
                attempt = 0;
                sleep_ms(1_000).await;
                continue;
            }
            for id in pending {
                let r = client.send(find_job(&id)).await;
                if !alive.get() {
                    return;
                }
                let found = r
                    .map(|j| j.map(|j| (j.state, j.message)))
                    .map_err(|e| e.summary());
                tracker.update(|l| record(l, &id, found));
            }
            sleep_ms(backoff_ms(attempt).min(2_000)).await;
            attempt += 1;
        }
    });
    let jobs = tracker.0;
    view! {
        <section class="card" id="solutions-panel" aria-live="polite">
            <h2>"Jobs started from this console"</h2>
            {move || {
                let list = jobs.get();
                if list.is_empty() {
                    return view! {
                        <p class="muted">"Deploy, run and delete jobs you start appear here and are followed until they finish."</p>
                    }
                    .into_any();
                }
                let finished = list.iter().any(|t| !t.pending());
                view! {
                    <table class="data">
                        <thead><tr><th>"Job"</th><th>"State"</th><th>"What"</th><th>"Started"</th><th>"Message"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|t| {
                                let link = href("/solutions/jobs", vec![("job_id".into(), t.job_id.clone())]);
                                let (id, row_id, state) = (t.job_id.clone(), t.job_id.clone(), t.shown_state());
                                view! {
                                    <tr data-job=row_id class="solutions-tracked">
                                        <td><A href=link><code>{id}</code></A></td>
                                        <td><StatusBadge status=state/></td>
                                        <td>{t.what.clone()}</td>
                                        <td><TimeAgo ms=Some(t.started_ms)/></td>
                                        <td>{t.message.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {finished.then(|| view! {
                        <div class="toolbar">
                            <button type="button" class="btn small" id="solutions-clear-finished"
                                on:click=move |_| tracker.update(|l| l.retain(Tracked::pending))>
                                "Clear finished"
                            </button>
                        </div>
                    })}
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str) -> Tracked {
        Tracked {
            job_id: id.into(),
            ..Tracked::default()
        }
    }

    #[test]
    fn the_newest_jobs_are_kept_first() {
        let mut list = Vec::new();
        for i in 0..25 {
            add(&mut list, job(&format!("j{i}")));
        }
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0].job_id, "j24");
        add(&mut list, job("j10"));
        assert_eq!(list[0].job_id, "j10");
        assert_eq!(list.iter().filter(|t| t.job_id == "j10").count(), 1);
    }

    #[test]
    fn a_job_is_followed_until_final_or_never_listed() {
        let mut list = vec![job("a"), job("b")];
        assert_eq!(list[0].shown_state(), "SUBMITTED");
        record(
            &mut list,
            "a",
            Ok(Some(("RUNNING".into(), "Running single_flow".into()))),
        );
        assert!(list[0].pending());
        record(
            &mut list,
            "a",
            Ok(Some(("COMPLETE".into(), "Completed single_flow".into()))),
        );
        assert!(!list[0].pending());
        assert_eq!(list[0].shown_state(), "COMPLETE");
        record(
            &mut list,
            "b",
            Err("Deployed Solutions answered 502".into()),
        );
        assert!(list[1].pending());
        assert!(list[1].message.contains("502"));
        for _ in 0..MAX_MISSES {
            record(&mut list, "b", Ok(None));
        }
        assert!(!list[1].pending());
        assert_eq!(list[1].shown_state(), "UNKNOWN");
        assert!(list[1].message.contains("never listed"));
        // What is stored reads back; odd stored values never break the panel.
        assert_eq!(Tracked::from_json(&list[1].to_json()), list[1]);
        let odd = Tracked::from_json(&json!({"job_id": "x", "misses": -3, "state": 7}));
        assert!(odd.pending());
        assert_eq!((odd.misses, odd.state.as_str()), (0, ""));
    }
}
