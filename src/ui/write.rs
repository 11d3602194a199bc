//! The write idiom: every request that changes something goes through [`use_write`] (an
//! `Action::new_local`). While one is under way the button that sent it is disabled and a
//! second send (double click, Enter) is ignored; a write is never retried; its outcome or its
//! error is shown in words by [`Write::view`], with the "Request" disclosure.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiError, Body, Call, Response};
use crate::client::{use_client, SendOptions};

use super::{format_bytes, ErrorNotice, RequestDisclosure, SentRequest};

/// What one write returned, with the request as it may be shown.
#[derive(Clone, Debug)]
pub struct Written<T> {
    pub request: SentRequest,
    pub result: Result<T, ApiError>,
}

/// A write a page sends (Copy). `I` is what the page passes when it sends. Its action sends a
/// raw call (one action type for every write, which keeps the bundle small); the answer is
/// decoded with the call's own decoder when read.
pub struct Write<I: 'static, T: 'static> {
    action: Action<Sending, Written<Response>>,
    make: StoredValue<MakeCall<I, T>, LocalStorage>,
    then: StoredValue<Then<T>, LocalStorage>,
    /// The call last sent: it decodes the answer.
    last: StoredValue<Option<Rc<Call<T>>>, LocalStorage>,
    /// Bytes of a multipart body sent so far and the total (uploads only).
    upload: RwSignal<Option<(f64, f64)>>,
}

impl<I, T> Clone for Write<I, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, T> Copy for Write<I, T> {}

type MakeCall<I, T> = Rc<dyn Fn(&I) -> Call<T>>;
/// What runs on an outcome once it is in.
type Then<T> = Rc<dyn Fn(&Result<T, ApiError>)>;

/// One send: the raw call, and what to run on its answer once it is in.
struct Sending {
    call: Call<Response>,
    after: Then<Response>,
}

/// A write whose request `make` builds from what the page sends.
pub fn use_write<I: 'static, T: 'static>(make: impl Fn(&I) -> Call<T> + 'static) -> Write<I, T> {
    use_write_then(make, |_| {})
}

/// Like [`use_write`], running `then` on the outcome once it is in (to reload what it changed).
pub fn use_write_then<I: 'static, T: 'static>(
    make: impl Fn(&I) -> Call<T> + 'static,
    then: impl Fn(&Result<T, ApiError>) + 'static,
) -> Write<I, T> {
    let upload = RwSignal::new(None::<(f64, f64)>);
    let make: MakeCall<I, T> = Rc::new(make);
    let then: Then<T> = Rc::new(then);
    Write {
        action: write_action(upload),
        make: StoredValue::new_local(make),
        then: StoredValue::new_local(then),
        last: StoredValue::new_local(None),
        upload,
    }
}

/// The one action every write uses (not generic, so its code is in the bundle once).
fn write_action(upload: RwSignal<Option<(f64, f64)>>) -> Action<Sending, Written<Response>> {
    let client = use_client();
    Action::new_local(move |sending: &Sending| {
        let call = Call::raw(sending.call.api, sending.call.request.clone());
        let after = sending.after.clone();
        let request = SentRequest::of(&client, &call);
        let mut options = SendOptions::default();
        if matches!(call.request.body, Body::Multipart(_)) {
            upload.set(Some((0.0, 0.0)));
            options = options.progress(Rc::new(move |done, total| {
                upload.try_set(Some((done, total)));
            }));
        } else {
            upload.set(None);
        }
        async move {
            let result = client.send_with(call, options).await;
            after(&result);
            Written { request, result }
        }
    })
}

/// A raw answer read by the call that asked for it.
fn decoded<T>(call: &Call<T>, raw: &Result<Response, ApiError>) -> Result<T, ApiError> {
    match raw {
        Ok(resp) => call.decode(resp),
        Err(e) => Err(e.clone()),
    }
}

