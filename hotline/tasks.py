from celery import shared_task

from . import callbacks


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def callbacks_sweep(*, reconcile: bool = False) -> dict:
    return callbacks.callbacks_sweep(reconcile=reconcile)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def callbacks_recompute(*, years: list[int] | None = None) -> int:
    return callbacks.callbacks_recompute(years=years)
