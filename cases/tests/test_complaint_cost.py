"""What a filing costs: the complaint form's page comes from sections rendered once
(cases/complaint_page.py) and says the same as crispy's full rendering; its GET and POST
make a fixed number of statements whatever the number of districts, categories and cases."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.test.html import parse_html
from django.urls import reverse

from cases import complaint_page
from cases.forms import ComplaintForm
from cases.models import Case, DisputeCategory, District

URL = "/complaints/new/"
TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|submission_key)"[^>]*?value=")[^"]+"')
KEY_INPUT = re.compile(r'<input type="hidden" name="submission_key"[^>]*>')


@pytest.fixture(autouse=True)
def nothing_kept():
    complaint_page._rendered.clear()
    yield
    complaint_page._rendered.clear()


def _form_of(page: str) -> str:
    form = re.search(r'<form novalidate method="post".*?</form>', page, re.S).group(0)
    return TOKENS.sub(r'\1X"', form)


def _in_full(form: ComplaintForm) -> str:
    """crispy's rendering of the whole form, as the page had it before its sections were kept."""
    html = render_crispy_form(form, context={"csrf_token": "X"})
    return TOKENS.sub(r'\1X"', html)


def _same(page_form: str, full: str) -> bool:
    # The submission key stands first on the page, after the error summary in crispy's order.
    assert len(KEY_INPUT.findall(page_form)) == 1 and len(KEY_INPUT.findall(full)) == 1
    return parse_html(KEY_INPUT.sub("", page_form)) == parse_html(KEY_INPUT.sub("", full))


def test_the_form_from_kept_sections_is_crispys_form(client, seeded):
    first, again = client.get(URL), client.get(URL)
    # The second visit was served what the first rendered: the sections and the page.
    assert len(complaint_page._rendered) == 2
    full = _in_full(ComplaintForm())
    for response in (first, again):
        assert response.status_code == 200
        assert _same(_form_of(response.content.decode()), full)
    # Every visit its own submission key.
    keys = [re.search(r'name="submission_key" value="([^"]+)"', r.content.decode()).group(1)
            for r in (first, again)]  # fmt: skip
    assert keys[0] != keys[1]


def test_a_form_with_errors_is_crispys_form_with_everything_typed(client, complaint_data):
    data = {**complaint_data, "phone": "12345", "email": "not-an-address", "workers_involved": 0}
    response = client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    full = _in_full(ComplaintForm(data))
    assert _same(_form_of(page), full)
    assert 'aria-invalid="true"' in page and 'data-testid="form-errors"' in page
    assert 'value="12345"' in page and 'value="not-an-address"' in page


def test_a_district_or_category_changed_shows_on_the_next_visit(client, seeded):
    client.get(URL)
    District.objects.create(code="nanhai", name="南海新区", kind=District.Kind.ZONE, order=99)
    pay = DisputeCategory.objects.get(code="pay")
    pay.name = "拖欠工资（改名）"
    pay.save()
    page = client.get(URL).content.decode()
    assert "南海新区" in page and "拖欠工资（改名）" in page
    District.objects.filter(code="nanhai").update(active=False)
    assert "南海新区" not in client.get(URL).content.decode()


def test_a_guides_category_link_preselects_and_the_plain_form_does_not(client, seeded):
    pay = DisputeCategory.objects.get(code="pay")
    selected = f'<option value="{pay.pk}" selected>'
    plain = client.get(URL).content.decode()
    from_guide = client.get(URL, {"category": "pay"}).content.decode()
    assert selected in from_guide and selected not in plain
    assert selected not in client.get(URL).content.decode()


def test_the_form_in_english_is_kept_apart(client, seeded):
    chinese = client.get(URL).content.decode()
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "您的诉求" in chinese and "What do you ask for?" in english
    assert "What do you ask for?" not in client.get(URL).content.decode()


def test_a_first_visit_gets_its_session_before_it_files(client, complaint_data):
    from django.conf import settings
    from django.contrib.sessions.models import Session

    client.get(URL)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=cookie).exists()
    page = client.get(URL).content.decode()  # the same session, not a new one
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    done = client.post(URL, {**complaint_data, "submission_key": key}, follow=True)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == cookie
    assert Case.objects.get().number in done.content.decode()


