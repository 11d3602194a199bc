//! Telescope (ops 37–41): telemetry exports followed until done, imports of their zips and the
//! imported configs. Followed jobs are kept in the browser's storage so they survive a reload.

use std::rc::Rc;

use leptos::prelude::*;
use serde_json::{json, Value};

use super::{code, file_problem, Change, Done, FileInput, Run};
use crate::api::dm::input::{message_for, DataSource, ExportRequest};
use crate::api::dm::{self, JobStatus};
use crate::api::FilePart;
use crate::client::use_client;
use crate::time::{absolute, now_ms};
use crate::ui::{backoff_ms, use_call, Attempt, Checkbox, Field, StatusBadge};

const STORE_KEY: &str = "dm.telescope";

/// A job the console follows: export or import, by id.
#[derive(Clone, Debug, PartialEq)]
struct Tracked {
    import: bool,
    id: String,
}

fn saved_jobs() -> Vec<Tracked> {
    crate::store::load_value(STORE_KEY)
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|j| {
            Some(Tracked {
                import: j.get("import")?.as_bool()?,
                id: crate::api::Id::from_address(j.get("id")?.as_str()?)
                    .ok()?
                    .to_string(),
            })
        })
        .collect()
}

/// The service a workload object runs (`deployment-webapp` → `webapp`).
fn service_of(object_name: &str) -> Option<String> {
    ["deployment-", "statefulset-"]
        .iter()
        .find_map(|p| object_name.strip_prefix(p).map(String::from))
}

fn picker(ms: i64) -> String {
    absolute(ms).get(..16).unwrap_or_default().replace(' ', "T")
}

#[component]
pub fn TelescopePage() -> impl IntoView {
    let client = use_client();
    let jobs = RwSignal::new(saved_jobs());
    let track = move |import: bool, id: String| {
        // Identity rule: only a job whose id read is followed (never `…/export//status`).
        if crate::api::Id::from_address(&id).is_err() {
            return;
        }
        jobs.update(|j| {
            j.retain(|t| t.id != id);
            j.insert(0, Tracked { import, id });
            j.truncate(10);
        });
        let value: Value = jobs.with_untracked(|j| {
            j.iter()
                .map(|t| json!({"import": t.import, "id": t.id}))
                .collect()
        });
        crate::store::save_value(client.storage_mode(), STORE_KEY, &value);
    };
    view! {
        <ExportForm track=Callback::new(move |id: String| track(false, id))/>
        <ImportForm track=Callback::new(move |id: String| track(true, id))/>
        <h2>"Followed jobs"</h2>
        <div id="dm-telescope-jobs">
            {move || {
                let list = jobs.get();
                if list.is_empty() {
                    view! { <p class="muted">"No telescope job yet."</p> }.into_any()
                } else {
                    list.into_iter().map(|t| view! { <JobCard job=t/> }).collect_view().into_any()
                }
            }}
        </div>
    }
}

#[component]
fn ExportForm(track: Callback<String>) -> impl IntoView {
    let services = RwSignal::new(String::new());
    let sources = [
        (RwSignal::new(true), DataSource::Logs),
        (RwSignal::new(false), DataSource::Stats),
        (RwSignal::new(false), DataSource::Configs),
    ];
    let now = now_ms();
    let start = RwSignal::new(picker(now - 3_600_000));
    let end = RwSignal::new(picker(now));
    let label = RwSignal::new(String::new());
    let touched = Attempt::new();
    let request = move || ExportRequest {
        services: services
            .get()
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        data_sources: sources
            .iter()
            .filter(|(on, _)| on.get())
            .map(|(_, d)| *d)
            .collect(),
        start: start.get(),
        end: end.get(),
        label: label.get(),
    };
    let errors = move || request().validate().err().unwrap_or_default();
    let err =
        move |f: &'static str| touched.error(move || message_for(&errors(), f).map(String::from));
    let configs = use_call(|| Some(dm::configs()));
    let start_export: Run = Rc::new(move || {
        Some(super::prepared(
            dm::start_export(&untrack(request)),
            move |r| {
                let job = r?;
                track.run(job.id.clone());
                let followed = if crate::api::Id::from_address(&job.id).is_ok() {
                    "followed below"
                } else {
                    "the server sent no job id, so it cannot be followed here"
                };
                Ok(Done::Note(format!(
                    "Export {} started ({}); {followed}.",
                    job.request.label,
                    job.status.label()
                )))
            },
        ))
    });
    view! {
        <h2>"Export telemetry"</h2>
        <div class="dm-form" id="dm-export-form">
            <Field label="Services (comma-separated)" value=services error=err("services") id="dm-export-services"/>
            <div id="dm-export-known">{configs.view(move |list| {
                let chips = list.into_iter().filter_map(|c| service_of(&c.object_name)).map(|s| {
                    let add = s.clone();
                    let id = format!("dm-svc-{s}");
                    view! { <button type="button" class="btn small dm-chip" id=id on:click=move |_| services.update(|v| {
                        if !v.split(',').any(|x| x.trim() == add) {
                            if !v.trim().is_empty() { v.push_str(", "); }
                            v.push_str(&add);
                        }
                    })>{s}</button> }
                }).collect_view();
                view! { <p class="muted">"Services: " {chips}</p> }
            })}</div>
            <fieldset class="dm-sources"><legend>"Data sources"</legend>
                {sources.iter().map(|(on, d)| view! { <Checkbox label=d.as_str() value=*on id=format!("dm-export-{}", d.as_str().to_lowercase())/> }).collect_view()}
                <small class="field-error" role="alert">{err("data_sources")}</small>
            </fieldset>
            <Field label="Start (UTC)" value=start error=err("start") id="dm-export-start" input_type="datetime-local"/>
            <Field label="End (UTC)" value=end error=err("end") id="dm-export-end" input_type="datetime-local"/>
            <Field label="Label" value=label error=err("label") id="dm-export-label" placeholder="incident-4711"/>
            <Change id="dm-export-start-btn" label="Start export" title="Start a telemetry export?" run=start_export
                check=Callback::new(move |_| { touched.mark(); untrack(errors).is_empty() })>
                <p>{move || {
                    let r = request();
                    let ds: Vec<&str> = r.data_sources.iter().map(|d| d.as_str()).collect();
                    format!("Collects {} of {} from {} to {} (UTC) into a zip on the server, labelled {}.", ds.join(", "), r.services.join(", "), r.start, r.end, r.label)
                }}</p>
            </Change>
        </div>
    }
}

