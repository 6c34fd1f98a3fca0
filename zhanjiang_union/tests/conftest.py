"""Fixtures of the portal-wide tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Handoff
from hotline.tests.conftest import grant_hotline_permissions
from zhanjiang_union.accounts.roles import Role


@pytest.fixture
def world(make_case, make_user, role_users, seeded):
    """One of each object the URLs name, in 职工维权与服务部, and who may post to them."""
    from hotline import services as hotline_services
    from leadership import services as leadership_services
    from leadership.periods import last_ended_period
    from zhanjiang_union.accounts.models import Department
    from zhanjiang_union.notifications.models import Notification

    users = {role: grant_hotline_permissions(user, role) for role, user in role_users.items()}
    mediator = users[Role.MEDIATOR]
    case = make_case(employer_credit_code="91440800MA4UJ8XY1C")
    related = make_case(employer_credit_code="91440800MA4UJ8XY1C")
    mediating = make_case()
    case_services.case_transition(
        case=mediating,
        action="accept_mediation",
        actor=mediator,
        expected_version=mediating.version,
    )
    mediating.refresh_from_db()
    session = case_services.session_schedule(
        case=mediating,
        actor=mediator,
        scheduled_at=timezone.now() + timedelta(days=1),
        place="调解室",
    )
    handoff = Handoff.objects.create(
        case=case, body="arbitration", sent_on=timezone.localdate(), sent_by=mediator
    )
    closed = make_case()
    Case.objects.filter(pk=closed.pk).update(status="closed", outcome="withdrawn",
                                             closed_at=timezone.now())  # fmt: skip
    filed = make_case(filed_by=users[Role.WORKER])
    call = hotline_services.call_log(
        operator=users[Role.HOTLINE_OPERATOR], received_at=timezone.now(),
        phone="13800138000", summary="咨询", outcome="callback",
    )  # fmt: skip
    visit = hotline_services.visit_record(
        actor=users[Role.HOTLINE_OPERATOR], visited_at=timezone.now(), visitor_count=1,
        demands="要求支付工资。",
    )  # fmt: skip
    report = leadership_services.report_open_for_period(
        department=Department.objects.get(code="rights"),
        period_start=last_ended_period(timezone.localdate()).start,
    )
    note = Notification.objects.create(recipient=mediator, subject="提醒")
    from cases.models import ReopenRequest
    from leadership.models import RosterMember

    reopen = ReopenRequest.objects.create(case_id=closed.pk, reason="欠款未付")
    from knowledge.models import TypicalCase

    typical = TypicalCase.objects.create(
        title="典型案例", facts="经过", source_case_id=closed.pk, department=closed.department
    )
    from zhanjiang_union.organisations.models import Organisation

    objects = {
        "member": RosterMember.objects.first().pk, "reopen": reopen.pk, "typical_case": typical.pk,
        "case": case.pk, "filed_case": filed.pk, "mediating": mediating.pk,
        "session": session.pk, "handoff": handoff.pk, "deadline": case.deadlines.first().pk,
        "closed_case": closed.pk, "call": call.pk, "visit": visit.pk, "report": report.pk,
        "notification": note.pk, "related": str(related.pk), "number": case.number,
        "county": Organisation.objects.get(code="leizhou").pk,
    }  # fmt: skip
    return users, objects
