//! What the operator types, checked before anything is sent, and turned into the bodies the
//! document describes (JSON, urlencoded forms with repeated keys, multipart uploads).

use serde_json::{json, Value};

use crate::api::FilePart;

pub use crate::api::field::{message_for, FieldError};

/// Splits Kubernetes configs on lines that are exactly `---` (trailing blanks allowed), the way
/// the base-config field expects several blocks. Blocks that are empty or only comments are
/// dropped; each block keeps its own text.
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

/// The `kind` and `metadata.name` a config block declares, read line by line (no YAML parser:
/// Q22 shows configs that a strict parser refuses).
pub fn kind_and_name(doc: &str) -> (Option<String>, Option<String>) {
    let mut kind = None;
    let mut name = None;
    let mut in_metadata = false;
    for line in doc.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if indent == 0 {
            in_metadata = t == "metadata:";
            if let Some(k) = t.strip_prefix("kind:") {
                kind = Some(unquote(k));
            }
        } else if in_metadata && name.is_none() {
            if let Some(n) = t.strip_prefix("name:") {
                name = Some(unquote(n));
            }
        }
    }
    (
        kind.filter(|k| !k.is_empty()),
        name.filter(|n| !n.is_empty()),
    )
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(['"', '\'']).to_string()
}

/// The value trimmed, or `missing` when nothing is left.
fn required<'a>(field: &'static str, value: &'a str, missing: &str) -> Result<&'a str, FieldError> {
    match value.trim() {
        "" => Err(FieldError::new(field, missing)),
        v => Ok(v),
    }
}

/// Q17: the comment of an image override uses a-z, A-Z, 0-9, `-` and `_` (the document's
/// "a-zA-z" would also let `[\]^_\`` through; the intended set is taken) and has at most 40
/// characters.
pub fn validate_comment(comment: &str) -> Result<(), FieldError> {
    let c = required(
        "comment",
        comment,
        "A comment is required, such as numpy-package-update.",
    )?;
    if let Some(bad) = c
        .chars()
        .find(|ch| !(ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_'))
    {
        return Err(FieldError::new(
            "comment",
            format!("Use only letters a–z and A–Z, digits, - and _ (\"{bad}\" is not allowed)."),
        ));
    }
    let n = c.chars().count();
    if n > 40 {
        return Err(FieldError::new(
            "comment",
            format!("At most 40 characters ({n} now)."),
        ));
    }
    Ok(())
}

/// A Kubernetes object name: lowercase letters, digits, `-` and `.`, at most 253 characters.
pub fn validate_object_name(field: &'static str, name: &str) -> Result<(), FieldError> {
    let n = required(field, name, "Choose an object.")?;
    if n.len() > 253 {
        return Err(FieldError::new(
            field,
            "Object names have at most 253 characters.",
        ));
    }
    let ok_chars = n
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let ok_ends = n.starts_with(|c: char| c.is_ascii_alphanumeric())
        && n.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !ok_chars || !ok_ends {
        return Err(FieldError::new(
            field,
            "Kubernetes names use lowercase letters, digits, - and ., and start and end with a letter or digit.",
        ));
    }
    Ok(())
}

/// An image reference such as `gcr.io/instabase-public/image:tag`.
pub fn validate_image(image: &str) -> Result<(), FieldError> {
    let i = required(
        "image",
        image,
        "An image is required, such as gcr.io/instabase-public/image:tag.",
    )?;
    if i.contains(char::is_whitespace) || i.contains("://") {
        return Err(FieldError::new(
            "image",
            "Write the image as registry/path/name:tag, without spaces or a scheme.",
        ));
    }
    let last = i.rsplit('/').next().unwrap_or(i);
    if !last.contains(':') && !last.contains('@') {
        return Err(FieldError::new(
            "image",
            "Add a tag (name:tag) or a digest (name@sha256:…) so the change is explicit.",
        ));
    }
    Ok(())
}

/// A release version such as `23.07.0`.
pub fn validate_release(release: &str) -> Result<(), FieldError> {
    let r = release.trim();
    let parts: Vec<&str> = r.split('.').collect();
    let ok = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().next().is_some_and(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "release_version",
            "Write the release as numbers with dots, such as 23.07.0.",
        ))
    }
}

