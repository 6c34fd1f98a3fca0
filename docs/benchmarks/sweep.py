"""Benchmark: one deadline sweep over N open cases on PostgreSQL.

Not a test: it fills a scratch database, times sweeps and prints a results
row for docs/benchmarks.md. Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench \\
        .venv/bin/python docs/benchmarks/sweep.py 10000 100000 1000000

    # The first sweep after beat was down two hours over midnight, with the
    # statistics of a quiet day; with and without the sweep's own ANALYZE of a
    # burst (cases/escalation.py, burst_analyze):
    DATABASE_URL=… .venv/bin/python docs/benchmarks/sweep.py --outage 100000

The database is created if missing and emptied of cases first. Cases and
deadlines are bulk-inserted with INSERT … SELECT generate_series, so a
million open cases take well under a minute to load.
"""

import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases import deadlines  # noqa: E402
from cases.models import Case, Deadline, DeadlineRule, DisputeCategory, District  # noqa: E402
from leadership.models import RosterMember  # noqa: E402
from zhanjiang_union.accounts.models import Department, User  # noqa: E402
from zhanjiang_union.accounts.roles import Role  # noqa: E402


def load(count: int) -> None:
    """N open cases, each with one running deadline due between 30 days ago
    and 120 days ahead, in states as the previous sweep left them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE cases_escalation, cases_deadline, cases_caseevent, cases_complainant, "
            "cases_case, notifications_notification RESTART IDENTITY CASCADE"
        )
        district, category = District.objects.first().pk, DisputeCategory.objects.first().pk
        department = Department.objects.get(code="rights").pk
        rule = DeadlineRule.objects.get(key="mediation").pk
        now = timezone.now()
        today = timezone.localdate()
        cursor.execute(
            """
            INSERT INTO cases_case (year, sequence, number, query_code_hash, status, outcome, outcome_note,
                employer_name, employer_key, employer_credit_code, employer_address, district_id, grid,
                industry, category_id, workers_involved, amount_recovered, facts, demand, channel,
                is_collective, is_mass_incident, department_id, created_at, updated_at, version,
                deadline_state)
            SELECT 2026, g, 'BENCH-' || g, md5(g::text), 'mediation', '', '',
                '企业' || (g %% 5000), 'qy' || (g %% 5000), '', '', %s, '', 'C', %s, 1, 0, '事实', '请求', 'web',
                false, false, %s, %s, %s, 1, ''
            FROM generate_series(1, %s) AS g
            """,
            [district, category, department, now, now, count],
        )
        cursor.execute(
            """
            INSERT INTO cases_deadline (case_id, rule_id, started_on, due_on, extended_by, paused_days,
                state, unloaded_year)
            SELECT c.id, %s, %s::date - 15, %s::date + (((c.id * 7919) %% 151) - 30)::int, 0, 0, 'normal', NULL
            FROM cases_case c
            """,
            [rule, today, today],
        )
        # The first due-soon day of each: the rule's last days (calendar days for mediation).
        due_soon = DeadlineRule.objects.get(pk=rule).due_soon
        cursor.execute("UPDATE cases_deadline SET soon_on = due_on - %s", [due_soon - 1])
        # Each case stores its running deadline, as cases.deadlines keeps it.
        cursor.execute(
            "UPDATE cases_case c SET next_due_on = d.due_on, next_soon_on = d.soon_on, "
            "deadline_state = d.state "
            "FROM cases_deadline d WHERE d.case_id = c.id"
        )
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute("VACUUM ANALYZE cases_deadline")


def recipients() -> None:
    """Who hears of the escalations, as in production: the department's head (with an
    e-mail address and a mobile number, so every notification is also sent), and a
    leader in charge of the department who also directs the task-force office."""
    department = Department.objects.get(code="rights")
    head, _created = User.objects.get_or_create(
        username="bench-head",
        defaults={"department": department, "email": "head@example.org", "phone": "13800138000"},
    )
    head.groups.add(Group.objects.get(name=Role.DEPARTMENT_HEAD))
    leader_user, _created = User.objects.get_or_create(
        username="bench-leader", defaults={"email": "leader@example.org"}
    )
    leader = RosterMember.objects.order_by("order").last()
    RosterMember.objects.filter(user=leader_user).exclude(pk=leader.pk).update(user=None)
    leader.user, leader.is_office_director = leader_user, True
    leader.save()
    leader.in_charge_of.add(department)


def timed_sweep(today, reconcile: bool = False) -> tuple[float, int, dict]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = deadlines.sweep(today=today, reconcile=reconcile)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def main(sizes: list[int]) -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    recipients()
    print(
        "| open cases | first sweep (s) | queries | escalations | steady sweep (s) | queries "
        "| escalations | nightly reconciliation (s) | peak RSS (MB) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in sizes:
        load(count)
        today = timezone.localdate()
        # First sweep after loading: every state is set and every crossing
        # escalated and notified.
        first, first_queries, result = timed_sweep(today)
        # Steady state: the next run, a day later, with few crossings.
        steady, steady_queries, steady_result = timed_sweep(today + timedelta(days=1))
        # The nightly run: the same, plus a check of every running deadline.
        nightly, _, _ = timed_sweep(today + timedelta(days=1), reconcile=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {count:,} | {first:.2f} | {first_queries} | {result['escalations']:,} "
            f"| {steady:.2f} | {steady_queries} | {steady_result['escalations']:,} "
            f"| {nightly:.2f} | {peak:.0f} |",
            flush=True,
        )
    assert Deadline.objects.count() == Case.objects.count()


def outage_sweep(count: int, *, analyze: bool) -> tuple[float, int, dict]:
    """The sweep after beat was down two hours over midnight, with the statistics of a
    quiet day: states as the last sweep before the outage left them, every escalation
    then recorded notified (the planner reads "no escalation is ever waiting"), the
    notification table fresh and analysed empty, autovacuum not yet round."""
    from django.conf import settings

    load(count)
    today = timezone.localdate()
    deadlines.sweep(today=today - timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_notification RESTART IDENTITY")
        for table in ("cases_escalation", "notifications_notification"):
            cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("ANALYZE cases_deadline")
        cursor.execute("ANALYZE cases_case")
    saved = settings.SWEEP_ANALYZE_AFTER
    settings.SWEEP_ANALYZE_AFTER = saved if analyze else 10**12
    try:
        return timed_sweep(today + timedelta(days=1))
    finally:
        settings.SWEEP_ANALYZE_AFTER = saved
        with connection.cursor() as cursor:
            for table in ("cases_escalation", "notifications_notification"):
                cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


def outage(sizes: list[int]) -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    recipients()
    print(
        "| open cases | escalations | notifications | sweep with the burst ANALYZE (s) | queries "
        "| without it (s) | queries |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    from zhanjiang_union.notifications.models import Notification

    for count in sizes:
        with_analyze, queries, result = outage_sweep(count, analyze=True)
        notifications = Notification.objects.count()
        without, queries_without, _ = outage_sweep(count, analyze=False)
        print(
            f"| {count:,} | {result['escalations']:,} | {notifications:,} | {with_analyze:.2f} "
            f"| {queries} | {without:.2f} | {queries_without} |",
            flush=True,
        )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--outage"]:
        outage([int(arg) for arg in arguments[1:]] or [100_000])
    else:
        main([int(arg) for arg in arguments] or [10_000])
