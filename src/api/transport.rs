//! The one transport: the browser's fetch, through gloo-net, with a timeout and cancellation
//! by AbortController. Uploads whose progress is watched go through XMLHttpRequest instead,
//! because fetch reports no upload progress; same time limit, cancellation and answer.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AbortController, Blob, BlobPropertyBag, FormData, ProgressEvent, XmlHttpRequest,
    XmlHttpRequestResponseType,
};

use super::call::{Failure, Response, Transport};
use super::{Body, Part, Prepared};

/// Told the bytes of an upload sent so far and the total.
pub type Progress = Rc<dyn Fn(f64, f64)>;

/// fetch with a per-request time limit. Requests can also be cancelled through the
/// controller handed to [`Fetch::with_controller`] (a page that goes away aborts its loads).
pub struct Fetch {
    pub timeout_ms: u32,
    pub controller: Option<AbortController>,
    /// Watches a multipart upload (see [`Fetch::with_progress`]).
    pub progress: Option<Progress>,
}

impl Fetch {
    pub fn new(timeout_ms: u32) -> Fetch {
        Fetch {
            timeout_ms,
            controller: None,
            progress: None,
        }
    }

    pub fn with_controller(mut self, controller: AbortController) -> Fetch {
        self.controller = Some(controller);
        self
    }

    /// Reports a multipart body's upload progress (other bodies are sent as usual).
    pub fn with_progress(mut self, progress: Progress) -> Fetch {
        self.progress = Some(progress);
        self
    }

    /// The page's controller forwarded to one request: `abort` runs when the page goes away.
    fn link(&self, abort: impl Fn() + 'static) -> Result<Option<AbortLink>, Failure> {
        match &self.controller {
            Some(outer) if outer.signal().aborted() => Err(Failure::Cancelled),
            Some(outer) => {
                let on_abort = Closure::<dyn FnMut()>::new(abort);
                let signal = outer.signal();
                let _ = signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
                Ok(Some(AbortLink { signal, on_abort }))
            }
            None => Ok(None),
        }
    }

    /// A multipart upload through XMLHttpRequest, reporting progress as the body goes out.
    async fn send_watched(
        &self,
        p: &Prepared,
        parts: &[Part],
        progress: &Progress,
    ) -> Result<Response, Failure> {
        let fail = |e: JsValue| Failure::Network(js_text(&e));
        let xhr = XmlHttpRequest::new().map_err(fail)?;
        xhr.open_with_async(p.method.as_str(), &p.url, true)
            .map_err(fail)?;
        for (name, value) in &p.headers {
            xhr.set_request_header(name, value).map_err(fail)?;
        }
        xhr.set_timeout(self.timeout_ms);
        xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
        let watch = progress.clone();
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() {
                watch(e.loaded(), e.total());
            }
        });
        xhr.upload()
            .map_err(fail)?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        // How the request ended: the event's type (load, error, timeout, abort).
        let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let ended = js_sys::Promise::new(&mut |r, _| *resolve.borrow_mut() = Some(r));
        let settle = resolve.clone();
        let on_end = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(r) = settle.borrow_mut().take() {
                let _ = r.call1(&JsValue::NULL, &JsValue::from_str(&e.type_()));
            }
        });
        for event in XHR_ENDS {
            xhr.add_event_listener_with_callback(event, on_end.as_ref().unchecked_ref())
                .map_err(fail)?;
        }
        let _hooks = XhrHooks {
            xhr: xhr.clone(),
            _on_progress: on_progress,
            on_end,
        };
        let request = xhr.clone();
        let link = self.link(move || {
            let _ = request.abort();
        })?;
        xhr.send_with_opt_form_data(Some(&form_data(parts)?))
            .map_err(fail)?;
        let how = wasm_bindgen_futures::JsFuture::from(ended)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        drop(link);
        match how.as_str() {
            "load" => Ok(Response {
                status: xhr.status().unwrap_or(0),
                content_type: xhr.get_response_header("content-type").ok().flatten(),
                body: xhr
                    .response()
                    .ok()
                    .filter(|b| b.is_object())
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default(),
            }),
            "timeout" => Err(Failure::Timeout(self.timeout_ms / 1000)),
            "abort" => Err(Failure::Cancelled),
            _ => Err(Failure::Network(network_message("Failed to fetch"))),
        }
    }
}

