"""Each figure's link to the workbench list (/cases/) that makes it up, through the
case app's `workbench_url`. The workbench shows only the cases the viewer may read, as
the dashboard's own scope does; a figure no list makes up exactly (a rate, a median)
links to the nearest list with a note saying so.
"""

from datetime import date
from urllib.parse import urlencode

from cases.links import workbench_url
from cases.workflow import Status
from zhanjiang_union.reversing import cached_reverse

from .figures import DashboardFilters, Link

# The workbench's "deadline" value for "overdue or long overdue", asked of it for
# figures that count both.
LATE = "late"


def case_list_link(*, filters: DashboardFilters, note: str = "", **params) -> Link:
    """The workbench URL for these filters (None and "" left out), with the dashboard's
    district, department and organisation (its subtree) added. `note` is for figures no
    list can match exactly."""
    wanted = {"district": filters.district_id, "organisation": filters.organisation_id}
    # A department head's workbench already holds their department's queue.
    if not filters.department_forced:
        wanted["department"] = filters.department_id
    wanted.update(params)
    return Link(url=workbench_url(**wanted), note=note)


def filed_link(*, filters: DashboardFilters, start: date, end: date, **params) -> Link:
    """Cases filed from start to end (local days, both included), open or closed."""
    return case_list_link(
        filters=filters, created_from=start, created_to=end, closed="on", **params
    )


def closed_link(*, filters: DashboardFilters, start: date, end: date, **params) -> Link:
    """Cases closed from start to end (local days, both included)."""
    return case_list_link(
        filters=filters,
        status=Status.CLOSED,
        closed="on",
        closed_from=start,
        closed_to=end,
        **params,
    )


def nearest_link(*, filters: DashboardFilters, note: str, **params) -> Link:
    """For figures no case list makes up (rates, medians): the list nearest to them."""
    return case_list_link(filters=filters, note=note, **params)


def with_note(link: Link, note: str) -> Link:
    """The link with a note of the figure's own put before the link's."""
    return Link(link.url, " ".join(part for part in (note, link.note) if part))


def page_link(url_name: str, note: str = "", **params) -> Link:
    """A link to another portal page (activities, reports) with its own GET filters."""
    query = {name: value for name, value in params.items() if value not in (None, "")}
    url = cached_reverse(url_name)
    return Link(url=f"{url}?{urlencode(query)}" if query else url, note=note)
