//! Ocean clusters as an operator works with them: one list across the four providers, a cluster
//! page (summary, heartbeat, nodes) that is the same component for every provider, launching
//! nodes in a virtual node group and seeing them in the nodes table.

use std::time::{Duration, Instant};

use crate::{ensure, fail, Page, Scenario, ScenarioFuture, Stack};

/// The confirm button of the open dialog.
const CONFIRM: &str = ".dialog .dialog-actions button:last-child";

pub fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "spot ocean: one cluster list across AWS, ECS, GKE and AKS with heartbeat and nodes; GKE and AKS clusters open in the same component",
            run: one_list,
        },
        Scenario {
            name: "spot ocean: an AWS cluster's node group launches nodes and the nodes table shows them",
            run: launch_nodes,
        },
        Scenario {
            name: "spot ocean: a roll moves batch by batch to completed; a second roll while one runs is refused in Spot's words; the banner's Stop stops a roll",
            run: rolls,
        },
        Scenario {
            name: "spot ocean: a node group created through the form launches nodes the nodes table shows; edited as JSON with the diff before the PUT; deleted typed with its nodes",
            run: node_group_crud,
        },
        Scenario {
            name: "spot ocean: an Ocean Insights cluster created through the form, opened and deleted typed; an AWS cluster made from an imported ASG's configuration",
            run: cluster_crud,
        },
        Scenario {
            name: "spot costs: the account's costs drawn for a chosen range; the total is the sum of the rows and the CSV holds the same rows",
            run: account_costs,
        },
        Scenario {
            name: "spot ocean: right-sizing sorted by saving; costs by namespace drawn for a chosen range, the table's total the sum of its rows; the log filtered by severity",
            run: usage,
        },
    ]
}

/// The number of rows `css` (a table) shows once it is `wanted`, or fails saying what it saw.
async fn rows_become(p: &Page, css: &str, wanted: u64) -> Result<(), crate::Error> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let n = p
            .js(&format!(
                "return document.querySelectorAll('{css} tbody tr[data-key]').length"
            ))
            .await?
            .as_u64()
            .unwrap_or(0);
        if n == wanted {
            return Ok(());
        }
        if Instant::now() > deadline {
            return fail(format!("{css} shows {n} rows, expected {wanted}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn one_list<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.click_text("Ocean").await?;
        p.wait_path("/spot/ocean").await?;
        for (provider, name) in [
            ("AWS Kubernetes", "prod-eks"),
            ("AWS ECS", "orders-ecs"),
            ("GKE", "analytics-gke"),
            ("AKS", "payments-aks"),
            ("Ocean Insights", "insights-lab"),
            ("Ocean On-Premise", "datacenter-1"),
        ] {
            let row = p.wait_text("#ocean-clusters tbody tr", name).await?;
            ensure(
                row.contains(provider),
                format!("{name} not shown as {provider}: {row:?}"),
            )?;
        }
        // The EKS cluster's controller reports; its two node groups run two nodes each.
        let eks = p.wait_text("#ocean-clusters tbody tr", "prod-eks").await?;
        ensure(eks.contains("us-east-1"), format!("no region: {eks:?}"))?;
        p.wait_text("#ocean-clusters tbody tr", "ACTIVE last seen")
            .await?;
        p.wait_text("#ocean-clusters tbody tr", "no controller (ECS)")
            .await?;
        // The same component serves GKE and AKS, in their own words.
        for (name, word, node_group) in [
            ("analytics-gke", "Nodes", "default-pool"),
            ("payments-aks", "VMs", "system"),
        ] {
            p.open("/spot/ocean").await?;
            p.wait_text("#ocean-clusters", name).await?;
            p.click_text(name).await?;
            p.wait_text("#ocean-cluster-title", name).await?;
            p.wait_text("#ocean-heartbeat", "ACTIVE").await?;
            p.wait_text("h3", word).await?;
            p.wait_text("#ocean-nodes tbody", node_group).await?;
            p.click("#ocean-tab-groups").await?;
            p.wait_text("#ocean-groups tbody", node_group).await?;
        }
        Ok(())
    })
}

