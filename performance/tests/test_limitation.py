"""The limitation period (劳动争议调解仲裁法 Art. 27), against dates computed by hand on the
State Council's 2026 holidays: New Year 1-3 Jan (4 Jan a make-up workday), Spring Festival
15-23 Feb (14 and 28 Feb make-up workdays), Qingming 4-6 Apr, Labour Day 1-5 May (9 May
worked), Dragon Boat 19 Jun, Mid-Autumn 25 Sep, National Day 1-7 Oct (20 Sep, 10 Oct
worked)."""

from datetime import date

import pytest

from performance.limitation import Suspension, limitation_compute, one_year_after
from zhanjiang_union.workdays.calendar import is_workday

pytestmark = pytest.mark.django_db


def compute(**facts):
    return limitation_compute(is_workday=is_workday, **facts)


def test_one_year_ends_on_the_same_date_or_the_months_last_day():
    assert one_year_after(date(2025, 3, 10)) == date(2026, 3, 10)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_a_last_day_in_the_national_day_holiday_moves_to_the_first_working_day():
    # 2026-10-01 is a holiday, and so are 2-7 Oct: 8 Oct is the first working day.
    assert compute(knew_on=date(2025, 10, 1)).ends_on == date(2026, 10, 8)


def test_a_last_day_on_a_weekend_moves_to_monday():
    assert compute(knew_on=date(2025, 3, 14)).ends_on == date(2026, 3, 16)  # Sat → Mon


def test_interruption_restarts_the_year_from_its_day():
    # A claim to the employer on 4 May 2025: a year later is Labour Day 2026 (1-5 May).
    result = compute(knew_on=date(2025, 1, 10), interruptions=[date(2025, 5, 4)])
    assert result.ends_on == date(2026, 5, 6)
    assert result.runs_from == date(2025, 5, 4)


def test_the_latest_interruption_counts():
    result = compute(knew_on=date(2025, 1, 10), interruptions=[date(2025, 5, 4), date(2025, 9, 1)])
    assert result.ends_on == date(2026, 9, 1)


def test_suspension_adds_the_days_it_lasted():
    # 1 Feb 2025 + one year = 1 Feb 2026, + 10 days suspended = 11 Feb 2026 (a Wednesday).
    result = compute(
        knew_on=date(2025, 2, 1), suspensions=[Suspension(date(2025, 6, 1), date(2025, 6, 11))]
    )
    assert result.ends_on == date(2026, 2, 11)


def test_suspension_that_ends_the_period_in_the_spring_festival():
    # 5 Feb 2026 + 10 days = 15 Feb, in the Spring Festival holiday (15-23 Feb): 24 Feb.
    result = compute(
        knew_on=date(2025, 2, 5), suspensions=[Suspension(date(2025, 6, 1), date(2025, 6, 11))]
    )
    assert result.ends_on == date(2026, 2, 24)


def test_a_suspension_still_lasting_leaves_no_last_day():
    result = compute(knew_on=date(2025, 2, 5), suspensions=[Suspension(date(2025, 6, 1), None)])
    assert result.ends_on is None and result.suspended_since == date(2025, 6, 1)


def test_an_interruption_after_a_suspension_starts_a_fresh_year():
    result = compute(
        knew_on=date(2025, 2, 1),
        suspensions=[Suspension(date(2025, 3, 1), date(2025, 3, 31))],
        interruptions=[date(2025, 4, 6)],
    )
    # 6 Apr 2026 is Qingming (4-6 Apr): 7 Apr; the 30 suspended days do not count again.
    assert result.ends_on == date(2026, 4, 7)


def test_an_interruption_after_the_year_ran_out_revives_nothing():
    result = compute(knew_on=date(2024, 3, 1), interruptions=[date(2025, 6, 1)])
    assert result.ends_on == date(2025, 3, 3)  # 1 Mar 2025 a Saturday
    assert result.expired_before == date(2025, 6, 1)


def test_wage_arrears_while_the_job_lasts_are_not_limited():
    result = compute(knew_on=date(2023, 1, 1), wage_arrears=True, job_ended=False)
    assert result.unlimited and result.ends_on is None


def test_wage_arrears_run_a_year_from_the_end_of_the_job():
    # Known in 2023, the job ended on 6 Apr 2025: a year later is Qingming 2026 → 7 Apr.
    result = compute(
        knew_on=date(2023, 1, 1), wage_arrears=True, job_ended=True, job_ended_on=date(2025, 4, 6)
    )
    assert result.ends_on == date(2026, 4, 7)


def test_other_claims_run_from_the_knowledge_even_when_the_job_ended():
    result = compute(knew_on=date(2025, 6, 19), job_ended=True, job_ended_on=date(2025, 8, 1))
    assert result.ends_on == date(2026, 6, 22)  # 19 Jun Dragon Boat, then the weekend


def test_a_make_up_workday_does_not_move():
    # 28 Feb 2026 is a Saturday worked for the Spring Festival.
    assert compute(knew_on=date(2025, 2, 28)).ends_on == date(2026, 2, 28)
