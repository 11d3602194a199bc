//! The scenarios, one file per area. Each file's `scenarios()` lists its own.

mod a9s;
mod activity;
mod console;
mod dm;
mod faults;
mod foundation;
mod hostile;
mod keboola;
mod proxy;
mod solutions;
mod spot;
mod spot_cd;
mod spot_form;
mod spot_group_jobs;
mod spot_groups;
mod spot_nodes;
mod spot_ocean;
mod spot_org;
mod spot_services;
mod spot_stateful;

use crate::Scenario;

pub fn all() -> Vec<Scenario> {
    let mut all = foundation::scenarios();
    all.extend(a9s::scenarios());
    all.extend(keboola::scenarios());
    all.extend(solutions::scenarios());
    all.extend(dm::scenarios());
    all.extend(proxy::scenarios());
    all.extend(hostile::scenarios());
    all.extend(faults::scenarios());
    all.extend(spot::scenarios());
    all.extend(spot_form::scenarios());
    all.extend(activity::scenarios());
    all.extend(spot_org::scenarios());
    all.extend(spot_ocean::scenarios());
    all.extend(spot_groups::scenarios());
    all.extend(spot_group_jobs::scenarios());
    all.extend(spot_cd::scenarios());
    all.extend(spot_nodes::scenarios());
    all.extend(spot_stateful::scenarios());
    all.extend(spot_services::scenarios());
    all.extend(console::scenarios());
    all
}
