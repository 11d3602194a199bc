use super::{Body, Part, Prepared};

/// Every header of a prepared request, secret values replaced by the shell variable
/// `$OPSDECK_TOKEN` (`Bearer $OPSDECK_TOKEN` for a bearer token).
pub fn masked_headers(p: &Prepared) -> Vec<(String, String)> {
    p.headers
        .iter()
        .map(|(name, value)| {
            let secret = p
                .secret_headers
                .iter()
                .any(|s| s.eq_ignore_ascii_case(name));
            let value = match (secret, value.starts_with("Bearer ")) {
                (false, _) => value.clone(),
                (true, true) => "Bearer $OPSDECK_TOKEN".to_string(),
                (true, false) => "$OPSDECK_TOKEN".to_string(),
            };
            (name.clone(), value)
        })
        .collect()
}

/// The request as a shell command to paste into a terminal. Secret headers are replaced by a
/// shell variable (`$OPSDECK_TOKEN`) so the copied text never contains a credential.
pub fn curl_command(p: &Prepared, origin: &str) -> String {
    let url = if p.url.starts_with('/') {
        format!("{origin}{}", p.url)
    } else {
        p.url.clone()
    };
    let mut out = format!("curl -sS -X {} {}", p.method.as_str(), quote(&url));
    for (name, value) in masked_headers(p) {
        // Double quotes so the variable expands; escape what the shell would interpret.
        let escaped = format!("{name}: {value}")
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('`', "\\`");
        out.push_str(&format!(" -H \"{escaped}\""));
    }
    match &p.body {
        Body::Empty => {}
        Body::Multipart(parts) => {
            for part in parts {
                match part {
                    Part::Text(k, v) => {
                        out.push_str(&format!(" -F {}", quote(&format!("{k}={v}"))))
                    }
                    Part::File(k, f) => {
                        out.push_str(&format!(" -F {}", quote(&format!("{k}=@{}", f.file_name))))
                    }
                }
            }
        }
        other => {
            if let Some(text) = other.text() {
                out.push_str(&format!(" --data-raw {}", quote(&text)));
            }
        }
    }
    out
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{prepare, ApiKind, AuthMode, Connection, Request};

    #[test]
    fn copied_command_never_contains_the_token() {
        let conn = Connection {
            base_url: "/api/a9s".into(),
            token: "super-secret".into(),
            ..Connection::default()
        };
        let req = Request::post("/v1/instances/it's/backups").json(serde_json::json!({"a": 1}));
        let p = prepare(ApiKind::A9s, &conn, AuthMode::Token, &req);
        let cmd = curl_command(&p, "http://127.0.0.1:8080");
        assert!(!cmd.contains("super-secret"), "{cmd}");
        assert_eq!(
            cmd,
            "curl -sS -X POST 'http://127.0.0.1:8080/api/a9s/v1/instances/it'\\''s/backups' \
             -H \"Authorization: Bearer $OPSDECK_TOKEN\" -H \"Content-Type: application/json\" \
             --data-raw '{\"a\":1}'"
        );
    }
}
