"""Masking personal data and secrets: for lists on screen and for every log line.

Lists show enough to tell people apart (138****5678); logs get the same treatment, and
`mask_text` finds what a free text (an SMS, an e-mail, a log message) may hold: mobile and
landline numbers, resident ID numbers, e-mail addresses and query codes. The log handlers
(settings.LOGGING and the Celery worker's) pass every record through `MaskingFilter`, the
SMS log backend and the console e-mail backend mask what they write themselves.
"""

import logging
import re
import unicodedata

_WHITESPACE_RE = re.compile(r"\s+")

# Query codes (cases.services.QUERY_CODE_ALPHABET, 8 characters): no 0, 1, I, L or O.
_QUERY_CODE_RE = re.compile(r"(?<![A-Za-z0-9])[A-HJKMNP-Z2-9]{8}(?![A-Za-z0-9])")
_RESIDENT_ID_RE = re.compile(r"(?<![0-9])[0-9]{6}(?:19|20)[0-9]{9}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_LANDLINE_RE = re.compile(r"(?<![0-9])0[0-9]{2,3}[- ]?[0-9]{7,8}(?![0-9])")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def mask_phone(phone: str) -> str:
    """138****5678: enough to tell numbers apart, not enough to call one."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_resident_id(value: object) -> str:
    """440802********123X: region and last digits to tell people apart, not the birth date."""
    folded = unicodedata.normalize("NFKC", "" if value is None else str(value))
    number = _WHITESPACE_RE.sub("", folded).upper()
    if len(number) <= 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_email(address: str) -> str:
    """z***@example.com: the domain stays, for telling a typo in it."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "*" * len(address)
    return f"{local[:1]}***@{domain}"


def mask_text(text: str) -> str:
    """The text with every phone, ID number, e-mail address and query code in it masked."""
    text = _EMAIL_RE.sub(lambda m: mask_email(m.group()), text)
    text = _RESIDENT_ID_RE.sub(lambda m: mask_resident_id(m.group()), text)
    text = _MOBILE_RE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())[-11:]), text)
    text = _LANDLINE_RE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group())), text)
    return _QUERY_CODE_RE.sub("********", text)


class MaskingFilter(logging.Filter):
    """Rewrites each record with its message masked, whoever logged it; tracebacks too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave the record to the handler's error path
            return True
        record.msg, record.args = mask_text(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def install_on(logger: logging.Logger) -> None:
    """Put the filter on each of this logger's handlers (a filter on a handler sees every
    record that reaches it, from whichever logger)."""
    for handler in logger.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
