//! The identity rule: an id the console sends is one it read. An id read from an answer (or
//! from the address the operator navigated to) is an [`Id`]: a non-empty string, or an integer
//! within the API's range. Anything else is [`Unread`], and every operation that targets an
//! object takes an `&Id`, so a row, link or action whose id failed to read cannot build a
//! request: it is shown disabled with [`Unread::reason`] instead.

use std::fmt;

use serde_json::Value;

use super::seg;

/// The largest integer id any of the APIs can send exactly (JSON numbers are doubles in most
/// servers' clients: 2^53 − 1).
pub const MAX_INTEGER_ID: u64 = (1 << 53) - 1;

/// An id that was read: never empty, never zero, never a placeholder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

/// Why an id could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unread {
    /// Absent or `null`.
    Missing,
    /// An empty (or blank) string.
    Empty,
    /// Not an integer where the API's ids are integers (a word, a fraction, a structure).
    NotAnInteger,
    /// An integer outside the API's range (zero, negative, too large).
    OutOfRange,
    /// Neither a string nor a number (a list, an object, a boolean).
    NotText,
}

impl Unread {
    /// Why the row or action is disabled, in words.
    pub fn reason(self) -> &'static str {
        match self {
            Unread::Missing => "the server sent no id",
            Unread::Empty => "the server sent an empty id",
            Unread::NotAnInteger => "the server's id is not a whole number",
            Unread::OutOfRange => "the server's id is out of range",
            Unread::NotText => "the server's id is not text",
        }
    }
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

/// An id as read: the id, or why there is none.
pub type IdRead = Result<Id, Unread>;

impl Id {
    /// A string id (Keboola, Solutions, DM): a non-blank string (trimmed), or an integer number,
    /// which some answers send instead (kept as its digits; a negative or fractional number is
    /// out of range).
    pub fn text(v: Option<&Value>) -> IdRead {
        match v {
            None | Some(Value::Null) => Err(Unread::Missing),
            Some(Value::String(s)) => Id::from_address(s),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(i) if (1..=MAX_INTEGER_ID).contains(&i) => Ok(Id(i.to_string())),
                _ => Err(Unread::OutOfRange),
            },
            Some(_) => Err(Unread::NotText),
        }
    }

    /// An integer id (a9s): 1 ..= [`MAX_INTEGER_ID`], as a JSON integer or a string of digits.
    pub fn integer(v: Option<&Value>) -> IdRead {
        match v {
            None | Some(Value::Null) => Err(Unread::Missing),
            Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(i), _, _) => Id::in_range(i),
                (None, Some(_), _) => Err(Unread::OutOfRange),
                (None, None, Some(f)) if f.fract() == 0.0 => Err(Unread::OutOfRange),
                _ => Err(Unread::NotAnInteger),
            },
            Some(Value::String(s)) => Id::integer_from_address(s),
            Some(_) => Err(Unread::NotText),
        }
    }

    /// An integer id from the address (a route parameter).
    pub fn integer_from_address(s: &str) -> IdRead {
        let s = s.trim();
        if s.is_empty() {
            return Err(Unread::Empty);
        }
        if s.starts_with('-') && s[1..].bytes().all(|b| b.is_ascii_digit()) && s.len() > 1 {
            return Err(Unread::OutOfRange);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Unread::NotAnInteger);
        }
        s.parse::<u64>()
            .map_err(|_| Unread::OutOfRange)
            .and_then(Id::in_range)
    }

    /// A string id from the address (a route parameter) or a string field: non-blank, trimmed.
    pub fn from_address(s: &str) -> IdRead {
        let s = s.trim();
        if s.is_empty() {
            Err(Unread::Empty)
        } else {
            Ok(Id(s.to_string()))
        }
    }

    fn in_range(i: u64) -> IdRead {
        if (1..=MAX_INTEGER_ID).contains(&i) {
            Ok(Id(i.to_string()))
        } else {
            Err(Unread::OutOfRange)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as one encoded path segment.
    pub fn seg(&self) -> String {
        seg(&self.0)
    }

    /// The id as a number, for sorting integer ids.
    pub fn number(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An id as it is shown: the id, or "unreadable id".
pub fn shown(id: &IdRead) -> String {
    match id {
        Ok(id) => id.to_string(),
        Err(_) => "unreadable id".into(),
    }
}

/// The action's target is the id in the address; the answer's id, when it sent one, must be the
/// same object. `Err` says why the action is disabled.
pub fn cross_check(address: &IdRead, answer: &IdRead) -> Result<Id, String> {
    let target = address
        .clone()
        .map_err(|e| format!("The address names no readable id ({e}).", e = e.reason()))?;
    match answer {
        // The ids are closed in isolate marks: either may carry a right-to-left override.
        Ok(a) if *a != target => Err(format!(
            "The server answered for id \u{2068}{a}\u{2069}, not \u{2068}{target}\u{2069}: nothing is sent until they agree."
        )),
        _ => Ok(target),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// The hostile shapes every per-API test feeds.
    pub(crate) fn unreadable_ids() -> Vec<Value> {
        vec![
            Value::Null,
            json!(""),
            json!("   "),
            json!(-1),
            json!(0),
            json!(1e308),
            json!(18446744073709551615u64),
            json!([]),
            json!({}),
            json!(true),
        ]
    }

    #[test]
    fn integer_ids_are_whole_numbers_in_range() {
        assert_eq!(Id::integer(Some(&json!(7))).unwrap().as_str(), "7");
        assert_eq!(Id::integer(Some(&json!(" 12 "))).unwrap().as_str(), "12");
        assert_eq!(Id::integer(None), Err(Unread::Missing));
        for v in unreadable_ids() {
            assert!(Id::integer(Some(&v)).is_err(), "{v}");
        }
        assert_eq!(Id::integer(Some(&json!(-3))), Err(Unread::OutOfRange));
        assert_eq!(Id::integer(Some(&json!(1.5))), Err(Unread::NotAnInteger));
        assert_eq!(Id::integer(Some(&json!("abc"))), Err(Unread::NotAnInteger));
        assert_eq!(Id::integer(Some(&json!("-4"))), Err(Unread::OutOfRange));
        assert_eq!(Id::integer(Some(&json!("0"))), Err(Unread::OutOfRange));
    }

    #[test]
    fn string_ids_are_non_blank() {
        assert_eq!(Id::text(Some(&json!(" ab c "))).unwrap().as_str(), "ab c");
        assert_eq!(Id::text(Some(&json!(43))).unwrap().as_str(), "43");
        for v in unreadable_ids() {
            assert!(Id::text(Some(&v)).is_err(), "{v}");
        }
        assert_eq!(Id::from_address(""), Err(Unread::Empty));
    }

    #[test]
    fn actions_target_the_address_and_agree_with_the_answer() {
        let a = Id::from_address("43");
        assert_eq!(
            cross_check(&a, &Err(Unread::Missing)),
            a.clone().map_err(|_| String::new())
        );
        assert_eq!(
            cross_check(&a, &Id::text(Some(&json!(43))))
                .unwrap()
                .as_str(),
            "43"
        );
        assert!(cross_check(&a, &Id::text(Some(&json!(44)))).is_err());
        assert!(cross_check(&Id::from_address(" "), &Id::text(Some(&json!(43)))).is_err());
    }
}
