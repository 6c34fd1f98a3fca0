"""The collective case's pages: the related-complaints box of the case page, the merge
(select by filter, confirm the count), the roll of workers with its .xlsx export, the
split, the representatives and the notices. The rules are in cases.collective."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhanjiang_union.access import permission_required
from zhanjiang_union.clientip import client_ip

from . import access, collective, services
from .collective_forms import (
    MergeConfirmForm,
    MergeSelectionForm,
    NoticeForm,
    RepresentativeForm,
    SplitForm,
)

RELATED_PAGE_SIZE = 10
ROLL_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(rows, size: int, number, count: int):
    paginator = Paginator(rows, size)
    # The count is known from the summary's aggregate: no second COUNT(*).
    paginator.count = count
    return paginator.get_page(number)


def related_box(request, case) -> dict | None:
    """The case page's box of other open complaints against the employer: the figures
    and one page of the newest, never a line per complaint."""
    summary = collective.case_related_summary(case=case, user=request.user)
    if not summary.count:
        return None
    rows = collective.case_related_page_rows(case=case, user=request.user)
    return {
        "summary": summary,
        "page": _page(rows, RELATED_PAGE_SIZE, request.GET.get("related"), summary.count),
    }


def _selection(request, case, data):
    form = MergeSelectionForm(data or None)
    if data and not form.is_valid():
        return form, None
    cleaned = form.cleaned_data if data else {}
    filters = collective.CandidateFilters(
        numbers=cleaned.get("number_list", ()),
        filed_from=cleaned.get("filed_from"),
        filed_to=cleaned.get("filed_to"),
        category=cleaned["category"].pk if cleaned.get("category") else None,
    )
    return form, collective.collective_candidates(case=case, user=request.user, filters=filters)


@permission_required("cases.view_workbench")
def merge(request, pk: int):
    """Choose the complaints by filter, see how many and how much, confirm that count."""
    case = access.case_for_user(request.user, pk, act=True)
    data = request.POST if request.method == "POST" else request.GET
    form, candidates = _selection(request, case, data)
    status = 200
    if candidates is None:
        status = 400
    elif request.method == "POST":
        confirm = MergeConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, _("Look at the count first, then confirm it."))
            status = 400
        else:
            try:
                merged = collective.collective_merge(
                    target=case,
                    sources=candidates,
                    actor=request.user,
                    expected_count=confirm.cleaned_data["expected_count"],
                )
            except collective.CollectiveError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("%(count)s complaints were merged into this collective case.")
                    % {"count": merged},
                )
                return redirect("cases:collective", pk=case.pk)
    figures = None
    page = None
    if candidates is not None:
        figures = collective.candidates_summary(cases=candidates)
        page = _page(
            collective.candidate_page_rows(cases=candidates),
            RELATED_PAGE_SIZE,
            request.GET.get("page"),
            figures.count,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/collective_merge.html",
        {"case": case, "form": form, "figures": figures, "page": page, "query": query.urlencode()},
        status=status,
    )


@permission_required("cases.view_workbench")
def roll(request, pk: int):
    """The collective case's workers, a page at a time, with the totals."""
    case = access.case_for_user(request.user, pk)
    full = access.can_see_personal_data(request.user, case)
    acting = access.can_act(request.user, case)
    totals = collective.collective_totals(case=case)
    page = _page(
        collective.collective_roll(case=case), ROLL_PAGE_SIZE, request.GET.get("page"),
        totals["workers"],
    )  # fmt: skip
    if full and page.object_list:
        services.personal_data_access_record(
            case=case, user=request.user, view="collective_roll", client_address=client_ip(request)
        )
    return render(
        request,
        "cases/collective_roll.html",
        {
            "case": case,
            "totals": totals,
            "page": page,
            "rows": collective.collective_roll_rows(case=case, complainants=page, full=full),
            "personal_data_masked": not full,
            "can_act": acting,
            "notices": collective.collective_notice_counts(case=case),
            "notice_form": NoticeForm() if acting else None,
        },
    )


@permission_required("cases.view_workbench")
def roll_xlsx(request, pk: int):
    case = access.case_for_user(request.user, pk)
    full = access.can_see_personal_data(request.user, case)
    if full:
        services.personal_data_access_record(
            case=case, user=request.user, view="collective_xlsx", client_address=client_ip(request)
        )
    response = HttpResponse(
        collective.collective_roll_xlsx(case=case, full=full), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="roll-{case.pk}.xlsx"'
    return response


def _done(request, case, call, success: str):
    try:
        call()
    except collective.CollectiveError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("cases:collective", pk=case.pk)


@require_POST
@permission_required("cases.view_workbench")
def split(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = SplitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the complaint to split out from the roll."))
        return redirect("cases:collective", pk=case.pk)
    return _done(
        request,
        case,
        lambda: collective.collective_split(
            case=case, origin_id=form.cleaned_data["origin"], actor=request.user
        ),
        _("The complaint was split back out and reopened."),
    )


@require_POST
@permission_required("cases.view_workbench")
def representative(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = RepresentativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the worker on the roll."))
        return redirect("cases:collective", pk=case.pk)
    chosen = form.cleaned_data["chosen"]
    return _done(
        request,
        case,
        lambda: collective.collective_representative_set(
            case=case,
            complainant_id=form.cleaned_data["complainant"],
            chosen=chosen,
            actor=request.user,
        ),
        _("The representative is recorded.") if chosen else _("The representative is withdrawn."),
    )


@permission_required("cases.view_workbench")
def notice(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _done(
            request,
            case,
            lambda: collective.collective_notice_send(
                case=case,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=request.user,
            ),
            _("The notice is going out to every worker of the case."),
        )
    return render(
        request,
        "cases/simple_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Notice to every worker of the case"),
            "back": reverse("cases:collective", args=[case.pk]),
        },
        status=400 if form.errors else 200,
    )
