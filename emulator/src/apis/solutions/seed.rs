//! The demo catalog: ~30 deployed solutions (several versions, owners, authors, states and
//! visibilities) and a history of finished jobs, the same for the same seed.

use serde_json::json;

use super::model::{Job, JobKind, Rng, Solution, Store, CURRENT_USER};

/// Users who own, author and run solutions; the demo token is [`CURRENT_USER`].
pub const USERS: [&str; 5] = [
    CURRENT_USER,
    "maria.lopez",
    "sam.okafor",
    "priya.nair",
    "li.wei",
];

/// (name, version, owner, author, state, visibility, summary, tag)
type Entry = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CATALOG: [Entry; 30] = [
    (
        "Invoice Extraction",
        "1.2.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "INACTIVE",
        "PUBLIC",
        "Extracts totals, dates and line items from supplier invoices",
        "finance",
    ),
    (
        "Invoice Extraction",
        "1.3.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "ACTIVE",
        "PUBLIC",
        "Extracts totals, dates and line items from supplier invoices",
        "finance",
    ),
    (
        "Invoice Extraction",
        "1.4.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "ACTIVE",
        "PUBLIC",
        "Extracts totals, dates and line items from supplier invoices",
        "finance",
    ),
    (
        "Invoice Extraction",
        "1.5.0-beta",
        "maria.lopez",
        "maria.lopez",
        "ACTIVE",
        "PRIVATE",
        "Invoice extraction with handwritten-total support (beta)",
        "finance",
    ),
    (
        "Bank Statement Parser",
        "2.0.0",
        "IB_DEPLOYED",
        "sam.okafor",
        "ACTIVE",
        "PUBLIC",
        "Reads transactions and balances from bank statements",
        "banking",
    ),
    (
        "Bank Statement Parser",
        "2.1.0",
        "IB_DEPLOYED",
        "sam.okafor",
        "ACTIVE",
        "PUBLIC",
        "Reads transactions and balances from bank statements",
        "banking",
    ),
    (
        "Claims Intake",
        "0.9.0",
        "IB_DEPLOYED",
        "priya.nair",
        "INACTIVE",
        "PUBLIC",
        "Classifies and routes incoming insurance claims",
        "insurance",
    ),
    (
        "Claims Intake",
        "1.0.0",
        "IB_DEPLOYED",
        "priya.nair",
        "ACTIVE",
        "PUBLIC",
        "Classifies and routes incoming insurance claims",
        "insurance",
    ),
    (
        "KYC Document Check",
        "3.2.1",
        "IB_DEPLOYED",
        "li.wei",
        "ACTIVE",
        "PUBLIC",
        "Verifies identity documents for customer onboarding",
        "compliance",
    ),
    (
        "W-2 Extraction",
        "1.0.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "ACTIVE",
        "PUBLIC",
        "Extracts wages and withholdings from W-2 forms",
        "tax",
    ),
    (
        "W-2 Extraction",
        "1.1.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "ACTIVE",
        "PUBLIC",
        "Extracts wages and withholdings from W-2 forms",
        "tax",
    ),
    (
        "Receipt Reader",
        "0.4.0",
        "IB_DEPLOYED",
        CURRENT_USER,
        "ACTIVE",
        "PUBLIC",
        "Merchant, date and total from photographed receipts",
        "expenses",
    ),
    (
        "Passport MRZ Reader",
        "1.0.3",
        "IB_DEPLOYED",
        "li.wei",
        "ACTIVE",
        "PUBLIC",
        "Reads the machine-readable zone of passports",
        "compliance",
    ),
    (
        "Utility Bill Parser",
        "1.2.0",
        "IB_DEPLOYED",
        "sam.okafor",
        "INACTIVE",
        "PUBLIC",
        "Address and amount due from utility bills",
        "banking",
    ),
    (
        "Purchase Order Matching",
        "2.3.0",
        "IB_DEPLOYED",
        "priya.nair",
        "ACTIVE",
        "PUBLIC",
        "Matches invoices to purchase orders and receipts",
        "finance",
    ),
    (
        "Bill of Lading Extraction",
        "1.0.0",
        "IB_DEPLOYED",
        "li.wei",
        "ACTIVE",
        "PUBLIC",
        "Shipper, consignee and cargo lines from bills of lading",
        "logistics",
    ),
    (
        "Tax Form 1099 Extraction",
        "0.8.0",
        "IB_DEPLOYED",
        "maria.lopez",
        "ACTIVE",
        "PUBLIC",
        "Payer, recipient and amounts from 1099 forms",
        "tax",
    ),
    (
        "Check Deposit Reader",
        "1.1.0",
        "IB_DEPLOYED",
        "sam.okafor",
        "ACTIVE",
        "PUBLIC",
        "MICR line and amounts from scanned checks",
        "banking",
    ),
    (
        "Mortgage Packet Splitter",
        "0.1.0",
        CURRENT_USER,
        CURRENT_USER,
        "INACTIVE",
        "PRIVATE",
        "Splits mortgage packets into their documents",
        "lending",
    ),
    (
        "Mortgage Packet Splitter",
        "0.2.0",
        CURRENT_USER,
        CURRENT_USER,
        "ACTIVE",
        "PRIVATE",
        "Splits mortgage packets into their documents",
        "lending",
    ),
    (
        "Payslip Extraction",
        "1.0.0",
        CURRENT_USER,
        CURRENT_USER,
        "ACTIVE",
        "PENDING_REVIEW",
        "Gross and net pay from payslips",
        "lending",
    ),
    (
        "Lease Abstraction",
        "0.6.0",
        CURRENT_USER,
        "priya.nair",
        "ACTIVE",
        "PRIVATE",
        "Key dates and rent terms from commercial leases",
        "real-estate",
    ),
    (
        "Contract Clause Finder",
        "0.3.0",
        "maria.lopez",
        "maria.lopez",
        "ACTIVE",
        "PRIVATE",
        "Finds indemnity, termination and renewal clauses",
        "legal",
    ),
    (
        "Loan Application Review",
        "1.0.0",
        "sam.okafor",
        "sam.okafor",
        "ACTIVE",
        "PENDING_REVIEW",
        "Checks loan applications for missing documents",
        "lending",
    ),
    (
        "Medical Records Summarizer",
        "0.2.0",
        "priya.nair",
        "priya.nair",
        "INACTIVE",
        "PRIVATE",
        "Summarizes diagnoses and medications from records",
        "healthcare",
    ),
    (
        "Customs Declaration Reader",
        "0.5.0",
        "li.wei",
        "li.wei",
        "ACTIVE",
        "PRIVATE",
        "HS codes and values from customs declarations",
        "logistics",
    ),
    (
        "ACORD Form Classifier",
        "0.7.0",
        "priya.nair",
        "priya.nair",
        "ACTIVE",
        "PENDING_REVIEW",
        "Identifies ACORD 25, 125 and 140 forms",
        "insurance",
    ),
    (
        "Insurance Certificate Check",
        "1.3.0",
        "IB_DEPLOYED",
        "priya.nair",
        "ACTIVE",
        "PUBLIC",
        "Validates coverage limits on certificates of insurance",
        "insurance",
    ),
    (
        "Driver License Reader",
        "2.0.1",
        "IB_DEPLOYED",
        "li.wei",
        "ACTIVE",
        "PUBLIC",
        "Name, number and expiry from driver licenses",
        "compliance",
    ),
    (
        "Freight Invoice Audit",
        "0.9.1",
        "sam.okafor",
        "sam.okafor",
        "ACTIVE",
        "PRIVATE",
        "Compares freight invoices with contracted rates",
        "logistics",
    ),
];

