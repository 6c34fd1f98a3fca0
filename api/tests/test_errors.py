"""Refusals as problem documents, in the client's language; never a 500."""

import json

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import Scope
from cases.models import Case

COMPLAINTS = "/api/v1/complaints"


def _errors(response) -> dict:
    return {row["field"]: row["message"] for row in response.json()["errors"]}


def test_unknown_fields_are_refused_by_name(filer, api_complaint):
    _client, http = filer
    response = http.post_json(COMPLAINTS, {**api_complaint, "priority": "high"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/invalid") and body["status"] == 400
    assert _errors(response) == {"priority": "未知字段。"}


def test_wrong_types_are_refused_plainly(filer, api_complaint):
    _client, http = filer
    response = http.post_json(
        COMPLAINTS, {**api_complaint, "name": 42, "workers_involved": "many", "facts": ["a"]}
    )
    assert response.status_code == 400
    errors = _errors(response)
    assert errors["name"] == "必须是字符串。"
    assert errors["facts"] == "必须是字符串。"
    assert "workers_involved" in errors
    assert Case.objects.count() == 0


def test_the_language_follows_accept_language(make_api_client, api_complaint):
    _client, http = make_api_client([Scope.FILE], language="en")
    response = http.post_json(COMPLAINTS, {**api_complaint, "priority": 1})
    assert response.json()["title"] == "The request has errors"
    assert _errors(response) == {"priority": "Unknown field."}
    response = http.post_json(COMPLAINTS, {**api_complaint, "phone": "1"})
    assert "mobile" in _errors(response)["phone"].lower()


def test_a_body_that_is_not_json_or_not_an_object(filer):
    _client, http = filer
    broken = http.post(COMPLAINTS, "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"] == "请求体不是有效的JSON。"
    listed = http.post_json(COMPLAINTS, "[1, 2]")
    assert listed.status_code == 400
    assert listed.json()["detail"] == "请求体必须是一个JSON对象。"


@override_settings(API_MAX_JSON_BYTES=1000)
def test_an_oversized_body_is_refused_before_it_is_read(filer, api_complaint):
    _client, http = filer
    response = http.post_json(COMPLAINTS, {**api_complaint, "facts": "欠" * 2000})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "1000" in response.json()["detail"]
    assert Case.objects.count() == 0


def test_unknown_paths_and_methods_answer_in_problem_json(filer):
    _client, http = filer
    missing = http.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    wrong = http.get(COMPLAINTS)
    assert wrong.status_code == 405
    assert wrong.json()["detail"] == "此接口不接受GET请求。"
    media = http.post(COMPLAINTS, "a=b", content_type="text/plain")
    assert media.status_code == 415


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.dictionaries(
        st.sampled_from(["name", "phone", "district", "workers_involved", "amount_claimed", "x"]),
        json_values,
        max_size=6,
    )
)
def test_hostile_bodies_never_get_a_500(filer, body):
    _client, http = filer
    response = http.post(COMPLAINTS, json.dumps(body), content_type="application/json")
    assert response.status_code in (400, 201)
    assert response["Content-Type"] == "application/problem+json" or response.status_code == 201


def test_a_failure_on_our_side_is_still_a_problem_document(filer, api_complaint, monkeypatch):
    from api import views

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(views.case_services, "case_create", broken)
    _client, http = filer
    http.raise_request_exception = False
    response = http.post_json(COMPLAINTS, api_complaint)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "请求未能完成，请稍后再试。"
    assert "database went away" not in response.content.decode()
