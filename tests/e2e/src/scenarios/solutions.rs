//! Browser scenarios of this area (to be written with the area).

use crate::Scenario;

pub fn scenarios() -> Vec<Scenario> {
    Vec::new()
}
