//! Ocean CD rollouts since a chosen day, each with its phase; on one of them the rollout
//! actions the document names (its catalog's `action` choices) and the external verification
//! (passed or failed), each confirmed, then followed with the shared job panel until Spot
//! answers them (the rollout leaves `inProgress`); the activity center shows them too.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::json as lenient;
use crate::api::spot::catalog::Catalog;
use crate::api::spot::envelope::{self, Answer};
use crate::api::{ApiKind, Call};
use crate::ui::{
    ActionButton, Column, ConfirmDialog, DataTable, Followed, FollowedJob, JobPanel, SelectField,
    StatusBadge,
};

use super::super::catalog;
use super::super::context::{link, use_account};
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::org::unsent;
use super::items;

const LIST: &str = "ocean-cd/list-ocean-cd-rollouts";
const ACTION: &str = "ocean-cd/ocean-cd-rollout-actions";
const VERIFY: &str = "ocean-cd/update-ocean-cd-rollout-external-verification";

/// Where the followed rollouts are saved (for the resume hook's registration).
pub const KEY: &str = "spot.cd.rollouts";

/// A rollout as the list shows it, and as it is followed after an action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rollout {
    pub id: String,
    pub microservice: String,
    pub environment: String,
    pub versions: String,
    pub status: String,
    /// What was asked of it (for a followed one): "rollback", "verification passed"…
    pub asked: String,
    /// The day the list it was read from starts (the follow reads the same list).
    pub from: String,
    pub account: Option<String>,
    pub started: Option<i64>,
    pub problem: Option<String>,
}

impl Rollout {
    pub fn read(v: &Value, from: &str, account: Option<String>) -> Option<Rollout> {
        let t = |k: &str| v.get(k).and_then(lenient::text).unwrap_or_default();
        let id = t("id");
        if id.trim().is_empty() {
            return None;
        }
        Some(Rollout {
            id,
            microservice: t("microservice"),
            environment: t("environment"),
            versions: format!("{} → {}", t("oldVersion"), t("newVersion")),
            status: Some(t("status"))
                .filter(|s| !s.is_empty())
                .unwrap_or("unknown".into()),
            asked: String::new(),
            from: from.into(),
            account,
            started: crate::time::parse_iso(&t("startTime")),
            problem: None,
        })
    }
}

impl FollowedJob for Rollout {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        self.status == "inProgress"
    }

    fn what(&self) -> String {
        format!(
            "Ocean CD rollout {} ({}): {}",
            self.id, self.microservice, self.asked
        )
    }

    fn href(&self) -> String {
        link("/spot/ocean-cd", self.account.as_deref())
    }

    fn started_ms(&self) -> i64 {
        self.started.unwrap_or_default()
    }

    fn state_words(&self) -> String {
        self.status.clone()
    }

    fn failed(&self) -> bool {
        self.status == "failed"
    }
}

fn followed() -> Followed<Rollout> {
    Followed::load(KEY, 20)
}

/// After a reload: the followed rollouts asked about again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

fn list_call(from: &str) -> OpCall {
    OpCall::new(LIST).query("fromDate", from)
}

/// Asks Spot about each followed rollout until it leaves `inProgress`.
fn follow(jobs: Followed<Rollout>) {
    jobs.follow(|client, mut job| async move {
        let req = catalog::load().await.ok().and_then(|cat| {
            list_call(&job.from)
                .request(&cat, job.account.as_deref())
                .ok()
        });
        let Some(req) = req else {
            return job;
        };
        match client
            .send(Call::new(ApiKind::Spot, req, envelope::decode))
            .await
        {
            Ok(a) => {
                if let Some(now) = items(&a).iter().find(|v| v["id"] == job.id.as_str()) {
                    job.status = lenient::text(&now["status"]).unwrap_or(job.status);
                    job.problem = None;
                }
            }
            Err(e) => job.problem = Some(e.summary()),
        }
        job
    });
}

