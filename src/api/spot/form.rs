//! The body form's model, pure: what widget a schema asks for (resolved through the catalog's
//! shared subtrees), where a field sits in the body ([`Path`], named in the validator's spelling
//! `body:a.b[0].c`), and edits as changes to one JSON value. The Form and JSON views both show
//! that one value, so switching between them loses nothing: an edit touches only its own path,
//! and keys the form does not know (typed in the JSON view) stay as they are.

use serde_json::{Map, Value};

use super::catalog::Catalog;
use super::schema::{template, validate, Matcher};

/// One step into a body: an object's key or an array's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a field sits in the body.
pub type Path = Vec<Seg>;

/// The field's name as the validator and Spot's `errors[].field` spell it: `body:a.b[0].c`
/// (`body` for the body itself).
pub fn field_name(path: &[Seg]) -> String {
    if path.is_empty() {
        return "body".into();
    }
    let mut out = String::from("body:");
    for (i, s) in path.iter().enumerate() {
        match s {
            Seg::Key(k) if i == 0 => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

/// An HTML id for the field's input: `spot-body-a-b-0-c`.
pub fn input_id(path: &[Seg]) -> String {
    let mut out = String::from("spot-body");
    for s in path {
        out.push('-');
        match s {
            Seg::Key(k) => out.extend(k.chars().map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })),
            Seg::Index(n) => out.push_str(&n.to_string()),
        }
    }
    out
}

/// Spot's field name (`body:group.capacity.minimum`, or without the `body:` prefix) in the
/// console's spelling, so its errors land beside the same input.
pub fn server_field(field: &str) -> String {
    if field.contains(':') || field == "body" {
        field.to_string()
    } else {
        format!("body:{field}")
    }
}

/// The value at `path`, if there is one.
pub fn get<'a>(v: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, s| match s {
        Seg::Key(k) => cur.get(k),
        Seg::Index(i) => cur.get(i),
    })
}

/// Puts `new` at `path`, making the objects and arrays on the way as needed (an array grows
/// with nulls up to the index).
pub fn set(v: &mut Value, path: &[Seg], new: Value) {
    let Some((first, rest)) = path.split_first() else {
        *v = new;
        return;
    };
    match first {
        Seg::Key(k) => {
            if !v.is_object() {
                *v = Value::Object(Map::new());
            }
            let child = v
                .as_object_mut()
                .map(|m| m.entry(k.clone()).or_insert(Value::Null));
            if let Some(child) = child {
                set(child, rest, new);
            }
        }
        Seg::Index(i) => {
            if !v.is_array() {
                *v = Value::Array(Vec::new());
            }
            if let Some(a) = v.as_array_mut() {
                while a.len() <= *i {
                    a.push(Value::Null);
                }
                set(&mut a[*i], rest, new);
            }
        }
    }
}

/// Takes the field at `path` out: an object's key goes, an array's element goes (the ones after
/// it move up).
pub fn unset(v: &mut Value, path: &[Seg]) {
    let Some((last, parent)) = path.split_last() else {
        *v = Value::Null;
        return;
    };
    let Some(parent) = get_mut(v, parent) else {
        return;
    };
    match (last, parent) {
        (Seg::Key(k), Value::Object(m)) => {
            m.remove(k);
        }
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |cur, s| match s {
        Seg::Key(k) => cur.get_mut(k),
        Seg::Index(i) => cur.get_mut(*i),
    })
}

/// What a schema is edited with.
#[derive(Clone, Debug, PartialEq)]
pub enum Widget {
    /// Free text (`format` such as `date-time` shown as a hint).
    Text { format: Option<String> },
    /// A number typed as text; `integer` when only whole numbers fit.
    Number { integer: bool },
    /// Unset, true or false: an optional boolean left unset is not sent.
    Boolean,
    /// One of the listed values.
    Choice(Vec<Value>),
    /// Named fields.
    Object,
    /// A list of scalars, one input per entry.
    List,
    /// A list of objects, a repeatable group of fields per entry.
    Groups,
    /// Keys the operator names, each with a value (`additionalProperties`).
    Map,
    /// One of several documented forms (`oneOf`), chosen with a picker.
    Variants,
    /// Anything else (free-form objects, tuples), edited as JSON.
    Json,
}

