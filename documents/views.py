from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.access import cases_visible_to
from cases.views_signin import signed_in_phone
from zhanjiang_union.access import permission_required
from zhanjiang_union.clientip import client_ip
from zhanjiang_union.errors import DomainError
from zhanjiang_union.resilience.submissions import AlreadySubmitted, submission_claimed
from zhanjiang_union.resilience.views import already_done_redirect, resubmission_redirect

from . import access, placeholders, selectors, services, word
from .forms import DocumentMakeForm, DocumentTemplateForm
from .models import TEMPLATE_TEXT_FIELDS, CaseDocument, DocumentKind, DocumentTemplate

PAGE_SIZE = 25


def _kind(kind: str) -> DocumentKind:
    if kind not in DocumentKind.values:
        raise Http404
    return DocumentKind(kind)


@permission_required("cases.view_workbench")
def case_documents(request, pk: int):
    case = access.case_for_documents(request.user, pk)
    page = Paginator(selectors.case_documents(case=case), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/case_documents.html",
        {"case": case, "offers": selectors.document_offers(case=case), "page": page},
    )


@permission_required("cases.view_workbench")
def document_make(request, pk: int, kind: str):
    case = access.case_for_documents(request.user, pk)
    kind = _kind(kind)
    submission_kind = f"documents.make.{case.pk}.{kind}"
    if again := resubmission_redirect(request, kind=submission_kind):
        return again  # a double click makes one document, not two numbers
    why_not = selectors.document_unavailable_reason(case=case, kind=kind)
    if why_not:
        messages.error(request, why_not)
        return redirect("documents:case_documents", pk=case.pk)
    form = DocumentMakeForm(request.POST or None, case=case, kind=kind)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                with submission_claimed(
                    key=form.cleaned_data["submission_key"],
                    kind=submission_kind,
                    session=request.session,
                ) as submission:
                    document = services.document_make(
                        case=case, kind=kind, actor=request.user, **form.service_arguments()
                    )
                    submission.object_id = document.pk
                    submission.result_url = reverse("documents:case_documents", args=[case.pk])
            except AlreadySubmitted as again:
                return already_done_redirect(request, again.submission)
            except DomainError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("%(title)s %(number)s is made.")
                    % {"title": document.title, "number": document.number},
                )
                return redirect("documents:case_documents", pk=case.pk)
    return render(
        request,
        "documents/make.html",
        {"case": case, "form": form, "kind": kind},
        status=status,
    )


def _docx_response(document: CaseDocument) -> HttpResponse:
    # Served from this view only, after the access check; the no-store middleware keeps
    # it out of every cache.
    response = HttpResponse(word.document_docx(document), content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=word.document_filename(document)
    )
    return response


def _staff_document(request, pk: int, *, view: str) -> CaseDocument:
    # A document names the workers with their ID numbers and addresses: reading it is
    # recorded like opening the case's personal data.
    document = access.document_for_staff(request.user, pk)
    case_services.personal_data_access_record(
        case=document.case, user=request.user, view=view, client_address=client_ip(request)
    )
    return document


@permission_required("cases.view_workbench")
def document_docx(request, pk: int):
    return _docx_response(_staff_document(request, pk, view="documents:docx"))


@permission_required("cases.view_workbench")
def document_print(request, pk: int):
    document = _staff_document(request, pk, view="documents:print")
    return render(request, "documents/print.html", {"document": document, "case": document.case})


def tracked_document_docx(request, pk: int):
    """The worker's copy of a document written to them, from the tracking page."""
    return _docx_response(access.document_for_tracking(request.session, pk))


@login_required
def my_document_docx(request, pk: int):
    """The worker's copy, from "my complaints": the account that filed the case."""
    document = access.document_for_filer(request.user, pk)
    case_services.personal_data_access_record(
        case=document.case, user=request.user, view="documents:my_docx",
        client_address=client_ip(request),
    )  # fmt: skip
    return _docx_response(document)


def phone_document_docx(request, pk: int):
    """The worker's copy, after the SMS sign-in: a case filed with that phone number."""
    phone = signed_in_phone(request)
    if not phone:
        return redirect("cases:sign_in")
    return _docx_response(access.document_for_phone(phone, pk))


# --- Templates (admins) ------------------------------------------------------------


@permission_required(access.TEMPLATE_PERMISSION)
def template_list(request):
    return render(
        request, "documents/templates.html", {"templates": selectors.document_templates()}
    )


@permission_required(access.TEMPLATE_PERMISSION)
def template_edit(request, kind: str):
    template = get_object_or_404(DocumentTemplate, kind=_kind(kind))
    form = DocumentTemplateForm(
        request.POST or None, instance=template, cases=cases_visible_to(request.user)
    )
    preview, status = None, 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif "save" in request.POST:
            services.document_template_save(template=form.instance, actor=request.user)
            messages.success(request, _("The template is saved."))
            return redirect("documents:templates")
        else:
            case = form.cleaned_data["preview_case"]
            values = selectors.preview_values(
                case=case, prefix=form.instance.number_prefix, today=timezone.localdate()
            )
            preview = CaseDocument(
                kind=template.kind,
                number=values["文号"],
                **{
                    name: placeholders.fill(getattr(form.instance, name), values)
                    for name in TEMPLATE_TEXT_FIELDS
                },
            )
    return render(
        request,
        "documents/template_edit.html",
        {
            "template": template,
            "form": form,
            "preview": preview,
            "placeholders": placeholders.PLACEHOLDERS,
        },
        status=status,
    )
