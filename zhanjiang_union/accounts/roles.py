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

_CASEWORK = [
    "cases.view_workbench",
    "cases.add_case",
    "cases.work_case",
    "cases.view_personal_data",
]

# A worker needs no permission: they see the cases they filed themselves.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.WORKER: [],
    Role.HOTLINE_OPERATOR: [*_VIEW_REFERENCE, "cases.view_workbench", "cases.add_case"],
    Role.MEDIATOR: [*_VIEW_REFERENCE, *_CASEWORK],
    Role.DEPARTMENT_HEAD: [*_VIEW_REFERENCE, *_CASEWORK, "cases.reassign_case"],
    Role.LEADERSHIP: [*_VIEW_REFERENCE, "cases.view_workbench", "cases.view_all_cases"],
    Role.ADMIN: [
        *_VIEW_REFERENCE,
        *_CASEWORK,
        "cases.reassign_case",
        "cases.view_all_cases",
        "cases.act_on_all_cases",
        "cases.view_case",
        "cases.view_caseevent",
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
