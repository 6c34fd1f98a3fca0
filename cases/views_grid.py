"""The grid's pages for staff: an organisation with what stands below it and its
mediators' register."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhanjiang_union.access import permission_required
from zhanjiang_union.errors import DomainError

from . import grid_selectors, handing
from .access import staff_organisation
from .forms import OrganisationImportForm, OrganisationMergeForm


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
            "mediators": grid_selectors.organisation_mediators(organisation=organisation),
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
    from zhanjiang_union.organisations.selectors import organisation_subtree
    from zhanjiang_union.organisations.spreadsheet import organisations_workbook

    organisation = grid_selectors.organisation_for_user(user=request.user, pk=pk)
    rows = organisation_subtree(organisation=organisation).order_by("path")
    response = HttpResponse(
        organisations_workbook(organisations=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="organisations-{organisation.code}.xlsx"'
    )
    return response


@permission_required("cases.view_workbench", "cases.act_on_all_cases")
def organisations_import(request):
    """Preview a sheet of organisations with each row's errors; import all or none."""
    from zhanjiang_union.organisations import spreadsheet

    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    rows, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                if form.cleaned_data["action"] == "import":
                    count = spreadsheet.organisations_import(upload=upload)
                    messages.success(
                        request, _("%(count)s organisations imported.") % {"count": count}
                    )
                    return redirect("cases:my_organisation")
                rows = spreadsheet.organisations_import_check(upload=upload)
                status = 200
            except spreadsheet.ImportRefused as error:
                messages.error(request, error.message)
                upload.seek(0)
                try:
                    rows = spreadsheet.organisations_import_check(upload=upload)
                except spreadsheet.ImportRefused:
                    rows = None
    return render(
        request,
        "cases/organisation_import.html",
        {"form": form, "rows": rows, "has_errors": any(r.errors for r in rows or [])},
        status=status,
    )
