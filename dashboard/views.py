"""The leadership dashboard: the page, its .xlsx export and its print view.

Read-only and GET-only. Each view takes the same filters from the query string; the
figures come from `dashboard.selectors`, cached for a minute, so the page
and its export opened together cost one computation.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from performance.selectors import performance_figures
from zhanjiang_union.access import permission_required

from .access import VIEW_DASHBOARD, dashboard_scope
from .charts import dashboard_charts
from .forms import DashboardFilterForm
from .selectors import dashboard_figures_cached
from .xlsx import CONTENT_TYPE, dashboard_filename, dashboard_workbook

# Shown side by side, two to a row on wide screens.
BREAKDOWNS = ("by_district", "by_industry", "by_category", "by_channel", "by_department")


def _dashboard(request):
    today = timezone.localdate()
    form = DashboardFilterForm(
        request.GET or None,
        today=today,
        scope=dashboard_scope(request.user),
    )
    dashboard = dashboard_figures_cached(filters=form.filters(), today=today)
    return form, dashboard


def _page_context(request) -> dict:
    form, dashboard = _dashboard(request)
    return {
        "form": form,
        "dashboard": dashboard,
        "tables": dashboard.tables,
        "breakdowns": [dashboard.tables[key] for key in BREAKDOWNS if key in dashboard.tables],
        "hotline_tables": dashboard.hotline_tables,
        "charts": dashboard_charts(
            tables=dashboard.tables, hotline_tables=dashboard.hotline_tables
        ),
        "query": request.GET.urlencode(),
        "performance": performance_figures(
            start=dashboard.filters.start,
            end=dashboard.filters.end,
            district_id=dashboard.filters.district_id,
            department_id=dashboard.filters.department_id,
            organisation_path=dashboard.filters.organisation_path,
        ),
    }


@permission_required(VIEW_DASHBOARD)
@require_safe
def index(request):
    return render(request, "dashboard/index.html", _page_context(request))


@permission_required(VIEW_DASHBOARD)
@require_safe
def print_view(request):
    return render(request, "dashboard/print.html", _page_context(request))


@permission_required(VIEW_DASHBOARD)
@require_safe
def xlsx(request):
    _form, dashboard = _dashboard(request)
    response = HttpResponse(dashboard_workbook(dashboard=dashboard), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{dashboard_filename(dashboard=dashboard)}"'
    )
    return response
