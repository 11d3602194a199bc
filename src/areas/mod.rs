//! One module per API area, plus the Connections page.

pub mod a9s;
pub mod activity;
pub mod connections;
pub mod dm;
pub mod keboola;
pub(crate) mod lazy;
pub mod overview;
pub mod solutions;
pub mod spot;

/// Registers each area's resume-after-reload hook for its followed jobs (`ui::resume_with`):
/// one line per area.
pub fn register_resume() {
    crate::ui::resume_with(solutions::JOBS_KEY, solutions::resume);
    crate::ui::resume_with(keboola::JOBS_KEY, keboola::resume);
    crate::ui::resume_with(a9s::JOBS_KEY, a9s::resume);
    crate::ui::resume_with(spot::OCEAN_ROLLS_KEY, spot::resume_ocean);
    crate::ui::resume_with(dm::JOBS_KEY, dm::resume);
    crate::ui::resume_with(spot::CD_ROLLOUTS_KEY, spot::resume_cd);
    crate::ui::resume_with(spot::NODES_IMPORTS_KEY, spot::resume_nodes);
    crate::ui::resume_with(spot::GROUPS_ROLLS_KEY, spot::resume_groups);
    crate::ui::resume_with(spot::GROUPS_IMPORTS_KEY, spot::resume_groups);
}
