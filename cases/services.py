"""Every write to a case. Views call these; the rules live here.

Each service that changes a case locks its row, checks the version the user
saw (so a concurrent edit is refused, not lost), makes the change and writes
the timeline event in one transaction.
"""

import copy
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.counters import counter_next
from zhanjiang_union.errors import DomainError
from zhanjiang_union.kept import kept

from . import access, case_numbers, deadlines, routing, signals
from .events import case_event_record
from .models import (
    ArbitrationAward,
    Case,
    CaseEvent,
    CaseNumberCounter,
    Complainant,
    Evidence,
    Handoff,
    MediationAgreement,
    MediationSession,
    PersonalDataAccess,
    ReopenRequest,
)
from .workflow import MOVES_BY_ACTION, Outcome, Status, move_refusal, outcomes_for, sessions_allowed

COLLECTIVE_THRESHOLD = 10  # 劳动争议调解仲裁法 Art. 7: ten or more workers
# Unambiguous characters only: a worker reads the code off a phone screen or
# hears it on the hotline, so no 0/O, 1/I/L.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


class CaseError(DomainError):
    """A rule about a case refused the change."""


class MoveNotAllowed(CaseError):
    pass


class CaseChanged(CaseError):
    pass


class EvidenceNotStored(CaseError):
    """A file could not be written (disk full, folder unwritable): nothing of it kept."""

    def __init__(self, name: str, reason: str):
        super().__init__(
            _("“%(name)s” could not be stored just now. Please try again later.") % {"name": name}
        )
        self.name, self.reason = name, reason


# --- Numbers and codes ----------------------------------------------------------


def case_number_format(year: int, sequence: int) -> str:
    return f"湛工维〔{year}〕{sequence:05d}号"


def _next_sequence(year: int) -> int:
    """The next number of the year, gap-free (zhanjiang_union.counters)."""
    return counter_next(CaseNumberCounter, year=year)


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_normalize(code: str) -> str:
    return case_numbers.query_code_normalize(code)


def query_code_hash(code: str) -> str:
    # Stored as an HMAC, like a password: a leaked database does not give
    # anyone the codes that open the workers' tracking pages.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, query_code_normalize(code).encode(), hashlib.sha256).hexdigest()


def query_code_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.query_code_hash, query_code_hash(code))


