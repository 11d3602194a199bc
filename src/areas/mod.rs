//! One module per API area, plus the Connections page.

pub mod a9s;
pub mod connections;
pub mod dm;
pub mod keboola;
pub(crate) mod lazy;
pub mod solutions;
pub mod spot;