/// A namespace: a DNS label (lowercase letters, digits, `-`, at most 63).
pub fn validate_namespace(ns: &str) -> Result<(), FieldError> {
    let n = ns.trim();
    let ok = !n.is_empty()
        && n.len() <= 63
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !n.starts_with('-')
        && !n.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "namespace",
            "Use lowercase letters, digits and -, at most 63 characters, not starting or ending with -.",
        ))
    }
}

/// An image registry such as `gcr.io/instabase-public` (no scheme, no tag).
pub fn validate_registry(registry: &str) -> Result<(), FieldError> {
    let r = required(
        "registry",
        registry.trim().trim_end_matches('/'),
        "A registry is required, such as gcr.io/instabase-public.",
    )?;
    if r.contains("://")
        || r.contains(char::is_whitespace)
        || r.rsplit('/')
            .next()
            .is_some_and(|l| l.contains(':') && r.contains('/'))
    {
        return Err(FieldError::new(
            "registry",
            "Write host/path only, such as gcr.io/instabase-public (no https://, no tag).",
        ));
    }
    Ok(())
}

/// A resource label: letters, digits, `-`, `_`, `.`, at most 63 characters.
pub fn validate_label(field: &'static str, label: &str) -> Result<(), FieldError> {
    let l = label.trim();
    let ok = !l.is_empty()
        && l.len() <= 63
        && l.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "Labels use letters, digits, -, _ and ., at most 63 characters.",
        ))
    }
}

/// The targets a patch text names. A JSON patch document needs `target` and a `patch` list
/// (Q21: the table calls `target` optional, but every patch must name one); every YAML
/// document must start with `# target: <object-or-label>`.
pub fn patch_targets(text: &str) -> Result<Vec<String>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("patch", "Paste a patch, or choose a file."));
    }
    if t.starts_with('{') {
        let v: Value = serde_json::from_str(t).map_err(|e| {
            FieldError::new("patch", format!("This JSON patch is not valid JSON: {e}."))
        })?;
        let target = v
            .get("target")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                FieldError::new(
                    "patch",
                    "A JSON patch needs a \"target\": the object or label it changes.",
                )
            })?;
        let ops = v
            .get("patch")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty());
        let Some(ops) = ops else {
            return Err(FieldError::new(
                "patch",
                "A JSON patch needs a \"patch\" list of operations.",
            ));
        };
        for (i, op) in ops.iter().enumerate() {
            let name = op.get("op").and_then(Value::as_str).unwrap_or("");
            if !["add", "copy", "remove", "replace", "move", "test"].contains(&name) {
                return Err(FieldError::new(
                    "patch",
                    format!(
                        "Operation {} has op \"{name}\"; use add, copy, remove, replace or move.",
                        i + 1
                    ),
                ));
            }
            if op.get("path").and_then(Value::as_str).is_none() {
                return Err(FieldError::new(
                    "patch",
                    format!("Operation {} has no \"path\".", i + 1),
                ));
            }
        }
        return Ok(vec![target.to_string()]);
    }
    let docs = split_documents(text);
    let mut targets = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let first = doc
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let target = first
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("target:"))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        match target {
            Some(t) => targets.push(t.to_string()),
            None => {
                return Err(FieldError::new(
                    "patch",
                    if docs.len() > 1 {
                        format!(
                            "Patch {} must start with a line \"# target: <object-or-label>\".",
                            i + 1
                        )
                    } else {
                        "The patch must start with a line \"# target: <object-or-label>\".".into()
                    },
                ))
            }
        }
    }
    Ok(targets)
}

