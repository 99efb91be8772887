//! "Did you mean" suggestions for misspelt ids.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = input.chars().count();
    let limit = (length / 3).clamp(1, 4);
    candidates
        .into_iter()
        // Lengths further apart than the limit cannot be within it: skipping them keeps a
        // megabyte of input from costing a megabyte of work per candidate.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The suffix for an error message: ", did you mean `x`?" or nothing.
pub(crate) fn suggestion<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(input, candidates)
        .map(|s| format!(", did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let best = (diagonal + cost).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_names_only() {
        let ids = ["harbour_status", "over_ten_metres", "in_harbour_limits"];
        assert_eq!(did_you_mean("harbour_stauts", ids), Some("harbour_status"));
        assert_eq!(
            did_you_mean("in_harbour_limtis", ids),
            Some("in_harbour_limits")
        );
        assert_eq!(did_you_mean("colour", ids), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn lengths_too_far_apart_are_not_compared() {
        assert_eq!(did_you_mean("anyy", ["all", "any", "not"]), Some("any"));
        let huge = "a".repeat(1 << 20);
        assert_eq!(did_you_mean(&huge, ["any", "all"]), None);
    }
}
