"""Random and hostile values at every hotline form: never a 500, nothing stored
that should not be, no markup echoed back unescaped."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from hotline.models import Call, ExternalPetition, Visit
from zhanjiang_union.hostile import FUZZ, assert_escaped, hostile_text, post

from .form_data import call_form, visit_form

CALL_FIELDS = ["phone", "caller_name", "received_at", "duration", "category", "urgency", "summary", "outcome", "referred_to"]  # fmt: skip
VISIT_FIELDS = [
    "visited_at", "visitor_count", "employer_name", "demands", "action_taken", "case",
    "follow_up_due_on", "rep-0-name", "rep-0-phone", "rep-TOTAL_FORMS",
]  # fmt: skip
PETITION_FIELDS = ["petitioned_on", "level", "employer_name", "people_count", "note"]


@FUZZ
@given(field=st.sampled_from(CALL_FIELDS), value=hostile_text)
def test_the_desk_survives_hostile_values(client, operator, field, value):
    cache.clear()
    client.force_login(operator)
    before = Call.objects.count()
    response = post(client, reverse("hotline:desk"), call_form(**{field: value}))
    assert_escaped(response)
    if response.status_code == 302:
        call = Call.objects.latest("pk")
        assert "\x00" not in call.summary + call.caller_name
        assert_escaped(client.get(reverse("hotline:desk")))
        assert_escaped(client.get(reverse("hotline:call_detail", args=[call.pk])))
    else:
        assert Call.objects.count() == before
    sendable = value.encode("utf-8", "replace").decode("utf-8")
    assert_escaped(client.post(reverse("hotline:caller"), {"phone": sendable}, follow=True))


@FUZZ
@given(field=st.sampled_from(VISIT_FIELDS), value=hostile_text)
def test_the_visit_form_survives_hostile_values(client, operator, field, value):
    client.force_login(operator)
    before = Visit.objects.count()
    response = post(client, reverse("hotline:visit_new"), visit_form(**{field: value}))
    assert_escaped(response)
    if response.status_code != 302:
        assert Visit.objects.count() == before
    else:
        assert_escaped(client.get(reverse("hotline:visits")))


@FUZZ
@given(field=st.sampled_from(PETITION_FIELDS), value=hostile_text)
def test_the_external_petition_form_survives_hostile_values(client, operator, field, value):
    client.force_login(operator)
    data = {"petitioned_on": "2026-11-20", "level": "city", "employer_name": "湛江某厂",
            "people_count": "3", "note": "", field: value}  # fmt: skip
    before = ExternalPetition.objects.count()
    response = post(client, reverse("hotline:external_new"), data)
    assert_escaped(response)
    if response.status_code != 302:
        assert ExternalPetition.objects.count() == before
    else:
        assert_escaped(client.get(reverse("hotline:external")))


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "1999-12-31T23:59"])
def test_a_call_before_the_records_begin_is_refused_not_stored(client, operator, moment):
    """Stored, 0001-01-01 could not even be read back in Beijing time: the desk and
    the caller's history would fail for every later look-up of that number."""
    client.force_login(operator)
    response = post(client, reverse("hotline:desk"), call_form(received_at=moment))
    assert response.status_code == 400
    assert "2000-01-01" in response.content.decode()
    assert not Call.objects.exists()
