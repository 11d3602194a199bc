//! Platform status (ops 43, 44, 36), deployment (ops 19/46, 47, 45, 52) and Kubernetes jobs
//! and pods (ops 53–55).

use leptos::prelude::*;

use super::{outcome, run, Change, Done};
use crate::api::dm::{self, Component, Health};
use crate::ui::{options, use_call, Field, Loaded, SelectField, StatusBadge, TimeAgo};

/// The platform status, asked again every 5 seconds while the page is open.
fn live_status() -> Loaded<Vec<Component>> {
    let status = use_call(|| Some(dm::platform_status()));
    status.refresh_while(|_, _| Some(5_000));
    status
}

fn health_word(h: Health) -> &'static str {
    match h {
        Health::Healthy => "healthy",
        Health::Degraded => "degraded",
        Health::Unhealthy => "unhealthy",
    }
}

fn facts() -> impl IntoView {
    let version = use_call(|| Some(dm::platform_version()));
    let ns = use_call(|| Some(dm::dm_namespace()));
    view! {
        <dl class="dm-facts">
            <dt>"Platform release"</dt><dd id="dm-version">{version.view(|v| view! { <bdi>{v}</bdi> })}</dd>
            <dt>"Deployment Manager namespace"</dt><dd id="dm-namespace">{ns.view(|v| view! { <bdi>{v}</bdi> })}</dd>
        </dl>
    }
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let status = live_status();
    view! {
        {facts()}
        <h2>"Platform status"</h2>
        <p class="muted">"Component health, refreshed every 5 seconds while this page is open."</p>
        <div id="dm-status" aria-live="polite">
            {status.view(|list| view! { <div class="dm-grid">{list.into_iter().map(component_card).collect_view()}</div> })}
        </div>
    }
}

