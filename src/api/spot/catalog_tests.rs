//! The client core against the generated facts: every one of the 342 operations builds the
//! request its document describes, and every body template passes its own schema.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::builder::{build, check_scalar, Inputs};
use super::catalog::{op_docs, AccountUse, Catalog, Now, Place};
use super::envelope;
use super::schema::{template, validate};
use crate::api::{ApiError, ApiKind, Method, Response};

const CATALOG: &str = include_str!("../../../data/spot/catalog.json");
const FACTS: &str = include_str!("../../../data/spot/facts.json");

fn catalog() -> Catalog {
    Catalog::parse(CATALOG).expect("the generated catalog reads")
}

/// Tests have no browser: patterns are checked with the one pattern the bodies use, by hand.
fn re(pattern: &str, value: &str) -> Option<bool> {
    (pattern == r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$").then(|| {
        value.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
    })
}

/// A value of a parameter's declared type.
fn sample(kind: &str, format: Option<&str>, choices: &[String]) -> String {
    if let Some(c) = choices.first() {
        return c.clone();
    }
    match (kind, format) {
        (_, Some("date-time")) => "2021-11-01T00:00:00.000Z".into(),
        ("integer" | "number", _) => "1".into(),
        ("boolean", _) => "true".into(),
        _ => "x-1".into(),
    }
}

#[test]
fn every_operation_builds_the_documented_request() {
    let cat = catalog();
    let facts: Value = serde_json::from_str(FACTS).unwrap();
    let facts = facts["ops"].as_array().unwrap();
    assert_eq!(cat.ops.len(), 342);
    assert_eq!(facts.len(), 342);
    for f in facts {
        let slug = f["slug"].as_str().unwrap();
        let op = cat.op(slug).unwrap_or_else(|| panic!("{slug} missing"));
        assert_eq!(op.method.as_str(), f["method"].as_str().unwrap(), "{slug}");
        let mut inputs = Inputs::default();
        for p in &op.params {
            let v = sample(&p.kind, p.format.as_deref(), &p.choices);
            match p.place {
                Place::Path => inputs
                    .path
                    .insert(p.name.clone(), format!("{v}/{}", p.name)),
                Place::Query if p.required && p.name != "accountId" => {
                    inputs.query.insert(p.name.clone(), v)
                }
                Place::Query => None,
            };
        }
        inputs.body = op.body.as_ref().map(|b| fill(template(&cat, b)));
        let req = build(&cat, op, &inputs, Some("act-1a2b3c4d"), &re)
            .unwrap_or_else(|e| panic!("{slug}: {e:#?}"));
        // The path: each parameter in its place, encoded (a slash in a value stays inside its segment).
        let mut expected = f["path"].as_str().unwrap().to_string();
        for name in f["pathParams"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let value = inputs.path[name].replace('/', "%2F");
            expected = expected.replace(&format!("{{{name}}}"), &value);
        }
        assert_eq!(req.path, expected, "{slug}");
        // accountId exactly where the operation takes it; every required query parameter present.
        let query: BTreeMap<&str, &str> = req
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match f["accountId"].as_str().unwrap() {
            "none" => assert!(
                !query.contains_key("accountId"),
                "{slug}: accountId on an organization call"
            ),
            _ => assert_eq!(query.get("accountId"), Some(&"act-1a2b3c4d"), "{slug}"),
        }
        for q in f["query"].as_array().unwrap() {
            if q["required"] == true {
                assert!(
                    query.contains_key(q["name"].as_str().unwrap()),
                    "{slug}: {q}"
                );
            }
        }
        // Never a body on GET; every other documented body is sent as JSON.
        let has_body = !matches!(req.body, crate::api::Body::Empty);
        assert_eq!(
            has_body,
            f["body"] == true && op.method != Method::Get,
            "{slug}"
        );
    }
}

/// Empty text filled in, as an operator would before sending.
fn fill(v: Value) -> Value {
    match v {
        Value::String(s) if s.is_empty() => json!("demo-1"),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, fill(v))).collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(fill).collect()),
        other => other,
    }
}

