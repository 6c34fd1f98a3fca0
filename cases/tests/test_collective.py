"""Collective disputes at full size: the related-complaints box, the set-wise merge and
its undo, the roll and its export, representatives and notices."""

import secrets
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import collective
from cases.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CollectiveNoticeDelivery,
    CollectiveRepresentative,
    Complainant,
)
from cases.services import case_number_format
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.notifications.models import Notification
from zhanjiang_union.testing import VALID_ID


def complaints_like(case: Case, count: int, *, amount: str = "3000.00", phone_from=13900000000):
    """`count` open complaints against the case's employer, one worker each, written in
    bulk (filing each through the form's service would take minutes); numbered and
    with a timeline line like any filed complaint."""
    start = Case.objects.filter(year=case.year).order_by("-sequence").first().sequence + 1
    rows = []
    for offset in range(count):
        sequence = start + offset
        rows.append(
            Case(
                year=case.year,
                sequence=sequence,
                number=case_number_format(case.year, sequence),
                query_code_hash=secrets.token_hex(32),
                employer_name=case.employer_name,
                employer_key=case.employer_key,
                employer_credit_code=case.employer_credit_code,
                district_id=case.district_id,
                industry=case.industry,
                category_id=case.category_id,
                amount_claimed=Decimal(amount),
                facts="工资未发放。",
                demand=f"支付工资{offset}",
                channel="web",
                department_id=case.department_id,
            )
        )
    made = Case.objects.bulk_create(rows)
    CaseNumberCounter.objects.filter(year=case.year).update(last=start + count - 1)
    Complainant.objects.bulk_create(
        Complainant(case=made_case, name=f"工人{i}", id_number=VALID_ID, phone=str(phone_from + i))
        for i, made_case in enumerate(made)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case=made_case, action="cases.case.filed", summary="登记", to_status="intake",
                  data={"channel": "web", "collective": False})
        for made_case in made
    )  # fmt: skip
    return made


