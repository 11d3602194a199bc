use serde::de::DeserializeOwned;

use super::{ApiError, ApiKind, Request};

/// An HTTP answer as the transport received it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

type Decoder<T> = fn(ApiKind, &Response) -> Result<T, ApiError>;

/// One operation: the request to send and how to read its answer.
pub struct Call<T> {
    pub api: ApiKind,
    pub request: Request,
    decode: Decoder<T>,
}

impl<T> Call<T> {
    /// A call whose success body is read by `decode` (errors are handled before it runs).
    pub fn new(api: ApiKind, request: Request, decode: Decoder<T>) -> Call<T> {
        Call {
            api,
            request,
            decode,
        }
    }

    /// Reads an answer: non-success statuses become [`ApiError::Http`] in the API's error shape.
    pub fn decode(&self, resp: &Response) -> Result<T, ApiError> {
        if !resp.is_success() {
            return Err(ApiError::from_status(self.api, resp.status, &resp.text()));
        }
        (self.decode)(self.api, resp)
    }
}

impl<T: DeserializeOwned> Call<T> {
    /// A call whose success body is JSON of type `T`.
    pub fn json(api: ApiKind, request: Request) -> Call<T> {
        Call::new(api, request, decode_json::<T>)
    }
}

impl Call<()> {
    /// A call whose success body does not matter (202 with no body, `{"status":"ok"}`).
    pub fn empty(api: ApiKind, request: Request) -> Call<()> {
        Call::new(api, request, |_, _| Ok(()))
    }
}

impl Call<Response> {
    /// A call that keeps the raw answer (downloads).
    pub fn raw(api: ApiKind, request: Request) -> Call<Response> {
        Call::new(api, request, |_, r| Ok(r.clone()))
    }
}

