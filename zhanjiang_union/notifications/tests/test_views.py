"""Marking notifications read: where the user is sent afterwards."""

import pytest
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification


@pytest.mark.parametrize(
    "target", ["foo", "-1", "9999-12-31T23:59", "//evil.example/", "https://evil.example/", ""]
)
def test_a_bad_next_goes_to_the_inbox(client, role_users, target):
    user = role_users[Role.MEDIATOR]
    Notification.objects.create(recipient=user, subject="提醒")
    client.force_login(user)
    response = client.post(reverse("notifications:read_all"), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_path_of_ours_is_where_the_user_returns(client, role_users):
    client.force_login(role_users[Role.MEDIATOR])
    response = client.post(reverse("notifications:read_all"), {"next": "/cases/?stage=mediation"})
    assert response["Location"] == "/cases/?stage=mediation"
