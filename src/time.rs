//! Times as people read them: relative ("5 min ago") with the absolute time beside it.
//! The documents use ISO 8601 strings, epoch milliseconds and epoch-nanosecond strings.

/// Milliseconds since the epoch of an RFC 3339 / ISO 8601 UTC or offset time
/// (`2021-04-21T01:30:03.832Z`, `2021-04-21 01:30:03+02:00`). `None` when it is not one.
pub fn parse_iso(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &t[19..];
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(|c| c.is_ascii_digit()).collect();
        let scaled = format!("{:0<3}", &digits[..digits.len().min(3)]);
        ms = scaled.parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o[1..3].parse::<i64>().ok()? * 60 + o[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    Some(((days * 86_400 + h * 3_600 + mi * 60 + s - offset_min * 60) * 1_000) + ms)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Times before 2000-01-01 or from 2100 on are no real event of these APIs (epoch 0, a
/// `createdAtMs: 12345`, a number in the wrong unit): they are shown as unknown, not as
/// "56 years ago, 1970-01-01".
const PLAUSIBLE_MS: std::ops::Range<i64> = 946_684_800_000..4_102_444_800_000;

/// The time when it is a plausible one for an event (see `PLAUSIBLE_MS`), else `None`.
pub fn plausible(ms: i64) -> Option<i64> {
    PLAUSIBLE_MS.contains(&ms).then_some(ms)
}

/// `2024-03-02 09:12:44 UTC`.
pub fn absolute(ms: i64) -> String {
    let secs = ms.div_euclid(1_000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// `just now`, `5 min ago`, `in 3 h`, `2 days ago`.
pub fn relative(now_ms: i64, then_ms: i64) -> String {
    let delta = (now_ms - then_ms) / 1_000;
    let (n, future) = (delta.abs(), delta < 0);
    let amount = match n {
        0..=44 => return "just now".into(),
        45..=3_599 => format!("{} min", (n + 30) / 60),
        3_600..=86_399 => format!("{} h", (n + 1_800) / 3_600),
        86_400..=2_591_999 => {
            let d = (n + 43_200) / 86_400;
            format!("{d} day{}", if d == 1 { "" } else { "s" })
        }
        2_592_000..=31_535_999 => format!("{} mo", (n + 1_296_000) / 2_592_000),
        _ => {
            let y = n / 31_536_000;
            format!("{y} year{}", if y == 1 { "" } else { "s" })
        }
    };
    if future {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// `1 h 2 min`, `45 s`, `3 days 4 h`: how long something took.
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1_000;
    match s {
        0..=59 => format!("{s} s"),
        60..=3_599 => format!("{} min {} s", s / 60, s % 60),
        3_600..=86_399 => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
        _ => format!("{} days {} h", s / 86_400, s % 86_400 / 3_600),
    }
}

/// Epoch nanoseconds carried as a string (Deployed Solutions jobs) to milliseconds.
pub fn ns_string_to_ms(text: &str) -> Option<i64> {
    let n: i128 = text.trim().parse().ok()?;
    i64::try_from(n / 1_000_000).ok()
}

/// Now, in epoch milliseconds (the browser's clock).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documents_times() {
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso("2021-04-21T01:30:03.832Z"),
            Some(1_618_968_603_832)
        );
        assert_eq!(
            parse_iso("2021-04-21T03:30:03.8+02:00"),
            Some(1_618_968_603_800)
        );
        assert_eq!(parse_iso("2021-04-21 01:30:03"), Some(1_618_968_603_000));
        for bad in [
            "",
            "yesterday",
            "2021-13-01T00:00:00Z",
            "2021-04-21T01:30:03Q",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_absolute_and_relative() {
        assert_eq!(absolute(1_618_968_603_832), "2021-04-21 01:30:03 UTC");
        assert_eq!(absolute(0), "1970-01-01 00:00:00 UTC");
        let now = 1_700_000_000_000;
        assert_eq!(relative(now, now - 10_000), "just now");
        assert_eq!(relative(now, now - 5 * 60_000), "5 min ago");
        assert_eq!(relative(now, now + 3 * 3_600_000), "in 3 h");
        assert_eq!(relative(now, now - 86_400_000), "1 day ago");
        assert_eq!(relative(now, now - 3 * 365 * 86_400_000), "3 years ago");
    }

    #[test]
    fn epoch_zero_and_implausible_times_are_unknown() {
        assert_eq!(plausible(0), None);
        assert_eq!(plausible(12_345), None);
        assert_eq!(plausible(-1), None);
        assert_eq!(plausible(i64::MAX), None);
        assert_eq!(plausible(1_618_968_603_832), Some(1_618_968_603_832));
    }

    #[test]
    fn durations_and_nanoseconds() {
        assert_eq!(duration(45_000), "45 s");
        assert_eq!(duration(3_720_000), "1 h 2 min");
        assert_eq!(
            ns_string_to_ms("1700000000123456789"),
            Some(1_700_000_000_123)
        );
        assert_eq!(ns_string_to_ms("n/a"), None);
    }
}
