"""Every URL that takes a POST, with hostile values in each of its fields: never a 5xx.

The fields of each URL are read from the form its page shows (or listed, for the buttons
that post to a URL of their own); every other field keeps a valid value, so the hostile
one reaches the parsing. A URL added to the portal without a row here fails
`test_every_url_is_in_the_table`."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.hostile import FUZZ, PAYLOADS, assert_escaped, hostile_values, post

# Answers a hostile POST may get besides those of zhanjiang_union.hostile.ALLOWED.
ALSO_ALLOWED = {403, 405}

# URL name -> (who posts, the objects its arguments name, fields posted by a button
# rather than by a form on the page: {} = read the page's form).
ROWS = {
    "login": (None, (), {}),
    "logout": (Role.MEDIATOR, (), {"next": "/"}),
    "password_change": (Role.MEDIATOR, (), {}),
    "set_language": (None, (), {"language": "en", "next": "/"}),
    "cases:complaint_new": (None, (), {}),
    "cases:track": (None, (), {}),
    "cases:my_case": (Role.WORKER, ("filed_case",), {"evidence": "x"}),
    "cases:track_result": (None, (), {"evidence": "x"}),
    "cases:workbench": (Role.MEDIATOR, (), {}),
    "cases:intake": (Role.HOTLINE_OPERATOR, (), {}),
    "cases:move": (Role.MEDIATOR, ("case", "accept_mediation"), {}),
    "cases:assign": (Role.DEPARTMENT_HEAD, ("case",), {}),
    "cases:hand_on": (Role.MEDIATOR, ("case", "down"), {}),
    "cases:organisation_merge": (Role.ADMIN, ("county",), {}),
    "cases:organisations_import": (Role.ADMIN, (), {"workbook": "x", "action": "preview"}),
    "cases:mediators_import": (Role.ADMIN, ("county",), {"workbook": "x", "action": "import"}),
    "cases:mediator_new": (Role.ADMIN, ("county",), {}),
    "cases:mediator_edit": (Role.ADMIN, ("mediator",), {}),
    "cases:mediator_end": (Role.ADMIN, ("mediator",), {}),
    "cases:secondment_acknowledge": (Role.ADMIN, ("secondment",), {"csrf": "x"}),
    "cases:secondment_decline": (Role.ADMIN, ("secondment",), {"reason": "本单位人手不足"}),
    "cases:note": (Role.MEDIATOR, ("case",), {"text": "说明"}),
    "cases:related": (Role.MEDIATOR, ("case",), {"version": "1", "cases": "related"}),
    "cases:mass_incident": (Role.MEDIATOR, ("case",), {"version": "1", "note": "集体停工"}),
    "cases:collective_merge": (Role.MEDIATOR, ("case",), {}),
    "cases:collective_split": (Role.MEDIATOR, ("case",), {"origin": "1"}),
    "cases:collective_representative": (
        Role.MEDIATOR,
        ("case",),
        {"complainant": "1", "chosen": "1"},
    ),
    "cases:collective_notice": (Role.MEDIATOR, ("case",), {}),
    "cases:session_new": (Role.MEDIATOR, ("mediating",), {}),
    "cases:recovered": (Role.MEDIATOR, ("case",), {}),
    "cases:session_result": (Role.MEDIATOR, ("session",), {}),
    "cases:handoff_ack": (Role.MEDIATOR, ("handoff",), {}),
    "cases:deadline_extend": (Role.MEDIATOR, ("deadline",), {}),
    "cases:deadline_pause": (Role.MEDIATOR, ("deadline",), {}),
    "cases:deadline_resume": (Role.MEDIATOR, ("deadline",), {"version": "1"}),
    "hotline:desk": (Role.HOTLINE_OPERATOR, (), {}),
    "hotline:caller": (Role.HOTLINE_OPERATOR, (), {"phone": "13800138000", "partial": "caller"}),
    "hotline:callback_record": (
        Role.HOTLINE_OPERATOR,
        ("call",),
        {"result": "reached", "note": "x"},
    ),
    "hotline:followup_record": (Role.HOTLINE_OPERATOR, ("closed_case",), {}),
    "hotline:visit_new": (Role.HOTLINE_OPERATOR, (), {}),
    "hotline:visit_link_case": (Role.HOTLINE_OPERATOR, ("visit",), {"case": "number"}),
    "hotline:external_new": (Role.HOTLINE_OPERATOR, (), {}),
    "leadership:activity_new": (Role.ADMIN, (), {}),
    "leadership:report_open": (Role.DEPARTMENT_HEAD, (), {"period": "x", "department": "x"}),
    "leadership:report_submit": (Role.DEPARTMENT_HEAD, ("report",), {"text": "自查情况"}),
    "leadership:report_review": (Role.LEADERSHIP, ("report",), {"decision": "x", "comment": "x"}),
    "notifications:read_all": (Role.MEDIATOR, (), {"next": "/inbox/"}),
    "cases:sign_in": (None, (), {"phone": "13800138000"}),
    "cases:sign_in_code": (None, (), {"code": "123456"}),
    "cases:sign_out": (None, (), {"next": "/"}),
    "cases:reopen_decide": (Role.DEPARTMENT_HEAD, ("reopen",), {"decision": "decline"}),
    "leadership:member_new": (Role.ADMIN, (), {}),
    "leadership:member_edit": (Role.ADMIN, ("member",), {}),
    "leadership:member_retire": (Role.ADMIN, ("member",), {}),
    "leadership:member_order": (Role.ADMIN, (), {}),
    "workdays:notice": (Role.ADMIN, (), {}),
    "knowledge:guide_sms": (Role.HOTLINE_OPERATOR, ("unpaid-wages",), {"phone": "13800138000"}),
    "knowledge:typical_case_new": (Role.MEDIATOR, ("closed_case",), {"draft": "1"}),
    "knowledge:staff_typical_case": (Role.MEDIATOR, ("typical_case",), {}),
    "knowledge:typical_case_action": (
        Role.DEPARTMENT_HEAD,
        ("typical_case", "publish"),
        {"note": "x"},
    ),
    "knowledge:staff_lecture_new": (Role.DEPARTMENT_HEAD, (), {}),
    "knowledge:staff_lecture": (Role.DEPARTMENT_HEAD, ("lecture",), {}),
    "notifications:read": (Role.MEDIATOR, ("notification",), {"next": "/inbox/"}),
    "documents:make": (Role.MEDIATOR, ("case", "refusal"), {}),
    "documents:template_edit": (Role.ADMIN, ("acceptance",), {}),
    "performance:schedule": (Role.MEDIATOR, ("agreed",), {}),
    "performance:payment": (Role.MEDIATOR, ("instalment",), {}),
    "performance:confirmation": (Role.MEDIATOR, ("agreed",), {}),
    "performance:award_details": (Role.MEDIATOR, ("awarded",), {}),
    "performance:limitation": (Role.MEDIATOR, ("mediating",), {}),
    "performance:limitation_event": (Role.MEDIATOR, ("mediating",), {}),
    "performance:non_payment": (Role.WORKER, ("agreed",), {"note": "未付款"}),
}
# Pages that only show or download: they take no POST that does anything, and a hostile
# one must not break them either (each is posted to below, with any field).
READ_ONLY = {
    "home", "healthz", "metrics", "start", "favicon", "password_change_done", "captcha-image", "captcha-image-2x",
    "captcha-audio", "captcha-refresh", "cases:complaint_done", "cases:my_cases", "cases:privacy",
    "cases:agreement", "cases:evidence", "cases:detail", "cases:collective", "cases:collective_xlsx",
    "leadership:roster", "leadership:roster_docx",
    "leadership:history", "leadership:activities", "leadership:reports",
    "leadership:report_detail", "hotline:calls", "hotline:call_detail", "hotline:callbacks",
    "hotline:followups", "hotline:visits", "hotline:visit_detail", "hotline:external",
    "dashboard:index", "dashboard:xlsx", "dashboard:print", "notifications:inbox",
    "cases:phone_cases", "cases:phone_case", "leadership:members", "knowledge:index",
    "knowledge:search", "knowledge:law", "knowledge:article", "knowledge:guide",
    "knowledge:typical_cases", "knowledge:typical_case", "knowledge:staff_search",
    "knowledge:staff_typical_cases", "knowledge:lectures", "knowledge:lecture",
    "knowledge:staff_lectures", "cases:my_organisation", "cases:organisation",
    "cases:organisations_xlsx", "cases:mediators_xlsx",
    # The API answers problem documents to any body (api/tests/test_errors.py fuzzes it
    # with its token); posted to here without one, it must not break either.
    "api:case", "api:cases", "api:complaints", "api:docs", "api:schema", "api:track",
    "api:work_order_rating", "api:work_order_request_decision", "api:work_orders",
    "work_orders:step",
    "documents:case_documents", "documents:docx", "documents:print", "documents:tracked_docx",
    "documents:my_docx", "documents:phone_docx", "documents:templates",
}  # fmt: skip


def _url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's own admin, tested by Django
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_url_is_in_the_table():
    names = set(_url_names())
    assert names - set(ROWS) - READ_ONLY == set(), "add the new URL to ROWS or READ_ONLY"
    assert (set(ROWS) | READ_ONLY) - names == set()


class _Fields(HTMLParser):
    """The named fields of a page's forms, with the value each shows (first option of a
    select, first of a group of radios), skipping the language switch and the logout."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = self._skip = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            self._skip = "i18n" in action or "logout" in action
        if self._skip:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("radio", "checkbox") and name in self.fields:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.fields[name] = "说明"
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and not self.fields[self._select]:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._skip = None


