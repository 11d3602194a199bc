use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// HTTP methods the documents use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// GET is the only method the console ever offers to repeat on its own accord.
    pub fn is_safe(self) -> bool {
        self == Method::Get
    }
}

/// A file in a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePart {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One field of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(String, String),
    File(String, FilePart),
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Body {
    #[default]
    Empty,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    Multipart(Vec<Part>),
}

impl Body {
    /// The Content-Type header the body needs (multipart's is set by the transport, with its boundary).
    pub fn content_type(&self) -> Option<&'static str> {
        match self {
            Body::Empty | Body::Multipart(_) => None,
            Body::Json(_) => Some("application/json"),
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
        }
    }

    /// The body as text, for JSON and form bodies.
    pub fn text(&self) -> Option<String> {
        match self {
            Body::Empty | Body::Multipart(_) => None,
            Body::Json(v) => Some(v.to_string()),
            Body::Form(pairs) => Some(encode_pairs(pairs)),
        }
    }
}

/// A request relative to an API's base URL, before any credential is attached.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Request {
    pub method: Option<Method>,
    /// Starts with `/`; path parameters already encoded with [`seg`].
    pub path: String,
    /// In order; a key may repeat (`?state=A&state=B`).
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method: Some(method),
            path: path.into(),
            ..Request::default()
        }
    }

    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::Get, path)
    }

    pub fn post(path: impl Into<String>) -> Request {
        Request::new(Method::Post, path)
    }

    pub fn put(path: impl Into<String>) -> Request {
        Request::new(Method::Put, path)
    }

    pub fn patch(path: impl Into<String>) -> Request {
        Request::new(Method::Patch, path)
    }

    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::Delete, path)
    }

    pub fn method(&self) -> Method {
        self.method.unwrap_or(Method::Get)
    }

    /// Adds a query parameter (repeat the call for a repeated key).
    pub fn query(mut self, key: &str, value: impl ToString) -> Request {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Adds a query parameter only when there is a value.
    pub fn query_opt(self, key: &str, value: Option<impl ToString>) -> Request {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Adds the key once per value.
    pub fn query_each<I: IntoIterator<Item = S>, S: ToString>(
        mut self,
        key: &str,
        values: I,
    ) -> Request {
        for v in values {
            self = self.query(key, v);
        }
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn json(mut self, value: serde_json::Value) -> Request {
        self.body = Body::Json(value);
        self
    }

    pub fn form(mut self, pairs: Vec<(String, String)>) -> Request {
        self.body = Body::Form(pairs);
        self
    }

    pub fn multipart(mut self, parts: Vec<Part>) -> Request {
        self.body = Body::Multipart(parts);
        self
    }

    /// `path?query` with the query encoded.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, encode_pairs(&self.query))
        }
    }
}

/// Characters left as they are in a path segment or query component (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one path parameter so it stays one segment, whatever it contains.
pub fn seg(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

pub(crate) fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, COMPONENT),
                utf8_percent_encode(v, COMPONENT)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_stay_one_segment() {
        assert_eq!(seg("a/b c?d"), "a%2Fb%20c%3Fd");
        assert_eq!(seg("pg-orders_1.x~"), "pg-orders_1.x~");
    }

    #[test]
    fn repeated_query_keys_keep_their_order() {
        let r = Request::get("/jobs")
            .query_each("state", ["RUNNING", "FAILED"])
            .query_opt("limit", Some(20))
            .query_opt("offset", None::<String>)
            .query("name", "a&b=c");
        assert_eq!(
            r.path_and_query(),
            "/jobs?state=RUNNING&state=FAILED&limit=20&name=a%26b%3Dc"
        );
    }

    #[test]
    fn bodies_carry_their_content_type() {
        let j = Body::Json(serde_json::json!({"type": "sandbox"}));
        assert_eq!(j.content_type(), Some("application/json"));
        assert_eq!(j.text().as_deref(), Some(r#"{"type":"sandbox"}"#));
        let f = Body::Form(vec![("object_name".into(), "svc a".into())]);
        assert_eq!(f.content_type(), Some("application/x-www-form-urlencoded"));
        assert_eq!(f.text().as_deref(), Some("object_name=svc%20a"));
        assert_eq!(Body::Multipart(vec![]).content_type(), None);
    }
}
