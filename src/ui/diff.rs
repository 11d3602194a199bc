//! Side-by-side line diff of two texts: a config before and after a patch (DM), or a JSON
//! document as it is and as it will be sent (a PUT on a Spot screen: [`JsonDiff`]).

use leptos::prelude::*;
use serde_json::Value;

/// How a row of the side-by-side view differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Same,
    Removed,
    Added,
    Changed,
}

/// One row: the left line (number, text), the right line, and how they differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub left: Option<(usize, String)>,
    pub right: Option<(usize, String)>,
    pub kind: Kind,
}

/// Lines of `a` and `b` aligned by their longest common subsequence; a run of removed lines
/// followed by added lines pairs up as changed rows.
pub fn side_by_side(a: &str, b: &str) -> Vec<Row> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: common lines of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut removed: Vec<(usize, String)> = Vec::new();
    let mut added: Vec<(usize, String)> = Vec::new();
    let flush = |rows: &mut Vec<Row>,
                 removed: &mut Vec<(usize, String)>,
                 added: &mut Vec<(usize, String)>| {
        let len = removed.len().max(added.len());
        let mut r = removed.drain(..);
        let mut ad = added.drain(..);
        for _ in 0..len {
            let (left, right) = (r.next(), ad.next());
            let kind = match (&left, &right) {
                (Some(_), Some(_)) => Kind::Changed,
                (Some(_), None) => Kind::Removed,
                _ => Kind::Added,
            };
            rows.push(Row { left, right, kind });
        }
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut rows, &mut removed, &mut added);
            rows.push(Row {
                left: Some((i + 1, a[i].to_string())),
                right: Some((j + 1, b[j].to_string())),
                kind: Kind::Same,
            });
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push((j + 1, b[j].to_string()));
            j += 1;
        } else {
            removed.push((i + 1, a[i].to_string()));
            i += 1;
        }
    }
    flush(&mut rows, &mut removed, &mut added);
    rows
}

/// How many rows differ.
pub fn changes(rows: &[Row]) -> usize {
    rows.iter().filter(|r| r.kind != Kind::Same).count()
}

/// The two texts side by side, differing lines marked (with a sign, not only colour), under
/// the headings `left` and `right` ("Previous" and "New" unless given).
#[component]
pub fn DiffView(
    #[prop(into)] before: String,
    #[prop(into)] after: String,
    #[prop(optional, into)] id: String,
    #[prop(optional)] labels: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let (left, right) = labels.unwrap_or(("Previous", "New"));
    let rows = side_by_side(&before, &after);
    let n = changes(&rows);
    let cell = |side: Option<(usize, String)>, sign: &'static str| match side {
        Some((no, text)) => {
            view! { <td class="diff-ln">{no}</td><td class="diff-line">{sign}{text}</td> }
                .into_any()
        }
        None => view! { <td class="diff-ln"></td><td class="diff-line"></td> }.into_any(),
    };
    view! {
        <div class="diff" id=id>
            <p class="muted diff-count">{if n == 0 { "No difference.".to_string() } else { format!("{n} line(s) differ.") }}</p>
            <table class="diff-table">
                <thead><tr><th colspan="2">{left}</th><th colspan="2">{right}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let (class, ls, rs) = match r.kind {
                            Kind::Same => ("diff-same", "  ", "  "),
                            Kind::Removed => ("diff-del", "- ", "  "),
                            Kind::Added => ("diff-add", "  ", "+ "),
                            Kind::Changed => ("diff-chg", "- ", "+ "),
                        };
                        view! { <tr class=class>{cell(r.left, ls)}{cell(r.right, rs)}</tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A JSON document as text a line diff reads well: pretty-printed, keys in order.
pub fn json_lines(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// What a write will change, before it is sent: the document as it is now beside the one
/// that will be sent (both pretty-printed with keys in order, so only real changes differ).
/// The top-level fields of `after` that differ from `before`: what a PATCH of the edit sends.
pub fn changed_fields(before: &Value, after: &Value) -> Value {
    let m: serde_json::Map<String, Value> = after
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| before.get(k.as_str()) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(m)
}

#[component]
pub fn JsonDiff(before: Value, after: Value, #[prop(optional, into)] id: String) -> impl IntoView {
    view! {
        <DiffView before=json_lines(&before) after=json_lines(&after) id=id
            labels=("Now", "To be sent")/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_changes_side_by_side() {
        let rows = side_by_side("a\nreplicas: 2\nc\nd\n", "a\nreplicas: 4\nc\nnew\nd\n");
        let kinds: Vec<Kind> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Same,
                Kind::Changed,
                Kind::Same,
                Kind::Added,
                Kind::Same
            ]
        );
        assert_eq!(rows[1].left, Some((2, "replicas: 2".into())));
        assert_eq!(rows[1].right, Some((2, "replicas: 4".into())));
        assert_eq!(rows[3].left, None);
        assert_eq!(rows[4].left, Some((4, "d".into())));
        assert_eq!(rows[4].right, Some((5, "d".into())));
        assert_eq!(changes(&rows), 2);
    }

    #[test]
    fn removals_and_identical_texts() {
        let rows = side_by_side("x\ny\n", "y\n");
        assert_eq!(rows[0].kind, Kind::Removed);
        assert_eq!(rows[1].kind, Kind::Same);
        assert_eq!(changes(&side_by_side("same\n", "same\n")), 0);
        assert_eq!(side_by_side("", "").len(), 0);
    }

    #[test]
    fn json_documents_differ_only_where_values_do() {
        let before =
            serde_json::json!({"group": {"name": "web", "capacity": {"minimum": 1, "target": 2}}});
        let after =
            serde_json::json!({"group": {"capacity": {"target": 4, "minimum": 1}, "name": "web"}});
        let rows = side_by_side(&json_lines(&before), &json_lines(&after));
        let changed: Vec<&Row> = rows.iter().filter(|r| r.kind != Kind::Same).collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].left.as_ref().unwrap().1.trim(), "\"target\": 2");
        assert_eq!(changed[0].right.as_ref().unwrap().1.trim(), "\"target\": 4");
        assert_eq!(
            changes(&side_by_side(&json_lines(&before), &json_lines(&before))),
            0
        );
    }
}
