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
    """Writes messages to the log instead of sending them (the embedded default).

    Masked: logs never hold a complainant's full phone, nor the query code an SMS carries
    (whoever reads the log could open the case with it).
    """

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), mask_text(text))


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
