//! Names from the APIs inside sentences: isolated, so a right-to-left override in one cannot
//! reverse the text around it (elements use `<bdi>` or `unicode-bidi: isolate` instead).

/// `s` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for a name in a sentence.
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_is_closed_in_isolate_marks() {
        assert_eq!(
            super::isolate("\u{202e}gnp.exe"),
            "\u{2068}\u{202e}gnp.exe\u{2069}"
        );
    }
}
