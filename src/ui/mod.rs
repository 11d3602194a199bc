//! Shared widgets every area builds with. One widget per file.

mod badge;
mod bidi;
mod button;
mod chart;
mod confirm;
mod copy;
mod field;
mod json;
mod link;
mod notice;
mod poll;
mod table;
mod time;
mod toast;

pub use badge::{tone_of, StatusBadge, Tone};
pub use bidi::isolate;
pub use button::ActionButton;
pub use chart::{fixed, format_bytes, ChartSeries, LineChart, Unit, XAxis};
pub use confirm::ConfirmDialog;
pub use copy::CopyButton;
pub use field::{Checkbox, Field, SelectField, TextArea};
pub use json::JsonView;
pub use link::{safe_href, ExternalLink};
pub use notice::{ErrorNotice, SignInAgain};
pub use poll::{backoff_ms, sleep_ms, OwnerAlive};
pub use table::{Column, DataTable};
pub use time::{provide_clock, TimeAgo};
pub use toast::{provide_toasts, use_toasts, Toaster};
