"""IDOR sweep: every URL that takes an object id, opened by everyone who must
not see that object, answers 403 or 404 (never 200, never a 500), for GET
and POST. A new URL with an id must get a row in OBJECTS, or this test fails."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Evidence, Handoff
from hotline import services as hotline_services
from knowledge.models import TypicalCase
from leadership.models import SelfInspectionReport
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.notifications.services import notify
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.testing import register_objects


def urls_with_ids() -> set[str]:
    """Every named URL of the portal whose pattern takes an <int:…> id."""
    found = set()

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue  # the Django admin checks is_staff and model permissions itself
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name and "int:" in str(entry.pattern):
                found.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def objects(make_case, make_user, role_users, django_capture_on_commit_callbacks):
    """One object of each kind, all belonging to a case of 职工维权与服务部 filed by
    another worker, and a notification for the leadership user."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    mediator = role_users[Role.MEDIATOR]
    png = SimpleUploadedFile("证据.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")
    case = make_case(evidence_files=[png])
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    session = services.session_schedule(
        case=case, actor=mediator, scheduled_at=case.created_at, place="调解室"
    )
    case = services.case_transition(
        case=case, action="record_agreement", actor=mediator, expected_version=case.version,
        agreement={"signed_on": date(2026, 11, 20), "amount_agreed": 100, "payment_due": date(2026, 11, 30), "terms": "付款"},
    )  # fmt: skip
    case = services.case_transition(
        case=case, action="hand_to_inspection", actor=mediator, expected_version=case.version,
        handoff=services.HandoffInput(sent_on=date(2026, 11, 21)),
    )  # fmt: skip
    report = SelfInspectionReport.objects.create(
        department=Department.objects.get(code="rights"),
        period_start=date(2026, 10, 1), period_end=date(2026, 10, 31), due_on=date(2026, 11, 5),
    )  # fmt: skip
    notify(recipients=[role_users[Role.LEADERSHIP]], subject="预警")
    operator = role_users[Role.HOTLINE_OPERATOR]
    call = hotline_services.call_log(
        operator=operator, received_at=timezone.now(), phone="13800138000",
        summary="欠薪咨询", outcome="callback",
    )  # fmt: skip
    visit = hotline_services.visit_record(
        actor=operator, visited_at=timezone.now(), visitor_count=2, demands="讨薪"
    )
    closed = make_case()
    Case.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    work_order = _work_order(case)
    typical = TypicalCase.objects.create(
        title="典型案例", facts="经过", source_case=closed, department=closed.department
    )
    from knowledge.models import Lecture

    head = role_users[Role.DEPARTMENT_HEAD]
    lecture = Lecture.objects.create(
        title="普法讲座", place="报告厅", starts_at=timezone.now(), published=False,
        department=head.department, created_by=head,
    )  # fmt: skip
    from cases.models import ReopenRequest
    from documents import services as document_services
    from leadership.models import RosterMember
    from performance.models import Instalment

    document = document_services.document_make(case=case, kind="acceptance", actor=mediator)
    return {
        "document": document.pk,
        "instalment": Instalment.objects.get(agreement__case=case).pk,
        "reopen_request": ReopenRequest.objects.create(case=closed, reason="未履行").pk,
        "roster_member": RosterMember.objects.first().pk,
        "typical_case": typical.pk,
        "lecture": lecture.pk,
        "work_order": work_order.pk,
        "call": call.pk,
        "visit": visit.pk,
        "closed_case": closed.pk,
        "case": case.pk,
        "deadline": case.deadlines.first().pk,
        "session": session.pk,
        "handoff": Handoff.objects.get(case=case).pk,
        "evidence": Evidence.objects.get(case=case).pk,
        "report": report.pk,
        "notification": Notification.objects.exclude(recipient=None).get().pk,
        "organisation": Organisation.objects.get(code="xuwen").pk,
        **register_objects(case, "xuwen", make_user),
    }


def _work_order(case):
    from datetime import timedelta

    from api import services as api_services
    from api import work_orders

    platform, _token = api_services.client_create(name="12345", scopes=["work_orders"])
    now = timezone.now()
    work_order, _new = work_orders.work_order_receive(
        platform=platform, order_number="GD-1", received_at=now,
        caller={"name": "陈六", "phone": "13700137000"}, content="欠薪", category=case.category,
        district=case.district, employer_name="某厂", industry="C", urgency="normal",
        sign_by=now + timedelta(hours=2), reply_by=now + timedelta(days=5),
    )  # fmt: skip
    return work_order


