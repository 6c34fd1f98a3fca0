from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from zhanjiang_union import escalation_reach
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.logs import Change, LogEntry

from .access import reports_visible_to
from .models import Activity, Measure, RosterMember, SelfInspectionReport

# --- Roster -------------------------------------------------------------------------


def roster_active_members():
    return (
        RosterMember.objects.filter(RosterMember.active_on(timezone.localdate()))
        .select_related("department")
        .order_by("order", "id")
    )


def roster_by_group_role() -> list[tuple[str, list[RosterMember]]]:
    """[(role label, members)] in the order of the appendix: 组长 first, 成员 last."""
    members = list(roster_active_members())
    groups = []
    for role in RosterMember.GroupRole:
        in_role = [member for member in members if member.group_role == role]
        if in_role:
            groups.append((role.label, in_role))
    return groups


def roster_office_director() -> RosterMember | None:
    return roster_active_members().filter(is_office_director=True).first()


def roster_leaders_in_charge(
    *,
    today: date,
    department_ids: Collection[int] | None = None,
    department_codes: Collection[str] | None = None,
) -> dict[int, list[User]]:
    """department id -> the accounts of the members in charge of it on `today`, in
    roster order: the roster's answer to `zhanjiang_union.escalation_reach`. One query
    over the departments-in-charge rows, whatever the number of departments."""
    rows = RosterMember.in_charge_of.through.objects.filter(
        rostermember__in=RosterMember.in_charge_on(today)
    )
    if department_ids is not None:
        rows = rows.filter(department_id__in=department_ids)
    if department_codes is not None:
        rows = rows.filter(department__code__in=department_codes)
    leaders: dict[int, list[User]] = defaultdict(list)
    for row in rows.select_related("rostermember__user").order_by(
        "rostermember__order", "rostermember__id"
    ):
        leaders[row.department_id].append(row.rostermember.user)
    return dict(leaders)


def roster_office_directors(*, today: date) -> list[User]:
    return [
        member.user
        for member in RosterMember.in_charge_on(today)
        .filter(is_office_director=True)
        .select_related("user")
    ]


# --- Roster history ---------------------------------------------------------------------

# One admin save writes up to three history records (the row, then the removed and
# the added departments in charge): records of one member by one user this close
# together are shown as one change.
HISTORY_SAME_EDIT_WINDOW = timedelta(seconds=10)
HISTORY_PAGE_SIZE = 20
_M2M_FIELD = "in_charge_of"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass
class RosterChange:
    at: datetime
    who: User | None
    member: str
    action: str  # "created", "changed" or "deleted"
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""

    def log_entry(self) -> LogEntry:
        return LogEntry(
            at=self.at,
            who=str(self.who) if self.who else _("System"),
            subject=self.member,
            text=self.action_label,
            note=self.reason,
            note_label=_("Reason"),
            changes=[Change(c.label, c.before, c.after) for c in self.changes],
            changes_are_new=self.action == "created",
        )

    @property
    def action_label(self) -> str:
        return {
            "created": _("Added to the roster"),
            "changed": _("Changed"),
            "deleted": _("Deleted"),
        }[self.action]


@dataclass
class _Edit:
    member_id: int
    user_id: int | None
    record_ids: list[int]
    last_at: datetime
    previous_id: int | None  # the member's record just before this edit


def _roster_edits() -> list[_Edit]:
    """Every edit of the roster, oldest first. Grouping needs the whole (small) history
    as bare tuples; the records themselves are loaded for one page only."""
    history = RosterMember.history.model
    rows = history.objects.order_by("history_date", "history_id").values_list(
        "history_id", "id", "history_user_id", "history_date"
    )
    edits: list[_Edit] = []
    latest: dict[int, _Edit] = {}
    for record_id, member_id, user_id, at in rows:
        edit = latest.get(member_id)
        if edit and edit.user_id == user_id and at - edit.last_at <= HISTORY_SAME_EDIT_WINDOW:
            edit.record_ids.append(record_id)
            edit.last_at = at
            continue
        new = _Edit(member_id, user_id, [record_id], at, edit.record_ids[-1] if edit else None)
        edits.append(new)
        latest[member_id] = new
    return edits


