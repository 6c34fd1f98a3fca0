from celery import shared_task

from . import services, webhooks, work_orders


@shared_task
def webhook_deliver(delivery_id: int) -> bool | None:
    # No retries here: a failed try schedules its next on the row, and
    # webhooks_deliver_due (beat) sends what is due, so a lost task loses nothing.
    return webhooks.deliver(delivery_id)


@shared_task
def webhooks_deliver_due() -> dict:
    return webhooks.deliver_due()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def work_orders_sweep() -> dict:
    return work_orders.work_orders_sweep()


@shared_task
def idempotency_keys_prune() -> int:
    return services.idempotency_keys_prune()
