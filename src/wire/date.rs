//! Calendar dates as `YYYY-MM-DD` text. Callers pass dates in; the library takes no clock.

/// Whether `text` is a valid calendar date written `YYYY-MM-DD`.
///
/// Valid dates in this form sort as text in calendar order, so comparisons need no parsing.
pub(crate) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The day number of a valid `YYYY-MM-DD` date: days since 0001-01-01 (day 0), so that
/// date facts compile to integer intervals. `None` for text that is not a valid date.
pub(crate) fn day_number(text: &str) -> Option<i64> {
    if !is_date(text) {
        return None;
    }
    let year: i64 = text.get(0..4)?.parse().ok()?;
    let month: i64 = text.get(5..7)?.parse().ok()?;
    let day: i64 = text.get(8..10)?.parse().ok()?;
    // Counting from March makes February, the month of varying length, the year's last.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let days_before_year = 365 * y + y / 4 - y / 100 + y / 400;
    let days_before_month = (153 * m + 2) / 5;
    // 0001-01-01 is day 306 of the year 0 counted from March.
    Some(days_before_year + days_before_month + day - 1 - 306)
}

/// The `YYYY-MM-DD` text of a day number ([`day_number`]'s inverse), clamped to the
/// years 0001 to 9999.
pub(crate) fn date_text(day: i64) -> String {
    let day = day.clamp(0, MAX_DAY) + 306;
    // Years of 400 years from March, then years, then months from March.
    let era = day / 146_097;
    let rest = day % 146_097;
    let year_of_era = (rest - rest / 1460 + rest / 36_524 - rest / 146_096) / 365;
    let day_of_year = rest - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let m = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * m + 2) / 5 + 1;
    let (year, month) = if m < 10 {
        (era * 400 + year_of_era, m + 3)
    } else {
        (era * 400 + year_of_era + 1, m - 9)
    };
    format!("{year:04}-{month:02}-{d:02}")
}

/// The day number of 9999-12-31, the last date a rule file or case may give.
pub(crate) const MAX_DAY: i64 = 3_652_058;

#[cfg(test)]
mod tests {
    use super::{MAX_DAY, date_text, day_number, is_date};

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("0001-01-01"), Some(0));
        assert_eq!(day_number("0001-01-02"), Some(1));
        assert_eq!(day_number("9999-12-31"), Some(MAX_DAY));
        assert_eq!(day_number("2023-02-30"), None);
        let a = day_number("2018-06-28").unwrap();
        assert_eq!(day_number("2018-06-29"), Some(a + 1));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(
            day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(),
            1
        );
        for day in (0..=MAX_DAY)
            .step_by(997)
            .chain([MAX_DAY, 59, 60, 365, 366])
        {
            let text = date_text(day);
            assert!(is_date(&text), "{text}");
            assert_eq!(day_number(&text), Some(day), "{text}");
        }
    }

    #[test]
    fn checks_calendar() {
        assert!(is_date("2015-04-01"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("1900-02-29"));
        assert!(is_date("2000-02-29"));
        assert!(!is_date("2015-13-01"));
        assert!(!is_date("2015-4-01"));
        assert!(!is_date("２０15-04-01"));
    }
}
