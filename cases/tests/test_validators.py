"""Sample numbers are literals, not computed by the code under test. 11010519491231002X (the
example in GB 11643-1999) and 91350100M000100Y43 (a commonly cited credit code) were checked by
working the weighted sums out by hand; the others were computed once with a separate throwaway
script and pasted in."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from cases.validators import (
    normalize_credit_code,
    normalize_mobile,
    normalize_resident_id,
    validate_credit_code,
    validate_mainland_mobile,
    validate_resident_id,
)
from zhanjiang_union.masking import mask_phone, mask_resident_id


def error_code(validator, value: str) -> str | None:
    try:
        validator(value)
    except ValidationError as error:
        return error.code
    return None


# --- Resident ID ------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",
        "11010519491231002x",  # people type the check letter in lower case
        "440802199001011238",
        "440882198803150018",
        "440803200002290015",  # 29 Feb 2000: a leap year
        "440802190001010015",  # 1 Jan 1900, the earliest date allowed
        " 110105 19491231 002X ",  # spaces from copying a formatted number
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as a Chinese input method types it
    ],
)
def test_valid_resident_ids_are_accepted(number):
    validate_resident_id(number)


@pytest.mark.parametrize(
    "number, code",
    [
        ("11010519491231003X", "invalid_check_digit"),  # one digit changed
        ("11010519491231002 1", "invalid_check_digit"),  # right length after spaces, wrong check
        ("110105194912310021", "invalid_check_digit"),
        ("440802199001011234", "invalid_check_digit"),
        ("11010519491231002", "invalid_format"),  # 17 characters
        ("11010519491231002X1", "invalid_format"),  # 19 characters
        ("110105491231002", "invalid_format"),  # the old 15-digit ID is not accepted
        ("1101051949123A002X", "invalid_format"),
        ("X10105194912310021", "invalid_format"),  # X only as the last character
        ("11010519491231002Y", "invalid_format"),
        ("", "invalid_format"),
        ("440803200002300017", "invalid_birth_date"),  # 30 February
        ("44080219010229001X", "invalid_birth_date"),  # 1901 was not a leap year
        ("440802199013010013", "invalid_birth_date"),  # month 13
        ("440802199001000010", "invalid_birth_date"),  # day 0
        ("440802189912310010", "invalid_birth_date"),  # before 1900
        ("110105209901010020", "invalid_birth_date"),  # in the future
    ],
)
def test_invalid_resident_ids_are_refused_with_the_reason(number, code):
    assert error_code(validate_resident_id, number) == code


def test_a_birth_date_of_today_is_allowed_but_tomorrow_is_not():
    # 440802202402290017 is valid apart from its date, born 29 Feb 2024.
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2024, 2, 29)):
        validate_resident_id("440802202402290017")
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2024, 2, 28)):
        assert error_code(validate_resident_id, "440802202402290017") == "invalid_birth_date"


def test_each_resident_id_problem_has_its_own_message():
    messages = {
        error_code(validate_resident_id, n): _message(validate_resident_id, n)
        for n in ("1101051949", "440803200002300017", "11010519491231003X")
    }
    assert set(messages) == {"invalid_format", "invalid_birth_date", "invalid_check_digit"}
    assert len(set(messages.values())) == 3


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 1101 0519 4912 3100 2x ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        (None, ""),
    ],
)
def test_normalize_resident_id(raw, stored):
    assert normalize_resident_id(raw) == stored


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("44080219900101123X", "440802********123X"),
        ("44080219900101123x", "440802********123X"),
        ("11010519491231002X", "110105********002X"),
        ("1234567890", "**********"),  # too short to show anything safely
        ("", ""),
    ],
)
def test_mask_resident_id_hides_the_birth_date(raw, masked):
    assert mask_resident_id(raw) == masked


# --- Unified social credit code ---------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "91350100m000100y43",
        " 9135 0100 M000 100Y 43 ",
        "91440800MA5123456G",
        "12440800455856892P",  # 1/2: a public institution, not a company
        "914408006100000250",  # check value 31, which is written 0
    ],
)
def test_valid_credit_codes_are_accepted(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    "code, error",
    [
        ("91350100M000100Y44", "invalid_check_digit"),  # check character changed
        ("91350100M000101Y43", "invalid_check_digit"),  # one digit changed
        ("91350100N000100Y43", "invalid_check_digit"),  # one letter changed
        ("914408006100000251", "invalid_check_digit"),
        ("91350100M000100I43", "invalid_format"),  # I, O, Z, S and V are not in the alphabet
        ("9135010OM000100Y43", "invalid_format"),
        ("91350100M000100Z43", "invalid_format"),
        ("91350100M000100S43", "invalid_format"),
        ("91350100M000100V43", "invalid_format"),
        ("91350100M000100Y4", "invalid_format"),  # 17 characters
        ("91350100M000100Y433", "invalid_format"),  # 19 characters
        ("91350100-M000100Y43", "invalid_format"),
        ("", "invalid_format"),
    ],
)
def test_invalid_credit_codes_are_refused_with_the_reason(code, error):
    assert error_code(validate_credit_code, code) == error


def test_credit_code_problems_have_different_messages():
    assert _message(validate_credit_code, "91350100M000100Y44") != _message(
        validate_credit_code, "91350100M000100I43"
    )


def test_normalize_credit_code():
    assert normalize_credit_code(" 91350100m000100y43\n") == "91350100M000100Y43"


# --- Mobile numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_in_common_formats_are_accepted_and_normalised(raw, stored):
    validate_mainland_mobile(raw)
    assert normalize_mobile(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # second digit 2
        "23812345678",
        "0759-3123456",  # a Zhanjiang landline, not a mobile
        "+85291234567",  # Hong Kong
        "1381234567a",
        "",
    ],
)
def test_other_numbers_are_refused(raw):
    assert error_code(validate_mainland_mobile, raw) == "invalid_mobile"


def test_mask_phone_is_the_one_the_sms_backends_use():
    from zhanjiang_union.notifications import backends

    assert backends.mask_phone is mask_phone
    assert mask_phone("13812345678") == "138****5678"


def _message(validator, value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value.messages[0]
