"""The small things a new user meets: error pages in the portal's look with DEBUG off,
the favicon, dropdowns that say 请选择, the case page's forms one per CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", body)


def test_a_missing_case_gets_the_portals_404_page(client, role_users, settings):
    settings.DEBUG = False
    client.force_login(role_users[Role.MEDIATOR])
    response = client.get(reverse("cases:detail", args=[999_999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and 'class="navbar' in page  # the portal's header
    assert "Traceback" not in page and "URLconf" not in page


@pytest.mark.urls("zhanjiang_union.tests.urls_failing")
def test_a_server_error_gets_the_portals_500_page_in_the_readers_language(seeded, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    chinese = client.get("/fails/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 500
    text = visible_text(chinese.content.decode())
    assert "系统暂时出错" in text and "12351" in text
    assert re.findall(r"[A-Za-z]{2,}", text) == []  # no English in Chinese mode
    english = client.get("/fails/", HTTP_ACCEPT_LANGUAGE="en")
    assert "The portal hit an error" in english.content.decode()


def test_the_favicon_is_served(client, seeded):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_dropdowns_say_choose_in_the_readers_language(client, seeded):
    page = client.get(reverse("cases:complaint_new")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>请选择</option>' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert (
        '<option value="" selected>Choose…</option>'
        in client.get(reverse("cases:complaint_new")).content.decode()
    )


def test_the_complaint_page_has_one_form_and_one_csrf_token(client, seeded):
    page = client.get(reverse("cases:complaint_new")).content.decode()
    main = page.split('id="main"')[1]
    assert main.count("<form") == 1 and main.count("csrfmiddlewaretoken") == 1
    assert 'enctype="multipart/form-data"' in main


def test_evidence_limits_are_told_to_the_browser(client, seeded):
    page = client.get(reverse("cases:complaint_new")).content.decode()
    assert f'data-max-bytes="{10 * 1024 * 1024}"' in page and 'data-max-files="10"' in page
    assert "最多可上传10份文件，您选择了{count}份" in page
