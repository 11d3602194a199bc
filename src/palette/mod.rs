//! The console's own tools: the command palette (Ctrl+K / Cmd+K, or the header's Search
//! button) and the request log page (`/requests`), plus the keyboard: `g` then a letter opens an
//! area, `/` focuses the page's filter.
//!
//! In the first load: only this file (the palette's open state, the key handler, the header
//! button). The palette's dialog and the request log page are one wasm chunk (`tools_area`),
//! fetched the first time the palette opens or `/requests` is shown.

mod dialog;
pub mod index;
mod requests;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::areas::lazy::lazy_area;
use dialog::PaletteDialog;
use requests::RequestLog;

lazy_area!(tools_area {
    RequestsRoute => RequestLog,
    PaletteRoute => PaletteDialog,
});

/// Whether the palette is open, and what had the focus before it opened (it goes back there).
#[derive(Clone, Copy)]
pub struct PaletteState {
    pub open: RwSignal<bool>,
    before: StoredValue<Option<SendWrapper<web_sys::HtmlElement>>>,
}

impl PaletteState {
    pub fn show(&self) {
        if self.open.get_untracked() {
            return;
        }
        let focused = document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        self.before.set_value(focused.map(SendWrapper::new));
        self.open.set(true);
    }

    /// Closes it and gives the focus back to where it was.
    pub fn close(&self) {
        self.open.set(false);
        if let Some(e) = self.before.get_value() {
            let _ = e.focus();
        }
    }
}

/// Makes the palette's state available to the whole app (the header's button, the key handler).
pub fn provide_palette() {
    provide_context(PaletteState {
        open: RwSignal::new(false),
        before: StoredValue::new(None),
    });
}

pub fn use_palette() -> PaletteState {
    expect_context::<PaletteState>()
}

/// `g` then this letter opens the area.
const JUMPS: &[(&str, &str)] = &[
    ("h", "/"),
    ("d", "/deployment-manager"),
    ("s", "/solutions"),
    ("a", "/a9s"),
    ("k", "/keboola"),
    ("p", "/spot"),
    ("c", "/connections"),
    ("r", "/requests"),
];

/// Whether a key press is typing into a field (then it is not a shortcut).
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// The key handler, and the palette's dialog when open. Inside the router.
#[component]
pub fn Palette() -> impl IntoView {
    let state = use_palette();
    let navigate = use_navigate();
    // `g` was pressed at this time (ms), waiting for the letter.
    let g_at = StoredValue::new(None::<f64>);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && key.eq_ignore_ascii_case("k") {
            ev.prevent_default();
            state.show();
            return;
        }
        if state.open.get_untracked() {
            // Escape closes the palette wherever the focus is.
            if key == "Escape" {
                state.close();
            }
            return;
        }
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        let now = js_sys::Date::now();
        if g_at.get_value().is_some_and(|at| now - at < 1500.0) {
            g_at.set_value(None);
            if let Some((_, to)) = JUMPS.iter().find(|(k, _)| *k == key) {
                ev.prevent_default();
                navigate(to, Default::default());
            }
            return;
        }
        match key.as_str() {
            "g" => g_at.set_value(Some(now)),
            "/" => {
                let filter = document()
                    .query_selector("main .table-filter, main input[type=search]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(f) = filter {
                    ev.prevent_default();
                    let _ = f.focus();
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || state.open.get()>
            <Suspense fallback=|| ()>
                {Suspend::new(SendWrapper::new(async {
                    crate::areas::lazy::page_or_notice(tools_area(LazyPage::PaletteDialog).await)
                }))}
            </Suspense>
        </Show>
    }
}

/// The header's button that opens the palette.
#[component]
pub fn PaletteButton() -> impl IntoView {
    let state = use_palette();
    view! {
        <button type="button" class="btn small palette-open" id="palette-open"
            aria-keyshortcuts="Control+K Meta+K" on:click=move |_| state.show()>
            "Search… " <kbd>"Ctrl K"</kbd>
        </button>
    }
}
