//! The subset of YAML that Kubernetes configs use (block maps and sequences, plain and quoted
//! scalars, `|`/`>` block scalars, simple flow collections, comments), read into and written
//! from `serde_json::Value`. Enough to store, patch and re-emit configs; not a full YAML parser.

use serde_json::{Map, Number, Value};

/// Splits a multi-document text on lines that are exactly `---` (trailing spaces allowed).
/// Documents that are empty or only comments are dropped.
pub fn split_documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim_end() == "---" {
            docs.push(std::mem::take(&mut current));
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    docs.push(current);
    docs.into_iter()
        .filter(|d| {
            d.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .collect()
}

#[derive(Clone, Debug)]
struct Line {
    no: usize,
    indent: usize,
    text: String,
}

struct Parser {
    lines: Vec<Line>,
    raw: Vec<String>,
    pos: usize,
}

/// Reads one YAML document.
pub fn parse(text: &str) -> Result<Value, String> {
    let raw: Vec<String> = text.lines().map(|l| l.replace('\t', "  ")).collect();
    let lines = raw
        .iter()
        .enumerate()
        .map(|(i, l)| Line {
            no: i,
            indent: l.len() - l.trim_start().len(),
            text: l.trim().to_string(),
        })
        .collect();
    let mut p = Parser { lines, raw, pos: 0 };
    p.skip_ignorable();
    if p.pos >= p.lines.len() {
        return Ok(Value::Null);
    }
    let indent = p.lines[p.pos].indent;
    let v = p.node(indent)?;
    p.skip_ignorable();
    if p.pos < p.lines.len() {
        let l = &p.lines[p.pos];
        return Err(format!(
            "line {}: unexpected content \"{}\"",
            l.no + 1,
            l.text
        ));
    }
    Ok(v)
}

fn is_ignorable(text: &str) -> bool {
    text.is_empty() || text.starts_with('#') || text == "---" || text == "..."
}

fn is_seq_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Splits `key: rest` at the first `:` outside quotes that ends the line or precedes a space.
fn split_key(text: &str) -> Option<(String, String)> {
    let bytes = text.as_bytes();
    let (key_end, rest_start) = if bytes.first() == Some(&b'"') || bytes.first() == Some(&b'\'') {
        let q = bytes[0];
        let mut i = 1;
        while i < bytes.len() {
            if bytes[i] == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if bytes[i] == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        let after = text.get(i + 1..)?;
        let after_trim = after.trim_start();
        if !after_trim.starts_with(':') {
            return None;
        }
        let colon = i + 1 + (after.len() - after_trim.len());
        let rest = &text[colon + 1..];
        if !rest.is_empty() && !rest.starts_with(' ') {
            return None;
        }
        (i + 1, colon + 1)
    } else {
        let mut found = None;
        for (i, c) in text.char_indices() {
            if c == '#' && i > 0 && text[..i].ends_with(' ') {
                break;
            }
            if c == ':' {
                let next = text[i + 1..].chars().next();
                if next.is_none() || next == Some(' ') {
                    found = Some(i);
                    break;
                }
            }
        }
        let i = found?;
        (i, i + 1)
    };
    let key = scalar_text(text[..key_end].trim()).ok()?;
    Some((key, text[rest_start..].trim().to_string()))
}

fn scalar_text(s: &str) -> Result<String, String> {
    match parse_scalar(s)? {
        Value::String(s) => Ok(s),
        Value::Null => Ok(String::new()),
        other => Ok(other.to_string()),
    }
}

fn strip_comment(s: &str) -> &str {
    if s.starts_with('"') || s.starts_with('\'') {
        return s;
    }
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        if c == '#' && prev_space {
            return s[..i].trim_end();
        }
        prev_space = c == ' ';
    }
    s
}

/// A scalar or a flow collection written on one line.
fn parse_scalar(s: &str) -> Result<Value, String> {
    let s = strip_comment(s.trim());
    if s.starts_with('[') || s.starts_with('{') {
        let mut f = Flow {
            s: s.as_bytes(),
            src: s,
            i: 0,
        };
        let v = f.value()?;
        f.ws();
        if f.i != s.len() {
            return Err(format!("unexpected text after flow collection: {s}"));
        }
        return Ok(v);
    }
    if let Some(inner) = s.strip_prefix('"') {
        let Some(inner) = inner.strip_suffix('"') else {
            return Err(format!("unterminated quoted string: {s}"));
        };
        return serde_json::from_str::<String>(&format!("\"{inner}\""))
            .map(Value::String)
            .map_err(|e| format!("bad quoted string {s}: {e}"));
    }
    if let Some(inner) = s.strip_prefix('\'') {
        let Some(inner) = inner.strip_suffix('\'') else {
            return Err(format!("unterminated quoted string: {s}"));
        };
        return Ok(Value::String(inner.replace("''", "'")));
    }
    Ok(plain(s))
}

fn plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = s
        .trim_start_matches(['-', '+'])
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit());
    if numeric {
        if let Ok(i) = s.parse::<i64>() {
            return Value::Number(i.into());
        }
        if s.contains('.') && s.matches('.').count() == 1 {
            if let Some(n) = s.parse::<f64>().ok().and_then(Number::from_f64) {
                return Value::Number(n);
            }
        }
    }
    Value::String(s.to_string())
}

