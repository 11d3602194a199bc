//! The one lenient reading of JSON answers, used by every API's decoders (ARCHITECTURE.md,
//! Invariants: "What a tolerant decoder accepts"). Answers are parsed once into a
//! `serde_json::Value` and picked apart with these readers (serde derives with a custom
//! deserializer per field would cost the browser bundle several times more code).
//!
//! - Missing and `null` are the same: absent.
//! - Text: a string as sent; a number or a boolean as its JSON text; a list or an object is absent.
//! - A number: a JSON number, or a string holding one (spaces around it ignored); a fraction is
//!   cut towards zero; a number out of range (or not finite) is absent. Unsigned: negative is absent.
//! - A boolean: `true`/`false`, the strings `"true"`/`"false"` (any case), `1`/`0` as numbers or
//!   strings. Anything else (`"yes"`, `""`, `2`, `null`) is absent: not known, not false.
//! - A list: an array; a single object (or string) where a list is documented is a list of one;
//!   absent is empty; items of the wrong kind are left out rather than failing the answer.

use serde_json::Value;

/// A type read leniently from JSON: missing or odd fields take defaults, it never fails.
pub(crate) trait Read: Sized {
    fn read(v: &Value) -> Self;
}

/// Text from a string, a number or a boolean.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer from a number or a numeric string.
pub fn int(v: &Value) -> Option<i64> {
    let f = match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => return Some(i),
            None => n.as_f64()?,
        },
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(i) => return Some(i),
            Err(_) => s.trim().parse::<f64>().ok()?,
        },
        _ => return None,
    };
    // i64::MIN and 2^63 are exact as f64; between them every truncated value fits.
    (f.is_finite() && f >= i64::MIN as f64 && f < -(i64::MIN as f64)).then_some(f as i64)
}

/// A non-negative integer from a number or a numeric string.
pub fn uint(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) if n.is_u64() => n.as_u64(),
        _ => int(v).and_then(|i| u64::try_from(i).ok()),
    }
}

/// A number with its fraction (money, percentages) from a number or a numeric string; not
/// finite is absent.
pub fn float(v: &Value) -> Option<f64> {
    let f = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    f.is_finite().then_some(f)
}

/// A boolean, or absent when the value does not say one of the two.
pub fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The objects of a list (or the one object sent where a list was documented).
pub fn objects(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(list)) => list.iter().filter(|x| x.is_object()).collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// The texts of a list (numbers and booleans as text), or the one text sent instead of a list.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(list)) => list.iter().filter_map(text).collect(),
        Some(one) => text(one).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Every object of a list read as `T`.
pub(crate) fn read_all<T: Read>(v: Option<&Value>) -> Vec<T> {
    objects(v).into_iter().map(T::read).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_float_keeps_its_fraction() {
        assert_eq!(float(&serde_json::json!(0.268)), Some(0.268));
        assert_eq!(float(&serde_json::json!(" 12.5 ")), Some(12.5));
        assert_eq!(float(&serde_json::json!("NaN")), None);
        assert_eq!(float(&serde_json::json!(true)), None);
    }
    use serde_json::json;

    #[test]
    fn missing_and_null_are_absent_everywhere() {
        let v = json!({ "n": null });
        for x in [v.get("n"), v.get("gone")] {
            let x = x.unwrap_or(&Value::Null);
            assert_eq!(text(x), None);
            assert_eq!(int(x), None);
            assert_eq!(uint(x), None);
            assert_eq!(flag(x), None);
        }
        assert!(objects(v.get("n")).is_empty());
        assert!(objects(v.get("gone")).is_empty());
        assert!(strings(v.get("n")).is_empty());
    }

    #[test]
    fn text_is_a_scalar_as_sent() {
        assert_eq!(text(&json!("a b")), Some("a b".into()));
        assert_eq!(text(&json!(12)), Some("12".into()));
        assert_eq!(text(&json!(1.5)), Some("1.5".into()));
        assert_eq!(text(&json!(false)), Some("false".into()));
        assert_eq!(text(&json!([1])), None);
        assert_eq!(text(&json!({ "a": 1 })), None);
    }

    #[test]
    fn numbers_may_be_written_as_strings() {
        for (v, want) in [
            (json!(42), Some(42)),
            (json!(-3), Some(-3)),
            (json!("42"), Some(42)),
            (json!(" 42 "), Some(42)),
            (json!(1.9), Some(1)),
            (json!("1.9"), Some(1)),
            (json!("1e3"), Some(1000)),
            (json!(1e308), None),
            (json!("1e308"), None),
            (json!("12abc"), None),
            (json!(""), None),
            (json!(true), None),
            (json!([1]), None),
        ] {
            assert_eq!(int(&v), want, "{v}");
        }
        assert_eq!(uint(&json!(u64::MAX)), Some(u64::MAX));
        assert_eq!(uint(&json!("7")), Some(7));
        assert_eq!(uint(&json!(-1)), None);
        assert_eq!(uint(&json!("-1")), None);
    }

    #[test]
    fn booleans_are_true_false_or_one_zero_and_nothing_else() {
        for v in [
            json!(true),
            json!("true"),
            json!(" TRUE "),
            json!(1),
            json!("1"),
        ] {
            assert_eq!(flag(&v), Some(true), "{v}");
        }
        for v in [
            json!(false),
            json!("False"),
            json!(0),
            json!("0"),
            json!(0.0),
        ] {
            assert_eq!(flag(&v), Some(false), "{v}");
        }
        for v in [
            json!("yes"),
            json!(""),
            json!(2),
            json!("on"),
            json!([true]),
            json!({}),
        ] {
            assert_eq!(flag(&v), None, "{v}");
        }
    }

    #[test]
    fn lists_take_one_item_for_many_and_drop_the_wrong_kind() {
        let v = json!({ "l": [{ "a": 1 }, 2, "x", { "b": 2 }], "one": { "a": 1 }, "s": "x", "n": [1, "y", null] });
        assert_eq!(objects(v.get("l")).len(), 2);
        assert_eq!(objects(v.get("one")).len(), 1);
        assert!(objects(v.get("s")).is_empty());
        assert_eq!(strings(v.get("s")), vec!["x"]);
        assert_eq!(strings(v.get("n")), vec!["1", "y"]);
        assert!(strings(v.get("one")).is_empty());
    }

    /// The four APIs' decoders agree: the same odd booleans read the same everywhere (a9s once
    /// took "yes", Keboola "" as false, Solutions only "true", DM neither 1 nor 0).
    #[test]
    fn every_api_reads_a_boolean_the_same_way() {
        use crate::api::{a9s, dm, keboola, solutions};
        for (sent, want) in [
            (json!("yes"), None),
            (json!(""), None),
            (json!("1"), Some(true)),
            (json!(0), Some(false)),
            (json!("FALSE"), Some(false)),
        ] {
            let set = want.unwrap_or(false);
            let a = a9s::BackupsConfig::read(&json!({ "exclude_from_auto_backup": sent }));
            assert_eq!(a.exclude_from_auto_backup, set, "a9s {sent}");
            let k = keboola::CredentialsRecord::read(&json!({ "inUse": sent }));
            assert_eq!(k.in_use, want, "keboola {sent}");
            let s = solutions::SolutionPage::read(&json!({ "has_more": [sent] }));
            assert_eq!(s.has_more, set, "solutions {sent}");
            let d = dm::types::HealthCheck::read(&json!({ "is_critical": sent }));
            assert_eq!(d.is_critical, set, "dm {sent}");
        }
    }
}
