"""Callers' phone numbers: a mainland mobile, or a landline with its area code.

Mobiles are checked by `cases.validators` (one rule across the portal); this module adds
landlines, which many workers still call 12351 from (a factory's office, a shop counter).
Each number is stored in one canonical form, so that a repeat caller is recognised
however the operator typed it: `13800138000` for a mobile, `0759-3123456` for a landline.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.validators import normalize_mobile, validate_mainland_mobile

# Area codes start with 0: 010 and 02x have three digits, every other one four
# (0759 is Zhanjiang). Local numbers have 7 or 8 digits and never start with 0 or 1.
_LANDLINE_RE = re.compile(r"(0(?:10|2[0-9]|[3-9][0-9]{2}))([2-9][0-9]{6,7})")
_SEPARATORS_RE = re.compile(r"[\s\-‐‑–—().（）]+")


def normalize_landline(value: object) -> str:
    """`0759-3123456` from `0759 3123456`, `(0759)3123456`, `+86 759 3123456` or
    full-width digits. Anything that is not a landline comes back without separators."""
    digits = _SEPARATORS_RE.sub(
        "", unicodedata.normalize("NFKC", "" if value is None else str(value))
    )
    # In the international form the trunk 0 of the area code is dropped.
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :]
            break
    match = _LANDLINE_RE.fullmatch(digits)
    return f"{match[1]}-{match[2]}" if match else digits


def validate_landline(value: str) -> None:
    if not _LANDLINE_RE.fullmatch(normalize_landline(value).replace("-", "")):
        raise ValidationError(
            _("Enter a landline number with its area code, such as 0759-3123456."),
            code="invalid_landline",
        )


def normalize_caller_phone(value: object) -> str:
    """The caller's number in its stored form, or ValidationError if it is neither a
    mainland mobile nor a landline with an area code."""
    mobile = normalize_mobile(value)
    try:
        validate_mainland_mobile(mobile)
    except ValidationError:
        pass
    else:
        return mobile
    landline = normalize_landline(value)
    try:
        validate_landline(landline)
    except ValidationError:
        raise ValidationError(
            _(
                "Enter an 11-digit mobile number (such as 13812345678) or a landline "
                "with its area code (such as 0759-3123456)."
            ),
            code="invalid_phone",
        ) from None
    return landline


def is_mobile(phone: str) -> bool:
    try:
        validate_mainland_mobile(phone)
    except ValidationError:
        return False
    return True
