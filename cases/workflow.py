"""The one table of how a case may move between the four bodies.

Every status change goes through `services.case_transition`, which looks the
move up here; a move not listed is refused and nothing changes. The table is
data so that tests can walk all of it and the case page can offer exactly the
moves allowed from where a case stands.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    INTAKE = "intake", _("Registered, awaiting triage")
    MEDIATION = "mediation", _("In mediation")
    COURT_MEDIATION = "court_mediation", _("In court-assigned pre-filing mediation")
    AGREEMENT = "agreement", _("Mediation agreement reached")
    MEDIATION_FAILED = "mediation_failed", _("Mediation failed")
    INSPECTION = "inspection", _("With labor inspection")
    PETITION = "petition", _("With the petition office")
    ARBITRATION = "arbitration", _("In arbitration")
    AWARD = "award", _("Arbitration award made")
    LITIGATION = "litigation", _("In litigation")
    # The award (or a judicially confirmed agreement) in force and unpaid: the worker has
    # applied to the people's court for enforcement (劳动争议调解仲裁法 Art. 51).
    ENFORCEMENT = "enforcement", _("Enforcement applied for at the court")
    CLOSED = "closed", _("Closed")


class Stage(models.TextChoices):
    INTAKE = "intake", _("Intake")
    MEDIATION = "mediation", _("Mediation")
    INSPECTION = "inspection", _("Labor inspection")
    PETITION = "petition", _("Petition")
    ARBITRATION = "arbitration", _("Arbitration")
    LITIGATION = "litigation", _("Litigation")
    CLOSED = "closed", _("Closed")


STAGE_OF_STATUS = {
    Status.INTAKE: Stage.INTAKE,
    Status.MEDIATION: Stage.MEDIATION,
    Status.COURT_MEDIATION: Stage.MEDIATION,
    Status.AGREEMENT: Stage.MEDIATION,
    Status.MEDIATION_FAILED: Stage.MEDIATION,
    Status.INSPECTION: Stage.INSPECTION,
    Status.PETITION: Stage.PETITION,
    Status.ARBITRATION: Stage.ARBITRATION,
    Status.AWARD: Stage.ARBITRATION,
    Status.LITIGATION: Stage.LITIGATION,
    Status.ENFORCEMENT: Stage.LITIGATION,
    Status.CLOSED: Stage.CLOSED,
}


def statuses_in_stage(stage: str) -> list[str]:
    return [status for status, in_stage in STAGE_OF_STATUS.items() if in_stage == stage]


class Outcome(models.TextChoices):
    AGREEMENT_PERFORMED = "agreement_performed", _("Agreement performed")
    AWARD = "award", _("Arbitration award")
    INSPECTION_ORDER = "inspection_order", _("Resolved by labor inspection")
    PETITION_RESOLVED = "petition_resolved", _("Resolved through the petition")
    JUDGMENT = "judgment", _("Court judgment or court mediation")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (with reason and guidance)")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another authority")
    MERGED = "merged", _("Merged into another case")


class Body(models.TextChoices):
    """The bodies a case passes to: labour inspection by referral (移送); arbitration
    and the court only on the worker's own application or suit, which the union
    guides and assists (it cannot 移送 a dispute there)."""

    UNION_MEDIATION = "union_mediation", _("Union mediation committee")
    ARBITRATION = "arbitration", _("Labor dispute arbitration commission")
    INSPECTION = "inspection", _("Labor inspection authority")
    PETITION = "petition", _("Petition office (信访)")
    COURT = "court", _("People's court")
    OTHER = "other", _("Other authority")
    # Handed down (交办) or reported up (上报) along the union's grid.
    GRID = "grid", _("Union organisation")


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    handoff_to: str | None = None  # a move to another body is a handoff, acknowledged later
    outcomes: tuple[str, ...] = field(default=())  # closing moves: the outcomes allowed
    # A closing move open from many statuses narrows its outcomes per status instead.
    outcomes_by_status: dict[str, tuple[str, ...]] | None = None
    needs_reason: bool = False
    needs_agreement: bool = False  # the terms of the mediation agreement come with it
    needs_award: bool = False  # the arbitration award's date and document number
    # What the worker reads on the tracking page: what happened, in the past tense, never
    # the command a staff member chose.
    worker_label: str = ""

    @property
    def outcome_choices(self) -> tuple[str, ...]:
        """Every outcome the move may record, from whichever status."""
        if self.outcomes_by_status is None:
            return self.outcomes
        return tuple(dict.fromkeys(o for some in self.outcomes_by_status.values() for o in some))


OPEN = tuple(s for s in Status.values if s != Status.CLOSED)

# Which outcomes make sense from where the case stands when it closes.
CLOSING_OUTCOMES = {
    Status.INTAKE: (Outcome.WITHDRAWN, Outcome.TRANSFERRED_OUT),
    Status.MEDIATION: (Outcome.WITHDRAWN, Outcome.TRANSFERRED_OUT),
    # Pre-filing mediation that succeeds ends in a mediation agreement (record_agreement),
    # one that fails goes back to the court (mediation_failed, then litigation).
    Status.COURT_MEDIATION: (Outcome.WITHDRAWN,),
    Status.AGREEMENT: (Outcome.AGREEMENT_PERFORMED, Outcome.WITHDRAWN),
    Status.MEDIATION_FAILED: (Outcome.WITHDRAWN, Outcome.TRANSFERRED_OUT),
    Status.INSPECTION: (Outcome.INSPECTION_ORDER, Outcome.WITHDRAWN, Outcome.TRANSFERRED_OUT),
    Status.PETITION: (Outcome.PETITION_RESOLVED, Outcome.WITHDRAWN, Outcome.TRANSFERRED_OUT),
    Status.ARBITRATION: (Outcome.WITHDRAWN,),
    Status.AWARD: (Outcome.AWARD, Outcome.WITHDRAWN),
    Status.LITIGATION: (Outcome.JUDGMENT, Outcome.WITHDRAWN),
    Status.ENFORCEMENT: (Outcome.AWARD, Outcome.WITHDRAWN),
}


MOVES: tuple[Move, ...] = (
    Move(
        "accept_mediation",
        _("Accept for mediation"),
        (Status.INTAKE, Status.PETITION),
        Status.MEDIATION,
        worker_label=_("Your application for mediation was accepted"),
    ),
    Move(
        "start_court_mediation",
        _("Start court-assigned pre-filing mediation"),
        (Status.INTAKE, Status.LITIGATION),
        Status.COURT_MEDIATION,
        worker_label=_("Court-assigned pre-filing mediation began"),
    ),
    Move(
        "record_agreement",
        _("Record a mediation agreement"),
        (Status.MEDIATION, Status.COURT_MEDIATION),
        Status.AGREEMENT,
        needs_agreement=True,
        worker_label=_("A mediation agreement was reached"),
    ),
    Move(
        "mediation_failed",
        _("Record that mediation failed"),
        (Status.MEDIATION, Status.COURT_MEDIATION, Status.AGREEMENT),
        Status.MEDIATION_FAILED,
        needs_reason=True,
        worker_label=_("Mediation ended without an agreement"),
    ),
    Move(
        "hand_to_arbitration",
        _("Guide the worker to apply for labor arbitration"),
        (Status.INTAKE, Status.MEDIATION_FAILED),
        Status.ARBITRATION,
        handoff_to=Body.ARBITRATION,
        worker_label=_("You were guided to apply for labor arbitration"),
    ),
    Move(
        "hand_to_inspection",
        _("Refer to the labor inspection authority"),
        (Status.INTAKE, Status.MEDIATION_FAILED, Status.AGREEMENT),
        Status.INSPECTION,
        handoff_to=Body.INSPECTION,
        worker_label=_("The matter was referred to the labor inspection authority"),
    ),
    Move(
        "hand_to_petition",
        _("Hand off to the petition office"),
        (Status.INTAKE,),
        Status.PETITION,
        handoff_to=Body.PETITION,
        worker_label=_("The matter was passed to the petition office"),
    ),
    Move(
        "hand_to_litigation",
        _("Guide the worker to sue in the people’s court"),
        (Status.MEDIATION_FAILED, Status.ARBITRATION, Status.AWARD),
        Status.LITIGATION,
        handoff_to=Body.COURT,
        worker_label=_("You were guided to bring a suit in the people’s court"),
    ),
    Move(
        "record_award",
        _("Record the arbitration award"),
        (Status.ARBITRATION,),
        Status.AWARD,
        needs_award=True,
        worker_label=_("The arbitration commission made its award"),
    ),
    Move(
        # Allowed by the award's windows (performance.award): a final award, or the days
        # to sue passed.
        "apply_enforcement",
        _("Guide the worker to apply to the court for enforcement"),
        (Status.AWARD,),
        Status.ENFORCEMENT,
        handoff_to=Body.COURT,
        worker_label=_(
            "You were guided to apply to the people’s court for enforcement of the award"
        ),
    ),
    Move(
        "not_accept",
        _("Do not accept (give reason and guidance)"),
        (Status.INTAKE,),
        Status.CLOSED,
        outcomes=(Outcome.NOT_ACCEPTED,),
        needs_reason=True,
        worker_label=_("Not accepted for mediation; you were told why and where else to turn"),
    ),
    Move(
        "close",
        _("Close the case"),
        OPEN,
        Status.CLOSED,
        outcomes_by_status=CLOSING_OUTCOMES,
        worker_label=_("Case closed (%(outcome)s)"),
    ),
    Move(
        "reopen",
        _("Reopen"),
        (Status.CLOSED,),
        Status.INTAKE,
        needs_reason=True,
        worker_label=_("The case was reopened"),
    ),
)

MOVES_BY_ACTION = {move.action: move for move in MOVES}

# Mediation sessions are held only while the union mediates.
SESSION_STATUSES = (Status.MEDIATION, Status.COURT_MEDIATION)


def allowed_moves(status: str) -> list[Move]:
    return [move for move in MOVES if status in move.sources]


def move_refusal(move: Move | None, status: str, *, action: str = "") -> str | None:
    """Why a move cannot be made from a status, in the reader's language; None if it can.
    The one check the service, the move's page and the case page ask."""
    if move is not None and status in move.sources:
        return None
    return _("“%(action)s” is not possible while the case is “%(status)s”.") % {
        "action": move.label if move else action,
        "status": Status(status).label,
    }


def outcomes_for(move: Move, status: str) -> tuple[str, ...]:
    if move.outcomes_by_status is not None:
        return move.outcomes_by_status.get(status, ())
    return move.outcomes


def sessions_allowed(status: str) -> bool:
    return status in SESSION_STATUSES


# The receiving office a handoff names, prefilled on its form (the staff may change it):
# the city's arbitration commission and inspectorate, the petition bureau, and the basic
# people's court of the case's district or county.
RECEIVER_DEFAULTS = {
    Body.ARBITRATION: "湛江市劳动人事争议仲裁委员会",
    Body.INSPECTION: "湛江市人力资源和社会保障局劳动保障监察机构",
    Body.PETITION: "湛江市信访局",
}


def receiver_default(body: str, case=None) -> str:
    if body == Body.COURT:
        return f"{case.district.name}人民法院" if case is not None else ""
    return RECEIVER_DEFAULTS.get(body, "")
