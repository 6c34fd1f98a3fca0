from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform

from zhanjiang_union.localnames import local_name_expression
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_subtree
from zhanjiang_union.workdays.spans import day_start

from .access import cases_visible_to, lent_cases, visibility_key
from .models import Case, CaseEvent, Complainant, Deadline, DeadlineRule, EarlyWarning
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
    # From the dashboard's links: local days, both ends included.
    created_from: date | None = None
    created_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    department: int | None = None  # narrows what the user may see, never widens it
    industry: str = ""
    open_warning: bool = False
    # An organisation's subtree (or, with organisation_only, the organisation alone):
    # narrows what the user may see, never widens it.
    organisation: Organisation | None = None
    organisation_only: bool = False


def case_workbench_list(
    *, user, filters: WorkbenchFilters, visible: QuerySet[Case] | None = None
) -> QuerySet[Case]:
    """`visible`: the cases to filter instead of the user's own (an API client's)."""
    cases = cases_visible_to(user) if visible is None else visible
    if filters.scope == "mine":
        # A mediator lent to a city case finds it among their own (cases.secondments).
        cases = cases.filter(handler=user)
        if visible is None and user.has_perm("cases.work_case"):
            cases = cases | lent_cases(user)
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
    if filters.deadline_state == "late":
        cases = cases.filter(deadline_state__in=["overdue", "overdue_long"])
    elif filters.deadline_state:
        cases = cases.filter(deadline_state=filters.deadline_state)
    for field, start, end in (
        ("created_at", filters.created_from, filters.created_to),
        ("closed_at", filters.closed_from, filters.closed_to),
    ):
        if start:
            cases = cases.filter(**{f"{field}__gte": day_start(start)})
        if end:
            cases = cases.filter(**{f"{field}__lt": day_start(end + timedelta(days=1))})
    if filters.department:
        cases = cases.filter(department_id=filters.department)
    if filters.industry:
        cases = cases.filter(industry=filters.industry)
    if filters.organisation is not None:
        cases = cases.filter(_in_organisation(filters.organisation, only=filters.organisation_only))
    if filters.open_warning:
        open_warnings = EarlyWarning.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True)
        cases = cases.filter(Exists(open_warnings))
    if filters.query:
        cases = cases.filter(_search(filters.query.strip()))
    if filters.sort == "newest":
        cases = cases.order_by("-created_at")
    else:
        # The stored next_due_on: an index scan, not a subquery per case.
        cases = cases.order_by(F("next_due_on").asc(nulls_last=True), "-id")
    first_complainant = Complainant.objects.order_by("id")
    return cases.select_related(
        "district", "category", "handler", "department", "organisation"
    ).prefetch_related(Prefetch("complainants", queryset=first_complainant))


def _in_organisation(organisation: Organisation, *, only: bool) -> Q:
    """The cases at the organisation (and below it, unless `only`); a case with no
    organisation is at the city federation (cases.access)."""
    if only:
        condition = Q(organisation=organisation)
    else:
        condition = Q(organisation__in=organisation_subtree(organisation=organisation).values("pk"))
    if organisation.depth == 1:
        condition |= Q(organisation__isnull=True)
    return condition


def case_for_tracking(*, number: str, code: str) -> Case | None:
    """The case a worker's number and query code open, or None. The code is hashed
    whether or not the number exists, so a wrong number and a wrong code look the same,
    in the answer and in its timing."""
    from .services import query_code_hash, query_code_matches

    case = (
        Case.objects.select_related("department", "organisation")
        .filter(number=number.strip())
        .first()
    )
    if case is None:
        query_code_hash(code)
        return None
    return case if query_code_matches(case, code) else None


def case_deadlines(*, case: Case) -> QuerySet[Deadline]:
    return case.deadlines.select_related("rule", "handoff").order_by(
        F("met_at").asc(nulls_first=True), "due_on"
    )


def case_next_deadline(*, case: Case) -> Deadline | None:
    return (
        case.deadlines.filter(met_at__isnull=True)
        .select_related("rule")
        .order_by("due_on", "id")
        .first()
    )


def _search(term: str) -> Q:
    """What a search box term means, by its shape, so that each kind of term
    uses its own index: a phone number, a case number, or a name."""
    digits = term.replace(" ", "").replace("-", "")
    if digits.isdigit() and len(digits) in (11, 12):
        by_phone = Complainant.objects.filter(phone=digits).values("case_id")
        return Q(pk__in=by_phone)
    if term.startswith(("湛工维", "ZJ-")) or term.isdigit():
        return Q(number__contains=term)
    by_name = Complainant.objects.filter(name__contains=term).values("case_id")
    return Q(employer_name__contains=term) | Q(pk__in=by_name) | Q(number__contains=term)


def case_counts_by_stage(*, user) -> dict[str, int]:
    """Open cases per status in the user's lists, for the filter chips. Cached a
    minute per scope: on a million cases the count is the costliest query of
    the page, and a minute-old count misleads nobody."""
    scope = visibility_key(user)

    def count() -> dict[str, int]:
        rows = (
            cases_visible_to(user)
            .exclude(status=Status.CLOSED)
            .values("status")
            .annotate(n=Count("*"))  # COUNT(*): the index alone answers it
        )
        return {row["status"]: row["n"] for row in rows}

    return cache.get_or_set(f"cases:counts:{scope}", count, 60)


def case_timeline(*, case: Case, public_only: bool) -> QuerySet[CaseEvent]:
    # Deadline lines name their rule by key; its current label comes with the
    # row so that wording the timeline (cases.timeline) costs no query per line.
    rules = DeadlineRule.objects.filter(key=KeyTextTransform("rule", OuterRef("data")))
    events = case.events.select_related("actor").annotate(
        rule_label=Subquery(rules.values(local=local_name_expression("label"))[:1])
    )
    return events.filter(public=True) if public_only else events


def case_related_open(*, case: Case, user) -> QuerySet[Case]:
    """Other open cases against the same employer that this user may read: by credit
    code when known, else by the normalised name."""
    same = (
        Q(employer_credit_code=case.employer_credit_code)
        if case.employer_credit_code
        else Q(employer_key=case.employer_key)
    )
    return (
        cases_visible_to(user)
        .filter(same)
        .exclude(pk=case.pk)
        .exclude(status=Status.CLOSED)
        .select_related("district")
        .order_by("-created_at")
    )
