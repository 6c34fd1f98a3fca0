"""Collective cases: many complaints against one employer worked as one.

A factory that closes owing wages brings thousands of complaints in an hour. The
mediator merges them into one collective case in one set-wise step (a handful of
statements whatever their number); each worker stays recorded individually, with the
complaint they filed (its claim and amount) as `Complainant.origin_case`; a worker's
complaint can be split back out. The workers choose representatives (劳动争议调解仲裁法
Art. 7) and are told things all at once through notices sent within the SMS gateway's
rate. Reads (`*_summary`, `*_roll`, `*_candidates`) are filtered by who asks, as the
other selectors are.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.masking import mask_phone, mask_resident_id
from zhanjiang_union.spreadsheets import write_cell
from zhanjiang_union.workdays.spans import day_start

from . import deadlines, services
from .events import case_event_record, case_events_record_set
from .models import (
    Case,
    CollectiveNotice,
    CollectiveNoticeDelivery,
    CollectiveRepresentative,
    Complainant,
    Deadline,
    EarlyWarning,
)
from .selectors import case_related_open
from .workflow import Outcome, Status

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


class CollectiveError(services.CaseError):
    pass


# --- Reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedSummary:
    count: int
    amount_claimed: Decimal
    workers: int
    newest: object  # datetime or None


def candidates_summary(*, cases: QuerySet[Case]) -> RelatedSummary:
    """How many, how much and how recent, in one aggregate: pages show these instead of
    one line per complaint, however many there are."""
    figures = cases.aggregate(
        count=Count("id"),
        amount=Coalesce(Sum("amount_claimed"), ZERO),
        workers=Coalesce(Sum("workers_involved"), 0),
        newest=Max("created_at"),
    )
    return RelatedSummary(
        count=figures["count"],
        amount_claimed=figures["amount"],
        workers=figures["workers"],
        newest=figures["newest"],
    )


def candidate_page_rows(*, cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a line of such a list shows, newest first."""
    return (
        cases.select_related("district")
        .only("pk", "number", "employer_name", "status", "amount_claimed", "created_at",
              "workers_involved", "district__name")
        .order_by("-created_at", "-id")
    )  # fmt: skip


def case_related_summary(*, case: Case, user) -> RelatedSummary:
    return candidates_summary(cases=case_related_open(case=case, user=user))


def case_related_page_rows(*, case: Case, user) -> QuerySet[Case]:
    return candidate_page_rows(cases=case_related_open(case=case, user=user))


@dataclass
class CandidateFilters:
    """Which complaints a merge takes: all open ones against the employer that the user
    may act on, narrowed by filing date, or the case numbers typed."""

    numbers: tuple[str, ...] = ()
    filed_from: date | None = None
    filed_to: date | None = None
    category: int | None = None


def _actable(user, cases: QuerySet[Case]) -> QuerySet[Case]:
    if user.has_perm("cases.act_on_all_cases"):
        return cases
    if user.has_perm("cases.work_case") and user.department_id:
        return cases.filter(department_id=user.department_id)
    return cases.none()


def collective_candidates(*, case: Case, user, filters: CandidateFilters) -> QuerySet[Case]:
    """The open complaints against the case's employer that this user may merge into it."""
    cases = _actable(user, case_related_open(case=case, user=user))
    if filters.numbers:
        cases = cases.filter(number__in=filters.numbers)
    if filters.filed_from:
        cases = cases.filter(created_at__gte=day_start(filters.filed_from))
    if filters.filed_to:
        cases = cases.filter(created_at__lt=day_start(filters.filed_to + timedelta(days=1)))
    if filters.category:
        cases = cases.filter(category_id=filters.category)
    return cases


def collective_roll(*, case: Case) -> QuerySet[Complainant]:
    """The workers of a case, each with the complaint they came with: its number, claim
    and amount (the case's own, for those who filed it), and whether they represent."""
    return (
        Complainant.objects.filter(case=case)
        .select_related("origin_case")
        .annotate(
            is_representative=Exists(
                CollectiveRepresentative.objects.filter(complainant=OuterRef("pk"))
            ),
        )
        .order_by("id")
    )


def collective_totals(*, case: Case) -> dict:
    """Workers, complaints and amount claimed of a collective case, summed in the
    database: the case's own complaint plus every one merged into it."""
    workers = Complainant.objects.filter(case=case).count()
    merged = Case.objects.filter(merged_into=case).aggregate(
        complaints=Count("id"), amount=Coalesce(Sum("amount_claimed"), ZERO)
    )
    return {
        "workers": workers,
        "complaints": merged["complaints"] + 1,
        "merged": merged["complaints"],
        "amount_claimed": merged["amount"] + (case.amount_claimed or 0),
        "representatives": CollectiveRepresentative.objects.filter(case=case).count(),
    }


