use leptos::prelude::*;

/// How a status reads at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Busy,
    Bad,
    Warn,
    Muted,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Good => "badge good",
            Tone::Busy => "badge busy",
            Tone::Bad => "badge bad",
            Tone::Warn => "badge warn",
            Tone::Muted => "badge muted",
        }
    }
}

/// The tone of the status words the five APIs use.
pub fn tone_of(status: &str) -> Tone {
    match status.trim().to_ascii_lowercase().as_str() {
        "done" | "success" | "complete" | "completed" | "available" | "active" | "ok"
        | "running_ok" | "healthy" | "provisioned" | "succeeded" | "public" | "true" => Tone::Good,
        "queued" | "running" | "waiting" | "processing" | "created" | "deploying"
        | "in_progress" | "pending" | "pending_review" | "terminating" | "started" | "updating" => {
            Tone::Busy
        }
        "failed" | "error" | "failure" | "unhealthy" | "down" | "terminated"
        | "crashloopbackoff" => Tone::Bad,
        "warning"
        | "degraded"
        | "stopped_at_checkpoint"
        | "cancelled"
        | "paused"
        | "hibernated" => Tone::Warn,
        _ => Tone::Muted,
    }
}

/// A status word in a coloured pill (the word is always shown: colour is never the only cue).
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<String>) -> impl IntoView {
    view! { <span class=move || tone_of(&status.get()).class()>{move || status.get()}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_of_every_api_have_a_tone() {
        assert_eq!(tone_of("done"), Tone::Good);
        assert_eq!(tone_of("RUNNING"), Tone::Busy);
        assert_eq!(tone_of("failed"), Tone::Bad);
        assert_eq!(tone_of("STOPPED_AT_CHECKPOINT"), Tone::Warn);
        assert_eq!(tone_of("deleted"), Tone::Muted);
    }
}
