//! "Test connection": one cheap read per API, and what its answer means in words.

use serde_json::Value;

use super::call::decode_json;
use super::{seg, ApiError, ApiKind, Call, Request};

/// The a9s API has no list call, so the check asks for an instance that cannot exist:
/// 404 proves the credential was accepted (a refused one answers 401 first).
pub const A9S_PROBE_INSTANCE: &str = "opsdeck-connection-check";

/// The read each API's connection test makes.
pub fn probe(api: ApiKind) -> Call<Value> {
    let request = match api {
        ApiKind::Dm => Request::get("/platform/version"),
        ApiKind::Solutions => Request::get("/api/v2/solutions/deployed").query("limit", 1),
        ApiKind::A9s => Request::get(format!("/v1/instances/{}", seg(A9S_PROBE_INSTANCE))),
        ApiKind::Keboola => Request::get("/mysql").query("type", "transformations"),
        ApiKind::Spot => Request::get("/setup/account"),
    };
    Call::new(api, request, decode_json::<Value>)
}

/// The test's outcome as a sentence, or the error to show.
pub fn outcome(api: ApiKind, result: Result<Value, ApiError>) -> Result<String, ApiError> {
    let v = match result {
        Ok(v) => v,
        Err(ApiError::Http { status: 404, .. })
            if matches!(api, ApiKind::A9s | ApiKind::Keboola) =>
        {
            return Ok("Connected: the credential was accepted.".into())
        }
        Err(e) => return Err(e),
    };
    Ok(match api {
        ApiKind::Dm => match v.pointer("/data/release_version").and_then(Value::as_str) {
            Some(r) => format!("Connected: platform release {r}."),
            None => "Connected.".into(),
        },
        ApiKind::Solutions => "Connected: the solutions catalog answered.".into(),
        ApiKind::A9s | ApiKind::Keboola => "Connected: the credential was accepted.".into(),
        ApiKind::Spot => {
            let n = v
                .pointer("/response/items")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            format!(
                "Connected: {n} account{} visible.",
                if n == 1 { "" } else { "s" }
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outcomes_in_words() {
        let dm = json!({"statusCode": 200, "data": {"release_version": "23.07"}, "error": null});
        assert_eq!(
            outcome(ApiKind::Dm, Ok(dm)).unwrap(),
            "Connected: platform release 23.07."
        );
        let spot = json!({"response": {"items": [{"accountId": "act-1"}, {"accountId": "act-2"}]}});
        assert_eq!(
            outcome(ApiKind::Spot, Ok(spot)).unwrap(),
            "Connected: 2 accounts visible."
        );
        let gone = ApiError::from_status(
            ApiKind::A9s,
            404,
            r#"{"error":"notFound","description":"x"}"#,
        );
        assert!(outcome(ApiKind::A9s, Err(gone)).is_ok());
        let refused = ApiError::from_status(ApiKind::A9s, 401, "");
        assert!(outcome(ApiKind::A9s, Err(refused)).is_err());
        let missing = ApiError::from_status(ApiKind::Spot, 404, "");
        assert!(outcome(ApiKind::Spot, Err(missing)).is_err());
    }
}
