//! Following long work (jobs an area started): the list is kept where the operator keeps
//! settings (serde, so it survives leaving the area and reloading), polled with
//! [`super::backoff_ms`] while any job is still moving and its owner is on screen, and shown by
//! [`JobPanel`]. One stop rule for every area: a job is polled until it says it is no longer
//! [`FollowedJob::pending`].

use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::{use_client, Client};
use crate::store;

use super::{backoff_ms, sleep_ms, Column, DataTable, OwnerAlive};

/// A job an area follows.
pub trait FollowedJob: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// One entry per id.
    fn id(&self) -> &str;
    /// Still worth asking about: polling goes on while any job is.
    fn pending(&self) -> bool;
}

/// The jobs an area follows (Copy; provide it in the area's layout).
pub struct Followed<J: 'static> {
    list: RwSignal<Vec<J>>,
    key: &'static str,
    keep: usize,
    client: Client,
}

impl<J> Clone for Followed<J> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<J> Copy for Followed<J> {}

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

impl<J: FollowedJob> Followed<J> {
    /// The list saved under `key` (at most `keep` jobs are kept).
    pub fn load(key: &'static str, keep: usize) -> Followed<J> {
        Followed {
            list: RwSignal::new(stored(key)),
            key,
            keep,
            client: use_client(),
        }
    }

    /// Every job, newest first. Tracked.
    pub fn list(&self) -> Vec<J> {
        self.list.get()
    }

    fn save(&self, list: &[J]) {
        let value = serde_json::to_value(list).unwrap_or(Value::Null);
        store::save_value(self.client.storage_mode(), self.key, &value);
    }

    /// Follows a job just started. Saved first, so it is not lost if the page was left meanwhile.
    pub fn add(&self, job: J) {
        let mut list = self
            .list
            .try_get_untracked()
            .unwrap_or_else(|| stored(self.key));
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
        }
        self.save(&list);
        self.list.try_set(list);
    }

    pub fn clear_finished(&self) {
        let Some(mut list) = self.list.try_get_untracked() else {
            return;
        };
        list.retain(J::pending);
        self.save(&list);
        self.list.try_set(list);
    }

    /// Polls while the calling component is on screen: each round asks `check` about every
    /// pending job (it returns the job as now known), then waits by [`backoff_ms`]; with nothing
    /// pending it looks again each second and starts the backoff over.
    pub fn follow<F, Fut>(&self, check: F)
    where
        F: Fn(Client, J) -> Fut + 'static,
        Fut: Future<Output = J> + 'static,
    {
        let this = *self;
        let alive = OwnerAlive::new();
        spawn_local(async move {
            let mut attempt = 0;
            while alive.get() {
                let pending: Vec<J> = this
                    .list
                    .try_with_untracked(|l| l.iter().filter(|j| j.pending()).cloned().collect())
                    .unwrap_or_default();
                if pending.is_empty() {
                    attempt = 0;
                    sleep_ms(1_000).await;
                    continue;
                }
                for job in pending {
                    let id = job.id().to_string();
                    let now = check(this.client, job).await;
                    if !alive.get() {
                        return;
                    }
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
