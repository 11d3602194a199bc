//! Areas whose code is fetched the first time one of their pages is shown.
//!
//! `lazy_area!(chunk { Route => Page, … })` declares, for each page component `Page` (no props), a
//! route type to use in the router as `view={Lazy::<Route>::new()}`. All pages of one area render
//! through one split function named `chunk`; the build's split step (`tools/wasm-split`) moves it,
//! and whatever only that area uses, into a wasm chunk of its own. The first load then carries the
//! shell; entering an area fetches its chunk once (plus the chunk of code areas share), after which
//! its pages switch without fetching code. The Connections page is split off the same way.
//!
//! A chunk that cannot be fetched (network down, or opsdeck redeployed since the tab opened and
//! the old chunks gone) shows [`NotLoaded`] in words with a reload button instead of failing the
//! app.

use leptos::prelude::*;

/// An area's code could not be fetched.
#[derive(Debug, Clone, Copy)]
pub struct NotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The page, or why it could not be loaded.
pub fn page_or_notice(page: Result<AnyView, NotLoaded>) -> AnyView {
    match page {
        Ok(view) => view,
        Err(NotLoaded) => view! {
            <div class="notice error" role="alert" id="chunk-failed">
                <p>
                    "This part of the console could not be loaded: the network failed, or opsdeck "
                    "was updated since this tab was opened. Reloading fetches the current version."
                </p>
                <button on:click=|_| {
                    let _ = window().location().reload();
                }>"Reload"</button>
            </div>
        }
        .into_any(),
    }
}

/// Declares an area's lazily loaded routes; see the module documentation.
macro_rules! lazy_area {
    ($chunk:ident { $($route:ident => $page:ident),+ $(,)? }) => {
        /// The pages of this area, rendered by its split function.
        #[derive(Clone, Copy)]
        enum LazyPage {
            $($page),+
        }

        /// Renders a page of this area. A split point: this function and all it alone reaches
        /// are the area's wasm chunk.
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk(
            page: LazyPage,
        ) -> Result<leptos::prelude::AnyView, $crate::areas::lazy::NotLoaded> {
            use leptos::prelude::IntoAny;
            Ok(match page {
                $(LazyPage::$page => leptos::prelude::view! { <$page/> }.into_any(),)+
            })
        }

        $(
            #[doc = concat!("The route showing [`", stringify!($page), "`], loaded with the area.")]
            pub struct $route;

            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_route: Self) -> leptos::prelude::AnyView {
                    $crate::areas::lazy::page_or_notice($chunk(LazyPage::$page).await)
                }
            }
        )+
    };
}

pub(crate) use lazy_area;

/// Declares an area whose route table travels in its chunk: `lazy_routes!(chunk => AreaRoute,
/// Pages)` gives `AreaRoute`, the shell's one route for the whole area (`<Route
/// path=path!("/prefix/*rest") view={Lazy::<AreaRoute>::new()}/>` in `app.rs`), which renders the
/// area's own `<Routes>` over `Pages` (a transparent component listing its routes, views as plain
/// components) from the split function `chunk`. The router's typed code for each page is then in
/// the area's chunk, not in the first load.
macro_rules! lazy_routes {
    ($chunk:ident => $route:ident, $pages:ident) => {
        /// The area's routes and pages. A split point: this function and all it alone reaches
        /// are the area's wasm chunk.
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> Result<leptos::prelude::AnyView, $crate::areas::lazy::NotLoaded> {
            use leptos::prelude::IntoAny;
            use leptos_router::components::Routes;
            Ok(leptos::prelude::view! {
                <Routes fallback=$crate::app::NotFound><$pages/></Routes>
            }
            .into_any())
        }

        /// The shell's route for every page of the area, loaded with the area.
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_route: Self) -> leptos::prelude::AnyView {
                $crate::areas::lazy::page_or_notice($chunk().await)
            }
        }
    };
}

pub(crate) use lazy_routes;

/// Declares an area's resume-after-reload hook (see `ui::resume_with`): `resume_hook!(chunk,
/// register)` defines `pub fn resume()`, which fetches the area's chunk and calls `register`
/// there (it loads the area's followed list and calls `follow` with the area's check).
macro_rules! resume_hook {
    ($chunk:ident, $register:path) => {
        /// A split point in the area's chunk: follows the area's saved jobs again.
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn resume_jobs() -> Result<(), $crate::areas::lazy::NotLoaded> {
            $register();
            Ok(())
        }

        /// Follows the area's saved jobs again after a reload (fetching the area's code).
        pub fn resume() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
            Box::pin(async {
                // Not loaded: the jobs are followed once the operator opens the area.
                let _ = resume_jobs().await;
            })
        }
    };
}

pub(crate) use resume_hook;
