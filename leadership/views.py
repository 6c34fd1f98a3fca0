from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zhanjiang_union.access import permission_required
from zhanjiang_union.escalation_reach import escalation_gaps
from zhanjiang_union.paging import query_without
from zhanjiang_union.posting import form_post

from . import access, roster_docx, selectors, services
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    ReportOpenForm,
    ReportReviewForm,
    ReportSubmitForm,
)
from .models import SelfInspectionReport

PAGE_SIZE = 25
VIEW_REPORTS = "leadership.view_selfinspectionreport"


def _query_without_page(request) -> str:
    return query_without(request, "page")


# --- Roster ----------------------------------------------------------------------------


@permission_required("leadership.view_rostermember")
def roster(request):
    return render(
        request,
        "leadership/roster.html",
        {
            "groups": selectors.roster_by_group_role(),
            "office_director": selectors.roster_office_director(),
            "escalation_gaps": escalation_gaps(),
        },
    )


@permission_required("leadership.view_rostermember")
@require_safe
def roster_download(request):
    """The roster as a Word document laid out like the plan's appendix, for filing
    and for the paper copies the union sends out."""
    document = roster_docx.roster_document(
        groups=selectors.roster_by_group_role(),
        office_director=selectors.roster_office_director(),
    )
    response = HttpResponse(document, content_type=roster_docx.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=roster_docx.roster_filename(today=timezone.localdate())
    )
    return response


@permission_required("leadership.view_rostermember")
def roster_history(request):
    page = selectors.roster_history_page(page_number=request.GET.get("page"))
    log = [change.log_entry() for change in page]
    return render(request, "leadership/history.html", {"page": page, "log": log})


# --- Activities ------------------------------------------------------------------------


@permission_required("leadership.view_activity")
def activity_list(request):
    form = ActivityFilterForm(request.GET or None)
    filters = selectors.ActivityFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ActivityFilters(
            kind=data["kind"],
            department=data["department"].pk if data["department"] else None,
            month=data["month"],
        )
    page = Paginator(selectors.activity_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "leadership/activity_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@permission_required("leadership.add_activity")
def activity_new(request):
    user = request.user
    if not user.department_id and not access.may_record_for_any_department(user):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, user=user)
    posted = form_post(request, form, lambda data: services.activity_record(actor=user, **data))
    if posted.saved:
        activity = posted.result
        messages.success(
            request,
            _("Recorded: %(kind)s on %(date)s.")
            % {"kind": activity.get_kind_display(), "date": activity.held_on},
        )
        return redirect("leadership:activities")
    return render(request, "leadership/activity_form.html", {"form": form}, status=posted.status)


# --- Self-inspection reports -------------------------------------------------------------


def _may_open_reports(user) -> bool:
    if user.has_perm(access.ACT_ON_ALL):
        return True
    return bool(user.department_id) and user.has_perm(access.SUBMIT)


@permission_required(VIEW_REPORTS)
def report_list(request):
    page = Paginator(selectors.report_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "leadership/report_list.html",
        {
            "page": page,
            "open_form": ReportOpenForm(user=request.user)
            if _may_open_reports(request.user)
            else None,
            "in_charge": access.departments_in_charge(request.user),
        },
    )


@require_POST
@permission_required(VIEW_REPORTS)
def report_open(request):
    if not _may_open_reports(request.user):
        raise PermissionDenied
    form = ReportOpenForm(request.POST, user=request.user)
    if not form.is_valid():
        # Say which choice was wrong: the form itself sits folded on the list page.
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error},
                )
        return redirect("leadership:reports")
    department = form.cleaned_data["department"]
    if not access.can_open_report_for(request.user, department):
        raise PermissionDenied
    report = services.report_open_for_period(
        department=department, period_start=form.cleaned_data["period"]
    )
    if report.status in SelfInspectionReport.NOT_SUBMITTED:
        return redirect("leadership:report_submit", pk=report.pk)
    return redirect("leadership:report_detail", pk=report.pk)


@permission_required(VIEW_REPORTS)
def report_detail(request, pk: int):
    report = access.report_for_user(request.user, pk)
    return render(
        request,
        "leadership/report_detail.html",
        {
            "report": report,
            "figure_rows": selectors.report_figure_rows(report.figures),
            "log": selectors.report_log(report=report),
            "can_submit": report.status in SelfInspectionReport.NOT_SUBMITTED
            and access.can_submit_report(request.user, report),
            "can_review": report.status == SelfInspectionReport.Status.SUBMITTED
            and access.can_review_report(request.user, report),
        },
    )


@permission_required(VIEW_REPORTS)
def report_submit(request, pk: int):
    report = access.report_for_user(request.user, pk, submit=True)
    if report.status not in SelfInspectionReport.NOT_SUBMITTED:
        messages.info(request, _("This report has been submitted already."))
        return redirect("leadership:report_detail", pk=report.pk)
    form = ReportSubmitForm(request.POST or None, initial={"text": report.text})
    posted = form_post(
        request,
        form,
        lambda data: services.report_submit(report=report, actor=request.user, text=data["text"]),
    )
    if posted.saved:
        messages.success(request, _("The report has been submitted."))
        return redirect("leadership:report_detail", pk=report.pk)
    status = posted.status
    # What the figures would be if submitted now: the department sees what it sends.
    preview = selectors.report_figures(
        department=report.department, start=report.period_start, end=report.period_end
    )
    return render(
        request,
        "leadership/report_form.html",
        {
            "report": report,
            "form": form,
            "title": _("Submit the self-inspection report"),
            "figure_rows": selectors.report_figure_rows(preview),
        },
        status=status,
    )


@permission_required(VIEW_REPORTS)
def report_review(request, pk: int):
    report = access.report_for_user(request.user, pk, review=True)
    if report.status != SelfInspectionReport.Status.SUBMITTED:
        messages.info(request, _("Only a submitted report can be reviewed."))
        return redirect("leadership:report_detail", pk=report.pk)
    form = ReportReviewForm(request.POST or None)
    posted = form_post(
        request,
        form,
        lambda data: services.report_review(
            report=report,
            reviewer=request.user,
            accept=data["decision"] == "accept",
            comment=data["comment"],
        ),
    )
    if posted.saved:
        messages.success(request, _("Your review has been recorded."))
        return redirect("leadership:report_detail", pk=report.pk)
    status = posted.status
    return render(
        request,
        "leadership/report_form.html",
        {
            "report": report,
            "form": form,
            "title": _("Review the self-inspection report"),
            "figure_rows": selectors.report_figure_rows(report.figures),
            "show_text": True,
        },
        status=status,
    )
