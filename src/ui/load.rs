//! The load idiom: every read a page shows goes through [`use_call`] and is rendered by
//! [`Loaded::view`] (loading, the data, or the error with Retry — each with the "Request"
//! disclosure). Reads are aborted when the component that asked for them goes away.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Call, Response};
use crate::client::{abort_on_cleanup, use_client};

use super::{ErrorNotice, OwnerAlive, RequestDisclosure, SentRequest};

/// What came back for one read: which answer of the resource it is (counted from 1), the
/// request as it may be shown, and the raw answer.
type Raw = Option<(u64, SentRequest, Result<Response, ApiError>)>;
type MakeCall<T> = Rc<dyn Fn() -> Option<Call<T>>>;
/// The last answer decoded, by its number (the type is `Result<T, ApiError>`; kept as `Any` so
/// the storage is one type for every read).
type Memo = Option<(u64, Rc<dyn Any>)>;

/// A read a page loads. Sent as a raw call (one resource type for every read, which keeps the
/// bundle small) and decoded with the operation's own decoder when read, once per answer.
pub struct Loaded<T: 'static> {
    res: LocalResource<Raw>,
    make: StoredValue<MakeCall<T>, LocalStorage>,
    memo: StoredValue<Memo, LocalStorage>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

/// Loads the call `make` returns, again whenever the signals it reads change; `None` means
/// "nothing to ask yet". Aborted (through the client) when the calling component is cleaned up.
pub fn use_call<T: 'static>(make: impl Fn() -> Option<Call<T>> + 'static) -> Loaded<T> {
    let make: MakeCall<T> = Rc::new(make);
    let fetch = make.clone();
    Loaded {
        res: raw_resource(Rc::new(move || {
            fetch().map(|c| Call::raw(c.api, c.request))
        })),
        make: StoredValue::new_local(make),
        memo: StoredValue::new_local(None),
    }
}

/// The one resource every read uses (not generic, so its code is in the bundle once).
fn raw_resource(wanted: Rc<dyn Fn() -> Option<Call<Response>>>) -> LocalResource<Raw> {
    let client = use_client();
    let options = abort_on_cleanup();
    let answers = Rc::new(Cell::new(0u64));
    LocalResource::new(move || {
        let wanted = wanted();
        let options = options.clone();
        let answers = answers.clone();
        async move {
            let call = wanted?;
            let shown = SentRequest::of(&client, &call);
            let result = client.send_with(call, options).await;
            answers.set(answers.get() + 1);
            Some((answers.get(), shown, result))
        }
    })
}

