"""The grid's pages for staff: an organisation with what stands below it and its
mediators' register."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from zhanjiang_union.access import permission_required

from . import grid_selectors
from .access import staff_organisation


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
        },
    )