def counted_get(client, url):
    """The page (200) and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def mediator(role_users):
    return role_users[Role.MEDIATOR]


# --- The related-complaints box ---------------------------------------------------------


def test_case_page_with_hundreds_of_related_complaints_stays_small(client, make_case, mediator):
    case = make_case(amount_claimed=Decimal("5000"))
    client.force_login(mediator)
    url = reverse("cases:detail", args=[case.pk])

    def page():
        return counted_get(client, url)

    complaints_like(case, 20)
    few, few_queries = page()
    complaints_like(case, 400)
    many, many_queries = page()

    assert many_queries == few_queries
    # One page of ten, not a line per complaint: the page hardly grows.
    assert len(many.content) < len(few.content) + 2000
    assert len(many.content) < 100_000
    text = many.content.decode()
    summary = text[text.index('data-testid="related-summary"') :][:300]
    assert "420" in summary and "1260000.00" in summary  # the figures, summed in the database
    assert text.count('name="cases"') == 10
    second = client.get(url, {"related": 2}).content.decode()
    assert second.count('name="cases"') == 10 and "2 / 42" in second


def test_ticking_complaints_on_the_case_page_merges_them(client, make_case, mediator):
    case = make_case()
    others = complaints_like(case, 3)
    client.force_login(mediator)
    response = client.post(
        reverse("cases:related", args=[case.pk]),
        {"version": case.version, "cases": [others[0].pk, others[1].pk], "merge": "1"},
    )
    assert response.status_code == 302
    merged = Case.objects.filter(merged_into=case)
    assert set(merged.values_list("pk", flat=True)) == {others[0].pk, others[1].pk}
    assert Case.objects.get(pk=others[2].pk).status == "intake"


# --- Merge and split -------------------------------------------------------------------


def _merge_all(case, user):
    sources = collective.collective_candidates(
        case=case, user=user, filters=collective.CandidateFilters()
    )
    return collective.collective_merge(target=case, sources=sources, actor=user)


def test_merge_keeps_every_worker_with_their_own_claim_and_amount(make_case, mediator):
    case = make_case(amount_claimed=Decimal("8000"))
    others = complaints_like(case, 30, amount="2500.50")
    assert _merge_all(case, mediator) == 30

    case.refresh_from_db()
    assert case.workers_involved == 31 and case.is_collective
    roll = list(collective.collective_roll(case=case))
    assert len(roll) == 31
    by_origin = {person.origin_case_id: person for person in roll}
    for other in others:
        person = by_origin[other.pk]
        assert person.origin_case.amount_claimed == Decimal("2500.50")
        assert person.origin_case.demand.startswith("支付工资")
    totals = collective.collective_totals(case=case)
    assert totals["amount_claimed"] == Decimal("8000") + 30 * Decimal("2500.50")
    assert totals["workers"] == 31 and totals["complaints"] == 31

    # One line on the collective case with the count; one on each complaint merged.
    line = case.events.get(action="cases.collective.merged")
    assert "30" in line.text and "31" in line.text
    assert CaseEvent.objects.filter(action="cases.case.merged_away").count() == 30
    away = others[7].events.get(action="cases.case.merged_away")
    assert (away.from_status, away.to_status, away.data["into"]) == ("intake", "closed", case.pk)
    assert case.number in away.text and away.actor == mediator
    # When the complaint entered the stage it leaves: its filing.
    assert away.stage_entered_at == others[7].events.get(action="cases.case.filed").at
    closed = Case.objects.filter(pk__in=[o.pk for o in others])
    assert set(closed.values_list("status", "outcome")) == {("closed", "merged")}
    assert not closed.exclude(deadline_state="").exists()


def test_merge_statements_do_not_grow_with_the_complaints(make_case, mediator):
    def statements(count, name):
        case = make_case(employer_name=name)
        complaints_like(case, count)
        with CaptureQueriesContext(connection) as queries:
            _merge_all(case, mediator)
        return len(queries)

    statements(12, "湛江甲厂")  # the first merge fills caches every later one reads
    few, many = statements(12, "湛江乙厂"), statements(150, "湛江丙厂")
    # The same statements; SQLite alone splits the one INSERT of the timeline lines into
    # chunks of its 999 parameters (one more per ~90 complaints), PostgreSQL does not.
    expected_chunks = 1 if connection.vendor == "sqlite" else 0
    assert few <= many <= few + expected_chunks


def test_a_merge_the_set_changed_under_is_refused(make_case, mediator):
    case = make_case()
    complaints_like(case, 4)
    sources = collective.collective_candidates(
        case=case, user=mediator, filters=collective.CandidateFilters()
    )
    with pytest.raises(collective.CollectiveError):
        collective.collective_merge(target=case, sources=sources, actor=mediator, expected_count=3)
    assert not Case.objects.filter(merged_into=case).exists()


def test_split_puts_a_worker_back_on_their_complaint(make_case, mediator):
    case = make_case()
    others = complaints_like(case, 12)
    _merge_all(case, mediator)
    case.refresh_from_db()
    origin = others[5]
    collective.collective_split(case=case, origin_id=origin.pk, actor=mediator)

    origin.refresh_from_db()
    case.refresh_from_db()
    assert origin.status == "intake" and origin.merged_into is None and origin.outcome == ""
    assert list(origin.complainants.values_list("name", flat=True)) == ["工人5"]
    assert origin.deadlines.filter(met_at__isnull=True).exists()  # its clock runs again
    assert case.workers_involved == 12 and case.complainants.count() == 12
    assert origin.events.filter(action="cases.collective.split").exists()
    assert origin.number in case.events.get(action="cases.collective.split_out").text
    with pytest.raises(collective.CollectiveError):
        collective.collective_split(case=case, origin_id=origin.pk, actor=mediator)


def test_merge_page_merges_all_by_filter_after_confirming_the_count(client, make_case, mediator):
    case = make_case()
    complaints_like(case, 25)
    client.force_login(mediator)
    url = reverse("cases:collective_merge", args=[case.pk])
    preview = client.get(url, {"selection": "all"})
    assert preview.status_code == 200
    assert 'name="expected_count" value="25"' in preview.content.decode()
    refused = client.post(url, {"selection": "all", "expected_count": "24"})
    assert refused.status_code == 409 and not Case.objects.filter(merged_into=case).exists()
    done = client.post(url, {"selection": "all", "expected_count": "25"})
    assert done.status_code == 302
    assert Case.objects.filter(merged_into=case).count() == 25


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_a_filing_date_out_of_range_is_refused_with_a_message(client, make_case, mediator, typed):
    case = make_case()
    complaints_like(case, 3)
    client.force_login(mediator)
    url = reverse("cases:collective_merge", args=[case.pk])
    for answer in (
        client.get(url, {"selection": "all", "filed_from": typed}),
        client.post(url, {"selection": "all", "filed_to": typed, "expected_count": "3"}),
    ):
        assert answer.status_code == 400
        assert "请输入2000-01-01至2099-12-31之间的日期" in answer.content.decode()
    assert not Case.objects.filter(merged_into=case).exists()


def test_merge_page_takes_the_case_numbers_typed(client, make_case, mediator):
    case = make_case()
    others = complaints_like(case, 5)
    client.force_login(mediator)
    url = reverse("cases:collective_merge", args=[case.pk])
    numbers = f"{others[0].number}, {others[3].number}"
    bad = client.post(url, {"selection": "numbers", "numbers": "", "expected_count": "2"})
    assert bad.status_code == 400
    response = client.post(url, {"selection": "numbers", "numbers": numbers, "expected_count": "2"})
    assert response.status_code == 302
    assert set(Case.objects.filter(merged_into=case).values_list("pk", flat=True)) == {
        others[0].pk,
        others[3].pk,
    }


def test_roll_page_is_paged_with_constant_queries(client, make_case, mediator, role_users):
    case = make_case()
    client.force_login(mediator)
    url = reverse("cases:collective", args=[case.pk])

    def load():
        return counted_get(client, url)

    complaints_like(case, 10, phone_from=13800000000)
    _merge_all(case, mediator)
    _few, few_queries = load()
    complaints_like(case, 200, phone_from=13700000000)
    _merge_all(case, mediator)
    many, many_queries = load()
    assert many_queries == few_queries
    text = many.content.decode()
    assert "211" in text and text.count("Split back out") + text.count("拆分") >= 49
    # The leadership reads it masked.
    client.force_login(role_users[Role.LEADERSHIP])
    masked = client.get(url).content.decode()
    assert "13700000005" not in masked and "13700000005" in text


def test_roll_exports_to_xlsx_masked_for_readers_who_may_not_see_personal_data(
    client, make_case, mediator, role_users
):
    from openpyxl import load_workbook

    case = make_case()
    complaints_like(case, 15)
    _merge_all(case, mediator)

    def rows(user):
        client.force_login(user)
        response = client.get(reverse("cases:collective_xlsx", args=[case.pk]))
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content)).active
        return list(sheet.iter_rows(min_row=2, values_only=True))

    full = rows(mediator)
    assert len(full) == 16
    assert any(row[3] == "13900000007" for row in full)
    assert any(row[5] == "3000.00" or row[5] == 3000 for row in full)
    masked = rows(role_users[Role.LEADERSHIP])
    assert len(masked) == 16 and all(row[3] != "13900000007" for row in masked)
    assert all(VALID_ID not in str(row[2]) for row in masked)


# --- Representatives and notices -------------------------------------------------------


def test_representatives_are_recorded_and_withdrawn(client, make_case, mediator):
    case = make_case()
    complaints_like(case, 11)
    _merge_all(case, mediator)
    person = case.complainants.order_by("id")[3]
    client.force_login(mediator)
    url = reverse("cases:collective_representative", args=[case.pk])
    assert client.post(url, {"complainant": person.pk, "chosen": "1"}).status_code == 302
    assert CollectiveRepresentative.objects.filter(case=case, complainant=person).exists()
    page = client.get(reverse("cases:collective", args=[case.pk])).content.decode()
    assert page.count("badge text-bg-info") == 1
    client.post(url, {"complainant": person.pk, "chosen": "0"})
    assert not CollectiveRepresentative.objects.exists()
    assert case.events.filter(action="cases.collective.representative").exists()


def test_notice_reaches_each_worker_once_in_batches_within_the_rate(
    make_case, mediator, settings, django_capture_on_commit_callbacks
):
    settings.COLLECTIVE_NOTICE_PER_MINUTE = 40
    case = make_case()
    complaints_like(case, 99)
    _merge_all(case, mediator)
    with django_capture_on_commit_callbacks():
        notice = collective.collective_notice_send(
            case=case, subject="调解会通知", body="12月5日上午9时在市总工会调解。", actor=mediator
        )
    assert notice.recipients == 100
    now = timezone.now()
    assert collective.collective_notices_release(now=now) == 40
    # Within the same minute the gateway gets no more, whoever asks.
    assert collective.collective_notices_release(now=now + timezone.timedelta(seconds=30)) == 0
    later = now + timezone.timedelta(minutes=1, seconds=1)
    assert collective.collective_notices_release(now=later) == 40
    assert (
        collective.collective_notices_release(now=later + timezone.timedelta(minutes=1, seconds=1))
        == 20
    )
    assert collective.collective_notices_release(now=later + timezone.timedelta(minutes=5)) == 0

    phones = list(
        Notification.objects.filter(case=case, subject="调解会通知").values_list(
            "to_phone", flat=True
        )
    )
    assert len(phones) == 100 and len(set(phones)) == 100
    assert CollectiveNoticeDelivery.objects.filter(notice=notice).count() == 100
    notice.refresh_from_db()
    assert notice.finished_at is not None


def test_notice_delivery_count_is_shown(client, make_case, mediator, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    case = make_case()
    complaints_like(case, 9)
    _merge_all(case, mediator)
    client.force_login(mediator)
    response = client.post(
        reverse("cases:collective_notice", args=[case.pk]),
        {"subject": "调解会通知", "body": "明天上午调解。"},
    )
    assert response.status_code == 302
    collective.collective_notices_release()
    from zhanjiang_union.notifications.tasks import deliver_pending

    deliver_pending()
    page = client.get(reverse("cases:collective", args=[case.pk])).content.decode()
    assert "调解会通知" in page
    assert Notification.objects.filter(case=case, delivery="sent").count() == 10


# --- Early warning on time -------------------------------------------------------------


def test_a_group_dispute_forming_warns_the_leadership_once_however_many_follow(
    make_case, role_users
):
    from cases.models import EarlyWarning

    leader = role_users[Role.LEADERSHIP]
    first, second = make_case(), make_case()
    assert not EarlyWarning.objects.exists()
    third = make_case()
    # At the threshold, in the filing's own transaction: the inbox has it at once and
    # the e-mail or SMS is queued when the filing commits.
    assert list(third.warnings.values_list("reason", flat=True)) == ["group_forming"]
    assert Notification.objects.filter(recipient=leader).count() == 1
    for _ in range(25):
        make_case()
    assert EarlyWarning.objects.filter(reason="group_forming").count() == 1
    assert Notification.objects.filter(recipient=leader).count() == 1
    # Another employer is another dispute.
    make_case(employer_name="湛江另一家公司")
    make_case(employer_name="湛江另一家公司")
    make_case(employer_name="湛江另一家公司")
    assert EarlyWarning.objects.filter(reason="group_forming").count() == 2
    assert not first.warnings.exists() and not second.warnings.exists()


@pytest.mark.postgres  # the target is PostgreSQL's
def test_two_thousand_complaints_merge_in_under_two_seconds(make_case, mediator):
    import time

    case = make_case()
    complaints_like(case, 1999)
    started = time.perf_counter()
    assert _merge_all(case, mediator) == 1999
    assert time.perf_counter() - started < 2.0
    assert Complainant.objects.filter(case=case).count() == 2000


def test_the_warnings_complaints_carried_go_with_them_to_the_collective_case(
    client, make_case, mediator
):
    from cases.models import EarlyWarning
    from cases.selectors import WorkbenchFilters, case_workbench_list

    collective_case = make_case(amount_claimed=Decimal("500000"))  # large arrears: warned
    make_case()
    third = make_case()  # a group dispute forming: warned on this one
    big = make_case(amount_claimed=Decimal("800000"))  # large arrears again
    assert set(collective_case.warnings.values_list("reason", flat=True)) == {"large_arrears"}
    assert set(third.warnings.values_list("reason", flat=True)) == {"group_forming"}
    _merge_all(collective_case, mediator)
    # Once each on the case the leadership now follows; none left open on the complaints
    # merged into it (the second large-arrears warning is resolved with its complaint).
    open_warnings = EarlyWarning.objects.filter(resolved_at__isnull=True)
    assert sorted(open_warnings.values_list("case_id", "reason")) == [
        (collective_case.pk, "group_forming"),
        (collective_case.pk, "large_arrears"),
    ]
    assert big.warnings.get().resolved_at is not None
    warned = case_workbench_list(user=mediator, filters=WorkbenchFilters(open_warning=True))
    assert list(warned.values_list("pk", flat=True)) == [collective_case.pk]
