use leptos::prelude::*;

/// A link from API data is a link only when it is http(s); anything else (javascript:, data:,
/// relative paths) is shown as text. Leading and trailing spaces are trimmed (a9s sends some).
pub fn safe_href(raw: &str) -> Option<String> {
    let url = raw.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = !host.is_empty() && !url.chars().any(|c| c.is_control() || c == ' ');
    ok.then(|| url.to_string())
}

/// A link to somewhere outside the console, opened in a new tab without a referrer.
#[component]
pub fn ExternalLink(#[prop(into)] href: String, #[prop(into)] label: String) -> impl IntoView {
    match safe_href(&href) {
        Some(url) => view! {
            <a href=url target="_blank" rel="noopener noreferrer">{label}</a>
        }
        .into_any(),
        None => view! { <span title="not a web link" class="muted"><bdi>{label}</bdi> " (" <bdi>{href.trim().to_string()}</bdi> ")"</span> }
            .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            safe_href(" https://a9s.example.com/x").as_deref(),
            Some("https://a9s.example.com/x")
        );
        assert_eq!(
            safe_href("http://h:8080?q").as_deref(),
            Some("http://h:8080?q")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "https://a b",
            "ftp://x",
            "https://x\n.y",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }
}
