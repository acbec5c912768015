//! The working-day calendar against real cases.

use chrono::{Datelike, Weekday};
use intervene::calendar::{Span, Unit, standing_holidays};
use intervene_tests::{day, rules};

fn add(date: &str, amount: u32, unit: Unit) -> String {
    rules()
        .calendar
        .add(day(date), Span { amount, unit })
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn across_christmas_2022() {
    // 26 and 27 December 2022 and 2 January 2023 are bank holidays.
    assert_eq!(add("2022-12-23", 1, Unit::WorkingDays), "2022-12-28");
    assert_eq!(add("2022-12-20", 5, Unit::WorkingDays), "2022-12-29");
    assert_eq!(add("2022-12-30", 1, Unit::WorkingDays), "2023-01-03");
}

#[test]
fn one_off_holidays() {
    assert_eq!(
        add("2022-09-16", 1, Unit::WorkingDays),
        "2022-09-20",
        "state funeral"
    );
    assert_eq!(
        add("2023-05-05", 1, Unit::WorkingDays),
        "2023-05-09",
        "coronation"
    );
    assert_eq!(
        add("2020-05-07", 1, Unit::WorkingDays),
        "2020-05-11",
        "VE day moved to Friday 8 May"
    );
    assert_eq!(
        add("2020-05-01", 1, Unit::WorkingDays),
        "2020-05-04",
        "4 May 2020 was a working day"
    );
}

#[test]
fn trigger_day_is_day_zero_even_on_a_holiday() {
    assert_eq!(add("2022-12-25", 1, Unit::WorkingDays), "2022-12-28");
    assert_eq!(add("2019-08-14", 0, Unit::WorkingDays), "2019-08-14");
}

#[test]
fn months_clamp_to_the_end_and_weeks_are_seven_days() {
    assert_eq!(add("2019-08-31", 6, Unit::Months), "2020-02-29");
    assert_eq!(add("2019-01-31", 1, Unit::Months), "2019-02-28");
    assert_eq!(add("2019-12-25", 4, Unit::Weeks), "2020-01-22");
    assert_eq!(add("2019-12-25", 10, Unit::Days), "2020-01-04");
}

#[test]
fn standing_rules_agree_with_the_list_except_its_one_offs() {
    let calendar = rules().calendar;
    let one_offs = [
        "2011-04-29",
        "2012-06-04",
        "2012-06-05",
        "2020-05-08",
        "2022-06-02",
        "2022-06-03",
        "2022-09-19",
        "2023-05-08",
    ];
    let moved_by_one_offs = ["2012-05-28", "2020-05-04", "2022-05-30"];
    for year in 2008..=2030 {
        for date in standing_holidays(year)
            .into_iter()
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        {
            let listed = calendar.is_holiday(date);
            assert!(
                listed || moved_by_one_offs.contains(&date.to_string().as_str()),
                "standing rule gives {date}, list does not"
            );
        }
        let mut d = day(&format!("{year}-01-01"));
        while d.year() == year {
            let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            if weekday && calendar.is_holiday(d) && !standing_holidays(year).contains(&d) {
                assert!(
                    one_offs.contains(&d.to_string().as_str()),
                    "list has {d}, standing rules do not"
                );
            }
            d = d.succ_opt().unwrap_or(d);
        }
    }
}