impl<I: 'static, T: 'static> Write<I, T> {
    /// Sends, unless a send is already under way (so it is never sent twice).
    pub fn send(&self, input: I) {
        if self.action.pending().get_untracked() {
            return;
        }
        let call = untrack(|| self.make.with_value(|m| m(&input)));
        let raw = Call::raw(call.api, call.request.clone());
        let call = Rc::new(call);
        self.last.set_value(Some(call.clone()));
        let then = self.then.get_value();
        self.action.dispatch_local(Sending {
            call: raw,
            after: Rc::new(move |r| then(&decoded(&call, r))),
        });
    }

    /// Under way. Tracked: give it to the button that sends.
    pub fn pending(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// The last outcome, once there is one. Tracked.
    pub fn done(&self) -> Option<Result<T, ApiError>> {
        let last = self.last;
        self.action.value().with(|w| {
            let w = w.as_ref()?;
            last.with_value(|c| c.as_ref().map(|c| decoded(c, &w.result)))
        })
    }

    /// Forgets the last outcome (a form sent again from scratch).
    pub fn clear(&self) {
        self.action.clear();
    }

    /// The last outcome on screen: `ok(value)` or the error in words (no Retry: a write is
    /// never repeated by itself), with the "Request" disclosure.
    pub fn view<V: IntoView + 'static>(
        self,
        ok: impl Fn(T) -> V + Send + Sync + 'static,
    ) -> impl IntoView
    where
        T: Clone,
    {
        self.outcome(move |r| match r {
            Ok(v) => ok(v).into_any(),
            Err(e) => error_view(e),
        })
    }

    /// Like [`Write::view`] with the caller rendering the error too (extra detail it carries).
    /// Only turning the outcome into a view is generic; [`written_view`] draws the rest.
    pub fn outcome<V: IntoView + 'static>(
        self,
        shown: impl Fn(Result<T, ApiError>) -> V + Send + Sync + 'static,
    ) -> impl IntoView
    where
        T: Clone,
    {
        let value = self.action.value();
        let last = self.last;
        written_view(Arc::new(move || {
            value.with(|w| {
                let w = w.as_ref()?;
                let result = last.with_value(|c| c.as_ref().map(|c| decoded(c, &w.result)))?;
                Some((shown(result).into_any(), w.request.clone()))
            })
        }))
    }

    /// An upload's progress (a multipart body) while it goes out, then its size.
    pub fn upload_view(self) -> impl IntoView {
        upload_view(self.upload, self.pending())
    }
}

/// A write's outcome already turned into a view, with the request it sent.
type Outcome = Arc<dyn Fn() -> Option<(AnyView, SentRequest)> + Send + Sync>;

/// The outcome and the "Request" disclosure (once for every write).
fn written_view(outcome: Outcome) -> AnyView {
    (move || {
        outcome().map(|(shown, request)| view! { {shown} <RequestDisclosure request=request/> })
    })
    .into_any()
}

/// A write's error in words (no Retry).
fn error_view(error: ApiError) -> AnyView {
    view! { <ErrorNotice error=error/> }.into_any()
}

/// The progress bar and words of an upload (once for every write).
fn upload_view(upload: RwSignal<Option<(f64, f64)>>, pending: Signal<bool>) -> AnyView {
    (move || {
        upload.get().map(|(done, total)| {
            let pending = pending.get();
            view! {
                <progress max=total.max(1.0) value=if pending { done } else { total.max(1.0) }></progress>
                " " {upload_words(pending, done, total)}
            }
        })
    })
    .into_any()
}

/// An upload's progress in words: how much of the body has gone out.
fn upload_words(pending: bool, done: f64, total: f64) -> String {
    match (pending, total > 0.0) {
        (true, true) => format!(
            "Uploading: {} of {} ({:.0}%)…",
            format_bytes(done),
            format_bytes(total),
            done / total * 100.0
        ),
        (true, false) => "Uploading…".to_string(),
        (false, true) => format!("Uploaded {}.", format_bytes(total)),
        (false, false) => "Upload sent.".to_string(),
    }
}
