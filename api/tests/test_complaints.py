"""Filing and tracking complaints through the API: the web form's rules, the receipt,
and Idempotency-Key."""

import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from api.models import IdempotencyKey
from cases.models import Case, Deadline, EarlyWarning, Evidence
from zhanjiang_union.notifications.backends import MemorySmsBackend

from .conftest import ApiTestClient

URL = "/api/v1/complaints"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_complaint_filed_by_api_is_routed_timed_and_receipted_like_the_web_form(
    filer, api_complaint, django_capture_on_commit_callbacks
):
    client, http = filer
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post_json(URL, api_complaint)
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get()
    assert body["number"] == case.number and body["status"] == "intake"
    assert len(body["query_code"]) == 8
    assert case.department.code == "rights" and case.channel == "web"
    assert case.registered_by == client.user  # the timeline names the client
    assert Deadline.objects.filter(case=case, rule__key="triage", met_at__isnull=True).exists()
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == api_complaint["phone"] and case.number in text and body["query_code"] in text
    assert response["Cache-Control"] == "no-store, private"


def test_large_arrears_warn_the_leadership_at_once(filer, api_complaint):
    _client, http = filer
    response = http.post_json(URL, {**api_complaint, "amount_claimed": "250000.00"})
    assert response.status_code == 201
    assert EarlyWarning.objects.filter(case__number=response.json()["number"]).exists()


def test_the_web_forms_checks_refuse_with_its_words_per_field(filer, api_complaint):
    _client, http = filer
    bad = {**api_complaint, "id_number": "110105194912310021", "phone": "12345"}
    response = http.post_json(URL, bad)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {row["field"]: row["message"] for row in response.json()["errors"]}
    assert "校验位" in errors["id_number"]
    assert "手机号码" in errors["phone"]
    assert Case.objects.count() == 0


def test_unknown_district_and_category_codes_are_named(filer, api_complaint):
    _client, http = filer
    response = http.post_json(URL, {**api_complaint, "district": "atlantis", "category": "x"})
    assert response.status_code == 400
    fields = {row["field"] for row in response.json()["errors"]}
    assert {"district", "category"} <= fields


def test_evidence_as_multipart_gets_the_same_content_checks(filer, api_complaint):
    _client, http = filer
    good = SimpleUploadedFile("工资条.png", PNG, "image/png")
    response = http.post(URL, {**api_complaint, "evidence": [good]})
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert [(e.name, e.kind) for e in case.evidence.all()] == [("工资条.png", "png")]

    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    response = http.post(URL, {**api_complaint, "evidence": [fake]})
    assert response.status_code == 400
    errors = {row["field"]: row["message"] for row in response.json()["errors"]}
    assert "合同.pdf" in errors["evidence"]
    assert Case.objects.count() == 1 and Evidence.objects.count() == 1


def test_a_retry_with_the_same_key_gets_the_first_answer_and_files_nothing(
    filer, api_complaint, django_capture_on_commit_callbacks
):
    _client, http = filer
    key = str(uuid.uuid4())
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = http.post_json(URL, api_complaint, headers={"Idempotency-Key": key})
        again = http.post_json(URL, api_complaint, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert len(MemorySmsBackend.outbox) == 1  # one receipt
    # The kept answer does not hold the query code that opens the tracking page.
    kept = IdempotencyKey.objects.get()
    assert kept.response_body["query_code"] != first.json()["query_code"]
    assert key not in str(kept.__dict__)


def test_kept_answers_are_dropped_after_a_day(filer, api_complaint):
    from datetime import timedelta

    from django.utils import timezone

    from api import services

    _client, http = filer
    http.post_json(URL, api_complaint, headers={"Idempotency-Key": "old"})
    assert services.idempotency_keys_prune(now=timezone.now() + timedelta(hours=23)) == 0
    assert services.idempotency_keys_prune(now=timezone.now() + timedelta(hours=25)) == 1
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_for_another_request_is_refused(filer, api_complaint):
    _client, http = filer
    http.post_json(URL, api_complaint, headers={"Idempotency-Key": "k-1"})
    response = http.post_json(
        URL, {**api_complaint, "facts": "另一件事。"}, headers={"Idempotency-Key": "k-1"}
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert Case.objects.count() == 1


def test_a_refused_request_does_not_spend_its_key(filer, api_complaint):
    _client, http = filer
    bad = http.post_json(URL, {**api_complaint, "phone": "1"}, headers={"Idempotency-Key": "k"})
    assert bad.status_code == 400
    good = http.post_json(URL, api_complaint, headers={"Idempotency-Key": "k"})
    assert good.status_code == 201


def test_keys_are_per_client(make_api_client, api_complaint):
    _a, first = make_api_client(["complaints:file"])
    _b, second = make_api_client(["complaints:file"])
    one = first.post_json(URL, api_complaint, headers={"Idempotency-Key": "same"})
    two = second.post_json(URL, api_complaint, headers={"Idempotency-Key": "same"})
    assert one.json()["number"] != two.json()["number"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_file_one_case(make_api_client, api_complaint):
    client, http = make_api_client(["complaints:file"])
    headers = dict(http.defaults)
    barrier = threading.Barrier(2)
    answers = []

    def send():
        worker = ApiTestClient()
        worker.defaults.update(headers)
        barrier.wait()
        try:
            answers.append(
                worker.post_json(URL, api_complaint, headers={"Idempotency-Key": "concurrent"})
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["number"] == answers[1].json()["number"]
    assert answers[0].json()["query_code"] == answers[1].json()["query_code"]
    assert Case.objects.count() == 1
    assert client.calls.count() == 2


def test_tracking_shows_the_worker_safe_view(filer, api_complaint):
    _client, http = filer
    filed = http.post_json(URL, api_complaint).json()
    response = http.post_json(
        "/api/v1/complaints/track", {"number": filed["number"], "code": filed["query_code"]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == filed["number"]
    assert (body["stage"], body["status"], body["department"]) == (
        "登记",
        "已登记，待审查",
        "职工维权与服务部",
    )
    assert body["handling_union"] == "湛江市总工会"  # no routing rule for its district
    assert body["next_deadline"]["rule"] == "分流受理" and not body["next_deadline"]["paused"]
    assert [line["text"] for line in body["timeline"]] == ["投诉已登记"]
    text = response.content.decode()
    for private in (api_complaint["phone"], api_complaint["id_number"], api_complaint["name"]):
        assert private not in text


@pytest.mark.parametrize("which", ["number", "code"])
def test_tracking_wrong_pairs_get_the_same_answer(filer, api_complaint, which):
    _client, http = filer
    filed = http.post_json(URL, api_complaint).json()
    pair = {"number": filed["number"], "code": filed["query_code"]}
    pair[which] = "湛工维〔2026〕99999号" if which == "number" else "WRONGCODE"
    response = http.post_json("/api/v1/complaints/track", pair)
    assert response.status_code == 404
    assert response.json()["detail"] == "案件编号和查询码不匹配，请核对后重试。"


def test_tracking_one_number_is_throttled_per_client(filer, make_api_client, api_complaint):
    _client, http = filer
    filed = http.post_json(URL, api_complaint).json()
    wrong = {"number": filed["number"], "code": "AAAAAAAA"}
    statuses = [http.post_json("/api/v1/complaints/track", wrong).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]
    right = {"number": filed["number"], "code": filed["query_code"]}
    assert http.post_json("/api/v1/complaints/track", right).status_code == 429
    # Another client is not held back by this one's guessing.
    _other, other_http = make_api_client(["complaints:track"])
    assert other_http.post_json("/api/v1/complaints/track", right).status_code == 200
