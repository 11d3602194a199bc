//! Saving bytes the page holds as a file: a Blob behind a temporary object URL, clicked as a
//! download link (no navigation, nothing written into the page).

/// Offers `bytes` as the file `name` (of `content_type`, else octet-stream).
#[cfg(target_arch = "wasm32")]
pub fn save_file(name: &str, bytes: &[u8], content_type: Option<&str>) {
    use leptos::prelude::{document, set_timeout};
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
pub fn save_file(_: &str, _: &[u8], _: Option<&str>) {}
