//! Following long work (jobs an area started): the list is kept where the operator keeps
//! settings (serde, so it survives leaving the area and reloading), polled with
//! [`super::backoff_ms`] while any job is still moving and the tab is visible (paused while it
//! is hidden, and going on while the operator is in another area), and shown by [`JobPanel`].
//! One stop rule for every area: a job is polled until it says it is no longer
//! [`FollowedJob::pending`]. Every followed job is also an entry of the tab's activity center
//! ([`super::activity`]). After a reload, the jobs still running are followed again by the hook
//! their area registered with [`resume_with`] (its chunk is fetched for that), without waiting
//! for the operator to open the area.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::{use_client, Client};
use crate::store;

use super::activity::{self, tab_hidden, Entry};
use super::{backoff_ms, sleep_ms, Column, DataTable};

/// A job an area follows. What the activity center says about it has defaults, so a job type
/// that names only its id and whether it is pending is listed too ("Job <id>", "running", on
/// the page it was started from, since it was first followed).
pub trait FollowedJob: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// One entry per id.
    fn id(&self) -> &str;
    /// Still worth asking about: polling goes on while any job is.
    fn pending(&self) -> bool;
    /// What was started, in words.
    fn what(&self) -> String {
        format!("Job {}", self.id())
    }
    /// Its page inside the console; empty: the page it was started from.
    fn href(&self) -> String {
        String::new()
    }
    /// When it was started (ms since the epoch); 0: when it was first followed.
    fn started_ms(&self) -> i64 {
        0
    }
    /// How far it got, when the API says.
    fn progress(&self) -> String {
        String::new()
    }
    /// Its state in words.
    fn state_words(&self) -> String {
        if self.pending() {
            "running"
        } else {
            "finished"
        }
        .into()
    }
    /// Finished without doing what was asked.
    fn failed(&self) -> bool {
        false
    }
}

/// How one job is asked about, as [`Followed::follow`] keeps it.
type Check<J> = Rc<dyn Fn(Client, J) -> Pin<Box<dyn Future<Output = J>>>>;

/// The jobs an area follows (Copy; provide it in the area's layout). One list per storage key
/// for the whole tab: loading it again (the area opened again) gives the same list.
pub struct Followed<J: 'static> {
    list: RwSignal<Vec<J>>,
    key: &'static str,
    keep: usize,
    client: Client,
    check: StoredValue<Option<Check<J>>, LocalStorage>,
    polling: StoredValue<bool>,
}

impl<J> Clone for Followed<J> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<J> Copy for Followed<J> {}

thread_local! {
    /// Every list loaded in this tab, by storage key.
    static LISTS: RefCell<HashMap<&'static str, Box<dyn Any>>> = RefCell::new(HashMap::new());
    /// How to follow a storage key's jobs again after a reload.
    static RESUME: RefCell<Vec<(&'static str, Resume)>> = const { RefCell::new(Vec::new()) };
}

/// An area's resume-after-reload hook: fetches the area's code and calls
/// [`Followed::follow`] on its list with the area's check (see `resume_hook!` in
/// `src/areas/lazy.rs`).
pub type Resume = fn() -> Pin<Box<dyn Future<Output = ()>>>;

/// Registers how the jobs saved under `key` are followed again after a reload (one line per
/// area in `src/areas/mod.rs`).
pub fn resume_with(key: &'static str, hook: Resume) {
    RESUME.with(|r| r.borrow_mut().push((key, hook)));
}

/// After a reload: follows again every saved job still running, by its area's hook.
pub fn resume_running() {
    let Some((activity, owner)) = activity::root() else {
        return;
    };
    for source in activity.running_sources() {
        let hook = RESUME.with(|r| {
            r.borrow()
                .iter()
                .find(|(k, _)| *k == source)
                .map(|(_, h)| *h)
        });
        if let Some(hook) = hook {
            owner.with(|| spawn_local(hook()));
        }
    }
}

/// The saved list; an entry that does not read is dropped, never an error.
fn stored<J: FollowedJob>(key: &str) -> Vec<J> {
    store::load_value(key)
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| serde_json::from_value::<J>(v).ok())
        .filter(|j| !j.id().is_empty())
        .collect()
}

/// Adds a job in front, keeping the newest `keep` (a job id already there is replaced).
pub fn add_job<J: FollowedJob>(list: &mut Vec<J>, job: J, keep: usize) {
    list.retain(|t| t.id() != job.id());
    list.insert(0, job);
    list.truncate(keep);
}

/// What the activity center shows of a job.
fn entry<J: FollowedJob>(source: &str, j: &J) -> Entry {
    Entry {
        source: source.into(),
        id: j.id().into(),
        what: j.what(),
        href: j.href(),
        started_ms: j.started_ms(),
        progress: j.progress(),
        state: j.state_words(),
        running: j.pending(),
        failed: j.failed(),
    }
}

impl<J: FollowedJob> Followed<J> {
    /// The list saved under `key` (at most `keep` jobs are kept).
    pub fn load(key: &'static str, keep: usize) -> Followed<J> {
        let known = LISTS.with(|l| {
            l.borrow()
                .get(key)
                .and_then(|b| b.downcast_ref::<Followed<J>>().copied())
        });
        if let Some(f) = known {
            return f;
        }
        let make = move |client| Followed {
            list: RwSignal::new(stored(key)),
            key,
            keep,
            client,
            check: StoredValue::new_local(None),
            polling: StoredValue::new(false),
        };
        // Created under the app, so it outlives the page that loaded it.
        let f = match activity::root() {
            Some((_, owner)) => owner.with(|| make(use_client())),
            None => make(use_client()),
        };
        LISTS.with(|l| l.borrow_mut().insert(key, Box::new(f)));
        f
    }

