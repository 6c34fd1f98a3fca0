"""Submitting twice files once: a double tap, a retry after a timeout or an error page
gives back the first result, for the worker's complaint and the staff's forms."""

import re
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Handoff
from hotline.models import Call, Visit
from hotline.tests.form_data import call_form, visit_form
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.resilience.models import Submission


def key_from(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


def query_code(page: str) -> str | None:
    found = re.search(r'data-testid="query-code">(\w+)<', page)
    return found.group(1) if found else None


def test_the_complaint_sent_twice_is_filed_once_and_the_code_shown_again(client, complaint_data):
    key = key_from(client.get(reverse("cases:complaint_new")).content.decode())
    first = client.post(reverse("cases:complaint_new"), {**complaint_data, "submission_key": key})
    code = query_code(client.get(first["Location"]).content.decode())
    again = client.post(
        reverse("cases:complaint_new"), {**complaint_data, "submission_key": key}, follow=True
    )
    page = again.content.decode()
    case = Case.objects.get()
    assert case.number in page and query_code(page) == code
    assert Submission.objects.get().object_id == case.pk


def test_after_an_error_page_the_resubmission_shows_the_first_receipt(client, complaint_data):
    """The filing committed, then the answer failed (the worker saw an error page, or
    the phone's connection dropped): sending again does not file a second case."""
    key = key_from(client.get(reverse("cases:complaint_new")).content.decode())
    client.raise_request_exception = False
    with mock.patch("cases.views.redirect", side_effect=RuntimeError("the answer was lost")):
        lost = client.post(
            reverse("cases:complaint_new"), {**complaint_data, "submission_key": key}
        )
    assert lost.status_code == 500 and Case.objects.count() == 1
    again = client.post(
        reverse("cases:complaint_new"), {**complaint_data, "submission_key": key}, follow=True
    )
    page = again.content.decode()
    assert again.status_code == 200 and Case.objects.get().number in page
    assert query_code(page)  # the same browser session: its code
    assert Case.objects.count() == 1


def test_another_browser_with_the_same_key_is_not_shown_the_query_code(client, complaint_data):
    key = key_from(client.get(reverse("cases:complaint_new")).content.decode())
    client.post(reverse("cases:complaint_new"), {**complaint_data, "submission_key": key})
    stranger = Client()
    response = stranger.post(
        reverse("cases:complaint_new"), {**complaint_data, "submission_key": key}
    )
    page = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 1
    assert 'data-testid="sent-again"' in page and Case.objects.get().number in page
    assert query_code(page) is None and 'data-testid="query-code"' not in page
    assert "只在提交投诉的浏览器中显示" in page


def test_a_page_without_a_key_or_with_a_mangled_one_still_files(client, complaint_data):
    client.post(reverse("cases:complaint_new"), complaint_data)
    client.post(reverse("cases:complaint_new"), {**complaint_data, "submission_key": "x' OR 1"})
    assert Case.objects.count() == 2 and not Submission.objects.exists()


def test_staff_forms_sent_twice_save_once(client, role_users, complaint_data):
    operator = role_users[Role.HOTLINE_OPERATOR]
    client.force_login(operator)

    key = key_from(client.get(reverse("hotline:desk")).content.decode())
    for _attempt in range(2):
        response = client.post(reverse("hotline:desk"), {**call_form(), "submission_key": key})
        assert response.status_code == 302
    assert Call.objects.count() == 1
    assert "已保存过一次" in client.get(reverse("hotline:desk")).content.decode()

    key = key_from(client.get(reverse("hotline:visit_new")).content.decode())
    for _attempt in range(2):
        client.post(reverse("hotline:visit_new"), {**visit_form(), "submission_key": key})
    assert Visit.objects.count() == 1

    key = key_from(client.get(reverse("cases:intake")).content.decode())
    intake = {**complaint_data, "channel": "hotline", "grid": "", "submission_key": key}
    first = client.post(reverse("cases:intake"), intake)
    second = client.post(reverse("cases:intake"), intake)
    assert first["Location"] == second["Location"] and Case.objects.count() == 1


def test_a_handoff_sent_twice_is_made_once_and_not_refused(client, role_users, make_case):
    case = make_case()
    client.force_login(role_users[Role.MEDIATOR])
    for action in ("accept_mediation", "mediation_failed"):
        case.refresh_from_db()
        client.post(
            reverse("cases:move", args=[case.pk, action]),
            {"version": case.version, "note": "企业不同意"},
        )
    case.refresh_from_db()
    url = reverse("cases:move", args=[case.pk, "hand_to_arbitration"])
    key = key_from(client.get(url).content.decode())
    typed = {
        "version": case.version,
        "sent_on": timezone.localdate().isoformat(),
        "receiver_name": "湛江市劳动人事争议仲裁委员会",
        "document_number": "湛工移〔2026〕3号",
        "note": "",
        "submission_key": key,
    }
    first = client.post(url, typed)
    second = client.post(url, typed, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    page = second.content.decode()
    assert "已保存过一次" in page
    assert "时，不能执行" not in page  # not refused as a move from the wrong status
    assert Handoff.objects.filter(case=case).count() == 1


@pytest.mark.postgres
def test_two_requests_with_one_key_at_the_same_instant_file_once(
    transactional_db, complaint_data, seeded
):
    """A double tap: both requests are running at once. The second waits on the
    first's key and answers with its result."""
    browser = Client()
    key = key_from(browser.get(reverse("cases:complaint_new")).content.decode())
    answers, start = [], threading.Barrier(2)

    def post():
        try:
            start.wait()
            answers.append(
                browser.post(
                    reverse("cases:complaint_new"), {**complaint_data, "submission_key": key}
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Case.objects.count() == 1
    assert sorted(answers) in ([200, 302], [302, 302])


def test_old_keys_are_forgotten_after_a_month(client, complaint_data):
    from datetime import timedelta

    from zhanjiang_union.resilience.tasks import resilience_prune

    key = key_from(client.get(reverse("cases:complaint_new")).content.decode())
    client.post(reverse("cases:complaint_new"), {**complaint_data, "submission_key": key})
    assert resilience_prune() == 0
    Submission.objects.update(created_at=timezone.now() - timedelta(days=31))
    assert resilience_prune() == 1 and not Submission.objects.exists()
