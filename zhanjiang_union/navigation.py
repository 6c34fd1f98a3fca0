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
    NavEntry(_("Union organisations"), "cases:my_organisation", "cases.view_workbench"),
    NavEntry(_("12351 desk"), "hotline:desk", "hotline.use_desk"),
    NavEntry(_("Petition visits"), "hotline:visits", "hotline.view_visit"),
    NavEntry(_("Satisfaction follow-ups"), "hotline:followups", "hotline.add_followup"),
    NavEntry(_("Dashboard"), "dashboard:index", "leadership.view_dashboard"),
    NavEntry(_("Activities"), "leadership:activities", "leadership.view_activity"),
    NavEntry(
        _("Self-inspection reports"), "leadership:reports", "leadership.view_selfinspectionreport"
    ),
    NavEntry(_("Task force"), "leadership:roster", "leadership.view_rostermember"),
    NavEntry(_("Document templates"), "documents:templates", "documents.change_documenttemplate"),
    NavEntry(_("Administration"), "admin:index", staff_site=True),
]


# Each role's own pages, in the order it uses them: they come first in its menu and the
# first is where its login lands. A user with several roles takes the first that fits.
ROLE_PAGES = [
    ("admin", ["leadership:roster", "admin:index", "dashboard:index"]),
    ("leadership", ["dashboard:index", "leadership:roster", "leadership:activities"]),
    ("department_head", ["cases:workbench", "cases:intake", "dashboard:index"]),
    ("mediator", ["cases:workbench", "cases:intake"]),
    ("hotline_operator", ["hotline:desk", "cases:intake", "hotline:visits", "hotline:followups"]),
    ("worker", ["cases:my_cases", "cases:complaint_new", "cases:track"]),
]
# Entries shown in the header bar itself; the rest are under "More".
PRIMARY_MAX = 4


def own_pages(user) -> list[str]:
    """The url names of the user's own pages, most used first."""
    if not user.is_authenticated:
        return []
    for role, pages in ROLE_PAGES:
        if user.has_role(role):
            return pages
    return []


def start_page(user) -> str:
    """Where a login without `next` lands: the role's first page, else the home page."""
    for url_name in own_pages(user):
        entry = next((entry for entry in ENTRIES if entry.url_name == url_name), None)
        if entry is not None and entry.visible_to(user):
            return reverse(url_name)
    return reverse("home")


def navigation(request):
    user = request.user
    visible = [entry for entry in ENTRIES if entry.visible_to(user)]
    own = own_pages(user)
    ordered = sorted(
        visible, key=lambda entry: own.index(entry.url_name) if entry.url_name in own else len(own)
    )
    entries = [{"label": entry.label, "url": reverse(entry.url_name)} for entry in ordered]
    primary = PRIMARY_MAX if user.is_authenticated else len(entries)
    return {
        "nav_entries": entries,
        "nav_primary": entries[:primary],
        "nav_more": entries[primary:],
        # The public's pages (visitors and workers) offer the larger-text mode.
        "nav_public": not user.is_authenticated or user.has_role("worker"),
    }