def _setup(world, client, name):
    users, objects = world
    who, args, fields = ROWS[name]
    if who:
        client.force_login(users[who])
    url = reverse(name, args=[objects.get(arg, arg) for arg in args])
    if name == "cases:track_result":
        session = client.session
        session["cases.tracked"] = objects["case"]
        session.save()
    if fields:
        data = {key: objects.get(value, value) for key, value in fields.items()}
    else:
        page = client.get(url)
        assert page.status_code == 200, (name, page.status_code)
        parser = _Fields()
        parser.feed(page.content.decode())
        data = parser.fields
        data.pop("csrfmiddlewaretoken", None)
        assert data, f"{name}: no form found on the page"
    return url, data


# The values of the probes that found 500s. Each field of each URL gets two of them in
# turn, and random ones (hypothesis) where the app's own test_hostile_input.py does not
# already throw them at that form: a few seconds a URL.
PROBES = ["abc", "NaN", "1e309", "\x00", "-1", "9" * 25, "foo", "9999-12-31T23:59", ""]
FUZZED_ELSEWHERE = {
    "cases:complaint_new", "cases:track", "cases:move", "cases:note", "cases:recovered",
    "cases:deadline_extend", "hotline:desk", "hotline:visit_new", "hotline:external_new",
    "leadership:activity_new", "leadership:report_open", "leadership:report_submit",
    "leadership:report_review",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(ROWS))
