//! Request bodies as the document's clients send them: JSON with or without a JSON content type,
//! urlencoded forms (also carrying JSON, X5), and multipart uploads. The body is sniffed:
//! multipart by its content type, then JSON, then urlencoded.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

/// One uploaded file.
#[derive(Clone, Debug)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What a request carried, whatever its encoding.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The body when it was JSON.
    pub json: Option<Value>,
    /// Text fields in order (form fields, multipart text parts, or a JSON object's members).
    pub fields: Vec<(String, String)>,
    /// Multipart file parts named `file`... or anything else, in order.
    pub files: Vec<(String, Upload)>,
}

impl Input {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A field with surrounding blanks removed, `None` when absent or blank.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    }

    /// Every value of a repeatable field.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A boolean field: JSON booleans, or the strings the documents send (Q5, Q23).
    pub fn flag(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => parse_bool(v)
                .map(Some)
                .ok_or_else(|| format!("{key} must be true or false, not \"{v}\"")),
        }
    }

    pub fn file(&self, field: &str) -> Option<&Upload> {
        self.files.iter().find(|(k, _)| k == field).map(|(_, f)| f)
    }
}

pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Reads the body of a request. Errors are the reason the body could not be read.
pub async fn read(req: Request) -> Result<Input, String> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        return read_multipart(req).await;
    }
    let bytes = axum::body::to_bytes(req.into_body(), 64 * 1024 * 1024)
        .await
        .map_err(|e| format!("could not read the request body: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    sniff(&text, content_type.contains("json"))
}

/// JSON first, then urlencoded (X5).
pub fn sniff(text: &str, declared_json: bool) -> Result<Input, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Input::default());
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') || declared_json {
        match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => {
                let fields = json_fields(&v);
                return Ok(Input {
                    json: Some(v),
                    fields,
                    files: Vec::new(),
                });
            }
            Err(e) if declared_json => return Err(format!("the body is not valid JSON: {e}")),
            Err(_) => {}
        }
    }
    Ok(Input {
        fields: parse_pairs(trimmed),
        ..Input::default()
    })
}

fn json_fields(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Value::Object(m) = v {
        for (k, v) in m {
            match v {
                Value::Null => {}
                Value::String(s) => out.push((k.clone(), s.clone())),
                Value::Array(items) => {
                    for i in items {
                        out.push((
                            k.clone(),
                            i.as_str()
                                .map(String::from)
                                .unwrap_or_else(|| i.to_string()),
                        ));
                    }
                }
                other => out.push((k.clone(), other.to_string())),
            }
        }
    }
    out
}

async fn read_multipart(req: Request) -> Result<Input, String> {
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| format!("could not read the multipart body: {e}"))?;
    let mut input = Input::default();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| format!("could not read the multipart body: {e}"))?
    {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(String::from);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("could not read multipart field {name}: {e}"))?;
        match file_name {
            Some(file_name) => input.files.push((
                name,
                Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                },
            )),
            None => input
                .fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(input)
}

/// `a=1&b=x+y&b=%2F` → pairs, in order.
pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_json_then_forms() {
        let i = sniff(r#"{"namespace":"ib","flags":["a","b"],"on":true}"#, false).unwrap();
        assert_eq!(i.get("namespace"), Some("ib"));
        assert_eq!(i.all("flags"), vec!["a", "b"]);
        assert_eq!(i.flag("on"), Ok(Some(true)));
        let i = sniff("label=a&label=b+c&object_name=x%2Fy&dry_run=1", false).unwrap();
        assert_eq!(i.all("label"), vec!["a", "b c"]);
        assert_eq!(i.get("object_name"), Some("x/y"));
        assert_eq!(i.flag("dry_run"), Ok(Some(true)));
        assert!(i.flag("label").is_err());
        assert!(sniff("{nope", true).is_err());
        assert_eq!(
            parse_pairs("a=%zz&b=%4"),
            vec![("a".into(), "%zz".into()), ("b".into(), "%4".into())]
        );
    }
}
