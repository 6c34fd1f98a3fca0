"""The portal's roles and what each may do.

A role is a Django group named by its key; its permissions are listed here and
nowhere else, and `manage.py seed` writes them to the database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    MEDIATOR = "mediator", _("Mediator")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    LEADERSHIP = "leadership", _("Leadership task force")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset(Role.values) - {Role.WORKER}

_VIEW_REFERENCE = [
    "accounts.view_department",
    "cases.view_district",
    "cases.view_disputecategory",
    "leadership.view_measure",
    "leadership.view_rostermember",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.WORKER: [],
    Role.HOTLINE_OPERATOR: [*_VIEW_REFERENCE],
    Role.MEDIATOR: [*_VIEW_REFERENCE],
    Role.DEPARTMENT_HEAD: [*_VIEW_REFERENCE],
    Role.LEADERSHIP: [*_VIEW_REFERENCE],
    Role.ADMIN: [
        *_VIEW_REFERENCE,
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.add_department",
        "accounts.change_department",
        "auth.view_group",
        "cases.add_district",
        "cases.change_district",
        "cases.add_disputecategory",
        "cases.change_disputecategory",
        "leadership.add_measure",
        "leadership.change_measure",
        "leadership.add_rostermember",
        "leadership.change_rostermember",
    ],
}