/// The widget for `schema`.
pub fn widget(cat: &Catalog, schema: &Value) -> Widget {
    let s = cat.schema(schema);
    if s["oneOf"].is_array() {
        return Widget::Variants;
    }
    if let Some(choices) = s["enum"].as_array() {
        return Widget::Choice(choices.clone());
    }
    match s["type"].as_str() {
        Some("string") => Widget::Text {
            format: s["format"].as_str().map(str::to_string),
        },
        Some("integer") => Widget::Number { integer: true },
        Some("number") => Widget::Number { integer: false },
        Some("boolean") => Widget::Boolean,
        Some("array") => match widget(cat, &s["items"]) {
            Widget::Object => Widget::Groups,
            Widget::Text { .. } | Widget::Number { .. } | Widget::Boolean | Widget::Choice(_) => {
                Widget::List
            }
            _ => Widget::Json,
        },
        Some("object") | None if s["properties"].is_object() => Widget::Object,
        Some("object") if map_values(s).is_some() => Widget::Map,
        _ => Widget::Json,
    }
}

/// The schema of a map's values (`additionalProperties` as a schema, with no named fields).
pub fn map_values(schema: &Value) -> Option<&Value> {
    schema
        .get("additionalProperties")
        .filter(|a| a.is_object() && schema["properties"].is_null())
}

/// One named field of an object, as the form shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Prop {
    pub name: String,
    pub schema: Value,
    pub required: bool,
}

/// The fields of an object schema the operator can set (readOnly ones are Spot's to fill).
pub fn props(cat: &Catalog, schema: &Value) -> Vec<Prop> {
    let s = cat.schema(schema);
    let required: Vec<&str> = s["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    s["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, p)| cat.schema(p)["readOnly"] != true)
        .map(|(name, p)| Prop {
            name: name.clone(),
            schema: p.clone(),
            required: required.contains(&name.as_str()),
        })
        .collect()
}

/// How many fields a schema holds, nested ones included (what "a large body" counts).
pub fn size(cat: &Catalog, schema: &Value) -> usize {
    size_at(cat, schema, 0)
}

fn size_at(cat: &Catalog, schema: &Value, depth: usize) -> usize {
    let s = cat.schema(schema);
    if depth > 16 {
        return 0;
    }
    let own: usize = s["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, p)| 1 + size_at(cat, p, depth + 1))
        .sum();
    let items = s.get("items").map_or(0, |i| size_at(cat, i, depth + 1));
    let variants: usize = s["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| size_at(cat, v, depth + 1))
        .sum();
    own + items + variants
}

/// Bodies with more fields than this show their larger parts as collapsed sections.
pub const SECTIONS_OVER: usize = 20;
/// Bodies with more fields than this open as the JSON editor (the form stays one click away).
pub const JSON_OVER: usize = 100;

/// Which view a body opens in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Form,
    Json,
}

impl View {
    /// The view a body of `size` fields opens in.
    pub fn first(size: usize) -> View {
        if size > JSON_OVER {
            View::Json
        } else {
            View::Form
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            View::Form => "form",
            View::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        match s {
            "form" => Some(View::Form),
            "json" => Some(View::Json),
            _ => None,
        }
    }
}

/// Whether a field of `size` nested fields is a collapsed section in a body of `body_size`.
pub fn collapsed(body_size: usize, size: usize) -> bool {
    body_size > SECTIONS_OVER && size > 5
}

/// What a scalar input shows for a value (nothing for an absent one).
pub fn text_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The value an input's text stands for under `widget`: `None` (the field is left out) when
/// empty; a number when it reads as one, else the text as typed, which the validator then names.
pub fn from_text(widget: &Widget, text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    let typed = match widget {
        Widget::Number { .. } => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                text.trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            }),
        Widget::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Widget::Choice(choices) => choices.iter().find(|c| text_of(Some(c)) == text).cloned(),
        _ => None,
    };
    Some(typed.unwrap_or_else(|| Value::String(text.to_string())))
}

