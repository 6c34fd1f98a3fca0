"""The documented deployment, tested: nginx (deploy/nginx/zjgh.conf) over TLS in front of
gunicorn (deploy/gunicorn.conf.py), Celery worker and beat as deploy/systemd/ starts them,
PostgreSQL and Redis. The tests run in order against one stack (a minute or two)."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from ..e2e import COMPLAINT, VALID_PHONE, field, label_of, small_png, zh, zh_str
from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from .stack import (
    BASE_DIR,
    DEMO_PASSWORD,
    DEPLOY,
    MONITOR_ADDRESS,
    SYSTEMD_ANALYZE,
    VENV_BIN,
    Client,
    unverified_tls,
)

pytestmark = pytest.mark.stack

# What the first test filed, for the later ones.
FILED: dict[str, str] = {}

# The headers that make a page safe to serve; nginx must pass each as the app set it.
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cache-Control",
    "Expires",
)


def test_systemd_accepts_the_units(tmp_path):
    """systemd's own check of each unit, with this checkout's paths for the
    installation's (it refuses a unit whose program does not exist)."""
    import subprocess

    units = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        copy = tmp_path / unit.name
        copy.write_text(
            unit.read_text()
            .replace("/srv/zjgh/venv/bin/", f"{VENV_BIN}/")
            .replace("/srv/zjgh/app", str(BASE_DIR))
        )
        units.append(str(copy))
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", *units], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_a_worker_files_with_evidence_and_tracks_it_over_https(stack, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from cases.forms import ComplaintForm, TrackForm
    from cases.models import Industry
    from cases.workflow import Status
    from zhanjiang_union.seed_data import DISPUTE_CATEGORIES

    category = dict(DISPUTE_CATEGORIES)["pay"]
    evidence = small_png(tmp_path / "工资条.png")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            base_url=stack.base,
            ignore_https_errors=True,  # the certificate made for this test
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **PHONE,
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/complaints/new/")
        assert page.url.startswith("https://")
        for name in (
            "name",
            "id_number",
            "address",
            "employer_name",
            "employer_address",
            "workers_involved",
            "amount_claimed",
            "facts",
            "demand",
        ):
            field(page, label_of(ComplaintForm, name)).fill(COMPLAINT[name])
        field(page, label_of(ComplaintForm, "phone")).fill(VALID_PHONE)
        field(page, label_of(ComplaintForm, "district")).select_option(label=COMPLAINT["district"])
        field(page, label_of(ComplaintForm, "industry")).select_option(
            label=zh_str(Industry(COMPLAINT["industry"]).label)
        )
        field(page, label_of(ComplaintForm, "category")).select_option(label=category)
        field(page, label_of(ComplaintForm, "evidence")).set_input_files(evidence)
        page.get_by_role("button", name=zh("Submit the complaint")).tap()

        expect(page).to_have_url(re.compile(r"/complaints/done/$"))
        number = page.get_by_test_id("case-number").inner_text().strip()
        code = page.get_by_test_id("query-code").inner_text().strip()
        assert re.fullmatch(r"湛工维〔\d{4}〕\d{5}号", number), number
        FILED.update(number=number, code=code)
        # The evidence went through nginx and gunicorn into private storage, whole.
        stored = [path for path in (stack.root / "private").rglob("*") if path.is_file()]
        assert [path.read_bytes() for path in stored] == [evidence.read_bytes()]

        page.get_by_role("link", name=zh("Track my complaint")).tap()
        field(page, label_of(TrackForm, "number")).fill(number)
        field(page, label_of(TrackForm, "code")).fill(code)
        page.get_by_role("button", name=zh("Look up")).tap()
        expect(page).to_have_url(re.compile(r"/complaints/track/result/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(number)
        expect(page.get_by_test_id("case-status")).to_have_text(zh_str(Status.INTAKE.label))
        expect(page.get_by_test_id("timeline").get_by_role("listitem").first).to_contain_text(
            zh("Complaint registered")
        )
        browser.close()


def _staff_case_path(client) -> str:
    workbench = client.get("/cases/")
    assert workbench.status == 200, workbench.status
    return re.search(r'href="(/cases/\d+/)"', workbench.text).group(1)


def test_headers_through_nginx_are_the_apps(stack):
    nginx = Client(stack.base, "127.0.0.2")
    assert nginx.log_in("head", DEMO_PASSWORD).status == 302
    # gunicorn asked directly, as nginx asks it (from 127.0.0.1, over the same session).
    direct = Client(stack.direct, cookies=nginx.cookies)
    as_nginx = {"X-Forwarded-Proto": "https"}
    paths = ["/", "/complaints/new/", "/complaints/track/", "/accounts/login/"]
    case_path = _staff_case_path(nginx)
    paths.append(case_path)  # full ID numbers and phones
    # The evidence file the worker uploaded, as staff download it.
    paths.append(re.search(r'href="(/cases/evidence/\d+/)"', nginx.get(case_path).text).group(1))
    for path in paths:
        through, straight = nginx.get(path), direct.get(path, as_nginx)
        assert through.status == straight.status == 200, (path, through.status, straight.status)
        assert through.body == straight.body or path != paths[-1]  # the file, unaltered
        for header in (*SECURITY_HEADERS, "Content-Type", "Content-Disposition"):
            if header == "Expires" and through.headers.get(header):
                # The moment of each answer: the two requests may fall in different seconds.
                then = [parsedate_to_datetime(r.headers[header]) for r in (through, straight)]
                assert abs((then[0] - then[1]).total_seconds()) <= 5, (path, header)
                continue
            assert through.headers.get(header) == straight.headers.get(header), (path, header)
        for header in SECURITY_HEADERS[:4]:
            assert through.headers.get(header), (path, header)
        assert "max-age=31536000" in through.headers["Strict-Transport-Security"]
        assert through.headers["X-Frame-Options"] == "DENY"
        assert through.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in through.headers["Content-Security-Policy"]
        # Personal data (the case page, the evidence): no browser or proxy keeps a copy.
        if path in paths[-2:]:
            assert through.headers["Cache-Control"] == "no-store, private", path


def test_pages_are_never_compressed_static_files_are(stack):
    client = Client(stack.base, "127.0.0.2")
    gzip = {"Accept-Encoding": "gzip, deflate, br"}
    for path in ("/", "/complaints/new/", "/complaints/track/"):
        page = client.get(path, gzip)
        assert page.status == 200
        assert page.headers.get("Content-Encoding") is None, path  # BREACH
        assert b"csrfmiddlewaretoken" in page.body or path == "/"
    home = client.get("/").text
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', home).group(1)
    compressed = client.get(stylesheet, gzip)
    assert compressed.status == 200
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert compressed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert compressed.headers["X-Content-Type-Options"] == "nosniff"
    assert compressed.body[:2] == b"\x1f\x8b"
    plain = client.get(stylesheet)
    assert plain.headers.get("Content-Encoding") is None
    assert b"{" in plain.body


def test_plain_http_is_sent_to_https(stack):
    answer = Client(f"http://127.0.0.1:{stack.http_port}").get("/complaints/track/")
    assert answer.status == 301
    assert answer.headers["Location"] == "https://127.0.0.1/complaints/track/"


def test_request_size_limit_fits_ten_evidence_files(stack):
    import http.client

    def post_length(length: int) -> int:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", stack.https_port, context=unverified_tls(), timeout=30
        )
        connection.putrequest("POST", "/complaints/new/")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        if length <= 12 * 1024 * 1024:
            connection.send(b"--x\r\n" + b"a" * (length - 5))
        status = connection.getresponse().status
        connection.close()
        return status

    # More than ten files of 10 MB and the form: refused by nginx before any upload.
    assert post_length(120 * 1024 * 1024) == 413
    # 12 MB goes through to the portal (which refuses it for its missing CSRF token).
    assert post_length(12 * 1024 * 1024) == 403


def test_metrics_answer_the_monitoring_host_only(stack):
    monitor = Client(stack.base, MONITOR_ADDRESS).get("/metrics")
    assert monitor.status == 200, monitor.status
    for name in (
        "zjgh_http_request_duration_seconds_bucket",
        'zjgh_job_last_success_timestamp_seconds{job="deadline_sweep"}',
        'zjgh_job_duration_seconds{job="deadline_sweep"}',
        'zjgh_celery_queue_messages{queue="celery"}',
        "zjgh_notifications_pending",
        "zjgh_celery_broker_up 1.0",
    ):
        assert name in monitor.text, name
    outsider = Client(stack.base, "127.0.0.2")
    assert outsider.get("/metrics").status == 404
    # Claiming to be the monitoring host changes nothing: nginx sets the header.
    assert outsider.get("/metrics", {"X-Forwarded-For": MONITOR_ADDRESS}).status == 404


# --- One client cannot lock out or throttle another -------------------------------------


def _until_refused(send, limit=40) -> int:
    """Send until the answer is 429; how many it took."""
    for attempt in range(1, limit + 1):
        if send().status == 429:
            return attempt
    raise AssertionError(f"still not refused after {limit} attempts")


def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(stack):
    attacker = Client(stack.base, "127.0.0.3")
    assert _until_refused(lambda: attacker.log_in("head", "wrong-password")) <= 6
    # The attacker stays locked, right password or not.
    assert attacker.log_in("head", DEMO_PASSWORD).status == 429
    # The department head, at another address, logs in.
    head = Client(stack.base, "127.0.0.4")
    answer = head.log_in("head", DEMO_PASSWORD)
    assert answer.status == 302, answer.status
    assert head.get("/cases/").status == 200


def test_a_forged_forwarded_for_through_nginx_changes_nothing(stack):
    victim_address = "127.0.0.6"
    attacker = Client(stack.base, "127.0.0.5")
    forged = {"X-Forwarded-For": victim_address}
    assert _until_refused(lambda: attacker.log_in("mediator", "wrong", forged)) <= 6
    # Counted against the attacker's own address...
    assert attacker.log_in("mediator", DEMO_PASSWORD).status == 429
    # ...not the one it named.
    assert Client(stack.base, victim_address).log_in("mediator", DEMO_PASSWORD).status == 302


def test_a_forged_forwarded_for_straight_to_gunicorn_changes_nothing(stack):
    """A peer that is not nginx (TRUSTED_PROXIES) reaching gunicorn itself: its
    X-Forwarded-For is ignored."""
    victim_address = "127.0.0.8"
    attacker = Client(stack.direct, "127.0.0.7")
    forged = {"X-Forwarded-For": victim_address, "X-Forwarded-Proto": "https"}
    assert _until_refused(lambda: attacker.log_in("operator", "wrong", forged)) <= 6
    assert Client(stack.base, victim_address).log_in("operator", DEMO_PASSWORD).status == 302


def test_wrong_tracking_lookups_throttle_only_their_own_client(stack):
    guesses = iter(range(90000, 99999))

    def wrong_lookup(client, headers=None):
        # A new made-up case number each time: what is limited here is the client.
        return client.post_form(
            "/complaints/track/",
            {"number": f"湛工维〔2026〕{next(guesses)}号", "code": "ZZZZ2345"},
            headers,
        )

    # Ten clients, one wrong lookup each, and one client guessing until refused.
    for host in range(10, 20):
        assert wrong_lookup(Client(stack.base, f"127.0.0.{host}")).status == 404
    guesser = Client(stack.base, "127.0.0.20")
    _until_refused(lambda: wrong_lookup(guesser))
    # ...and one naming another client's address in X-Forwarded-For.
    forger = Client(stack.base, "127.0.0.21")
    _until_refused(lambda: wrong_lookup(forger, {"X-Forwarded-For": "127.0.0.22"}))

    for host in (22, 23):
        worker = Client(stack.base, f"127.0.0.{host}")
        answer = worker.post_form(
            "/complaints/track/", {"number": FILED["number"], "code": FILED["code"]}
        )
        assert answer.status == 302, (host, answer.status)
        assert FILED["number"] in worker.get("/complaints/track/result/").text


def test_a_flood_of_complaints_throttles_only_its_own_client(stack):
    def bad_complaint(client, headers=None):
        return client.post_form("/complaints/new/", {"name": "x"}, headers)

    flooder, forger = Client(stack.base, "127.0.0.24"), Client(stack.base, "127.0.0.25")
    # Side by side (gunicorn has two workers): the same floods, in half the time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        floods = [
            pool.submit(_until_refused, lambda: bad_complaint(flooder), 60),
            pool.submit(
                _until_refused,
                lambda: bad_complaint(forger, {"X-Forwarded-For": "127.0.0.26"}),
                60,
            ),
        ]
        for flood in floods:
            flood.result()
    for host in (26, 27):
        # Not refused: the form answers with what is missing.
        answer = bad_complaint(Client(stack.base, f"127.0.0.{host}"))
        assert answer.status == 400, (host, answer.status)
        assert zh("This field is required.") in answer.text