#[component]
fn ImportForm(track: Callback<String>) -> impl IntoView {
    let file = RwSignal::new(None::<FilePart>);
    let touched = Attempt::new();
    let error = touched.error(move || {
        file_problem(
            file.get(),
            "Choose a telemetry .zip from an export.",
            &[".zip"],
        )
    });
    let import: Run = Rc::new(move || {
        let f = file.get_untracked()?;
        Some(super::prepared(dm::import_telemetry(&f), move |r| {
            let job = r?;
            track.run(job.id.clone());
            Ok(Done::Note(match crate::api::Id::from_address(&job.id) {
                Ok(id) => format!("Import {id} accepted ({}); followed below.", job.status.label()),
                Err(_) => format!(
                    "Import accepted ({}); the server sent no job id, so it cannot be followed here.",
                    job.status.label()
                ),
            }))
        }))
    });
    view! {
        <h2>"Import telemetry"</h2>
        <div class="dm-form" id="dm-import-form">
            <FileInput label="Telemetry zip" file=file accept=".zip" id="dm-import-file" error=error/>
            <Change id="dm-import-btn" label="Import" title="Import this telemetry?" run=import
                check=Callback::new(move |_| { touched.mark(); error.get_untracked().is_none() })>
                <p>{move || format!("Uploads {} so its data shows in Grafana.", file.get().map(|f| f.file_name).unwrap_or_default())}</p>
            </Change>
        </div>
    }
}

/// One followed job, polled until it finishes; a finished import shows its configs.
#[component]
fn JobCard(job: Tracked) -> impl IntoView {
    let Tracked { import, id } = job;
    // Asked again until the job is final (a failed check stops: Retry asks again).
    let until_final = |status: Option<JobStatus>, n: u32| {
        status
            .filter(|s| !s.is_finished())
            .map(|_| backoff_ms(n + 1).min(2_000))
    };
    let imported = RwSignal::new(false);
    let status = if import {
        let poll_id = id.clone();
        let job = use_call(move || Some(dm::import_status(&poll_id)));
        job.refresh_while(move |r, n| {
            let status = r.as_ref().ok().map(|j| j.status.clone());
            imported.try_set(status == Some(JobStatus::Success));
            until_final(status, n)
        });
        job.view(|j| {
            let what = format!(
                "{} from {} to {}",
                j.result.services.join(", "),
                j.result.start,
                j.result.end
            );
            job_line(j.status, j.zip_file_path, what)
        })
        .into_any()
    } else {
        let poll_id = id.clone();
        let job = use_call(move || Some(dm::export_status(&poll_id)));
        job.refresh_while(move |r, n| until_final(r.as_ref().ok().map(|j| j.status.clone()), n));
        job.view(|j| {
            let what = format!(
                "{} of {} ({})",
                j.request.data_sources.join(", "),
                j.request.services.join(", "),
                j.request.label
            );
            job_line(j.status, j.zip_file_path, what)
        })
        .into_any()
    };
    let config_id = id.clone();
    let configs = use_call(move || imported.get().then(|| dm::import_configs(&config_id)));
    view! {
        <section class="card dm-job" id=format!("dm-job-{id}")>
            <h3>{if import { "Import " } else { "Export " }} <code>{id.clone()}</code></h3>
            {status}
            <Show when=move || imported.get()>
                {configs.view(|list| if list.is_empty() {
                    view! { <p class="muted">"The import holds no configs."</p> }.into_any()
                } else {
                    list.into_iter().map(|(k, v)| view! { <details><summary>{k}</summary>{code(v)}</details> }).collect_view().into_any()
                })}
            </Show>
        </section>
    }
}

fn job_line(status: JobStatus, path: String, what: String) -> impl IntoView {
    view! {
        <p><StatusBadge status=status.label()/> " " {what}</p>
        {(!path.is_empty()).then(|| view! { <p>"Zip on the server: " <code class="dm-zip">{path}</code></p> })}
    }
}
