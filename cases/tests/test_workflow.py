"""The transition table: every allowed move works, every other is refused and changes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from cases import services
from cases.models import ArbitrationAward, Case, CaseEvent, Handoff
from cases.workflow import MOVES, Outcome, Status, outcomes_for
from zhanjiang_union.accounts.roles import Role


def put_in(case: Case, status: str) -> Case:
    # Place a case in a status directly, to test each move from it.
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def move_kwargs(move, status):
    kwargs = {"note": "理由说明"}
    outcomes = outcomes_for(move, status)
    if outcomes:
        kwargs["outcome"] = outcomes[0]
    if move.action == "close" and status == Status.AGREEMENT:
        # "Agreement performed" needs the schedule paid (performance/tests): another outcome.
        kwargs["outcome"] = Outcome.WITHDRAWN
    if move.handoff_to:
        kwargs["handoff"] = services.HandoffInput(
            sent_on=date(2026, 11, 20), document_number="湛劳仲移〔2026〕1号"
        )
    if move.action == "record_agreement":
        kwargs["agreement"] = {
            "signed_on": date(2026, 11, 20),
            "amount_agreed": Decimal("10000.00"),
            "payment_due": date(2026, 11, 30),
            "terms": "被申请人支付工资。",
        }
    if move.action == "record_award":
        kwargs["award"] = {
            "awarded_on": date(2026, 11, 20),
            "document_number": "湛劳人仲案字〔2026〕12号",
            "amount_awarded": Decimal("8000.00"),
            "is_final": True,
        }
    return kwargs


ALLOWED = [(move, source) for move in MOVES for source in move.sources]
FORBIDDEN = [
    (move, status) for move in MOVES for status in Status.values if status not in move.sources
]


@pytest.mark.parametrize("move, source", ALLOWED, ids=[f"{m.action}-from-{s}" for m, s in ALLOWED])
def test_every_allowed_move_works_and_writes_the_timeline(make_case, role_users, move, source):
    mediator = role_users[Role.MEDIATOR]
    case = put_in(make_case(), source)
    if move.action == "apply_enforcement":
        # A final award is in force when made (Art. 47): enforcement may follow at once.
        ArbitrationAward.objects.create(
            case=case, awarded_on=date(2026, 11, 20), document_number="湛劳人仲案字〔2026〕12号",
            is_final=True,
        )  # fmt: skip
    events_before = case.events.count()
    case = services.case_transition(
        case=case, action=move.action, actor=mediator, expected_version=case.version,
        **move_kwargs(move, source),
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == move.target
    event = case.events.last()
    assert case.events.count() == events_before + 1
    assert (event.from_status, event.to_status, event.actor) == (source, move.target, mediator)
    assert event.action == f"cases.case.{move.action}"
    if move.handoff_to:
        assert case.handoffs.get().body == move.handoff_to
    if move.target == Status.CLOSED:
        assert case.outcome and case.closed_at


@pytest.mark.parametrize(
    "move, status", FORBIDDEN, ids=[f"{m.action}-from-{s}" for m, s in FORBIDDEN]
)
def test_every_forbidden_move_is_refused_and_changes_nothing(make_case, role_users, move, status):
    case = put_in(make_case(), status)
    before = (case.status, case.version, case.events.count(), Handoff.objects.count())
    with pytest.raises(services.MoveNotAllowed) as refused:
        services.case_transition(
            case=case, action=move.action, actor=role_users[Role.MEDIATOR],
            expected_version=case.version, **move_kwargs(move, status),
        )  # fmt: skip
    assert str(Status(status).label) in refused.value.message  # says where the case stands
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count(), Handoff.objects.count()) == before


def test_closing_needs_an_outcome_that_fits(make_case, role_users):
    case = put_in(make_case(), Status.AWARD)
    with pytest.raises(services.MoveNotAllowed):
        services.case_transition(
            case=case, action="close", actor=role_users[Role.MEDIATOR],
            expected_version=case.version, outcome="agreement_performed",
        )  # fmt: skip
    assert Case.objects.get(pk=case.pk).status == Status.AWARD


def test_not_accepting_needs_a_reason(make_case, role_users):
    case = make_case()
    with pytest.raises(services.CaseError):
        services.case_transition(
            case=case, action="not_accept", actor=role_users[Role.MEDIATOR],
            expected_version=case.version, outcome="not_accepted", note="  ",
        )  # fmt: skip
    assert Case.objects.get(pk=case.pk).status == Status.INTAKE


def test_handoff_stays_open_until_acknowledged(make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = put_in(make_case(), Status.MEDIATION_FAILED)
    services.case_transition(
        case=case, action="hand_to_arbitration", actor=mediator, expected_version=case.version,
        handoff=services.HandoffInput(sent_on=date(2026, 11, 20), receiver_name="湛江市劳动人事争议仲裁委员会",
                                      document_number="湛工移〔2026〕7号", note="调解不成，引导职工申请仲裁"),
    )  # fmt: skip
    handoff = Handoff.objects.get(case=case)
    assert handoff.is_open
    assert [h.pk for h in case.handoffs.filter(acknowledged_at__isnull=True)] == [handoff.pk]

    services.handoff_acknowledge(handoff=handoff, actor=mediator, acknowledged_by_name="李仲裁")
    handoff.refresh_from_db()
    assert not handoff.is_open and handoff.acknowledged_by_name == "李仲裁"
    assert case.events.last().action == "cases.handoff.acknowledged"
    with pytest.raises(services.CaseError):
        services.handoff_acknowledge(handoff=handoff, actor=mediator, acknowledged_by_name="又一次")


def test_a_stale_version_is_refused_with_who_and_when(make_case, role_users):
    head, mediator = role_users[Role.DEPARTMENT_HEAD], role_users[Role.MEDIATOR]
    case = make_case()
    opened_at = case.version
    services.case_assign(case=case, handler=mediator, actor=head, expected_version=opened_at)
    with pytest.raises(services.CaseChanged) as refused:
        services.case_transition(
            case=case, action="accept_mediation", actor=mediator, expected_version=opened_at
        )
    assert str(head) in refused.value.message
    case.refresh_from_db()
    assert case.status == Status.INTAKE and case.handler == mediator


def test_timeline_is_append_only(make_case):
    event = make_case().events.get()
    event.summary = "改写"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).summary != "改写"


def test_collective_flag_and_merge_keep_each_worker(make_case, role_users):
    big = make_case(workers_involved=12)
    assert big.is_collective
    first, second = make_case(workers_involved=4), make_case(workers_involved=6)
    target = services.cases_merge(target=first, sources=[second], actor=role_users[Role.MEDIATOR])
    assert target.workers_involved == 10 and target.is_collective
    assert target.complainants.count() == 2
    second.refresh_from_db()
    assert (second.status, second.outcome, second.merged_into) == (Status.CLOSED, "merged", target)
    assert target.events.last().action == "cases.collective.merged"
    assert second.events.last().action == "cases.case.merged_away"
