"""Fixtures of the portal-wide tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Handoff
from zhanjiang_union.accounts.roles import Role


@pytest.fixture
def world(make_case, make_user, role_users, seeded):
    """One of each object the URLs name, in 职工维权与服务部, and who may post to them."""
    from hotline import services as hotline_services
    from leadership import services as leadership_services
    from leadership.periods import last_ended_period
    from zhanjiang_union.accounts.models import Department
    from zhanjiang_union.notifications.models import Notification

    users = dict(role_users)
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
    from knowledge.models import Lecture, TypicalCase

    typical = TypicalCase.objects.create(
        title="典型案例", facts="经过", source_case_id=closed.pk, department=closed.department
    )
    head = users[Role.DEPARTMENT_HEAD]
    lecture = Lecture.objects.create(
        title="普法讲座", place="报告厅", starts_at=timezone.now(), published=True,
        department=head.department, created_by=head,
    )  # fmt: skip
    # After the agreement and the award (performance): a worker's case with an agreement,
    # its instalment, and a case whose award is recorded.
    from decimal import Decimal

    from cases.models import ArbitrationAward

    agreed = make_case(filed_by=users[Role.WORKER])
    for action, extra in (
        ("accept_mediation", {}),
        ("record_agreement", {"agreement": {
            "signed_on": timezone.localdate(), "amount_agreed": Decimal("1000.00"),
            "payment_due": timezone.localdate(), "terms": "支付工资。"}}),
    ):  # fmt: skip
        agreed = case_services.case_transition(
            case=agreed, action=action, actor=mediator, expected_version=agreed.version, **extra
        )
    awarded = make_case()
    Case.objects.filter(pk=awarded.pk).update(status="award")
    ArbitrationAward.objects.create(
        case=awarded, awarded_on=timezone.localdate(), document_number="湛劳人仲案字〔2026〕1号"
    )
    from zhanjiang_union.organisations.models import Organisation
    from zhanjiang_union.testing import register_objects

    objects = {
        "agreed": agreed.pk, "awarded": awarded.pk,
        "instalment": agreed.agreement.instalments.get().pk,
        "member": RosterMember.objects.first().pk, "reopen": reopen.pk, "typical_case": typical.pk,
        "lecture": lecture.pk,
        "case": case.pk, "filed_case": filed.pk, "mediating": mediating.pk,
        "session": session.pk, "handoff": handoff.pk, "deadline": case.deadlines.first().pk,
        "closed_case": closed.pk, "call": call.pk, "visit": visit.pk, "report": report.pk,
        "notification": note.pk, "related": str(related.pk), "number": case.number,
        "county": Organisation.objects.get(code="leizhou").pk,
        **register_objects(case, "leizhou", make_user),
    }  # fmt: skip
    return users, objects