def employer_key(name: str) -> str:
    """The employer's name reduced for matching: full-width and half-width,
    spaces and punctuation do not make two employers different."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# --- Filing ---------------------------------------------------------------------------


@dataclass
class ComplainantInput:
    name: str
    id_number: str
    phone: str
    address: str = ""
    email: str = ""


def intake_department() -> Department:
    code = settings.CASE_INTAKE_DEPARTMENT
    kept_row = kept(f"cases.intake_department.{code}", lambda: Department.objects.get(code=code))
    return copy.copy(kept_row)  # the kept row is shared by this process's requests


@transaction.atomic
def case_create(
    *,
    complainants: list[ComplainantInput],
    employer_name: str,
    district,
    industry: str,
    category,
    facts: str,
    demand: str,
    channel: str,
    workers_involved: int = 1,
    amount_claimed: Decimal | None = None,
    employer_credit_code: str = "",
    employer_address: str = "",
    grid: str = "",
    is_mass_incident: bool = False,
    evidence_files: list | None = None,
    filed_by: User | None = None,
    actor: User | None = None,
    limitation: dict | None = None,
) -> tuple[Case, str]:
    """File a complaint. Returns the case and its query code, which is shown
    to the worker once and never stored in the clear."""
    if not complainants:
        raise CaseError(_("A complaint needs at least one complainant."))
    year = timezone.localdate().year
    code = query_code_new()
    workers_involved = max(workers_involved, len(complainants))
    # Its first clocks are computed first, so that the row is inserted with their summary.
    first_deadlines = deadlines.first_deadlines_planned(status=Status.INTAKE)
    # A number taken locks the year's counter until commit. Without files the number is
    # taken first and the row inserted with it: the case table's indexes are written
    # once, not twice. Files can take seconds to write: with them, the number is taken
    # last (below) and the row carries a provisional one until then, so that one upload
    # does not hold every other filing back.
    numbered_first = not evidence_files
    sequence = _next_sequence(year) if numbered_first else None
    case = Case.objects.create(
        year=year,
        sequence=sequence,
        number=(
            case_number_format(year, sequence)
            if numbered_first
            else f"PENDING-{secrets.token_hex(12)}"
        ),
        query_code_hash=query_code_hash(code),
        employer_name=employer_name.strip(),
        employer_key=employer_key(employer_name),
        employer_credit_code=employer_credit_code,
        employer_address=employer_address,
        district=district,
        grid=grid,
        industry=industry,
        category=category,
        workers_involved=workers_involved,
        amount_claimed=amount_claimed,
        facts=facts,
        demand=demand,
        channel=channel,
        is_collective=workers_involved >= COLLECTIVE_THRESHOLD,
        is_mass_incident=is_mass_incident,
        department=intake_department(),
        organisation=routing.case_route(district=district, employer_address=employer_address),
        filed_by=filed_by,
        registered_by=actor,
        updated_by=actor,
        **deadlines.summary_of(first_deadlines),
    )
    Complainant.objects.bulk_create(
        [Complainant(case=case, **vars(person)) for person in complainants]
    )
    # Disk trouble does not cost the complaint: what was typed is filed, and the files
    # that could not be stored are named to the worker (case.evidence_failed), who can
    # add them later from the tracking page; the administrators are told.
    not_stored: list[EvidenceNotStored] = []
    for uploaded in evidence_files or []:
        try:
            evidence_attach(case=case, uploaded=uploaded, actor=actor or filed_by)
        except EvidenceNotStored as error:
            not_stored.append(error)
    case.evidence_failed = [error.name for error in not_stored]
    deadlines.first_deadlines_open(case=case, deadlines=first_deadlines)
    case_event_record(
        case=case,
        action="cases.case.filed",
        actor=actor,
        to_status=Status.INTAKE,
        data={
            "channel": channel,
            "collective": case.is_collective,
            # Named when below the city federation: the worker learns which union has it.
            "organisation": (
                case.organisation.name if case.organisation and case.organisation.depth > 1 else ""
            ),
        },
    )
    if not numbered_first:
        case.sequence = _next_sequence(year)
        case.number = case_number_format(year, case.sequence)
        Case.objects.filter(pk=case.pk).update(sequence=case.sequence, number=case.number)
    # After the number: the year's counter is locked, so concurrent filings see each
    # other's warning (deadlines/early_warning.py).
    deadlines.early_warnings_raise(case=case)
    # When the worker knew of it: kept by the limitation period's app (performance).
    signals.case_filed.send(sender=Case, case=case, limitation=limitation or {})
    _filing_receipt_write(case, code, complainants[0])
    if not_stored:
        _evidence_not_stored_alert(case, not_stored)
    return case, code


def _evidence_not_stored_alert(case: Case, errors: list) -> None:
    """Tell the administrators that evidence could not be stored: the disk or the
    folder needs looking at, and the case is missing files its complainant sent."""
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.notifications.services import notify
    from zhanjiang_union.resilience.faults import fault_record

    reasons = sorted({error.reason for error in errors})
    fault_record("evidence.not_stored", ",".join(reasons))
    admins = User.objects.filter(groups__name=Role.ADMIN, is_active=True).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            recipients=admins,
            subject=_("Evidence could not be stored: case %(number)s") % {"number": case.number},
            body=_(
                "%(count)s evidence file(s) of case %(number)s could not be written to the "
                "evidence folder (%(reasons)s). The complaint itself is filed. Check the disk "
                "space and the folder's permissions; the complainant was told to add the "
                "files again from the tracking page."
            )
            % {"count": len(errors), "number": case.number, "reasons": ", ".join(reasons)},
            url=reverse("cases:detail", args=[case.pk]),
        )


def _filing_receipt_write(case: Case, code: str, first: ComplainantInput) -> None:
    """The receipt (number and query code, by SMS and e-mail) as an outbox row in the
    filing's own transaction: once the case is committed its receipt is too, and goes
    out after the commit, or on the notifier's next pass if the broker is down. Only
    the row's id travels through the broker; the text is blanked once sent."""
    from zhanjiang_union.notifications.services import notify_address

    text = _(
        "Zhanjiang FTU: your complaint is registered as %(number)s, query code %(code)s. "
        "Track it at %(url)s or call 12351."
    ) % {
        "number": case.number,
        "code": code,
        "url": f"{settings.PUBLIC_BASE_URL}/complaints/track/",
    }
    notify_address(
        phone=first.phone,
        email=first.email,
        subject=_("Your complaint %(number)s") % {"number": case.number},
        body=text,
        secret=True,
    )


