"""Data for the hotline tests: what operators type, and local times."""

from datetime import datetime

from django.utils import timezone

from zhanjiang_union.testing import VALID_PHONE


def local(*args) -> datetime:
    """An aware datetime in Asia/Shanghai: the day operators and figures count in."""
    return timezone.make_aware(datetime(*args))


def call_form(**overrides) -> dict:
    """What an operator types into the desk form."""
    data = {
        "phone": VALID_PHONE,
        "caller_name": "李四",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration": "3:25",
        "category": "",
        "urgency": "normal",
        "summary": "咨询拖欠工资如何维权。",
        "outcome": "advice",
        "referred_to": "",
    }
    data.update(overrides)
    return data


def visit_form(*, representatives=(), total_forms=5, **overrides) -> dict:
    """The visit form with its five representative rows (a prefix of "rep")."""
    data = {
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "visitor_count": "3",
        "employer_name": "湛江某某制衣厂",
        "demands": "要求支付三个月工资。",
        "action_taken": "登记诉求，约定三日内回复。",
        "case": "",
        "follow_up_due_on": "",
        "rep-TOTAL_FORMS": str(total_forms),
        "rep-INITIAL_FORMS": "0",
        "rep-MIN_NUM_FORMS": "0",
        "rep-MAX_NUM_FORMS": "5",
    }
    for index in range(total_forms):
        name, phone = representatives[index] if index < len(representatives) else ("", "")
        data[f"rep-{index}-name"] = name
        data[f"rep-{index}-phone"] = phone
    data.update(overrides)
    return data
