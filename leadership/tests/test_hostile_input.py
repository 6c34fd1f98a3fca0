"""Random and hostile values at every leadership form: never a 500, nothing stored on
a rejected post, what is stored is clean, no markup echoed back unescaped, and a
rejected form keeps what the user typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from leadership import services
from leadership.models import Activity, ReportEvent, SelfInspectionReport
from leadership.periods import last_ended_period
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.forms import EARLIEST
from zhanjiang_union.hostile import FUZZ, assert_escaped, get, post, utf8
from zhanjiang_union.hostile import hostile_values as hostile_text


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


# --- Activities ------------------------------------------------------------------------


def activity_data(**overrides):
    return {
        "kind": Activity.Kind.LEGAL_CHECKUP,
        "measure": "",
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "department": dept("grassroots").pk,
        "participants": "12",
        "enterprises": "湛江某某电子有限公司",
        "note": "协助完善规章制度。",
        **overrides,
    }


@FUZZ
@given(
    who=st.sampled_from([Role.MEDIATOR, Role.ADMIN]),
    field=st.sampled_from(
        ["kind", "measure", "held_on", "department", "participants", "enterprises", "note"]
    ),
    value=hostile_text,
)
def test_activity_form_survives_hostile_values(client, role_users, who, field, value):
    user = role_users[who]
    client.force_login(user)
    before = Activity.objects.count()
    response = post(client, reverse("leadership:activity_new"), activity_data(**{field: value}))
    assert_escaped(response)
    if response.status_code == 302:
        activity = Activity.objects.latest("pk")
        assert "\x00" not in activity.enterprises + activity.note
        assert EARLIEST <= activity.held_on <= timezone.localdate()
        assert 0 <= activity.participants <= 100_000
        assert activity.measure.kind == "measure"
        if who == Role.MEDIATOR:
            assert activity.department_id == user.department_id
        assert_escaped(client.get(reverse("leadership:activities")))
    else:
        assert Activity.objects.count() == before
        # The form comes back with the errors and with what was typed.
        form = response.context["form"]
        assert form.errors
        if not form.fields[field].disabled:
            assert form.data[field] == utf8(value)


@FUZZ
@given(kind=hostile_text, department=hostile_text, month=hostile_text, page=hostile_text)
def test_activity_filters_survive_hostile_values(client, role_users, kind, department, month, page):
    client.force_login(role_users[Role.MEDIATOR])
    response = get(
        client,
        reverse("leadership:activities"),
        {"kind": kind, "department": department, "month": month, "page": page},
    )
    assert_escaped(response)
    assert response.status_code == 200


# --- Self-inspection reports -----------------------------------------------------------


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD, "rights")


@pytest.fixture
def leader(make_user):
    """The leader in charge of 职工维权与服务部, as the roster says."""
    from leadership.models import RosterMember

    user = make_user(Role.LEADERSHIP)
    member = RosterMember.objects.get(name="邵平静")
    member.user = user
    member.save()
    member.in_charge_of.set([dept("rights")])
    return user


@pytest.fixture
def draft(seeded):
    return services.report_open_for_period(
        department=dept("rights"), period_start=last_ended_period(timezone.localdate()).start
    )


@FUZZ
@given(
    who=st.sampled_from([Role.DEPARTMENT_HEAD, Role.ADMIN]),
    period=st.one_of(
        hostile_text, st.just(last_ended_period(timezone.localdate()).start.isoformat())
    ),
    department=st.one_of(hostile_text, st.sampled_from(["rights", "grassroots"])),
)
def test_report_open_survives_hostile_values(client, role_users, who, period, department):
    client.force_login(role_users[who])
    if department in ("rights", "grassroots"):
        department = dept(department).pk
    before = SelfInspectionReport.objects.count()
    # Examples share the database: look only at what this one opened.
    earlier = set(SelfInspectionReport.objects.values_list("pk", flat=True))
    response = post(
        client, reverse("leadership:report_open"), {"period": period, "department": department}
    )
    assert_escaped(response)
    assert response.status_code == 302
    choices = {start for start, _label in _period_choices(role_users[who])}
    if utf8(period) not in choices:
        assert SelfInspectionReport.objects.count() == before
    for report in SelfInspectionReport.objects.exclude(pk__in=earlier):
        assert report.period_start.isoformat() in choices
        if who == Role.DEPARTMENT_HEAD:
            assert report.department.code == "rights"
    shown = client.get(response["Location"], follow=True)
    assert_escaped(shown)
    if SelfInspectionReport.objects.count() == before and utf8(period) not in choices:
        # Told why nothing was opened.
        assert list(shown.context["messages"])


def _period_choices(user):
    from leadership.forms import ReportOpenForm

    return ReportOpenForm(user=user).fields["period"].choices


@FUZZ
@given(text=hostile_text)
def test_report_submit_survives_hostile_text(client, head, draft, text):
    client.force_login(head)
    draft.refresh_from_db()
    if draft.status != SelfInspectionReport.Status.DRAFT:
        SelfInspectionReport.objects.filter(pk=draft.pk).update(status="draft", text="")
        draft.refresh_from_db()
    events_before = ReportEvent.objects.count()
    response = post(client, reverse("leadership:report_submit", args=[draft.pk]), {"text": text})
    assert_escaped(response)
    draft.refresh_from_db()
    if response.status_code == 302:
        assert draft.status == SelfInspectionReport.Status.SUBMITTED
        assert draft.text and draft.text == draft.text.strip()
        assert "\x00" not in draft.text
        assert_escaped(client.get(reverse("leadership:report_detail", args=[draft.pk])))
        assert_escaped(client.get(reverse("leadership:reports")))
    else:
        assert (draft.status, draft.text) == (SelfInspectionReport.Status.DRAFT, "")
        assert ReportEvent.objects.count() == events_before
        assert response.context["form"].errors
        assert response.context["form"].data["text"] == utf8(text)


@FUZZ
@given(
    decision=st.one_of(hostile_text, st.sampled_from(["accept", "return"])), comment=hostile_text
)
def test_report_review_survives_hostile_values(client, head, leader, draft, decision, comment):
    draft.refresh_from_db()
    if draft.status != SelfInspectionReport.Status.SUBMITTED:
        SelfInspectionReport.objects.filter(pk=draft.pk).update(status="draft")
        services.report_submit(report=draft, actor=head, text="本月工作情况。")
    draft.refresh_from_db()
    events_before = ReportEvent.objects.count()
    client.force_login(leader)
    response = post(
        client,
        reverse("leadership:report_review", args=[draft.pk]),
        {"decision": decision, "comment": comment},
    )
    assert_escaped(response)
    draft.refresh_from_db()
    if response.status_code == 302:
        assert draft.status in (
            SelfInspectionReport.Status.ACCEPTED,
            SelfInspectionReport.Status.RETURNED,
        )
        assert "\x00" not in draft.review_comment
        if draft.status == SelfInspectionReport.Status.RETURNED:
            assert draft.review_comment.strip()
        assert_escaped(client.get(reverse("leadership:report_detail", args=[draft.pk])))
        client.force_login(head)
        assert_escaped(client.get(reverse("leadership:report_detail", args=[draft.pk])))
    else:
        assert draft.status == SelfInspectionReport.Status.SUBMITTED
        assert ReportEvent.objects.count() == events_before
        assert response.context["form"].errors
        assert response.context["form"].data["comment"] == utf8(comment)


@FUZZ
@given(page=hostile_text)
def test_lists_survive_hostile_page_numbers(client, role_users, page):
    client.force_login(role_users[Role.ADMIN])
    for name in ("leadership:reports", "leadership:history", "leadership:activities"):
        response = get(client, reverse(name), {"page": page})
        assert_escaped(response)
        assert response.status_code == 200
