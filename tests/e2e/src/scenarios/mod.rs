//! The scenarios, one file per area. Each file's `scenarios()` lists its own.

mod a9s;
mod console;
mod dm;
mod foundation;
mod hostile;
mod keboola;
mod proxy;
mod solutions;
mod spot;
mod spot_form;

use crate::Scenario;

pub fn all() -> Vec<Scenario> {
    let mut all = foundation::scenarios();
    all.extend(a9s::scenarios());
    all.extend(keboola::scenarios());
    all.extend(solutions::scenarios());
    all.extend(dm::scenarios());
    all.extend(proxy::scenarios());
    all.extend(hostile::scenarios());
    all.extend(spot::scenarios());
    all.extend(spot_form::scenarios());
    all.extend(console::scenarios());
    all
}
