"""Shared pytest fixtures and rules, loaded as a plugin by pytest.ini.

- Tests marked `postgres` or `redis` run only where that server is configured
  (DATABASE_URL / REDIS_URL); elsewhere they are deselected, not skipped.
  CI runs the suite once embedded and once on both servers, so each runs.
- Tests marked `stack` (the production stack, zhanjiang_union/tests/stack/) need both
  servers and nginx, redis-server, openssl, systemd-analyze and Chromium installed; they run in CI's
  PostgreSQL + Redis pass (.ci/run installs the tools) and are deselected elsewhere.
- With CI=true a skipped test fails the run: nothing may be quietly left out.
"""

import os

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "zhanjiang_union.notifications.backends.MemorySmsBackend"
    # Each test starts with an empty cache (rate-limit counters included),
    # apart from any portal running on this machine.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Tests edit reference rows with update() in their transactions, which sends no signal
    # to forget a kept copy: read them afresh, except in the tests of keeping
    # (zhanjiang_union/tests/test_kept.py).
    settings.KEPT_TABLES = False

    from zhanjiang_union.celery import app

    # Services that queue work run it in place; tests that need a real
    # worker and broker say so with the `celery_worker` fixture.
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


def _backend_available(marker: str) -> bool:
    from django.db import connection

    if marker == "postgres":
        return connection.vendor == "postgresql"
    if marker == "redis":
        return bool(os.environ.get("REDIS_URL"))
    if marker == "stack":
        from zhanjiang_union.tests.stack.stack import tools_available

        return _backend_available("postgres") and _backend_available("redis") and tools_available()
    if marker == "faults":
        import shutil

        return (
            connection.vendor == "postgresql"
            and bool(os.environ.get("REDIS_URL"))
            and shutil.which("redis-server") is not None
        )
    return True


def pytest_collection_modifyitems(config, items):
    selected, deselected = [], []
    for item in items:
        needs = [m for m in ("postgres", "redis", "stack", "faults") if item.get_closest_marker(m)]
        (selected if all(_backend_available(m) for m in needs) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_report_header(config):
    """What is left out for a missing tool, said once at the top (the workers that collect
    the tests under pytest-xdist have no terminal of their own)."""
    from django.db import connection

    from zhanjiang_union.tests.stack.stack import tools_available

    broker = "redis" if os.environ.get("REDIS_URL") else "filesystem"
    lines = [f"database: {connection.vendor}; broker: {broker}"]
    if not os.access("/usr/bin/chromium", os.X_OK):
        lines.append(
            "e2e: the end-to-end tests are deselected: Chromium is missing "
            "(/usr/bin/chromium; apt-get install chromium)"
        )
    servers = _backend_available("postgres") and _backend_available("redis")
    if servers and not tools_available():
        # The servers are here, a tool is not.
        lines.append(
            "stack: the production-stack tests are deselected: nginx, redis-server, "
            "openssl, systemd-analyze or Chromium is missing (.ci/run installs them)"
        )
    return lines


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) skipped; in CI a skip is a failure.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- Fixtures -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's language: a request through the test client leaves
    the language it activated on the thread, and the reference data's names follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def _reference_data_seed() -> None:
    from zhanjiang_union import seeding

    seeding.reference_data_load()


# Whether the reference data is committed in the test database, under every test's
# transaction: seeding it in every test was a third of the suite's time. It is committed
# before the first test that uses the database; a transactional test's flush takes it
# away, and the next test commits it again. So every test starts with it, in any order.
_reference_data = {"committed": False}

