//! Dates as the user reads and picks them: the locale's order ("March 1,
//! 2026" in the US, "1 March 2026" elsewhere), and the date picker, which
//! works on `jiff` dates while the model keeps `chrono` dates.
//!
//! The locale is read once (`sys-locale`); without one, US style is used.

use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;

/// How dates are written for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// "March 1, 2026".
    MonthDayYear,
    /// "1 March 2026".
    DayMonthYear,
}

impl DateOrder {
    /// The order a locale tag such as `en-US` or `de_DE.UTF-8` uses.
    pub fn of_locale(tag: Option<&str>) -> DateOrder {
        let Some(tag) = tag else {
            return DateOrder::MonthDayYear;
        };
        let tag = tag.replace('_', "-").to_ascii_lowercase();
        let us_style = tag == "en"
            || tag == "c"
            || tag == "posix"
            || tag.starts_with("en-us")
            || tag.starts_with("c.")
            || tag.starts_with("en-ph")
            || tag.starts_with("en-um");
        if us_style {
            DateOrder::MonthDayYear
        } else {
            DateOrder::DayMonthYear
        }
    }

    /// The user's order.
    pub fn user() -> DateOrder {
        static ORDER: OnceLock<DateOrder> = OnceLock::new();
        *ORDER.get_or_init(|| DateOrder::of_locale(sys_locale::get_locale().as_deref()))
    }

    /// A `strftime` format for the date picker's button.
    pub fn strftime(self) -> &'static str {
        match self {
            DateOrder::MonthDayYear => "%B %-d, %Y",
            DateOrder::DayMonthYear => "%-d %B %Y",
        }
    }

    /// Writes `date` in this order.
    pub fn format(self, date: NaiveDate) -> String {
        let month = date.format("%B");
        match self {
            DateOrder::MonthDayYear => format!("{month} {}, {}", date.day(), date.year()),
            DateOrder::DayMonthYear => format!("{} {month} {}", date.day(), date.year()),
        }
    }
}

/// `date` as the user reads dates.
pub fn user_date(date: NaiveDate) -> String {
    DateOrder::user().format(date)
}

/// An optional date as the user reads dates, or "not set".
pub fn user_date_or_unset(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "not set".to_string(), user_date)
}

/// A chrono date as a jiff date (the picker's type).
pub fn to_jiff(date: NaiveDate) -> jiff::civil::Date {
    let fallback = jiff::civil::Date::constant(2026, 1, 1);
    let (Ok(year), Ok(month), Ok(day)) = (
        i16::try_from(date.year()),
        i8::try_from(date.month()),
        i8::try_from(date.day()),
    ) else {
        return fallback;
    };
    jiff::civil::Date::new(year, month, day).unwrap_or(fallback)
}

/// A jiff date as a chrono date.
pub fn from_jiff(date: jiff::civil::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )
}

/// A date picker for `date` named `name` for assistive technology and
/// tests; returns the picked date when it changed.
pub fn date_picker_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    name: &str,
    date: NaiveDate,
) -> Option<NaiveDate> {
    let mut picked = to_jiff(date);
    let response = ui
        .add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt(id_salt)
                .format(DateOrder::user().strftime())
                .calendar_week(false)
                .combo_boxes(true)
                .show_icon(false),
        )
        .accessible_name(name.to_string());
    if response.changed() || picked != to_jiff(date) {
        from_jiff(picked).filter(|new| *new != date)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_pick_the_order() {
        assert_eq!(DateOrder::of_locale(None), DateOrder::MonthDayYear);
        assert_eq!(DateOrder::of_locale(Some("en-US")), DateOrder::MonthDayYear);
        assert_eq!(
            DateOrder::of_locale(Some("en_GB.UTF-8")),
            DateOrder::DayMonthYear
        );
        assert_eq!(DateOrder::of_locale(Some("de-DE")), DateOrder::DayMonthYear);
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        assert_eq!(DateOrder::MonthDayYear.format(date), "March 1, 2026");
        assert_eq!(DateOrder::DayMonthYear.format(date), "1 March 2026");
    }

    #[test]
    fn the_picker_writes_dates_in_the_same_order() {
        let date = to_jiff(NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"));
        let us = jiff::fmt::strtime::format(DateOrder::MonthDayYear.strftime(), date);
        let other = jiff::fmt::strtime::format(DateOrder::DayMonthYear.strftime(), date);
        assert_eq!(us.expect("format"), "March 1, 2026");
        assert_eq!(other.expect("format"), "1 March 2026");
    }

    #[test]
    fn picker_dates_round_trip() {
        let date = NaiveDate::from_ymd_opt(2027, 12, 31).expect("date");
        assert_eq!(from_jiff(to_jiff(date)), Some(date));
    }
}