def test_hostile_values_in_every_post_field(world, name):
    client = Client()
    url, fields = _setup(world, client, name)

    def check(field, value):
        response = post(client, url, {**fields, field: value})
        if response.status_code not in ALSO_ALLOWED:
            assert_escaped(response)

    for i, field in enumerate(sorted(fields)):
        check(field, PROBES[i % len(PROBES)])
        check(field, PROBES[(i + 5) % len(PROBES)])
    if name in FUZZED_ELSEWHERE:
        return

    @settings(FUZZ, max_examples=10)
    @given(field=st.sampled_from(sorted(fields)), value=hostile_values)
    def fuzz(field, value):
        check(field, value)

    fuzz()


def test_a_hostile_post_to_a_page_that_only_shows(world, jobs_at):
    users, objects = world
    jobs_at()  # beat keeping time: /healthz's 503 would mean a stopped beat, not a bug
    client = Client()
    client.force_login(users[Role.ADMIN])
    for name in sorted(READ_ONLY - {"captcha-audio"}):
        url = reverse(name, args=_read_only_args(name, objects))
        response = post(client, url, {"q": PAYLOADS[0], "page": "1e309", "version": "NaN"})
        assert response.status_code < 500, name


def _read_only_args(name, objects):
    return {
        "captcha-image": ["abc"], "captcha-image-2x": ["abc"], "captcha-audio": ["abc"],
        "cases:agreement": [objects["case"]], "cases:evidence": [1],
        "cases:detail": [objects["case"]], "cases:phone_case": [objects["case"]],
        "cases:collective": [objects["case"]], "cases:collective_xlsx": [objects["case"]],
        "cases:organisation": [1], "cases:organisations_xlsx": [1], "cases:mediators_xlsx": [1],
        "knowledge:law": [1], "knowledge:article": [1], "knowledge:guide": ["unpaid-wages"],
        "knowledge:typical_case": [objects["typical_case"]],
        "knowledge:lecture": [objects["lecture"]],
        "api:case": [objects["number"]], "api:work_order_rating": [1],
        "api:work_order_request_decision": [1, 1],
        "work_orders:step": [1, "sign"], "documents:case_documents": [objects["case"]],
        "documents:docx": [1], "documents:print": [1], "documents:tracked_docx": [1],
        "documents:my_docx": [1], "documents:phone_docx": [1],
        "leadership:report_detail": [objects["report"]],
        "hotline:call_detail": [objects["call"]], "hotline:visit_detail": [objects["visit"]],
    }.get(name, [])  # fmt: skip
