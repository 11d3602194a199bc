use leptos::prelude::*;
use opsdeck::app::App;
use opsdeck::config::RuntimeConfig;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal();
    }));
    // When the main module starts: the browser tests check that the config and the area's chunks
    // were requested before it (index.html, tools/wasm-split), and the bench reports it.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("opsdeck-main");
    }
    wasm_bindgen_futures::spawn_local(async {
        let (config, problem) = match load_config().await {
            Ok(c) => (c, None),
            Err(e) => (RuntimeConfig::default(), Some(e)),
        };
        mount_to_body(move || view! { <App config=config config_problem=problem/> });
    });
}

/// `/config.json` next to the console; its absence is fine (built-in defaults). Fetched with
/// the browser's fetch directly (the areas' transport, gloo-net, is not in the first load).
async fn load_config() -> Result<RuntimeConfig, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |e: wasm_bindgen::JsValue| {
        let why = e.dyn_ref::<js_sys::Error>().map_or_else(
            || e.as_string().unwrap_or_default(),
            |e| String::from(e.message()),
        );
        format!("config.json could not be loaded: {why}.")
    };
    let window = web_sys::window().ok_or("config.json could not be loaded: no window.")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str("/config.json"))
        .await
        .map_err(failed)?
        .unchecked_into();
    if resp.status() == 404 {
        return Ok(RuntimeConfig::default());
    }
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    RuntimeConfig::parse(&text.as_string().unwrap_or_default())
}

/// A bug must show a message, not a dead page.
fn show_fatal() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(el) = doc.create_element("div") else {
        return;
    };
    el.set_id("fatal");
    el.set_attribute("role", "alert").ok();
    el.set_text_content(Some(
        "Something went wrong inside the console and it stopped. Reload the page to continue; \
         your saved connections are kept. Details are in the browser's developer console.",
    ));
    if let Some(body) = doc.body() {
        let _ = body.append_child(&el);
    }
}
