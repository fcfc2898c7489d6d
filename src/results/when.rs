//! Times in the zone the reader is in (the system's, or `--tz`), as the UI language writes them.

use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, civil};

use crate::i18n::Lang;

/// Now, RFC 3339 with the local offset, as attempts record times.
pub fn now() -> String {
    rfc3339(Timestamp::now())
}

/// `t` as RFC 3339 with the local offset.
pub fn rfc3339(t: Timestamp) -> String {
    t.to_zoned_datetime(TimeZone::system())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Why a text is not a time kuis keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadTime {
    /// Not an RFC 3339 time (a date, a time and an offset).
    NotRfc3339,
    /// Written as one, but outside what RFC 3339 allows: an offset of 24 hours or more.
    OutOfRange,
}

/// An RFC 3339 time (`2026-11-29T08:27:13+08:00`) as the time since 1970-01-01 UTC. Every
/// valid one is read, up to `9999-12-31T23:59:59-23:59` (beyond jiff's `Timestamp`, which
/// ends a day earlier so that any offset can show it), and offsets from +24:00, which the
/// parser takes, are refused as out of range. Parsed by jiff (its Temporal parser reads a
/// superset of RFC 3339); only the arithmetic is kuis's.
pub fn since_epoch(text: &str) -> Result<SignedDuration, BadTime> {
    let pieces = Pieces::parse(text).map_err(|_| BadTime::NotRfc3339)?;
    let time = pieces.time().ok_or(BadTime::NotRfc3339)?;
    if pieces.time_zone_annotation().is_some() {
        return Err(BadTime::NotRfc3339);
    }
    let offset = match pieces.offset() {
        Some(PiecesOffset::Zulu) => 0,
        Some(PiecesOffset::Numeric(n)) => n.offset().seconds(),
        _ => return Err(BadTime::NotRfc3339),
    };
    if offset.abs() >= 24 * 3600 {
        return Err(BadTime::OutOfRange);
    }
    let epoch = civil::DateTime::constant(1970, 1, 1, 0, 0, 0, 0);
    Ok(pieces.date().to_datetime(time).duration_since(epoch)
        - SignedDuration::from_secs(i64::from(offset)))
}

/// An RFC 3339 time from an attempt, in `tz`, as `29-11-2026 08.27` (Indonesian: day first,
/// a point between hours and minutes) or `2026-11-29 08:27` (English). Text that is not a
/// time is shown as it is.
pub fn local_time(rfc3339: &str, tz: &TimeZone, lang: Lang) -> String {
    match rfc3339.parse::<Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(tz.clone())
            .strftime(lang.pick("%d-%m-%Y %H.%M", "%Y-%m-%d %H:%M"))
            .to_string(),
        Err(_) => rfc3339.to_owned(),
    }
}

/// The time zone's name for a header: `Asia/Makassar`, else its offset now.
pub fn zone_name(tz: &TimeZone) -> String {
    match tz.iana_name() {
        Some(name) => name.to_owned(),
        None => Timestamp::now()
            .to_zoned_datetime(tz.clone())
            .offset()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that UTC times are shown in the chosen zone and the language's format.
    #[test]
    fn local_and_decimal() {
        let tz = TimeZone::get("Asia/Makassar").unwrap();
        assert_eq!(
            local_time("2026-11-29T00:27:13+00:00", &tz, Lang::Id),
            "29-11-2026 08.27"
        );
        assert_eq!(
            local_time("2026-11-29T00:27:13+00:00", &tz, Lang::En),
            "2026-11-29 08:27"
        );
        assert_eq!(local_time("kemarin", &tz, Lang::Id), "kemarin");
        assert_eq!(zone_name(&tz), "Asia/Makassar");
        assert_eq!(Lang::Id.decimal(0.956, 2), "0,96");
        assert_eq!(Lang::En.decimal(-1.2, 3), "-1.200");
    }

    // Test that every valid RFC 3339 time is read, to the last second of 9999 in any offset,
    // as seconds since 1970 UTC; that an offset of 24 hours or more is out of range; and that
    // what is not a time (no offset, a date alone, a zone name, garbage) is not one.
    #[test]
    fn rfc3339_times() {
        let secs = |t| since_epoch(t).map(|d| d.as_secs());
        assert_eq!(secs("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(secs("2026-11-29T08:27:13+08:00"), Ok(1_795_912_033));
        assert_eq!(
            secs("2026-11-29T08:27:13+08:00"),
            secs("2026-11-29T00:27:13Z")
        );
        assert_eq!(secs("9999-12-31T23:59:59+00:00"), Ok(253_402_300_799));
        assert_eq!(secs("9999-12-31T23:59:59-23:59"), Ok(253_402_387_139));
        assert_eq!(secs("0000-01-01T00:00:00+23:59"), Ok(-62_167_305_540));
        assert_eq!(
            since_epoch("2026-11-29T08:27:13.250+08:00")
                .unwrap()
                .subsec_millis(),
            250
        );
        for out in ["2026-11-29T08:27:13+25:00", "2026-11-29T08:27:13-24:00"] {
            assert_eq!(since_epoch(out), Err(BadTime::OutOfRange), "{out}");
        }
        for bad in [
            "2026-11-29T08:27:13",
            "2026-11-29",
            "2026-11-29T08:27:13+08:00[Asia/Makassar]",
            "2026-02-30T00:00:00Z",
            "kemarin",
            "",
        ] {
            assert_eq!(since_epoch(bad), Err(BadTime::NotRfc3339), "{bad}");
        }
    }
}
