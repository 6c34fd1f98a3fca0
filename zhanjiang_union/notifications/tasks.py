from celery import shared_task
from django.core.mail import send_mail

from .backends import get_sms_backend

# Delivery talks to outside gateways that fail now and then: retry with
# back-off rather than lose the message or block whoever queued it.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def deliver_email(*, subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients)


@shared_task(**RETRY)
def deliver_sms(*, phone: str, text: str) -> None:
    get_sms_backend().send(phone, text)