struct Flow<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Flow<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i] == b' ' {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(format!("bad flow sequence: {}", self.src)),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut map = Map::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(map));
                    }
                    let key = match self.value()? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return Err(format!("bad flow mapping: {}", self.src));
                    }
                    self.i += 1;
                    let v = self.value()?;
                    map.insert(key, v);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return Err(format!("bad flow mapping: {}", self.src)),
                    }
                }
            }
            Some(q @ (b'"' | b'\'')) => {
                let q = *q;
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && self.s[self.i] != q {
                    if self.s[self.i] == b'\\' && q == b'"' {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                self.i += 1;
                let text = self.src.get(start..self.i.min(self.s.len())).unwrap_or("");
                parse_scalar(text)
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b']' | b'}') {
                    if self.s[self.i] == b':' && self.s.get(self.i + 1).is_none_or(|c| *c == b' ') {
                        break;
                    }
                    self.i += 1;
                }
                Ok(plain(self.src[start..self.i].trim()))
            }
        }
    }
}

impl Parser {
    fn skip_ignorable(&mut self) {
        while self.pos < self.lines.len() && is_ignorable(&self.lines[self.pos].text) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<Line> {
        self.skip_ignorable();
        self.lines.get(self.pos).cloned()
    }

    fn node(&mut self, indent: usize) -> Result<Value, String> {
        let Some(line) = self.peek() else {
            return Ok(Value::Null);
        };
        if is_seq_item(&line.text) {
            self.seq(line.indent)
        } else if split_key(&line.text).is_some() {
            self.map(line.indent)
        } else if line.indent >= indent {
            self.pos += 1;
            parse_scalar(&line.text)
        } else {
            Ok(Value::Null)
        }
    }

    fn map(&mut self, indent: usize) -> Result<Value, String> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return Err(format!(
                    "line {}: unexpected indentation before \"{}\"",
                    line.no + 1,
                    line.text
                ));
            }
            if is_seq_item(&line.text) {
                break;
            }
            let Some((key, rest)) = split_key(&line.text) else {
                return Err(format!(
                    "line {}: expected \"key: value\", found \"{}\"",
                    line.no + 1,
                    line.text
                ));
            };
            self.pos += 1;
            let value = self.value_after(indent, &rest, true)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// The value of a `key:` or `- ` whose inline remainder is `rest`.
    fn value_after(&mut self, indent: usize, rest: &str, in_map: bool) -> Result<Value, String> {
        let rest = strip_comment(rest);
        if let Some(style) = block_style(rest) {
            return Ok(Value::String(self.block_scalar(indent, style)));
        }
        if !rest.is_empty() {
            return parse_scalar(rest);
        }
        match self.peek() {
            Some(next) if next.indent > indent => self.node(next.indent),
            // A sequence may sit at its key's indentation.
            Some(next) if in_map && next.indent == indent && is_seq_item(&next.text) => {
                self.seq(indent)
            }
            _ => Ok(Value::Null),
        }
    }

