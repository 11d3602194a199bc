//! Spot's request bodies as forms generated from their schemas, used as an operator would: the
//! variant picker, repeatable groups, map rows, the Form/JSON toggle over one value, optional
//! booleans left out when unset, collapsed sections, problems beside their field before and
//! after sending, and the draft surviving a reload.

use serde_json::{json, Value};

use crate::{ensure, fail, Page, Scenario, ScenarioFuture, Stack};

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot form: a oneOf body is a variant picker; choosing a form shows its fields and keeps the shared ones",
            run: variant_picker,
        },
        Scenario {
            name: "spot form: a list of objects is a repeatable group — add three, remove one, send: the emulator kept the two",
            run: repeatable_group,
        },
        Scenario {
            name: "spot form: a map is key/value rows, added and removed by name",
            run: map_rows,
        },
        Scenario {
            name: "spot form: Form → JSON → Form round trip keeps keys the form does not know",
            run: json_round_trip,
        },
        Scenario {
            name: "spot form: an optional boolean is unset, true or false, and left out of the body when unset",
            run: tri_state,
        },
        Scenario {
            name: "spot form: a large body shows its parts as collapsed sections whose fields render when opened",
            run: collapsed_sections,
        },
        Scenario {
            name: "spot form: a field's problem shows beside it before sending; Spot's field error lands beside the same field",
            run: field_errors,
        },
        Scenario {
            name: "spot form: what was typed and the view chosen survive a reload",
            run: draft_survives_reload,
        },
    ]
}

/// The body as the JSON view shows it (switching to it first).
async fn body_json(p: &Page) -> Result<Value, crate::Error> {
    p.click("#spot-view-json").await?;
    p.wait_for("#spot-body").await?;
    let text = p
        .js("return document.querySelector('#spot-body').value")
        .await?;
    let text = text.as_str().unwrap_or_default().to_string();
    serde_json::from_str(&text)
        .or_else(|e| fail(format!("the JSON view holds no JSON ({e}): {text}")))
}

/// Back to the form from the JSON view.
async fn to_form(p: &Page) -> Result<(), crate::Error> {
    p.click("#spot-view-form").await?;
    p.wait_for("#spot-body-form").await?;
    Ok(())
}

/// The value an input holds now.
async fn value_of(p: &Page, css: &str) -> Result<String, crate::Error> {
    p.wait_for(css).await?;
    let v = p
        .client
        .execute(
            "return document.querySelector(arguments[0]).value",
            vec![json!(css)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Sends a destructive operation, confirming it.
async fn send_confirmed(p: &Page) -> Result<(), crate::Error> {
    p.click("#spot-send").await?;
    p.click(".dialog .btn.danger").await
}

/// An id the demo world holds, read from the first table of a list operation's answer.
async fn first_id(p: &Page, list: &str, prefix: &str) -> Result<String, crate::Error> {
    p.open(list).await?;
    p.click("#spot-send").await?;
    p.wait_text("#spot-items", prefix).await?;
    let id = p
        .client
        .execute(
            "return [...document.querySelectorAll('#spot-items td')].map(c => c.textContent).find(t => t.startsWith(arguments[0])) || ''",
            vec![json!(prefix)],
        )
        .await?;
    match id.as_str() {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ => fail(format!("no {prefix}… id in the answer of {list}")),
    }
}

fn variant_picker<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops", &["spot"]).await?;
        let cluster = first_id(p, "/spot/ops/ocean-aws/list-clusters", "o-").await?;
        p.open("/spot/ops/ocean-aws/initiate-roll").await?;
        p.fill("#spot-path-oceanClusterId", &cluster).await?;
        p.wait_text("#spot-body-variant", "Roll with instance ids")
            .await?;
        // The plain roll has no instance list.
        ensure(
            p.js("return document.querySelector('#spot-body-roll-instanceIds-add') === null")
                .await?
                == json!(true),
            "the plain roll offers an instance list",
        )?;
        p.fill("#spot-body-roll-batchSizePercentage", "20").await?;
        p.select("#spot-body-variant", "1").await?;
        p.click("#spot-body-roll-instanceIds-add").await?;
        p.fill("#spot-body-roll-instanceIds-0", "i-0abc").await?;
        ensure(
            value_of(p, "#spot-body-roll-batchSizePercentage").await? == "20",
            "the shared field lost what was typed",
        )?;
        let body = body_json(p).await?;
        ensure(
            body["roll"]["instanceIds"] == json!(["i-0abc"])
                && body["roll"]["batchSizePercentage"] == json!(20),
            format!("the chosen form is not the body: {body}"),
        )?;
        // Back in the form the picker shows the form the body is written in.
        to_form(p).await?;
        ensure(
            value_of(p, "#spot-body-variant").await? == "1",
            "the picker forgot the chosen form",
        )?;
        send_confirmed(p).await?;
        p.wait_text("#spot-answer-status", "— done").await?;
        // Another form: its own fields, the shared ones kept, the other's gone.
        p.select("#spot-body-variant", "0").await?;
        p.wait_gone("#spot-body-roll-instanceIds-add").await?;
        let body = body_json(p).await?;
        ensure(
            body == json!({"roll": {"batchSizePercentage": 20}}),
            format!("switching forms left {body}"),
        )
    })
}

