//! Saving bytes the console holds as a file the browser downloads (a Blob's object URL on a
//! transient link; no request is sent).

/// Saves `bytes` as a file named `name`.
#[cfg(target_arch = "wasm32")]
pub fn save_file(name: &str, bytes: &[u8], content_type: Option<&str>) {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    let run = || -> Option<()> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type.unwrap_or("application/octet-stream"));
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(10),
        );
        Some(())
    };
    run();
}

#[cfg(not(target_arch = "wasm32"))]
/// Saves `bytes` as a file named `name` (nothing to save to outside the browser).
pub fn save_file(_: &str, _: &[u8], _: Option<&str>) {}
