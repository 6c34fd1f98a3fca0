"""The grid's pages: an organisation, what stands below it, its mediators' register with
each mediator's open cases and on-time rate. Each list is one query with its figures as
subqueries, whatever the number of rows; every subtree is a path prefix."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from zhanjiang_union.organisations.models import Mediator, Organisation
from zhanjiang_union.organisations.selectors import organisation_line

from .access import reads_everything, staff_organisation
from .models import Case, Deadline
from .workflow import Status


def _count(queryset, group: str):
    """A correlated COUNT(*) as an integer column (0 when none)."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organisation_for_user(*, user, pk: int) -> Organisation:
    """The organisation if it stands in the user's subtree (everything for the city's
    leadership and the administrators); 404 otherwise, as for a case."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    if reads_everything(user):
        return organisation
    own = staff_organisation(user)
    if own is None or not organisation.path.startswith(own.path):
        raise Http404
    return organisation


def mediator_for_user(*, user, pk: int) -> Mediator:
    """A mediator on the register of an organisation in the user's subtree; 404 otherwise."""
    mediator = Mediator.objects.select_related("organisation", "user").filter(pk=pk).first()
    if mediator is None:
        raise Http404
    organisation_for_user(user=user, pk=mediator.organisation_id)
    return mediator


def organisation_trail(*, user, organisation: Organisation) -> list[Organisation]:
    """The organisations above this one that the user may open, top first."""
    line = organisation_line(organisation=organisation)[1:]
    if not reads_everything(user):
        own = staff_organisation(user)
        line = [o for o in line if own is not None and o.path.startswith(own.path)]
    return list(reversed(line))


def organisation_children(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisations directly below, each with the open cases of its whole subtree."""
    # No ordering in the subquery: PostgreSQL would want it grouped.
    open_below = (
        Case.objects.order_by()
        .exclude(status=Status.CLOSED)
        .filter(organisation__path__startswith=OuterRef("path"))
    )
    counted = open_below.annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return (
        organisation.get_children()
        .annotate(open_cases=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))
        .order_by("path")
    )


def organisation_case_counts(*, organisation: Organisation) -> dict[str, int]:
    """Open cases at the organisation itself and in its whole subtree."""
    open_cases = Case.objects.exclude(status=Status.CLOSED)
    return open_cases.aggregate(
        here=Count("pk", filter=Q(organisation=organisation)),
        subtree=Count("pk", filter=Q(organisation__path__startswith=organisation.path)),
    )


def organisation_mediators(*, organisation: Organisation) -> QuerySet[Mediator]:
    """The register of one organisation: each mediator with the open cases they handle
    and, of the time limits of their cases that ended, the share met on time."""
    handled = Case.objects.filter(handler=OuterRef("user")).exclude(status=Status.CLOSED)
    ended = Deadline.objects.filter(case__handler=OuterRef("user"), met_at__isnull=False)
    on_time = ended.filter(met_at__date__lte=F("due_on"))
    return (
        Mediator.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("qualifications")
        .annotate(
            open_cases=_count(handled, "handler"),
            deadlines_ended=_count(ended, "case__handler"),
            deadlines_on_time=_count(on_time, "case__handler"),
        )
        .order_by("name", "id")
    )
