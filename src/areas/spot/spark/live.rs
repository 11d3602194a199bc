//! A live text stream (driver log, Kubernetes events) as text that follows new lines. The
//! document's `…/live` operations answer the text so far, so the stream is asked again every
//! second while it may grow, and only the lines beyond those shown are appended (a stream that
//! no longer starts with what is shown replaces it). "Pause following" stops asking and keeps
//! what is shown; "Download" saves what is shown as a file.

use leptos::html::Pre;
use leptos::prelude::*;

use crate::ui::save_file;

use super::super::op_call::{use_op, ExplorerLink, OpCall};

/// The lines to show after `shown` when the stream now reads `now`.
pub fn merge(shown: &mut Vec<String>, now: &str) {
    let now: Vec<&str> = now.lines().collect();
    let continues = now.len() >= shown.len() && shown.iter().zip(&now).all(|(a, b)| a == b);
    if !continues {
        shown.clear();
    }
    let from = shown.len();
    shown.extend(now[from..].iter().map(|l| l.to_string()));
}

#[component]
pub fn LiveText(
    #[prop(into)] call: Signal<Option<OpCall>>,
    /// Whether the stream may still grow (what writes it is still running).
    #[prop(into)]
    growing: Signal<bool>,
    id: &'static str,
    title: &'static str,
    /// The downloaded file's name.
    #[prop(into)]
    file: Signal<String>,
) -> impl IntoView {
    let following = RwSignal::new(true);
    let lines = RwSignal::new(Vec::<String>::new());
    let stream = use_op(move || call.get());
    stream.refresh_while(move |_, _| untrack(|| following.get() && growing.get()).then_some(1000));
    // Once what writes it has ended, the stream is read once more for its last lines.
    Effect::new(move |was: Option<bool>| {
        let now = growing.get();
        if was == Some(true) && !now && following.get_untracked() {
            stream.refetch();
        }
        now
    });
    Effect::new(move |_| {
        if let Some(a) = stream.ready() {
            if following.get_untracked() {
                lines.update(|l| merge(l, &a.text));
            }
        }
    });
    let pre = NodeRef::<Pre>::new();
    Effect::new(move |_| {
        lines.track();
        if let (true, Some(el)) = (following.get_untracked(), pre.get()) {
            el.set_scroll_top(el.scroll_height());
        }
    });
    let toggle = move |_| {
        let resume = !following.get_untracked();
        following.set(resume);
        if resume {
            stream.refetch();
        }
    };
    let download = move |_| {
        let text = lines.with_untracked(|l| l.join("\n") + "\n");
        save_file(&file.get_untracked(), text.as_bytes(), Some("text/plain"));
    };
    let problem = move || {
        stream
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="notice error" role="alert">{e.summary()}</p> })
    };
    view! {
        <section class="card live" id=id>
            <h3>{title}</h3>
            <div class="toolbar">
                <button type="button" class="btn small" id=format!("{id}-follow")
                    aria-pressed=move || (!following.get()).to_string() on:click=toggle>
                    {move || if following.get() { "Pause following" } else { "Follow new lines" }}
                </button>
                <button type="button" class="btn small" id=format!("{id}-download") on:click=download>"Download"</button>
                <span class="muted" role="status" id=format!("{id}-state")>{move || {
                    let n = lines.with(Vec::len);
                    match (following.get(), growing.get()) {
                        (false, _) => format!("Paused at {n} lines: new lines are not shown until you follow again."),
                        (true, true) => format!("Following: {n} lines, new ones appear as they are written."),
                        (true, false) => format!("{n} lines; nothing more is being written."),
                    }
                }}</span>
            </div>
            {problem}
            <pre class="live-text" node_ref=pre tabindex="0">
                <For each=move || lines.get().into_iter().enumerate() key=|(i, l)| (*i, l.clone())
                    children=|(_, l)| view! { <span class="line">{l}"\n"</span> }/>
            </pre>
            <p class="muted">{move || call.get().map(|c| view! { <ExplorerLink call=c/> })}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_lines_are_appended_and_a_restarted_stream_replaces_them() {
        let mut shown = Vec::new();
        merge(&mut shown, "a\nb\n");
        merge(&mut shown, "a\nb\nc\n");
        assert_eq!(shown, ["a", "b", "c"]);
        merge(&mut shown, "a\nb\nc\n");
        assert_eq!(shown.len(), 3);
        merge(&mut shown, "x\n");
        assert_eq!(shown, ["x"]);
    }
}
