//! Deployed Solutions: the nine documented operations, as a client sees them.

mod common;

use axum::Router;
use common::{emulator, send, Answer};
use serde_json::{json, Value};

const AUTH: [(&str, &str); 1] = [("Authorization", "Bearer solutions-demo-token")];
const BASE: &str = "/api/solutions/api/v2/solutions/deployed";

async fn call(app: &Router, method: &str, path: &str, body: Option<Value>) -> Answer {
    let body = body.map(|b| b.to_string());
    // The document's examples send JSON without a Content-Type (X5).
    send(
        app,
        method,
        &format!("{BASE}{path}"),
        &AUTH,
        body.as_deref(),
    )
    .await
}

async fn ok(app: &Router, method: &str, path: &str, body: Option<Value>) -> Value {
    let a = call(app, method, path, body).await;
    assert_eq!(a.status, 200, "{method} {path}: {}", a.text);
    a.json()
}

async fn error(app: &Router, method: &str, path: &str, body: Option<Value>, status: u16) -> String {
    let a = call(app, method, path, body).await;
    assert_eq!(a.status, status, "{method} {path}: {}", a.text);
    let v = a.json();
    assert_eq!(v["status"], "ERROR");
    v["msg"].as_str().expect("an error message").to_string()
}

fn names(list: &Value) -> Vec<String> {
    list["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["name"].as_str().unwrap(),
                s["version"].as_str().unwrap()
            )
        })
        .collect()
}

