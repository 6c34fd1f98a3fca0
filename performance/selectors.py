"""What the case page, the tracking page and the dashboard read about performance."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Case, Deadline, MediationAgreement
from zhanjiang_union.workdays.calendar import is_workday

from .limitation import next_working_day, one_year_after
from .models import Instalment, JudicialConfirmation, Payment

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)


class InstalmentState:
    PAID = "paid"
    PAID_LATE = "paid_late"
    OVERDUE = "overdue"
    OPEN = "open"


@dataclass
class InstalmentRow:
    instalment: Instalment
    paid: Decimal
    owed: Decimal
    due_on: date  # the agreed day, moved off a rest day as the engine counts it
    state: str
    payments: list = field(default_factory=list)


@dataclass
class Overview:
    agreement: MediationAgreement
    rows: list[InstalmentRow]
    owed: Decimal
    overdue: list[InstalmentRow]
    confirmation: JudicialConfirmation | None
    confirmation_deadline: Deadline | None
    payment_order_possible: bool
    arbitration_by: date | None  # the limitation period's end counted from the first default
    reports: list

    @property
    def performed(self) -> bool:
        return bool(self.rows) and all(
            row.state in (InstalmentState.PAID, InstalmentState.PAID_LATE) for row in self.rows
        )


def _state(instalment: Instalment, paid: Decimal, due_on: date, today: date) -> str:
    if instalment.paid_on is not None:
        return InstalmentState.PAID if instalment.paid_on <= due_on else InstalmentState.PAID_LATE
    return InstalmentState.OVERDUE if today > due_on else InstalmentState.OPEN


def agreement_overview(*, case: Case, today: date | None = None) -> Overview | None:
    today = today or timezone.localdate()
    agreement = MediationAgreement.objects.filter(case=case).first()
    if agreement is None:
        return None
    instalments = list(
        agreement.instalments.select_related("deadline").prefetch_related("payments__evidence")
    )
    rows = []
    for item in instalments:
        payments = list(item.payments.all())
        paid = sum((p.amount for p in payments), ZERO)
        due_on = item.deadline.due_on if item.deadline else item.due_on
        rows.append(
            InstalmentRow(item, paid, item.amount - paid, due_on, _state(item, paid, due_on, today),
                          payments)
        )  # fmt: skip
    overdue = [row for row in rows if row.state == InstalmentState.OVERDUE]
    arbitration_by = None
    if overdue:
        # Art. 15: not performed, the worker may apply for arbitration; the one-year
        # limitation (Art. 27) counts from the day the first unpaid instalment fell due.
        arbitration_by = next_working_day(one_year_after(overdue[0].due_on), is_workday)
    return Overview(
        agreement=agreement,
        rows=rows,
        owed=sum((row.owed for row in rows), ZERO),
        overdue=overdue,
        confirmation=JudicialConfirmation.objects.filter(agreement=agreement).first(),
        confirmation_deadline=case.deadlines.filter(rule__key="judicial_confirmation")
        .order_by("-pk")
        .first(),
        payment_order_possible=case.category.code == "pay",
        arbitration_by=arbitration_by,
        reports=list(case.non_payment_reports.all()[:5]),
    )


# --- The dashboard --------------------------------------------------------------------------


def performance_figures(
    *,
    start: date,
    end: date,
    district_id=None,
    department_id=None,
    organisation_path: str = "",
    today: date | None = None,
) -> dict:
    """Over the agreements signed from `start` to `end` (in a district, a department):
    performed on time, performed late, not performed, and the amount still owed. Three
    aggregate queries, whatever the number of agreements, on the agreements' own tables
    (the cases' only for a district, a department or an organisation's subtree, given
    by its tree path), kept a minute like the dashboard."""
    key = (
        f"performance.figures:{start}:{end}:{district_id}:{department_id}"
        f":{organisation_path}:{today}"
    )
    cached = cache.get(key)
    if cached is None:
        cached = _figures(start, end, district_id, department_id, organisation_path, today)
        cache.set(key, cached, 60)
    return cached


def _figures(start, end, district_id, department_id, organisation_path, today) -> dict:
    today = today or timezone.localdate()
    agreements = MediationAgreement.objects.filter(signed_on__range=(start, end))
    if district_id:
        agreements = agreements.filter(case__district_id=district_id)
    if department_id:
        agreements = agreements.filter(case__department_id=department_id)
    if organisation_path:
        agreements = agreements.filter(case__organisation__path__startswith=organisation_path)
    instalments = Instalment.objects.filter(agreement=OuterRef("pk"))
    unpaid = instalments.filter(paid_on__isnull=True)
    late = instalments.filter(paid_on__isnull=False, paid_on__gt=F("deadline__due_on"))
    annotated = agreements.annotate(
        has_schedule=Exists(instalments),
        has_unpaid=Exists(unpaid),
        has_overdue=Exists(unpaid.filter(deadline__due_on__lt=today)),
        has_late=Exists(late),
    )
    counts = annotated.aggregate(
        on_time=Count("pk", filter=Q(has_schedule=True, has_unpaid=False, has_late=False)),
        late=Count("pk", filter=Q(has_schedule=True, has_unpaid=False, has_late=True)),
        # An instalment past its day and unpaid, the case open or closed.
        not_performed=Count("pk", filter=Q(has_overdue=True)),
    )
    scheduled = Instalment.objects.filter(agreement__in=agreements).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    paid = Payment.objects.filter(instalment__agreement__in=agreements).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )["total"]
    return {**counts, "owed": scheduled - paid}
