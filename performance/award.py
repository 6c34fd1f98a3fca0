"""The award after it is made: the day it was received, its claims (amount, final or
not), the windows that run from receipt, and which moves they allow out of arbitration.

From receipt (劳动争议调解仲裁法): the worker's 15 days to sue (Art. 48 for a final award,
Art. 50, either party, for one that is not); the employer's 30 days to apply to the
intermediate court to set a final award aside (Art. 49). A final award is in force when
made (Art. 47); another once the 15 days pass without a suit: then, if unpaid, the worker
applies to the court for enforcement (Art. 51), within two years (民事诉讼法 Art. 250,
2023 text) counted from the day the award takes effect (the portal does not record a
period of performance the award may set)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines
from cases.events import case_event_record
from cases.models import ArbitrationAward, Case, Deadline
from cases.workflow import Status
from zhanjiang_union.accounts.models import User

from .limitation import years_after
from .models import AwardClaim, AwardReceipt
from .services import PerformanceError, _money

AWARD_RULES = ["award_suit", "award_set_aside", "enforcement"]


def enforcement_deadline_open(*, case: Case, counted_from: date) -> Deadline:
    """The two years to apply for enforcement (民事诉讼法 Art. 250), from the last day of
    the performance the document sets or the day it takes effect (the day not counted)."""
    deadlines.deadlines_end(case=case, keys=["enforcement"])
    return deadlines.deadline_open(
        case=case, rule_key="enforcement", started_on=years_after(counted_from, 2)
    )


@dataclass(frozen=True)
class ClaimInput:
    claim: str
    amount: Decimal
    is_final: bool


@transaction.atomic
def award_details_record(
    *, case: Case, received_on: date, claims: list[ClaimInput], actor: User
) -> AwardReceipt:
    award = ArbitrationAward.objects.select_for_update().filter(case=case).first()
    if award is None or case.status != Status.AWARD:
        raise PerformanceError(_("Record the award on the case first."))
    if received_on < award.awarded_on:
        raise PerformanceError(_("The award cannot be received before it was made."))
    if received_on > timezone.localdate():
        raise PerformanceError(_("The day of receipt cannot be in the future."))
    if not claims:
        raise PerformanceError(_("Enter at least one claim the award decides."))
    receipt, _created = AwardReceipt.objects.update_or_create(
        award=award, defaults={"received_on": received_on}
    )
    award.claims.all().delete()
    AwardClaim.objects.bulk_create(
        [
            AwardClaim(award=award, claim=c.claim, amount=c.amount, is_final=c.is_final)
            for c in claims
        ]
    )
    total = sum((c.amount for c in claims), Decimal("0"))
    any_final = any(c.is_final for c in claims)
    ArbitrationAward.objects.filter(pk=award.pk).update(
        amount_awarded=total, is_final=all(c.is_final for c in claims)
    )
    deadlines.deadlines_end(case=case, keys=AWARD_RULES)
    suit = deadlines.deadline_open(case=case, rule_key="award_suit", started_on=received_on)
    if any_final:
        deadlines.deadline_open(case=case, rule_key="award_set_aside", started_on=received_on)
    # In force at receipt when final throughout (as award_move_check reads it), otherwise
    # the day after the days to sue pass; a suit or the enforcement move ends it with the
    # status (cases.deadlines.on_status_entered), as does closing the case once paid.
    in_force_on = received_on if all(c.is_final for c in claims) else suit.due_on + timedelta(1)
    enforcement_deadline_open(case=case, counted_from=in_force_on)
    case_event_record(
        case=case,
        action="performance.award.received",
        actor=actor,
        data={"received_on": received_on.isoformat(), "amount": _money(total), "final": any_final},
    )
    return receipt


def award_window(case: Case, key: str) -> Deadline | None:
    return case.deadlines.filter(rule__key=key).select_related("rule").order_by("-pk").first()


def award_move_check(*, case: Case, action: str, outcome: str = "", today: date | None = None):
    """Raise when the award's windows do not allow this move out of arbitration."""
    today = today or timezone.localdate()
    award = ArbitrationAward.objects.filter(case=case).first()
    receipt = AwardReceipt.objects.filter(award=award).first() if award else None
    if action not in ("hand_to_litigation", "apply_enforcement"):
        return
    suit = award_window(case, "award_suit")
    suit_over = receipt is not None and suit is not None and today > suit.due_on
    claims = list(award.claims.all()) if award else []
    # Final when every claim is (终局 per claim), or as recorded with the award.
    final = all(c.is_final for c in claims) if claims else bool(award and award.is_final)
    if action == "apply_enforcement" and award is None:
        raise PerformanceError(_("Record the award on the case first."))
    if action == "apply_enforcement" and not final and receipt is None:
        raise PerformanceError(
            _("Record the day the award was received first: the time limits run from it.")
        )
    if action == "hand_to_litigation" and suit_over:
        raise PerformanceError(
            _(
                "The 15 days to sue ended on %(due)s: the award is in force. If it is not "
                "paid, the worker may apply to the court for enforcement."
            )
            % {"due": suit.due_on.isoformat()}
        )
    if action == "apply_enforcement" and not (final or suit_over):
        raise PerformanceError(
            _(
                "The award is not in force yet: either party may still sue until %(due)s. "
                "Enforcement can be applied for after that day."
            )
            % {"due": suit.due_on.isoformat() if suit else ""}
        )