impl<T: 'static> Loaded<T> {
    /// `None` while loading (or not asked for), then the decoded answer. The last answer stays
    /// while the next loads. Tracked. Decoded once per answer (later reads clone it).
    pub fn get(&self) -> Option<Result<T, ApiError>>
    where
        T: Clone,
    {
        self.res.with(|raw| {
            let (n, _, answer) = raw.as_ref()?.as_ref()?;
            let known = self.memo.with_value(|m| {
                m.as_ref()
                    .filter(|(seen, _)| seen == n)
                    .and_then(|(_, v)| v.downcast_ref::<Result<T, ApiError>>().cloned())
            });
            if known.is_some() {
                return known;
            }
            let decoded = self.decode(answer)?;
            self.memo.set_value(Some((*n, Rc::new(decoded.clone()))));
            Some(decoded)
        })
    }

    /// The value when it loaded fine. Tracked.
    pub fn ready(&self) -> Option<T>
    where
        T: Clone,
    {
        self.get().and_then(Result::ok)
    }

    /// The answer decoded by the call as the page would make it now (`None`: no call).
    fn decode(&self, answer: &Result<Response, ApiError>) -> Option<Result<T, ApiError>> {
        let call = untrack(|| self.make.with_value(|m| m()))?;
        Some(match answer {
            Ok(resp) => call.decode(resp),
            Err(e) => Err(e.clone()),
        })
    }

    /// The answer the view shows or the poller reads (each once per answer; no memo, so the
    /// value need not be `Clone`). Tracked.
    fn current(&self) -> Option<Result<T, ApiError>> {
        self.res.with(|raw| self.decode(&raw.as_ref()?.as_ref()?.2))
    }

    /// The request last sent, as it may be shown. Tracked.
    pub fn request(&self) -> Option<SentRequest> {
        shown_request(self.res)
    }

    /// Keeps the read fresh while the calling component is on screen: after each answer
    /// (`checks` counts them from 0), `wait_ms` says how long until it is asked again, or
    /// `None` to stop (the work it follows is final).
    pub fn refresh_while(
        self,
        wait_ms: impl Fn(&Result<T, ApiError>, u32) -> Option<u32> + 'static,
    ) {
        let alive = OwnerAlive::new();
        let checks = StoredValue::new(0u32);
        Effect::new(move |_| {
            let Some(r) = self.current() else { return };
            let n = checks.get_value();
            checks.set_value(n + 1);
            if let Some(ms) = wait_ms(&r, n) {
                let alive = alive.clone();
                set_timeout(
                    move || {
                        if alive.get() {
                            self.refetch();
                        }
                    },
                    std::time::Duration::from_millis(u64::from(ms)),
                );
            }
        });
    }

    /// Sends the read again (Retry, or after a write changed what it shows).
    pub fn refetch(&self) {
        self.res.refetch();
    }

    /// The read on screen: "Loading…", then `ok(value)`, or the error in words with Retry;
    /// either way with the "Request" disclosure. Only turning the value into a view is
    /// generic; [`loaded_view`] draws the rest once for every read.
    pub fn view<V: IntoView + 'static>(
        self,
        ok: impl Fn(T) -> V + Send + Sync + 'static,
    ) -> impl IntoView {
        loaded_view(
            self.res,
            Arc::new(move || self.current().map(|r| r.map(|v| ok(v).into_any()))),
        )
    }
}

/// The request a read last sent, as it may be shown. Tracked.
fn shown_request(res: LocalResource<Raw>) -> Option<SentRequest> {
    res.with(|raw| raw.as_ref()?.as_ref().map(|(_, r, _)| r.clone()))
}

/// A read's answer already turned into a view (or its error); `None` while loading.
type Shown = Arc<dyn Fn() -> Option<Result<AnyView, ApiError>> + Send + Sync>;

/// Loading, the answer's view or the error with Retry, and the "Request" disclosure.
fn loaded_view(res: LocalResource<Raw>, state: Shown) -> AnyView {
    (move || {
        let shown = shown_request(res).map(|r| view! { <RequestDisclosure request=r/> });
        match state() {
            None => view! { <p class="loading">"Loading…"</p> }.into_any(),
            Some(Ok(v)) => view! { {v} {shown} }.into_any(),
            Some(Err(e)) => view! {
                <ErrorNotice error=e retry=Callback::new(move |_| res.refetch())/>
                {shown}
            }
            .into_any(),
        }
    })
    .into_any()
}

/// Runs `f` once the browser has painted the frame it is preparing, unless the calling component
/// (or effect run) is gone by then: work a page does not show, such as writing its address, does
/// not hold back its first paint.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let alive = crate::ui::OwnerAlive::new();
    request_animation_frame(move || {
        set_timeout(
            move || {
                if alive.get() {
                    f();
                }
            },
            std::time::Duration::ZERO,
        );
    });
}

/// Starts `load` once the browser is idle (or 200 ms later where it has no idle callbacks:
/// Safari): what a page will need later, such as a file its writes read, without holding back
/// the page's own first data.
pub fn load_when_idle<F: std::future::Future<Output = ()> + 'static>(load: fn() -> F) {
    let start = move || leptos::task::spawn_local(load());
    if request_idle_callback_with_handle(start).is_err() {
        set_timeout(start, std::time::Duration::from_millis(200));
    }
}
