from django.utils import timezone

from .calendar import year_is_loaded


def calendar_warnings(request) -> dict:
    """Years (this one and the next) whose holidays nobody has loaded yet, for the
    people who can load them."""
    user = getattr(request, "user", None)
    # is_authenticated first: the permission check would query for nothing.
    if user is None or not user.is_authenticated:
        return {"calendar_unloaded_years": []}
    if not user.has_perm("workdays.change_calendarday"):
        return {"calendar_unloaded_years": []}
    this_year = timezone.localdate().year
    return {
        "calendar_unloaded_years": [
            year for year in (this_year, this_year + 1) if not year_is_loaded(year)
        ]
    }