impl Transport for Fetch {
    async fn send(&self, p: &Prepared) -> Result<Response, Failure> {
        if let (Some(progress), Body::Multipart(parts)) = (&self.progress, &p.body) {
            return self.send_watched(p, parts, progress).await;
        }
        // Each request has its own controller, so a timeout stops only this request; the
        // page's controller (if any) stops it too when the page goes away.
        let controller = AbortController::new().map_err(|e| Failure::Network(js_text(&e)))?;
        let cancelled = Rc::new(Cell::new(false));
        let link = {
            let inner = controller.clone();
            let cancelled = cancelled.clone();
            self.link(move || {
                cancelled.set(true);
                inner.abort();
            })?
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
        // The request is made from the prepared URL as it is: gloo-net's RequestBuilder would
        // append its own (empty) query to it and end every query string in a stray `&`.
        let request = web_request(p, &controller)?;
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

/// The events that end an XMLHttpRequest.
const XHR_ENDS: [&str; 4] = ["load", "error", "timeout", "abort"];

/// An upload's callbacks, unhooked when the upload is over (or no longer awaited), so the
/// browser never calls them after they are dropped.
struct XhrHooks {
    xhr: XmlHttpRequest,
    /// Kept alive for as long as `onprogress` points at it.
    _on_progress: Closure<dyn FnMut(ProgressEvent)>,
    on_end: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for XhrHooks {
    fn drop(&mut self) {
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        for event in XHR_ENDS {
            let _ = self
                .xhr
                .remove_event_listener_with_callback(event, self.on_end.as_ref().unchecked_ref());
        }
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

/// The fetch request for a prepared one: its URL untouched (the query was built once, by
/// `Request::path_and_query`), its headers, body and abort signal.
fn web_request(
    p: &Prepared,
    controller: &AbortController,
) -> Result<gloo_net::http::Request, Failure> {
    let fail = |e: JsValue| Failure::Network(js_text(&e));
    let headers = web_sys::Headers::new().map_err(fail)?;
    for (name, value) in &p.headers {
        headers.append(name, value).map_err(fail)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(p.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    match &p.body {
        Body::Empty => {}
        Body::Multipart(parts) => init.set_body(&form_data(parts)?.into()),
        other => init.set_body(&JsValue::from_str(&other.text().unwrap_or_default())),
    }
    let request = web_sys::Request::new_with_str_and_init(&p.url, &init).map_err(fail)?;
    Ok(request.into())
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

/// One of the console's own static files (same origin, no credential, cacheable): its status and
/// bytes, read as bytes (a JavaScript string would be converted twice, UTF-8 to UTF-16 and back,
/// which for Spot's catalog cost two thirds of its parse). The chunk loader (`tools/wasm-split`)
/// requests the files the page's address needs as the page opens; such a file is taken from it,
/// once, without a second request or a wait on the network. Anything else, or an early read
/// that failed, is fetched now.
pub async fn static_file(path: &str) -> Result<(u16, Vec<u8>), String> {
    use wasm_bindgen_futures::JsFuture;
    if let Ok(early) = early_file(path) {
        if !early.is_undefined() {
            match JsFuture::from(js_sys::Promise::from(early)).await {
                Ok(bytes) if bytes.is_null() => return Ok((404, Vec::new())),
                Ok(bytes) => return Ok((200, js_sys::Uint8Array::new(&bytes).to_vec())),
                Err(_) => {} // asked again below
            }
        }
    }
    let window = web_sys::window().ok_or("no window")?;
    let failed = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map_or_else(|| js_text(&e), |e| String::from(e.message()))
    };
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(failed)?
        .unchecked_into();
    let bytes = JsFuture::from(resp.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok((resp.status(), js_sys::Uint8Array::new(&bytes).to_vec()))
}

/// Waits until every file the chunk loader reads early is in (or has failed); at once when there
/// is no loader. `main` starts the console then: otherwise the network's answers wait behind the
/// main thread's first long task, and an explorer page renders twice (without the catalog, then
/// with it), laying out twice.
pub async fn early_files_in() {
    if let Ok(all) = early_files() {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(all)).await;
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The chunk loader's promise that settles once every file it reads early is in. Throws when
    /// there is no loader.
    #[wasm_bindgen(catch, js_name = opsdeckEarlyFilesIn)]
    fn early_files() -> Result<JsValue, JsValue>;

    /// The chunk loader's early read of `path`, taken once: a promise of its bytes (`null` when
    /// the file is not there), or `undefined` when it made none. Throws when there is no loader.
    #[wasm_bindgen(catch, js_name = opsdeckEarlyFile)]
    fn early_file(path: &str) -> Result<JsValue, JsValue>;
}

/// The text of one of the console's own static files ([`static_file`]): Spot's catalog.
pub async fn static_text(url: &str) -> Result<String, String> {
    let (status, bytes) = static_file(url).await?;
    if !(200..300).contains(&status) {
        return Err(format!("{url} answered {status}"));
    }
    String::from_utf8(bytes).map_err(|_| format!("{url} is not UTF-8 text"))
}
