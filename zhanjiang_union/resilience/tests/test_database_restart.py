"""Fault injection: the portal's PostgreSQL restarted in the middle of a filing.

A PostgreSQL cluster of the test's own (initdb on a free port, never the machine's
server) holds the portal's database for this test. It is restarted while a complaint
is being filed: the worker gets the portal's polite 503 page, not a bare 500; the
filing it interrupted left nothing; the next request reconnects (CONN_HEALTH_CHECKS)
and the same form sent again files the complaint exactly once.
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import close_old_connections, connections
from django.test import Client
from django.urls import reverse

from cases import deadlines
from cases.models import Case, CaseNumberCounter
from zhanjiang_union.resilience.models import Submission

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnPostgres:
    """initdb, start, restart and stop a cluster; as the postgres user when run as root
    (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="zjgh-faults-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)  # noqa: S603

    def init(self) -> None:
        self.run(_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "--no-sync", "-E", "UTF8")  # fmt: skip

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self.run(_bin("pg_ctl"), action, "-D", str(self.data), "-w", "-m", "fast",
                 "-o", options, "-l", str(self.folder / "log"), *extra)  # fmt: skip

    def start(self) -> None:
        self.pg_ctl("start")

    def restart(self) -> None:
        self.pg_ctl("restart")

    def remove(self) -> None:
        try:
            self.pg_ctl("stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def portal_on_own_postgres(transactional_db):
    if not (_bin("initdb") and _bin("pg_ctl")):
        pytest.fail("PostgreSQL's initdb and pg_ctl are needed (postgresql package)")
    cluster = OwnPostgres()
    cluster.init()
    cluster.start()
    cluster.run(_bin("createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                "zjgh_faults")  # fmt: skip
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    # The test database's schema, copied: seconds, where migrating anew takes half a minute.
    dump = subprocess.run(  # noqa: S603
        [_bin("pg_dump"), "--no-owner", "--no-privileges", "-h", saved["HOST"] or "127.0.0.1",
         "-p", str(saved["PORT"] or 5432), "-U", saved["USER"] or "postgres", saved["NAME"]],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    subprocess.run(  # noqa: S603
        [_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(cluster.port),
         "-U", "postgres", "zjgh_faults"],
        input=dump, check=True, capture_output=True,
    )  # fmt: skip
    connection.close()
    connection.settings_dict.update(
        {"HOST": "127.0.0.1", "PORT": str(cluster.port), "NAME": "zjgh_faults", "USER": "postgres",
         "PASSWORD": "", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    )  # fmt: skip
    try:
        from zhanjiang_union import seeding

        seeding.reference_data_load()
        yield cluster
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        cluster.remove()


def key_from(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


def next_request() -> None:
    # What Django does at the start of every request outside the test client (its
    # request_started signal): a connection that failed is checked and replaced.
    close_old_connections()


def test_a_database_restart_mid_filing_is_a_polite_page_and_nothing_lost_or_doubled(
    portal_on_own_postgres, complaint_data, monkeypatch
):
    cluster = portal_on_own_postgres
    browser = Client(raise_request_exception=False)
    first = browser.post(reverse("cases:complaint_new"), complaint_data)
    assert first.status_code == 302

    key = key_from(browser.get(reverse("cases:complaint_new")).content.decode())
    typed = {**complaint_data, "submission_key": key, "employer_name": "湛江某某物流有限公司"}
    real = deadlines.early_warnings_raise

    def restart_then_go_on(*, case):
        cluster.restart()  # half-way through the filing's transaction
        return real(case=case)

    monkeypatch.setattr(deadlines, "early_warnings_raise", restart_then_go_on)
    interrupted = browser.post(reverse("cases:complaint_new"), typed)
    monkeypatch.undo()
    page = interrupted.content.decode()
    assert interrupted.status_code == 503, page[:500]
    assert "请稍后再试" in page and "只保存一次" in page and "12351" in page
    assert interrupted["Retry-After"]

    next_request()
    assert Case.objects.count() == 1  # the interrupted filing left nothing
    assert not Submission.objects.filter(key=key).exists()

    # The worker goes back and sends the same form again: filed, once.
    again = browser.post(reverse("cases:complaint_new"), typed, follow=True)
    assert again.status_code == 200
    assert re.search(r'data-testid="query-code">\w{8}<', again.content.decode())
    next_request()
    resent = browser.post(reverse("cases:complaint_new"), typed, follow=True)
    assert resent.status_code == 200
    cases = list(Case.objects.order_by("sequence"))
    assert len(cases) == 2 and cases[1].employer_name == "湛江某某物流有限公司"
    assert [case.sequence for case in cases] == [1, 2]  # contiguous: no number lost
    assert CaseNumberCounter.objects.get().last == 2
