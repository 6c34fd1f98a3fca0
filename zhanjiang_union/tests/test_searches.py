"""Searches for personal data are posted: no phone or ID number reaches a URL (access logs,
browser history, Referer), and the lists still filter and page through the results."""

import re
from urllib.parse import unquote

from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from hotline import services as hotline_services
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.testing import VALID_ID

PHONE = "13912345678"
SECRETS = (PHONE, "139 1234 5678", "1234 5678", VALID_ID, VALID_ID[-8:])


def urls_of(response) -> list[str]:
    """Every URL the browser went through or that the page links to or posts to."""
    page = response.content.decode()
    found = [url for url, _status in getattr(response, "redirect_chain", [])]
    found.append(response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", ""))
    found += re.findall(r'(?:href|action|src)="([^"]*)"', page)
    return [unquote(url) for url in found]


def assert_no_secret_in(urls):
    for url in urls:
        compact = url.replace(" ", "").replace("+", "")
        for secret in SECRETS:
            assert secret.replace(" ", "") not in compact, url


def test_workbench_search_by_phone_and_id_keeps_them_out_of_urls(client, make_case, role_users):
    person = case_services.ComplainantInput(name="李四", id_number=VALID_ID, phone=PHONE)
    for _ in range(27):
        make_case(complainants=[person])
    make_case()  # someone else
    client.force_login(role_users[Role.MEDIATOR])
    url = reverse("cases:workbench")
    found = client.post(url, {"q": "139 1234 5678", "sort": "newest"}, follow=True)
    assert found.status_code == 200
    assert found.context["page"].paginator.count == 27
    assert_no_secret_in(urls_of(found))
    # The other filters stay in the URL, as the dashboard's links write them.
    assert "sort=newest" in found.redirect_chain[-1][0] and "search=" in found.redirect_chain[-1][0]
    # The search box still shows what was typed, and the next page is the same search.
    assert 'value="139 1234 5678"' in found.content.decode()
    next_page = re.search(r'href="(\?[^"]*page=2)"', found.content.decode()).group(1)
    second = client.get(url + next_page.replace("&amp;", "&"))
    assert second.context["page"].number == 2 and len(second.context["page"]) == 2
    assert_no_secret_in(urls_of(second))
    # Whatever is typed in the box (an ID number here) stays out of the URL too.
    by_id = client.post(url, {"q": VALID_ID}, follow=True)
    assert by_id.status_code == 200 and f'value="{VALID_ID}"' in by_id.content.decode()
    assert_no_secret_in(urls_of(by_id))
    # A phone typed into the URL by hand is not read (nor echoed into the page's links).
    typed = client.get(url, {"q": PHONE})
    assert typed.context["page"].paginator.count == 28
    assert_no_secret_in(urls_of(typed)[1:])


def test_hotline_lookups_keep_the_phone_out_of_urls(client, role_users):
    operator = role_users[Role.HOTLINE_OPERATOR]
    for _ in range(26):
        hotline_services.call_log(
            operator=operator, received_at=timezone.now(), phone=PHONE, summary="咨询欠薪",
            outcome="advice",
        )  # fmt: skip
    client.force_login(operator)
    desk = client.post(reverse("hotline:caller"), {"phone": "139-1234-5678"}, follow=True)
    panel = desk.content.decode().split('data-testid="caller-panel"')[1]
    assert panel.count('data-testid="caller-call"') >= 10
    assert_no_secret_in(urls_of(desk))
    calls = client.post(reverse("hotline:calls"), {"phone": PHONE, "day": ""}, follow=True)
    assert calls.context["page"].paginator.count == 26
    assert_no_secret_in(urls_of(calls))
    next_page = re.search(r'href="(\?[^"]*page=2)"', calls.content.decode()).group(1)
    second = client.get(reverse("hotline:calls") + next_page.replace("&amp;", "&"))
    assert second.context["page"].number == 2 and len(second.context["page"]) == 1
    assert_no_secret_in(urls_of(second))
