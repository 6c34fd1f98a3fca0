"""`manage.py generate_cases`: the data benchmarks run on must be data the portal
accepts. It writes with raw INSERT … SELECT, past the models, so a column added to
a model without a database default breaks it, and a value off the models' choices
breaks pages only at benchmark time; this runs it on a small scale instead."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from cases.deadlines import DEADLINES_ON_ENTERING, due_date, state_for
from cases.models import Case, CaseEvent, Complainant, Deadline
from cases.validators import validate_mainland_mobile, validate_resident_id
from cases.workflow import Status
from hotline.models import (
    GROUP_VISIT_THRESHOLD,
    MAX_REPRESENTATIVES,
    Call,
    ExternalPetition,
    FollowUp,
    Representative,
    Visit,
)
from hotline.templatetags.hotline_tags import mask_phone
from zhanjiang_union.accounts.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CASES = 300
MOBILE = re.compile(r"1(3[0-9]|5[0-35-9]|8[0-9])[0-9]{8}")


def generate(count: int, *, keep: bool = False) -> None:
    call_command("generate_cases", count, *(["--keep"] if keep else []), stdout=StringIO())


@pytest.fixture
def generated(seeded):
    generate(CASES)


def test_every_row_passes_its_models_validation(generated):
    # Choices, lengths and the models' own constraints, as a form or the admin would
    # check them; the raw inserts bypass all of it.
    for model in (Case, Complainant, Deadline, Call, Visit, Representative, FollowUp):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean(validate_unique=False)
    for petition in ExternalPetition.objects.all():
        petition.full_clean(validate_unique=False)


def test_cases_counted_numbered_and_mostly_closed(generated):
    assert Case.objects.count() == CASES
    assert Case.objects.values("number").distinct().count() == CASES
    closed = Case.objects.filter(status=Status.CLOSED)
    assert 0.65 <= closed.count() / CASES <= 0.75
    assert not closed.filter(outcome="").exists()
    assert not closed.filter(closed_at__isnull=True).exists()
    # Open cases stand in every open status, not a few of them.
    open_statuses = set(Case.objects.exclude(status=Status.CLOSED).values_list("status", flat=True))
    assert open_statuses == set(Status.values) - {Status.CLOSED}


def test_open_cases_run_the_deadline_of_their_status_in_the_sweeps_state(generated):
    today = timezone.localdate()
    states = Counter()
    for case in Case.objects.prefetch_related("deadlines__rule"):
        running = [d for d in case.deadlines.all() if d.met_at is None]
        keys = DEADLINES_ON_ENTERING.get(case.status, [])
        assert [d.rule.key for d in running] == keys, case.status
        for deadline in running:
            assert deadline.started_on >= timezone.localdate(case.created_at)
            assert deadline.due_on == due_date(deadline.rule, deadline.started_on)[0]
            assert deadline.state == state_for(deadline.due_on, today, deadline.soon_on)
            states[deadline.state] += 1
        # The stored summary the workbench sorts and filters on.
        if running:
            assert (case.next_due_on, case.deadline_state) == (running[0].due_on, running[0].state)
        else:
            assert (case.next_due_on, case.deadline_state) == (None, "")
    assert sum(states.values()) >= 40
    # A mix, so that a benchmark's overdue filter finds something and not everything.
    assert (
        states[Deadline.State.NORMAL] + states[Deadline.State.DUE_SOON] > sum(states.values()) / 2
    )
    assert states[Deadline.State.OVERDUE] + states[Deadline.State.OVERDUE_LONG] > 0


def test_complainants_have_well_formed_personal_data(generated):
    assert not Case.objects.filter(complainants__isnull=True).exists()
    for person in Complainant.objects.all():
        assert MOBILE.fullmatch(person.phone), person.phone
        validate_mainland_mobile(person.phone)
        assert mask_phone(person.phone) != person.phone
        validate_resident_id(person.id_number)
        assert person.name
    assert Complainant.objects.values("phone").distinct().count() > CASES


def test_hotline_records_in_proportion_and_linked(generated):
    calls = Call.objects.all()
    assert 1.3 * CASES <= calls.count() <= 1.7 * CASES
    for case in Case.objects.filter(channel="hotline").prefetch_related(
        "hotline_calls", "complainants"
    ):
        [call] = case.hotline_calls.all()
        assert call.outcome == Call.Outcome.CASE
        assert call.received_at < case.created_at
        assert call.phone in {person.phone for person in case.complainants.all()}
    assert not calls.filter(case__isnull=False).exclude(outcome=Call.Outcome.CASE).exists()
    assert calls.filter(case__isnull=True, outcome=Call.Outcome.ADVICE).exists()
    for call in calls:
        assert MOBILE.fullmatch(call.phone), call.phone

    callbacks = calls.filter(outcome=Call.Outcome.CALLBACK).prefetch_related("attempts")
    assert callbacks.filter(callback_done_at__isnull=False).exists()
    today = timezone.localdate()
    for call in callbacks:
        attempts = list(call.attempts.all())
        assert len(attempts) == call.callback_attempts
        if call.callback_done_at is not None:
            assert attempts[-1].result == "reached"
            assert call.callback_done_at <= timezone.now()
        else:
            assert call.callback_state == state_for(call.callback_due_on, today)

    for case in Case.objects.filter(channel="walk_in"):
        assert case.petition_visits.count() == 1
    assert Visit.objects.filter(case__isnull=True).exists()
    for visit in Visit.objects.prefetch_related("representatives"):
        count = len(visit.representatives.all())
        assert count <= MAX_REPRESENTATIVES
        if visit.visitor_count >= GROUP_VISIT_THRESHOLD:
            assert count >= 1

    assert not FollowUp.objects.exclude(case__status=Status.CLOSED).exists()
    assert ExternalPetition.objects.count() <= CASES / 100
    # The case page's timeline names what the hotline linked to it.
    linked = CaseEvent.objects.filter(action="hotline.call.linked")
    assert linked.count() == calls.filter(case__isnull=False).count()
    for event in linked:
        call = calls.get(pk=event.data["call_id"])
        assert call.case_id == event.case_id
        assert parse_datetime(event.data["received_at"]) == call.received_at


def test_the_portals_pages_work_on_the_generated_data(generated, role_users, client):
    case = Case.objects.exclude(status=Status.CLOSED).order_by("pk").first()
    closed = Case.objects.filter(status=Status.CLOSED, follow_up__isnull=False).first()
    call = Call.objects.filter(case__isnull=False).first()
    visit = Visit.objects.filter(representatives__isnull=False).first()

    client.force_login(role_users[Role.LEADERSHIP])
    for url in (
        reverse("cases:workbench"),
        reverse("cases:workbench") + "?deadline=overdue",
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:detail", args=[closed.pk]),
        "/dashboard/",
    ):
        assert client.get(url).status_code == 200, url

    # The desk is the operators' page; the leadership reads the dashboard's figures.
    client.force_login(role_users[Role.HOTLINE_OPERATOR])
    for url in (
        reverse("hotline:desk"),
        reverse("hotline:calls"),
        reverse("hotline:callbacks"),
        reverse("hotline:call_detail", args=[call.pk]),
        reverse("hotline:visits"),
        reverse("hotline:visit_detail", args=[visit.pk]),
        reverse("hotline:followups"),
        reverse("hotline:external"),
    ):
        assert client.get(url).status_code == 200, url


def test_keep_adds_cases_after_the_existing_ones(generated, make_case):
    filed = make_case()
    before = {
        "complainants": Complainant.objects.count(),
        "deadlines": Deadline.objects.count(),
        "calls": Call.objects.count(),
        "follow_ups": FollowUp.objects.count(),
    }

    generate(50, keep=True)

    assert Case.objects.count() == CASES + 1 + 50
    assert Case.objects.values("number").distinct().count() == CASES + 1 + 50
    assert Case.objects.filter(pk=filed.pk, number=filed.number).exists()
    new = Case.objects.filter(pk__gt=filed.pk)
    assert new.count() == 50
    # Only the new cases got complainants, deadlines and calls.
    assert (
        Complainant.objects.count()
        == before["complainants"] + Complainant.objects.filter(case__in=new).count()
    )
    assert (
        Deadline.objects.count()
        == before["deadlines"] + Deadline.objects.filter(case__in=new).count()
    )
    assert Call.objects.count() == before["calls"] + 75
    assert not Complainant.objects.filter(case=filed).exclude(name="张三").exists()
    assert FollowUp.objects.count() >= before["follow_ups"]


def test_without_keep_it_starts_over(generated):
    generate(20)

    assert Case.objects.count() == 20
    assert set(Case.objects.values_list("sequence", flat=True)) == set(range(1, 21))
    assert Call.objects.count() == 30
    assert Complainant.objects.count() < 30


def test_organisations_grow_the_grid_and_hold_the_cases(seeded):
    from zhanjiang_union.organisations.models import Organisation

    call_command("generate_cases", 400, "--organisations", "120", stdout=StringIO())
    generated = Organisation.objects.filter(code__startswith="bench-")
    assert generated.count() == 120 - 10  # beside the city and its nine counties
    by_kind = Counter(generated.values_list("kind", flat=True))
    assert by_kind == {"township": 9, "committee": 101}
    for organisation in Organisation.objects.filter(depth__gt=1):
        parent = organisation.get_parent()
        assert organisation.path.startswith(parent.path)
    assert Organisation.find_problems() == ([], [], [], [], [])
    # Every case at an organisation, spread over nearly all of them, each below a
    # county in that county's district.
    assert not Case.objects.filter(organisation__isnull=True).exists()
    assert Case.objects.values("organisation").distinct().count() > 100
    assert Case.objects.filter(organisation__kind="committee").count() > 300
    leizhou = Organisation.objects.get(code="leizhou")
    below = Case.objects.filter(organisation__path__startswith=leizhou.path)
    assert set(below.values_list("district__name", flat=True)) == {"雷州市"}
    # Run again: the grid is kept, not grown twice.
    call_command("generate_cases", 10, "--organisations", "120", stdout=StringIO())
    assert generated.count() == 110


def test_without_the_hotline_it_generates_the_cases_alone(seeded, monkeypatch):
    # The apps above cases add their records through the registry, not an import.
    from cases import benchmark_data

    monkeypatch.setattr(benchmark_data, "_RECORDS", [])
    out = StringIO()
    with translation.override("en"):
        call_command("generate_cases", 40, stdout=out)

    assert Case.objects.count() == 40
    assert Deadline.objects.exists()
    assert not Call.objects.exists()
    assert not Visit.objects.exists()
    assert not CaseEvent.objects.filter(action__startswith="hotline.").exists()
    assert out.getvalue().splitlines()[-1].startswith("40 cases in ")
