//! Dates as the user reads and picks them: the locale's order ("March 1,
//! 2026" in the US, "1 March 2026" elsewhere), and the date picker, whose
//! pop-up says which month and year it shows.
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

/// The months' names.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month after (`step` 1) or before (-1) `year`/`month`.
fn step_month(year: i32, month: u32, step: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + step;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The days of `year`/`month`.
fn days_in(year: i32, month: u32) -> u32 {
    let (next_year, next_month) = step_month(year, month, 1);
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .and_then(|next| next.pred_opt())
        .map_or(28, |last| last.day())
}

/// A date picker for `date` named `name` for assistive technology and
/// tests; returns the picked date when it changed. The button shows the
/// date; its pop-up shows the month and year it is on ("March 2026"), the
/// month before and after, and the month's days in weeks from Monday, each
/// day named by its full date.
pub fn date_picker_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    name: &str,
    date: NaiveDate,
) -> Option<NaiveDate> {
    let button = ui.button(user_date(date)).accessible_name(name.to_string());
    let shown_id = egui::Id::unique(("date picker month", id_salt));
    let mut picked = None;
    egui::Popup::from_toggle_button_response(&button)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let (mut year, mut month) = ui
                .data(|data| data.get_temp::<(i32, u32)>(shown_id))
                .unwrap_or((date.year(), date.month()));
            ui.horizontal(|ui| {
                if ui.button("<").accessible_name("Previous month").clicked() {
                    (year, month) = step_month(year, month, -1);
                }
                ui.label(
                    egui::RichText::new(format!("{} {year}", MONTHS[(month - 1) as usize]))
                        .strong(),
                );
                if ui.button(">").accessible_name("Next month").clicked() {
                    (year, month) = step_month(year, month, 1);
                }
            });
            egui::Grid::new(shown_id.with("days")).show(ui, |ui| {
                for day in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
                    ui.label(egui::RichText::new(day).weak());
                }
                ui.end_row();
                let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
                    return;
                };
                let offset = first.weekday().num_days_from_monday();
                for _ in 0..offset {
                    ui.label("");
                }
                for day in 1..=days_in(year, month) {
                    let Some(this) = NaiveDate::from_ymd_opt(year, month, day) else {
                        continue;
                    };
                    if ui
                        .selectable_label(this == date, day.to_string())
                        .accessible_name(user_date(this))
                        .clicked()
                    {
                        picked = Some(this);
                        ui.close();
                    }
                    if (offset + day).is_multiple_of(7) {
                        ui.end_row();
                    }
                }
            });
            ui.data_mut(|data| data.insert_temp(shown_id, (year, month)));
        });
    if picked.is_none()
        && !egui::Popup::is_id_open(ui.ctx(), egui::Popup::default_response_id(&button))
    {
        // Closed: open on the date's own month next time.
        ui.data_mut(|data| data.remove::<(i32, u32)>(shown_id));
    }
    picked.filter(|new| *new != date)
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
    fn months_step_across_years_and_know_their_days() {
        assert_eq!(step_month(2026, 1, -1), (2025, 12));
        assert_eq!(step_month(2026, 12, 1), (2027, 1));
        assert_eq!(days_in(2028, 2), 29);
        assert_eq!(days_in(2026, 2), 28);
        assert_eq!(days_in(2026, 12), 31);
    }
}
