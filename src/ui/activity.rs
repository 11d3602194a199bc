//! The activity center's record: every long operation this tab started, whatever the API, as
//! plain entries (what, where, started when, progress, state in words). [`super::Followed`]
//! feeds it, so whatever an area follows shows up here; the list is kept for the tab (serde,
//! beside the followed jobs) and drawn by the activity page (`src/areas/activity.rs`, a lazy
//! chunk). This part is in the first load: the header's badge counts what is running, and a
//! job that ends is announced (a toast, and the tab's title while the tab is hidden).

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::{Map, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::json;
use crate::client::{use_client, Client};
use crate::store;

use super::toast::Toasts;

const KEY: &str = "activity";
/// How many entries the center keeps (finished ones go first).
const KEEP: usize = 50;

/// One long operation as the activity center shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The storage key of the list that follows it (one per area and kind of job).
    pub source: String,
    pub id: String,
    /// What was started, in words.
    pub what: String,
    /// Where to look at it: a path inside the console.
    pub href: String,
    pub started_ms: i64,
    /// How far it got, when the API says.
    pub progress: String,
    /// Its state in words ("running", "done", "failed: …").
    pub state: String,
    pub running: bool,
    pub failed: bool,
}

impl Entry {
    /// As saved for the tab. (By hand rather than with serde derives: this is in the first load.)
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        for (k, v) in [
            ("source", &self.source),
            ("id", &self.id),
            ("what", &self.what),
            ("href", &self.href),
            ("progress", &self.progress),
            ("state", &self.state),
        ] {
            m.insert(k.into(), v.as_str().into());
        }
        m.insert("started_ms".into(), self.started_ms.into());
        m.insert("running".into(), self.running.into());
        m.insert("failed".into(), self.failed.into());
        Value::Object(m)
    }

    /// Reads what [`Entry::to_value`] saved; what is missing takes its default.
    fn from_value(v: &Value) -> Entry {
        let text = |k| v.get(k).and_then(json::text).unwrap_or_default();
        let flag = |k| v.get(k).and_then(json::flag).unwrap_or_default();
        Entry {
            source: text("source"),
            id: text("id"),
            what: text("what"),
            href: text("href"),
            started_ms: v.get("started_ms").and_then(json::int).unwrap_or_default(),
            progress: text("progress"),
            state: text("state"),
            running: flag("running"),
            failed: flag("failed"),
        }
    }
}

/// Merges what a follower now knows about a job into the list; what the job does not say (its
/// page, its start) is kept from before. Returns the entry's earlier state.
pub fn upsert(list: &mut Vec<Entry>, mut entry: Entry, now_ms: i64, here: &str) -> Option<Entry> {
    let before = list
        .iter()
        .position(|e| e.source == entry.source && e.id == entry.id)
        .map(|i| list.remove(i));
    if entry.href.is_empty() {
        entry.href = before
            .as_ref()
            .map_or_else(|| here.to_string(), |b| b.href.clone());
    }
    if entry.started_ms == 0 {
        entry.started_ms = before.as_ref().map_or(now_ms, |b| b.started_ms);
    }
    // Newest first, and the latest news first among jobs started at the same time. (The list
    // stays ordered, so this is an insertion, not a sort.)
    let at = list
        .iter()
        .position(|e| e.started_ms <= entry.started_ms)
        .unwrap_or(list.len());
    list.insert(at, entry);
    while list.len() > KEEP {
        match list.iter().rposition(|e| !e.running) {
            Some(i) => {
                list.remove(i);
            }
            None => {
                list.pop();
            }
        }
    }
    before
}

/// The tab's activity (Copy); provided once by the shell.
#[derive(Clone, Copy)]
pub struct Activity {
    entries: RwSignal<Vec<Entry>>,
    client: Client,
    toasts: Option<Toasts>,
    /// The tab's title before a completion was announced in it.
    title: StoredValue<Option<String>>,
}

thread_local! {
    static ACTIVITY: RefCell<Option<(Activity, Owner)>> = const { RefCell::new(None) };
}

/// The activity and the owner everything that outlives a page is created under (the app's).
pub(crate) fn root() -> Option<(Activity, Owner)> {
    ACTIVITY.with(|a| a.borrow().clone())
}

/// Sets up the tab's activity; call in the app after the client is provided.
pub fn provide_activity() -> Activity {
    let client = use_client();
    let saved = store::load_value(KEY)
        .and_then(|v| {
            v.as_array()
                .map(|l| l.iter().map(Entry::from_value).collect())
        })
        .unwrap_or_default();
    let activity = Activity {
        entries: RwSignal::new(saved),
        client,
        toasts: use_context::<Toasts>(),
        title: StoredValue::new(None),
    };
    if let Some(owner) = Owner::current() {
        ACTIVITY.with(|a| *a.borrow_mut() = Some((activity, owner)));
    }
    // The title goes back to what it was when the operator looks at the tab again.
    let back = Closure::<dyn Fn()>::new(move || {
        if !tab_hidden() {
            if let Some(t) = activity.title.try_update_value(Option::take).flatten() {
                document().set_title(&t);
            }
        }
    });
    let _ = document()
        .add_event_listener_with_callback("visibilitychange", back.as_ref().unchecked_ref());
    back.forget();
    provide_context(activity);
    activity
}

