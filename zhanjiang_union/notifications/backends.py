"""SMS adapters. The gateway a deployment uses is named by settings.SMS_BACKEND."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def mask_phone(phone: str) -> str:
    """138****5678: enough to tell numbers apart, not enough to call one."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Writes a line to the log instead of sending (the embedded default).

    The number is masked and the text left out: logs must never hold a complainant's
    full phone, nor the query code a filing receipt carries. The message itself is in
    the notifications table until it is sent (an admin sees it there)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s characters", mask_phone(phone), len(text))


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in `outbox`, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