/// Decodes a JSON body; an empty body reads as `null` so `Option`/defaulted types accept it.
pub fn decode_json<T: DeserializeOwned>(api: ApiKind, resp: &Response) -> Result<T, ApiError> {
    let text = resp.text();
    let source = if text.trim().is_empty() {
        "null"
    } else {
        text.as_str()
    };
    serde_json::from_str(source).map_err(|e| ApiError::Decode {
        api,
        error: e.to_string(),
        body: text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Thing {
        #[serde(default)]
        name: String,
    }

    fn resp(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn success_decodes_and_tolerates_extra_fields() {
        let c: Call<Thing> = Call::json(ApiKind::A9s, Request::get("/x"));
        assert_eq!(
            c.decode(&resp(200, r#"{"name":"a","extra":1}"#)),
            Ok(Thing { name: "a".into() })
        );
        assert_eq!(
            c.decode(&resp(200, "{}")),
            Ok(Thing {
                name: String::new()
            })
        );
    }

    #[test]
    fn bad_success_body_keeps_the_raw_text() {
        let c: Call<Thing> = Call::json(ApiKind::Spot, Request::get("/x"));
        match c.decode(&resp(200, "{\"name\": 1")) {
            Err(ApiError::Decode { body, .. }) => assert_eq!(body, "{\"name\": 1"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn error_statuses_use_the_api_shape() {
        let c: Call<()> = Call::empty(ApiKind::A9s, Request::post("/x"));
        let e = c
            .decode(&resp(
                404,
                r#"{"error":"notFound","description":"No such instance."}"#,
            ))
            .unwrap_err();
        assert_eq!(e.status(), Some(404));
        assert_eq!(
            e.api_message().as_deref(),
            Some("No such instance. (notFound)")
        );
        assert_eq!(c.decode(&resp(202, "")), Ok(()));
    }
}

/// How a request failed before any HTTP answer arrived.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    Network(String),
    Timeout(u32),
    Cancelled,
}

/// Sends prepared requests. The browser's is [`super::transport::Fetch`]; tests use fakes.
pub trait Transport {
    fn send(
        &self,
        request: &super::Prepared,
    ) -> impl std::future::Future<Output = Result<Response, Failure>>;
}

/// Sends one call over a transport and reads the answer. Never retries: whether a retry is
/// safe is the user's decision, offered only for idempotent reads. In proxy mode an answer
/// from the SSO proxy instead of the API is [`ApiError::SessionEnded`], never a success or a
/// decode error.
pub async fn execute<T>(
    transport: &impl Transport,
    call: &Call<T>,
    prepared: &super::Prepared,
    mode: super::AuthMode,
) -> Result<T, ApiError> {
    match transport.send(prepared).await {
        Ok(resp) if mode == super::AuthMode::Proxy && super::from_sign_in(&resp) => {
            Err(ApiError::SessionEnded { api: call.api })
        }
        Ok(resp) => call.decode(&resp),
        Err(Failure::Network(message)) => Err(ApiError::Network {
            api: call.api,
            message,
        }),
        Err(Failure::Timeout(seconds)) => Err(ApiError::Timeout {
            api: call.api,
            seconds,
        }),
        Err(Failure::Cancelled) => Err(ApiError::Cancelled),
    }
}

#[cfg(test)]
mod transport_tests {
    use super::*;
    use crate::api::{prepare, AuthMode, Connection, Prepared};
    use std::cell::RefCell;

    struct Fake {
        answer: Result<Response, Failure>,
        seen: RefCell<Vec<String>>,
    }

    impl Fake {
        fn answering(status: u16, content_type: &str, body: &[u8]) -> Fake {
            Fake {
                answer: Ok(Response {
                    status,
                    content_type: Some(content_type.into()),
                    body: body.to_vec(),
                }),
                seen: RefCell::default(),
            }
        }
    }

    impl Transport for Fake {
        async fn send(&self, request: &Prepared) -> Result<Response, Failure> {
            self.seen.borrow_mut().push(request.url.clone());
            self.answer.clone()
        }
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        // The fakes never suspend, so one poll finishes the future.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("fake transport suspended"),
        }
    }

    #[test]
    fn failures_become_api_errors_and_nothing_is_sent_twice() {
        let call = Call::empty(ApiKind::A9s, Request::post("/v1/instances/x/backups"));
        let conn = Connection {
            base_url: "/api/a9s".into(),
            token: "t".into(),
            ..Connection::default()
        };
        let prepared = prepare(ApiKind::A9s, &conn, AuthMode::Token, &call.request);
        let fake = Fake {
            answer: Err(Failure::Timeout(30)),
            seen: RefCell::default(),
        };
        let err = run(execute(&fake, &call, &prepared, AuthMode::Token)).unwrap_err();
        assert_eq!(
            err.summary(),
            "a9s Data Services did not answer within 30 seconds, so the request was stopped."
        );
        assert_eq!(
            fake.seen.borrow().as_slice(),
            ["/api/a9s/v1/instances/x/backups"]
        );
        let fake = Fake {
            answer: Err(Failure::Network("connection refused".into())),
            seen: RefCell::default(),
        };
        assert!(matches!(
            run(execute(&fake, &call, &prepared, AuthMode::Token)),
            Err(ApiError::Network { .. })
        ));
    }

    #[test]
    fn proxy_mode_reads_the_sign_in_page_as_session_ended() {
        let call = Call::empty(ApiKind::A9s, Request::post("/v1/instances/x/backups"));
        let conn = Connection {
            base_url: "/api/a9s".into(),
            ..Connection::default()
        };
        let prepared = prepare(ApiKind::A9s, &conn, AuthMode::Proxy, &call.request);
        // fetch followed the proxy's redirect to its sign-in page: a 200 in HTML.
        let sign_in = Fake::answering(200, "text/html", b"<!doctype html><title>Sign in</title>");
        // Not a success, though the call ignores its body.
        assert_eq!(
            run(execute(&sign_in, &call, &prepared, AuthMode::Proxy)),
            Err(ApiError::SessionEnded { api: ApiKind::A9s })
        );
        let listing: Call<Vec<String>> = Call::json(ApiKind::A9s, Request::get("/v1/instances"));
        assert_eq!(
            run(execute(&sign_in, &listing, &prepared, AuthMode::Proxy)),
            Err(ApiError::SessionEnded { api: ApiKind::A9s })
        );
        // In token mode the same answer is the API's business.
        assert!(matches!(
            run(execute(&sign_in, &listing, &prepared, AuthMode::Token)),
            Err(ApiError::Decode { .. })
        ));
        // The proxy's 401 in proxy mode; the API's 401 with a token stays a refused credential.
        let refused = Fake::answering(401, "application/json", b"{}");
        assert_eq!(
            run(execute(&refused, &call, &prepared, AuthMode::Proxy)),
            Err(ApiError::SessionEnded { api: ApiKind::A9s })
        );
        assert!(run(execute(&refused, &call, &prepared, AuthMode::Token))
            .unwrap_err()
            .is_unauthorized());
    }
}
