"""Satisfaction follow-up (回访): closed cases wait in a list until their result is
recorded; the case page shows it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, PersonalDataAccess
from hotline.models import FollowUp
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.testing import VALID_PHONE


@pytest.fixture
def close(users):
    def close_case(case, days_ago=0):
        case = case_services.case_transition(
            case=case,
            action="close",
            actor=users[Role.MEDIATOR],
            expected_version=case.version,
            outcome="withdrawn",
            note="工人撤回投诉",
        )
        Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
        return case

    return close_case


def listed(client, headers=None, **params) -> str:
    response = client.get(reverse("hotline:followups"), params, **(headers or {}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_closed_case_is_followed_up_once_and_the_case_page_shows_it(
    client, users, operator, make_case, close
):
    recent = close(make_case(employer_name="湛江甲厂"), days_ago=3)
    old = close(make_case(employer_name="湛江乙厂"), days_ago=45)
    still_open = make_case(employer_name="湛江丙厂")
    client.force_login(operator)

    html = listed(client)
    assert recent.number in html and old.number not in html and still_open.number not in html
    assert "138****8000" in html and VALID_PHONE not in html  # masked in the list
    assert old.number in listed(client, days="60")

    url = reverse("hotline:followup_record", args=[recent.pk])
    page = client.get(url).content.decode()
    assert VALID_PHONE in page  # whole, to phone the worker; and the access is logged
    assert PersonalDataAccess.objects.filter(case=recent, user=operator).exists()

    response = client.post(url, {"result": "fairly_satisfied", "note": "款项已到账"})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=recent)
    assert follow_up.result == "fairly_satisfied" and follow_up.by == operator
    assert 'data-testid="followup-row"' not in listed(client)
    assert "0 cases to follow up" in listed(client, {"HTTP_ACCEPT_LANGUAGE": "en"})

    # Recorded once: the page now shows the result and takes no second one.
    assert client.post(url, {"result": "dissatisfied"}).status_code == 302
    assert FollowUp.objects.get(case=recent).result == "fairly_satisfied"

    client.force_login(users[Role.MEDIATOR])
    case_page = client.get(reverse("cases:detail", args=[recent.pk])).content.decode()
    assert 'data-testid="case-follow-up"' in case_page
    assert follow_up.get_result_display() in case_page and "款项已到账" in case_page


def test_an_open_case_has_no_follow_up_page(client, operator, make_case):
    client.force_login(operator)
    case = make_case()
    assert client.get(reverse("hotline:followup_record", args=[case.pk])).status_code == 404


def test_a_follow_up_needs_a_result(client, operator, make_case, close):
    case = close(make_case())
    client.force_login(operator)
    response = client.post(
        reverse("hotline:followup_record", args=[case.pk]), {"result": "", "note": "未说明"}
    )
    assert response.status_code == 400
    assert "result" in response.context["form"].errors
    assert "未说明" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_bad_number_of_days_is_refused_not_crashed(client, operator):
    client.force_login(operator)
    response = client.get(reverse("hotline:followups"), {"days": "abc"})
    assert response.status_code == 400
    assert "days" in response.context["form"].errors


def test_a_case_merged_into_another_is_not_followed_up_on_its_own(
    client, users, operator, make_case, close
):
    target = make_case(employer_name="湛江甲厂")
    source = make_case(employer_name="湛江甲厂")
    case_services.cases_merge(target=target, sources=[source], actor=users[Role.MEDIATOR])
    client.force_login(operator)
    assert 'data-testid="followup-row"' not in listed(client)
    assert "0 cases to follow up" in listed(client, {"HTTP_ACCEPT_LANGUAGE": "en"})
    assert client.get(reverse("hotline:followup_record", args=[source.pk])).status_code == 404
    close(Case.objects.get(pk=target.pk))
    # Listed at once, though the total counted a moment ago (0) is kept for a minute.
    html = listed(client)
    assert html.count('data-testid="followup-row"') == 1 and target.number in html
