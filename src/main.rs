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
        opsdeck::api::transport::early_files_in().await;
        let (config, problem) = match load_config().await {
            Ok(c) => (c, None),
            Err(e) => (RuntimeConfig::default(), Some(e)),
        };
        mount_to_body(move || view! { <App config=config config_problem=problem/> });
    });
}

/// `/config.json` next to the console; its absence is fine (built-in defaults). Usually read
/// already: the chunk loader requested it as the page opened (`transport::static_file`).
async fn load_config() -> Result<RuntimeConfig, String> {
    let (status, bytes) = opsdeck::api::transport::static_file("/config.json")
        .await
        .map_err(|why| format!("config.json could not be loaded: {why}."))?;
    if status == 404 {
        return Ok(RuntimeConfig::default());
    }
    RuntimeConfig::parse(&String::from_utf8_lossy(&bytes))
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
