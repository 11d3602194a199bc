//! opsdeck: one console for five platform APIs. See ARCHITECTURE.md for the map.

pub mod api;
pub mod app;
pub mod areas;
pub mod client;
pub mod config;
pub mod palette;
pub mod reqlog;
pub mod store;
pub mod time;
pub mod ui;