async fn solution_id(app: &Router, name: &str, version: &str, owner: &str) -> String {
    let list = ok(
        app,
        "GET",
        &format!("?name={}&owner={owner}&limit=100", name.replace(' ', "%20")),
        None,
    )
    .await;
    list["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["version"] == version)
        .unwrap_or_else(|| panic!("{name} {version} of {owner} in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn job(app: &Router, job_id: &str) -> Value {
    let jobs = ok(app, "GET", &format!("/jobs?job_id={job_id}"), None).await;
    let list = jobs["jobs"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{jobs}");
    list[0].clone()
}

#[tokio::test]
async fn the_catalog_pages_with_one_element_lists() {
    let app = emulator();
    let first = ok(&app, "GET", "", None).await;
    assert_eq!(first["has_more"], json!([true]));
    assert_eq!(first["next_offset"], json!([20]));
    assert_eq!(first["solutions"].as_array().unwrap().len(), 20);
    let rest = ok(&app, "GET", "?offset=20", None).await;
    assert_eq!(rest["has_more"], json!([false]));
    assert_eq!(rest["next_offset"], json!([-1]));
    let all = ok(&app, "GET", "?limit=100", None).await;
    let mut both = names(&first);
    both.extend(names(&rest));
    assert_eq!(both, names(&all));
    assert_eq!(both.len(), 30);
    let small = ok(&app, "GET", "?limit=7&offset=14", None).await;
    assert_eq!(names(&small), names(&all)[14..21]);
    assert_eq!(small["next_offset"], json!([21]));

    // S2's schema: no description or metadata, solution_path present, times in epoch ms.
    let s = &all["solutions"][0];
    for key in [
        "id",
        "name",
        "version",
        "owner",
        "summary",
        "state",
        "author",
        "solution_path",
    ] {
        assert!(s[key].is_string(), "{key} in {s}");
    }
    assert!(s["createdAtMs"].as_i64().unwrap() > 1_700_000_000_000);
    assert!(s["updatedAtMs"].as_i64().unwrap() >= s["createdAtMs"].as_i64().unwrap());
    assert!(s.get("metadata").is_none() && s.get("description").is_none());

    for bad in ["?limit=0", "?limit=abc", "?offset=-1"] {
        let msg = error(&app, "GET", bad, None, 400).await;
        assert!(msg.contains("must be an integer"), "{msg}");
    }
}

#[tokio::test]
async fn the_catalog_filters_by_every_documented_field() {
    let app = emulator();
    let all = ok(&app, "GET", "?limit=500", None).await;
    let every = all["solutions"].as_array().unwrap().clone();
    let check = |query: &'static str, keep: fn(&Value) -> bool| {
        let app = app.clone();
        let every = every.clone();
        async move {
            let got = ok(&app, "GET", &format!("?limit=500&{query}"), None).await;
            let want: Vec<Value> = every.iter().filter(|s| keep(s)).cloned().collect();
            assert!(!want.is_empty(), "{query} selects nothing");
            assert!(want.len() < every.len(), "{query} selects everything");
            assert_eq!(got["solutions"], json!(want), "{query}");
        }
    };
    check("state=INACTIVE", |s| s["state"] == "INACTIVE").await;
    check("name=Invoice%20Extraction", |s| {
        s["name"] == "Invoice Extraction"
    })
    .await;
    check("author=li.wei", |s| s["author"] == "li.wei").await;
    check("owner=IB_DEPLOYED", |s| s["owner"] == "IB_DEPLOYED").await;
    check("owner=jaydoe&state=ACTIVE", |s| {
        s["owner"] == "jaydoe" && s["state"] == "ACTIVE"
    })
    .await;

    // Visibility is a filter but not a field of the solution objects (Q69).
    let pending = ok(&app, "GET", "?visibility=PENDING_REVIEW", None).await;
    assert_eq!(
        names(&pending),
        [
            "ACORD Form Classifier 0.7.0",
            "Loan Application Review 1.0.0",
            "Payslip Extraction 1.0.0"
        ]
    );
    let public = ok(&app, "GET", "?visibility=PUBLIC&limit=100", None).await;
    assert!(public["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner"] == "IB_DEPLOYED"));
    let private = ok(&app, "GET", "?visibility=PRIVATE&limit=100", None).await;
    assert!(private["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["owner"] != "IB_DEPLOYED"));

    // The name filter is an exact match.
    let partial = ok(&app, "GET", "?name=Invoice", None).await;
    assert_eq!(partial["solutions"], json!([]));
    assert_eq!(partial["has_more"], json!([false]));

    let msg = error(&app, "GET", "?state=RUNNING", None, 400).await;
    assert!(msg.contains("ACTIVE, INACTIVE"), "{msg}");
    error(&app, "GET", "?visibility=public", None, 400).await;
}

#[tokio::test]
async fn a_solution_has_its_details_and_metadata_as_a_json_string() {
    let app = emulator();
    let id = solution_id(&app, "Invoice Extraction", "1.4.0", "IB_DEPLOYED").await;
    let one = ok(&app, "GET", &format!("/{id}"), None).await;
    let s = &one["solution"];
    assert_eq!(s["id"], id.as_str());
    assert_eq!(s["author"], "maria.lopez");
    assert!(s["description"].as_str().unwrap().len() > s["summary"].as_str().unwrap().len());
    assert!(s["solution_path"]
        .as_str()
        .unwrap()
        .ends_with(".ibsolution"));
    let meta: Value = serde_json::from_str(s["metadata"].as_str().unwrap()).unwrap();
    assert_eq!(meta["authors"], json!(["maria.lopez"]));

    let msg = error(&app, "GET", "/no-such-uuid", None, 404).await;
    assert!(msg.contains("no-such-uuid"));
}

#[tokio::test]
async fn state_and_visibility_change_through_the_query_string() {
    let app = emulator();
    let id = solution_id(&app, "Receipt Reader", "0.4.0", "IB_DEPLOYED").await;
    let before = ok(&app, "GET", &format!("/{id}"), None).await["solution"].clone();
    let patched = ok(
        &app,
        "PATCH",
        &format!("/{id}?visibility=PRIVATE&state=INACTIVE"),
        None,
    )
    .await;
    let s = &patched["solution"];
    assert_eq!(s["state"], "INACTIVE");
    assert!(s["updatedAtMs"].as_i64() > before["updatedAtMs"].as_i64());
    // S7's schema has no solution_path and no visibility.
    assert!(s.get("solution_path").is_none() && s.get("visibility").is_none());
    assert_eq!(s["metadata"], before["metadata"]);

    let private = ok(
        &app,
        "GET",
        "?visibility=PRIVATE&name=Receipt%20Reader",
        None,
    )
    .await;
    assert_eq!(names(&private), ["Receipt Reader 0.4.0"]);
    let detail = ok(&app, "GET", &format!("/{id}"), None).await;
    assert_eq!(detail["solution"]["state"], "INACTIVE");

    // A JSON body is accepted as well (Q74).
    let back = ok(
        &app,
        "PATCH",
        &format!("/{id}"),
        Some(json!({"state": "ACTIVE"})),
    )
    .await;
    assert_eq!(back["solution"]["state"], "ACTIVE");

    let msg = error(&app, "PATCH", &format!("/{id}"), None, 400).await;
    assert!(msg.contains("state and/or visibility"), "{msg}");
    error(
        &app,
        "PATCH",
        &format!("/{id}?visibility=SECRET"),
        None,
        400,
    )
    .await;
    error(&app, "PATCH", "/nope?state=ACTIVE", None, 404).await;
}

#[tokio::test]
async fn a_run_creates_a_running_job_with_nanosecond_strings() {
    let app = emulator();
    let id = solution_id(&app, "Bank Statement Parser", "2.1.0", "IB_DEPLOYED").await;
    let body = json!({
        "input_dir": "jaydoe/my_repo/fs/Instabase Drive/proj/data/input",
        "job_id": "nightly-statements-0001",
        "settings": {"delete_out_dir": false, "output_has_run_id": true, "notification_emails": ["me@domain.com"]},
    });
    let started = ok(&app, "POST", &format!("/{id}/run"), Some(body)).await;
    assert_eq!(started, json!({"job_id": "nightly-statements-0001"}));

    let j = job(&app, "nightly-statements-0001").await;
    assert_eq!(j["state"], "RUNNING");
    assert_eq!(j["jobType"], "FLOW");
    assert_eq!(j["deployedSolutionId"], id.as_str());
    let start: u128 = j["startTimeNs"].as_str().unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    assert!(
        start <= now && now - start < 60_000_000_000,
        "{start} vs {now}"
    );
    assert!(j["timeTakenNs"].as_str().unwrap().parse::<u128>().is_ok());
    assert!(j.get("completionTimeNs").is_none(), "{j}");
    assert_eq!(
        j["outputFolder"],
        "jaydoe/my_repo/fs/Instabase Drive/proj/data/input/out/nightly-statements-0001"
    );
    let meta: Value = serde_json::from_str(j["metadata"].as_str().unwrap()).unwrap();
    assert_eq!(
        meta["settings"]["notification_emails"],
        json!(["me@domain.com"])
    );
    assert_eq!(
        j["accountId"],
        job(&app, "nightly-statements-0001").await["accountId"]
    );

    // The same job in the solution's own list.
    let mine = ok(
        &app,
        "GET",
        &format!("/{id}/jobs?job_id=nightly-statements-0001"),
        None,
    )
    .await;
    assert_eq!(field(&jobs_of(&mine), "id"), ["nightly-statements-0001"]);
    assert_eq!(mine["jobs"][0]["startTimeNs"], j["startTimeNs"]);

    // A generated id when none is given.
    let gen = ok(
        &app,
        "POST",
        &format!("/{id}/run"),
        Some(json!({"input_dir": "jaydoe/x/fs/in"})),
    )
    .await;
    let gen_id = gen["job_id"].as_str().unwrap();
    assert!(!gen_id.is_empty() && gen_id.len() <= 50);
    assert_eq!(
        job(&app, gen_id).await["outputFolder"],
        "jaydoe/x/fs/in/out"
    );
}

#[tokio::test]
async fn runs_are_validated() {
    let app = emulator();
    let id = solution_id(&app, "Claims Intake", "1.0.0", "IB_DEPLOYED").await;
    let run = format!("/{id}/run");
    let msg = error(&app, "POST", &run, Some(json!({"settings": {}})), 400).await;
    assert!(msg.contains("input_dir"), "{msg}");
    let long = "x".repeat(51);
    let msg = error(
        &app,
        "POST",
        &run,
        Some(json!({"input_dir": "a/b/fs/in", "job_id": long})),
        400,
    )
    .await;
    assert!(msg.contains("50 characters"), "{msg}");
    ok(
        &app,
        "POST",
        &run,
        Some(json!({"input_dir": "a/b/fs/in", "job_id": "y".repeat(50)})),
    )
    .await;
    let msg = error(
        &app,
        "POST",
        &run,
        Some(json!({"input_dir": "a/b/fs/in", "job_id": "y".repeat(50)})),
        400,
    )
    .await;
    assert!(msg.contains("already used"), "{msg}");
    let msg = error(
        &app,
        "POST",
        &run,
        Some(json!({"input_dir": "a/b", "settings": {"notification_emails": ["not-an-address"]}})),
        400,
    )
    .await;
    assert!(msg.contains("notification_emails"), "{msg}");
    error(
        &app,
        "POST",
        &run,
        Some(json!({"input_dir": "a/b", "settings": "fast"})),
        400,
    )
    .await;
    let raw = send(
        &app,
        "POST",
        &format!("{BASE}{run}"),
        &AUTH,
        Some("input_dir=a"),
    )
    .await;
    assert_eq!(raw.status, 400);

    let inactive = solution_id(&app, "Claims Intake", "0.9.0", "IB_DEPLOYED").await;
    let msg = error(
        &app,
        "POST",
        &format!("/{inactive}/run"),
        Some(json!({"input_dir": "a/b"})),
        400,
    )
    .await;
    assert!(msg.contains("INACTIVE"), "{msg}");
    error(
        &app,
        "POST",
        "/missing/run",
        Some(json!({"input_dir": "a/b"})),
        404,
    )
    .await;
}

#[tokio::test]
async fn run_by_name_defaults_to_ib_deployed_and_the_latest_version() {
    let app = emulator();
    let solution_of = |job_id: String| {
        let app = app.clone();
        async move {
            job(&app, &job_id).await["deployedSolutionId"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let started = ok(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Invoice Extraction", "input_dir": "jaydoe/r/fs/in"})),
    )
    .await;
    let latest_public = solution_id(&app, "Invoice Extraction", "1.4.0", "IB_DEPLOYED").await;
    assert_eq!(
        solution_of(started["job_id"].as_str().unwrap().into()).await,
        latest_public
    );

    let pinned = ok(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Invoice Extraction", "version": "1.3.0", "input_dir": "a/b"})),
    )
    .await;
    let v130 = solution_id(&app, "Invoice Extraction", "1.3.0", "IB_DEPLOYED").await;
    assert_eq!(
        solution_of(pinned["job_id"].as_str().unwrap().into()).await,
        v130
    );

    let owned = ok(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Invoice Extraction", "owner": "maria.lopez", "input_dir": "a/b"})),
    )
    .await;
    let beta = solution_id(&app, "Invoice Extraction", "1.5.0-beta", "maria.lopez").await;
    assert_eq!(
        solution_of(owned["job_id"].as_str().unwrap().into()).await,
        beta
    );

    let msg = error(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Contract Clause Finder", "input_dir": "a/b"})),
        404,
    )
    .await;
    assert!(msg.contains("IB_DEPLOYED"), "{msg}");
    error(&app, "POST", "/run", Some(json!({"input_dir": "a/b"})), 400).await;
    let msg = error(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Invoice Extraction", "input_dir": "a/b", "job_id": "z".repeat(51)})),
        400,
    )
    .await;
    assert!(msg.contains("50 characters"));
}

#[tokio::test]
async fn deploy_starts_an_async_job_and_the_solution_appears_when_it_completes() {
    let app = emulator();
    let path = "jaydoe/my_repo/fs/Instabase Drive/build/Lease Abstraction-0.7.0.ibsolution";
    let started = ok(&app, "POST", "", Some(json!({"solution_path": path}))).await;
    let j = job(&app, started["job_id"].as_str().unwrap()).await;
    assert_eq!(j["state"], "RUNNING");
    assert_eq!(j["jobType"], "async");
    // Not in the catalog until the deploy job completes.
    let listed = ok(&app, "GET", "?name=Lease%20Abstraction&limit=100", None).await;
    assert_eq!(names(&listed), ["Lease Abstraction 0.6.0"]);

    let msg = error(&app, "POST", "", Some(json!({})), 400).await;
    assert!(msg.contains("solution_path"), "{msg}");
    let msg = error(
        &app,
        "POST",
        "",
        Some(json!({"solution_path": "a/b/flow.ibflowbin"})),
        400,
    )
    .await;
    assert!(msg.contains(".ibsolution"), "{msg}");
}

#[tokio::test]
async fn delete_starts_an_async_job_and_cannot_be_repeated_meanwhile() {
    let app = emulator();
    let id = solution_id(&app, "Freight Invoice Audit", "0.9.1", "sam.okafor").await;
    let started = ok(&app, "DELETE", &format!("/{id}"), None).await;
    let job_id = started["job_id"].as_str().unwrap();
    let j = job(&app, job_id).await;
    assert_eq!(
        (j["state"].as_str(), j["jobType"].as_str()),
        (Some("RUNNING"), Some("async"))
    );
    assert_eq!(j["deployedSolutionId"], id.as_str());
    // Still there while the deletion job runs; a second deletion is refused.
    ok(&app, "GET", &format!("/{id}"), None).await;
    error(&app, "DELETE", &format!("/{id}"), None, 409).await;
    error(&app, "DELETE", "/nope", None, 404).await;
}

fn jobs_of(v: &Value) -> Vec<Value> {
    v["jobs"].as_array().unwrap().clone()
}

fn field(jobs: &[Value], key: &str) -> Vec<String> {
    jobs.iter()
        .map(|j| j[key].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn jobs_filter_sort_and_page() {
    let app = emulator();
    let all = jobs_of(&ok(&app, "GET", "/jobs?limit=500", None).await);
    assert!(all.len() >= 80, "{}", all.len());
    // Default: newest first, 20 per page.
    let first = jobs_of(&ok(&app, "GET", "/jobs", None).await);
    assert_eq!(first, all[..20]);
    let starts: Vec<u128> = all
        .iter()
        .map(|j| j["startTimeNs"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]));
    let page = jobs_of(&ok(&app, "GET", "/jobs?limit=15&offset=30", None).await);
    assert_eq!(page, all[30..45]);
    let asc = jobs_of(&ok(&app, "GET", "/jobs?limit=500&order=ASCENDING", None).await);
    assert_eq!(
        field(&asc, "id"),
        field(&all, "id").into_iter().rev().collect::<Vec<_>>()
    );

    // Multi-valued filters are repeated keys.
    let two = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&state=FAILED&state=CANCELLED",
            None,
        )
        .await,
    );
    let want: Vec<Value> = all
        .iter()
        .filter(|j| j["state"] == "FAILED" || j["state"] == "CANCELLED")
        .cloned()
        .collect();
    assert!(!want.is_empty() && want.len() < all.len());
    assert_eq!(two, want);
    let ids = field(&all[3..6], "id");
    let picked = jobs_of(
        &ok(
            &app,
            "GET",
            &format!(
                "/jobs?job_id={}&job_id={}&job_id={}",
                ids[0], ids[1], ids[2]
            ),
            None,
        )
        .await,
    );
    assert_eq!(field(&picked, "id"), ids);

    let sol_a = all[0]["deployedSolutionId"].as_str().unwrap();
    let sol_b = all
        .iter()
        .map(|j| j["deployedSolutionId"].as_str().unwrap())
        .find(|s| *s != sol_a)
        .unwrap();
    let by_sol = jobs_of(
        &ok(
            &app,
            "GET",
            &format!("/jobs?limit=500&solution_id={sol_a}&solution_id={sol_b}"),
            None,
        )
        .await,
    );
    let want: Vec<Value> = all
        .iter()
        .filter(|j| j["deployedSolutionId"] == sol_a || j["deployedSolutionId"] == sol_b)
        .cloned()
        .collect();
    assert_eq!(by_sol, want);

    // Sorting by time taken is numeric, not textual.
    let by_time = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&sort_by=timeTakenNs&order=ASCENDING",
            None,
        )
        .await,
    );
    let taken: Vec<u128> = by_time
        .iter()
        .map(|j| j["timeTakenNs"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(taken.windows(2).all(|w| w[0] <= w[1]));
    let by_state = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&sort_by=state&order=ASCENDING",
            None,
        )
        .await,
    );
    let states = field(&by_state, "state");
    assert!(states.windows(2).all(|w| w[0] <= w[1]), "{states:?}");

    for bad in [
        "/jobs?sort_by=size",
        "/jobs?order=UP",
        "/jobs?state=DONE",
        "/jobs?output_repo=nospace",
        "/jobs?limit=0",
    ] {
        error(&app, "GET", bad, None, 400).await;
    }
}

#[tokio::test]
async fn jobs_filter_by_user_owner_name_and_output_repo() {
    let app = emulator();
    let id = solution_id(&app, "KYC Document Check", "3.2.1", "IB_DEPLOYED").await;
    let mine = ok(
        &app,
        "POST",
        &format!("/{id}/run"),
        Some(json!({"input_dir": "jaydoe/kyc_space/fs/in"})),
    )
    .await;
    let mine = mine["job_id"].as_str().unwrap().to_string();

    let in_repo = jobs_of(&ok(&app, "GET", "/jobs?output_repo=jaydoe/kyc_space", None).await);
    assert_eq!(field(&in_repo, "id"), std::slice::from_ref(&mine));
    let by_name = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&name=KYC%20Document%20Check",
            None,
        )
        .await,
    );
    assert!(by_name
        .iter()
        .all(|j| j["deployedSolutionId"] == id.as_str()));
    assert!(field(&by_name, "id").contains(&mine));

    let users = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&user=li.wei&user=sam.okafor",
            None,
        )
        .await,
    );
    let li = jobs_of(&ok(&app, "GET", "/jobs?limit=500&user=li.wei", None).await);
    let sam = jobs_of(&ok(&app, "GET", "/jobs?limit=500&user=sam.okafor", None).await);
    assert!(!li.is_empty() && !sam.is_empty());
    assert_eq!(users.len(), li.len() + sam.len());
    let accounts: std::collections::BTreeSet<String> =
        field(&li, "accountId").into_iter().collect();
    assert_eq!(accounts.len(), 1, "one account per user");

    let owned = jobs_of(
        &ok(
            &app,
            "GET",
            "/jobs?limit=500&owner=maria.lopez&owner=jaydoe",
            None,
        )
        .await,
    );
    let all = jobs_of(&ok(&app, "GET", "/jobs?limit=500", None).await);
    assert!(!owned.is_empty() && owned.len() < all.len());
    for j in &owned {
        let s = ok(
            &app,
            "GET",
            &format!("/{}", j["deployedSolutionId"].as_str().unwrap()),
            None,
        )
        .await;
        let owner = s["solution"]["owner"].as_str().unwrap();
        assert!(owner == "maria.lopez" || owner == "jaydoe", "{owner}");
    }

    // One solution's jobs: only that solution's, with the documented filters.
    let one = jobs_of(&ok(&app, "GET", &format!("/{id}/jobs?limit=500"), None).await);
    assert_eq!(field(&one, "id"), field(&by_name, "id"));
    let one_running = jobs_of(
        &ok(
            &app,
            "GET",
            &format!("/{id}/jobs?state=RUNNING&user=jaydoe"),
            None,
        )
        .await,
    );
    assert_eq!(field(&one_running, "id"), [mine]);
    error(&app, "GET", "/nope/jobs", None, 404).await;
}

#[tokio::test]
async fn literal_routes_win_and_are_tallied_as_their_own_operations() {
    let app = emulator();
    let jobs = ok(&app, "GET", "/jobs?limit=1", None).await;
    assert!(jobs["jobs"].is_array());
    ok(
        &app,
        "POST",
        "/run",
        Some(json!({"name": "Receipt Reader", "input_dir": "a/b"})),
    )
    .await;
    assert_eq!(call(&app, "DELETE", "/run", None).await.status, 405);
    let tally = send(&app, "GET", "/__emulator/coverage", &[], None)
        .await
        .json();
    let hits = |method: &str, route: &str| {
        tally["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["api"] == "solutions" && o["method"] == method && o["route"] == route)
            .unwrap_or_else(|| panic!("{method} {route}"))["hits"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(hits("GET", "/api/v2/solutions/deployed/jobs"), 1);
    assert_eq!(hits("POST", "/api/v2/solutions/deployed/run"), 1);
    assert_eq!(hits("GET", "/api/v2/solutions/deployed/{solution_uuid}"), 0);
    assert_eq!(
        hits("POST", "/api/v2/solutions/deployed/{solution_uuid}/run"),
        0
    );
}
