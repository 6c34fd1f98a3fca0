"""SMS adapters (the gateway a deployment uses is named by settings.SMS_BACKEND) and the
console e-mail backend of a machine without a mail server."""

import logging

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as DjangoConsoleEmailBackend
from django.utils.module_loading import import_string

from zhanjiang_union.masking import mask_phone, mask_text

logger = logging.getLogger(__name__)


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


class ConsoleEmailBackend(DjangoConsoleEmailBackend):
    """Django's console backend (the embedded default: mail goes to the worker's output)
    with addresses, phones, ID numbers and query codes masked, as in every log."""

    def write_message(self, message):
        msg = message.message()
        text = msg.as_bytes().decode("utf-8", "replace")
        self.stream.write(f"{mask_text(text)}\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")
