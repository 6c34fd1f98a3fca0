"""Security headers, login throttling and password rules a user would meet."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhanjiang_union.accounts.roles import Role


def test_pages_carry_a_csp_without_inline_scripts(client, seeded):
    response = client.get(reverse("cases:complaint_new"))
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    page = response.content.decode()
    for chunk in page.split("<script")[1:]:
        assert chunk.split(">")[0].strip().startswith("src="), "inline script found"


def test_login_locks_after_five_wrong_passwords(client, role_users):
    mediator = role_users[Role.MEDIATOR]
    url = reverse("login")
    for _ in range(5):
        wrong = client.post(url, {"username": mediator.username, "password": "wrong-password"})
        assert wrong.status_code in (200, 429)
    locked = client.post(url, {"username": mediator.username, "password": "a-long-test-password"})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_after_a_few_wrong_ones_still_logs_in(client, role_users):
    mediator = role_users[Role.MEDIATOR]
    for _ in range(2):
        client.post(reverse("login"), {"username": mediator.username, "password": "nope"})
    client.post(
        reverse("login"), {"username": mediator.username, "password": "a-long-test-password"}
    )
    assert client.session["_auth_user_id"] == str(mediator.pk)


def test_weak_passwords_are_refused():
    for weak in ("12345678", "password123", "zjgh"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak} was accepted")
    validate_password("湛江职工-维权-2026!")


def test_staff_sessions_end(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
