"""Petition visits (来访): group visits name one to five representatives (信访工作条例
Art. 20); a visit links to an existing case by its number."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from hotline.models import Representative, Visit
from hotline.tests.form_data import visit_form
from zhanjiang_union.accounts.roles import Role

REPS = [(f"代表{index}", f"1390013900{index}") for index in range(1, 7)]


def post_visit(client, **fields):
    return client.post(reverse("hotline:visit_new"), visit_form(**fields))


@pytest.fixture
def desk(client, operator):
    client.force_login(operator)
    return client


@pytest.mark.parametrize("visitors, named", [(5, 1), (5, 5), (12, 3), (3, 0), (1, 0), (4, 2)])
def test_visits_that_are_accepted(desk, visitors, named):
    response = post_visit(desk, visitor_count=str(visitors), representatives=REPS[:named])
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.visitor_count == visitors and visit.is_group is (visitors >= 5)
    assert list(visit.representatives.values_list("name", flat=True)) == [
        name for name, _phone in REPS[:named]
    ]


def test_a_group_visit_without_a_representative_is_refused_and_kept(desk):
    response = post_visit(desk, visitor_count="8", employer_name="湛江某某制衣厂")
    assert response.status_code == 400
    assert list(response.context["representatives"].non_form_errors()) == [
        _("A group visit of %(threshold)s or more people names 1 to %(max)s representatives.")
        % {"threshold": 5, "max": 5}
    ]
    html = response.content.decode()
    assert 'data-testid="representatives-error"' in html
    assert 'value="8"' in html and 'value="湛江某某制衣厂"' in html
    assert "要求支付三个月工资。" in html
    assert not Visit.objects.exists()


def test_a_sixth_representative_is_refused(desk):
    response = post_visit(desk, visitor_count="30", representatives=REPS, total_forms=6)
    assert response.status_code == 400
    assert list(response.context["representatives"].non_form_errors()) == [
        _("A visit names at most %(num)d representatives (信访工作条例 Art. 20).") % {"num": 5}
    ]
    assert not Visit.objects.exists() and not Representative.objects.exists()


def test_a_half_filled_row_says_what_is_missing(desk):
    response = post_visit(
        desk, visitor_count="6", representatives=[("代表甲", ""), ("代表乙", "12345")]
    )
    assert response.status_code == 400
    rows = response.context["representatives"].forms
    assert "phone" in rows[0].errors and "phone" in rows[1].errors
    html = response.content.decode()
    assert 'value="代表甲"' in html and 'value="12345"' in html


def test_representative_phones_are_normalised_and_masked_in_lists(desk):
    post_visit(desk, visitor_count="6", representatives=[("代表甲", "139 0013 9000")])
    visit = Visit.objects.get()
    assert visit.representatives.get().phone == "13900139000"
    detail = desk.get(reverse("hotline:visit_detail", args=[visit.pk])).content.decode()
    assert "139****9000" in detail and "13900139000" not in detail


def test_a_visit_links_to_an_existing_case_by_number(desk, make_case):
    case = make_case()
    post_visit(desk)
    visit = Visit.objects.get()
    url = reverse("hotline:visit_link_case", args=[visit.pk])

    wrong = desk.post(url, {"case": "2026-99999"})
    assert wrong.status_code == 400
    assert wrong.context["case_form"].errors["case"] == [_("No case has this number.")]
    assert 'value="2026-99999"' in wrong.content.decode()

    short = f"{case.year}-{case.sequence}"  # the short form an operator types
    assert desk.post(url, {"case": short}).status_code == 302
    visit.refresh_from_db()
    assert visit.case == case
    detail = desk.get(reverse("hotline:visit_detail", args=[visit.pk])).content.decode()
    assert case.number in detail and 'name="case"' not in detail


def test_a_visit_can_name_its_case_when_recorded(desk, make_case):
    case = make_case()
    response = post_visit(desk, case=case.number, follow_up_due_on="2026-12-01")
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.case == case and str(visit.follow_up_due_on) == "2026-12-01"
    assert case.events.filter(action="hotline.visit.linked").exists()


def test_the_visit_list_shows_group_visits(client, users, operator):
    client.force_login(operator)
    post_visit(client, visitor_count="7", representatives=REPS[:2])
    client.force_login(users[Role.DEPARTMENT_HEAD])  # reads, does not record
    html = client.get(reverse("hotline:visits")).content.decode()
    assert html.count('data-testid="visit-row"') == 1 and "代表1" in html
    assert reverse("hotline:visit_new") not in html