/// A variant's name in the picker: its title, else its type and first fields.
pub fn variant_names(cat: &Catalog, schema: &Value) -> Vec<String> {
    let s = cat.schema(schema);
    s["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| {
            let v = cat.schema(v);
            if let Some(t) = v["title"].as_str() {
                return t.to_string();
            }
            let fields: Vec<&str> = v["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .take(3)
                .map(|(k, _)| k.as_str())
                .collect();
            match (v["type"].as_str(), fields.is_empty()) {
                (_, false) => format!("Form {}: {}", i + 1, fields.join(", ")),
                (Some(t), true) => format!("Form {}: {t}", i + 1),
                (None, true) => format!("Form {}", i + 1),
            }
        })
        .collect()
}

/// The variant `v` is written in: the one it fits with the fewest problems and the fewest
/// fields the variant does not declare (nested ones included), else the first.
pub fn variant_of(cat: &Catalog, schema: &Value, v: Option<&Value>, re: Matcher) -> usize {
    let s = cat.schema(schema);
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return 0;
    };
    s["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .min_by_key(|(i, variant)| {
            let mut problems = Vec::new();
            validate(cat, variant, v, "body:", re, &mut problems);
            (problems.len(), undeclared(cat, variant, v, 0), *i)
        })
        .map_or(0, |(i, _)| i)
}

/// How many keys of `v` (nested ones included) `schema` does not name.
fn undeclared(cat: &Catalog, schema: &Value, v: &Value, depth: usize) -> usize {
    let s = cat.schema(schema);
    let Some(o) = v.as_object().filter(|_| depth < 12) else {
        return 0;
    };
    let Some(fields) = s["properties"].as_object() else {
        return 0;
    };
    o.iter()
        .map(|(k, x)| match fields.get(k) {
            Some(f) => undeclared(cat, f, x, depth + 1),
            None => 1,
        })
        .sum()
}

/// The value after choosing variant `to`: its template, with what was typed for fields the
/// new variant also has (nested ones included).
pub fn switch_variant(cat: &Catalog, schema: &Value, old: Option<&Value>, to: usize) -> Value {
    let s = cat.schema(schema);
    let Some(variant) = s["oneOf"].get(to) else {
        return Value::Null;
    };
    let mut new = template(cat, variant);
    if let Some(old) = old {
        keep_declared(cat, variant, old, &mut new, 0);
    }
    new
}

fn keep_declared(cat: &Catalog, schema: &Value, old: &Value, new: &mut Value, depth: usize) {
    let s = cat.schema(schema);
    let (Some(old), Some(fields)) = (old.as_object(), s["properties"].as_object()) else {
        return;
    };
    if depth > 12 || !new.is_object() {
        return;
    }
    for (k, x) in old {
        let Some(f) = fields.get(k) else { continue };
        let into = &mut new[k.as_str()];
        if x.is_object() && cat.schema(f)["properties"].is_object() {
            if !into.is_object() {
                *into = Value::Object(Map::new());
            }
            keep_declared(cat, f, x, into, depth + 1);
        } else {
            *into = x.clone();
        }
    }
}

