//! The console's one client: connection settings, where they are stored, and sending calls.
//! Components get it with [`use_client`]; every request in the app goes through [`Client::send_with`] (or [`Client::send`], its plain form).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::{self, ApiError, ApiKind, AuthMode, Call, Connection, Prepared, Response};
use crate::config::RuntimeConfig;
use crate::store::{self, Saved, StorageMode};

/// What the console last saw of an API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// No call yet.
    Unknown,
    /// The last call was answered.
    Ok,
    /// The credential was refused (401).
    Refused,
    /// No answer: network failure or timeout.
    Unreachable,
    /// The API answered with a server error.
    Failing,
    /// Proxy mode: the SSO session ended; nothing gets through until the operator signs in.
    SignedOut,
}

impl Health {
    pub fn word(self) -> &'static str {
        match self {
            Health::Unknown => "not checked",
            Health::Ok => "healthy",
            Health::Refused => "credential refused",
            Health::Unreachable => "unreachable",
            Health::Failing => "failing",
            Health::SignedOut => "session ended",
        }
    }

    fn after<T>(result: &Result<T, ApiError>) -> Option<Health> {
        match result {
            Ok(_) => Some(Health::Ok),
            Err(ApiError::Network { .. } | ApiError::Timeout { .. }) => Some(Health::Unreachable),
            Err(ApiError::SessionEnded { .. }) => Some(Health::SignedOut),
            Err(e) if e.is_unauthorized() => Some(Health::Refused),
            Err(ApiError::Http { status, .. }) if *status >= 500 => Some(Health::Failing),
            // A 4xx answer or a decode problem still means the API is up.
            Err(ApiError::Http { .. } | ApiError::Decode { .. }) => Some(Health::Ok),
            Err(_) => None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Client {
    config: StoredValue<RuntimeConfig>,
    connections: RwSignal<BTreeMap<ApiKind, Connection>>,
    mode: RwSignal<StorageMode>,
    health: RwSignal<BTreeMap<ApiKind, Health>>,
    /// The API whose credential was just refused: the shell opens its settings over the page.
    reauth: RwSignal<Option<ApiKind>>,
    /// Proxy mode: the SSO session ended; the shell says so once, over the page.
    session_ended: RwSignal<bool>,
}

impl Client {
    /// Starts from the runtime config, then whatever this browser saved.
    pub fn new(config: RuntimeConfig) -> Client {
        let saved = store::load().unwrap_or_default();
        let connections = ApiKind::ALL
            .into_iter()
            .map(|api| {
                let mut c = config.default_connection(api);
                if let Some(s) = saved.connections.get(api.id()) {
                    // Saved values win, but an empty saved field keeps the deployment's default.
                    if !s.base_url.trim().is_empty() {
                        c.base_url = s.base_url.clone();
                    }
                    c.token = s.token.clone();
                    if !s.account_id.trim().is_empty() {
                        c.account_id = s.account_id.clone();
                    }
                    if !s.queue_base_url.trim().is_empty() {
                        c.queue_base_url = s.queue_base_url.clone();
                    }
                }
                (api, c)
            })
            .collect();
        Client {
            config: StoredValue::new(config),
            connections: RwSignal::new(connections),
            mode: RwSignal::new(saved.mode),
            health: RwSignal::new(BTreeMap::new()),
            reauth: RwSignal::new(None),
            session_ended: RwSignal::new(false),
        }
    }

    pub fn config(&self) -> RuntimeConfig {
        self.config.get_value()
    }

    pub fn auth_mode(&self) -> AuthMode {
        self.config.with_value(|c| c.auth_mode)
    }

    /// The connection as it is now (tracked).
    pub fn connection(&self, api: ApiKind) -> Connection {
        self.connections
            .with(|c| c.get(&api).cloned())
            .unwrap_or_default()
    }

    /// Has a base URL and (unless a proxy injects it) a credential. Tracked.
    pub fn is_configured(&self, api: ApiKind) -> bool {
        let mode = self.auth_mode();
        self.connections.with(|c| {
            c.get(&api)
                .is_some_and(|c| !c.base().is_empty() && c.has_credential(mode))
        })
    }

    pub fn health(&self, api: ApiKind) -> Health {
        self.health
            .with(|h| h.get(&api).copied())
            .unwrap_or(Health::Unknown)
    }

    pub fn storage_mode(&self) -> StorageMode {
        self.mode.get()
    }

    pub fn reauth(&self) -> Option<ApiKind> {
        self.reauth.get()
    }

    pub fn ask_reauth(&self, api: Option<ApiKind>) {
        self.reauth.set(api);
    }

    /// Whether the SSO session ended (proxy mode) and the operator has not dismissed the notice.
    pub fn session_ended(&self) -> bool {
        self.session_ended.get()
    }

    pub fn dismiss_session_ended(&self) {
        self.session_ended.set(false);
    }

    /// Saves one API's connection in the current storage mode.
    pub fn save(&self, api: ApiKind, conn: Connection) {
        self.connections.update(|c| {
            c.insert(api, conn);
        });
        self.health.update(|h| {
            h.remove(&api);
        });
        self.persist();
    }

    /// Moves every saved setting to the place the new mode names.
    pub fn set_storage_mode(&self, mode: StorageMode) {
        self.mode.set(mode);
        self.persist();
    }

    /// Wipes credentials from memory and from every storage place.
    pub fn forget_all(&self) {
        store::forget_all();
        let config = self.config.get_value();
        self.connections.set(
            ApiKind::ALL
                .into_iter()
                .map(|api| (api, config.default_connection(api)))
                .collect(),
        );
        self.mode.set(StorageMode::Session);
        self.health.set(BTreeMap::new());
        crate::reqlog::clear();
    }

    fn persist(&self) {
        let mode = self.mode.get_untracked();
        let saved = Saved {
            mode,
            connections: self.connections.with_untracked(|c| {
                c.iter()
                    .map(|(api, conn)| (api.id().to_string(), conn.clone()))
                    .collect()
            }),
        };
        if mode == StorageMode::Memory {
            store::forget_all();
        } else {
            store::save(&saved);
        }
    }

    /// The call as it would go on the wire (for "copy as curl").
    pub fn prepare<T>(&self, call: &Call<T>) -> Prepared {
        let conn = self
            .connections
            .with_untracked(|c| c.get(&call.api).cloned())
            .unwrap_or_default();
        api::prepare(call.api, &conn, self.auth_mode(), &call.request)
    }

    /// Sends a call to its API. Never retries; a 401 opens that API's settings over the page.
    pub async fn send<T>(&self, call: Call<T>) -> Result<T, ApiError> {
        self.send_with(call, SendOptions::default()).await
    }

    /// Sends a call with options (any combination of them). Never retries; a 401 opens that
    /// API's settings over the page unless the options say `quiet`.
    pub async fn send_with<T>(&self, call: Call<T>, options: SendOptions) -> Result<T, ApiError> {
        // Sent raw, then decoded: the sending code is in the bundle once, not once per answer
        // type. The same outcome either way: a decode error leaves the API's health as it is.
        let resp = self
            .send_raw(Call::raw(call.api, call.request.clone()), options)
            .await?;
        call.decode(&resp)
    }

    /// [`Client::send_with`] for a raw call: the one that talks to the transport.
    async fn send_raw(
        &self,
        call: Call<Response>,
        options: SendOptions,
    ) -> Result<Response, ApiError> {
        let SendOptions {
            base_url,
            abort: controller,
            progress,
            quiet,
        } = options;
        let reauth = !quiet;
        let api = call.api;
        let mut conn = self
            .connections
            .try_with_untracked(|c| c.get(&api).cloned())
            .flatten()
            .unwrap_or_default();
        let mode = self.auth_mode();
        if let Some(base) = base_url {
            conn.base_url = base;
        }
        let result = if conn.base().is_empty() || !conn.has_credential(mode) {
            Err(ApiError::NotConfigured { api })
        } else {
            let prepared = api::prepare(api, &conn, mode, &call.request);
            let timeout = self
                .config
                .try_with_value(|c| c.timeout_ms())
                .unwrap_or(30_000);
            let recording = crate::reqlog::Recording::start(api, &prepared, &call.request);
            let mut fetch = api::transport::Fetch::new(timeout);
            if let Some(c) = controller {
                fetch = fetch.with_controller(c);
            }
            if let Some(p) = progress {
                fetch = fetch.with_progress(p);
            }
            let result = api::execute(&fetch, &call, &prepared, mode).await;
            recording.finish(&result);
            result
        };
        if let Some(h) = Health::after(&result) {
            self.health.try_update(|m| {
                m.insert(api, h);
            });
        }
        // Only a refused credential or an ended SSO session interrupts; an API not set up yet
        // says so in the page.
        match &result {
            Err(ApiError::SessionEnded { .. }) => {
                self.session_ended.try_set(true);
            }
            Err(ApiError::Http { status: 401, .. }) if reauth => {
                self.reauth.try_set(Some(api));
            }
            _ => {}
        }
        result
    }
}

/// How [`Client::send_with`] sends: every option may be combined with the others.
#[derive(Clone, Default)]
pub struct SendOptions {
    base_url: Option<String>,
    abort: Option<web_sys::AbortController>,
    progress: Option<api::transport::Progress>,
    quiet: bool,
}

impl SendOptions {
    /// Sends with the API's credential to another base URL the operator configured (Keboola's
    /// job queue). The base must come from settings, never from API data.
    pub fn base(mut self, base_url: &str) -> SendOptions {
        self.base_url = Some(base_url.to_string());
        self
    }

    /// Aborted when `controller` is (a load its page cancels on leaving).
    pub fn abort(mut self, controller: web_sys::AbortController) -> SendOptions {
        self.abort = Some(controller);
        self
    }

    /// Told how much of a multipart body has gone out (sent by XMLHttpRequest, which reports it).
    pub fn progress(mut self, progress: api::transport::Progress) -> SendOptions {
        self.progress = Some(progress);
        self
    }

    /// A refused credential does not open the settings dialog (the Connections page shows the
    /// outcome itself).
    pub fn quiet(mut self) -> SendOptions {
        self.quiet = true;
        self
    }
}

pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// Send options whose abort signal fires when the current component goes away, so a page that
/// is left stops its loads (no abort signal where the browser offers no AbortController).
pub fn abort_on_cleanup() -> SendOptions {
    let Ok(controller) = web_sys::AbortController::new() else {
        return SendOptions::default();
    };
    let held = send_wrapper::SendWrapper::new(controller.clone());
    on_cleanup(move || held.abort());
    SendOptions::default().abort(controller)
}