/// 2024-01-15 00:00:00 UTC, in milliseconds: the first solution's creation.
const CATALOG_START_MS: i64 = 1_705_276_800_000;
/// 2025-03-01 00:00:00 UTC, in nanoseconds: the first job of the history.
const HISTORY_START_NS: u128 = 1_740_787_200_000_000_000;
const SECOND_NS: u128 = 1_000_000_000;

pub fn slug(name: &str) -> String {
    name.to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

pub fn build(seed: u64) -> Store {
    let mut rng = Rng::new(seed);
    let mut solutions = Vec::new();
    for (i, (name, version, owner, author, state, visibility, summary, tag)) in
        CATALOG.into_iter().enumerate()
    {
        let created = CATALOG_START_MS + i as i64 * 9 * 86_400_000 + rng.below(86_400_000) as i64;
        let updated = created + rng.below(30 * 86_400_000) as i64;
        let space = if owner == "IB_DEPLOYED" {
            "ib_solutions/deployed".to_string()
        } else {
            format!("{owner}/solutions")
        };
        let s = slug(name);
        solutions.push(Solution {
            id: rng.uuid(),
            name: name.into(),
            version: version.into(),
            owner: owner.into(),
            created_ms: created,
            updated_ms: updated,
            summary: summary.into(),
            description: format!(
                "{summary}. Built as a flow binary ({s}.ibflowbin) and packaged as an .ibsolution; \
                 reviewed by {author}. Input: a folder of PDF, TIFF or image files. Output: one \
                 JSON record per document plus a summary CSV."
            ),
            state: state.into(),
            author: author.into(),
            metadata: json!({
                "authors": [author],
                "solution_type": "ibflowbin",
                "tags": [tag],
                "flow": format!("{s}.ibflow"),
            })
            .to_string(),
            solution_path: format!(
                "{space}/fs/Instabase Drive/solutions/{s}/{version}/{s}.ibsolution"
            ),
            visibility: visibility.into(),
            available_from_ns: 0,
            deleted_from_ns: None,
        });
    }
    let mut jobs = Vec::new();
    let mut start = HISTORY_START_NS;
    for n in 0..90u64 {
        start += (3_600 + u128::from(rng.below(9 * 3_600))) * SECOND_NS;
        let sol = &solutions[rng.below(solutions.len() as u64) as usize];
        let user = USERS[rng.below(USERS.len() as u64) as usize];
        let roll = rng.below(100);
        let (outcome, message) = match roll {
            0..=69 => ("COMPLETE", "Completed single_flow".to_string()),
            70..=84 => (
                "FAILED",
                "Failed single_flow: 2 of 14 documents could not be classified".to_string(),
            ),
            85..=92 => ("CANCELLED", format!("Cancelled by {user}")),
            _ => (
                "STOPPED_AT_CHECKPOINT",
                "Stopped at checkpoint: review_extractions".to_string(),
            ),
        };
        let duration =
            (5 + u128::from(rng.below(20 * 60))) * SECOND_NS + u128::from(rng.below(1_000_000_000));
        let space = if n % 4 == 0 { "shared" } else { "projects" };
        let input = format!(
            "{user}/{space}/fs/Instabase Drive/{}/input/batch-{:03}",
            slug(&sol.name),
            n + 1
        );
        jobs.push(Job {
            id: rng.uuid(),
            username: user.into(),
            kind: JobKind::Run,
            solution_id: sol.id.clone(),
            name: sol.name.clone(),
            version: sol.version.clone(),
            owner: sol.owner.clone(),
            start_ns: start,
            duration_ns: duration,
            outcome,
            running_message: "Running single_flow".into(),
            message,
            output_folder: format!("{input}/out"),
            metadata: json!({
                "solution_name": sol.name, "solution_version": sol.version, "owner": sol.owner,
                "username": user, "input_dir": input,
            })
            .to_string(),
        });
    }
    Store {
        rng,
        solutions,
        jobs,
    }
}
