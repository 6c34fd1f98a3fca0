"""Every write of the API app: clients and their tokens, the audit, idempotency keys.

12345 work orders are in `work_orders.py`, their webhooks in `webhooks.py`.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import QUERY_CODE_ALPHABET
from zhanjiang_union.errors import DomainError

from .models import ApiCall, ApiClient, IdempotencyKey

TOKEN_PREFIX = "zjgh_"  # noqa: S105 (marks a token in logs and scanners; not a secret)
# last_used_at is written at most this often per client: one UPDATE a minute, not one
# a request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiError(DomainError):
    pass


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- Clients and tokens ------------------------------------------------------------------


def _token_new() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def client_create(
    *,
    name: str,
    scopes: list[str],
    department=None,
    rate: str = "600/min",
    webhook_url: str = "",
) -> tuple[ApiClient, str]:
    """Register a client; returns it and its token, which is shown once and kept only
    as its SHA-256."""
    token = _token_new()
    user = get_user_model().objects.create_user(
        username=f"api-{secrets.token_hex(6)}",
        full_name=name[:64],
        is_active=False,  # the client's account: for the records, never for logging in
        department=department,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client = ApiClient.objects.create(
        name=name,
        scopes=scopes,
        department=department,
        rate=rate,
        webhook_url=webhook_url,
        webhook_secret=secrets.token_hex(32),
        user=user,
        token_hash=digest(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 4],
    )
    return client, token


@transaction.atomic
def client_rotate(*, client: ApiClient) -> str:
    """A new token; the old one stops working at once."""
    token = _token_new()
    ApiClient.objects.filter(pk=client.pk).update(
        token_hash=digest(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 4],
        rotated_at=timezone.now(),
        revoked_at=None,
        is_active=True,
    )
    client.refresh_from_db()
    return token


def client_revoke(*, client: ApiClient) -> ApiClient:
    ApiClient.objects.filter(pk=client.pk).update(is_active=False, revoked_at=timezone.now())
    client.refresh_from_db()
    return client


def client_for_token(token: str) -> ApiClient | None:
    """The active client holding this token, or None. The lookup is by the token's
    SHA-256 (an index on a value the caller cannot steer), then compared in constant
    time."""
    hashed = digest(token)
    client = (
        ApiClient.objects.select_related("user", "department")
        .filter(token_hash=hashed, is_active=True)
        .first()
    )
    if client is None or not hmac.compare_digest(client.token_hash, hashed):
        return None
    now = timezone.now()
    if client.last_used_at is None or client.last_used_at < now - LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        client.last_used_at = now
    return client


def api_call_record(
    *, client: ApiClient | None, method: str, endpoint: str, status: int, duration_ms: int
) -> None:
    ApiCall.objects.create(
        client=client,
        method=method[:8],
        endpoint=endpoint[:128],
        status=status,
        duration_ms=max(duration_ms, 0),
    )


# --- Idempotency keys ----------------------------------------------------------------------


class IdempotencyMismatch(ApiError):
    pass


def _pad(raw_key: str, length: int) -> bytes:
    secret = hashlib.sha256(f"idempotency:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(secret, raw_key.encode(), hashlib.sha256).digest()[:length]


def _code_seal(code: str, raw_key: str) -> str:
    """The query code in a kept answer, shifted over its alphabet by a pad only the
    holder of the raw Idempotency-Key can make again (the row keeps the key's hash):
    the table never holds a code that opens a tracking page."""
    alphabet = QUERY_CODE_ALPHABET
    return "".join(
        alphabet[(alphabet.index(ch) + shift) % len(alphabet)]
        for ch, shift in zip(code, _pad(raw_key, len(code)), strict=True)
    )


def _code_unseal(sealed: str, raw_key: str) -> str:
    alphabet = QUERY_CODE_ALPHABET
    return "".join(
        alphabet[(alphabet.index(ch) - shift) % len(alphabet)]
        for ch, shift in zip(sealed, _pad(raw_key, len(sealed)), strict=True)
    )


IDEMPOTENCY_KEEP = timedelta(hours=24)


def idempotency_keys_prune(*, now=None) -> int:
    """Kept answers older than a day go: a client retries within minutes, not days."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEEP
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def idempotent(*, client: ApiClient, key: str, endpoint: str, request_hash: str, perform):
    """Run `perform()` -> (status, body) once per (client, key); a retry gets the first
    (status, body) back.

    The key's row is inserted in the same transaction as the work: a second request with
    the same key, arriving while the first is still filing, waits on the unique index
    (PostgreSQL) or on the database's write lock (SQLite) until the first commits, then
    finds the row and answers with its result. If the first fails, nothing is kept and
    the retry does the work."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    client=client,
                    key_hash=digest(key),
                    endpoint=endpoint,
                    request_hash=request_hash,
                    response_status=0,
                    response_body={},
                )
        except IntegrityError:
            row = None
        if row is None:
            first = IdempotencyKey.objects.get(client=client, key_hash=digest(key))
            if first.request_hash != request_hash or first.endpoint != endpoint:
                raise IdempotencyMismatch(
                    _(
                        "This Idempotency-Key was used for a different request. "
                        "Use a new key for a new request."
                    )
                )
            body = dict(first.response_body)
            if body.get("query_code"):
                body["query_code"] = _code_unseal(body["query_code"], key)
            return first.response_status, body, True
        status, body = perform()
        if status >= 400:
            # A refusal is not kept: the client may correct the request and reuse the key.
            transaction.set_rollback(True)
            return status, body, False
        row.response_status = status
        row.response_body = dict(body)
        if body.get("query_code"):
            row.response_body["query_code"] = _code_seal(body["query_code"], key)
        row.save(update_fields=["response_status", "response_body"])
        return status, body, False
