"""The admin's column headers read Chinese, third-party pages included."""

import pytest
from django.urls import reverse

from leadership.models import RosterMember
from zhanjiang_union.accounts.roles import Role


@pytest.fixture
def superuser(make_user):
    user = make_user(Role.ADMIN, "office")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.mark.parametrize(
    "url_name, args, headers, raw",
    [
        (
            "admin:leadership_rostermember_history",
            "member",
            ["任职截止", "变更内容"],
            ["active_until", ">Changes<"],
        ),
        ("admin:notifications_notification_changelist", None, ["收件人", "发送错误"], []),
        ("admin:cases_escalation_changelist", None, ["级别"], []),
        ("admin:axes_accessattempt_changelist", None, ["登录尝试"], ["Access attempts"]),
    ],
)
def test_admin_pages_have_chinese_headers(
    client, superuser, make_case, url_name, args, headers, raw
):
    from cases.models import Escalation
    from zhanjiang_union.notifications.models import Notification

    # A changelist shows its column headers only when it has rows.
    Notification.objects.create(recipient=superuser, subject="测试", delivery_error="超时")
    Escalation.objects.get_or_create(deadline=make_case().deadlines.first(), level="overdue")
    client.force_login(superuser)
    member = RosterMember.objects.first()
    url = reverse(url_name, args=[member.pk] if args else None)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for header in headers:
        assert header in page, header
    for text in raw:
        assert text not in page, text


def test_the_case_admin_shows_the_award_and_reopen_requests(client, superuser, make_case):
    from cases.models import ArbitrationAward, ReopenRequest

    case = make_case()
    ArbitrationAward.objects.create(
        case=case, awarded_on="2026-11-30", document_number="湛劳人仲案字〔2026〕9号"
    )
    ReopenRequest.objects.create(case=case, reason="单位未履行")
    client.force_login(superuser)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "湛劳人仲案字〔2026〕9号" in page and "单位未履行" in page