    /// Every job, newest first. Tracked.
    pub fn list(&self) -> Vec<J> {
        self.list.get()
    }

    fn save(&self, list: &[J]) {
        let value = serde_json::to_value(list).unwrap_or(Value::Null);
        store::save_value(self.client.storage_mode(), self.key, &value);
    }

    fn publish(&self, job: &J) {
        if let Some((activity, _)) = activity::root() {
            activity.record(entry(self.key, job));
        }
    }

    /// Follows a job just started. Saved first, so it is not lost if the page was left meanwhile.
    pub fn add(&self, job: J) {
        let mut list = self
            .list
            .try_get_untracked()
            .unwrap_or_else(|| stored(self.key));
        self.publish(&job);
        add_job(&mut list, job, self.keep);
        self.save(&list);
        self.list.try_set(list);
    }

    /// Changes one job (by id) and saves the list.
    pub fn update(&self, id: &str, f: impl FnOnce(&mut J)) {
        let Some(mut list) = self.list.try_get_untracked() else {
            return;
        };
        if let Some(j) = list.iter_mut().find(|j| j.id() == id) {
            f(j);
            self.publish(j);
        }
        self.save(&list);
        self.list.try_set(list);
    }

    pub fn clear_finished(&self) {
        let Some(mut list) = self.list.try_get_untracked() else {
            return;
        };
        let done: Vec<String> = list
            .iter()
            .filter(|j| !j.pending())
            .map(|j| j.id().to_string())
            .collect();
        list.retain(J::pending);
        self.save(&list);
        self.list.try_set(list);
        if let Some((activity, _)) = activity::root() {
            activity.forget(self.key, &done);
        }
    }

    /// Polls for the rest of the tab's life (the latest `check` given is used): each round asks
    /// `check` about every pending job (it returns the job as now known), then waits by
    /// [`backoff_ms`]; with nothing pending, or while the tab is hidden, it looks again each
    /// second (the backoff starts over once nothing is pending).
    pub fn follow<F, Fut>(&self, check: F)
    where
        F: Fn(Client, J) -> Fut + 'static,
        Fut: Future<Output = J> + 'static,
    {
        let check: Check<J> = Rc::new(move |client, job| Box::pin(check(client, job)));
        self.check.set_value(Some(check));
        if self.polling.get_value() {
            return;
        }
        self.polling.set_value(true);
        let this = *self;
        spawn_local(async move {
            let mut attempt = 0;
            loop {
                let Some(pending) = this.list.try_with_untracked(|l| {
                    l.iter()
                        .filter(|j| j.pending())
                        .cloned()
                        .collect::<Vec<J>>()
                }) else {
                    return;
                };
                if pending.is_empty() {
                    attempt = 0;
                }
                if pending.is_empty() || tab_hidden() {
                    sleep_ms(1_000).await;
                    continue;
                }
                let Some(check) = this.check.try_get_value().flatten() else {
                    return;
                };
                for job in pending {
                    let id = job.id().to_string();
                    let now = check(this.client, job).await;
                    this.update(&id, |j| *j = now);
                }
                sleep_ms(backoff_ms(attempt)).await;
                attempt += 1;
            }
        });
    }
}

/// The panel of followed jobs: a table of them (or what will appear), "Clear finished".
#[component]
pub fn JobPanel<J: FollowedJob>(
    jobs: Followed<J>,
    columns: Vec<Column<J>>,
    #[prop(into)] title: String,
    /// Said while the list is empty.
    #[prop(into)]
    empty: String,
    /// The panel's id; the clear button's is `<id>-clear-finished`.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let list = jobs.list;
    let table: Arc<dyn Fn() -> AnyView + Send + Sync> = Arc::new(move || {
        view! { <DataTable rows=list columns=columns.clone() row_key=Arc::new(|j: &J| j.id().to_string())/> }
            .into_any()
    });
    job_panel(JobFrame {
        id,
        title,
        empty,
        any: Signal::derive(move || list.with(|l| !l.is_empty())),
        finished: Signal::derive(move || list.with(|l| l.iter().any(|j| !j.pending()))),
        table,
        clear: Callback::new(move |()| jobs.clear_finished()),
    })
}

/// What [`job_panel`] draws around the table of jobs: none of it depends on the job type.
struct JobFrame {
    id: String,
    title: String,
    empty: String,
    /// Some job is followed.
    any: Signal<bool>,
    /// Some followed job is finished.
    finished: Signal<bool>,
    table: Arc<dyn Fn() -> AnyView + Send + Sync>,
    clear: Callback<()>,
}

/// The card, its heading, the table (or what will appear) and "Clear finished" — once for
/// every job type.
fn job_panel(f: JobFrame) -> AnyView {
    let JobFrame {
        id,
        title,
        empty,
        any,
        finished,
        table,
        clear,
    } = f;
    let clear_id = format!("{id}-clear-finished");
    view! {
        <section class="card" id=id aria-live="polite">
            <h2>{title}</h2>
            <Show when=move || any.get() fallback=move || view! { <p class="muted">{empty.clone()}</p> }>
                {table()}
            </Show>
            <Show when=move || finished.get()>
                <div class="toolbar">
                    <button type="button" class="btn small" id=clear_id.clone()
                        on:click=move |_| clear.run(())>
                        "Clear finished"
                    </button>
                </div>
            </Show>
        </section>
    }
    .into_any()
}
