"""Writes: making a numbered document from a case, and saving an admin's template."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.events import case_event_record
from cases.models import Case, Handoff
from zhanjiang_union.counters import counter_next
from zhanjiang_union.errors import DomainError

from . import placeholders, selectors
from .models import (
    ADDRESSED_TO_WORKER,
    TEMPLATE_TEXT_FIELDS,
    CaseDocument,
    DocumentCounter,
    DocumentKind,
    DocumentTemplate,
)
from .timeline import MADE_ACTION


class DocumentError(DomainError):
    """A rule about a case's documents refused the change."""


def document_number_format(*, prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕{sequence}号"


def _next_sequence(*, kind: str, year: int) -> int:
    """The next number of this kind in the year, gap-free (zhanjiang_union.counters)."""
    return counter_next(DocumentCounter, kind=kind, year=year)


def document_make(
    *,
    case: Case,
    kind: str,
    actor,
    reason: str = "",
    handoff: Handoff | None = None,
    served: CaseDocument | None = None,
    recipient: str = "",
    today: date | None = None,
) -> CaseDocument:
    """Number and make one document from the case as it stands, with a timeline line.
    The document keeps its text as made: a later change to the case or the template
    does not rewrite a document already sent."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("category", "handler")
            .get(pk=case.pk)
        )
        why_not = selectors.document_unavailable_reason(case=case, kind=kind)
        if why_not:
            raise DocumentError(why_not)
        reason = (reason or "").strip()
        if kind in selectors.NEEDS_REASON and not reason:
            raise DocumentError(_("Give the reason the document states."))
        if kind == DocumentKind.HANDOFF:
            if (
                handoff is None
                or not selectors.referable_handoffs(case).filter(pk=handoff.pk).exists()
            ):
                raise DocumentError(_("Choose one of the case's referrals."))
        else:
            handoff = None
        if kind == DocumentKind.SERVICE:
            if (
                served is None
                or not selectors.servable_documents(case).filter(pk=served.pk).exists()
            ):
                raise DocumentError(_("Choose one of the case's documents to serve."))
            if recipient not in selectors.recipients(case=case):
                raise DocumentError(_("Choose whom the document is served on."))
        else:
            served, recipient = None, ""
        template = DocumentTemplate.objects.filter(kind=kind).first()
        if template is None:
            raise DocumentError(
                _("There is no template for this document yet: an administrator adds it.")
            )
        sequence = _next_sequence(kind=kind, year=today.year)
        number = document_number_format(
            prefix=template.number_prefix, year=today.year, sequence=sequence
        )
        values = selectors.document_values(
            case=case,
            number=number,
            today=today,
            reason=reason,
            handoff=handoff,
            served=served,
            recipient=recipient,
        )
        document = CaseDocument.objects.create(
            case=case,
            kind=kind,
            year=today.year,
            sequence=sequence,
            number=number,
            handoff=handoff,
            served=served,
            made_by=actor,
            **{
                name: placeholders.fill(getattr(template, name), values)
                for name in TEMPLATE_TEXT_FIELDS
            },
        )
        data = {"kind": kind, "number": number, "document": document.pk}
        case_event_record(
            case=case,
            actor=actor,
            action=MADE_ACTION,
            data=data,
            # The worker's tracking page shows the documents written to them.
            public=kind in ADDRESSED_TO_WORKER,
        )
    return document


def document_template_save(*, template: DocumentTemplate, actor, **texts: str) -> DocumentTemplate:
    """Save an admin's edit of a template; refused, field by field, when a text names an
    unknown placeholder or holds anything but plain text and placeholders."""
    for name, value in texts.items():
        setattr(template, name, value)
    template.updated_by = actor
    template.full_clean()
    template.save()
    return template


def case_documents_deidentify(*, case: Case) -> int:
    """After the retention period (cases.retention): the documents keep their kind,
    number, title and dates, and lose the text that names and reaches the people."""
    from cases.retention import removed_mark

    return CaseDocument.objects.filter(case=case).update(
        addressee="", body=removed_mark(), signature=""
    )