pub fn use_activity() -> Activity {
    expect_context::<Activity>()
}

/// Whether the tab is in the background (polling pauses then).
pub fn tab_hidden() -> bool {
    document().hidden()
}

impl Activity {
    /// Every entry, newest first. Tracked.
    pub fn entries(&self) -> Vec<Entry> {
        self.entries.get()
    }

    /// How many are running. Tracked.
    pub fn running(&self) -> usize {
        self.entries
            .with(|l| l.iter().filter(|e| e.running).count())
    }

    fn save(&self, list: &[Entry]) {
        let value = Value::Array(list.iter().map(Entry::to_value).collect());
        store::save_value(self.client.storage_mode(), KEY, &value);
    }

    /// A follower's news about one job; announces it when it just ended.
    pub fn record(&self, entry: Entry) {
        let Some(mut list) = self.entries.try_get_untracked() else {
            return;
        };
        let here = window()
            .location()
            .pathname()
            .unwrap_or_else(|_| "/".into());
        let before = upsert(&mut list, entry.clone(), crate::time::now_ms(), &here);
        self.save(&list);
        self.entries.try_set(list);
        if before.is_some_and(|b| b.running) && !entry.running {
            self.announce(&entry);
        }
    }

    /// Jobs a follower no longer keeps.
    pub fn forget(&self, source: &str, ids: &[String]) {
        self.change(|l| l.retain(|e| e.source != source || !ids.contains(&e.id)));
    }

    /// Drops every finished entry.
    pub fn clear_finished(&self) {
        self.change(|l| l.retain(|e| e.running));
    }

    /// Sources with work still running: what to resume after a reload.
    pub(crate) fn running_sources(&self) -> Vec<String> {
        let mut sources: Vec<String> = self.entries.with_untracked(|l| {
            l.iter()
                .filter(|e| e.running)
                .map(|e| e.source.clone())
                .collect()
        });
        sources.sort();
        sources.dedup();
        sources
    }

    fn change(&self, f: impl FnOnce(&mut Vec<Entry>)) {
        let Some(mut list) = self.entries.try_get_untracked() else {
            return;
        };
        f(&mut list);
        self.save(&list);
        self.entries.try_set(list);
    }

    fn announce(&self, e: &Entry) {
        let text = format!("{}: {}", e.what, e.state);
        if let Some(toasts) = self.toasts {
            if e.failed {
                toasts.error(text.clone());
            } else {
                toasts.success(text.clone());
            }
        }
        if tab_hidden() {
            let doc = document();
            if self.title.with_value(Option::is_none) {
                self.title.set_value(Some(doc.title()));
            }
            let mark = if e.failed { "✗" } else { "✓" };
            doc.set_title(&format!("{mark} {text} — opsdeck"));
        }
    }
}

/// The header's way in: "Activity" with the number of operations running.
#[component]
pub fn ActivityBadge() -> impl IntoView {
    let activity = use_activity();
    let count = move || activity.running();
    view! {
        <A href="/activity" attr:class="activity-link" attr:id="activity-badge"
            attr:title="Long operations started in this tab">
            "Activity"
            <span class=move || { if count() > 0 { "activity-count busy" } else { "activity-count" } }
                id="activity-count"
                aria-label=move || format!("{} running", count())>
                {count}
            </span>
        </A>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, started_ms: i64, running: bool) -> Entry {
        Entry {
            source: "s".into(),
            id: id.into(),
            started_ms,
            running,
            ..Entry::default()
        }
    }

    #[test]
    fn an_update_keeps_where_and_when_the_job_started() {
        let mut list = Vec::new();
        assert!(upsert(&mut list, entry("a", 0, true), 1_000, "/a9s/x").is_none());
        assert_eq!(
            (list[0].href.as_str(), list[0].started_ms),
            ("/a9s/x", 1_000)
        );
        let before = upsert(&mut list, entry("a", 0, false), 9_000, "/elsewhere").unwrap();
        assert!(before.running);
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].href.as_str(), list[0].started_ms, list[0].running),
            ("/a9s/x", 1_000, false)
        );
        upsert(&mut list, entry("b", 2_000, true), 9_000, "/");
        assert_eq!(list[0].id, "b", "newest first");
    }

    #[test]
    fn an_entry_is_saved_and_read_back() {
        let e = Entry {
            what: "Backup".into(),
            href: "/a9s/x".into(),
            progress: "2 of 3".into(),
            state: "running".into(),
            failed: true,
            ..entry("j-1", 1_700_000_000_000, true)
        };
        assert_eq!(Entry::from_value(&e.to_value()), e);
        assert_eq!(
            Entry::from_value(&serde_json::json!({"id": "x", "running": "yes"})),
            Entry {
                id: "x".into(),
                ..Entry::default()
            }
        );
    }

    #[test]
    fn finished_entries_go_first_when_the_list_is_full() {
        let mut list = Vec::new();
        upsert(&mut list, entry("old-running", 1, true), 0, "/");
        for i in 0..KEEP {
            upsert(
                &mut list,
                entry(&format!("f{i}"), 10 + i as i64, false),
                0,
                "/",
            );
        }
        assert_eq!(list.len(), KEEP);
        assert!(list.iter().any(|e| e.id == "old-running"));
        assert!(!list.iter().any(|e| e.id == "f0"));
    }
}
