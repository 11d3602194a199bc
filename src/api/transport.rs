//! The one transport: the browser's fetch, through gloo-net, with a timeout and cancellation
//! by AbortController.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Blob, BlobPropertyBag, FormData};

use super::call::{Failure, Response, Transport};
use super::{Body, Part, Prepared};

/// fetch with a per-request time limit. Requests can also be cancelled through the
/// controller handed to [`Fetch::with_controller`] (a page that goes away aborts its loads).
pub struct Fetch {
    pub timeout_ms: u32,
    pub controller: Option<AbortController>,
}

impl Fetch {
    pub fn new(timeout_ms: u32) -> Fetch {
        Fetch {
            timeout_ms,
            controller: None,
        }
    }

    pub fn with_controller(mut self, controller: AbortController) -> Fetch {
        self.controller = Some(controller);
        self
    }
}

impl Transport for Fetch {
    async fn send(&self, p: &Prepared) -> Result<Response, Failure> {
        // Each request has its own controller, so a timeout stops only this request; the
        // page's controller (if any) stops it too when the page goes away.
        let controller = AbortController::new().map_err(|e| Failure::Network(js_text(&e)))?;
        let cancelled = Rc::new(Cell::new(false));
        let link = match &self.controller {
            Some(outer) if outer.signal().aborted() => return Err(Failure::Cancelled),
            Some(outer) => {
                let inner = controller.clone();
                let cancelled = cancelled.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || {
                    cancelled.set(true);
                    inner.abort();
                });
                let signal = outer.signal();
                let _ = signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
                Some(AbortLink { signal, on_abort })
            }
            None => None,
        };
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            gloo_timers::callback::Timeout::new(self.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let mut builder = RequestBuilder::new(&p.url)
            .method(method(p.method))
            .abort_signal(Some(&controller.signal()));
        for (name, value) in &p.headers {
            builder = builder.header(name, value);
        }
        let request = match &p.body {
            Body::Empty => builder.build(),
            Body::Multipart(parts) => builder.body(form_data(parts)?),
            other => builder.body(other.text().unwrap_or_default()),
        }
        .map_err(|e| Failure::Network(e.to_string()))?;
        let resp = match request.send().await {
            Ok(r) => r,
            Err(_) if timed_out.get() => return Err(Failure::Timeout(self.timeout_ms / 1000)),
            Err(_) if cancelled.get() => return Err(Failure::Cancelled),
            Err(e) => return Err(Failure::Network(network_message(&e.to_string()))),
        };
        let status = resp.status();
        let content_type = resp.headers().get("content-type");
        let body = match resp.binary().await {
            Ok(b) => b,
            Err(_) if timed_out.get() => return Err(Failure::Timeout(self.timeout_ms / 1000)),
            Err(_) if cancelled.get() => return Err(Failure::Cancelled),
            // A body cut short is still an answer: decoding reports what arrived.
            Err(_) => Vec::new(),
        };
        drop(link);
        Ok(Response {
            status,
            content_type,
            body,
        })
    }
}

/// Forwards the page's abort to one request; unhooks itself when the request is over, so the
/// callback is never called after it is dropped.
struct AbortLink {
    signal: web_sys::AbortSignal,
    on_abort: Closure<dyn FnMut()>,
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.on_abort.as_ref().unchecked_ref());
    }
}

fn method(m: super::Method) -> gloo_net::http::Method {
    use gloo_net::http::Method as G;
    match m {
        super::Method::Get => G::GET,
        super::Method::Post => G::POST,
        super::Method::Put => G::PUT,
        super::Method::Patch => G::PATCH,
        super::Method::Delete => G::DELETE,
    }
}

fn form_data(parts: &[Part]) -> Result<FormData, Failure> {
    let fail = |e: JsValue| Failure::Network(js_text(&e));
    let form = FormData::new().map_err(fail)?;
    for part in parts {
        match part {
            Part::Text(name, value) => form.append_with_str(name, value).map_err(fail)?,
            Part::File(name, file) => {
                let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
                let chunks = js_sys::Array::of1(&bytes);
                let options = BlobPropertyBag::new();
                options.set_type(&file.content_type);
                let blob = Blob::new_with_u8_array_sequence_and_options(&chunks, &options)
                    .map_err(fail)?;
                form.append_with_blob_and_filename(name, &blob, &file.file_name)
                    .map_err(fail)?
            }
        }
    }
    Ok(form)
}

fn network_message(raw: &str) -> String {
    if raw.contains("Failed to fetch") || raw.contains("NetworkError") {
        "the network request failed (server down, wrong address, or blocked by the browser)".into()
    } else {
        raw.to_string()
    }
}

fn js_text(v: &JsValue) -> String {
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}
