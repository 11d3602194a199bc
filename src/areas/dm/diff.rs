//! Side-by-side line diff of two configs (previous vs new around a patch).

use leptos::prelude::*;

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

/// The two configs side by side, differing lines marked (with a sign, not only colour).
#[component]
pub fn DiffView(
    #[prop(into)] before: String,
    #[prop(into)] after: String,
    #[prop(optional, into)] id: String,
) -> impl IntoView {
    let rows = side_by_side(&before, &after);
    let n = changes(&rows);
    let cell = |side: Option<(usize, String)>, sign: &'static str| match side {
        Some((no, text)) => {
            view! { <td class="dm-ln">{no}</td><td class="dm-line">{sign}{text}</td> }.into_any()
        }
        None => view! { <td class="dm-ln"></td><td class="dm-line"></td> }.into_any(),
    };
    view! {
        <div class="dm-diff" id=id>
            <p class="muted dm-diff-count">{if n == 0 { "No difference.".to_string() } else { format!("{n} line(s) differ.") }}</p>
            <table class="dm-diff-table">
                <thead><tr><th colspan="2">"Previous"</th><th colspan="2">"New"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let (class, ls, rs) = match r.kind {
                            Kind::Same => ("dm-same", "  ", "  "),
                            Kind::Removed => ("dm-del", "- ", "  "),
                            Kind::Added => ("dm-add", "  ", "+ "),
                            Kind::Changed => ("dm-chg", "- ", "+ "),
                        };
                        view! { <tr class=class>{cell(r.left, ls)}{cell(r.right, rs)}</tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
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
}
