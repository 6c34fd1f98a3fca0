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

_ACTIVITIES = [
    "leadership.view_activity",
    "leadership.add_activity",
    "leadership.view_selfinspectionreport",
]

# The knowledge base beside cases and calls (the public section needs nothing).
_KNOWLEDGE = ["knowledge.use_knowledge"]
_TYPICAL_CASES = [*_KNOWLEDGE, "knowledge.add_typicalcase", "knowledge.change_typicalcase"]

# The 普法大讲堂's lectures: announced and published by department heads and admins.
_LECTURES = ["knowledge.view_lecture", "knowledge.add_lecture", "knowledge.change_lecture"]

_HOTLINE_DESK = [
    "hotline.use_desk",
    "hotline.view_call",
    "hotline.add_followup",
    "hotline.view_visit",
    "hotline.add_visit",
    "hotline.view_externalpetition",
    "hotline.add_externalpetition",
]

# A worker needs no permission: they see the cases they filed themselves.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.WORKER: [],
    Role.HOTLINE_OPERATOR: [
        *_VIEW_REFERENCE,
        *_HOTLINE_DESK,
        *_KNOWLEDGE,
        "cases.view_workbench",
        "cases.add_case",
        "leadership.view_selfinspectionreport",
    ],
    Role.MEDIATOR: [*_VIEW_REFERENCE, *_CASEWORK, *_ACTIVITIES, *_TYPICAL_CASES],
    Role.DEPARTMENT_HEAD: [
        *_VIEW_REFERENCE,
        *_CASEWORK,
        *_ACTIVITIES,
        *_TYPICAL_CASES,
        "knowledge.publish_typicalcase",
        *_LECTURES,
        "cases.reassign_case",
        "leadership.submit_selfinspectionreport",
        "leadership.view_dashboard",
        "hotline.view_call",
        "hotline.view_visit",
        "hotline.view_externalpetition",
    ],
    # Reviewing reports needs no permission: the roster says who is in charge.
    Role.LEADERSHIP: [
        *_VIEW_REFERENCE,
        "cases.view_workbench",
        "cases.view_all_cases",
        *_KNOWLEDGE,
        "leadership.view_activity",
        "leadership.view_selfinspectionreport",
        "leadership.view_dashboard",
    ],
    Role.ADMIN: [
        *_VIEW_REFERENCE,
        *_ACTIVITIES,
        *_HOTLINE_DESK,
        "hotline.view_callbackattempt",
        "hotline.view_callbackescalation",
        "hotline.view_followup",
        "hotline.view_representative",
        "leadership.change_activity",
        "leadership.submit_selfinspectionreport",
        "leadership.act_on_all_reports",
        "leadership.view_dashboard",
        "leadership.view_reportevent",
        *_CASEWORK,
        "cases.reassign_case",
        "cases.view_all_cases",
        "cases.act_on_all_cases",
        "cases.view_case",
        "cases.view_caseevent",
        "cases.view_deadlinerule",
        "cases.change_deadlinerule",
        "cases.view_escalation",
        "cases.view_earlywarning",
        "cases.view_personaldataaccess",
        "documents.view_documenttemplate",
        "documents.change_documenttemplate",
        "documents.view_casedocument",
        "notifications.view_notification",
        "monitoring.view_heartbeat",
        "workdays.view_calendarday",
        "workdays.add_calendarday",
        "workdays.change_calendarday",
        "workdays.delete_calendarday",
        "workdays.view_calendaryear",
        "workdays.add_calendaryear",
        "workdays.change_calendaryear",
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
        *_TYPICAL_CASES,
        "knowledge.publish_typicalcase",
        *_LECTURES,
        "knowledge.view_law",
        "knowledge.add_law",
        "knowledge.change_law",
        "knowledge.delete_law",
        "knowledge.view_article",
        "knowledge.change_article",
        "knowledge.view_guide",
        "knowledge.add_guide",
        "knowledge.change_guide",
        "knowledge.view_publicemployer",
        "knowledge.add_publicemployer",
        "knowledge.change_publicemployer",
        "knowledge.delete_publicemployer",
        "knowledge.view_typicalcase",
    ],
}
