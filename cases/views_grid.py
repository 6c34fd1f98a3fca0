"""The grid's pages for staff: an organisation with what stands below it and its
mediators' register."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhanjiang_union.access import permission_required
from zhanjiang_union.errors import DomainError
from zhanjiang_union.organisations import spreadsheet
from zhanjiang_union.organisations.forms import (
    MediatorEndForm,
    MediatorForm,
    QualificationFormSet,
)
from zhanjiang_union.organisations.models import Mediator
from zhanjiang_union.organisations.selectors import organisation_subtree
from zhanjiang_union.organisations.services import mediator_end
from zhanjiang_union.paging import query_without
from zhanjiang_union.posting import form_post

from . import grid_selectors, handing, secondments
from .access import can_edit_register, register_scope, staff_organisation
from .forms import OrganisationImportForm, OrganisationMergeForm, SecondmentDeclineForm
from .models import Secondment

MEDIATORS_PER_PAGE = 25


@permission_required("cases.view_workbench")
def my_organisation(request):
    """The staff member's own organisation (the city federation's, for its staff)."""
    organisation = staff_organisation(request.user)
    if organisation is None:
        raise Http404
    return redirect("cases:organisation", pk=organisation.pk)


@permission_required("cases.view_workbench")
def organisation_page(request, pk: int):
    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    children = grid_selectors.organisation_children(organisation=organisation)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    mediators = Paginator(
        grid_selectors.organisation_mediators(organisation=organisation), MEDIATORS_PER_PAGE
    ).get_page(request.GET.get("mediators"))
    pending = list(secondments.secondments_pending(organisation=organisation))
    return render(
        request,
        "cases/organisation.html",
        {
            "organisation": organisation,
            "trail": grid_selectors.organisation_trail(
                user=request.user, organisation=organisation
            ),
            "page": page,
            "counts": grid_selectors.organisation_case_counts(organisation=organisation),
            "mediators": mediators,
            # Paging one list keeps the other's page.
            "query_below": query_without(request, "page"),
            "query_mediators": query_without(request, "mediators"),
            "secondments": pending,
            "can_acknowledge": bool(pending)
            and secondments.can_acknowledge(request.user, pending[0]),
            "can_edit_register": can_edit_register(request.user, organisation),
            "can_import": request.user.has_perm("cases.act_on_all_cases"),
            "can_merge": request.user.has_perm("cases.act_on_all_cases") and organisation.depth > 1,
        },
    )


@permission_required("cases.view_workbench", "cases.act_on_all_cases")
def organisation_merge(request, pk: int):
    """The administrators close an organisation into another."""
    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    if organisation.depth == 1:
        raise Http404  # the city federation is the root of everything
    form = OrganisationMergeForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                moved = handing.organisation_merge(
                    organisation=organisation,
                    into=form.cleaned_data["into"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("%(old)s is merged into %(new)s; %(count)s open cases moved with it.")
                    % {"old": organisation, "new": form.cleaned_data["into"], "count": moved},
                )
                return redirect("cases:organisation", pk=form.cleaned_data["into"].pk)
    return render(
        request,
        "cases/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Merge %(organisation)s into another organisation")
            % {"organisation": organisation},
        },
        status=status,
    )


@permission_required("cases.view_workbench")
def organisations_xlsx(request, pk: int):
    """The organisation and everything below it, as the import reads it back."""
    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    rows = organisation_subtree(organisation=organisation).order_by("path")
    return _xlsx(
        spreadsheet.organisations_workbook(organisations=rows),
        f"organisations-{organisation.code}.xlsx",
    )


def _sheet_import_page(request, *, sheet, check, write, done, template, context):
    """Preview a sheet with each row's errors; import all its rows or none. None once
    imported (the caller says where to go next), else the page."""
    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    rows, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                if form.cleaned_data["action"] == "import":
                    messages.success(request, done(write(upload=upload)))
                    return None
                rows = check(upload=upload)
                status = 200
            except spreadsheet.ImportRefused as error:
                messages.error(request, error.message)
                upload.seek(0)
                try:
                    rows = check(upload=upload)
                except spreadsheet.ImportRefused:
                    rows = None
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "rows": rows,
            "preview": [(row, row.shown(sheet.preview)) for row in rows or []],
            "headers": sheet.preview_headers(),
            "has_errors": any(r.errors for r in rows or []),
        },
        status=status,
    )


@permission_required("cases.view_workbench", "cases.act_on_all_cases")
def organisations_import(request):
    """Preview a sheet of organisations with each row's errors; import all or none."""
    response = _sheet_import_page(
        request,
        sheet=spreadsheet.OrganisationSheet,
        check=spreadsheet.organisations_import_check,
        write=spreadsheet.organisations_import,
        done=lambda count: _("%(count)s organisations imported.") % {"count": count},
        template="cases/organisation_import.html",
        context={},
    )
    return redirect("cases:my_organisation") if response is None else response


# --- The mediators' register -------------------------------------------------------------


def _register_organisation(request, pk: int):
    """The organisation if the user may keep its register: 404 outside their subtree,
    403 inside it without the right."""
    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    if not can_edit_register(request.user, organisation):
        raise PermissionDenied
    return organisation


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheet.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("cases.view_workbench")
def mediators_xlsx(request, pk: int):
    """The register of the organisation and of everything below it, as the import reads it."""
    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    mediators = (
        Mediator.objects.filter(organisation__path__startswith=organisation.path)
        .select_related("organisation", "user")
        .prefetch_related("qualifications")
        .order_by("organisation__path", "name", "id")
    )
    return _xlsx(
        spreadsheet.mediators_workbook(mediators=mediators), f"mediators-{organisation.code}.xlsx"
    )