def evidence_attach(*, case: Case, uploaded, actor: User | None) -> Evidence:
    from .uploads import safe_evidence_name, sniff_evidence_type

    kind = sniff_evidence_type(uploaded)
    evidence = Evidence(
        case=case,
        name=safe_evidence_name(uploaded.name, kind),
        kind=kind,
        size=uploaded.size,
        uploaded_by=actor,
    )
    storage = evidence.file.storage
    name = evidence.file.field.generate_filename(evidence, "evidence")
    try:
        stored = storage.save(name, uploaded, max_length=evidence.file.field.max_length)
    except OSError as exc:
        # A write that failed half-way leaves its part on disk: remove it.
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            pass
        raise EvidenceNotStored(evidence.name, type(exc).__name__) from exc
    evidence.file = stored
    evidence.save()
    return evidence


# --- Changing a case -----------------------------------------------------------------


def _lock_unchanged(case: Case, expected_version: int) -> Case:
    """Lock the case row and check nobody changed it since the user opened it."""
    # No join in the locking query: after waiting for a lock, PostgreSQL
    # re-reads the locked row but not joined ones, which would show a stale
    # "changed by".
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        who = User.objects.filter(pk=current.updated_by_id).first() or _("someone")
        when = formats.date_format(timezone.localtime(current.updated_at), "Y-m-d H:i")
        raise CaseChanged(
            _(
                "This case was changed by %(who)s at %(when)s after you opened it. "
                "Reload the page to see the change, then try again."
            )
            % {"who": who, "when": when}
        )
    return current


def _save_version(case: Case, actor: User | None, fields: list[str]) -> None:
    """Save the changed fields as the case's next version, by `actor`: the version the
    next `_lock_unchanged` compares with."""
    case.version += 1
    case.updated_by = actor
    case.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


# Moves by which the union takes a case on; the one who takes it handles it.
ACCEPTING_ACTIONS = ("accept_mediation", "start_court_mediation")


@dataclass
class HandoffInput:
    sent_on: date
    receiver_name: str = ""
    document_number: str = ""
    note: str = ""


@transaction.atomic
def case_transition(
    *,
    case: Case,
    action: str,
    actor: User,
    expected_version: int,
    note: str = "",
    outcome: str = "",
    handoff: HandoffInput | None = None,
    agreement: dict | None = None,
    award: dict | None = None,
) -> Case:
    """Move a case as the workflow table allows, or refuse and change nothing.

    Whoever accepts a case for mediation becomes its handler, unless a department head
    has already assigned one: the case then shows under the acceptor's "my cases"."""
    move = MOVES_BY_ACTION.get(action)
    case = _lock_unchanged(case, expected_version)
    if refusal := move_refusal(move, case.status, action=action):
        raise MoveNotAllowed(refusal)
    allowed_outcomes = outcomes_for(move, case.status)
    if allowed_outcomes and outcome not in allowed_outcomes:
        raise MoveNotAllowed(_("Choose one of the outcomes offered for this case."))
    if move.needs_reason and not note.strip():
        raise CaseError(_("Give the reason."))
    if move.handoff_to and handoff is None:
        raise CaseError(_("A handoff needs the date it was sent."))
    if move.needs_agreement:
        _agreement_check(case, agreement)
    if move.needs_award and not award:
        raise CaseError(_("Record the award’s date and document number."))
    # Apps above cases (performance: the agreement's schedule, the award's windows) may
    # refuse a move here, before anything changes.
    signals.case_moving.send(
        sender=Case, case=case, action=action, from_status=case.status, outcome=outcome,
        note=note, actor=actor,
    )  # fmt: skip

    from_status = case.status
    case.status = move.target
    fields = ["status"]
    data: dict = {}
    if move.target == Status.CLOSED:
        case.outcome = outcome
        case.outcome_note = note
        case.closed_at = timezone.now()
        fields += ["outcome", "outcome_note", "closed_at"]
        data["outcome"] = outcome
    elif from_status == Status.CLOSED:
        case.outcome, case.outcome_note, case.closed_at = "", "", None
        fields += ["outcome", "outcome_note", "closed_at"]
    if move.action in ACCEPTING_ACTIONS and case.handler_id is None:
        case.handler = actor
        fields.append("handler")
    if agreement:
        MediationAgreement.objects.update_or_create(case=case, defaults=agreement)
        data["amount_agreed"] = str(agreement["amount_agreed"])
    if award:
        ArbitrationAward.objects.update_or_create(case=case, defaults=award)
        data["award_document"] = award["document_number"]
    if move.handoff_to:
        record = Handoff.objects.create(
            case=case,
            body=move.handoff_to,
            sent_by=actor,
            **vars(handoff),
        )
        data.update(handoff_id=record.pk, body=move.handoff_to, document=handoff.document_number)
    _save_version(case, actor, fields)
    deadlines.on_status_entered(case=case, status=case.status, from_status=from_status)
    if move.handoff_to:
        deadlines.on_handoff_sent(handoff=record)
    case_event_record(
        case=case,
        action=f"cases.case.{action}",
        actor=actor,
        from_status=from_status,
        to_status=case.status,
        note=note,
        data=data,
    )
    signals.case_moved.send(
        sender=Case, case=case, action=action, from_status=from_status, actor=actor
    )
    return case


