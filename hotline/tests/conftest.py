"""Fixtures of the hotline tests."""

import pytest
from django.utils import timezone

from hotline import services
from hotline.models import Call
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.testing import VALID_PHONE


@pytest.fixture
def users(role_users):
    """One user of each role, with the permissions their role's group carries."""
    return role_users


@pytest.fixture
def operator(users):
    return users[Role.HOTLINE_OPERATOR]


@pytest.fixture
def make_call(operator):
    """make_call(**overrides) -> a call logged through the service."""

    def make(**overrides) -> Call:
        fields = {
            "operator": operator,
            "received_at": timezone.now(),
            "phone": VALID_PHONE,
            "caller_name": "李四",
            "summary": "咨询拖欠工资如何维权。",
            "outcome": Call.Outcome.ADVICE,
        }
        fields.update(overrides)
        return services.call_log(**fields)

    return make