fn repeatable_group<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/accounts/create-access-policy", &["spot"])
            .await?;
        let at = "#spot-body-policy-policyContent-statements";
        p.fill("#spot-body-policy-name", "form-policy").await?;
        for _ in 0..3 {
            p.click(&format!("{at}-add")).await?;
        }
        p.fill(&format!("{at}-0-effect"), "ALLOW").await?;
        p.fill(&format!("{at}-1-effect"), "DENY-by-mistake").await?;
        p.fill(&format!("{at}-2-effect"), "DENY").await?;
        p.click(&format!("{at}-0-actions-add")).await?;
        p.fill(&format!("{at}-0-actions-0"), "ocean:*").await?;
        p.click(&format!("{at}-1-remove")).await?;
        p.wait_gone(&format!("{at}-2-effect")).await?;
        ensure(
            value_of(p, &format!("{at}-1-effect")).await? == "DENY",
            "the group after the removed one does not show its own value",
        )?;
        p.click("#spot-send").await?;
        p.wait_text("#spot-answer-status", "200 OK — done").await?;
        p.wait_text("#spot-items", "form-policy").await?;
        // What the emulator kept, as its answer shows it.
        let kept = p
            .js("return document.querySelector('#spot-answer pre').textContent")
            .await?;
        let kept: Value = serde_json::from_str(kept.as_str().unwrap_or_default())?;
        let statements = &kept["response"]["items"][0]["policyContent"]["statements"];
        ensure(
            *statements == json!([{"effect": "ALLOW", "actions": ["ocean:*"]}, {"effect": "DENY"}]),
            format!("the emulator kept {statements}"),
        )
    })
}

fn map_rows<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/ocean-spark/create-config-template", &["spot"])
            .await?;
        // Over 100 fields: the JSON editor first, the form one click away.
        p.wait_for("#spot-body").await?;
        to_form(p).await?;
        p.click("#spot-body-config-section summary").await?;
        let map = "#spot-body-config-sparkConf";
        for (k, v) in [("spark.executor.cores", "2"), ("spark.driver.memory", "1g")] {
            p.fill(&format!("{map}-new-key"), k).await?;
            p.click(&format!("{map}-add")).await?;
            let row = format!("{map}-{}", k.replace('.', "_"));
            p.fill(&row, v).await?;
        }
        // A key already there is refused beside the key field.
        p.fill(&format!("{map}-new-key"), "spark.driver.memory")
            .await?;
        p.click(&format!("{map}-add")).await?;
        p.wait_text(&format!("{map}-new-key-error"), "already there")
            .await?;
        p.click(&format!("{map}-spark_executor_cores-remove"))
            .await?;
        p.wait_gone(&format!("{map}-spark_executor_cores")).await?;
        let body = body_json(p).await?;
        ensure(
            body["config"]["sparkConf"] == json!({"spark.driver.memory": "1g"}),
            format!("the map in the body: {}", body["config"]["sparkConf"]),
        )
    })
}

fn json_round_trip<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected(
            "/spot/ops/health-check-service/create-health-check",
            &["spot"],
        )
        .await?;
        p.fill("#spot-body-healthCheck-name", "from-the-form")
            .await?;
        let mut body = body_json(p).await?;
        ensure(
            body["healthCheck"]["name"] == "from-the-form",
            format!("the JSON view does not show the form's value: {body}"),
        )?;
        body["healthCheck"]["name"] = json!("from-json");
        body["healthCheck"]["custom"] = json!({"kept": true});
        body["mine"] = json!([1, 2]);
        p.set("#spot-body", &body.to_string()).await?;
        to_form(p).await?;
        p.wait_text("#spot-body-others", "mine").await?;
        p.wait_text("#spot-body-healthCheck-others", "custom")
            .await?;
        ensure(
            value_of(p, "#spot-body-healthCheck-name").await? == "from-json",
            "the form does not show what was typed as JSON",
        )?;
        p.fill("#spot-body-healthCheck-proxyPort", "8080").await?;
        let after = body_json(p).await?;
        ensure(
            after["healthCheck"]["custom"] == json!({"kept": true})
                && after["mine"] == json!([1, 2])
                && after["healthCheck"]["proxyPort"] == json!(8080)
                && after["healthCheck"]["name"] == "from-json",
            format!("the round trip lost something: {after}"),
        )?;
        // JSON that does not read keeps the operator in the JSON view, with the reason.
        p.set("#spot-body", "{\"healthCheck\": ").await?;
        p.click("#spot-view-form").await?;
        p.wait_text("#spot-body-error", "not valid JSON").await?;
        p.wait_for("#spot-body").await?;
        Ok(())
    })
}