def _agreement_check(case: Case, agreement: dict | None) -> None:
    if not agreement:
        raise CaseError(_("Record the terms of the agreement."))
    if agreement["payment_due"] < agreement["signed_on"]:
        raise CaseError(_("The payment date cannot be before the signing date."))
    if case.complainants.filter(id_number="").exists():
        raise CaseError(
            _(
                "Complete every complainant’s resident ID number before recording an "
                "agreement: the agreement names each party."
            )
        )


@transaction.atomic
def handoff_acknowledge(
    *, handoff: Handoff, actor: User, acknowledged_by_name: str, note: str = ""
) -> Handoff:
    handoff = Handoff.objects.select_for_update().get(pk=handoff.pk)
    if not handoff.is_open:
        raise CaseError(_("This handoff was already acknowledged."))
    handoff.acknowledged_at = timezone.now()
    handoff.acknowledged_by_name = acknowledged_by_name
    handoff.acknowledgement_note = note
    handoff.recorded_by = actor
    handoff.save()
    deadlines.on_handoff_acknowledged(handoff=handoff)
    case_event_record(
        case=handoff.case,
        action="cases.handoff.acknowledged",
        actor=actor,
        note=note,
        data={
            "handoff_id": handoff.pk,
            "body": handoff.body,
            "by": acknowledged_by_name,
            "receiver": handoff.receiver_name,
        },
    )
    return handoff


@transaction.atomic
def case_assign(*, case: Case, handler: User, actor: User, expected_version: int) -> Case:
    case = _lock_unchanged(case, expected_version)
    if not access.handlers_for(case).filter(pk=handler.pk).exists():
        raise CaseError(
            _("The handler must belong to the union organisation and department handling the case.")
        )
    previous = case.handler
    case.handler = handler
    _save_version(case, actor, ["handler"])
    if handler.pk != actor.pk:
        _tell_assignee(case, handler)
    case_event_record(
        case=case,
        action="cases.case.assigned",
        actor=actor,
        data={
            "from": previous.pk if previous else None,
            "to": handler.pk,
            "handler": str(handler),
        },
        public=False,
    )
    from .secondments import secondment_open

    secondment_open(case=case, handler=handler, actor=actor)
    return case


def _tell_assignee(case: Case, handler: User) -> None:
    from django.urls import reverse

    from zhanjiang_union.notifications.services import notify

    notify(
        recipients=[handler],
        subject=_("Case %(number)s was assigned to you") % {"number": case.number},
        body=_("%(employer)s · %(status)s")
        % {"employer": case.employer_name, "status": case.get_status_display()},
        url=reverse("cases:detail", args=[case.pk]),
    )


@transaction.atomic
def note_add(*, case: Case, actor: User, text: str) -> CaseEvent:
    if not text.strip():
        raise CaseError(_("The note is empty."))
    return case_event_record(
        case=case,
        action="cases.note.added",
        actor=actor,
        note=text,
        public=False,
    )