fn launch_nodes<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean", &["spot"]).await?;
        p.click_text("prod-eks").await?;
        p.wait_text("#ocean-summary", "us-east-1").await?;
        p.wait_for("#ocean-nodes tbody tr[data-key]").await?;
        let before = p
            .js("return document.querySelectorAll('#ocean-nodes tbody tr[data-key]').length")
            .await?
            .as_u64()
            .unwrap_or(0);
        ensure(before > 0, "the cluster shows no nodes")?;
        p.click("#ocean-tab-groups").await?;
        p.wait_text("#ocean-groups tbody", "general").await?;
        let group = p
            .js("return [...document.querySelectorAll('#ocean-groups tbody tr')].find(r => r.textContent.includes('general')).dataset.key")
            .await?;
        let group = group.as_str().unwrap_or_default().to_string();
        ensure(group.starts_with("ols-"), format!("no group id: {group:?}"))?;
        let in_group = p
            .text(&format!("#ocean-groups tr[data-key='{group}'] .vng-nodes"))
            .await?;
        p.select("#ocean-launch-group", &group).await?;
        p.set("#ocean-launch-amount", "2").await?;
        p.click_text("Launch nodes").await?;
        p.wait_text("#ocean-launched", "2 node(s)").await?;
        let grown = in_group.parse::<u64>().unwrap_or(0) + 2;
        p.wait_text(
            &format!("#ocean-groups tr[data-key='{group}'] .vng-nodes"),
            &grown.to_string(),
        )
        .await?;
        p.click("#ocean-tab").await?;
        rows_become(p, "#ocean-nodes", before + 2).await?;
        Ok(())
    })
}

fn rolls<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean", &["spot"]).await?;
        p.click_text("orders-ecs").await?;
        p.click("#ocean-tab-rolls").await?;
        p.wait_text("#ocean-roll-rule", "One roll at a time")
            .await?;
        p.set("#ocean-roll-size", "50").await?;
        p.set("#ocean-roll-comment", "rolled from the browser")
            .await?;
        p.click("#ocean-roll-start").await?;
        p.wait_text("#ocean-roll-banner", "of 2").await?;
        // While it runs, Spot refuses another, and the page says so in Spot's words.
        p.click("#ocean-roll-start").await?;
        p.wait_text(
            "#ocean-roll-outcome",
            "Can't have 2 Rolls at the same time. Please stop the previous one.",
        )
        .await?;
        p.wait_text("#ocean-roll-jobs", "batch 2 of 2 · 100%")
            .await?;
        p.wait_text("#ocean-roll-jobs", "COMPLETED").await?;
        p.wait_gone("#ocean-roll-banner").await?;
        p.wait_text("#ocean-rolls", "rolled from the browser")
            .await?;
        // A slow roll, stopped from the banner (shown on the other tabs too).
        p.set("#ocean-roll-size", "10").await?;
        p.set("#ocean-roll-comment", "to be stopped").await?;
        p.click("#ocean-roll-start").await?;
        p.wait_text("#ocean-roll-banner", "of 10").await?;
        p.click("#ocean-tab").await?;
        p.wait_text("#ocean-roll-banner", "is running").await?;
        p.click("#ocean-roll-stop").await?;
        p.wait_gone("#ocean-roll-banner").await?;
        p.click("#ocean-tab-rolls").await?;
        let rolls = p.wait_text("#ocean-rolls", "STOPPED").await?;
        ensure(
            rolls.contains("to be stopped"),
            format!("the stopped roll is not listed: {rolls:?}"),
        )?;
        Ok(())
    })
}

/// The `data-key`s of a table's rows, in order.
async fn row_keys(p: &Page, css: &str) -> Result<Vec<String>, crate::Error> {
    let keys = p
        .js(&format!(
            "return [...document.querySelectorAll('{css} tbody tr[data-key]')].map(r => r.dataset.key)"
        ))
        .await?;
    Ok(keys
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect())
}

