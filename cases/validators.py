"""Validators for the identity numbers a complaint carries.

Each validator checks the *normalised* form of what was typed, so a number entered with spaces,
a lowercase x or full-width digits from a Chinese input method is accepted. The matching
normalize_* function gives the form to store: save normalize_resident_id(value), not the raw input.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "normalize_credit_code",
    "normalize_mobile",
    "normalize_resident_id",
    "validate_credit_code",
    "validate_mainland_mobile",
    "validate_resident_id",
]

# GB 11643-1999: weights are 2**(17 - i) mod 11 for positions 1..17.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
# [0-9] rather than \d: \d also matches Arabic-Indic and other Unicode digits.
_RESIDENT_ID_RE = re.compile(r"[0-9]{17}[0-9X]")

# GB 32100-2015: I, O, Z, S and V are left out so they cannot be misread as 1, 0, 2, 5 and U.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(f"[{CREDIT_CODE_ALPHABET}]{{18}}")

_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")

_WHITESPACE_RE = re.compile(r"\s+")


def _fold(value: object) -> str:
    # NFKC turns full-width digits and letters (１２３, ｘ) into ASCII, and U+3000 into a space.
    return unicodedata.normalize("NFKC", "" if value is None else str(value))


# --- Resident ID (居民身份证号码) -----------------------------------------------


def normalize_resident_id(value: object) -> str:
    """The ID as it should be stored: no spaces, check character X in upper case."""
    return _WHITESPACE_RE.sub("", _fold(value)).upper()


def validate_resident_id(value: str) -> None:
    """Refuse anything that is not a well-formed 18-character PRC resident ID number."""
    number = normalize_resident_id(value)
    if not _RESIDENT_ID_RE.fullmatch(number):
        raise ValidationError(
            _("Enter the 18-character ID number: 17 digits followed by a digit or the letter X."),
            code="invalid_format",
        )

    # Checked before the check digit so that a typo in the birth date gets the more helpful
    # message; most mistyped IDs fail both.
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900 or birth > timezone.localdate():
        raise ValidationError(
            _("The date of birth in this ID number (digits 7 to 14) is not a valid date."),
            code="invalid_birth_date",
        )

    total = sum(
        int(digit) * weight for digit, weight in zip(number[:17], RESIDENT_ID_WEIGHTS, strict=True)
    )
    if number[17] != RESIDENT_ID_CHECK_CHARS[total % 11]:
        raise ValidationError(
            _("The check digit of this ID number is wrong; please check the number again."),
            code="invalid_check_digit",
        )


# --- Unified social credit code (统一社会信用代码) -------------------------------


def normalize_credit_code(value: object) -> str:
    """The code as it should be stored: no spaces, upper case."""
    return _WHITESPACE_RE.sub("", _fold(value)).upper()


def validate_credit_code(value: str) -> None:
    """Refuse anything that is not a well-formed 18-character unified social credit code."""
    code = normalize_credit_code(value)
    if not _CREDIT_CODE_RE.fullmatch(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "other than I, O, Z, S and V."
            ),
            code="invalid_format",
        )

    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(code[:17], CREDIT_CODE_WEIGHTS, strict=True)
    )
    check = (31 - total % 31) % 31
    if code[17] != CREDIT_CODE_ALPHABET[check]:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong; "
                "please check the code again."
            ),
            code="invalid_check_digit",
        )


# --- Mainland mobile number (手机号码) --------------------------------------------


def normalize_mobile(value: object) -> str:
    """The number as it should be stored: 11 digits, no separators, no country code."""
    number = re.sub(r"[\s-]+", "", _fold(value))
    if number.startswith("+86"):
        return number[3:]
    # A bare 86 is only a country code when 11 digits follow; no mobile number starts with 86.
    if number.startswith("86") and len(number) == 13:
        return number[2:]
    return number


def validate_mainland_mobile(value: str) -> None:
    """Refuse anything that is not an 11-digit mainland China mobile number."""
    if not _MOBILE_RE.fullmatch(normalize_mobile(value)):
        raise ValidationError(
            _("Enter an 11-digit mainland China mobile number, such as 13812345678."),
            code="invalid_mobile",
        )
