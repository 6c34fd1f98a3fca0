"""Who may make, list and download a case's documents: the staff who may act on the
case (cases.access), and, for a document written to them, the worker: the tracking
session that opened that case, the account that filed it, or the phone number signed in
by SMS that it was filed with. Everyone else gets what cases give them: 404 for a case they
cannot read, 403 for one they can read but not act on."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cases import access as case_access
from cases import signin
from cases.models import Case
from cases.views import TRACKED_SESSION_KEY

from .models import CaseDocument

TEMPLATE_PERMISSION = "documents.change_documenttemplate"


def case_for_documents(user, pk: int):
    return case_access.case_for_user(user, pk, act=True)


def document_for_staff(user, pk: int) -> CaseDocument:
    document = get_object_or_404(CaseDocument.objects.select_related("case"), pk=pk)
    case_for_documents(user, document.case_id)
    return document


def document_for_tracking(session, pk: int) -> CaseDocument:
    """A document the worker may download: written to them, of the case their tracking
    session opened with its number and query code."""
    document = CaseDocument.objects.filter(pk=pk).first()
    if (
        document is None
        or not document.addressed_to_worker
        or session.get(TRACKED_SESSION_KEY) != document.case_id
    ):
        raise Http404
    return document


def _written_to_worker(pk: int, cases) -> CaseDocument:
    document = CaseDocument.objects.filter(pk=pk, case__in=cases).select_related("case").first()
    if document is None or not document.addressed_to_worker:
        raise Http404
    return document


def document_for_filer(user, pk: int) -> CaseDocument:
    """A document written to the worker, of a case this account filed ("my complaints")."""
    return _written_to_worker(pk, Case.objects.filter(filed_by=user))


def document_for_phone(phone: str, pk: int) -> CaseDocument:
    """A document written to the worker, of a case filed with the phone signed in by SMS."""
    return _written_to_worker(pk, signin.cases_for_phone(phone=phone).values("pk"))
