//! The account cost page's rows and series, read from each source's answer, and the CSV of
//! the rows shown (pure: tested natively).

use serde_json::Value;

use crate::api::json;
use crate::ui::ChartSeries;

use super::super::ocean::{num, pick};

/// One row of the table: an Ocean cluster's namespace, an Elastigroup, a stateful node.
#[derive(Clone, Debug, PartialEq)]
pub struct CostRow {
    pub source: &'static str,
    pub name: String,
    /// The namespace (Ocean), else empty.
    pub detail: String,
    pub id: String,
    pub cost: f64,
    /// What was saved against on-demand, when the source says.
    pub savings: Option<f64>,
}

impl CostRow {
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.source, self.id, self.detail)
    }
}

/// What one item (a cluster, a group, a node) contributes: its rows and its daily series.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Part {
    pub rows: Vec<CostRow>,
    pub series: Option<ChartSeries>,
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// When an item of a cost answer starts, in seconds.
fn at(item: &Value) -> Option<f64> {
    pick(item, &["startTime", "timestamp", "date"])
        .and_then(|t| crate::time::parse_iso(&t))
        .map(|ms| ms as f64 / 1000.0)
}

/// An Ocean cluster's costs (daily items with namespaces): a row per namespace, a series of
/// the cluster's daily total.
pub fn ocean(name: &str, id: &str, items: &[Value]) -> Part {
    let mut rows: Vec<CostRow> = Vec::new();
    let mut points = Vec::new();
    for item in items {
        let mut day = 0.0;
        for ns in json::objects(item.get("namespaces")) {
            let detail = pick(ns, &["namespace", "name"]).unwrap_or_else(|| "(none)".into());
            let cost = num(ns, &["cost"]).unwrap_or_default();
            day += cost;
            match rows.iter_mut().find(|r| r.detail == detail) {
                Some(r) => r.cost += cost,
                None => rows.push(CostRow {
                    source: "Ocean cluster",
                    name: name.into(),
                    detail,
                    id: id.into(),
                    cost,
                    savings: None,
                }),
            }
        }
        if let Some(x) = at(item) {
            points.push((x, round(day)));
        }
    }
    for r in &mut rows {
        r.cost = round(r.cost);
    }
    Part {
        rows,
        series: Some(ChartSeries::new(name, sorted(points))),
    }
}

/// An Elastigroup's or a stateful node's costs (items with actual, potential and savings, as
/// documented under `costs` or at the top): one row, a series of the actual cost.
pub fn instances(source: &'static str, name: &str, id: &str, items: &[Value]) -> Part {
    let (mut cost, mut saved, mut said) = (0.0, 0.0, false);
    let mut points = Vec::new();
    // The document nests the list once more on some of these answers.
    let flat: Vec<&Value> = items
        .iter()
        .flat_map(|v| match v {
            Value::Array(inner) => inner.iter().collect(),
            other => vec![other],
        })
        .collect();
    for item in flat {
        let actual = num(item, &["costs.actual", "actual"]).unwrap_or_default();
        let potential = num(item, &["costs.potential", "potential"]);
        let savings = num(item, &["savings.value"]).or(potential.map(|p| p - actual));
        cost += actual;
        if let Some(s) = savings {
            saved += s;
            said = true;
        }
        if let Some(x) = at(item) {
            points.push((x, actual));
        }
    }
    Part {
        rows: vec![CostRow {
            source,
            name: name.into(),
            detail: String::new(),
            id: id.into(),
            cost: round(cost),
            savings: said.then(|| round(saved)),
        }],
        series: (!points.is_empty()).then(|| ChartSeries::new(name, sorted(points))),
    }
}

fn sorted(mut points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

/// The sum of the rows' costs, as the table's total shows it.
pub fn total(rows: &[CostRow]) -> f64 {
    round(rows.iter().map(|r| r.cost).sum())
}

/// Two decimals, no currency sign (the CSV's and the table's numbers).
pub fn amount(v: f64) -> String {
    format!("{v:.2}")
}

/// The rows as CSV: a header, then one line per row in the order shown. A cell that a
/// spreadsheet would run as a formula is prefixed with `'`.
pub fn csv(rows: &[CostRow]) -> String {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("Source,Name,Namespace,Id,Cost,Savings\n");
    for r in rows {
        let line = [
            cell(r.source),
            cell(&r.name),
            cell(&r.detail),
            cell(&r.id),
            amount(r.cost),
            r.savings.map(amount).unwrap_or_default(),
        ];
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ocean_costs_are_a_row_per_namespace_and_a_daily_series() {
        let items = [
            json!({"startTime": "2021-11-01T00:00:00.000Z", "namespaces": [
                {"namespace": "web", "cost": 10.5}, {"namespace": "data", "cost": "2.25"}]}),
            json!({"startTime": "2021-11-02T00:00:00.000Z", "namespaces": [{"namespace": "web", "cost": 1.5}]}),
        ];
        let part = ocean("prod", "o-1", &items);
        assert_eq!(part.rows.len(), 2);
        assert_eq!(
            (part.rows[0].detail.as_str(), part.rows[0].cost),
            ("web", 12.0)
        );
        let s = part.series.unwrap();
        assert_eq!(
            s.points.iter().map(|p| p.1).collect::<Vec<_>>(),
            [12.75, 1.5]
        );
        assert_eq!(total(&part.rows), 14.25);
    }

    #[test]
    fn instance_costs_read_both_spellings_and_nested_lists() {
        let documented =
            [json!([{"costs": {"actual": 1.5, "potential": 4}, "savings": {"value": 2.5}}])];
        let p = instances("Stateful node", "db", "smi-1", &documented);
        assert_eq!((p.rows[0].cost, p.rows[0].savings), (1.5, Some(2.5)));
        let emulated = [
            json!({"timestamp": "2021-11-01T00:00:00.000Z", "actual": 2, "potential": 5}),
            json!({"timestamp": "2021-11-02T00:00:00.000Z", "actual": "1", "savings": {"value": 3}}),
        ];
        let p = instances("Elastigroup", "web", "sig-1", &emulated);
        assert_eq!((p.rows[0].cost, p.rows[0].savings), (3.0, Some(6.0)));
        assert_eq!(p.series.unwrap().points.len(), 2);
        let silent = instances("Elastigroup", "x", "sig-2", &[json!({"actual": 1})]);
        assert_eq!(silent.rows[0].savings, None);
    }

    #[test]
    fn the_csv_holds_the_rows_quoted_and_defused() {
        let rows = vec![
            CostRow {
                source: "Elastigroup",
                name: "web, \"blue\"".into(),
                detail: String::new(),
                id: "sig-1".into(),
                cost: 3.0,
                savings: Some(6.0),
            },
            CostRow {
                source: "Ocean cluster",
                name: "=cmd()".into(),
                detail: "web".into(),
                id: "o-1".into(),
                cost: 12.5,
                savings: None,
            },
        ];
        assert_eq!(
            csv(&rows),
            "Source,Name,Namespace,Id,Cost,Savings\n\
             Elastigroup,\"web, \"\"blue\"\"\",,sig-1,3.00,6.00\n\
             Ocean cluster,'=cmd(),web,o-1,12.50,\n"
        );
        assert_eq!(total(&rows), 15.5);
    }
}