fn usage<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean", &["spot"]).await?;
        p.click_text("analytics-gke").await?;
        p.click("#ocean-tab-right-sizing").await?;
        p.wait_text("#ocean-rightsizing tbody", "data/etl-runner")
            .await?;
        // Sorted by CPU saving: ascending, then descending on the second click.
        p.click_text("CPU saving").await?;
        let up = row_keys(p, "#ocean-rightsizing").await?;
        ensure(
            up.first().map(String::as_str) == Some("data/reporting"),
            format!("smallest CPU saving first: {up:?}"),
        )?;
        // The heading now carries its sort mark (▲).
        p.click_text("CPU saving ▲").await?;
        let down = row_keys(p, "#ocean-rightsizing").await?;
        ensure(
            down.first().map(String::as_str) == Some("data/etl-runner")
                && down.last().map(String::as_str) == Some("data/reporting"),
            format!("largest CPU saving first: {down:?}"),
        )?;

        // Costs for the last week: one point a day per namespace; then three days.
        p.click("#ocean-tab-costs").await?;
        p.wait_text("#ocean-costs tbody", "kube-system").await?;
        let points = |n: u64| {
            format!("return Number(document.querySelector('#ocean-costs-chart svg').dataset.points) === {n}")
        };
        ensure(
            p.js(&points(4 * 7)).await? == serde_json::json!(true),
            "the week's chart does not hold 7 points for each of 4 namespaces",
        )?;
        let from = p
            .js("const d = new Date(document.querySelector('#ocean-costs-range .range-to').value); d.setUTCDate(d.getUTCDate() - 2); return d.toISOString().slice(0, 10)")
            .await?;
        p.set(
            "#ocean-costs-range .range-from",
            from.as_str().unwrap_or_default(),
        )
        .await?;
        p.js("document.querySelector('#ocean-costs-range .range-from').dispatchEvent(new Event('change', {bubbles: true}))")
            .await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while p.js(&points(4 * 3)).await? != serde_json::json!(true) {
            if Instant::now() > deadline {
                return fail("the chart did not redraw three days of four namespaces");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let sum = p
            .js("return [...document.querySelectorAll('#ocean-costs tbody tr[data-key]')].map(r => Number(r.children[1].textContent.replace('$', ''))).reduce((a, b) => a + b, 0)")
            .await?
            .as_f64()
            .unwrap_or(-1.0);
        let total = p.text("#ocean-costs-total strong").await?;
        ensure(
            format!("${sum:.2}") == total,
            format!("total {total} is not the rows' sum {sum:.2}"),
        )?;

        // The log, all severities, then warnings only.
        p.click("#ocean-tab-log").await?;
        p.wait_text("#ocean-log tbody", "DEBUG").await?;
        p.select("#ocean-log-severity", "WARN").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let shown = p.text("#ocean-log tbody").await?;
            if shown.contains("WARN") && !shown.contains("INFO") && !shown.contains("DEBUG") {
                break;
            }
            if Instant::now() > deadline {
                return fail(format!("not only warnings: {shown:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    })
}

fn node_group_crud<'a>(s: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean", &["spot"]).await?;
        p.click_text("prod-eks").await?;
        p.click("#ocean-tab-groups").await?;
        p.wait_text("#ocean-groups tbody", "general").await?;
        // Created through the schema form, the cluster already filled in.
        p.wait_value("#spot-body-launchSpec-oceanId", "o-").await?;
        p.fill("#spot-body-launchSpec-name", "e2e-vng").await?;
        p.click("#ocean-vng-create-send").await?;
        p.wait_for("#ocean-vng-create-done").await?;
        p.wait_text("#ocean-groups tbody", "e2e-vng").await?;
        let group = p
            .js("return [...document.querySelectorAll('#ocean-groups tbody tr')].find(r => r.textContent.includes('e2e-vng')).dataset.key")
            .await?;
        let group = group.as_str().unwrap_or_default().to_string();
        ensure(group.starts_with("ols-"), format!("no group id: {group:?}"))?;
        let nodes = format!("#ocean-groups tr[data-key='{group}'] .vng-nodes");
        p.wait_text(&nodes, "0").await?;
        p.select("#ocean-launch-group", &group).await?;
        p.set("#ocean-launch-amount", "2").await?;
        p.click_text("Launch nodes").await?;
        p.wait_text("#ocean-launched", "2 node(s)").await?;
        p.wait_text(&nodes, "2").await?;
        p.click("#ocean-tab").await?;
        p.wait_text("#ocean-nodes tbody", "e2e-vng").await?;

        // Edited as JSON: the diff first, the PUT only once confirmed.
        p.click("#ocean-tab-groups").await?;
        p.wait_text("#ocean-groups tbody", "e2e-vng").await?;
        p.select("#ocean-launch-group", &group).await?;
        p.wait_value("#ocean-vng-edit-json", "e2e-vng").await?;
        let puts = || {
            s.hits("spot", |m, r| {
                m == "PUT" && r.ends_with("/ocean/aws/k8s/launchSpec/{oceanLaunchSpecId}")
            })
        };
        let before = puts().await?;
        let edited = p
            .js("return document.querySelector('#ocean-vng-edit-json').value.replace('\"name\": \"e2e-vng\"', '\"name\": \"e2e-vng-renamed\"')")
            .await?;
        p.set("#ocean-vng-edit-json", edited.as_str().unwrap_or_default())
            .await?;
        p.click("#ocean-vng-edit-review").await?;
        p.wait_text("#ocean-vng-edit-diff", "1 line(s) differ")
            .await?;
        p.wait_text("#ocean-vng-edit-diff", "e2e-vng-renamed")
            .await?;
        p.click("#ocean-vng-edit-send").await?;
        p.wait_for(CONFIRM).await?;
        ensure(
            puts().await? == before,
            "the update was sent before it was confirmed",
        )?;
        p.click(CONFIRM).await?;
        p.wait_text("#ocean-vng-edit-done", "Spot updated the node group")
            .await?;
        ensure(
            puts().await? == before + 1,
            "the confirmed update was not sent once",
        )?;
        p.wait_text("#ocean-groups tbody", "e2e-vng-renamed")
            .await?;

        // Deleted with its nodes, the name typed; the words say the nodes go too.
        p.click("#ocean-vng-delete-nodes").await?;
        p.click("#ocean-vng-delete-open").await?;
        p.wait_text(".dialog", "Its nodes are deleted with it.")
            .await?;
        p.fill(".confirm-input", "e2e-vng-renamed").await?;
        p.click(CONFIRM).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while p
            .text("#ocean-groups tbody")
            .await?
            .contains("e2e-vng-renamed")
        {
            if Instant::now() > deadline {
                return fail("the deleted node group is still listed");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        p.click("#ocean-tab").await?;
        p.wait_for("#ocean-nodes tbody tr[data-key]").await?;
        ensure(
            !p.text("#ocean-nodes tbody").await?.contains("e2e-vng"),
            "the deleted group's nodes are still listed",
        )?;
        Ok(())
    })
}

/// Every item of the cost page's sources has answered.
async fn costs_read(p: &Page) -> Result<(), crate::Error> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let done = p
            .js("const items = [...document.querySelectorAll('#costs-sources .cost-item')]; return items.length > 3 && items.every(i => !i.textContent.includes('…'))")
            .await?;
        if done == serde_json::json!(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return fail(format!(
                "the sources did not all answer: {:?}",
                p.text("#costs-sources").await?
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn account_costs<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/accounts", &["spot"]).await?;
        p.click_text("Costs").await?;
        p.wait_path("/spot/costs").await?;
        p.wait_text("#costs-table tbody", "prod-eks").await?;
        p.wait_text("#costs-table tbody", "Elastigroup").await?;
        costs_read(p).await?;
        let points =
            || p.js("return Number(document.querySelector('#costs-chart svg').dataset.points)");
        let week = points().await?.as_u64().unwrap_or(0);
        ensure(week > 0, "the chart draws no points")?;
        // Three days instead of seven: fewer points, drawn again.
        let from = p
            .js("const d = new Date(document.querySelector('#costs-range .range-to').value); d.setUTCDate(d.getUTCDate() - 2); return d.toISOString().slice(0, 10)")
            .await?;
        p.set(
            "#costs-range .range-from",
            from.as_str().unwrap_or_default(),
        )
        .await?;
        p.js("document.querySelector('#costs-range .range-from').dispatchEvent(new Event('change', {bubbles: true}))")
            .await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let now = points().await?.as_u64().unwrap_or(0);
            if now > 0 && now * 7 == week * 3 {
                break;
            }
            if Instant::now() > deadline {
                return fail(format!(
                    "the chart holds {now} points for three days, {week} for seven"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        costs_read(p).await?;
        // The total is the rows' sum.
        let rows = p
            .js("return [...document.querySelectorAll('#costs-table tbody tr[data-key]')].map(r => [r.children[3].textContent, r.children[4].textContent.replace('$', '')])")
            .await?;
        let rows: Vec<(String, f64)> = rows
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r[0].as_str().unwrap_or_default().to_string(),
                    r[1].as_str()
                        .unwrap_or_default()
                        .parse()
                        .unwrap_or(f64::NAN),
                )
            })
            .collect();
        let sum: f64 = rows.iter().map(|r| r.1).sum();
        let total = p.text("#costs-total strong").await?;
        ensure(
            !rows.is_empty() && format!("${sum:.2}") == total,
            format!(
                "total {total} is not the sum {sum:.2} of {} rows",
                rows.len()
            ),
        )?;
        // The CSV (caught as the Blob it is saved from) holds the same rows.
        p.js("window.__csv = null; const make = URL.createObjectURL; URL.createObjectURL = b => { b.text().then(t => { window.__csv = t; }); return make.call(URL, b); };")
            .await?;
        p.click("#costs-csv").await?;
        let deadline = Instant::now() + Duration::from_secs(5);
        let csv = loop {
            if let Some(t) = p.js("return window.__csv").await?.as_str() {
                break t.to_string();
            }
            if Instant::now() > deadline {
                return fail("no CSV was saved");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        ensure(
            lines.len() == rows.len(),
            format!("{} CSV lines for {} rows", lines.len(), rows.len()),
        )?;
        let csv_sum: f64 = lines
            .iter()
            .filter_map(|l| l.rsplit(',').nth(1)?.parse::<f64>().ok())
            .sum();
        ensure(
            format!("${csv_sum:.2}") == total,
            format!("the CSV's costs add up to {csv_sum:.2}, the page's total is {total}"),
        )?;
        for (id, _) in &rows {
            ensure(csv.contains(id.as_str()), format!("{id} is not in the CSV"))?;
        }
        Ok(())
    })
}

fn cluster_crud<'a>(_: &'a Stack, p: &'a mut Page) -> ScenarioFuture<'a> {
    Box::pin(async move {
        p.open_connected("/spot/ocean", &["spot"]).await?;
        p.wait_text("#ocean-clusters tbody", "insights-lab").await?;
        p.click("#ocean-new summary").await?;
        p.select("#ocean-new-provider", "insights").await?;
        p.fill("#spot-body-cluster-name", "e2e-insights").await?;
        p.fill("#spot-body-cluster-controllerClusterId", "e2e-insights")
            .await?;
        p.click("#ocean-create-send").await?;
        p.wait_for("#ocean-create-done").await?;
        p.wait_text("#ocean-clusters tbody", "e2e-insights").await?;
        p.click_text("e2e-insights").await?;
        p.wait_text("#ocean-summary", "e2e-insights").await?;
        // What the document lacks for Insights is said, not attempted.
        p.click("#ocean-tab-rolls").await?;
        p.wait_text(".notice", "no roll operation for Ocean Insights clusters")
            .await?;
        p.click("#ocean-tab-configuration").await?;
        p.wait_text(".notice", "no update operation for Ocean Insights clusters")
            .await?;
        p.click("#ocean-cluster-delete-open").await?;
        p.fill(".confirm-input", "e2e-insights").await?;
        p.click(CONFIRM).await?;
        p.wait_path("/spot/ocean").await?;
        p.wait_text("#ocean-clusters tbody", "insights-lab").await?;
        ensure(
            !p.text("#ocean-clusters tbody")
                .await?
                .contains("e2e-insights"),
            "the deleted cluster is still listed",
        )?;

        // An ASG's configuration, imported, fills the form; only sending it makes the cluster.
        p.click("#ocean-new summary").await?;
        p.select("#ocean-create-way", "ocean-aws/import-asg-to-ocean-cluster")
            .await?;
        p.fill("#ocean-create-autoScalingGroupName", "e2e-asg")
            .await?;
        p.fill("#ocean-create-region", "us-east-1").await?;
        p.click("#ocean-create-send").await?;
        p.wait_for("#ocean-create-filled").await?;
        p.wait_value("#spot-body-cluster-name", "e2e-asg").await?;
        ensure(
            !p.text("#ocean-clusters tbody").await?.contains("e2e-asg"),
            "the import made a cluster",
        )?;
        p.click("#ocean-create-send").await?;
        p.wait_for("#ocean-create-done").await?;
        p.wait_text("#ocean-clusters tbody", "e2e-asg").await?;
        p.click_text("e2e-asg").await?;
        p.click("#ocean-tab-configuration").await?;
        p.click("#ocean-cluster-delete-open").await?;
        p.fill(".confirm-input", "e2e-asg").await?;
        p.click(CONFIRM).await?;
        p.wait_path("/spot/ocean").await?;
        Ok(())
    })
}
