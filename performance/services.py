"""Every write after an agreement or an award. Views call these; the rules live here.

The time limits run on the cases' deadline engine (cases.deadlines): an instalment's
day, the 30 days for judicial confirmation, the award's windows and the limitation
period are each a Deadline, so the sweep reminds and escalates them like any other.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines
from cases import services as case_services
from cases.events import case_event_record
from cases.models import Case, Deadline, MediationAgreement
from cases.workflow import MOVES_BY_ACTION, Outcome, Status
from zhanjiang_union.accounts.models import User
from zhanjiang_union.errors import DomainError
from zhanjiang_union.notifications.services import notify

from .models import (
    Instalment,
    JudicialConfirmation,
    NonPaymentReport,
    Payment,
)

ZERO = Decimal("0.00")


class PerformanceError(DomainError):
    """A rule about an agreement's performance or an award refused the change."""


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


# --- The payment schedule -----------------------------------------------------------------


@dataclass(frozen=True)
class InstalmentInput:
    amount: Decimal
    due_on: date
    payee: str


def _agreement_locked(case: Case) -> MediationAgreement:
    agreement = MediationAgreement.objects.select_for_update().filter(case=case).first()
    if agreement is None:
        raise PerformanceError(_("This case has no mediation agreement."))
    return agreement


def _instalment_deadline(case: Case, due_on: date) -> Deadline:
    return deadlines.deadline_open(case=case, rule_key="instalment", started_on=due_on)


@transaction.atomic
def schedule_set(
    *, case: Case, instalments: list[InstalmentInput], actor: User
) -> list[Instalment]:
    """Replace the agreement's payment schedule. Refused once a payment is recorded
    (the schedule is then the record of what was owed), or when the instalments do not
    add up to the amount agreed."""
    agreement = _agreement_locked(case)
    if case.status != Status.AGREEMENT:
        raise PerformanceError(
            _("The payment schedule can be changed only while the agreement is being performed.")
        )
    if Payment.objects.filter(instalment__agreement=agreement).exists():
        raise PerformanceError(
            _("A payment is already recorded: the schedule can no longer be changed.")
        )
    if not instalments:
        raise PerformanceError(_("Enter at least one instalment."))
    total = sum((item.amount for item in instalments), ZERO)
    if total != agreement.amount_agreed:
        raise PerformanceError(
            _(
                "The instalments add up to %(total)s yuan, the agreement to %(agreed)s yuan: "
                "make them equal."
            )
            % {"total": _money(total), "agreed": _money(agreement.amount_agreed)}
        )
    for item in instalments:
        if item.due_on < agreement.signed_on:
            raise PerformanceError(
                _("An instalment cannot fall due before the agreement was signed.")
            )
    old = list(agreement.instalments.all())
    Deadline.objects.filter(pk__in=[item.deadline_id for item in old if item.deadline_id]).update(
        met_at=timezone.now()
    )
    agreement.instalments.all().delete()
    created = []
    for number, item in enumerate(sorted(instalments, key=lambda i: i.due_on), start=1):
        created.append(
            Instalment.objects.create(
                agreement=agreement,
                number=number,
                amount=item.amount,
                due_on=item.due_on,
                payee=item.payee,
                deadline=_instalment_deadline(case, item.due_on),
            )
        )
    deadlines.case_summary_refresh(case_ids=[case.pk])
    case_event_record(
        case=case,
        action="performance.schedule.set",
        actor=actor,
        data={
            "instalments": [
                {"amount": _money(i.amount), "due": i.due_on.isoformat()} for i in created
            ]
        },
    )
    return created


def instalment_paid(instalment: Instalment) -> Decimal:
    return instalment.payments.aggregate(total=Sum("amount"))["total"] or ZERO


@transaction.atomic
def payment_record(
    *,
    instalment: Instalment,
    paid_on: date,
    amount: Decimal,
    method: str,
    actor: User,
    evidence_file=None,
    note: str = "",
    today: date | None = None,
) -> Payment:
    """Record a payment towards one instalment: part of it, all of what is left, never
    more (an overpayment is refused: it belongs to another instalment or to nobody)."""
    today = today or timezone.localdate()
    instalment = (
        Instalment.objects.select_for_update(of=("self",))
        .select_related("agreement__case", "deadline")
        .get(pk=instalment.pk)
    )
    case = instalment.agreement.case
    if amount <= 0:
        raise PerformanceError(_("Enter an amount above zero."))
    if paid_on > today:
        raise PerformanceError(_("A payment cannot be recorded before it is made."))
    if paid_on < instalment.agreement.signed_on:
        raise PerformanceError(_("A payment cannot be made before the agreement was signed."))
    paid = instalment_paid(instalment)
    owed = instalment.amount - paid
    if owed <= 0:
        raise PerformanceError(
            _("Instalment %(number)s is already paid in full.") % {"number": instalment.number}
        )
    if amount > owed:
        raise PerformanceError(
            _(
                "That is more than instalment %(number)s still owes (%(owed)s yuan). Record "
                "%(owed)s yuan here and the rest against the next instalment."
            )
            % {"number": instalment.number, "owed": _money(owed)}
        )
    evidence = None
    if evidence_file is not None:
        evidence = case_services.evidence_add(case=case, files=[evidence_file], actor=actor)[0]
    payment = Payment.objects.create(
        instalment=instalment,
        paid_on=paid_on,
        amount=amount,
        method=method,
        evidence=evidence,
        note=note,
        recorded_by=actor,
    )
    due_on = instalment.deadline.due_on if instalment.deadline else instalment.due_on
    full = amount == owed
    if full:
        instalment.paid_on = paid_on
        instalment.save(update_fields=["paid_on"])
        if instalment.deadline_id:
            Deadline.objects.filter(pk=instalment.deadline_id, met_at__isnull=True).update(
                met_at=timezone.now()
            )
            deadlines.case_summary_refresh(case_ids=[case.pk])
    case_event_record(
        case=case,
        action="performance.payment.recorded",
        actor=actor,
        data={
            "instalment": instalment.number,
            "amount": _money(amount),
            "paid_on": paid_on.isoformat(),
            "owed": _money(owed - amount),
            "late": paid_on > due_on,
        },
        note=note,
    )
    return payment


