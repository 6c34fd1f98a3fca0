from django.db.models import Q, QuerySet

from .models import Notification

# A message about a time limit that ended, or about a closed case, needs nothing more.
RESOLVED = Q(deadline__met_at__isnull=False) | Q(case__status="closed")


def inbox_notes(*, user, still_open: bool = False) -> QuerySet:
    """The user's messages, newest first, with the case and time limit each is about;
    `still_open`: only those whose time limit still runs and whose case is not closed."""
    notes = Notification.objects.filter(recipient=user).select_related("case", "deadline")
    if still_open:
        notes = notes.exclude(RESOLVED)
    return notes
