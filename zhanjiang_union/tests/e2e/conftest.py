"""Fixtures for the end-to-end tests, and their rule: they need Debian's Chromium.

- Every test here is marked `e2e`. Where /usr/bin/chromium is missing they are deselected,
  not skipped (with CI=true a skip fails the run), and one line says so. CI installs Chromium
  (.ci/run), so there they run. Playwright never downloads a browser of its own.
- One Chromium per test module, a fresh browser context (cookies, storage) per test.
- Playwright's sync API keeps an asyncio loop marked as running in this thread while it is
  started, and Django refuses ORM calls from a thread with a running loop. The tests seed and
  check data through the ORM, and the test database is flushed at teardown, so
  DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly as long as Playwright is started (a module),
  then put back: the rest of the suite keeps Django's check.
"""

import os
import re
from pathlib import Path

import pytest

from . import PASSWORD, field, zh, zh_str

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Never let Playwright fetch a browser: it drives the one Debian installed.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000

_HERE = Path(__file__).resolve().parent


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only this folder's: mark the folder's
    # tests e2e (each module also says so), then act on the marker alone.
    for item in items:
        if _HERE in Path(item.path).resolve().parents and not item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.e2e)
    if chromium_available():
        return
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if not e2e:
        return
    config.hook.pytest_deselected(items=e2e)
    items[:] = [item for item in items if not item.get_closest_marker("e2e")]
    # The header says so (zhanjiang_union.testing.pytest_report_header).


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test fails, add where each of its pages was and what it showed."""
    report = yield
    contexts = getattr(item.funcargs.get("new_context"), "contexts", [])
    if report.when == "call" and report.failed and contexts:
        lines = []
        for context in contexts:
            for page in context.pages:
                try:
                    text = page.locator("main").inner_text(timeout=2_000)
                except Exception as error:  # a report, never a second failure
                    text = f"(could not read the page: {error})"
                lines.append(f"--- {page.url}\n{text[:2000]}")
        report.sections.append(("e2e pages at failure", "\n".join(lines)))
    return report


@pytest.fixture(autouse=True)
def _celery_broker_pools_open():
    """Eager Celery tasks still borrow a producer from the broker pool. The plugin's
    `celery_worker` fixture force-closes the app's pool when it swaps broker folders, but
    kombu keeps closed pools in its global registry and hands them back once the original
    broker options are restored: a page that queues a task (filing a complaint sends an SMS)
    would then fail with "Acquire on closed pool" in any test run after a celery_worker test.
    Start each test here on fresh pools."""
    from kombu import pools

    from zhanjiang_union.celery import app

    if app.pool._closed or app.amqp.producer_pool.connections._closed:
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None


# --- Browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


class _Contexts:
    """new_context(phone=False) -> a fresh browser context on the live server, in Chinese
    and on Zhanjiang's clock; all of them are closed after the test."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def __call__(self, *, phone: bool = False):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **(PHONE if phone else DESKTOP),
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return context

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_context(browser, live_server, seeded):
    # live_server brings transactional_db: the server thread sees what the test writes.
    contexts = _Contexts(browser, live_server.url)
    yield contexts
    contexts.close()


@pytest.fixture
def page(new_context):
    """A desktop page (1280 × 800)."""
    return new_context().new_page()


@pytest.fixture
def login():
    """login(page, user, next_url=None): through the real login form at /accounts/login/."""
    from django.contrib.auth.forms import AuthenticationForm
    from playwright.sync_api import expect

    form = AuthenticationForm()
    username_label = zh_str(form.fields["username"].label)
    password_label = zh_str(form.fields["password"].label)

    def log_in(page, user, next_url: str | None = None):
        page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
        field(page, username_label).fill(user.username)
        field(page, password_label).fill(PASSWORD)
        page.get_by_role("button", name=zh("Log in"), exact=True).click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        if next_url is None:
            expect(page.get_by_test_id("current-user")).to_have_text(str(user))

    return log_in
