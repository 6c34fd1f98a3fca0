"""Reading case numbers and query codes as people type them (cases/case_numbers.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases import services
from cases.case_numbers import (
    CaseNumber,
    CaseNumberInvalid,
    case_number_parse,
    query_code_normalize,
)
from cases.views import TRACKED_SESSION_KEY
from zhanjiang_union.hostile import FUZZ, assert_escaped, hostile_text, post

FIRST = CaseNumber(2026, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "湛工维〔2026〕00001号",
        "00001",
        "1",
        "01",
        " 1 ",
        "2026-00001",
        "2026-1",
        "2026/1",
        "2026 1",
        "2026.00001",
        "2026年1号",
        "[2026]00001",
        "【2026】00001",
        "（2026）00001号",
        "(2026)00001",
        "〔2026〕00001",
        "〔2026〕 00001",
        "湛工维[2026]1号",
        "湛工维（2026）00001号",
        "湛工维【２０２６】００００１号",  # full-width digits
        "２０２６－１",
        "００００１",
        "202600001",
        "案件编号：湛工维〔2026〕00001号。",  # pasted with the words around it
        "No. 2026-00001",
        "\u200b2026\u3000-\u300000001\u200b",  # zero-width and ideographic spaces
    ],
)
def test_every_unambiguous_form_reads_as_the_one_number(typed):
    assert case_number_parse(typed, this_year=2026) == FIRST
    assert str(case_number_parse(typed, this_year=2026)) == "湛工维〔2026〕00001号"


def test_the_year_is_this_year_when_left_out():
    assert case_number_parse("123", this_year=2027) == CaseNumber(2027, 123)
    assert case_number_parse("2025-123", this_year=2027) == CaseNumber(2025, 123)
    assert str(case_number_parse("2025-123", this_year=2027)) == "湛工维〔2025〕00123号"


def test_a_six_digit_sequence_is_read():
    assert case_number_parse("2026-123456", this_year=2026) == CaseNumber(2026, 123456)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "湛工维号",
        "0",
        "00000",
        "2026-0",
        "1234567",  # seven digits: neither a sequence nor year + sequence
        "2026-1234567",
        "1-2",  # the first of two runs is not a year
        "1999-1",
        "2100-1",
        "2026-1-2",  # three runs: which is the number?
        "2026 00001 ABCD2345 2",
        "9" * 300,
        "\x00",
        "\ud800",
    ],
)
def test_what_names_no_one_number_is_refused(typed):
    with pytest.raises(CaseNumberInvalid):
        case_number_parse(typed, this_year=2026)


@given(st.text(max_size=400))
def test_any_text_either_reads_as_a_number_or_is_refused(text):
    try:
        number = case_number_parse(text, this_year=2026)
    except CaseNumberInvalid:
        return
    assert 2000 <= number.year <= 2099 and 1 <= number.sequence <= 999_999


@given(st.integers(2000, 2099), st.integers(1, 99_999), st.sampled_from(["-", "/", " ", "〕"]))
def test_a_written_number_reads_back_as_itself(year, sequence, separator):
    number = CaseNumber(year, sequence)
    assert case_number_parse(str(number)) == number
    assert case_number_parse(f"{year}{separator}{sequence}") == number


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD2345",
        "abcd2345",
        "abcd 2345",
        "ABCD-2345",
        "ＡＢＣＤ２３４５",
        " a b c d 2 3 4 5 ",
        "АВСD2345",
    ],
)
def test_a_query_code_is_read_however_it_was_typed(typed):
    # "АВС" above is Cyrillic, from a phone keyboard in another script.
    assert query_code_normalize(typed) == "ABCD2345"


@given(st.text(alphabet=services.QUERY_CODE_ALPHABET, min_size=8, max_size=8))
def test_every_issued_code_reads_as_itself(code):
    # The codes issued before this reading still match their stored hashes.
    assert query_code_normalize(code) == code
    assert services.query_code_hash(code) == services.query_code_hash(code.lower())


def test_new_codes_have_no_characters_that_read_alike():
    for _ in range(200):
        code = services.query_code_new()
        assert len(code) == 8
        assert not set(code) & set("0O1IL")


# --- Through the tracking page ------------------------------------------------------


@pytest.fixture
def filed(make_case):
    cache.clear()
    case = make_case()
    code = "ABCD2345"
    type(case).objects.filter(pk=case.pk).update(query_code_hash=services.query_code_hash(code))
    return case, code


def _short_forms(number: str) -> list[str]:
    year = number[4:8]
    sequence = number[9:14]
    return [
        sequence,
        str(int(sequence)),
        f"{year}-{sequence}",
        f"[{year}]{int(sequence)}",
        f"（{year}）{sequence}号",
    ]


def test_tracking_finds_the_case_from_a_short_form(client, filed):
    case, code = filed
    for typed in _short_forms(case.number):
        cache.clear()
        response = client.post(reverse("cases:track"), {"number": typed, "code": "abcd 2345"})
        assert response.status_code == 302, typed
        assert client.session[TRACKED_SESSION_KEY] == case.pk
        page = client.get(reverse("cases:track_result")).content.decode()
        assert case.number in page  # which case was looked up, once the code was right
        client.session.flush()


def test_a_short_form_with_a_wrong_code_reveals_nothing(client, filed):
    case, _code = filed
    sequence = str(int(case.number[9:14]))
    wrong = client.post(reverse("cases:track"), {"number": sequence, "code": "ABCD2346"})
    unknown = client.post(reverse("cases:track"), {"number": "99998", "code": "ABCD2345"})
    for response in (wrong, unknown):
        assert response.status_code == 404
        page = response.content.decode()
        assert "案件编号和查询码不匹配" in page
        assert case.number not in page  # the number it was read as is not told
    assert TRACKED_SESSION_KEY not in client.session


def test_a_number_that_cannot_be_read_says_how_to_write_it(client, filed):
    response = client.post(reverse("cases:track"), {"number": "2026-1-2", "code": "ABCD2345"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "2026-123" in page  # the example of a short form
    assert 'value="2026-1-2"' in page  # what was typed is kept


@pytest.mark.parametrize("number", ["\x00", "1\x00", "9" * 5000, "湛" * 300])
def test_hostile_numbers_get_a_message_never_a_500(client, filed, number):
    response = post(client, reverse("cases:track"), {"number": number, "code": "ABCD2345"})
    assert_escaped(response)
    assert response.status_code == 400


@FUZZ
@given(number=hostile_text, code=hostile_text)
def test_tracking_with_any_pair_never_fails(client, filed, number, code):
    cache.clear()
    response = post(client, reverse("cases:track"), {"number": number, "code": code})
    assert_escaped(response)
    assert response.status_code in (400, 404)