def _statements(client, django_assert_max_num_queries, data, *, most: dict) -> tuple[int, int]:
    client.cookies.clear()
    with django_assert_max_num_queries(most["get"]) as shown:
        page = client.get(URL).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    with django_assert_max_num_queries(most["post"]) as filed:
        response = client.post(URL, {**data, "submission_key": key})
    assert response.status_code == 302
    return len(shown.captured_queries), len(filed.captured_queries)


# The statements of docs/benchmarks.md ("Every statement of one complaint form POST"),
# counted as Django counts them on this test database.
MOST = {"get": 5, "post": 21}
# Not counted: the year's first number, the counting before the group-dispute warning and
# the visit that renders the sections again after a list changed.
WARM_UP = {"get": 1000, "post": 1000}


def test_a_filings_statements_do_not_grow(
    client, complaint_data, make_case, django_assert_max_num_queries
):
    district = District.objects.get(pk=complaint_data["district"])
    category = DisputeCategory.objects.get(pk=complaint_data["category"])
    # Past the group-dispute threshold first, and one more: from then on a filing finds
    # the warning in the cache, where the first filing after it that asked put it.
    for _ in range(4):
        _statements(client, django_assert_max_num_queries, complaint_data, most=WARM_UP)
    few = _statements(client, django_assert_max_num_queries, complaint_data, most=MOST)
    for n in range(10):
        District.objects.create(code=f"zone-{n}", name=f"功能区{n}", kind=District.Kind.ZONE)
        DisputeCategory.objects.create(code=f"other-{n}", name=f"其他争议{n}")
    for _ in range(10):
        make_case(
            employer_name=complaint_data["employer_name"], district=district, category=category
        )
        make_case(employer_name="湛江另一家公司", district=district, category=category)
    # The first visit after a list changed renders the sections again (and reads the lists
    # for it); every visit after that is served them.
    _statements(client, django_assert_max_num_queries, complaint_data, most=WARM_UP)
    many = _statements(client, django_assert_max_num_queries, complaint_data, most=MOST)
    assert many == few
    assert Case.objects.filter(employer_name=complaint_data["employer_name"]).count() == 17
    assert reverse("cases:complaint_new") == URL


PAGE_TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|submission_key)" value=")[^"]+"')


def test_the_kept_page_is_the_page_rendered_in_full(client, seeded, settings):
    first, kept = client.get(URL), client.get(URL)  # the second visit: the kept page
    settings.DEBUG = True  # nothing kept: rendered in full
    full = client.get(URL)
    pages = [PAGE_TOKENS.sub(r'\1X"', r.content.decode()) for r in (first, kept, full)]
    assert pages[0] == pages[1] == pages[2]
    assert "\x00" not in kept.content.decode()
    # Each visit its own key, and a token the CSRF check takes.
    keys = {re.search(r'name="submission_key" value="([^"]+)"', r.content.decode()).group(1)
            for r in (first, kept, full)}  # fmt: skip
    assert len(keys) == 3
    settings.DEBUG = False
    page = client.get(URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    checked = client.__class__(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    data = {"csrfmiddlewaretoken": token, "submission_key": key, "name": ""}
    assert checked.post(URL, data).status_code == 400  # the form's errors, not a CSRF 403


def test_staff_and_a_visitor_with_a_message_waiting_get_the_page_rendered(rf, seeded, role_users):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages import get_messages
    from django.contrib.messages import info as message_info
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from cases.views import COMPLAINT_TEMPLATE

    def visit(user, message: str = ""):
        request = rf.get(URL)
        request.user, request.session = user, SessionStore()
        request._messages = FallbackStorage(request)
        if message:
            message_info(request, message)
        kept = complaint_page.page_kept(
            request, form_class=ComplaintForm, initial=dict, template=COMPLAINT_TEMPLATE
        )
        return kept, request

    kept, _request = visit(AnonymousUser())
    assert kept is not None and kept.status_code == 200
    kept, request = visit(AnonymousUser(), "您的手机号已验证。")
    assert kept is None and len(get_messages(request)) == 1  # shown by the full page
    from zhanjiang_union.accounts.roles import Role

    kept, _request = visit(role_users[Role.HOTLINE_OPERATOR])
    assert kept is None
