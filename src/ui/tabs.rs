//! Tabs driven by an enum: each tab is an address (the current tab lives in the URL, so it
//! survives reload and can be shared), marked `aria-current="page"` by the router's links.

use leptos::prelude::*;
use leptos_router::components::A;

/// An enum whose values are the tabs of one page or area.
pub trait Tab: Copy + PartialEq + Send + Sync + 'static {
    /// Every tab, in the order shown.
    const ALL: &'static [Self];
    fn label(self) -> &'static str;
    /// Its address below the base: `""` for the first (the base itself), else one segment.
    fn path(self) -> &'static str;
    /// Names its element id (`<prefix>-<slug>`, or `<prefix>` for an empty slug).
    fn slug(self) -> &'static str {
        self.path()
    }

    /// The tab an address segment names; the first tab for anything else.
    fn from_path(segment: &str) -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.path() == segment)
            .unwrap_or(Self::ALL[0])
    }
}

/// Declares a tab enum and its [`Tab`] impl from `Variant => ("Label", "path")` lines.
macro_rules! tab_enum {
    ($name:ident { $($variant:ident => ($label:literal, $path:literal)),+ $(,)? }) => {
        #[derive(Clone, Copy, PartialEq)]
        enum $name {
            $($variant),+
        }

        impl $crate::ui::Tab for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            fn path(self) -> &'static str {
                match self {
                    $(Self::$variant => $path),+
                }
            }
        }
    };
}
pub(crate) use tab_enum;

/// The tab bar: one link per tab to `base` or `base/<path>`.
pub fn tabs<T: Tab>(base: &str, label: &'static str, id_prefix: &str) -> impl IntoView {
    tabs_where::<T>(base, label, id_prefix, |_| true)
}

/// The tab bar with only the tabs `shown` keeps (a page whose tabs depend on what it shows).
pub fn tabs_where<T: Tab>(
    base: &str,
    label: &'static str,
    id_prefix: &str,
    shown: impl Fn(T) -> bool,
) -> impl IntoView {
    let links = T::ALL
        .iter()
        .filter(|t| shown(**t))
        .map(|t| {
            let href = match t.path() {
                "" => base.to_string(),
                p => format!("{base}/{p}"),
            };
            let id = match t.slug() {
                "" => id_prefix.to_string(),
                s => format!("{id_prefix}-{s}"),
            };
            view! { <A href=href exact=true attr:id=id>{t.label()}</A> }
        })
        .collect_view();
    view! { <nav class="tabs" aria-label=label>{links}</nav> }
}