/// The actions the catalog's rollout-action body offers.
fn actions(cat: &Catalog) -> Vec<String> {
    let Some(body) = cat.op(ACTION).and_then(|o| o.body.clone()) else {
        return Vec::new();
    };
    let action = cat
        .schema(&cat.schema(&body)["properties"]["action"])
        .clone();
    lenient::strings(action.get("enum"))
}

/// The day 30 days ago, `YYYY-MM-DD`.
fn month_ago() -> String {
    let ms = crate::time::now_ms() - 30 * 86_400_000;
    let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .into();
    iso.chars().take(10).collect()
}

#[component]
pub fn Rollouts() -> impl IntoView {
    let account = use_account();
    let from = RwSignal::new(month_ago());
    let list = use_op(move || Some(list_call(&from.get())));
    let jobs = followed();
    follow(jobs);
    list.refresh_while(move |_, _| {
        untrack(|| jobs.list())
            .iter()
            .any(Rollout::pending)
            .then_some(1000)
    });
    let cat = LocalResource::new(catalog::load);
    let selected = RwSignal::new(None::<Rollout>);
    let action = RwSignal::new(String::new());
    let verdict = RwSignal::new("passed".to_string());
    let problems = RwSignal::new(Vec::new());
    let asked = StoredValue::new(None::<Rollout>);
    let write = use_op_write(move |r: &Result<Answer, _>| {
        if let (Ok(_), Some(job)) = (r, asked.get_value()) {
            jobs.add(job);
            list.refetch();
        }
    });
    let send = move |call: OpCall, what: String| {
        let Some(mut job) = selected.get_untracked() else {
            return;
        };
        job.asked = what;
        job.account = account.get_untracked();
        asked.set_value(Some(job));
        problems.set(write.send(&call).err().unwrap_or_default());
    };
    let confirm_action = RwSignal::new(false);
    let confirm_verify = RwSignal::new(false);
    let id = move || selected.get().map(|r| r.id).unwrap_or_default();
    let action_call = move || {
        OpCall::new(ACTION)
            .path("rolloutId", id())
            .body(json!({"action": action.get()}))
    };
    let verify_call = move || {
        OpCall::new(VERIFY)
            .path("rolloutId", id())
            .body(json!({"status": verdict.get()}))
    };
    let acts = Memo::new(move |_| {
        cat.get()
            .and_then(Result::ok)
            .map(|c| actions(&c))
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        if let (true, Some(a)) = (action.get_untracked().is_empty(), acts.get().first()) {
            action.set(a.clone());
        }
    });
    let options = Signal::derive(move || {
        acts.get()
            .into_iter()
            .map(|a| (a.clone(), a))
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::view(
            "Rollout",
            |r: &Rollout| view! { <code>{r.id.clone()}</code> },
        ),
        Column::text("Microservice", |r: &Rollout| r.microservice.clone()),
        Column::text("Environment", |r: &Rollout| r.environment.clone()),
        Column::text("Versions", |r: &Rollout| r.versions.clone()),
        Column::view("Phase", |r: &Rollout| {
            let s = r.status.clone();
            view! { <span class="cd-phase"><StatusBadge status=s/></span> }
        }),
        Column::view("", move |r: &Rollout| {
            let r = r.clone();
            let active = r.pending();
            view! { <button type="button" class="btn small cd-act" disabled=!active
            on:click=move |_| { problems.set(Vec::new()); write.clear(); selected.set(Some(r.clone())) }>"Act on it…"</button> }
        }),
    ];
    let followed_columns = vec![
        Column::view(
            "Rollout",
            |r: &Rollout| view! { <code>{r.id.clone()}</code> },
        ),
        Column::text("Asked", |r: &Rollout| r.asked.clone()),
        Column::view("Phase", |r: &Rollout| {
            let s = r.status.clone();
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Last check", |r: &Rollout| {
            r.problem.clone().unwrap_or_else(|| "ok".into())
        }),
    ];
    view! {
        <section class="card">
            <h3>"Rollouts"</h3>
            <label class="field">"Started on or after"
                <input type="date" id="cd-from" prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev))/>
            </label>
            {list.view(move |a| {
                let f = from.get_untracked();
                let rows: Vec<Rollout> = items(&a).iter().filter_map(|v| Rollout::read(v, &f, None)).collect();
                view! { <DataTable rows=rows columns=columns.clone() id="cd-rollouts" in_url=true
                    empty="No rollout started since that day." row_key=std::sync::Arc::new(|r: &Rollout| r.id.clone())/> }
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(move || list_call(&from.get()))/></p>
        </section>
        {move || selected.get().map(|r| view! {
            <section class="card" id="cd-act">
                <h3>"Rollout " <code>{r.id.clone()}</code> " (" <bdi>{r.microservice.clone()}</bdi> ")"</h3>
                <p class="muted">"Spot's document names the actions it takes; each asks first, then the rollout is followed until Spot has acted on it."</p>
                <SelectField label="Action" value=action options=options id="cd-action"/>
                <ActionButton label="Send action…" danger=true pending=write.pending() id="cd-action-send"
                    on_click=Callback::new(move |_| confirm_action.set(true))/>
                " " <ExplorerLink call=Signal::derive(action_call)/>
                <SelectField label="External verification" value=verdict id="cd-verdict"
                    options=vec![("passed".to_string(), "passed".to_string()), ("failed".to_string(), "failed".to_string())]/>
                <ActionButton label="Send verification…" pending=write.pending() id="cd-verify-send"
                    on_click=Callback::new(move |_| confirm_verify.set(true))/>
                " " <ExplorerLink call=Signal::derive(verify_call)/>
            </section>
        })}
        {unsent(problems)}
        <ConfirmDialog open=confirm_action title="Act on this rollout?" confirm_label="Send action" danger=true
            on_confirm=Callback::new(move |_| send(action_call(), action.get_untracked()))>
            <p>{move || format!("Spot will {} rollout {} now: it changes the workloads running in the environment.", action.get(), id())}</p>
        </ConfirmDialog>
        <ConfirmDialog open=confirm_verify title="Send the external verification?" confirm_label="Send verification"
            on_confirm=Callback::new(move |_| send(verify_call(), format!("verification {}", verdict.get_untracked())))>
            <p>{move || format!("Rollout {} is told its external verification {}: it goes on to the next phase accordingly.", id(), verdict.get())}</p>
        </ConfirmDialog>
        <div id="cd-act-outcome">{write.view(|_| view! { <p class="notice ok">"Spot accepted it; the rollout is followed below."</p> })}</div>
        <JobPanel jobs=jobs columns=followed_columns title="Rollouts followed in this tab"
            empty="No rollout followed yet: one acted on here is followed until Spot has acted." id="cd-jobs"/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rollout_reads_its_phase_and_the_catalog_names_its_actions() {
        let v = json!({"id": "rol-1", "microservice": "inventory", "oldVersion": "v1", "newVersion": "v2",
                       "status": "inProgress", "startTime": "2021-11-01T10:00:00.000Z"});
        let r = Rollout::read(&v, "2021-11-01", Some("act-1".into())).unwrap();
        assert!(r.pending());
        assert_eq!(r.versions, "v1 → v2");
        assert!(Rollout::read(&json!({"id": ""}), "", None).is_none());
        let done = Rollout::read(&json!({"id": "rol-2", "status": "failed"}), "", None).unwrap();
        assert!(!done.pending() && done.failed());
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/spot/catalog.json"
        ))
        .unwrap();
        let cat = Catalog::parse(&text).unwrap();
        // The document's era names one action.
        assert_eq!(actions(&cat), ["rollback"]);
    }
}
