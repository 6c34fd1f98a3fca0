"""The main navigation: each entry names what a user needs to see it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone, logged in or not
    staff_site: bool = False  # the Django admin: only for is_staff accounts
    worker_only: bool = False  # a logged-in worker's own pages
    # The public pages: in the menu of visitors and workers; staff have their
    # own pages to reach, and a menu that fits one line.
    for_workers: bool = False

    def visible_to(self, user) -> bool:
        if self.for_workers:
            from zhanjiang_union.accounts.roles import Role

            return not user.is_authenticated or user.has_role(Role.WORKER)
        if self.worker_only:
            from zhanjiang_union.accounts.roles import Role

            return user.is_authenticated and user.has_role(Role.WORKER)
        if self.staff_site:
            return user.is_active and user.is_staff
        return self.permission is None or user.has_perm(self.permission)


ENTRIES = [
    NavEntry(_("File a complaint"), "cases:complaint_new", for_workers=True),
    NavEntry(_("Track my complaint"), "cases:track", for_workers=True),
    NavEntry(_("My complaints"), "cases:my_cases", worker_only=True),
    NavEntry(_("Know your rights"), "knowledge:index", for_workers=True),
    NavEntry(_("Typical cases"), "knowledge:staff_typical_cases", "knowledge.change_typicalcase"),
    NavEntry(_("Workbench"), "cases:workbench", "cases.view_workbench"),
    NavEntry(_("Register a case"), "cases:intake", "cases.add_case"),
    NavEntry(_("12351 desk"), "hotline:desk", "hotline.use_desk"),
    NavEntry(_("Petition visits"), "hotline:visits", "hotline.view_visit"),
    NavEntry(_("Satisfaction follow-ups"), "hotline:followups", "hotline.add_followup"),
    NavEntry(_("Dashboard"), "dashboard:index", "leadership.view_dashboard"),
    NavEntry(_("Activities"), "leadership:activities", "leadership.view_activity"),
    NavEntry(
        _("Self-inspection reports"), "leadership:reports", "leadership.view_selfinspectionreport"
    ),
    NavEntry(_("Task force"), "leadership:roster", "leadership.view_rostermember"),
    NavEntry(_("Administration"), "admin:index", staff_site=True),
]


def navigation(request):
    user = request.user
    return {
        "nav_entries": [
            {"label": entry.label, "url": reverse(entry.url_name)}
            for entry in ENTRIES
            if entry.visible_to(user)
        ]
    }
