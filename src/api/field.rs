//! A problem with one input field, in words the operator can act on. Every area's validators
//! return these, before anything is sent, and the forms show each under its own input.

use std::borrow::Cow;

/// A problem with one input field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name, as the document spells it where it has one (`min_backup_count`, `job_id`),
    /// or its path in a generated form (`group.capacity.target`).
    pub field: Cow<'static, str>,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The message for `field` among `errors`, if any.
pub fn message_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_for_a_field_is_shown() {
        let errors = vec![
            FieldError::new("job_id", "Too long."),
            FieldError::new("input_dir", "Required."),
            FieldError::new("job_id", "Second."),
        ];
        assert_eq!(message_for(&errors, "job_id"), Some("Too long."));
        assert_eq!(message_for(&errors, "input_dir"), Some("Required."));
        assert_eq!(message_for(&errors, "output_dir"), None);
    }
}
