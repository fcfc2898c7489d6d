//! Times in the zone the reader is in (the system's, or `--tz`), as the UI language writes them.

use jiff::Timestamp;
use jiff::tz::TimeZone;

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
}
