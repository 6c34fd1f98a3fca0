"""The worker's own sign-in: the mobile number given in a complaint and a one-time code
sent to it by SMS. No account and no password; the signed-in session holds the number
and shows every complaint filed with it.

- 6 digits, valid 5 minutes, stored as an HMAC (as is the number), used once.
- At most 3 codes per number in 15 minutes (here) and a limit per client (the view's
  django-ratelimit); at most 5 tries per code.
- The same answer whether the number is on a complaint or not: a row is written and the
  limits counted for any number; only a known number is texted.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.errors import DomainError
from zhanjiang_union.notifications.services import notify_address

from .models import Case, PhoneSignInCode

CODE_DIGITS = 6
CODE_VALID = timedelta(minutes=5)
CODES_PER_NUMBER = 3
CODES_WINDOW = timedelta(minutes=15)
TRIES_PER_CODE = 5
SESSION_KEY = "cases.signed_in_phone"
PENDING_KEY = "cases.sign_in_pending"
SIGNED_IN_SECONDS = 30 * 60


class SignInError(DomainError):
    pass


def _hash(*parts: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, ":".join(("phone-sign-in", *parts)).encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    return _hash(phone)


def _known(phone: str) -> bool:
    return Case.objects.filter(complainants__phone=phone).exists()


@transaction.atomic
def sign_in_code_send(*, phone: str) -> None:
    """Write a code for this number and text it if the number is on a complaint.
    Raises SignInError (for any number alike) past the limit per number."""
    now = timezone.now()
    hashed = phone_hash(phone)
    recent = PhoneSignInCode.objects.select_for_update().filter(
        phone_hash=hashed, created_at__gte=now - CODES_WINDOW
    )
    if len(recent) >= CODES_PER_NUMBER:
        raise SignInError(
            _("Too many codes were asked for this number. Please wait 15 minutes, or call 12351.")
        )
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    PhoneSignInCode.objects.create(
        phone_hash=hashed, code_hash=_hash(phone, code), expires_at=now + CODE_VALID
    )
    if _known(phone):
        text = _(
            "Zhanjiang FTU: your sign-in code is %(code)s, valid for 5 minutes. "
            "Do not tell it to anyone."
        ) % {"code": code}
        # Through the outbox, like every message: the broker carries the row's id, never
        # the number or the code, and the text is blanked once it is sent.
        notify_address(phone=phone, subject=_("Sign-in code"), body=text, secret=True)


@transaction.atomic
def sign_in_code_check(*, phone: str, code: str) -> bool:
    """True, once, for the number's latest code while it is valid and not tried too
    often; every wrong try counts against it."""
    now = timezone.now()
    latest = (
        PhoneSignInCode.objects.select_for_update()
        .filter(phone_hash=phone_hash(phone), used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None or latest.attempts >= TRIES_PER_CODE:
        return False
    if not hmac.compare_digest(latest.code_hash, _hash(phone, code)):
        latest.attempts += 1
        latest.save(update_fields=["attempts"])
        return False
    latest.used_at = now
    latest.save(update_fields=["used_at"])
    return _known(phone)


def sign_in_codes_prune(*, now=None) -> int:
    """Delete the codes that can no longer matter: expired, and older than the window the
    limit per number counts over (hashes still, but no reason to keep them). Beat runs it
    hourly; returns the rows deleted."""
    before = (now or timezone.now()) - max(CODES_WINDOW, CODE_VALID)
    return PhoneSignInCode.objects.filter(created_at__lt=before, expires_at__lt=before).delete()[0]


def cases_for_phone(*, phone: str):
    """Every complaint filed with this number, newest first."""
    return (
        Case.objects.filter(complainants__phone=phone)
        .distinct()
        .select_related("department")
        .order_by("-created_at")
    )