def collective_roll_rows(*, case: Case, complainants, full: bool) -> list[dict]:
    """A page of the roll as the reader may see it: ID numbers and phones whole only
    for the people working the case."""
    rows = []
    for person in complainants:
        origin = person.origin_case or case
        rows.append(
            {
                "pk": person.pk,
                "name": person.name,
                "id_number": person.id_number if full else mask_resident_id(person.id_number),
                "phone": person.phone if full else mask_phone(person.phone),
                "origin": origin,
                "origin_is_own": person.origin_case_id is None,
                "amount_claimed": origin.amount_claimed,
                "demand": origin.demand,
                "is_representative": person.is_representative,
            }
        )
    return rows


# --- Merging and splitting ----------------------------------------------------------------


@transaction.atomic
def collective_merge(
    *, target: Case, sources: QuerySet[Case], actor: User, expected_count: int | None = None
) -> int:
    """Merge the complaints of `sources` into `target` as one collective case, set-wise:
    the same few statements for two complaints or two thousand. Every worker moves to the
    target keeping their own complaint (origin_case: its claim and amount stay on it);
    each source closes as merged with a line on its timeline; the target gets one line
    with the count. `expected_count`: the count the mediator confirmed; if the set has
    changed since (a complaint filed or closed meanwhile) nothing is merged and they are
    asked again. The number merged."""
    target = Case.objects.select_for_update().get(pk=target.pk)
    if not target.is_open:
        raise CollectiveError(_("Cases can only be merged into an open case."))
    locked = list(
        Case.objects.select_for_update()
        .filter(pk__in=sources.values("pk"))
        .exclude(pk=target.pk)
        .exclude(status=Status.CLOSED)
        .order_by("pk")
        .values_list("pk", "status", "number", "workers_involved")
    )
    if not locked:
        raise CollectiveError(_("There is no open complaint to merge."))
    if expected_count is not None and len(locked) != expected_count:
        raise CollectiveError(
            _(
                "The complaints to merge changed while you looked at them: %(now)s now, "
                "%(then)s when you confirmed. Check the count and confirm again."
            )
            % {"now": len(locked), "then": expected_count}
        )
    ids = [pk for pk, *_rest in locked]
    now = timezone.now()
    # Before the sources' status changes: each line's from_status is the status read.
    case_events_record_set(
        case_ids=ids,
        action="cases.case.merged_away",
        actor=actor,
        data={"into": target.pk, "number": target.number},
        to_status=Status.CLOSED,
        at=now,
    )

    # Workers of a source that was itself collective keep the complaint they came with.
    Complainant.objects.filter(case_id__in=ids).update(
        case=target, origin_case=Coalesce(F("origin_case"), F("case"))
    )
    Case.objects.filter(merged_into_id__in=ids).update(merged_into=target)
    CollectiveRepresentative.objects.filter(case_id__in=ids).update(case=target)
    # Their time limits end with them: the collective case's run on.
    Deadline.objects.filter(case_id__in=ids, met_at__isnull=True).update(met_at=now)
    _warnings_carry(target=target, source_ids=ids, now=now)
    Case.objects.filter(pk__in=ids).update(
        status=Status.CLOSED,
        outcome=Outcome.MERGED,
        closed_at=now,
        merged_into=target,
        version=F("version") + 1,
        updated_by=actor,
        updated_at=now,
        next_due_on=None,
        next_soon_on=None,
        deadline_state="",
        figures_pending=True,
    )
    target.workers_involved += sum(workers for *_rest, workers in locked)
    target.is_collective = target.workers_involved >= services.COLLECTIVE_THRESHOLD
    services._save_version(target, actor, ["workers_involved", "is_collective"])
    case_event_record(
        case=target,
        action="cases.collective.merged",
        actor=actor,
        data={
            "count": len(locked),
            "workers": target.workers_involved,
            # A few numbers for the reader; the roll has them all.
            "first": [number for _pk, _status, number, _w in locked[:3]],
        },
    )
    deadlines.early_warnings_raise(case=target)
    return len(locked)