@permission_required("cases.view_workbench", "cases.reassign_case")
def mediators_import(request, pk: int):
    """Import mediators into the register of the organisation (and, for the
    administrators, of those below it)."""
    organisation = _register_organisation(request, pk)
    scope = register_scope(request.user, organisation)
    response = _sheet_import_page(
        request,
        sheet=spreadsheet.MediatorSheet,
        check=lambda upload: spreadsheet.mediators_import_check(upload=upload, scope=scope),
        write=lambda upload: spreadsheet.mediators_import(upload=upload, scope=scope),
        done=lambda count: _("%(count)s mediators added to the register.") % {"count": count},
        template="cases/mediator_import.html",
        context={"organisation": organisation},
    )
    return redirect("cases:organisation", pk=organisation.pk) if response is None else response


def _mediator_form_page(request, *, organisation, mediator, title):
    form = MediatorForm(request.POST or None, instance=mediator, organisation=organisation)
    qualifications = QualificationFormSet(request.POST or None, instance=mediator, prefix="q")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and qualifications.is_valid():
            # One transaction: a mediator is never registered without the trainings
            # typed with them. simple_history's middleware records who made the change.
            with transaction.atomic():
                mediator = form.save()
                qualifications.instance = mediator
                qualifications.save()
            messages.success(
                request, _("%(name)s is saved on the register.") % {"name": mediator.name}
            )
            return redirect("cases:organisation", pk=organisation.pk)
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "cases/mediator_form.html",
        {
            "organisation": organisation,
            "mediator": mediator,
            "form": form,
            "qualifications": qualifications,
            "title": title,
        },
        status=status,
    )


@permission_required("cases.view_workbench", "cases.reassign_case")
def mediator_new(request, pk: int):
    organisation = _register_organisation(request, pk)
    return _mediator_form_page(
        request,
        organisation=organisation,
        mediator=Mediator(organisation=organisation),
        title=_("Add a mediator to %(organisation)s") % {"organisation": organisation},
    )


@permission_required("cases.view_workbench", "cases.reassign_case")
def mediator_edit(request, pk: int):
    mediator = grid_selectors.mediator_for_user(user=request.user, pk=pk)
    organisation = _register_organisation(request, mediator.organisation_id)
    return _mediator_form_page(
        request,
        organisation=organisation,
        mediator=mediator,
        title=_("Edit %(name)s on the register") % {"name": mediator.name},
    )


@permission_required("cases.view_workbench", "cases.reassign_case")
def mediator_end_period(request, pk: int):
    """End a mediator's active period: they stay on the register as having served."""
    mediator = grid_selectors.mediator_for_user(user=request.user, pk=pk)
    organisation = _register_organisation(request, mediator.organisation_id)
    form = MediatorEndForm(request.POST or None, mediator=mediator)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            mediator_end(mediator=mediator, on=form.cleaned_data["active_until"])
            messages.success(
                request,
                _("%(name)s is active until %(day)s.")
                % {"name": mediator.name, "day": form.cleaned_data["active_until"].isoformat()},
            )
            return redirect("cases:organisation", pk=organisation.pk)
    return render(
        request,
        "cases/mediator_end.html",
        {"organisation": organisation, "mediator": mediator, "form": form},
        status=status,
    )


@require_POST
@permission_required("cases.view_workbench")
def secondment_acknowledge(request, pk: int):
    """The head of a mediator's organisation acknowledges their assignment to a city case."""
    secondment = get_object_or_404(Secondment.objects.select_related("case"), pk=pk)
    grid_selectors.organisation_for_user(user=request.user, pk=secondment.organisation_id)
    if not secondments.can_acknowledge(request.user, secondment):
        raise PermissionDenied
    try:
        secondments.secondment_acknowledge(secondment=secondment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Acknowledged: %(handler)s works case %(number)s.")
            % {"handler": secondment.handler, "number": secondment.case.number},
        )
    return redirect("cases:organisation", pk=secondment.organisation_id)


@require_POST
@permission_required("cases.view_workbench")
def secondment_decline(request, pk: int):
    """The head of a mediator's organisation declines their assignment, with the reason."""
    secondment = get_object_or_404(Secondment.objects.select_related("case"), pk=pk)
    grid_selectors.organisation_for_user(user=request.user, pk=secondment.organisation_id)
    if not secondments.can_acknowledge(request.user, secondment):
        raise PermissionDenied
    form = SecondmentDeclineForm(request.POST)
    posted = form_post(
        request,
        form,
        lambda data: secondments.secondment_decline(
            secondment=secondment, actor=request.user, reason=data["reason"]
        ),
        on_refusal=lambda message: messages.error(request, message),
    )
    if posted.saved:
        messages.success(
            request,
            _(
                "Declined: %(handler)s no longer handles case %(number)s; whoever assigned it is told."
            )
            % {"handler": secondment.handler, "number": secondment.case.number},
        )
    elif posted.status == 400:  # the form sits folded on the organisation's page
        for error in form.errors.get("reason", []):
            messages.error(
                request,
                _("%(field)s: %(error)s") % {"field": form.fields["reason"].label, "error": error},
            )
    return redirect("cases:organisation", pk=secondment.organisation_id)