/// A file whose name ends in one of `allowed`.
pub fn validate_file_name(
    field: &'static str,
    name: &str,
    allowed: &[&str],
) -> Result<(), FieldError> {
    let lower = name.to_ascii_lowercase();
    if allowed.iter().any(|e| lower.ends_with(e)) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("Choose a {} file.", allowed.join(", ")),
        ))
    }
}

pub const BASE_CONFIG_FILES: [&str; 3] = [".zip", ".tar.gz", ".tgz"];
pub const PATCH_FILES: [&str; 6] = [".yml", ".yaml", ".json", ".zip", ".tar.gz", ".tgz"];

// ---- request inputs ---------------------------------------------------------------------

/// Where base configs come from: text (several blocks split on `---`) or an archive.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigSource {
    Text(String),
    File(FilePart),
}

/// The options of database initialization and its mock DDL (ops 3 and 4).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DbInit {
    pub create_admin_account: bool,
    pub admin_email: String,
    pub admin_username: String,
    pub enable_control_plane: bool,
    pub enable_key_service: bool,
    pub enable_ml_studio: bool,
    pub enable_model_registry_pv: bool,
    pub enable_repo_projects: bool,
}

impl DbInit {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = self.admin_email.trim();
        // Q4: "Optional if create_admin_account is true" is read as "needed only then".
        if self.create_admin_account {
            if email.is_empty() {
                errors.push(FieldError::new(
                    "admin_email",
                    "An email is needed for the admin account.",
                ));
            } else if !email.contains('@') || email.contains(' ') {
                errors.push(FieldError::new(
                    "admin_email",
                    "This is not an email address.",
                ));
            }
        }
        let user = self.admin_username.trim();
        if !user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            errors.push(FieldError::new(
                "admin_username",
                "Use letters, digits, ., _ and - (empty means admin).",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The JSON body. Q5: the example sends every boolean as the string "true"/"false", and so
    /// does the console (the schema's booleans are accepted by the emulator too). The email and
    /// user name go only with an admin account.
    pub fn body(&self) -> Value {
        let b = |v: bool| Value::String(v.to_string());
        let mut body = json!({
            "create_admin_account": b(self.create_admin_account),
            "enable_control_plane": b(self.enable_control_plane),
            "enable_key_service": b(self.enable_key_service),
            "enable_ml_studio": b(self.enable_ml_studio),
            "enable_model_registry_pv": b(self.enable_model_registry_pv),
            "enable_repo_projects": b(self.enable_repo_projects),
        });
        if self.create_admin_account {
            body["admin_email"] = json!(self.admin_email.trim());
            if !self.admin_username.trim().is_empty() {
                body["admin_username"] = json!(self.admin_username.trim());
            }
        }
        body
    }
}

/// An image override (op 9).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ImageUpdate {
    pub object: String,
    /// Empty means the object's first container (Q16).
    pub container: String,
    pub image: String,
    pub comment: String,
}

impl ImageUpdate {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let errors: Vec<FieldError> = [
            validate_object_name("object", &self.object),
            validate_image(&self.image),
            validate_comment(&self.comment),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The urlencoded fields; `container` only when chosen.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut p = vec![
            ("image".to_string(), self.image.trim().to_string()),
            ("object".to_string(), self.object.trim().to_string()),
            ("comment".to_string(), self.comment.trim().to_string()),
        ];
        if !self.container.trim().is_empty() {
            p.push(("container".into(), self.container.trim().into()));
        }
        p
    }
}

/// A patch to apply: text or a file, with an optional description.
#[derive(Clone, Debug, PartialEq)]
pub enum PatchSource {
    Text(String),
    File(FilePart),
}

/// Cluster sizes (op 26).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterSize {
    Standard,
    Large,
    XLarge,
}