def _warnings_carry(*, target: Case, source_ids: list[int], now) -> None:
    """The early warnings the complaints carried go with them to the collective case, the
    one the leadership now follows: the first of each reason the target does not have yet
    (when the leadership was first told), the rest resolved with their closed complaints."""
    open_warnings = EarlyWarning.objects.filter(case_id__in=source_ids, resolved_at__isnull=True)
    carried = list(
        open_warnings.exclude(reason__in=target.warnings.values("reason"))
        .values("reason")
        .annotate(first=Min("pk"))
        .values_list("first", flat=True)
    )
    EarlyWarning.objects.filter(pk__in=carried).update(case=target)
    open_warnings.update(resolved_at=now)  # those left: the moved ones are the target's now


@transaction.atomic
def collective_split(*, case: Case, origin_id: int, actor: User) -> Case:
    """Split a worker's complaint back out of a collective case: it reopens in the
    status it had when merged, its workers go back to it, and both timelines say so."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    origin = Case.objects.select_for_update().filter(pk=origin_id, merged_into=case).first()
    if origin is None:
        raise CollectiveError(_("That complaint is not merged into this case."))
    if not case.is_open:
        raise CollectiveError(_("A closed case's workers cannot be split out."))
    merged_event = (
        origin.events.filter(action="cases.case.merged_away").order_by("-at", "-id").first()
    )
    status_before = merged_event.from_status if merged_event else Status.INTAKE
    moved = Complainant.objects.filter(case=case, origin_case=origin)
    workers = moved.count()
    CollectiveRepresentative.objects.filter(complainant__in=moved).delete()
    moved.update(case=origin, origin_case=None)
    origin.status = status_before
    origin.outcome = ""
    origin.closed_at = None
    origin.merged_into = None
    services._save_version(origin, actor, ["status", "outcome", "closed_at", "merged_into"])
    deadlines.on_status_entered(case=origin, status=status_before)
    case_event_record(
        case=origin,
        action="cases.collective.split",
        actor=actor,
        from_status=Status.CLOSED,
        to_status=status_before,
        data={"from": case.pk, "number": case.number},
    )
    case.workers_involved = max(case.workers_involved - origin.workers_involved, 1)
    case.is_collective = case.workers_involved >= services.COLLECTIVE_THRESHOLD
    services._save_version(case, actor, ["workers_involved", "is_collective"])
    case_event_record(
        case=case,
        action="cases.collective.split_out",
        actor=actor,
        data={"number": origin.number, "workers": workers},
    )
    return origin


# --- Representatives and notices ----------------------------------------------------------


@transaction.atomic
def collective_representative_set(
    *, case: Case, complainant_id: int, chosen: bool, actor: User
) -> Complainant:
    """Record (or withdraw) a worker as one of the workers' chosen representatives."""
    person = Complainant.objects.filter(pk=complainant_id, case=case).first()
    if person is None:
        raise CollectiveError(_("That worker is not on this case."))
    if chosen:
        _rep, created = CollectiveRepresentative.objects.get_or_create(
            complainant=person, defaults={"case": case, "recorded_by": actor}
        )
        if not created:
            raise CollectiveError(
                _("%(name)s already represents the workers.") % {"name": person.name}
            )
    elif not CollectiveRepresentative.objects.filter(complainant=person).delete()[0]:
        raise CollectiveError(_("%(name)s is not a representative.") % {"name": person.name})
    case_event_record(
        case=case,
        action="cases.collective.representative" if chosen else "cases.collective.unrepresented",
        actor=actor,
        data={"name": person.name},
        public=False,
    )
    return person


@transaction.atomic
def collective_notice_send(*, case: Case, subject: str, body: str, actor: User) -> CollectiveNotice:
    """A notice to every worker of the case. Written now; its messages leave in batches
    of COLLECTIVE_NOTICE_PER_MINUTE a minute (the gateway's rate) from a task, the first
    batch right after the commit."""
    if not case.is_open:
        raise CollectiveError(_("A closed case's workers are not sent notices."))
    workers = Complainant.objects.filter(case=case).count()
    notice = CollectiveNotice.objects.create(
        case=case, subject=subject, body=body, sent_by=actor, recipients=workers
    )
    case_event_record(
        case=case,
        action="cases.collective.notice",
        actor=actor,
        data={"subject": subject, "workers": workers},
        public=False,
    )
    from zhanjiang_union.celery import enqueue_on_commit

    from .tasks import collective_notices_release

    enqueue_on_commit(collective_notices_release)
    return notice


