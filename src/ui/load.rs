//! The load idiom: every read a page shows goes through [`use_call`] and is rendered by
//! [`Loaded::view`] (loading, the data, or the error with Retry — each with the "Request"
//! disclosure). Reads are aborted when the component that asked for them goes away.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::{ApiError, Call, Response};
use crate::client::{abort_on_cleanup, use_client, SendOptions};

use super::{ErrorNotice, RequestDisclosure, SentRequest};

/// What came back for one read: the request as it may be shown, and the raw answer.
type Raw = Option<(SentRequest, Result<Response, ApiError>)>;
type MakeCall<T> = Rc<dyn Fn() -> Option<Call<T>>>;

/// A read a page loads. Sent as a raw call (one resource type for every read, which keeps the
/// bundle small) and decoded with the operation's own decoder when read.
pub struct Loaded<T: 'static> {
    res: LocalResource<Raw>,
    make: StoredValue<MakeCall<T>, LocalStorage>,
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
    let client = use_client();
    let controller = abort_on_cleanup();
    let make: MakeCall<T> = Rc::new(make);
    let fetch = make.clone();
    let res = LocalResource::new(move || {
        let wanted = fetch().map(|c| Call::raw(c.api, c.request));
        let controller = controller.clone();
        async move {
            let call = wanted?;
            let shown = SentRequest::of(&client, &call);
            let options = match controller {
                Some(c) => SendOptions::default().abort(c),
                None => SendOptions::default(),
            };
            Some((shown, client.send_with(call, options).await))
        }
    });
    Loaded {
        res,
        make: StoredValue::new_local(make),
    }
}

impl<T: 'static> Loaded<T> {
    /// `None` while loading (or not asked for), then the decoded answer. The last answer stays
    /// while the next loads. Tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        let raw = self.res.get().flatten()?.1;
        let call = untrack(|| self.make.with_value(|m| m()))?;
        Some(raw.and_then(|resp| call.decode(&resp)))
    }

    /// The value when it loaded fine. Tracked.
    pub fn ready(&self) -> Option<T> {
        self.get().and_then(Result::ok)
    }

    /// The request last sent, as it may be shown. Tracked.
    pub fn request(&self) -> Option<SentRequest> {
        self.res.get().flatten().map(|(r, _)| r)
    }

    /// Sends the read again (Retry, or after a write changed what it shows).
    pub fn refetch(&self) {
        self.res.refetch();
    }

    /// The read on screen: "Loading…", then `ok(value)`, or the error in words with Retry;
    /// either way with the "Request" disclosure.
    pub fn view<V: IntoView + 'static>(
        self,
        ok: impl Fn(T) -> V + Send + Sync + 'static,
    ) -> impl IntoView {
        move || {
            let shown = self
                .request()
                .map(|r| view! { <RequestDisclosure request=r/> });
            match self.get() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Ok(v)) => view! { {ok(v)} {shown} }.into_any(),
                Some(Err(e)) => view! {
                    <ErrorNotice error=e retry=Callback::new(move |_| self.refetch())/>
                    {shown}
                }
                .into_any(),
            }
        }
    }
}
