"""The worker's side: filing on the web, the receipt, tracking, evidence."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, Evidence
from cases.views import TRACKED_SESSION_KEY
from zhanjiang_union.notifications.backends import MemorySmsBackend

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def file_complaint(client, data, **extra):
    return client.post(reverse("cases:complaint_new"), data, **extra)


def test_complaint_filed_gives_number_and_code_and_sends_them(
    client, complaint_data, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    data = {**complaint_data, "evidence": [SimpleUploadedFile("工资条.png", PNG, "image/png")]}
    with django_capture_on_commit_callbacks(execute=True):
        response = file_complaint(client, data, follow=True)
    page = response.content.decode()
    case = Case.objects.get()
    assert case.number in page
    code = re.search(r'data-testid="query-code">(\w+)<', page).group(1)
    assert len(code) == 8
    assert case.status == "intake" and case.channel == "web"
    assert case.complainants.get().id_number == complaint_data["id_number"]
    assert [(e.name, e.kind) for e in case.evidence.all()] == [("工资条.png", "png")]
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == complaint_data["phone"] and case.number in text and code in text
    assert code not in case.query_code_hash  # stored only as a hash


def test_bad_input_comes_back_with_errors_and_everything_typed(client, complaint_data):
    data = {**complaint_data, "id_number": "110105194912310021", "phone": "12345"}
    response = file_complaint(client, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "校验位" in page  # the ID's check digit is named in Chinese
    assert "手机号码" in page
    for kept in (complaint_data["name"], complaint_data["employer_name"], complaint_data["facts"],
                 "110105194912310021", "12345"):  # fmt: skip
        assert kept in page
    assert Case.objects.count() == 0


def test_a_disguised_file_is_refused_and_nothing_is_stored(client, complaint_data):
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    response = file_complaint(client, {**complaint_data, "evidence": [fake]})
    assert response.status_code == 400
    assert "合同.pdf" in response.content.decode()
    assert Case.objects.count() == 0 and Evidence.objects.count() == 0


def test_track_with_the_right_pair_shows_a_worker_safe_timeline(
    client, complaint_data, make_case, role_users
):
    from cases import services

    response = file_complaint(client, complaint_data, follow=True)
    case = Case.objects.get()
    code = re.search(r'data-testid="query-code">(\w+)<', response.content.decode()).group(1)
    services.note_add(case=case, actor=role_users["mediator"], text="内部意见：企业负责人态度差")
    services.case_transition(
        case=case,
        action="accept_mediation",
        actor=role_users["mediator"],
        expected_version=case.version,
    )
    tracked = client.post(
        reverse("cases:track"), {"number": case.number, "code": code.lower()}, follow=True
    )
    page = tracked.content.decode()
    assert tracked.status_code == 200
    assert "调解中" in page and "投诉已登记" in page
    assert "内部意见" not in page
    assert role_users["mediator"].full_name not in page
    assert "职工维权与服务部" in page


@pytest.mark.parametrize("which", ["wrong code", "unknown number"])
def test_track_wrong_pairs_get_the_same_answer(client, make_case, which):
    case = make_case()
    number = case.number if which == "wrong code" else "湛工维〔2026〕99999号"
    response = client.post(reverse("cases:track"), {"number": number, "code": "ABCDEFGH"})
    assert response.status_code == 404
    assert "案件编号和查询码不匹配" in response.content.decode()
    assert TRACKED_SESSION_KEY not in client.session


def test_tracking_is_rate_limited(client, make_case):
    statuses = [
        client.post(
            reverse("cases:track"), {"number": f"湛工维〔2026〕{i + 1:05d}号", "code": "WRONG123"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]


def test_logged_in_worker_sees_my_cases(client, complaint_data, role_users):
    worker = role_users["worker"]
    client.force_login(worker)
    file_complaint(client, complaint_data)
    case = Case.objects.get()
    assert case.filed_by == worker
    page = client.get(reverse("cases:my_cases")).content.decode()
    assert case.number in page
    assert client.get(reverse("cases:my_case", args=[case.pk])).status_code == 200


def test_evidence_is_served_only_as_an_attachment_to_who_may_read(
    client, complaint_data, role_users
):
    data = {**complaint_data, "evidence": [SimpleUploadedFile("截图.png", PNG, "image/png")]}
    file_complaint(client, data)
    evidence = Evidence.objects.get()
    url = reverse("cases:evidence", args=[evidence.pk])
    assert client.get(url).status_code == 404  # anonymous
    from django.conf import settings

    assert str(evidence.file.path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "工资" not in evidence.file.name and "截图" not in evidence.file.name
    client.force_login(role_users["mediator"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG
    client.force_login(role_users["worker"])  # not the worker who filed it
    assert client.get(url).status_code == 404


def test_the_worker_adds_evidence_from_the_tracking_page(client, make_case):
    case = make_case()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    url = reverse("cases:track_result")
    refused = client.post(url, {"evidence": [SimpleUploadedFile("合同.pdf", b"MZ" + b"\x00" * 40)]})
    assert refused.status_code == 400 and "合同.pdf" in refused.content.decode()
    client.post(url, {"evidence": [SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n" + b"0" * 40)]})
    assert [e.name for e in case.evidence.all()] == ["合同.pdf"]
    page = client.get(url).content.decode()
    assert "证据" in page.split('data-testid="timeline"')[1]
