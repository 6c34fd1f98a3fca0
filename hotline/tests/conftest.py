"""Fixtures of the hotline tests.

Role groups do not carry the hotline's permissions yet (roles.py is wired separately):
`grant_hotline_permissions` gives each role user what its role will have, and is the
one place to drop once the groups carry them.
"""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from hotline import services
from hotline.models import Call
from zhanjiang_union.accounts.models import User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.testing import VALID_PHONE

_ALL = [
    "hotline.use_desk",
    "hotline.view_call",
    "hotline.add_followup",
    "hotline.view_visit",
    "hotline.add_visit",
    "hotline.view_externalpetition",
    "hotline.add_externalpetition",
]

# The hotline permissions each role is to have (to be listed in accounts/roles.py).
HOTLINE_PERMISSIONS: dict[str, list[str]] = {
    Role.WORKER: [],
    Role.HOTLINE_OPERATOR: _ALL,
    Role.MEDIATOR: [],  # the calls of their cases show on the case page
    Role.DEPARTMENT_HEAD: [
        "hotline.view_call",
        "hotline.view_visit",
        "hotline.view_externalpetition",
    ],
    Role.LEADERSHIP: [],  # the figures, on the dashboard
    Role.ADMIN: [
        *_ALL,
        "hotline.view_callbackattempt",
        "hotline.view_callbackescalation",
        "hotline.view_followup",
        "hotline.view_representative",
    ],
}


def grant_hotline_permissions(user: User, role: str) -> User:
    """The user, with the hotline permissions of `role`, fresh from the database
    (Django caches a user's permissions on the instance)."""
    for perm in HOTLINE_PERMISSIONS[role]:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def users(role_users):
    """One user of each role, with the hotline permissions their role will carry."""
    return {role: grant_hotline_permissions(user, role) for role, user in role_users.items()}


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