fn tri_state<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/ocean-aws/initiate-roll", &["spot"])
            .await?;
        let flag = "#spot-body-roll-respectPdb";
        p.wait_text(flag, "unset (default false)").await?;
        let body = body_json(p).await?;
        ensure(
            body["roll"].get("respectPdb").is_none(),
            format!("an unset boolean was sent: {body}"),
        )?;
        to_form(p).await?;
        p.select(flag, "false").await?;
        let body = body_json(p).await?;
        ensure(
            body["roll"]["respectPdb"] == json!(false),
            format!("false is not in the body: {body}"),
        )?;
        to_form(p).await?;
        p.select(flag, "true").await?;
        p.select(flag, "").await?;
        let body = body_json(p).await?;
        ensure(
            body["roll"].get("respectPdb").is_none(),
            format!("unset again, the boolean is still sent: {body}"),
        )
    })
}

fn collapsed_sections<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ops/ocean-aws/create-cluster", &["spot"])
            .await?;
        // The wrapper is open, its small fields inline, its large parts collapsed and empty.
        p.wait_for("#spot-body-cluster-name").await?;
        let section = "#spot-body-cluster-compute-section";
        p.wait_for(section).await?;
        let inside =
            format!("return document.querySelectorAll('{section} input, {section} select').length");
        ensure(
            p.js(&inside).await? == json!(0),
            "a collapsed section rendered its fields",
        )?;
        p.click(&format!("{section} summary")).await?;
        p.wait_for(&format!("{section} #spot-body-cluster-compute-subnetIds"))
            .await?;
        ensure(
            p.js(&format!("return document.querySelector('{section}').open"))
                .await?
                == json!(true),
            "the section did not open",
        )?;
        Ok(())
    })
}

fn field_errors<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected(
            "/spot/ops/health-check-service/create-health-check",
            &["spot"],
        )
        .await?;
        p.fill("#spot-body-healthCheck-proxyPort", "eighty").await?;
        p.click("#spot-send").await?;
        p.wait_text(
            "#spot-body-healthCheck-proxyPort-error",
            "healthCheck.proxyPort must be a whole number.",
        )
        .await?;
        ensure(
            p.js("return document.querySelector('#spot-answer') === null")
                .await?
                == json!(true),
            "a request went out",
        )?;

        // Spot's own refusal of what the schema allows, beside the field it names.
        let group = first_id(p, "/spot/ops/elastigroup-aws/list-all-elastigroups", "sig-").await?;
        p.open("/spot/ops/elastigroup-aws/update-capacity").await?;
        p.fill("#spot-path-groupId", &group).await?;
        p.fill("#spot-body-capacity-minimum", "5").await?;
        p.fill("#spot-body-capacity-maximum", "2").await?;
        p.fill("#spot-body-capacity-target", "2").await?;
        send_confirmed(p).await?;
        p.wait_text("#spot-errors", "ValidationError").await?;
        p.wait_text(
            "#spot-body-capacity-minimum-error",
            "minimum (5) cannot be above maximum (2)",
        )
        .await?;
        // Corrected, it goes through.
        p.fill("#spot-body-capacity-minimum", "1").await?;
        send_confirmed(p).await?;
        p.wait_text("#spot-answer-status", "200 OK — done").await?;
        Ok(())
    })
}

fn draft_survives_reload<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        let page = "/spot/ops/health-check-service/create-health-check";
        p.open_connected(page, &["spot"]).await?;
        p.fill("#spot-body-healthCheck-name", "kept-for-the-tab")
            .await?;
        p.fill("#spot-body-healthCheck-check-port", "8443").await?;
        p.open(page).await?;
        ensure(
            value_of(p, "#spot-body-healthCheck-name").await? == "kept-for-the-tab"
                && value_of(p, "#spot-body-healthCheck-check-port").await? == "8443",
            "the form lost what was typed",
        )?;
        // The JSON view, even half-typed, is kept as it was.
        p.click("#spot-view-json").await?;
        p.set("#spot-body", "{\"healthCheck\": {\"name\": \"half")
            .await?;
        p.open(page).await?;
        ensure(
            value_of(p, "#spot-body").await? == "{\"healthCheck\": {\"name\": \"half",
            "the JSON view's text was lost",
        )?;
        Ok(())
    })
}
