"""Random and hostile values for the property-based tests of every form (hypothesis),
in one place: each app's `test_hostile_input.py` throws these at its forms and checks
what a user would notice with `assert_escaped`."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PAYLOADS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    '" onmouseover="alert(1)',
    "../../etc/passwd",
    "\u202e\u0000\u0007",
    "湛" * 6000,
    "1e309",
    "-1",
    "0",
    "99999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "2026-13",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
]
hostile_text = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=300))
# Numbers and dates of any size, for the fields that parse them.
hostile_values = st.one_of(
    hostile_text, st.integers().map(str), st.dates().map(lambda day: day.isoformat())
)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Every answer a hostile value may get: never a 500.
ALLOWED = {200, 302, 400, 404, 409, 429}


def utf8(value) -> str:
    # Lone surrogates cannot even be sent as UTF-8: a browser would replace them.
    return str(value).encode("utf-8", "replace").decode("utf-8")


def post(client, url, data):
    return client.post(url, {key: utf8(value) for key, value in data.items()})


def get(client, url, data):
    return client.get(url, {key: utf8(value) for key, value in data.items()})


def assert_escaped(response):
    assert response.status_code in ALLOWED
    assert b"<script>alert(1)</script>" not in response.content
    assert b'" onmouseover="alert(1)' not in response.content
