"""Personal data kept no longer than needed (个人信息保护法 Art. 19 and 47): a closed
case past the retention period (settings.PERSONAL_DATA_RETENTION_DAYS after closing)
loses every personal datum it holds and keeps what the figures count.

Removed: the complainants' names, ID numbers, phones, e-mail and addresses; the query
code; the evidence files (rows and stored files); the free texts that may name or
reach a person (the facts and demand, the outcome note, the timeline's notes, the
linked calls' callers and summaries, callback and follow-up notes, the linked visits'
demands and representatives). Kept: the case number, status, outcome, dates,
district, industry, category, channel, employer, the number of workers and the
amounts, so that every figure of the dashboard stays as it was.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Case, CaseEvent, Complainant, Evidence
from .workflow import Status

logger = logging.getLogger(__name__)

# Sent inside the transaction that de-identifies `case`: an app above cases that keeps
# personal data about a case (the hotline's calls and visits) removes its own.
case_deidentified = Signal()  # sender=Case, case=…


def removed_mark() -> str:
    return _("(removed)")


def cases_past_retention(*, now=None):
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    return Case.objects.filter(
        status=Status.CLOSED,
        closed_at__lt=cutoff,
        personal_data_removed_at__isnull=True,
    )


@transaction.atomic
def case_deidentify(*, case: Case, now=None) -> None:
    """Remove the personal data of one case; its figures are not touched."""
    now = now or timezone.now()
    mark = removed_mark()
    Complainant.objects.filter(case=case).update(
        name=mark, id_number="", phone="", address="", email=""
    )
    for evidence in Evidence.objects.filter(case=case):
        evidence.file.delete(save=False)
        evidence.delete()
    # The timeline keeps its lines (what happened, when); the notes typed with them go.
    CaseEvent.objects.filter(case=case).exclude(note="").update(note="")
    case_deidentified.send(sender=Case, case=case)
    # A queryset update: no save, so the figures are not marked for a refresh and the
    # case's version and last-changed time stay those of its last piece of work.
    Case.objects.filter(pk=case.pk).update(
        query_code_hash="",
        facts=mark,
        demand=mark,
        outcome_note="",
        personal_data_removed_at=now,
    )


def closed_cases_deidentify(*, now=None) -> int:
    """The periodic task's work: every closed case past retention, one transaction each."""
    done = 0
    for case in cases_past_retention(now=now).only("pk").iterator(chunk_size=200):
        case_deidentify(case=case, now=now)
        done += 1
    if done:
        logger.info("personal data removed from %s closed cases", done)
    return done