# url name -> (object kind, extra args)
OBJECTS = {
    "cases:my_case": ("case", ()),
    "cases:detail": ("case", ()),
    "cases:move": ("case", ("close",)),
    "cases:assign": ("case", ()),
    "cases:hand_on": ("case", ("down",)),
    "cases:organisation_merge": ("organisation", ()),
    "cases:mediators_import": ("organisation", ()),
    "cases:mediator_new": ("organisation", ()),
    "cases:mediator_edit": ("mediator", ()),
    "cases:mediator_end": ("mediator", ()),
    "cases:secondment_acknowledge": ("secondment", ()),
    "cases:secondment_decline": ("secondment", ()),
    "cases:note": ("case", ()),
    "cases:related": ("case", ()),
    "cases:mass_incident": ("case", ()),
    "cases:session_new": ("case", ()),
    "cases:recovered": ("case", ()),
    "cases:agreement": ("case", ()),
    "cases:session_result": ("session", ()),
    "cases:handoff_ack": ("handoff", ()),
    "cases:evidence": ("evidence", ()),
    "cases:deadline_extend": ("deadline", ()),
    "cases:deadline_pause": ("deadline", ()),
    "cases:deadline_resume": ("deadline", ()),
    "leadership:report_detail": ("report", ()),
    "leadership:report_submit": ("report", ()),
    "leadership:report_review": ("report", ()),
    "notifications:read": ("notification", ()),
    "hotline:call_detail": ("call", ()),
    "hotline:callback_record": ("call", ()),
    "hotline:visit_detail": ("visit", ()),
    "hotline:visit_link_case": ("visit", ()),
    "hotline:followup_record": ("closed_case", ()),
    "cases:reopen_decide": ("reopen_request", ()),
    "cases:phone_case": ("case", ()),
    "leadership:member_edit": ("roster_member", ()),
    "leadership:member_retire": ("roster_member", ()),
    "knowledge:typical_case_new": ("closed_case", ()),
    "knowledge:staff_typical_case": ("typical_case", ()),
    "knowledge:typical_case_action": ("typical_case", ("publish",)),
    "work_orders:step": ("work_order", ("sign",)),
    "documents:case_documents": ("case", ()),
    "documents:make": ("case", ("acceptance",)),
    "documents:docx": ("document", ()),
    "documents:print": ("document", ()),
    "documents:tracked_docx": ("document", ()),
    "documents:my_docx": ("document", ()),
    "documents:phone_docx": ("document", ()),
    "knowledge:staff_lecture": ("lecture", ()),
    "performance:schedule": ("case", ()),
    "performance:payment": ("instalment", ()),
    "performance:confirmation": ("case", ()),
    "performance:award_details": ("case", ()),
    "performance:limitation": ("case", ()),
    "performance:limitation_event": ("case", ()),
    "performance:non_payment": ("case", ()),
    "cases:collective": ("case", ()),
    "cases:collective_merge": ("case", ()),
    "cases:collective_xlsx": ("case", ()),
    "cases:collective_split": ("case", ()),
    "cases:collective_representative": ("case", ()),
    "cases:collective_notice": ("case", ()),
}
# Pages of the worker signed in by SMS code: without that sign-in (any staff or worker
# account is not one), they send to the sign-in page; a signed-in number sees only its
# own cases (cases/tests/test_phone_sign_in.py).
SIGN_IN_FIRST = {"cases:phone_case", "documents:phone_docx"}
# The public section's laws, articles and published typical cases: everyone reads them.
PUBLIC = {"knowledge:law", "knowledge:article", "knowledge:typical_case", "knowledge:lecture"}
# An organisation's page and export: every member of the city federation reads every
# organisation below it, so these outsiders are insiders; the subtree's edges (a township
# beside another, a county above it) are swept in cases/tests/test_grid_pages.py and
# test_grid_import.py.
GRID_PAGES = {"cases:organisation", "cases:organisations_xlsx", "cases:mediators_xlsx"}
# The 12351 desk is shared: every operator reads every call and visit, and
# department heads read them too. For those pages only workers and caseworkers
# are outsiders.
DESK_INSIDERS = {"operator who did not register it", "head of another department"}


# API endpoints take a client's token, not a session: each scopes its objects to the
# client that asks, and its own tests post another client's ids (api/tests/).
API_TOKEN = {"api:work_order_request_decision"}


def test_every_url_with_an_id_is_in_the_sweep():
    assert urls_with_ids() - set(OBJECTS) - PUBLIC - API_TOKEN - GRID_PAGES == set()


@pytest.fixture
def outsiders(make_user):
    return {
        "another worker": make_user(Role.WORKER),
        "operator who did not register it": make_user(Role.HOTLINE_OPERATOR, "service-centre"),
        "mediator of another department": make_user(Role.MEDIATOR, "grassroots"),
        "head of another department": make_user(Role.DEPARTMENT_HEAD, "grassroots"),
    }


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_outsiders_get_403_or_404(client, objects, outsiders, name):
    kind, extra = OBJECTS[name]
    url = reverse(name, args=[objects[kind], *extra])
    for who, user in outsiders.items():
        if name.startswith(("hotline:", "work_orders:")) and who in DESK_INSIDERS:
            continue
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue  # POST-only or GET-only: the other method is refused outright
            if name in SIGN_IN_FIRST and response.status_code == 302:
                assert response["Location"] == reverse("cases:sign_in")
                continue
            assert response.status_code in (403, 404), (
                f"{who} {method.upper()} {url}: {response.status_code}"
            )


def test_related_cases_of_another_department_are_neither_shown_nor_linked(
    client, make_case, role_users
):
    mine = make_case(employer_credit_code="91440800MA4UJ8XY1C")
    theirs = make_case(employer_credit_code="91440800MA4UJ8XY1C")
    ours_too = make_case(employer_credit_code="91440800MA4UJ8XY1C")
    Case.objects.filter(pk=theirs.pk).update(department=Department.objects.get(code="grassroots"))
    client.force_login(role_users["mediator"])
    page = client.get(reverse("cases:detail", args=[mine.pk])).content.decode()
    box = page.split('data-testid="related-cases"')[1].split("</form>")[0]
    assert ours_too.number in box and theirs.number not in box
    mine.refresh_from_db()
    refused = client.post(
        reverse("cases:related", args=[mine.pk]),
        {"version": str(mine.version), "cases": str(theirs.pk)},
    )
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.linked_to_id is None and mine.linked_to_id is None
    assert not mine.events.filter(action__startswith="cases.case.link").exists()
    linked = client.post(
        reverse("cases:related", args=[mine.pk]),
        {"version": str(mine.version), "cases": str(ours_too.pk)},
    )
    assert linked.status_code == 302
