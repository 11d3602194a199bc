//! Deploy (S1) and the run forms (S4 on a solution's page, S5 by name). Inputs are checked
//! before anything is sent; problems show beside their fields after the first attempt.

use leptos::prelude::*;

use super::tracker::track;
use crate::api::solutions::{
    deploy, error_for, run_by_name, validate_solution_path, FieldError, JobStarted, RunForm,
    RunRequest, RunTarget, IB_DEPLOYED,
};
use crate::api::ApiError;
use crate::ui::{use_write_then, ActionButton, Attempt, Checkbox, Field, TextArea, Write};

/// The run form's inputs.
#[derive(Clone, Copy)]
pub struct RunSignals {
    name: RwSignal<String>,
    version: RwSignal<String>,
    owner: RwSignal<String>,
    input_dir: RwSignal<String>,
    output_dir: RwSignal<String>,
    job_id: RwSignal<String>,
    emails: RwSignal<String>,
    settings: RwSignal<String>,
    delete_out_dir: RwSignal<bool>,
    output_has_run_id: RwSignal<bool>,
    /// Set by the first attempt to send: problems show from then on.
    attempt: Attempt,
}

impl RunSignals {
    pub fn new() -> RunSignals {
        let d = RunForm::default();
        RunSignals {
            name: RwSignal::new(d.name),
            version: RwSignal::new(d.version),
            owner: RwSignal::new(d.owner),
            input_dir: RwSignal::new(d.input_dir),
            output_dir: RwSignal::new(d.output_dir),
            job_id: RwSignal::new(d.job_id),
            emails: RwSignal::new(d.notification_emails),
            settings: RwSignal::new(d.settings_json),
            delete_out_dir: RwSignal::new(d.delete_out_dir),
            output_has_run_id: RwSignal::new(d.output_has_run_id),
            attempt: Attempt::new(),
        }
    }

    /// The form as typed (tracked: call it untracked in handlers).
    pub fn form(&self) -> RunForm {
        RunForm {
            name: self.name.get(),
            version: self.version.get(),
            owner: self.owner.get(),
            input_dir: self.input_dir.get(),
            output_dir: self.output_dir.get(),
            job_id: self.job_id.get(),
            delete_out_dir: self.delete_out_dir.get(),
            output_has_run_id: self.output_has_run_id.get(),
            notification_emails: self.emails.get(),
            settings_json: self.settings.get(),
        }
    }

    /// Marks the form attempted and gives the validated form, or `None` (problems are shown).
    pub fn attempt<T>(&self, check: impl Fn(&RunForm) -> Result<T, Vec<FieldError>>) -> Option<T> {
        self.attempt.mark();
        untrack(|| check(&self.form())).ok()
    }
}

/// The run inputs; `by_name` adds name, version and owner.
#[component]
pub fn RunFields(sig: RunSignals, by_name: bool, prefix: &'static str) -> impl IntoView {
    let errors = Memo::new(move |_| {
        if !sig.attempt.made() {
            return Vec::new();
        }
        let form = sig.form();
        let result = if by_name {
            form.validate_by_name().map(|_| ())
        } else {
            form.validate().map(|_| ())
        };
        result.err().unwrap_or_default()
    });
    let err = move |field: &'static str| Signal::derive(move || error_for(&errors.get(), field));
    let id = |f: &str| format!("{prefix}-{f}");
    view! {
        {by_name.then(|| view! {
            <div class="toolbar">
                <Field label="Solution name" value=sig.name error=err("name") id=id("name") help="Exact name"/>
                <Field label="Version" value=sig.version id=id("version") placeholder="latest"
                    help="Empty: the most recently created version"/>
                <Field label="Owner" value=sig.owner id=id("owner") placeholder=IB_DEPLOYED
                    help="Empty: IB_DEPLOYED (public solutions)"/>
            </div>
        })}
        <Field label="Input folder" value=sig.input_dir error=err("input_dir") id=id("input")
            placeholder="jaydoe/my_repo/fs/Instabase Drive/proj/data/input"/>
        <Field label="Output folder (optional)" value=sig.output_dir id=id("output")
            help="Empty: an output folder is created within the input folder"/>
        <Field label="Job ID (optional)" value=sig.job_id error=err("job_id") id=id("job-id")
            help="At most 50 characters; empty: generated"/>
        <Checkbox label="Delete the output folder first (delete_out_dir)" value=sig.delete_out_dir id=id("delete-out")/>
        <Checkbox label="Name the output after the run (output_has_run_id)" value=sig.output_has_run_id id=id("run-id")/>
        <Field label="Notification emails" value=sig.emails error=err("notification_emails") id=id("emails")
            help="Comma-separated addresses"/>
        <TextArea label="Further settings (JSON object)" value=sig.settings error=err("settings_json")
            id=id("settings") rows=3 help="Passed in settings with the options above"/>
    }
}