@transaction.atomic
def session_schedule(
    *, case: Case, actor: User, scheduled_at, place: str, participants: str = ""
) -> MediationSession:
    if not sessions_allowed(case.status):
        raise MoveNotAllowed(_("Sessions can be scheduled only while the case is in mediation."))
    session = MediationSession.objects.create(
        case=case, scheduled_at=scheduled_at, place=place, participants=participants
    )
    case_event_record(
        case=case,
        action="cases.session.scheduled",
        actor=actor,
        data={"session_id": session.pk, "place": place, "at": scheduled_at.isoformat()},
    )
    return session


@transaction.atomic
def session_record_result(
    *,
    session: MediationSession,
    actor: User,
    result: str,
    note: str = "",
    record_failure: bool = False,
    expected_version: int | None = None,
) -> MediationSession:
    """The session's result; with `record_failure`, a failed session also records that
    mediation failed, with the same note as its reason, in the same transaction."""
    session = MediationSession.objects.select_for_update().get(pk=session.pk)
    if not session.result_open:
        raise CaseError(_("This session’s result is already recorded."))
    if record_failure:
        if result != MediationSession.Result.FAILED:
            raise CaseError(_("Only a failed session can end the mediation."))
        if not note.strip():
            raise CaseError(_("Give the reason."))
    session.result = result
    session.result_note = note
    session.save(update_fields=["result", "result_note"])
    case_event_record(
        case=session.case,
        action="cases.session.result",
        actor=actor,
        note=note,
        data={"session_id": session.pk, "result": result},
    )
    if record_failure:
        case_transition(
            case=session.case,
            action="mediation_failed",
            actor=actor,
            expected_version=(
                session.case.version if expected_version is None else expected_version
            ),
            note=note,
        )
    return session


@transaction.atomic
def amount_recovered_record(
    *, case: Case, actor: User, amount: Decimal, expected_version: int
) -> Case:
    case = _lock_unchanged(case, expected_version)
    case.amount_recovered = amount
    _save_version(case, actor, ["amount_recovered"])
    case_event_record(
        case=case,
        action="cases.case.recovered",
        actor=actor,
        data={"amount": str(amount)},
    )
    return case


@transaction.atomic
def case_link(*, case: Case, related: Case, actor: User, expected_version: int) -> Case:
    case = _lock_unchanged(case, expected_version)
    if related.pk == case.pk:
        raise CaseError(_("A case cannot be linked to itself."))
    case.linked_to = related
    _save_version(case, actor, ["linked_to"])
    case_event_record(
        case=case,
        action="cases.case.linked",
        actor=actor,
        data={"related": related.pk, "number": related.number},
        public=False,
    )
    return case


def cases_merge(*, target: Case, sources: list[Case], actor: User) -> Case:
    """Merge complaints into one collective case: the set-wise merge of cases.collective
    (each worker stays recorded individually on the target; each source closes as
    merged; both timelines say so)."""
    from .collective import collective_merge

    collective_merge(
        target=target,
        sources=Case.objects.filter(pk__in=[source.pk for source in sources]),
        actor=actor,
    )
    return Case.objects.get(pk=target.pk)


@transaction.atomic
def case_mark_mass_incident(*, case: Case, actor: User, expected_version: int, note: str) -> Case:
    """Flag a sudden or mass incident; the leadership hears of it at once."""
    case = _lock_unchanged(case, expected_version)
    if case.is_mass_incident:
        raise CaseError(_("This case is already marked as a sudden or mass incident."))
    if not note.strip():
        raise CaseError(_("Say what happened."))
    case.is_mass_incident = True
    _save_version(case, actor, ["is_mass_incident"])
    case_event_record(
        case=case,
        action="cases.case.mass_incident",
        actor=actor,
        note=note,
        public=False,
    )
    deadlines.early_warnings_raise(case=case)
    return case


def personal_data_access_record(
    *, case: Case, user: User, view: str, client_address: str | None = None
) -> None:
    PersonalDataAccess.objects.create(
        case=case, user=user, view=view, client_address=client_address
    )


def evidence_add(*, case: Case, files: list, actor: User | None) -> list[Evidence]:
    """More evidence after filing, by the worker or by staff; the timeline says so.
    All or nothing: a file that cannot be stored (EvidenceNotStored) leaves none of the
    lot, and the administrators are told (after the rollback, so the alert stays)."""
    try:
        return _evidence_add(case=case, files=files, actor=actor)
    except EvidenceNotStored as error:
        _evidence_not_stored_alert(case, [error])
        raise


