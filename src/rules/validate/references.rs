//! References: the values a fact declares.

use crate::rules::limits::Limits;
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;
use crate::wire::text::{Cites, Text};

/// Citations as the rule set shares them with its determinations.
pub(super) fn shared(cites: &[String]) -> Cites {
    cites.iter().map(|c| Text::from(c.as_str())).collect()
}

pub(super) fn check_values(
    values: &[String],
    is_enum: bool,
    at: &Pointer<'_>,
    p: &mut Vec<Problem>,
) {
    let least = if is_enum { 2 } else { 1 };
    if values.len() < least {
        p.push(Problem::new(
            "too_few",
            format!("{at}/values"),
            format!(
                "expected at least {least} declared value{}, found {}",
                if least == 1 { "" } else { "s" },
                match values.len() {
                    0 => "none".to_string(),
                    n => n.to_string(),
                }
            ),
        ));
    }
    if values.len() > Limits::MAX_VALUES {
        p.push(Problem::new(
            "over_limit",
            format!("{at}/values"),
            format!(
                "{} values is over the limit of {}",
                values.len(),
                Limits::MAX_VALUES
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        if v.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                format!("{at}/values/{i}"),
                "expected a value id, found an empty string",
            ));
        } else if let Some(first) = values
            .iter()
            .position(|w| w == v)
            .filter(|first| *first < i)
        {
            p.push(Problem::new(
                "duplicate_value",
                format!("{at}/values/{i}"),
                format!("duplicate value `{v}`, first declared at `{at}/values/{first}`"),
            ));
        }
    }
}
