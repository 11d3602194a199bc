//! The operations table: one tab-separated row per documented operation, in the document's order.

/// The columns the generator uses.
pub struct Row {
    pub section: String,
    pub title: String,
    pub seed_method: String,
    pub seed_path: String,
    /// Today's method and path where the operation is still in the API (or its successor's).
    pub method: String,
    pub path: String,
    pub destructive: bool,
    pub notes: String,
}

pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("the table has no column {name}"))
    };
    let (section, title, seed_method, seed_path) = (
        col("section")?,
        col("title")?,
        col("seed_method")?,
        col("seed_path")?,
    );
    let (method, path, destructive, notes) = (
        col("method")?,
        col("path")?,
        col("destructive")?,
        col("notes")?,
    );
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let cells: Vec<String> = line.split('\t').map(unquote).collect();
        if cells.len() != header.len() {
            return Err(format!("table line {}: {} cells", n + 2, cells.len()));
        }
        rows.push(Row {
            section: cells[section].clone(),
            title: cells[title].clone(),
            seed_method: cells[seed_method].clone(),
            seed_path: cells[seed_path].clone(),
            method: cells[method].clone(),
            path: cells[path].clone(),
            destructive: cells[destructive] == "yes",
            notes: cells[notes].clone(),
        });
    }
    Ok(rows)
}

/// A cell as written by a spreadsheet: `"…"` with `""` for a quote.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}