#[test]
fn every_body_template_passes_its_own_schema() {
    let cat = catalog();
    let mut bodies = 0;
    for op in &cat.ops {
        let Some(schema) = &op.body else { continue };
        bodies += 1;
        // The template leaves text empty for the operator; filled as one would, it passes.
        let t = fill(template(&cat, schema));
        let mut errors = Vec::new();
        validate(&cat, schema, &t, "body:", &re, &mut errors);
        assert!(errors.is_empty(), "{}: {t} → {errors:#?}", op.slug);
    }
    assert_eq!(bodies, 138);
}

#[test]
fn problems_are_named_by_field_before_sending() {
    let cat = catalog();
    let op = cat.op("elastigroup-aws/create-elastigroup").unwrap();
    let body = json!({"group": {"name": "web", "capacity": {"target": "three", "minimum": 1, "maximum": 2, "unit": "gallons"}}});
    let inputs = Inputs {
        body: Some(body),
        ..Inputs::default()
    };
    let errors = build(&cat, op, &inputs, None, &re).unwrap_err();
    let said: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_ref(), e.message.as_str()))
        .collect();
    assert!(
        said.contains(&(
            "query:accountId",
            "Choose a Spot account: this operation acts within one."
        )),
        "{said:?}"
    );
    assert!(
        said.contains(&(
            "body:group.capacity.target",
            "group.capacity.target must be a whole number."
        )),
        "{said:?}"
    );
    assert!(
        said.contains(&(
            "body:group.capacity.unit",
            "group.capacity.unit must be one of: instance, weight."
        )),
        "{said:?}"
    );

    // Required path parameters and typed query parameters.
    let op = cat.op("elastigroup-aws/get-elastilog").unwrap();
    let mut inputs = Inputs::default();
    inputs.query.insert("fromDate".into(), "2021-11-01".into());
    let errors = build(&cat, op, &inputs, Some("act-1"), &re).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
    assert_eq!(fields, ["path:groupId", "query:toDate"]);
    assert_eq!(
        check_scalar("integer", None, &[], Some(1.0), None, "0").as_deref(),
        Some("must be at least 1.")
    );
    assert_eq!(
        check_scalar("boolean", None, &[], None, None, "yes").as_deref(),
        Some("must be true or false.")
    );
}

#[test]
fn account_use_and_todays_api_are_told_per_operation() {
    let cat = catalog();
    assert_eq!(
        cat.op("accounts/list-accounts").unwrap().account(),
        AccountUse::Independent
    );
    assert_eq!(
        cat.op("elastigroup-aws/create-elastigroup")
            .unwrap()
            .account(),
        AccountUse::Required
    );
    assert_eq!(cat.sections.len(), 20);
    let gone = cat.op("organizations/get-all-programmatic-users").unwrap();
    assert_eq!(
        gone.now,
        Now::Gone {
            left: Some("2022-06".into()),
            successor: Some("GET /setup/organization/user".into())
        }
    );
    let destructive = cat.ops.iter().filter(|o| o.destructive).count();
    assert_eq!(destructive, 67);
    let get_with_body: Vec<&str> = cat
        .ops
        .iter()
        .filter(|o| o.body_on_get())
        .map(|o| o.slug.as_str())
        .collect();
    assert_eq!(get_with_body.len(), 2, "{get_with_body:?}");
}

#[test]
fn answers_are_read_whatever_their_shape() {
    let ok = Response {
        status: 200,
        content_type: Some("application/json".into()),
        body: br#"{"request":{"id":"r-1"},"response":{"status":{"code":200,"message":"OK"},
            "kind":"spotinst:aws:ec2:group","count":"2","items":[{"id":"sig-1"},{"id":"sig-2"}]}}"#
            .to_vec(),
    };
    let a = envelope::read(&ok);
    assert_eq!(
        (a.request_id.as_deref(), a.kind.as_deref(), a.count),
        (Some("r-1"), Some("spotinst:aws:ec2:group"), Some(2))
    );
    assert_eq!(a.items.unwrap().len(), 2);
    let refused = Response {
        status: 400,
        content_type: None,
        body: br#"{"response":{"status":{"code":400},"errors":[{"code":"ValidationError","message":"bad","field":"body:launchSpec"},{"nope":1}]}}"#.to_vec(),
    };
    let a = envelope::read(&refused);
    assert_eq!(a.errors.len(), 1);
    assert_eq!(a.errors[0].field.as_deref(), Some("body:launchSpec"));
    let text = Response {
        status: 200,
        content_type: Some("text/plain".into()),
        body: b"line 1\nline 2".to_vec(),
    };
    let a = envelope::read(&text);
    assert!(a.json.is_none() && a.text == "line 1\nline 2");
    assert!(envelope::decode(ApiKind::Spot, &text).is_ok());
    // JSON cut short is an error to say, not an answer without items.
    let cut = Response {
        status: 200,
        content_type: Some("application/json; charset=utf-8".into()),
        body: br#"{"response":{"count":1,"items":[{"id":"sig-"#.to_vec(),
    };
    assert!(matches!(
        envelope::decode(ApiKind::Spot, &cut),
        Err(ApiError::Decode {
            api: ApiKind::Spot,
            ..
        })
    ));
}

