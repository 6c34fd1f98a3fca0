"""Each move between stages records when the case entered the stage it leaves, which
the dashboard's time in each stage reads; the bulk fill (used by the data generators
and the migration) gives the same answer as the services."""

from datetime import timedelta

from django.utils import timezone

from cases import services
from cases.management.commands.generate_cases import case_event_stage_entries_fill
from cases.models import CaseEvent
from zhanjiang_union.accounts.roles import Role


def test_moves_between_stages_record_when_the_stage_began(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()

    def move(action, days, **kwargs):
        nonlocal case
        case = services.case_transition(
            case=case, action=action, actor=mediator, expected_version=case.version,
            note="测试", **kwargs,
        )  # fmt: skip
        # As if it happened `days` after filing (the timeline says when).
        latest = case.events.latest("id")
        CaseEvent.objects.filter(pk=latest.pk).update(at=filed + timedelta(days=days))

    filed = timezone.now() - timedelta(days=30)
    case.events.update(at=filed)
    move("accept_mediation", 2)  # intake: 2 days
    move("mediation_failed", 5)  # inside mediation: no stay ends
    move("hand_to_arbitration", 9, handoff=services.HandoffInput(sent_on=filed.date()))
    move("close", 20, outcome="withdrawn")
    move("reopen", 25)

    moves = list(case.events.exclude(to_status="").order_by("at", "id"))
    recorded = [(event.to_status, event.stage_entered_at) for event in moves]
    assert recorded == [
        ("intake", None),  # the filing begins the first stay
        ("mediation", filed),
        ("mediation_failed", None),
        ("arbitration", filed + timedelta(days=2)),
        ("closed", filed + timedelta(days=9)),
        ("intake", filed + timedelta(days=20)),  # time closed is not a stay (the dashboard)
    ]

    CaseEvent.objects.update(stage_entered_at=None)
    case_event_stage_entries_fill()
    assert [(e.to_status, e.stage_entered_at) for e in case.events.exclude(to_status="")
            .order_by("at", "id")] == recorded  # fmt: skip