_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _reference_data_committed(request, django_db_blocker):
    uses_database = request.node.get_closest_marker("django_db") or (
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database:
        yield
        return
    if not _reference_data["committed"]:
        from django.db import connection

        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            if not connection.in_atomic_block:
                _reference_data_seed()
                _reference_data["committed"] = True
    yield
    if _transactional(request):
        # Flushed as this test ends.
        _reference_data["committed"] = False


@pytest.fixture
def seeded(request, db):
    """The plan's reference data and the role groups, as `manage.py seed` loads them:
    committed for every test already (above), unless a transactional test flushed it
    or the test's transaction was open first; then seeded here."""
    if _transactional(request) or not _reference_data["committed"]:
        _reference_data_seed()


@pytest.fixture
def make_user(seeded):
    """make_user(role, department_code=None, username=None) -> a user with that role."""
    from django.contrib.auth.models import Group

    from zhanjiang_union.accounts.models import Department, User
    from zhanjiang_union.accounts.roles import Role

    counter = iter(range(1, 10_000))

    def make(role: str, department_code: str | None = None, username: str | None = None):
        user = User.objects.create_user(
            username=username or f"{role}-{next(counter)}",
            password="a-long-test-password",  # noqa: S106
            full_name=f"测试{Role(role).label}",
            department=Department.objects.filter(code=department_code).first(),
            is_staff=role == Role.ADMIN,
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def jobs_at():
    """jobs_at(**ages): record each job's last success that many intervals ago (an
    omitted job: just now; None: never)."""
    from django.utils import timezone

    from zhanjiang_union.monitoring.models import Heartbeat, Job
    from zhanjiang_union.monitoring.selectors import job_interval

    def record(**ages):
        now = timezone.now()
        for job in Job:
            Heartbeat.objects.filter(job=job).delete()
            age = ages.get(job.value, 0)
            if age is not None:
                Heartbeat.objects.create(
                    job=job, last_success=now - age * job_interval(job), last_duration=0.25
                )

    return record


VALID_ID = "11010519491231002X"  # GB 11643 check digit right
VALID_PHONE = "13800138000"


@pytest.fixture
def complaint_data(seeded):
    """What a worker types into the complaint form."""
    from cases.models import DisputeCategory, District, Industry

    return {
        "name": "张三",
        "id_number": VALID_ID,
        "phone": VALID_PHONE,
        "email": "",
        "address": "湛江市赤坎区人民大道1号",
        "employer_name": "湛江某某电子有限公司",
        "employer_credit_code": "",
        "employer_address": "湛江市霞山区工业大道8号",
        "district": District.objects.get(name="霞山区").pk,
        "industry": Industry.MANUFACTURING,
        "category": DisputeCategory.objects.get(code="pay").pk,
        "workers_involved": 1,
        "amount_claimed": "12800.00",
        "facts": "2026年8月至10月的工资未发放。",
        "demand": "支付拖欠工资12800元。",
    }


@pytest.fixture
def make_case(seeded):
    """make_case(complainants=None, **overrides) -> a case filed through the service,
    as the complaint form does (in 职工维权与服务部's queue)."""
    from cases import services
    from cases.models import DisputeCategory, District, Industry

    def make(complainants=None, **overrides):
        fields = {
            "employer_name": "湛江某某电子有限公司",
            "district": District.objects.get(name="霞山区"),
            "industry": Industry.MANUFACTURING,
            "category": DisputeCategory.objects.get(code="pay"),
            "facts": "工资未发放。",
            "demand": "支付工资。",
            "channel": "web",
        }
        fields.update(overrides)
        people = complainants or [
            services.ComplainantInput(name="张三", id_number=VALID_ID, phone=VALID_PHONE)
        ]
        case, _code = services.case_create(complainants=people, **fields)
        return case

    return make


@pytest.fixture
def role_users(make_user):
    """One user of each role; staff in 职工维权与服务部 (the service centre for operators)."""
    from zhanjiang_union.accounts.roles import Role

    return {
        Role.WORKER: make_user(Role.WORKER),
        Role.HOTLINE_OPERATOR: make_user(Role.HOTLINE_OPERATOR, "service-centre"),
        Role.MEDIATOR: make_user(Role.MEDIATOR, "rights"),
        Role.DEPARTMENT_HEAD: make_user(Role.DEPARTMENT_HEAD, "rights"),
        Role.LEADERSHIP: make_user(Role.LEADERSHIP),
        Role.ADMIN: make_user(Role.ADMIN, "office"),
    }


def _reset_broker_pools(app) -> None:
    # Connections and producers are pooled per app; after changing the broker
    # options, later sends must open new ones.
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu also keeps its own registry of pools and would hand the closed one back.
    pools.reset()


@pytest.fixture
def celery_worker(transactional_db, tmp_path_factory):
    """A real Celery worker, in a thread, consuming from the configured broker
    (the filesystem broker embedded, Redis when REDIS_URL is set).

    It listens on a queue of its own so that a portal running on the same
    machine never takes the test's messages, nor the test the portal's; the
    filesystem broker also gets a folder of its own, since two processes
    reading one folder can catch a message file half-written.
    """
    import uuid

    from celery.contrib.testing.worker import start_worker

    from zhanjiang_union.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = (
        app.conf.task_always_eager,
        app.conf.task_default_queue,
        app.conf.broker_transport_options,
    )
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    if app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path_factory.mktemp("broker")
        for sub in ("queue", "processed", "control"):
            (folder / sub).mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
        _reset_broker_pools(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as worker:
            yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, options = saved
        if app.conf.broker_transport_options is not options:
            app.conf.broker_transport_options = options
            _reset_broker_pools(app)


def register_objects(case, code, make_user) -> dict:
    """A mediator on the register of the organisation `code`, and one of its mediators
    lent to `case` (cases.secondments), for the URLs that name them."""
    from cases.models import Secondment
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.organisations.models import Mediator, Organisation

    organisation = Organisation.objects.get(code=code)
    lent = make_user(Role.MEDIATOR)
    lent.organisation = organisation
    lent.save(update_fields=["organisation"])
    mediator = Mediator.objects.create(
        organisation=organisation, name="陈调解", kind="part_time", user=lent
    )
    secondment = Secondment.objects.create(
        case=case, handler=lent, organisation=organisation, assigned_by=lent
    )
    return {"mediator": mediator.pk, "secondment": secondment.pk}