def _display(value, *, names: dict, choices: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(names.get(pk, f"#{pk}") for pk in value)
    if value in choices:
        return str(choices[value])
    return str(names.get(value, value)) if names else str(value)


def roster_history_page(*, page_number) -> Page:
    """The roster's changes, newest first: who, when, and each field before → after
    (django-simple-history's diff_against for the row, the departments in charge from
    their history rows). The number of queries does not depend on the page's rows."""
    history = RosterMember.history.model
    edits = sorted(_roster_edits(), key=lambda edit: edit.last_at, reverse=True)
    page = Paginator(edits, HISTORY_PAGE_SIZE).get_page(page_number)

    wanted = {edit.record_ids[-1] for edit in page} | {
        edit.previous_id for edit in page if edit.previous_id
    }
    records = {
        record.history_id: record
        for record in history.objects.filter(history_id__in=wanted).select_related("history_user")
    }
    in_charge: dict[int, list[int]] = {record_id: [] for record_id in wanted}
    m2m_history = getattr(history, _M2M_FIELD).model
    for record_id, department_id in m2m_history.objects.filter(history_id__in=wanted).values_list(
        "history_id", "department_id"
    ):
        in_charge[record_id].append(department_id)

    departments = {department.pk: str(department) for department in Department.objects.all()}
    orders = dict(Department.objects.values_list("pk", "order"))
    for ids in in_charge.values():
        ids.sort(key=lambda pk: (orders.get(pk, 0), pk))
    user_ids = {r.user_id for r in records.values() if r.user_id}
    users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids)}
    group_roles = dict(RosterMember.GroupRole.choices)

    def shown(name: str, value) -> str:
        names = {"department": departments, "user": users, _M2M_FIELD: departments}.get(name, {})
        choices = group_roles if name == "group_role" else {}
        return _display(value, names=names, choices=choices)

    tracked = [f for f in history.tracked_fields if f.editable and f.name not in ("id", _M2M_FIELD)]
    labels = {f.name: str(f.verbose_name) for f in tracked}
    labels[_M2M_FIELD] = str(RosterMember._meta.get_field(_M2M_FIELD).verbose_name)

    rows = []
    for edit in page:
        record = records[edit.record_ids[-1]]
        previous = records.get(edit.previous_id)
        action = {"+": "created", "-": "deleted"}.get(record.history_type, "changed")
        if previous is None:
            # The member's first record: list what they were entered with.
            action = "created" if action == "changed" else action
            before_in_charge: list[int] = []
            pairs = [
                (f.name, None, getattr(record, f.attname))
                for f in tracked
                if getattr(record, f.attname) not in (None, "", False)
            ]
        else:
            delta = record.diff_against(previous, excluded_fields=[_M2M_FIELD])
            pairs = [(change.field, change.old, change.new) for change in delta.changes]
            before_in_charge = in_charge[previous.history_id]
        after_in_charge = in_charge[record.history_id]
        if before_in_charge != after_in_charge:
            pairs.append((_M2M_FIELD, before_in_charge, after_in_charge))
        changes = [
            FieldChange(name, labels[name], shown(name, old), shown(name, new))
            for name, old, new in pairs
            if shown(name, old) != shown(name, new)
        ]
        rows.append(
            RosterChange(
                at=record.history_date,
                who=record.history_user,
                member=record.name,
                action=action,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    page.object_list = rows
    return page


# --- Activities --------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    kind: str = ""
    department: int | None = None
    month: date | None = None  # any day of the month


def activity_list(*, filters: ActivityFilters) -> QuerySet[Activity]:
    activities = Activity.objects.select_related("measure", "department", "recorded_by")
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.department:
        activities = activities.filter(department_id=filters.department)
    if filters.month:
        activities = activities.filter(
            held_on__year=filters.month.year, held_on__month=filters.month.month
        )
    return activities


def activity_counts_by_kind(*, department: Department, start: date, end: date) -> dict[str, int]:
    rows = (
        Activity.objects.filter(department=department, held_on__range=(start, end))
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(Activity.Kind.values, 0)
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


# --- Self-inspection reports -------------------------------------------------------------

# (key in SelfInspectionReport.figures, label); the order of the report's table.
FIGURES = [
    ("cases_received", gettext_lazy("Cases received")),
    ("cases_closed", gettext_lazy("Cases closed")),
    ("cases_open_at_end", gettext_lazy("Cases open at the end of the period")),
    ("collective_received", gettext_lazy("Collective disputes received")),
    ("amount_recovered", gettext_lazy("Amount recovered in closed cases (yuan)")),
    ("workers_covered", gettext_lazy("Workers covered by the cases received")),
]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def report_figures(*, department: Department, start: date, end: date) -> dict:
    """The department's figures for the period, as stored in the report: case counts
    in one aggregate query, activities by kind in another. Days are local (Beijing)
    days; the amount is a string so the JSON keeps it exact."""
    since, until = _start_of(start), _start_of(end + timedelta(days=1))
    received = Q(created_at__gte=since, created_at__lt=until)
    closed = Q(closed_at__gte=since, closed_at__lt=until)
    open_at_end = Q(created_at__lt=until) & (Q(closed_at__isnull=True) | Q(closed_at__gte=until))
    totals = Case.objects.filter(department=department).aggregate(
        cases_received=Count("pk", filter=received),
        cases_closed=Count("pk", filter=closed),
        cases_open_at_end=Count("pk", filter=open_at_end),
        collective_received=Count("pk", filter=received & Q(is_collective=True)),
        amount_recovered=Sum("amount_recovered", filter=closed),
        workers_covered=Sum("workers_involved", filter=received),
    )
    amount = totals["amount_recovered"] or Decimal("0")
    return {
        **totals,
        "amount_recovered": f"{amount.quantize(Decimal('0.01'))}",
        "workers_covered": totals["workers_covered"] or 0,
        "activities": activity_counts_by_kind(department=department, start=start, end=end),
    }


def report_figure_rows(figures: dict) -> list[tuple[str, object]]:
    """[(label, value)] for the report's table, activities by kind last."""
    if not figures:
        return []
    rows = [(str(label), figures.get(key, "—")) for key, label in FIGURES]
    activities = figures.get("activities", {})
    rows += [
        (_("Activities: %(kind)s") % {"kind": kind.label}, activities.get(kind.value, 0))
        for kind in Activity.Kind
    ]
    return rows


def report_list(*, user) -> QuerySet[SelfInspectionReport]:
    return reports_visible_to(user).select_related("department", "submitted_by", "reviewed_by")


def report_log(*, report: SelfInspectionReport) -> list[LogEntry]:
    """The report's submissions and reviews, for the one log display."""
    return [
        LogEntry(
            at=event.at,
            who=str(event.actor) if event.actor else "",
            text=event.get_action_display(),
            note=event.comment,
        )
        for event in report.events.select_related("actor")
    ]


def report_departments() -> QuerySet[Department]:
    """Departments that answer for a work measure, and so report on it."""
    return Department.objects.filter(measures__kind=Measure.Kind.MEASURE).distinct()


def report_submitters(*, department: Department) -> QuerySet[User]:
    """The department's active staff who may submit its report and have an e-mail."""
    permission = Permission.objects.get(
        content_type__app_label="leadership", codename="submit_selfinspectionreport"
    )
    return (
        User.objects.filter(department=department, is_active=True)
        .exclude(email="")
        .filter(
            Q(groups__permissions=permission)
            | Q(user_permissions=permission)
            | Q(is_superuser=True)
        )
        .distinct()
    )


def leader_addresses(*, department: Department) -> list[str]:
    """E-mail addresses of the active leaders in charge of the department."""
    leaders = escalation_reach.leaders_in_charge(department_ids=[department.pk])
    return sorted({user.email for user in leaders.get(department.pk, []) if user.email})