@transaction.atomic
def _evidence_add(*, case: Case, files: list, actor: User | None) -> list[Evidence]:
    from .uploads import MAX_EVIDENCE_FILES

    if case.evidence.count() + len(files) > MAX_EVIDENCE_FILES:
        raise CaseError(
            _("A case holds at most %(max)s evidence files.") % {"max": MAX_EVIDENCE_FILES}
        )
    added = []
    try:
        for uploaded in files:
            added.append(evidence_attach(case=case, uploaded=uploaded, actor=actor))
    except EvidenceNotStored:
        # The rows roll back; the files stored before this one are removed.
        for item in added:
            item.file.delete(save=False)
        raise
    case_event_record(
        case=case,
        action="cases.evidence.added",
        actor=actor,
        data={"evidence": [item.pk for item in added]},
    )
    return added


# --- After closing: the worker asks for a reopening -------------------------------------


def reopen_request_deadline(case: Case):
    """The last moment a worker may ask for this closed case to be reopened."""
    from datetime import timedelta

    if case.closed_at is None:
        return None
    return case.closed_at + timedelta(days=settings.CASE_REOPEN_REQUEST_DAYS)


def reopen_request_open(case: Case) -> bool:
    """Whether the tracking page offers the worker a request to reopen."""
    deadline = reopen_request_deadline(case)
    return (
        case.status == Status.CLOSED
        and case.outcome != Outcome.MERGED
        and deadline is not None
        and timezone.now() <= deadline
        and not case.reopen_requests.filter(state=ReopenRequest.State.PENDING).exists()
    )


def _department_heads(case: Case) -> list[User]:
    from zhanjiang_union.accounts.roles import Role

    return list(
        User.objects.filter(
            groups__name=Role.DEPARTMENT_HEAD, department_id=case.department_id, is_active=True
        )
    )


@transaction.atomic
def reopen_request_create(*, case: Case, reason: str) -> ReopenRequest:
    """The worker's request; it reaches the department's heads (a message, and a
    request on the case page), and reopens nothing by itself."""
    from django.urls import reverse

    from zhanjiang_union.notifications.services import notify

    case = Case.objects.select_for_update().get(pk=case.pk)
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Say why the case should be reopened."))
    if case.status != Status.CLOSED or case.outcome == Outcome.MERGED:
        raise CaseError(_("Only a closed case can be reopened."))
    if timezone.now() > reopen_request_deadline(case):
        raise CaseError(
            _("A request to reopen can be made within %(days)s days of closing. Please call 12351.")
            % {"days": settings.CASE_REOPEN_REQUEST_DAYS}
        )
    if case.reopen_requests.filter(state=ReopenRequest.State.PENDING).exists():
        raise CaseError(_("Your request to reopen is already with the department head."))
    request = ReopenRequest.objects.create(case=case, reason=reason)
    case_event_record(
        case=case,
        action="cases.reopen.requested",
        actor=None,
        note=reason,
        data={"request_id": request.pk},
    )
    notify(
        recipients=_department_heads(case),
        subject=_("The worker asks to reopen case %(number)s") % {"number": case.number},
        body=reason[:500],
        url=reverse("cases:detail", args=[case.pk]),
    )
    return request


@transaction.atomic
def reopen_request_decide(
    *, request: ReopenRequest, actor: User, accept: bool, note: str = ""
) -> ReopenRequest:
    """The head's answer: accepted, the case reopens (its reason is the worker's);
    declined, with a reason the worker reads on the tracking page."""
    request = ReopenRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ReopenRequest.State.PENDING:
        raise CaseError(_("This request has already been answered."))
    note = note.strip()
    if not accept and not note:
        raise CaseError(_("Say why the request is declined: the worker reads it."))
    request.state = ReopenRequest.State.ACCEPTED if accept else ReopenRequest.State.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    case = request.case
    if accept:
        case_transition(
            case=case,
            action="reopen",
            actor=actor,
            expected_version=Case.objects.values_list("version", flat=True).get(pk=case.pk),
            note=note or request.reason,
        )
    else:
        case_event_record(
            case=case,
            action="cases.reopen.declined",
            actor=actor,
            note=note,
            data={"request_id": request.pk, "reason": note},
        )
    return request
