"""Fixtures of the API tests: clients registered as an admin registers them, and a
Django test client that sends their token."""

import json

import pytest
from django.test import Client

from api import services
from api.models import Scope
from zhanjiang_union.testing import VALID_ID, VALID_PHONE


class ApiTestClient(Client):
    """Django's test client with a bearer token and JSON bodies by default."""

    def __init__(self, token: str = "", language: str = "zh-hans", **kwargs):
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        super().__init__(headers=headers, **kwargs)

    def post_json(self, path, data, **extra):
        body = data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False)
        return self.post(path, body, content_type="application/json", **extra)


@pytest.fixture
def make_api_client(seeded):
    """make_api_client(scopes, department_code=None, **fields) -> (ApiClient, ApiTestClient)."""
    from zhanjiang_union.accounts.models import Department

    counter = iter(range(1, 1000))

    def make(scopes, department_code=None, language="zh-hans", **fields):
        client, token = services.client_create(
            name=fields.pop("name", f"partner-{next(counter)}"),
            scopes=list(scopes),
            department=Department.objects.filter(code=department_code).first(),
            **fields,
        )
        return client, ApiTestClient(token, language=language)

    return make


@pytest.fixture
def filer(make_api_client):
    """A mobile client that files and tracks complaints."""
    return make_api_client([Scope.FILE, Scope.TRACK], name="微信H5")


@pytest.fixture
def api_complaint():
    """A complaint as a mobile client sends it: codes for district and category."""
    return {
        "name": "张三",
        "id_number": VALID_ID,
        "phone": VALID_PHONE,
        "address": "湛江市赤坎区人民大道1号",
        "employer_name": "湛江某某电子有限公司",
        "employer_address": "湛江市霞山区工业大道8号",
        "district": "xiashan",
        "industry": "C",
        "category": "pay",
        "workers_involved": 1,
        "amount_claimed": "12800.00",
        "facts": "2026年8月至10月的工资未发放。",
        "demand": "支付拖欠工资12800元。",
    }
