"""The stage of a report on a given day: every lead time, the overdue repeats, escalation, catch-up."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reminders.models import parse_lead_days
from reminders.stages import Policy, escalation_stage, reminder_stage

D = datetime.date(2020, 6, 15)


def day(offset: int) -> datetime.date:
    return D + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-8, None),
        (-7, "due-7"),
        (-5, "due-7"),  # between lead times: still the 7-day stage (sent once, or now if the sweep missed it)
        (-3, "due-3"),
        (-2, "due-3"),
        (-1, "due-1"),
        (0, "due-0"),
        (1, "overdue-0"),
        (3, "overdue-0"),
        (4, "overdue-1"),
        (7, "overdue-2"),
        (10, "overdue-3"),
        (400, "overdue-133"),
    ],
)
def test_default_policy_stage_on_each_day(offset, expected):
    stage = reminder_stage(deadline=D, today=day(offset), policy=Policy())
    assert (stage.key if stage else None) == (f"2020-06-15/{expected}" if expected else None)
    if stage:
        assert stage.days_to_deadline == -offset


def test_after_downtime_only_the_current_stage_is_due():
    # The sweep did not run from D-7 to D-2: on D-2 the report is at the 3-day stage, not 7 then 3.
    assert reminder_stage(deadline=D, today=day(-2), policy=Policy()).key == "2020-06-15/due-3"


def test_custom_policy_lead_days_and_single_overdue_notice():
    policy = Policy(lead_days=(5,), overdue_repeat_days=0, escalate_after_days=None)
    assert reminder_stage(deadline=D, today=day(-6), policy=policy) is None
    assert reminder_stage(deadline=D, today=day(-1), policy=policy).key == "2020-06-15/due-5"
    assert reminder_stage(deadline=D, today=day(30), policy=policy).key == "2020-06-15/overdue-0"
    assert escalation_stage(deadline=D, today=day(300), policy=policy) is None


def test_escalation_from_the_configured_day_overdue():
    assert escalation_stage(deadline=D, today=day(6), policy=Policy()) is None
    assert escalation_stage(deadline=D, today=day(7), policy=Policy()).key == "2020-06-15/escalation"
    assert escalation_stage(deadline=D, today=day(20), policy=Policy()).key == "2020-06-15/escalation"


def test_a_new_deadline_starts_a_new_cycle_of_stages():
    extended = D + datetime.timedelta(days=10)
    assert reminder_stage(deadline=extended, today=day(3), policy=Policy()).key == "2020-06-25/due-7"


def test_lead_days_are_parsed_and_validated():
    assert parse_lead_days(" 0, 7,3,1,3") == (7, 3, 1, 0)
    assert parse_lead_days("") == ()
    with pytest.raises(ValidationError) as not_numbers:
        parse_lead_days("7, ba")
    assert not_numbers.value.code == "invalid"
    with pytest.raises(ValidationError) as too_far:
        parse_lead_days("120")
    assert too_far.value.code == "out_of_range"