/// What a deploy, run or delete answered.
pub fn started_notice(id: &str, started: JobStarted) -> AnyView {
    let id = id.to_string();
    match started.job_id {
        Some(job) => view! {
            <p class="notice ok" id=id>
                "Job " <code><bdi>{job.to_string()}</bdi></code> " started. It is followed in the jobs panel below."
            </p>
        }
        .into_any(),
        None => view! {
            <p class="notice ok" id=id>
                "Accepted; no job id returned, so there is no job to follow here. The solution is listed once its deploy completes."
            </p>
        }
        .into_any(),
    }
}

/// Follows the job a write started, when it names one.
pub fn track_started(r: &Result<JobStarted, ApiError>, what: String, solution_id: &str) {
    if let Ok(JobStarted { job_id: Some(job) }) = r {
        track(job, what, solution_id);
    }
}

#[component]
pub fn DeployPage() -> impl IntoView {
    let path = RwSignal::new(String::new());
    let attempt = Attempt::new();
    let error = attempt.error(move || validate_solution_path(&path.get()).err().map(|e| e.message));
    let sent = StoredValue::new(String::new());
    let action = use_write_then(
        move |path: &String| {
            sent.set_value(path.clone());
            deploy(path)
        },
        move |r| {
            let path = sent.get_value();
            let file = path.rsplit('/').next().unwrap_or(&path);
            track_started(r, format!("Deploy {file}"), "");
        },
    );
    view! {
        <h1>"Deploy a solution"</h1>
        <p class="lead">
            "Deploys an .ibsolution file (a flow binary packaged with a package.json naming the solution's name, version, owner and solution_type). The deploy runs as a job; the solution is listed once it completes."
        </p>
        <form class="card" on:submit=move |ev| ev.prevent_default()>
            <Field label="Solution path" value=path error=error id="deploy-path"
                placeholder="jaydoe/my_repo/fs/Instabase Drive/build/My Solution-0.0.1.ibsolution"/>
            <ActionButton id="deploy-submit" label="Deploy" pending=action.pending()
                on_click=Callback::new(move |_| {
                    attempt.mark();
                    if let Ok(p) = validate_solution_path(&path.get_untracked()) {
                        action.send(p);
                    }
                })/>
        </form>
        {action.view(|s| started_notice("deploy-started", s))}
    }
}

#[component]
pub fn RunByNamePage() -> impl IntoView {
    let sig = RunSignals::new();
    let target = StoredValue::new(None::<RunTarget>);
    let action = use_write_then(
        move |(t, run): &(RunTarget, RunRequest)| {
            target.set_value(Some(t.clone()));
            run_by_name(t, run)
        },
        move |r| {
            let Some(t) = target.get_value() else { return };
            let what = format!(
                "Run {} {} ({})",
                t.name,
                t.version.as_deref().unwrap_or("latest"),
                t.owner.as_deref().unwrap_or(IB_DEPLOYED)
            );
            track_started(r, what, "");
        },
    );
    view! {
        <h1>"Run a solution by name"</h1>
        {run_form(sig, true, "rn", Some("card"), RunForm::validate_by_name, action)}
    }
}

/// A run form: its fields (with name, version and owner when `by_name`), Run
/// (sends what `validate` makes of the form, once it passes), and the job it started.
pub fn run_form<I: 'static>(
    sig: RunSignals,
    by_name: bool,
    prefix: &'static str,
    class: Option<&'static str>,
    validate: fn(&RunForm) -> Result<I, Vec<FieldError>>,
    write: Write<I, JobStarted>,
) -> impl IntoView {
    let started = format!("{prefix}-started");
    view! {
        <form class=class on:submit=move |ev| ev.prevent_default()>
            <RunFields sig=sig by_name=by_name prefix=prefix/>
            <ActionButton id=format!("{prefix}-submit") label="Run" pending=write.pending()
                on_click=Callback::new(move |_| {
                    if let Some(input) = sig.attempt(validate) {
                        write.send(input);
                    }
                })/>
        </form>
        {write.view(move |s| started_notice(&started, s))}
    }
}
