from unittest import mock

from django.db import OperationalError

from zhanjiang_union.celery import app


def test_healthz_names_the_database_and_broker_it_reached(client, db, jobs_at):
    jobs_at()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "vendor": db_vendor()}
    assert body["broker"]["ok"] is True
    assert body["broker"]["transport"] == app.connection_for_write().transport_cls


def test_healthz_503_when_the_broker_is_down(client, db):
    # Port 1 on loopback: nothing listens there, so the connection is refused.
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["broker"] == {"ok": False, "transport": "redis"}
    assert body["database"]["ok"] is True


def test_healthz_503_when_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


def db_vendor():
    from django.db import connection

    return connection.vendor
