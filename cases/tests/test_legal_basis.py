"""The time limits follow the law's text (docs/legal-basis.md): the mediation
clock of Art. 14 starts at receipt, and every statutory rule is cited in full
official form."""

import re
from datetime import date

from django.apps import apps as django_apps
from django.utils import timezone

from cases import services
from cases.deadline_rules import SERVICE_STANDARD
from cases.models import DeadlineRule
from zhanjiang_union.accounts.roles import Role

# 《title》第…条, optionally with a document number in full-width brackets after
# the title and a note after a full-width semicolon.
CITATION = re.compile(
    r"^《[^《》]+》(（[^（）]+〔\d{4}〕\d+号）|（[^（）]+令第\d+号）)?"
    r"第[一二三四五六七八九十百零]+条(；[^;]+)?$"
)


def on_day(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_the_mediation_clock_starts_at_receipt_and_the_handling_limit_at_acceptance(
    make_case, role_users, monkeypatch
):
    # Registered Monday 2026-04-20: Art. 14's 15 days count from 04-21 and end
    # on 05-05, inside the Labour Day holiday (05-01..05-05): due Wed 05-06.
    on_day(monkeypatch, date(2026, 4, 20))
    case = make_case()
    # Accepted after triage on Wednesday 04-22: the committee's 15 days end on
    # Thursday 05-07, a working day.
    on_day(monkeypatch, date(2026, 4, 22))
    services.case_transition(
        case=case,
        action="accept_mediation",
        actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
    )
    running = {d.rule.key: d for d in case.deadlines.filter(met_at__isnull=True)}
    assert set(running) == {"mediation", "mediation_handling"}
    assert running["mediation"].started_on == date(2026, 4, 20)
    assert running["mediation"].due_on == date(2026, 5, 6)
    assert running["mediation_handling"].started_on == date(2026, 4, 22)
    assert running["mediation_handling"].due_on == date(2026, 5, 7)
    case.refresh_from_db()
    assert case.next_due_on == date(2026, 5, 6)  # the worker's clock is the nearer


def test_each_clock_has_its_own_citation(seeded):
    rules = DeadlineRule.objects.in_bulk(field_name="key")
    assert rules["mediation"].source == "《中华人民共和国劳动争议调解仲裁法》第十四条"
    assert rules["mediation"].starts == "调解组织收到调解申请"
    assert rules["mediation_handling"].source.startswith("《企业劳动争议协商调解规定》")
    assert rules["mediation_handling"].starts == "受理调解申请"
    assert rules["petition_acceptance"].source.startswith("《信访工作条例》第二十三条")
    assert "经劳动争议仲裁委员会主任批准" in rules["arbitration_award"].source
    assert "经劳动保障行政部门负责人批准" in rules["inspection_investigation"].source
    assert "经本机关、单位负责人批准" in rules["petition_handling"].source


def test_every_rule_is_cited_in_full_official_form(seeded):
    sources = dict(DeadlineRule.objects.values_list("key", "source"))
    assert len(sources) == 18  # 12 of cases, 6 after the agreement and the award
    for key, source in sources.items():
        if source == SERVICE_STANDARD:
            assert key in {"triage", "handoff_ack", "callback"}
            continue
        assert CITATION.match(source), (key, source)
        # Statutes by their full title, never shortened.
        assert not re.search(r"(?<!《中华人民共和国)劳动争议调解仲裁法", source), source
        assert "最高法" not in source and "仲裁委主任" not in source


def test_the_migration_updates_only_the_rows_still_at_the_old_defaults(seeded):
    migration = __import__(
        "cases.migrations.0012_deadline_rules_in_the_laws_terms", fromlist=["OLD"]
    )
    for key, values in migration.OLD.items():
        DeadlineRule.objects.filter(key=key).update(
            **dict(zip(migration.FIELDS, values, strict=True))
        )
    DeadlineRule.objects.filter(key="mediation_handling").delete()
    DeadlineRule.objects.filter(key="callback").update(limit=2)  # an admin's edit
    migration.forwards(django_apps, None)
    rules = DeadlineRule.objects.in_bulk(field_name="key")
    assert rules["mediation"].starts == "调解组织收到调解申请"
    assert rules["mediation"].extension_allowed is False
    assert rules["arbitration_award"].source.startswith("《中华人民共和国劳动争议调解仲裁法》")
    assert rules["mediation_handling"].limit == 15
    assert (rules["callback"].limit, rules["callback"].label) == (2, "12351热线回电")
