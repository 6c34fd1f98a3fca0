"""Random and hostile values at the dashboard's filters, on the page, its print view and
its .xlsx export: never a 500, no markup echoed back unescaped, each error shown on the
page and the range kept within bounds."""

import io

import openpyxl
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.forms import EARLIEST
from zhanjiang_union.hostile import FUZZ, assert_escaped, get
from zhanjiang_union.hostile import hostile_values as hostile_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@FUZZ
@given(
    who=st.sampled_from([Role.LEADERSHIP, Role.DEPARTMENT_HEAD]),
    field=st.sampled_from(["start", "end", "district", "department"]),
    value=hostile_text,
    other=st.sampled_from([{}, {"start": "2026-01-01"}, {"end": "2026-01-31"}]),
)
def test_dashboard_filters_survive_hostile_values(client, role_users, who, field, value, other):
    client.force_login(role_users[who])
    query = {**other, field: value}
    page = get(client, reverse("dashboard:index"), query)
    assert_escaped(page)
    assert page.status_code in (200, 400)
    form = page.context["form"]
    if form.errors:
        # Each error is on the page, where the user sees why the figures differ.
        content = page.content.decode()
        for messages in form.errors.values():
            for message in messages:
                assert str(message).replace("'", "&#x27;").replace('"', "&quot;") in content
    filters = page.context["dashboard"].filters
    assert EARLIEST <= filters.start <= filters.end
    if who == Role.DEPARTMENT_HEAD:
        assert filters.department_id == role_users[who].department_id

    printed = get(client, reverse("dashboard:print"), query)
    assert_escaped(printed)
    assert printed.status_code in (200, 400)
    assert (b'data-testid="default-range"' in printed.content) == form.range_is_default

    export = get(client, reverse("dashboard:xlsx"), query)
    assert export.status_code in (200, 400)
    if export.status_code == 200:
        assert export["Content-Type"] == XLSX
        openpyxl.load_workbook(io.BytesIO(export.content))
