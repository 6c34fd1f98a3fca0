from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .access import cases_visible_to
from .models import Case, CaseEvent, Complainant, Handoff
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
    open_only: bool = True
    query: str = ""


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
    if filters.query:
        term = filters.query.strip()
        by_person = Complainant.objects.filter(Q(name__contains=term) | Q(phone=term))
        cases = cases.filter(
            Q(number__contains=term)
            | Q(employer_name__contains=term)
            | Q(pk__in=by_person.values("case_id"))
        )
    first_complainant = Complainant.objects.order_by("id")
    return cases.select_related("district", "category", "handler", "department").prefetch_related(
        Prefetch("complainants", queryset=first_complainant)
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
