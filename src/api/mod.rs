//! The HTTP client, sans-IO: every operation is a [`Call`] (a [`Request`] value plus a decoder),
//! [`prepare`] turns it into a concrete request for one connection, and one transport sends it.
//! Everything but the transport is plain Rust and tested natively.

pub mod a9s;
mod call;
mod curl;
pub mod dm;
mod error;
pub mod field;
pub mod id;
pub mod json;
pub mod keboola;
mod kind;
mod prepare;
pub mod probe;
mod request;
pub mod solutions;
pub mod spot;
pub mod transport;

pub use call::{decode_json, execute, Call, Failure, Response, Transport};
pub use curl::{curl_command, masked_headers};
pub use error::{from_sign_in, ApiError, ErrorDetail, SESSION_ENDED};
pub use id::{Id, IdRead, Unread};
pub use kind::ApiKind;
pub use prepare::{map_to_base, prepare, AuthMode, Connection, Prepared};
pub use request::{seg, Body, FilePart, Method, Part, Request};
