"""Random and hostile values at every case form: never a 500, nothing stored
that should not be, no markup echoed back unescaped."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import Case, CaseEvent, Complainant
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.hostile import FUZZ, assert_escaped, hostile_text, post


@FUZZ
@given(field=st.sampled_from(
    ["name", "id_number", "phone", "email", "employer_name", "employer_credit_code",
     "workers_involved", "amount_claimed", "facts", "demand", "district", "category", "industry",
     "knew_on", "job_ended_on"]
), value=hostile_text)  # fmt: skip
def test_complaint_form_survives_hostile_values(client, complaint_data, role_users, field, value):
    cache.clear()  # the rate limit is not what this test is about
    before = Case.objects.count()
    response = post(client, reverse("cases:complaint_new"), {**complaint_data, field: value})
    assert_escaped(response)
    if response.status_code == 302:
        case = Case.objects.latest("pk")
        person = case.complainants.get()
        # What was stored is what the form accepted: checked ID, mobile number.
        assert len(person.id_number) == 18 and len(person.phone) == 11
        assert "\x00" not in case.facts + case.demand + case.employer_name + person.name
        staff = client.__class__()
        staff.force_login(role_users[Role.MEDIATOR])
        assert_escaped(staff.get(reverse("cases:detail", args=[case.pk])))
        assert_escaped(staff.get(reverse("cases:workbench")))
    else:
        assert Case.objects.count() == before


@FUZZ
@given(number=hostile_text, code=hostile_text)
def test_tracking_survives_hostile_values(client, make_case, number, code):
    cache.clear()
    response = post(client, reverse("cases:track"), {"number": number, "code": code})
    assert_escaped(response)
    assert response.status_code != 302


@pytest.fixture
def fuzz_case(make_case):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status="mediation_failed")
    case.refresh_from_db()
    return case


@FUZZ
@given(
    action=st.sampled_from(
        ["hand_to_arbitration", "close", "mediation_failed", "hand_to_litigation"]
    ),
    field=st.sampled_from(
        ["note", "receiver_name", "sent_on", "document_number", "outcome", "version"]
    ),
    value=hostile_text,
)
def test_staff_move_forms_survive_hostile_values(
    client, role_users, fuzz_case, action, field, value
):
    client.force_login(role_users[Role.MEDIATOR])
    fuzz_case.refresh_from_db()
    status_before, events_before = fuzz_case.status, fuzz_case.events.count()
    data = {
        "version": str(fuzz_case.version), "note": "说明", "receiver_name": "仲裁委",
        "sent_on": "2026-11-20", "document_number": "1号", "outcome": "withdrawn", field: value,
    }  # fmt: skip
    response = post(client, reverse("cases:move", args=[fuzz_case.pk, action]), data)
    assert_escaped(response)
    fuzz_case.refresh_from_db()
    if response.status_code != 302:
        assert (fuzz_case.status, fuzz_case.events.count()) == (status_before, events_before)
    else:
        Case.objects.filter(pk=fuzz_case.pk).update(status="mediation_failed")


@FUZZ
@given(text=hostile_text, amount=hostile_text, days=hostile_text)
def test_note_recovered_and_extension_forms_survive(
    client, role_users, fuzz_case, text, amount, days
):
    client.force_login(role_users[Role.MEDIATOR])
    fuzz_case.refresh_from_db()
    notes_before = CaseEvent.objects.filter(action="cases.note.added").count()
    assert_escaped(post(client, reverse("cases:note", args=[fuzz_case.pk]), {"text": text}))
    if CaseEvent.objects.filter(action="cases.note.added").count() > notes_before:
        assert text.strip() and "\x00" not in text
    page = client.get(reverse("cases:detail", args=[fuzz_case.pk]))
    assert_escaped(page)
    assert_escaped(
        post(
            client,
            reverse("cases:recovered", args=[fuzz_case.pk]),
            {"version": str(fuzz_case.version), "amount": amount},
        )
    )
    deadline = fuzz_case.deadlines.first()
    assert_escaped(
        post(client, reverse("cases:deadline_extend", args=[deadline.pk]),
             {"days": days, "approver": text, "reason": text})
    )  # fmt: skip
    assert Complainant.objects.filter(case=fuzz_case).count() == 1


@pytest.mark.parametrize("version", ["abc", "NaN", "1e309", "\x00", "-1", ""])
def test_mass_incident_with_a_bad_version_is_refused_not_a_500(client, role_users, make_case,
                                                               version):  # fmt: skip
    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:mass_incident", args=[case.pk])
    response = client.post(url, {"version": version, "note": "集体停工"}, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert not case.is_mass_incident
    assert [str(m) for m in response.context["messages"]] == ["页面已过期：请重新打开案件后重试。"]
    done = client.post(url, {"version": str(case.version), "note": "集体停工"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.is_mass_incident


@pytest.mark.parametrize("value", ["9" * 25, "1e309", "-1", "abc"])
def test_linking_a_case_id_out_of_range_is_refused_not_a_500(client, role_users, make_case,
                                                             value):  # fmt: skip
    case = make_case()
    make_case()  # a related case, so the form exists
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:related", args=[case.pk])
    response = client.post(url, {"version": str(case.version), "cases": value})
    assert response.status_code == 404
    assert case.events.filter(action="cases.case.linked").count() == 0
