"""Each figure's link to the workbench list (/cases/) that makes it up.

The workbench is another team's page with its own GET filters. A link asks for every
filter its figure needs and keeps those the workbench's form has (read from the form
itself, so a filter added there makes the links exact without a change here); for the
rest the link's note says which constraints the list lacks. The workbench shows only
the cases the viewer may read, as the dashboard's own scope does.
"""

from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django import forms
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.forms import WorkbenchFilterForm
from cases.workflow import Status

from .figures import DashboardFilters, Link

# The workbench's "deadline" value for "overdue or long overdue", asked of it for
# figures that count both.
LATE = "late"


# What each filter a link may ask of the workbench constrains, for the note on a link
# whose list is wider than its figure.
_CONSTRAINTS = {
    "created_from": gettext_lazy("date filed"),
    "created_to": gettext_lazy("date filed"),
    "closed_from": gettext_lazy("date closed"),
    "closed_to": gettext_lazy("date closed"),
    "department": gettext_lazy("department"),
    "industry": gettext_lazy("industry"),
    "warning": gettext_lazy("unresolved early warning"),
    "deadline": gettext_lazy("overdue or long overdue"),
}


# (the workbench form's fields, {filter: the values it accepts, None for any}): read
# from the form once, not for each of the dashboard's few hundred links; read again
# if the fields are replaced.
_accepted: tuple[dict, dict[str, set[str] | None]] = ({}, {})


def _workbench_filters() -> dict[str, set[str] | None]:
    global _accepted
    fields = WorkbenchFilterForm.base_fields
    if _accepted[0] is not fields:
        _accepted = (
            fields,
            {
                name: {str(key) for key, _label in field.choices}
                if isinstance(field, forms.ChoiceField)
                and not isinstance(field, forms.ModelChoiceField)
                else None
                for name, field in fields.items()
            },
        )
    return _accepted[1]


def _workbench_accepts(name: str, value: str) -> bool:
    filters = _workbench_filters()
    if name not in filters:
        return False
    values = filters[name]
    return values is None or value in values


@lru_cache(maxsize=32)
def _url(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


def _reverse(name: str) -> str:
    """reverse(), remembered: the same few URLs are asked for hundreds of times."""
    return _url(name, get_script_prefix(), get_urlconf())


def case_list_link(*, filters: DashboardFilters, note: str = "", **params) -> Link:
    """The workbench URL for these filters (None and "" left out), with the dashboard's
    district and department added. `note` is for figures no list can match exactly."""
    wanted = {"district": filters.district_id}
    # A department head's workbench already holds their department's queue.
    if not filters.department_forced:
        wanted["department"] = filters.department_id
    wanted.update(params)
    query: dict[str, str] = {}
    missing: list[str] = []
    for name, value in wanted.items():
        if value is None or value == "":
            continue
        # A tuple is the exact value first, then nearer-than-nothing fallbacks.
        choices = value if isinstance(value, tuple) else (value,)
        texts = [v.isoformat() if isinstance(v, date) else str(v) for v in choices]
        accepted = [text for text in texts if _workbench_accepts(name, text)]
        if accepted:
            query[name] = accepted[0]
        if accepted[:1] != texts[:1]:
            constraint = str(_CONSTRAINTS.get(name, name))
            if constraint not in missing:
                missing.append(constraint)
    notes = [note] if note else []
    if missing:
        notes.append(
            _("The case list cannot filter by %(constraints)s, so it shows more cases than this.")
            % {"constraints": "、".join(missing)}
        )
    url = _reverse("cases:workbench")
    return Link(url=f"{url}?{urlencode(query)}" if query else url, note=" ".join(notes))


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
    url = _reverse(url_name)
    return Link(url=f"{url}?{urlencode(query)}" if query else url, note=note)