# --- A silent beat is a broken promise ---------------------------------------------------


def test_a_stopped_beat_turns_healthz_503_and_admins_see_it(stack):
    client = Client(stack.base, "127.0.0.28")
    stack.wait_for(lambda: client.get("/healthz").status == 200, "healthz 200 with beat running")
    stack.stop("beat")

    def late_jobs() -> dict:
        answer = client.get("/healthz")
        jobs = answer.json()["jobs"]
        return {name: job for name, job in jobs.items() if not job["ok"]} | {
            "_status": answer.status
        }

    # Every job's interval is 3 seconds: three of them without a run, and it shows.
    stack.wait_for(lambda: len(late_jobs()) == 4, "every job late", timeout=30)
    late = late_jobs()
    assert late.pop("_status") == 503
    assert set(late) == {"deadline_sweep", "dashboard_refresh", "notification_delivery"}
    now = datetime.now(tz=UTC)
    for job in late.values():
        assert now - datetime.fromisoformat(job["last_success"]) > timedelta(seconds=9)

    admin = Client(stack.base, "127.0.0.29")
    assert admin.log_in("admin", DEMO_PASSWORD).status == 302
    assert 'data-testid="jobs-late"' in admin.get("/").text
    assert 'data-testid="jobs-late"' in admin.get("/admin/").text
    head = Client(stack.base, "127.0.0.30")
    assert head.log_in("head", DEMO_PASSWORD).status == 302
    assert 'data-testid="jobs-late"' not in head.get("/").text

    metrics = Client(stack.base, MONITOR_ADDRESS).get("/metrics").text
    assert 'zjgh_job_late{job="deadline_sweep"} 1.0' in metrics

    # Beat back: it runs the watched jobs as it starts, and all is well again.
    stack._service("beat", "zjgh-beat.service")
    stack.wait_for(lambda: client.get("/healthz").status == 200, "healthz 200 again")
    assert 'data-testid="jobs-late"' not in admin.get("/").text