impl ClusterSize {
    pub const ALL: [ClusterSize; 3] = [
        ClusterSize::Standard,
        ClusterSize::Large,
        ClusterSize::XLarge,
    ];

    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterSize::Standard => "standard",
            ClusterSize::Large => "large",
            ClusterSize::XLarge => "x-large",
        }
    }

    pub fn parse(s: &str) -> Option<ClusterSize> {
        ClusterSize::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn capacity(self) -> &'static str {
        match self {
            ClusterSize::Standard => "64 CPU cores, 256 GB memory",
            ClusterSize::Large => "128 CPU cores, 512 GB memory",
            ClusterSize::XLarge => "256 CPU cores, 1024 GB memory",
        }
    }
}

/// Telescope data sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSource {
    Logs,
    Stats,
    Configs,
}

impl DataSource {
    pub const ALL: [DataSource; 3] = [DataSource::Logs, DataSource::Stats, DataSource::Configs];

    pub fn as_str(self) -> &'static str {
        match self {
            DataSource::Logs => "LOGS",
            DataSource::Stats => "STATS",
            DataSource::Configs => "CONFIGS",
        }
    }
}

/// A telescope export (op 37). `start` and `end` are date-time picker values
/// (`2023-10-26T13:08`, read as UTC) or ISO timestamps.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ExportRequest {
    pub services: Vec<String>,
    pub data_sources: Vec<DataSource>,
    pub start: String,
    pub end: String,
    pub label: String,
}

/// A date-time picker value or an ISO timestamp as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC). Q53: the
/// document's example writes the time with dots (`13.08.45.131Z`); that reads too.
pub fn iso_time(text: &str) -> Option<String> {
    let t = text.trim();
    let (date, time) = t.split_once('T').or_else(|| t.split_once(' '))?;
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3
        || d[0].len() != 4
        || d.iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let time = time.trim_end_matches('Z');
    let time = if time.contains(':') {
        time.to_string()
    } else {
        time.replacen('.', ":", 2)
    };
    let (hms, millis) = match time.split_once('.') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (time.clone(), String::new()),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|n| n <= max);
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, "00"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let month_ok = d[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    let day_ok = d[2].parse::<u32>().is_ok_and(|x| (1..=31).contains(&x));
    if !(num(h, 23) && num(m, 59) && num(s, 59) && month_ok && day_ok) {
        return None;
    }
    let ms: String = format!("{millis:0<3}").chars().take(3).collect();
    if !ms.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}-{}-{}T{h}:{m}:{s}.{ms}Z", d[0], d[1], d[2]))
}

impl ExportRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.services.iter().all(|s| s.trim().is_empty()) {
            errors.push(FieldError::new("services", "Choose at least one service."));
        }
        if self.data_sources.is_empty() {
            errors.push(FieldError::new(
                "data_sources",
                "Choose LOGS, STATS and/or CONFIGS.",
            ));
        }
        let start = iso_time(&self.start);
        let end = iso_time(&self.end);
        if start.is_none() {
            errors.push(FieldError::new("start", "Pick the start of the period."));
        }
        if end.is_none() {
            errors.push(FieldError::new("end", "Pick the end of the period."));
        }
        if let (Some(s), Some(e)) = (&start, &end) {
            if s >= e {
                errors.push(FieldError::new("end", "The end must come after the start."));
            }
        }
        let label = self.label.trim();
        if label.is_empty() {
            errors.push(FieldError::new(
                "label",
                "A label names the generated file.",
            ));
        } else if !label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(FieldError::new("label", "Use letters, digits, - and _."));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The JSON body, times as ISO timestamps.
    pub fn body(&self) -> Value {
        let services: Vec<&str> = self
            .services
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let sources: Vec<&str> = self.data_sources.iter().map(|d| d.as_str()).collect();
        json!({
            "services": services,
            "data_sources": sources,
            "start": iso_time(&self.start).unwrap_or_else(|| self.start.trim().to_string()),
            "end": iso_time(&self.end).unwrap_or_else(|| self.end.trim().to_string()),
            "label": self.label.trim(),
        })
    }
}
