//! Telescope (ops 37–41): telemetry exports followed until done, imports of their zips and the
//! imported configs. The jobs are followed with the area's other long work ([`super::jobs`]):
//! in the activity center, and again after a reload.

use std::rc::Rc;

use leptos::prelude::*;

use super::jobs::{self, DmJob, Kind};
use super::{code, file_problem, Change, Done, FileInput, Run};
use crate::api::dm::input::{message_for, DataSource, ExportRequest};
use crate::api::dm::{self, JobStatus};
use crate::api::FilePart;
use crate::time::{absolute, now_ms};
use crate::ui::{use_call, Attempt, Checkbox, Field, StatusBadge};

/// Follows a job just started (identity rule: only a job whose id read, never
/// `…/export//status`); whether it is followed.
fn track(kind: Kind, id: &str, what: String) -> bool {
    DmJob::new(kind, id, what)
        .map(|job| jobs::followed().add(job))
        .is_some()
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
    // Which jobs (not how far they got: a card follows its own job's state).
    let list = Memo::new(|_| {
        jobs::followed()
            .list()
            .into_iter()
            .filter(|j| j.kind != Kind::Upload)
            .map(|j| (j.kind, j.id))
            .collect::<Vec<_>>()
    });
    view! {
        <ExportForm/>
        <ImportForm/>
        <h2>"Followed jobs"</h2>
        <div id="dm-telescope-jobs">
            {move || {
                let list = list.get();
                if list.is_empty() {
                    view! { <p class="muted">"No telescope job yet."</p> }.into_any()
                } else {
                    list.into_iter().map(|(kind, id)| view! { <JobCard kind=kind id=id/> }).collect_view().into_any()
                }
            }}
        </div>
    }
}

#[component]
fn ExportForm() -> impl IntoView {
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
                let what = format!("Telemetry export {}", job.request.label);
                let followed = if track(Kind::Export, &job.id, what) {
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
fn ImportForm() -> impl IntoView {
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
        let what = format!("Telemetry import of {}", f.file_name);
        Some(super::prepared(dm::import_telemetry(&f), move |r| {
            let job = r?;
            Ok(Done::Note(match track(Kind::Import, &job.id, what) {
                true => format!("Import {} accepted ({}); followed below.", job.id, job.status.label()),
                false => format!(
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

/// One followed job: its status read again each time the followed state changes; a finished
/// import shows its configs.
#[component]
fn JobCard(kind: Kind, id: String) -> impl IntoView {
    let import = kind == Kind::Import;
    let job_id = id.clone();
    let state = Memo::new(move |_| jobs::job(&job_id).map(|j| (j.state, j.finished)));
    let imported = Memo::new(move |_| {
        import
            && state.with(|s| {
                s.as_ref()
                    .is_some_and(|(s, f)| *f && *s == JobStatus::Success.label())
            })
    });
    let status = if import {
        let poll_id = id.clone();
        let job = use_call(move || {
            state.track();
            Some(dm::import_status(&poll_id))
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
        let job = use_call(move || {
            state.track();
            Some(dm::export_status(&poll_id))
        });
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
