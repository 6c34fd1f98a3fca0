from celery import shared_task
from django.utils import timezone

from zhanjiang_union.monitoring.models import Job
from zhanjiang_union.monitoring.services import heartbeat

from . import deadlines


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
@heartbeat(Job.DEADLINE_SWEEP)
def deadlines_sweep(*, reconcile: bool = False) -> dict:
    return deadlines.sweep(reconcile=reconcile)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def deadlines_recompute(
    *, years: list[int] | None = None, deadline_ids: list[int] | None = None, reason: str = ""
) -> int:
    return deadlines.deadlines_recompute(
        years=set(years) if years else None, deadline_ids=deadline_ids, reason=reason
    )


@shared_task
def captchas_expired_remove() -> int:
    """The tracking page's pictures not answered in time (django-simple-captcha keeps
    each one as a row until then)."""
    from captcha.models import CaptchaStore

    expired = CaptchaStore.objects.filter(expiration__lte=timezone.now())
    return expired.delete()[0]


@shared_task
def sign_in_codes_prune() -> int:
    from .signin import sign_in_codes_prune

    return sign_in_codes_prune()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def personal_data_remove() -> int:
    from . import retention

    return retention.closed_cases_deidentify()


@shared_task
def collective_notices_release() -> int:
    """The next batch of the notices to collective cases' workers (at once after a
    notice is written, then each minute from beat)."""
    from . import collective

    return collective.collective_notices_release()