def collective_notices_release(*, budget: int | None = None, now=None) -> int:
    """Release the next batch of the notices still going out: at most `budget`
    (COLLECTIVE_NOTICE_PER_MINUTE) messages, oldest notice first, and nothing if a batch
    left within the last minute, so the SMS gateway never gets more than its rate
    whoever calls this and how often. Each worker gets one message per notice (the
    unique pair makes a rerun harmless): an SMS to the phone on their complaint and, if
    they filed with an account, the same in their inbox. The number released."""
    budget = budget or settings.COLLECTIVE_NOTICE_PER_MINUTE
    now = now or timezone.now()
    with transaction.atomic():
        notices = list(
            CollectiveNotice.objects.select_for_update()
            .filter(finished_at__isnull=True)
            .order_by("pk")
        )
        if any(n.last_batch_at and n.last_batch_at > now - timedelta(minutes=1) for n in notices):
            return 0
        released = 0
        for notice in notices:
            if released >= budget:
                break
            count, left = _notice_batch(notice, budget - released)
            released += count
            notice.last_batch_at = now
            if not left:
                notice.finished_at = now
            notice.save(update_fields=["last_batch_at", "finished_at"])
    return released


def _notice_batch(notice: CollectiveNotice, size: int) -> tuple[int, int]:
    from zhanjiang_union.notifications.models import Notification
    from zhanjiang_union.notifications.services import _send_after_commit

    sent = CollectiveNoticeDelivery.objects.filter(notice=notice, complainant=OuterRef("pk"))
    waiting = Complainant.objects.filter(case=notice.case_id).exclude(Exists(sent)).order_by("id")
    people = list(
        waiting.annotate(
            account=Coalesce(F("origin_case__filed_by"), F("case__filed_by"))
        ).values_list("pk", "phone", "account")[:size]
    )
    accounts = {account for *_rest, account in people if account}
    active = set(User.objects.filter(pk__in=accounts, is_active=True).values_list("pk", flat=True))
    deliveries = [
        CollectiveNoticeDelivery(
            notice=notice,
            complainant_id=pk,
            notification=Notification(
                recipient_id=account if account in active else None,
                to_phone=phone,
                subject=notice.subject[:200],
                body=notice.body,
                case_id=notice.case_id,
                delivery=Notification.Delivery.PENDING,
            ),
        )
        for pk, phone, account in people
    ]
    # Every complaint has a mobile number (the forms require one): each worker has an
    # addressee. The new rows' ids come back from the INSERT (PostgreSQL, SQLite).
    notes = Notification.objects.bulk_create(
        [delivery.notification for delivery in deliveries], batch_size=1000
    )
    CollectiveNoticeDelivery.objects.bulk_create(deliveries, batch_size=1000)
    _send_after_commit([note.pk for note in notes])
    return len(people), waiting.count()


def collective_notice_counts(*, case: Case) -> list[dict]:
    """Each notice of the case with how many messages were released and how many went."""
    from zhanjiang_union.notifications.models import Notification

    notices = CollectiveNotice.objects.filter(case=case).annotate(
        released=Count("deliveries"),
        delivered=Count(
            "deliveries",
            filter=Q(deliveries__notification__delivery=Notification.Delivery.SENT),
        ),
        failed=Count(
            "deliveries",
            filter=Q(deliveries__notification__delivery=Notification.Delivery.FAILED),
        ),
    )
    return list(notices[:10])


# --- The roll as a spreadsheet ------------------------------------------------------------


def collective_roll_xlsx(*, case: Case, full: bool) -> bytes:
    """The roll the arbitration commission and the court ask for, as .xlsx: every worker
    with their complaint, claim and amount, written in chunks (never a formula)."""
    from openpyxl import Workbook

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = _("Workers")[:31]
    headers = [
        _("No."),
        _("Name"),
        _("Resident ID number"),
        _("Mobile phone"),
        _("Complaint"),
        _("Amount claimed (yuan)"),
        _("Demand"),
        _("Chosen representative"),
    ]
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, row=1, column=column, value=header)
    roll = collective_roll(case=case)
    row = 1
    for person in roll.iterator(chunk_size=1000):
        row += 1
        origin = person.origin_case or case
        values = [
            row - 1,
            person.name,
            person.id_number if full else mask_resident_id(person.id_number),
            person.phone if full else mask_phone(person.phone),
            origin.number,
            origin.amount_claimed,
            origin.demand,
            _("yes") if person.is_representative else "",
        ]
        for column, value in enumerate(values, start=1):
            write_cell(sheet, row=row, column=column, value=value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