/// A new entry for a list or a group: the template of the items' schema (an empty text for
/// scalars, so the new input shows empty).
pub fn new_entry(cat: &Catalog, array_schema: &Value) -> Value {
    let items = &cat.schema(array_schema)["items"];
    match widget(cat, items) {
        Widget::Object => template(cat, items),
        Widget::Number { .. } | Widget::Boolean => Value::Null,
        _ => Value::String(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cat() -> Catalog {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/spot/catalog.json"),
        )
        .unwrap();
        Catalog::parse(&text).unwrap()
    }

    fn body<'a>(cat: &'a Catalog, slug: &str) -> &'a Value {
        cat.op(slug).unwrap().body.as_ref().unwrap()
    }

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    fn no_regex(_: &str, _: &str) -> Option<bool> {
        None
    }

    #[test]
    fn fields_are_named_as_the_validator_names_them() {
        let p = vec![key("group"), key("capacity"), key("minimum")];
        assert_eq!(field_name(&p), "body:group.capacity.minimum");
        assert_eq!(
            field_name(&[key("statements"), Seg::Index(1), key("effect")]),
            "body:statements[1].effect"
        );
        assert_eq!(field_name(&[]), "body");
        assert_eq!(
            input_id(&[key("a b"), Seg::Index(0)]),
            "spot-body-a_b-0".to_string()
        );
        assert_eq!(
            server_field("group.capacity.minimum"),
            "body:group.capacity.minimum"
        );
        assert_eq!(server_field("body:group.name"), "body:group.name");
        assert_eq!(server_field("query:accountId"), "query:accountId");
    }

    #[test]
    fn an_edit_touches_only_its_path_and_keys_the_form_does_not_know_survive() {
        let mut v = json!({"group": {"name": "a", "mine": {"x": 1}}, "extra": true});
        set(
            &mut v,
            &[key("group"), key("capacity"), key("minimum")],
            json!(1),
        );
        set(&mut v, &[key("group"), key("name")], json!("b"));
        assert_eq!(
            v,
            json!({"group": {"name": "b", "mine": {"x": 1}, "capacity": {"minimum": 1}}, "extra": true})
        );
        unset(&mut v, &[key("group"), key("name")]);
        assert_eq!(get(&v, &[key("group"), key("name")]), None);
        assert_eq!(v["extra"], json!(true));
        let mut list = json!({"l": ["a", "b", "c"]});
        unset(&mut list, &[key("l"), Seg::Index(1)]);
        assert_eq!(list, json!({"l": ["a", "c"]}));
        set(&mut list, &[key("l"), Seg::Index(3)], json!("d"));
        assert_eq!(list, json!({"l": ["a", "c", null, "d"]}));
    }

    #[test]
    fn text_becomes_a_typed_value_or_stays_text_for_the_validator_to_name() {
        let int = Widget::Number { integer: true };
        assert_eq!(from_text(&int, ""), None);
        assert_eq!(from_text(&int, "12"), Some(json!(12)));
        assert_eq!(from_text(&int, "1.5"), Some(json!(1.5)));
        assert_eq!(from_text(&int, "two"), Some(json!("two")));
        assert_eq!(from_text(&Widget::Boolean, ""), None);
        assert_eq!(from_text(&Widget::Boolean, "false"), Some(json!(false)));
        let choice = Widget::Choice(vec![json!("a"), json!(3)]);
        assert_eq!(from_text(&choice, "3"), Some(json!(3)));
        assert_eq!(text_of(Some(&json!(3))), "3");
        assert_eq!(text_of(None), "");
    }

    #[test]
    fn the_catalog_bodies_get_the_widgets_their_schemas_ask_for() {
        let c = cat();
        // A health check: nested object, required fields, integers.
        let hc = body(&c, "health-check-service/create-health-check");
        assert_eq!(widget(&c, hc), Widget::Object);
        let inner = &props(&c, hc)[0];
        assert_eq!((inner.name.as_str(), inner.required), ("healthCheck", true));
        let check = props(&c, &inner.schema);
        let port = check.iter().find(|p| p.name == "proxyPort").unwrap();
        assert_eq!(widget(&c, &port.schema), Widget::Number { integer: true });
        // Roll variants at the root.
        let roll = body(&c, "ocean-aws/initiate-roll");
        assert_eq!(widget(&c, roll), Widget::Variants);
        assert_eq!(
            variant_names(&c, roll),
            vec![
                "Roll",
                "Roll with instance ids",
                "Roll with launch specification ids"
            ]
        );
        // Lists of objects as groups; maps; booleans; readOnly hidden.
        let policy = body(&c, "accounts/create-access-policy");
        let statements = &c.schema(
            &c.schema(&c.schema(policy)["properties"]["policy"])["properties"]["policyContent"],
        )["properties"]["statements"];
        assert_eq!(widget(&c, statements), Widget::Groups);
        let spark = body(&c, "ocean-spark/submit-an-application");
        let conf =
            &c.schema(&c.schema(spark)["properties"]["configOverrides"])["properties"]["sparkConf"];
        assert_eq!(widget(&c, conf), Widget::Map);
        let del = body(&c, "elastigroup-aws/delete-elastigroup");
        let dealloc = &c.schema(del)["properties"]["statefulDeallocation"];
        let flags = props(&c, dealloc);
        assert!(flags
            .iter()
            .all(|p| widget(&c, &p.schema) == Widget::Boolean));
        // Every body gets a widget that edits it, and readOnly fields are never offered.
        let mut ro = 0;
        for op in &c.ops {
            let Some(b) = &op.body else { continue };
            assert_ne!(widget(&c, b), Widget::Json, "{}", op.slug);
            ro += count_read_only_offered(&c, b, 0);
        }
        assert_eq!(ro, 0);
    }

    fn count_read_only_offered(c: &Catalog, s: &Value, depth: usize) -> usize {
        if depth > 12 {
            return 0;
        }
        props(c, s)
            .iter()
            .map(|p| {
                usize::from(c.schema(&p.schema)["readOnly"] == true)
                    + count_read_only_offered(c, &p.schema, depth + 1)
            })
            .sum()
    }

    #[test]
    fn large_bodies_open_as_sections_or_as_json() {
        let c = cat();
        let sizes: Vec<usize> = c
            .ops
            .iter()
            .filter_map(|o| o.body.as_ref())
            .map(|b| size(&c, b))
            .collect();
        assert_eq!(sizes.len(), 138);
        assert_eq!(sizes.iter().max(), Some(&504));
        // The note's counts: 63 ≤ 5, 38 in 6–20, 20 in 21–100, 17 over 100.
        let json = sizes
            .iter()
            .filter(|s| View::first(**s) == View::Json)
            .count();
        assert_eq!(json, 17);
        let sections = sizes
            .iter()
            .filter(|s| **s > SECTIONS_OVER && **s <= JSON_OVER)
            .count();
        assert_eq!(sections, 20);
        assert!(!collapsed(13, 8));
        assert!(collapsed(72, 8));
        assert!(!collapsed(72, 3));
    }

    #[test]
    fn a_variant_is_recognised_and_switching_keeps_shared_fields() {
        let c = cat();
        let roll = body(&c, "ocean-aws/initiate-roll");
        let with_ids = json!({"roll": {"batchSizePercentage": 20, "instanceIds": ["i-1"]}});
        let i = variant_of(&c, roll, Some(&with_ids), &no_regex);
        assert_eq!(variant_names(&c, roll)[i], "Roll with instance ids");
        let plain = json!({"roll": {"batchSizePercentage": 20}});
        assert_eq!(variant_of(&c, roll, Some(&plain), &no_regex), 0);
        let switched = switch_variant(&c, roll, Some(&with_ids), 0);
        assert_eq!(switched, json!({"roll": {"batchSizePercentage": 20}}));
        let back = switch_variant(&c, roll, Some(&plain), 2);
        assert_eq!(back["roll"]["batchSizePercentage"], json!(20));
        assert_eq!(variant_of(&c, roll, None, &no_regex), 0);
    }
}
