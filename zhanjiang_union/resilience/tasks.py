from datetime import timedelta

from celery import shared_task
from django.utils import timezone

# A key answers resubmissions for a month: far longer than anyone retries a form.
SUBMISSIONS_KEPT = timedelta(days=30)


@shared_task
def resilience_prune() -> int:
    """Forget old submission keys and expired entries of the cache's database fallback."""
    from .models import CacheEntry, Submission

    now = timezone.now()
    removed, _ = Submission.objects.filter(created_at__lt=now - SUBMISSIONS_KEPT).delete()
    expired, _ = CacheEntry.objects.filter(expires__lt=now).delete()
    return removed + expired