@transaction.atomic
def non_payment_report(*, case: Case, note: str) -> NonPaymentReport:
    """The worker tells the union the employer has not paid: the handler (or, with none,
    the department's heads) hears at once."""
    if not MediationAgreement.objects.filter(case=case).exists() or not case.is_open:
        raise PerformanceError(_("This case has no agreement being performed."))
    report = NonPaymentReport.objects.create(case=case, note=note)
    case_event_record(
        case=case, action="performance.non_payment.reported", actor=None, data={}, note=note
    )
    recipients = [case.handler] if case.handler_id and case.handler.is_active else []
    if not recipients:
        recipients = case_services._department_heads(case)
    # In the inbox with the report (the notifier sends e-mail and SMS after the commit).
    notify(
        recipients=recipients,
        subject=_("The worker reports non-payment: case %(number)s") % {"number": case.number},
        body=note[:500],
        url=reverse("cases:detail", args=[case.pk]),
    )
    return report


@transaction.atomic
def confirmation_record(
    *, case: Case, result: str, on: date, actor: User, court: str = "", document_number: str = "",
    note: str = "",
) -> JudicialConfirmation:  # fmt: skip
    """The judicial confirmation's result; its 30-day deadline ends with it."""
    agreement = _agreement_locked(case)
    if on < agreement.signed_on:
        raise PerformanceError(_("The date cannot be before the agreement was signed."))
    confirmation, _created = JudicialConfirmation.objects.update_or_create(
        agreement=agreement,
        defaults={
            "result": result, "on": on, "court": court,
            "document_number": document_number, "note": note,
        },
    )  # fmt: skip
    if result != JudicialConfirmation.Result.APPLIED:
        deadlines.deadlines_end(case=case, keys=["judicial_confirmation"])
    elif on <= _confirmation_due(case):
        # Applied for in time: the 30 days are met; the court's ruling is recorded later.
        deadlines.deadlines_end(case=case, keys=["judicial_confirmation"])
    if result == JudicialConfirmation.Result.CONFIRMED:
        from .award import enforcement_deadline_open

        # The agreement's last payment day is its period of performance; a ruling made
        # after it counts from the ruling (the day it takes effect).
        last_due = agreement.instalments.order_by("-due_on").values_list("due_on", flat=True)
        enforcement_deadline_open(case=case, counted_from=max([on, *last_due[:1]]))
    else:
        deadlines.deadlines_end(case=case, keys=["enforcement"])
    case_event_record(
        case=case,
        action="performance.confirmation.recorded",
        actor=actor,
        data={"result": result, "on": on.isoformat()},
        note=note,
    )
    return confirmation


def _confirmation_due(case: Case) -> date:
    deadline = case.deadlines.filter(rule__key="judicial_confirmation").order_by("-pk").first()
    return deadline.due_on if deadline else date.max


# --- Guards and follow-ups of the case's moves ---------------------------------------------


def schedule_paid(agreement: MediationAgreement) -> bool:
    instalments = list(agreement.instalments.all())
    if not instalments:
        return agreement.amount_agreed == 0
    return all(item.paid_on is not None for item in instalments)


def on_case_moving(sender, *, case, action, from_status, outcome, note, **kwargs):
    """A case closes as "agreement performed" only when the schedule is paid; with another
    outcome only with a reason. The award's windows decide how it may leave arbitration."""
    if MOVES_BY_ACTION[action].target == Status.CLOSED and from_status == Status.AGREEMENT:
        agreement = MediationAgreement.objects.filter(case=case).first()
        if outcome == Outcome.AGREEMENT_PERFORMED:
            if agreement is None or not schedule_paid(agreement):
                raise PerformanceError(
                    _(
                        "The agreement is not performed yet: record every instalment's "
                        "payment first, or close with another outcome and the reason."
                    )
                )
        elif not note.strip():
            raise PerformanceError(
                _("Give the reason the case closes before the agreement is performed.")
            )
    if from_status == Status.AWARD:
        from .award import award_move_check

        award_move_check(case=case, action=action, outcome=outcome)


def on_case_moved(sender, *, case, action, from_status, actor, **kwargs):
    if MOVES_BY_ACTION[action].needs_agreement:
        agreement = MediationAgreement.objects.get(case=case)
        deadlines.deadline_open(
            case=case, rule_key="judicial_confirmation", started_on=agreement.signed_on
        )
        if agreement.amount_agreed > 0 and not agreement.instalments.exists():
            # One instalment of the whole amount by the agreed date, to start with: the
            # mediator splits it on the schedule page when the agreement pays in parts.
            Instalment.objects.create(
                agreement=agreement,
                number=1,
                amount=agreement.amount_agreed,
                due_on=agreement.payment_due,
                payee="、".join(case.complainants.values_list("name", flat=True))[:128],
                deadline=_instalment_deadline(case, agreement.payment_due),
            )
    if case.status in (Status.MEDIATION, Status.COURT_MEDIATION):
        from .limitation_watch import limitation_deadline_open

        limitation_deadline_open(case=case)
