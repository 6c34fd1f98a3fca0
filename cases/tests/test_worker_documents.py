"""What a worker signs, reads and is told: the mediation agreement valid on its face,
the privacy notice before submitting, the timeline in past-tense events, and the
personal data removed after the retention period with the figures kept."""

import json
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases import retention, services
from cases.models import Case, CaseEvent, Complainant, Evidence
from cases.views import TRACKED_SESSION_KEY
from dashboard.figures import DashboardFilters
from dashboard.rollups import rollups_rebuild
from dashboard.selectors import dashboard_figures
from hotline import services as hotline_services
from hotline.models import Call
from zhanjiang_union.accounts.roles import Role

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def text_of(response) -> str:
    assert response.status_code == 200
    page = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def with_agreement(make_case, mediator, **overrides):
    case = make_case(**overrides)
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    return services.case_transition(
        case=case,
        action="record_agreement",
        actor=mediator,
        expected_version=case.version,
        agreement={
            "signed_on": date(2026, 3, 5),
            "amount_agreed": Decimal("12800.00"),
            "payment_due": date(2026, 3, 20),
            "terms": "被申请人支付拖欠工资。",
        },
    )


# --- The mediation agreement -----------------------------------------------------------


def test_the_printed_agreement_carries_what_makes_it_valid(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = with_agreement(make_case, mediator)
    client.force_login(mediator)
    page = text_of(client.get(reverse("cases:agreement", args=[case.pk]), **ZH))

    # Art. 14: both parties sign or seal, the mediator signs, the mediation body seals.
    for line in (
        "申请人（签名）：",
        "被申请人（盖章）：",
        "法定代表人或委托代理人（签名）：",
        "调解员（签名）：",
        "调解组织（盖章）：",
    ):
        assert line in page, line
    assert "经调解员签名并加盖调解组织印章后生效" in page
    # Dates as government documents write them, money as …元.
    assert "2026年3月5日" in page and "于2026年3月20日前（含当日）" in page
    assert "人民币12800.00元" in page and "¥" not in page
    assert "2026-03-05" not in page
    # The notices: arbitration (Art. 15), payment order (Art. 16), judicial confirmation.
    assert "另一方当事人可以依法申请仲裁（《中华人民共和国劳动争议调解仲裁法》第十五条）" in page
    assert "向人民法院申请支付令（同法第十六条）" in page
    assert (
        "三十日内，共同向人民法院申请司法确认（《中华人民共和国民事诉讼法》第二百零五条）" in page
    )
    assert re.search(r"申请人：\s*张三", page)  # full-width colon after each label


# --- The privacy notice ----------------------------------------------------------------


def test_the_complaint_form_tells_how_personal_information_is_used_before_submit(client, seeded):
    page = client.get(reverse("cases:complaint_new"), **ZH).content.decode()
    notice = page.index('data-testid="privacy-notice"')
    assert notice < page.index("提交投诉")  # before the submit button
    text = text_of(client.get(reverse("cases:complaint_new"), **ZH))
    # Art. 17: who, what for, how long, how to ask; Art. 30: the ID number's necessity.
    assert "谁来处理：湛江市总工会" in text
    assert "用于什么：登记和办理您的投诉" in text
    assert "保存多久：结案后保存3年" in text
    assert "查阅、复制、更正您的信息" in text
    assert "身份证号码：属于敏感个人信息。我们需要用它核实您的身份" in text
    assert f'href="{reverse("cases:privacy")}"' in page


@override_settings(PERSONAL_DATA_RETENTION_DAYS=400)
def test_the_full_notice_states_the_retention_the_setting_gives(client, seeded):
    text = text_of(client.get(reverse("cases:privacy"), **ZH))
    assert "个人信息处理者" in text and "湛江市总工会" in text
    assert "结案后保存400天" in text
    assert "《中华人民共和国个人信息保护法》第十七条" in text
    form = text_of(client.get(reverse("cases:complaint_new"), **ZH))
    assert "结案后保存400天" in form


# --- De-identification after retention -------------------------------------------------


def snapshot(dashboard) -> list:
    """Every figure and every row of the dashboard, without its time of making."""
    values = [(h.key, str(h.figure.value)) for h in dashboard.headlines]
    for name, table in sorted(dashboard.tables.items()):
        for row in table.rows:
            values.append((name, tuple(row.labels), tuple(str(c.value) for c in row.cells)))
    return values


def figures_now():
    rollups_rebuild()
    filters = DashboardFilters(start=date(2022, 1, 1), end=date(2026, 12, 31))
    return snapshot(dashboard_figures(filters=filters, today=date(2026, 12, 1)))


def stored_text() -> str:
    from hotline.models import Representative, Visit

    dumped = []
    for model in (Case, Complainant, CaseEvent, Evidence, Call, Visit, Representative):
        dumped.append(serializers.serialize("json", model.objects.all()))
    return json.dumps(dumped, ensure_ascii=False)


def test_closed_cases_past_retention_lose_every_personal_datum_and_keep_their_figures(
    make_case, role_users, monkeypatch
):
    mediator, operator = role_users[Role.MEDIATOR], role_users[Role.HOTLINE_OPERATOR]
    old_worker = services.ComplainantInput(
        name="李四海",
        id_number="44080219800101001X",
        phone="13902223333",
        address="湛江市霞山区人民大道南88号",
        email="lisihai@example.cn",
    )
    png = SimpleUploadedFile("工资条.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png")
    old = make_case(complainants=[old_worker], evidence_files=[png], amount_claimed=9000)
    old = services.case_transition(
        case=old,
        action="close",
        actor=mediator,
        expected_version=old.version,
        outcome="withdrawn",
        note="李四海电话13902223333撤回",
    )
    call = hotline_services.call_log(
        operator=operator, received_at=timezone.now(), phone="13902223333",
        caller_name="李四海", summary="李四海反映欠薪", outcome="advice",
    )  # fmt: skip
    Call.objects.filter(pk=call.pk).update(case=old)
    stored = Evidence.objects.get(case=old).file
    assert stored.storage.exists(stored.name)
    # Closed four years ago: past the three years of retention.
    long_ago = timezone.make_aware(datetime.combine(date(2022, 6, 1), time(10)))
    Case.objects.filter(pk=old.pk).update(created_at=long_ago - timedelta(days=30))
    Case.objects.filter(pk=old.pk).update(closed_at=long_ago, amount_recovered=Decimal("9000"))
    CaseEvent.objects.filter(case=old).update(at=long_ago)

    recent_worker = services.ComplainantInput(
        name="王五", id_number="11010519491231002X", phone="13800138000"
    )
    recent = make_case(complainants=[recent_worker])
    recent = services.case_transition(
        case=recent, action="close", actor=mediator, expected_version=recent.version,
        outcome="withdrawn", note="撤回",
    )  # fmt: skip

    before = figures_now()
    assert any("9000" in str(value) for value in before)  # the old case is counted
    assert retention.closed_cases_deidentify() == 1
    assert retention.closed_cases_deidentify() == 0  # once only

    assert figures_now() == before
    text = stored_text()
    for datum in ("李四海", "44080219800101001X", "13902223333", "人民大道南88号",
                  "lisihai@example.cn", "工资条.png"):  # fmt: skip
        assert datum not in text, datum
    assert not stored.storage.exists(stored.name)
    old.refresh_from_db()
    assert old.query_code_hash == "" and old.personal_data_removed_at is not None
    assert (old.number, old.amount_claimed, old.status) == (old.number, Decimal("9000"), "closed")
    # The recent case keeps everything.
    assert "王五" in text and "13800138000" in text
    assert Case.objects.get(pk=recent.pk).query_code_hash


def test_the_removal_runs_each_night_through_the_task(settings, monkeypatch):
    from cases import tasks

    schedule = settings.CELERY_BEAT_SCHEDULE["cases-personal-data-remove"]
    assert schedule["task"] == "cases.tasks.personal_data_remove"
    calls = []
    monkeypatch.setattr(retention, "closed_cases_deidentify", lambda: calls.append(1) or 7)
    assert tasks.personal_data_remove() == 7 and calls == [1]


# --- The worker's timeline -------------------------------------------------------------


def test_the_worker_reads_past_tense_events(client, make_case, role_users):
    mediator = role_users[Role.MEDIATOR]
    case = make_case()
    case = services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )
    from cases import deadlines

    deadlines.deadline_pause(
        deadline=case.deadlines.get(met_at__isnull=True, rule__key="mediation_handling"),
        reason="等待工伤鉴定",
        actor=mediator,
    )
    case = services.case_transition(
        case=case, action="mediation_failed", actor=mediator, expected_version=case.version,
        note="用人单位拒绝调解",
    )  # fmt: skip
    case = services.case_transition(
        case=case, action="hand_to_arbitration", actor=mediator, expected_version=case.version,
        handoff=services.HandoffInput(sent_on=timezone.localdate()),
    )  # fmt: skip
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = text_of(client.get(reverse("cases:track_result"), **ZH))
    for line in ("投诉已登记", "已受理调解申请", "暂停计时（如鉴定期间）", "调解未达成协议",
                 "已引导您申请劳动仲裁"):  # fmt: skip
        assert line in page, line
    # Never a staff command, a rule's name or a power the union lacks.
    for wrong in ("登记调解不成", "引导（协助）职工申请劳动仲裁", "调解委员会办理期限时限", "移送"):
        assert wrong not in page, wrong


def test_the_worker_reads_the_next_step_in_plain_words(client, make_case, role_users):
    case = make_case()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    page = text_of(client.get(reverse("cases:track_result"), **ZH))
    assert "工会审查并决定是否受理调解：" in page and "分流受理" not in page
    assert "待分流" not in page
    services.case_transition(
        case=case,
        action="accept_mediation",
        actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
    )
    due = case.deadlines.get(rule__key="mediation").due_on
    page = text_of(client.get(reverse("cases:track_result"), **ZH))
    assert f"调解期限（期满未达成调解协议的，您可以申请劳动仲裁）：{due:%Y-%m-%d}" in page
