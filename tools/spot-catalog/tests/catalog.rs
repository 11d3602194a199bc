//! The committed catalogs are what the generator writes, and they hold what the document holds.

use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn generated() -> Vec<opsdeck_spot_catalog::File> {
    opsdeck_spot_catalog::generate(
        &read(opsdeck_spot_catalog::SPEC),
        &read(opsdeck_spot_catalog::TABLE),
        &read(opsdeck_spot_catalog::OVERLAY),
    )
    .unwrap_or_else(|problems| panic!("{problems}"))
}

#[test]
fn committed_outputs_are_what_the_generator_writes() {
    for f in generated() {
        assert!(
            read(f.path) == f.text,
            "{} is stale: run `cargo run -p opsdeck-spot-catalog` and commit the result",
            f.path
        );
    }
}

#[test]
fn totals_match_the_document() {
    let facts: Value = serde_json::from_str(&read("data/spot/facts.json")).unwrap();
    let t = &facts["totals"];
    assert_eq!(t["operations"], 342, "documented operations");
    assert_eq!(
        t["endpoints"], 338,
        "distinct method and path in the document's era"
    );
    assert_eq!(t["routes"], 332, "routes a router can tell apart");
    assert_eq!(t["bodies"], 138, "operations with a JSON body");
    assert_eq!(t["destructive"], 67, "destructive operations");
}

#[test]
fn every_operation_is_addressable_and_complete() {
    let catalog: Value = serde_json::from_str(&read("data/spot/catalog.json")).unwrap();
    let sections = catalog["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 20);
    let ops = catalog["ops"].as_array().unwrap();
    let mut slugs = std::collections::BTreeSet::new();
    for op in ops {
        let slug = op["slug"].as_str().unwrap();
        assert!(slugs.insert(slug), "{slug} twice");
        assert!(op["section"].as_u64().unwrap() < 20);
        let path = op["path"].as_str().unwrap();
        // Every template variable is a declared, required path parameter, and no other is.
        let vars: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let declared: Vec<&str> = op["params"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["in"] == "path")
            .map(|p| {
                assert_eq!(p["required"], true, "{slug}: optional path parameter");
                p["name"].as_str().unwrap()
            })
            .collect();
        assert_eq!(vars, declared, "{slug}");
        assert!(["current", "moved", "gone"].contains(&op["now"]["status"].as_str().unwrap()));
    }
    assert_eq!(ops.len(), 342);
}

#[test]
fn bodies_use_valid_types_and_resolve() {
    let catalog: Value = serde_json::from_str(&read("data/spot/catalog.json")).unwrap();
    let defs = catalog["defs"].as_array().unwrap();
    fn walk(v: &Value, defs: &[Value], at: &str) {
        let Some(m) = v.as_object() else { return };
        if let Some(d) = m.get("$d") {
            let i = d.as_u64().unwrap() as usize;
            assert!(i < defs.len(), "{at}: dangling $d");
            return;
        }
        assert!(
            !m.contains_key("$ref") && !m.contains_key("allOf"),
            "{at}: unresolved"
        );
        if let Some(t) = m.get("type").and_then(Value::as_str) {
            assert!(
                ["string", "number", "integer", "boolean", "array", "object", "null"].contains(&t),
                "{at}: type {t}"
            );
        }
        if let Some(Value::Object(props)) = m.get("properties") {
            for (k, p) in props {
                walk(p, defs, &format!("{at}.{k}"));
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(c) = m.get(key) {
                walk(c, defs, &format!("{at}[{key}]"));
            }
        }
        for v in m
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(v, defs, &format!("{at}|"));
        }
    }
    let mut bodies = 0;
    for op in catalog["ops"].as_array().unwrap() {
        if let Some(b) = op.get("body") {
            bodies += 1;
            walk(b, defs, op["slug"].as_str().unwrap());
        }
    }
    for (i, d) in defs.iter().enumerate() {
        walk(d, defs, &format!("defs[{i}]"));
    }
    assert_eq!(bodies, 138);
}

#[test]
fn an_unrepaired_defect_or_a_useless_repair_stops_the_generator() {
    let spec = read(opsdeck_spot_catalog::SPEC);
    let table = read(opsdeck_spot_catalog::TABLE);
    let mut overlay: Value = serde_json::from_str(&read(opsdeck_spot_catalog::OVERLAY)).unwrap();
    // Without the double → number repair, the generator names the defect.
    overlay["type_names"].as_array_mut().unwrap().remove(0);
    let err = opsdeck_spot_catalog::generate(&spec, &table, &overlay.to_string())
        .err()
        .expect("a defect the overlay does not name must stop the generator");
    assert!(err.contains("invalid type name double"), "{err}");
    // A repair for something the spec does not have is reported as such.
    let mut overlay: Value = serde_json::from_str(&read(opsdeck_spot_catalog::OVERLAY)).unwrap();
    overlay["tuple_items"][0]["items"]
        .as_array_mut()
        .unwrap()
        .push("GET /nowhere".into());
    let err = opsdeck_spot_catalog::generate(&spec, &table, &overlay.to_string())
        .err()
        .expect("a useless repair must stop the generator");
    assert!(
        err.contains("repairs nothing: tuple_items GET /nowhere"),
        "{err}"
    );
}

#[test]
fn the_aws_detach_takes_a_list_of_instance_ids() {
    let catalog: Value = serde_json::from_str(&read("data/spot/catalog.json")).unwrap();
    let op = catalog["ops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == "elastigroup-aws/detach-instance")
        .unwrap();
    let field = &op["body"]["properties"]["instancesToDetach"];
    assert_eq!(field["type"], "array", "{field}");
    assert_eq!(field["items"]["type"], "string", "{field}");
}