    fn seq(&mut self, indent: usize) -> Result<Value, String> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != indent || !is_seq_item(&line.text) {
                if line.indent > indent {
                    return Err(format!(
                        "line {}: unexpected indentation before \"{}\"",
                        line.no + 1,
                        line.text
                    ));
                }
                break;
            }
            let after = line.text[1..].trim_start();
            if after.is_empty() || after.starts_with('#') {
                self.pos += 1;
                items.push(self.value_after(indent, "", false)?);
                continue;
            }
            // "- key: v" or "- - x": the rest of the item starts at a deeper column.
            let inner_indent = indent + (line.text.len() - after.len());
            if is_seq_item(after) || split_key(after).is_some() {
                self.lines[self.pos] = Line {
                    no: line.no,
                    indent: inner_indent,
                    text: after.to_string(),
                };
                items.push(self.node(inner_indent)?);
            } else {
                self.pos += 1;
                items.push(self.value_after(indent, after, false)?);
            }
        }
        Ok(Value::Array(items))
    }

    fn block_scalar(&mut self, indent: usize, style: BlockStyle) -> String {
        let mut collected: Vec<&str> = Vec::new();
        let mut block_indent = None;
        let mut end = self.pos;
        while end < self.raw.len() {
            let raw = &self.raw[end];
            let trimmed = raw.trim_start();
            let ind = raw.len() - trimmed.len();
            if trimmed.is_empty() {
                collected.push("");
                end += 1;
                continue;
            }
            if ind <= indent {
                break;
            }
            let bi = *block_indent.get_or_insert(ind);
            if ind < bi {
                break;
            }
            collected.push(&raw[bi..]);
            end += 1;
        }
        while collected.last() == Some(&"") {
            collected.pop();
        }
        self.pos = end;
        let mut out = if style.folded {
            let mut s = String::new();
            for (i, l) in collected.iter().enumerate() {
                if i > 0 {
                    s.push(if l.is_empty() || collected[i - 1].is_empty() {
                        '\n'
                    } else {
                        ' '
                    });
                }
                s.push_str(l);
            }
            s
        } else {
            collected.join("\n")
        };
        if !style.strip && !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[derive(Clone, Copy)]
struct BlockStyle {
    folded: bool,
    strip: bool,
}

fn block_style(rest: &str) -> Option<BlockStyle> {
    let (folded, tail) = if let Some(t) = rest.strip_prefix('|') {
        (false, t)
    } else if let Some(t) = rest.strip_prefix('>') {
        (true, t)
    } else {
        return None;
    };
    let tail = tail.trim_matches(|c: char| c.is_ascii_digit());
    match tail {
        "" | "+" => Some(BlockStyle {
            folded,
            strip: false,
        }),
        "-" => Some(BlockStyle {
            folded,
            strip: true,
        }),
        _ => None,
    }
}

/// Writes a value as block YAML (Kubernetes style: `apiVersion`, `kind`, `metadata` first,
/// `name` first in list items).
pub fn emit(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => emit_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => emit_seq(a, 0, &mut out),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

const FIRST_KEYS: [&str; 6] = [
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "namespace",
    "spec",
];

fn ordered(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
    entries.sort_by_key(|(k, _)| {
        FIRST_KEYS
            .iter()
            .position(|f| f == k)
            .unwrap_or(FIRST_KEYS.len())
    });
    entries
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn emit_map(m: &Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (k, v)) in ordered(m).into_iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str(&key_text(k));
        out.push(':');
        emit_child(v, indent, out);
    }
}

fn emit_child(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit_seq(a, indent + 2, out);
        }
        Value::String(s) if s.contains('\n') => {
            let body = s.strip_suffix('\n');
            out.push_str(if body.is_some() { " |\n" } else { " |-\n" });
            for line in body.unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    pad(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn emit_seq(a: &[Value], indent: usize, out: &mut String) {
    for v in a {
        pad(out, indent);
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => emit_map(m, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_seq(inner, indent + 2, out);
            }
            Value::String(s) if s.contains('\n') => {
                // A block scalar in a list item.
                out.pop();
                emit_child(v, indent, out);
            }
            other => {
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

fn key_text(k: &str) -> String {
    if needs_quotes(k) {
        serde_json::to_string(k).unwrap_or_default()
    } else {
        k.to_string()
    }
}

fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => key_text(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    if !matches!(plain(s), Value::String(_)) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !(first == '-' && s.len() > 1 && !s.starts_with("- "))
    {
        return true;
    }
    s.contains(": ") || s.ends_with(':') || s.contains(" #") || s.contains('\n') || s.contains('\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_kubernetes_style_yaml() {
        let text = "# target: x\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels: {app: api, tier: \"web\"}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: api\n          image: gcr.io/x/api:1.0\n          args: [\"--port\", 80]\n          env:\n          - name: A\n            value: \"true\"\n  note: |\n    line one\n\n    line two\n";
        let v = parse(text).unwrap();
        assert_eq!(v["spec"]["replicas"], json!(2));
        assert_eq!(
            v["metadata"]["labels"],
            json!({"app": "api", "tier": "web"})
        );
        let c = &v["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], json!("gcr.io/x/api:1.0"));
        assert_eq!(c["args"], json!(["--port", 80]));
        assert_eq!(c["env"][0], json!({"name": "A", "value": "true"}));
        assert_eq!(v["spec"]["note"], json!("line one\n\nline two\n"));
        assert_eq!(parse(&emit(&v)).unwrap(), v);
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert!(parse("metadata:\n  name: a\n  namespace:instabase").is_err());
        assert!(parse("a: 1\n    b: 2").is_err());
    }

    #[test]
    fn splits_documents() {
        let docs = split_documents("a: 1\n---\n# only a comment\n---\nb: 2\n--- \n");
        assert_eq!(docs, vec!["a: 1\n", "b: 2\n"]);
    }

    #[test]
    fn quotes_strings_that_would_read_as_something_else() {
        let v = json!({"a": "true", "b": "8080", "c": "x: y", "d": "", "e": "-x", "f": "plain"});
        let text = emit(&v);
        assert_eq!(parse(&text).unwrap(), v, "{text}");
        assert!(text.contains("f: plain\n"));
    }
}
