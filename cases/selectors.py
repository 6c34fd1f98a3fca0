from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from .access import cases_visible_to
from .models import Case, CaseEvent, Complainant, Deadline, Handoff
from .workflow import Status, statuses_in_stage


@dataclass
class WorkbenchFilters:
    scope: str = "department"  # "mine" or "department"
    stage: str = ""
    status: str = ""
    district: int | None = None
    category: int | None = None
    channel: str = ""
    collective: bool | None = None
    deadline_state: str = ""  # a Deadline.State, or "paused"
    open_only: bool = True
    query: str = ""
    sort: str = "deadline"  # "deadline" (next due first) or "newest"


def _running_deadlines():
    return Deadline.objects.filter(case=OuterRef("pk"), met_at__isnull=True)


def case_workbench_list(*, user, filters: WorkbenchFilters) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if filters.scope == "mine":
        cases = cases.filter(handler=user)
    if filters.open_only:
        cases = cases.exclude(status=Status.CLOSED)
    if filters.stage:
        cases = cases.filter(status__in=statuses_in_stage(filters.stage))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.district:
        cases = cases.filter(district_id=filters.district)
    if filters.category:
        cases = cases.filter(category_id=filters.category)
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    if filters.collective is not None:
        cases = cases.filter(is_collective=filters.collective)
    if filters.deadline_state == "paused":
        cases = cases.filter(Exists(_running_deadlines().filter(paused_on__isnull=False)))
    elif filters.deadline_state:
        cases = cases.filter(
            Exists(
                _running_deadlines().filter(paused_on__isnull=True, state=filters.deadline_state)
            )
        )
    if filters.query:
        term = filters.query.strip()
        by_person = Complainant.objects.filter(Q(name__contains=term) | Q(phone=term))
        cases = cases.filter(
            Q(number__contains=term)
            | Q(employer_name__contains=term)
            | Q(pk__in=by_person.values("case_id"))
        )
    next_deadline = _running_deadlines().order_by("due_on", "id")
    cases = cases.annotate(
        next_due=Subquery(next_deadline.values("due_on")[:1]),
        next_state=Subquery(next_deadline.values("state")[:1]),
        next_paused=Subquery(next_deadline.values("paused_on")[:1]),
        next_rule=Subquery(next_deadline.values("rule__label")[:1]),
    )
    if filters.sort == "newest":
        cases = cases.order_by("-created_at")
    else:
        cases = cases.order_by(F("next_due").asc(nulls_last=True), "-created_at")
    first_complainant = Complainant.objects.order_by("id")
    return cases.select_related("district", "category", "handler", "department").prefetch_related(
        Prefetch("complainants", queryset=first_complainant)
    )


def case_deadlines(*, case: Case) -> QuerySet[Deadline]:
    return case.deadlines.select_related("rule", "handoff").order_by(
        F("met_at").asc(nulls_first=True), "due_on"
    )


def case_next_deadline(*, case: Case) -> Deadline | None:
    return (
        case.deadlines.filter(met_at__isnull=True).select_related("rule").order_by("due_on").first()
    )


def case_counts_by_stage(*, user) -> dict[str, int]:
    rows = (
        cases_visible_to(user)
        .exclude(status=Status.CLOSED)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


def case_timeline(*, case: Case, public_only: bool) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor")
    return events.filter(public=True) if public_only else events


def case_open_handoffs(*, case: Case) -> QuerySet[Handoff]:
    return case.handoffs.filter(acknowledged_at__isnull=True)


def case_related_open(*, case: Case) -> QuerySet[Case]:
    """Other open cases against the same employer: by credit code when known,
    else by the normalised name."""
    same = (
        Q(employer_credit_code=case.employer_credit_code)
        if case.employer_credit_code
        else Q(employer_key=case.employer_key)
    )
    return (
        Case.objects.filter(same)
        .exclude(pk=case.pk)
        .exclude(status=Status.CLOSED)
        .select_related("district")
        .order_by("-created_at")
    )