#[test]
fn path_parameters_are_offered_from_their_collections_list() {
    let cat = catalog();
    let list_for = |slug: &str, param: &str| {
        let op = cat.op(slug).unwrap_or_else(|| panic!("{slug}"));
        cat.list_for(op, param).map(|l| l.path.clone())
    };
    assert_eq!(
        list_for("elastigroup-aws/delete-elastigroup", "groupId").as_deref(),
        Some("/aws/ec2/group")
    );
    let scale = cat
        .ops
        .iter()
        .find(|o| {
            o.path
                .starts_with("/ocean/aws/k8s/cluster/{oceanClusterId}/")
        })
        .unwrap();
    assert_eq!(
        cat.list_for(scale, "oceanClusterId")
            .map(|l| l.path.as_str()),
        Some("/ocean/aws/k8s/cluster")
    );
    // A parameter whose collection has no list operation is typed only.
    let instance = cat
        .ops
        .iter()
        .find(|o| o.path.starts_with("/aws/ec2/instance/{instanceId}"))
        .unwrap();
    assert_eq!(cat.list_for(instance, "instanceId"), None);
    // Most path parameters can be picked: every one whose collection is listed.
    let (mut offered, mut all) = (0, 0);
    for op in &cat.ops {
        for p in op.params.iter().filter(|p| p.place == Place::Path) {
            all += 1;
            if let Some(list) = cat.list_for(op, &p.name) {
                offered += 1;
                assert_eq!(list.method, Method::Get, "{}", op.slug);
                assert!(
                    op.path
                        .starts_with(&list.path[..list.path.find('{').unwrap_or(list.path.len())]),
                    "{} {}",
                    op.slug,
                    list.slug
                );
            }
        }
    }
    assert!(offered * 10 >= all * 8, "{offered} of {all}");
}

#[test]
fn each_operations_slice_opens_its_form_as_the_whole_catalog_does() {
    let cat = catalog();
    let slices = opsdeck_spot_catalog::slices(CATALOG).expect("the catalog cuts into slices");
    assert_eq!(slices.len(), cat.ops.len());
    for (slug, text) in slices {
        let slice = Catalog::parse(&text).expect("a slice reads as a catalog");
        let (op, whole) = (slice.op(&slug).unwrap(), cat.op(&slug).unwrap());
        assert_eq!(op, whole);
        assert_eq!(slice.sections, cat.sections);
        // The same lists to pick path parameters from, and the same body (every subtree kept).
        for p in op.params.iter().filter(|p| p.place == Place::Path) {
            assert_eq!(
                slice.list_for(op, &p.name).map(|l| &l.slug),
                cat.list_for(whole, &p.name).map(|l| &l.slug),
                "{slug} {}",
                p.name
            );
        }
        if let Some(body) = &op.body {
            assert_eq!(template(&slice, body), template(&cat, body), "{slug}");
        }
    }
}

#[test]
fn each_operations_documentation_slice_reads_as_the_whole_does() {
    let whole: Value =
        serde_json::from_str(include_str!("../../../data/spot/descriptions.json")).unwrap();
    let slices = opsdeck_spot_catalog::doc_slices(&whole.to_string()).expect("the lines cut");
    assert_eq!(slices.len(), catalog().ops.len());
    let mut said = 0;
    for (slug, text) in slices {
        let slice: Value = serde_json::from_str(&text).unwrap();
        let (part, all) = (op_docs(&slice, &slug), op_docs(&whole, &slug));
        said += usize::from(all.summary.is_some());
        assert_eq!(part, all, "{slug}");
    }
    assert!(said > 300, "only {said} operations have a line");
}