fn component_card(c: Component) -> impl IntoView {
    let worst = health_word(c.health());
    view! {
        <section class="card dm-component" id=format!("dm-comp-{}", c.name)>
            <h3>{c.name.clone()} " " <StatusBadge status=worst.to_string()/></h3>
            <ul class="dm-checks">
                {c.checks.into_iter().map(|k| view! {
                    <li>
                        <StatusBadge status=k.status.clone()/>
                        <strong>{k.id.clone()}</strong>
                        {k.is_critical.then_some(" (critical)")}
                        <div class="dm-details">{k.details.clone()}</div>
                        <small class="muted">
                            {k.contiguous_fails.filter(|n| *n > 0).map(|n| format!("{n} failed check(s) in a row · "))}
                            "checked " <TimeAgo ms=k.last_checked_at_epoch_seconds.map(|s| s * 1000)/>
                        </small>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Names the platform status mentions: pods after "pods ready:" and jobs as "Job: name".
fn names_in_status(list: &[Component]) -> (Vec<String>, Vec<String>) {
    let mut pods = Vec::new();
    let mut jobs = Vec::new();
    for c in list {
        for k in &c.checks {
            if let Some(j) = k.id.strip_prefix("Job: ") {
                jobs.push(j.to_string());
            }
            if let Some((_, rest)) = k.details.split_once("pods ready: ") {
                let serving = rest.split(';').next().unwrap_or("");
                pods.extend(
                    serving
                        .split(", ")
                        .map(str::trim)
                        .filter(|p| !p.is_empty() && !p.contains(' '))
                        .map(String::from),
                );
            }
        }
    }
    (pods, jobs)
}

#[component]
pub fn DeploymentPage() -> impl IntoView {
    let configs = use_call(|| Some(dm::configs()));
    let object = RwSignal::new(String::new());
    let objects = Signal::derive(move || {
        let names = configs.ready().unwrap_or_default().into_iter();
        options("Choose an object", names.map(|c| c.object_name))
    });
    let ns = use_call(|| Some(dm::dm_namespace()));
    let typed_ns = Signal::derive(move || ns.ready().unwrap_or_else(|| "instabase".into()));
    let refresh = Callback::new(move |_: bool| configs.refetch());
    view! {
        {facts()}
        <h2>"Push configs to the cluster"</h2>
        <Change id="dm-update-all" label="Push every object" title="Push every materialized config?" danger=true
            run=run(dm::update_all, outcome) on_done=refresh>
            <p>"Applies the latest materialized config of every object to Kubernetes. Running workloads restart where their config changed."</p>
            <p>"Objects that fail to apply are listed with the reason; the others stay applied."</p>
        </Change>
        <div class="dm-row">
            <SelectField label="Object" value=object options=objects id="dm-update-object"/>
            <Change id="dm-update-one" label="Push this object" title="Push one object's config?" danger=true
                disabled=Signal::derive(move || object.get().is_empty())
                run=run(move || dm::update_object(&object.get_untracked()), outcome) on_done=refresh>
                <p>"Applies the latest materialized config of " <code>{move || object.get()}</code> " to Kubernetes."</p>
            </Change>
        </div>
        <h2>"Hibernation"</h2>
        <p class="muted">"Hibernating scales every Deployment and StatefulSet to 0 replicas; reviving scales them back. Watch the Status tab."</p>
        <div class="dm-row">
            <Change id="dm-hibernate" label="Hibernate the platform" title="Hibernate the whole platform?" danger=true typed=typed_ns
                run=run(dm::hibernate, |_| Done::Note("Hibernation requested: workloads are scaling to 0. The Status tab shows them stop.".into()))>
                <p>"Every Deployment and StatefulSet in the cluster is scaled to 0 replicas. The platform stops serving users until it is revived."</p>
            </Change>
            <Change id="dm-revive" label="Revive the platform" title="Revive the platform?" danger=true typed=typed_ns
                run=run(dm::revive, |_| Done::Note("Revival requested: workloads are scaling back up. The Status tab shows them return.".into()))>
                <p>"Scales every workload back to its configured replicas. Meant for Instabase Cloud Console and advanced users."</p>
            </Change>
        </div>
    }
}

#[component]
pub fn KubePage() -> impl IntoView {
    let status = live_status();
    let job = RwSignal::new(String::new());
    let pod = RwSignal::new(String::new());
    let empty = |s: RwSignal<String>| Signal::derive(move || s.get().trim().is_empty());
    let chips = move |names: Vec<String>, target: RwSignal<String>, prefix: &'static str| {
        names
            .into_iter()
            .map(|n| {
                let label = n.clone();
                view! {
                    <button type="button" class="btn small dm-chip" id=format!("{prefix}-{n}") on:click=move |_| target.set(n.clone())>{label}</button>
                }
            })
            .collect_view()
    };
    view! {
        <h2>"Named in the platform status"</h2>
        <div id="dm-known">{status.view(move |list| {
            let (pods, jobs) = names_in_status(&list);
            view! {
                <p class="muted" id="dm-known-jobs">"Jobs: " {chips(jobs, job, "dm-job")}</p>
                <p class="muted" id="dm-known-pods">"Pods: " {chips(pods, pod, "dm-pod")}</p>
            }
        })}</div>
        <h2>"Delete a Kubernetes job"</h2>
        <div class="dm-row">
            <Field label="Job name" value=job id="dm-job-name"/>
            <Change id="dm-job-delete" label="Delete job" title="Delete this Kubernetes job?" danger=true disabled=empty(job)
                run=run(move || dm::delete_job(&job.get_untracked()), |_| Done::Note("The job was deleted.".into()))>
                <p>"Deletes the job " <code>{move || job.get()}</code> " and its pods from the cluster."</p>
            </Change>
        </div>
        <h2>"Pods"</h2>
        <div class="dm-row">
            <Field label="Pod name" value=pod id="dm-pod-name"/>
            <Change id="dm-pod-quarantine" label="Quarantine pod" title="Quarantine this pod?" danger=true
                typed=Signal::derive(move || pod.get().trim().to_string()) disabled=empty(pod)
                run=run(move || dm::quarantine_pod(&pod.get_untracked()), |_| Done::Note("The pod was taken out of the load balancer; a replacement serves instead. There is no undo call: delete the pod when done.".into()))>
                <p>"Takes " <code>{move || pod.get()}</code> " out of the load balancer so it can be inspected. It keeps running; the document offers no way to put it back."</p>
            </Change>
            <Change id="dm-pod-delete" label="Delete pod" title="Delete this pod?" danger=true
                typed=Signal::derive(move || pod.get().trim().to_string()) disabled=empty(pod)
                run=run(move || dm::delete_pod(&pod.get_untracked()), |_| Done::Note("The pod was deleted; its controller starts a new one.".into()))>
                <p>"Deletes " <code>{move || pod.get()}</code> ". Its Deployment or StatefulSet starts a replacement."</p>
            </Change>
        </div>
    }
}
