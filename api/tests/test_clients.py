"""API clients: tokens kept hashed, rotation, revocation, scopes, rate limits, audit."""

import hashlib

from django.urls import reverse

from api import services
from api.models import ApiCall, ApiClient, Scope

from .conftest import ApiTestClient

COMPLAINTS = "/api/v1/complaints"


def test_the_token_is_kept_only_as_its_sha256(make_api_client):
    client, http = make_api_client([Scope.FILE])
    token = http.defaults["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    stored = ApiClient.objects.filter(pk=client.pk).values().get()
    assert token not in str(stored)
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert services.client_for_token(token) == client
    assert services.client_for_token(token + "x") is None


def test_no_token_a_bad_token_and_a_revoked_one_are_refused(make_api_client, api_complaint):
    client, http = make_api_client([Scope.FILE])
    anonymous = ApiTestClient().post_json(COMPLAINTS, api_complaint)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert anonymous["Content-Type"] == "application/problem+json"
    assert ApiTestClient("zjgh_wrong").post_json(COMPLAINTS, api_complaint).status_code == 401
    services.client_revoke(client=client)
    refused = http.post_json(COMPLAINTS, api_complaint)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "令牌无效或已被吊销。"


def test_rotation_stops_the_old_token_at_once(make_api_client, api_complaint):
    client, old = make_api_client([Scope.FILE])
    new_token = services.client_rotate(client=client)
    assert old.post_json(COMPLAINTS, api_complaint).status_code == 401
    assert ApiTestClient(new_token).post_json(COMPLAINTS, api_complaint).status_code == 201


def test_a_client_without_the_scope_is_forbidden(make_api_client, api_complaint):
    _client, http = make_api_client([Scope.TRACK])
    response = http.post_json(COMPLAINTS, api_complaint)
    assert response.status_code == 403
    assert response.json()["detail"] == "此客户端的权限范围不允许此请求。"
    _reader, reader = make_api_client([Scope.FILE])
    assert reader.get("/api/v1/cases").status_code == 403


def test_each_client_has_its_own_rate_limit(make_api_client):
    _slow, slow = make_api_client([Scope.READ_CASES], "rights", rate="3/min")
    _other, other = make_api_client([Scope.READ_CASES], "rights", rate="3/min")
    statuses = [slow.get("/api/v1/cases").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = slow.get("/api/v1/cases")
    assert int(throttled["Retry-After"]) > 0
    assert "秒后再试" in throttled.json()["detail"]
    assert other.get("/api/v1/cases").status_code == 200


def test_every_call_is_audited_without_personal_data(make_api_client, api_complaint):
    client, http = make_api_client([Scope.FILE, Scope.TRACK])
    filed = http.post_json(COMPLAINTS, api_complaint).json()
    http.post_json("/api/v1/complaints/track", {"number": filed["number"], "code": "AAAAAAAA"})
    ApiTestClient("zjgh_wrong").get("/api/v1/cases")
    rows = list(ApiCall.objects.order_by("id").values("client", "method", "endpoint", "status"))
    assert rows == [
        {"client": client.pk, "method": "POST", "endpoint": "/api/v1/complaints", "status": 201},
        {
            "client": client.pk,
            "method": "POST",
            "endpoint": "/api/v1/complaints/track",
            "status": 404,
        },
        {"client": None, "method": "GET", "endpoint": "/api/v1/cases", "status": 401},
    ]
    everything = str(list(ApiCall.objects.values()))
    for private in (api_complaint["phone"], api_complaint["id_number"], filed["query_code"]):
        assert private not in everything
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_the_admin_registers_a_client_and_sees_its_token_once(client, role_users):
    admin = role_users["admin"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "广东省总工会APP",
            "scopes": [Scope.FILE, Scope.TRACK],
            "rate": "120/min",
            "webhook_url": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    registered = ApiClient.objects.get(name="广东省总工会APP")
    token = page.split('id="api-token" type="text" readonly size="60" value="')[1].split('"')[0]
    assert services.client_for_token(token) == registered
    assert registered.scopes == [Scope.FILE, Scope.TRACK]
    assert not registered.user.is_active and not registered.user.has_usable_password()
    # The list shows only the token's first characters.
    listing = client.get(reverse("admin:api_apiclient_changelist")).content.decode()
    assert registered.token_prefix in listing and token not in listing


def test_the_admin_refuses_a_bad_rate_and_a_reader_without_department(client, role_users):
    admin = role_users["admin"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apiclient_add"),
        {"name": "x", "scopes": [Scope.READ_CASES], "rate": "fast", "is_active": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "600/min" in page and "需要指定其部门" in page
    assert not ApiClient.objects.exists()
