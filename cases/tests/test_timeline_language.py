"""Each reader sees a case's timeline in their own language, whoever wrote its lines."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cases import deadlines, services
from cases.models import CaseEvent
from cases.timeline import RENDERERS
from cases.views import TRACKED_SESSION_KEY
from cases.workflow import MOVES
from zhanjiang_union.accounts.roles import Role


def timeline_of(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    return re.search(r'data-testid="timeline">(.*?)</ol>', page, re.S).group(1)


def accept_and_pause(case, mediator):
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    deadlines.deadline_pause(
        deadline=case.deadlines.get(met_at__isnull=True, rule__key="mediation_handling"),
        reason="等待鉴定",
        actor=mediator,
    )


def test_the_worker_reads_in_chinese_what_a_mediator_did_in_english(client, make_case, role_users):
    case = make_case()
    with translation.override("en"):
        accept_and_pause(case, role_users[Role.MEDIATOR])
    assert case.events.filter(summary="Accept for mediation").exists()  # as the mediator saw it

    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    timeline = timeline_of(
        client.get(reverse("cases:track_result"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    )

    # Past-tense events, with no internal rule's name.
    assert "投诉已登记" in timeline and "已受理调解申请" in timeline
    assert "暂停计时（如鉴定期间）" in timeline and "调解委员会办理期限" not in timeline
    assert "Accept for mediation" not in timeline and "Clock of" not in timeline


def test_staff_reading_in_english_see_english_for_steps_taken_in_chinese(
    client, make_case, role_users
):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    with translation.override("zh-hans"):
        accept_and_pause(case, mediator)
        services.note_add(case=case, actor=mediator, text="企业负责人态度差")

    client.force_login(mediator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    timeline = timeline_of(client.get(reverse("cases:detail", args=[case.pk])))

    assert "Complaint registered" in timeline and "Accept for mediation" in timeline
    assert "Clock of Mediation committee’s handling limit paused" in timeline
    assert "Internal note" in timeline
    for chinese in ("投诉已登记", "受理调解", "时限已暂停计时", "内部备注", "调解委员会办理期限"):
        assert chinese not in timeline


def test_deadline_lines_cost_no_query_each_on_the_case_page(client, make_case, role_users):
    from cases.tests.test_queries import count_queries

    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    triage = case.deadlines.get()
    client.force_login(mediator)
    url = reverse("cases:detail", args=[case.pk])
    deadlines.deadline_pause(deadline=triage, reason="联系不上", actor=mediator)
    few = count_queries(client, url)
    for _ in range(5):
        deadlines.deadline_resume(deadline=triage, actor=mediator)
        deadlines.deadline_pause(deadline=triage, reason="联系不上", actor=mediator)
    assert count_queries(client, url) == few


# --- The registry --------------------------------------------------------------------


def actions_written_by_the_code() -> set[str]:
    """Every dotted action a service writes: the literals, and a transition per move."""
    root = Path(__file__).resolve().parents[2]
    written = {f"cases.case.{move.action}" for move in MOVES}
    for app in ("cases", "hotline", "performance"):
        for source in (root / app).rglob("*.py"):
            if "tests" in source.parts or "migrations" in source.parts:
                continue
            written |= set(re.findall(r'action="([a-z_]+(?:\.[a-z_]+)+)"', source.read_text()))
    return written


NUMBER = "湛工维〔2026〕00001号"
SAMPLE_DATA = {
    "cases.case.filed": {"channel": "web", "collective": False},
    "cases.handoff.acknowledged": {"handoff_id": 1, "body": "arbitration", "by": "李仲裁"},
    "cases.case.assigned": {"from": None, "to": 1, "handler": "王调解"},
    "cases.case.handed_down": {"handoff_id": 1, "from": "雷州市总工会", "to": "客路镇总工会"},
    "cases.case.seconded": {
        "secondment_id": 1,
        "handler": "梁文杰",
        "organisation": "客路镇总工会",
        "organisation_en": "Kelu Town Federation of Trade Unions",
    },
    "cases.case.secondment_acknowledged": {
        "secondment_id": 1,
        "handler": "梁文杰",
        "organisation": "客路镇总工会",
        "organisation_en": "Kelu Town Federation of Trade Unions",
    },
    "cases.case.secondment_declined": {
        "secondment_id": 1,
        "handler": "梁文杰",
        "organisation": "客路镇总工会",
        "organisation_en": "Kelu Town Federation of Trade Unions",
    },
    "cases.case.organisation_merged": {"from": "附城镇总工会", "to": "雷州市总工会"},
    "cases.case.reported_up": {"handoff_id": 1, "from": "客路镇总工会", "to": "雷州市总工会"},
    "cases.note.added": {},
    "cases.session.scheduled": {"session_id": 1, "at": "2026-11-25T01:30:00+00:00"},
    "cases.session.result": {"session_id": 1, "result": "agreement"},
    "cases.case.recovered": {"amount": "12800.00"},
    "cases.case.linked": {"related": 2, "number": NUMBER},
    "cases.case.merged_away": {"into": 2, "number": NUMBER},
    "cases.case.merged": {"merged": [NUMBER, "湛工维〔2026〕00002号"]},
    "cases.case.mass_incident": {},
    "cases.collective.merged": {"count": 1999, "workers": 2000, "first": [NUMBER]},
    "cases.collective.split": {"from": 2, "number": NUMBER},
    "cases.collective.split_out": {"number": NUMBER, "workers": 1},
    "cases.collective.representative": {"name": "张三"},
    "cases.collective.unrepresented": {"name": "张三"},
    "cases.collective.notice": {"subject": "调解会通知", "workers": 2000},
    "cases.reopen.requested": {"request_id": 1},
    "cases.reopen.declined": {"request_id": 1, "reason": "超出本次调解范围"},
    "cases.evidence.added": {"evidence": [1, 2]},
    "cases.deadline.extended": {
        "rule": "mediation",
        "from": "2026-12-10",
        "to": "2026-12-25",
        "approver": "陈部长",
        "days": 15,
        "unit": "calendar",
    },
    "cases.deadline.paused": {"rule": "mediation"},
    "cases.deadline.resumed": {"rule": "triage", "days": 2, "unit": "working", "due": "2026-12-01"},
    "cases.deadline.recomputed": {"rule": "triage", "due": "2026-12-02", "before": "2026-12-01"},
    "hotline.call.linked": {"call_id": 1, "received_at": "2026-11-25T01:30:00+00:00"},
    "hotline.visit.linked": {
        "visit_id": 1,
        "visited_at": "2026-11-25T01:30:00+00:00",
        "visitors": 6,
    },
    "hotline.external_petition.recorded": {"level": "provincial", "date": "2026-11-20"},
    "hotline.follow_up.recorded": {"result": "satisfied"},
    "api.work_order.received": {
        "order_number": "GD-1",
        "sign_by": "2026-11-25T03:30:00+00:00",
        "reply_by": "2026-11-30T03:30:00+00:00",
        "linked": True,
    },
    "documents.document.made": {"kind": "acceptance", "number": "湛工维受〔2026〕1号", "document": 1},
    "api.work_order.signed": {"order_number": "GD-1"},
    "api.work_order.extension_asked": {"order_number": "GD-1", "date": "2026-12-10"},
    "api.work_order.extension_granted": {
        "order_number": "GD-1",
        "reply_by": "2026-12-10T03:30:00+00:00",
    },
    "api.work_order.extension_refused": {"order_number": "GD-1"},
    "api.work_order.send_back_asked": {"order_number": "GD-1"},
    "api.work_order.sent_back": {"order_number": "GD-1"},
    "api.work_order.send_back_refused": {"order_number": "GD-1"},
    "api.work_order.replied": {"order_number": "GD-1"},
    "api.work_order.rated": {
        "order_number": "GD-1",
        "rating": "dissatisfied",
        "rework_reply_by": "2026-12-12T03:30:00+00:00",
    },
    "performance.schedule.set": {"instalments": [{"amount": "6400.00", "due": "2026-12-10"}] * 2},
    "performance.payment.recorded": {
        "instalment": 2, "amount": "3000.00", "paid_on": "2026-12-20", "owed": "3400.00",
        "late": True,
    },
    "performance.non_payment.reported": {},
    "performance.confirmation.recorded": {"result": "confirmed", "on": "2026-12-15"},
    "performance.award.received": {"received_on": "2026-12-03", "amount": "8000.00", "final": True},
    "performance.limitation.recorded": {"knew_on": "2026-03-01"},
}  # fmt: skip
for move in MOVES:
    SAMPLE_DATA[f"cases.case.{move.action}"] = (
        {"outcome": move.outcome_choices[0]} if move.outcome_choices else {}
    )


def test_every_action_the_code_writes_has_a_renderer():
    written = actions_written_by_the_code()
    assert len(written) > len(MOVES) + 15  # the scan found the services' literals
    assert written - set(RENDERERS) == set()
    assert set(SAMPLE_DATA) == set(RENDERERS)


@pytest.mark.parametrize("action", sorted(SAMPLE_DATA))
def test_each_line_is_worded_in_both_languages(seeded, action):
    event = CaseEvent(action=action, data=SAMPLE_DATA[action], summary="stored summary")
    lines = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            lines[language] = event.text
        assert lines[language] not in ("", "stored summary")
        assert "%(" not in lines[language]
    assert lines["en"] != lines["zh-hans"]


def test_a_session_time_is_shown_in_local_time(seeded):
    event = CaseEvent(action="cases.session.scheduled", data=SAMPLE_DATA["cases.session.scheduled"])
    with translation.override("en"):
        assert event.text == "Mediation session scheduled for 2026-11-25 09:30"


def test_an_unknown_action_or_an_older_line_shows_its_stored_summary(seeded):
    unknown = CaseEvent(action="cases.case.teleported", data={}, summary="案件已传送")
    older = CaseEvent(action="cases.deadline.paused", data={"deadline_id": 1}, summary="旧记录")
    bad_key = CaseEvent(action="cases.session.result", data={"result": "gone"}, summary="旧结果")
    with translation.override("en"):
        assert unknown.text == "案件已传送"
        assert older.text == "旧记录"
        assert bad_key.text == "旧结果"


@pytest.mark.parametrize("action", sorted(SAMPLE_DATA))
def test_the_worker_line_is_a_past_event_in_both_languages(seeded, action):
    from cases.timeline import worker_text

    event = CaseEvent(action=action, data=SAMPLE_DATA[action], summary="stored summary")
    with translation.override("zh-hans"):
        line = worker_text(event)
        command = event.text
    assert line not in ("", "stored summary") and "%(" not in line
    if action.startswith("cases.case.") and action.removeprefix("cases.case.") in {
        move.action for move in MOVES
    }:
        assert line != command  # the worker never reads the staff's command
    # No rule's internal name and no power the union lacks.
    for wrong in ("调解委员会办理期限", "分流受理", "移送仲裁", "立案", "中止"):
        assert wrong not in line
    # A reason is never given twice (不予受理（…）：不予受理（…）).
    assert line.count("不予受理") <= 1
