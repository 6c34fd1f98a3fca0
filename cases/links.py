"""Links into the case pages for other apps: the workbench list with its filters.

The dashboard links each figure to the list of cases that makes it up; it asks here
rather than knowing the workbench's GET parameters itself."""

from datetime import date
from urllib.parse import urlencode

from zhanjiang_union.reversing import cached_reverse

from .forms import WorkbenchFilterForm

WORKBENCH_FILTERS = frozenset(WorkbenchFilterForm.base_fields)


def workbench_url(**filters) -> str:
    """The workbench list with these filters (None and "" left out; dates as ISO days).
    A filter the workbench does not have is a programming error: ValueError."""
    unknown = sorted(set(filters) - WORKBENCH_FILTERS)
    if unknown:
        raise ValueError(f"The workbench has no filter {', '.join(unknown)}.")
    query = {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name, value in filters.items()
        if value is not None and value != ""
    }
    url = cached_reverse("cases:workbench")
    return f"{url}?{urlencode(query)}" if query else url
