//! The shell: routes, sidebar, header with each API's connection state, the re-authentication
//! dialog, and the pages that belong to no API (home, not found).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy};
use send_wrapper::SendWrapper;

use crate::api::ApiKind;
use crate::areas::{self, connections};
use crate::client::{use_client, Client, Health};
use crate::config::RuntimeConfig;
use crate::palette::{self, Palette, PaletteButton};
use crate::ui::{
    provide_activity, provide_clock, provide_toasts, resume_running, ActivityBadge, Toaster,
};

/// The app, once the runtime config is known.
#[component]
pub fn App(
    config: RuntimeConfig,
    #[prop(default = None)] config_problem: Option<String>,
) -> impl IntoView {
    provide_context(Client::new(config));
    provide_toasts();
    provide_clock();
    provide_activity();
    areas::register_resume();
    resume_running();
    palette::provide_palette();
    // Set while a navigation waits, e.g. for an area's code on its first visit.
    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            <div class="routing" role="progressbar" aria-label="Loading the page" hidden=move || !routing.get()></div>
            <div class="shell">
                <Sidebar/>
                <div class="main">
                    <Header/>
                    {config_problem.map(|p| view! { <div class="notice error" role="alert">{p} " Using built-in defaults."</div> })}
                    <main id="content">
                        <ErrorBoundary fallback=|errors| view! {
                            <div class="notice error" role="alert">
                                <p>"This page failed:"</p>
                                <ul>{move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
                            </div>
                        }>
                            <Routes fallback=NotFound>
                                <Route path=path!("/") view={Lazy::<areas::overview::OverviewRoute>::new()}/>
                                <Route path=path!("/connections") view={Lazy::<connections::ConnectionsRoute>::new()}/>
                                <Route path=path!("/activity") view={Lazy::<areas::activity::ActivityPageRoute>::new()}/>
                                <Route path=path!("/requests") view={Lazy::<palette::RequestsRoute>::new()}/>
                                // One route per area: its pages' routes come with its chunk (lazy.rs).
                                <Route path=path!("/deployment-manager/*rest") view={Lazy::<areas::dm::DmAreaRoute>::new()}/>
                                <Route path=path!("/solutions/*rest") view={Lazy::<areas::solutions::SolutionsAreaRoute>::new()}/>
                                <Route path=path!("/a9s/*rest") view={Lazy::<areas::a9s::A9sAreaRoute>::new()}/>
                                <Route path=path!("/keboola/*rest") view={Lazy::<areas::keboola::KeboolaAreaRoute>::new()}/>
                                <Route path=path!("/spot/*rest") view={Lazy::<areas::spot::SpotAreaRoute>::new()}/>
                            </Routes>
                        </ErrorBoundary>
                    </main>
                </div>
            </div>
            <Palette/>
            <Reauth/>
            <SessionEnded/>
            <Toaster/>
        </Router>
    }
}

#[component]
fn Sidebar() -> impl IntoView {
    let client = use_client();
    view! {
        <nav class="sidebar" aria-label="Areas">
            <A href="/" attr:class="brand">"opsdeck"</A>
            <ul>
                {ApiKind::ALL.into_iter().map(|api| view! {
                    <li>
                        <A href=api.route() attr:class="nav-link" attr:id=format!("nav-{}", api.id())>
                            <span class=move || format!("dot {}", health_class(&client, api))></span>
                            {api.label()}
                        </A>
                    </li>
                }).collect_view()}
                <li class="sep"><A href="/connections" attr:class="nav-link" attr:id="nav-connections">"Connections"</A></li>
                <li><A href="/requests" attr:class="nav-link" attr:id="nav-requests">"Request log"</A></li>
            </ul>
        </nav>
    }
}

fn health_class(client: &Client, api: ApiKind) -> &'static str {
    if !client.is_configured(api) {
        return "unset";
    }
    match client.health(api) {
        Health::Unknown => "unknown",
        Health::Ok => "ok",
        Health::Refused | Health::Unreachable | Health::Failing | Health::SignedOut => "bad",
    }
}

fn health_words(client: &Client, api: ApiKind) -> &'static str {
    if !client.is_configured(api) {
        "not connected"
    } else {
        client.health(api).word()
    }
}

/// Which API the current page belongs to, and its connection state.
#[component]
fn Header() -> impl IntoView {
    let client = use_client();
    let location = use_location();
    let environment = client.config().environment;
    let current = move || {
        let path = location.pathname.get();
        ApiKind::ALL
            .into_iter()
            .find(|a| path.starts_with(a.route()))
    };
    view! {
        <header class="topbar">
            {(!environment.is_empty()).then(|| view! { <span class="env" title="Environment">{environment.clone()}</span> })}
            <PaletteButton/>
            <div class="status-strip" aria-label="Connection status">
                {ApiKind::ALL.into_iter().map(|api| view! {
                    <span
                        class="status-item"
                        class:current=move || current() == Some(api)
                        id=format!("status-{}", api.id())
                        title=move || format!("{}: {}", api.label(), health_words(&client, api))
                    >
                        <span class=move || format!("dot {}", health_class(&client, api))></span>
                        <span class="status-name">{api.id()}</span>
                        <span class="status-word">{move || health_words(&client, api)}</span>
                    </span>
                }).collect_view()}
            </div>
            <ActivityBadge/>
        </header>
    }
}

/// When an API refuses the credential, its settings open over the current page, so whatever
/// the user was typing stays where it was (the dialog is in the Connections chunk).
#[component]
fn Reauth() -> impl IntoView {
    let client = use_client();
    view! {
        {move || client.reauth().map(|api| view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(SendWrapper::new(connections::reauth_dialog(api)))}
            </Suspense>
        })}
    }
}

/// Proxy mode: the SSO session ended. Said once, over the page (which keeps what the user
/// entered), instead of one error per request (the dialog is in the Connections chunk).
#[component]
fn SessionEnded() -> impl IntoView {
    let client = use_client();
    view! {
        <Show when=move || client.session_ended()>
            <Suspense fallback=|| ()>
                {move || Suspend::new(SendWrapper::new(connections::session_ended_dialog()))}
            </Suspense>
        </Show>
    }
}

/// What a page no route matches shows (the shell's and each area's routes).
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    let location = use_location();
    view! {
        <h1>"Page not found"</h1>
        <p>"Nothing lives at " <code>{move || location.pathname.get()}</code> ". "
           <A href="/">"Back to the overview"</A></p>
    }
}
