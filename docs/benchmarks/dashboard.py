"""Benchmark: the leadership dashboard page over N cases on PostgreSQL.

Not a test: it fills a scratch database, opens /dashboard/ with Django's test client
as a leadership user, and prints a results row per size for docs/benchmarks.md. Run
from the project folder:

    createdb -h 127.0.0.1 -U postgres zjgh_bench_dashboard
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench_dashboard \\
        .venv/bin/python docs/benchmarks/dashboard.py 10000 100000

After loading, the dashboard's figures are rebuilt (as the nightly run does) and the
minute's refresh is timed. Options: --runs N (timed requests per size, default 20);
--slowest (list the five slowest queries of the last size).

The database is migrated, seeded and emptied of cases first. Cases, their timelines,
deadlines and early warnings are bulk-inserted with INSERT … SELECT generate_series:
thirteen months of filings, each case's district, industry, category, channel and
department (of three) drawn independently at random; 60 % closed within 60 days; each
move at a share of the case's life; the open ones spread over the stages and deadline
states.
"*computed*" is a request with the page's one-minute cache emptied first (what the
first reader of a view waits for), "*cached*" one that finds it cached.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.management.commands.generate_cases import case_event_stage_entries_fill  # noqa: E402
from cases.models import Case, DeadlineRule, DisputeCategory, District  # noqa: E402
from dashboard.rollups import (  # noqa: E402
    DAY_ROLLUPS,
    OPEN_ROLLUP,
    rollups_rebuild,
    rollups_refresh,
)
from zhanjiang_union.accounts.models import Department, User  # noqa: E402

ROLLUP_TABLES = [rollup.model._meta.db_table for rollup in (*DAY_ROLLUPS, OPEN_ROLLUP)]
CASE_TABLES = (
    "cases_escalation, cases_earlywarning, cases_deadline, cases_caseevent, cases_handoff, "
    "cases_mediationsession, cases_mediationagreement, cases_evidence, cases_complainant, "
    "cases_case, notifications_notification"
)


def load(count: int) -> None:
    districts = list(District.objects.values_list("pk", flat=True))
    categories = list(DisputeCategory.objects.values_list("pk", flat=True))
    departments = list(
        Department.objects.filter(code__in=["rights", "grassroots", "service-centre"]).values_list(
            "pk", flat=True
        )
    )
    rules = {rule.key: rule.pk for rule in DeadlineRule.objects.all()}
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {CASE_TABLES} RESTART IDENTITY CASCADE")
        # g % 10 < 6: closed; else intake, mediation, arbitration, inspection.
        cursor.execute(
            """
            INSERT INTO cases_case (year, sequence, number, query_code_hash, status, outcome,
                outcome_note, employer_name, employer_key, employer_credit_code, employer_address,
                district_id, grid, industry, category_id, workers_involved, amount_recovered, facts,
                demand, channel, is_collective, is_mass_incident, department_id, created_at,
                closed_at, deadline_state, updated_at, version, figures_pending)
            SELECT 2026, g, 'BENCH-' || g, md5(g::text),
                CASE WHEN g %% 10 < 6 THEN 'closed'
                     ELSE (ARRAY['intake','mediation','arbitration','inspection'])[g %% 10 - 5] END,
                CASE WHEN g %% 10 < 6 THEN 'withdrawn' ELSE '' END, '',
                '企业' || (g %% 5000), 'qy' || (g %% 5000), '', '',
                r.districts[1 + h.d %% cardinality(r.districts)], '',
                chr(65 + h.i %% 20), r.categories[1 + h.k %% cardinality(r.categories)],
                1 + h.w %% 15, CASE WHEN g %% 10 < 6 THEN (h.w %% 100) * 100 ELSE 0 END,
                '事实', '请求',
                (ARRAY['web','hotline','walk_in','court','grid','enterprise'])[1 + h.c %% 6],
                1 + h.w %% 15 >= 10, false,
                r.departments[1 + h.p %% cardinality(r.departments)],
                c.created_at,
                -- Closed within 60 days of filing, and never after now.
                CASE WHEN g %% 10 < 6
                     THEN c.created_at + LEAST(interval '60 days', %s - c.created_at)
                                         * (0.05 + 0.9 * (h.t %% 1000) / 1000.0) END,
                '', %s, 1, false
            FROM (SELECT %s::bigint[] AS districts, %s::bigint[] AS categories,
                         %s::bigint[] AS departments) AS r,
                generate_series(1, %s) AS g,
                -- Independent pseudo-random values per case for each dimension.
                LATERAL (SELECT abs(hashtext(g || 'd')) AS d, abs(hashtext(g || 'i')) AS i,
                                abs(hashtext(g || 'k')) AS k, abs(hashtext(g || 'w')) AS w,
                                abs(hashtext(g || 'c')) AS c, abs(hashtext(g || 'p')) AS p,
                                abs(hashtext(g || 't')) AS t, abs(hashtext(g || 'a')) AS a) AS h,
                LATERAL (SELECT %s - (h.a %% 395) * interval '1 day'
                                   - (h.a %% 86400) * interval '1 second' AS created_at) AS c
            """,
            [now, now, districts, categories, departments, count, now],
        )
        # Each move at a share of the case's life so far (to its closing, or now), so
        # the time spent in each stage varies as it does in real cases.

        def share(fraction: float) -> str:
            return f"created_at + (COALESCE(closed_at, now()) - created_at) * {fraction}"

        event = (
            "INSERT INTO cases_caseevent (case_id, at, action, summary, from_status, to_status, "
            "note, data, public) SELECT id, {at}, {action}, '', {source}, {target}, '', '{{}}', "
            "true FROM cases_case WHERE {where}"
        )
        cursor.execute(
            event.format(
                at="created_at",
                action="'cases.case.filed'",
                source="''",
                target="'intake'",
                where="true",
            )  # fmt: skip
        )
        cursor.execute(
            event.format(
                at=share(0.1),
                action="'cases.case.accept_mediation'",
                source="'intake'",
                target="'mediation'",
                where="status <> 'intake'",
            )  # fmt: skip
        )
        # Mediation ends halfway: an agreement for one case in three, else a failure.
        cursor.execute(
            event.format(
                at=share(0.5),
                action="CASE WHEN id % 3 = 0 THEN 'cases.case.record_agreement' "
                "ELSE 'cases.case.mediation_failed' END",
                source="'mediation'",
                target="CASE WHEN id % 3 = 0 THEN 'agreement' ELSE 'mediation_failed' END",
                where="status IN ('closed', 'arbitration', 'inspection')",
            )
        )
        cursor.execute(
            event.format(
                at=share(0.6),
                action="'cases.case.hand_to_arbitration'",
                source="'mediation_failed'",
                target="status",
                where="status IN ('arbitration', 'inspection')",
            )  # fmt: skip
        )
        cursor.execute(
            event.format(
                at="closed_at",
                action="'cases.case.close'",
                source="CASE WHEN id % 3 = 0 THEN 'agreement' ELSE 'mediation_failed' END",
                target="'closed'",
                where="status = 'closed'",
            )  # fmt: skip
        )
        # One deadline per case: ended at closing, or running in one of the four states.
        cursor.execute(
            """
            INSERT INTO cases_deadline (case_id, rule_id, started_on, due_on, extended_by,
                paused_days, state, met_at)
            SELECT id, %s, created_at::date, created_at::date + 15, 0, 0,
                (ARRAY['normal','due_soon','overdue','overdue_long'])[1 + id %% 4],
                CASE WHEN status = 'closed' THEN closed_at END
            FROM cases_case
            """,
            [rules["mediation"]],
        )
        # The summary cases.deadlines keeps on each case: its running deadline's state.
        cursor.execute(
            """
            UPDATE cases_case AS c SET next_due_on = d.due_on, deadline_state = d.state
            FROM cases_deadline AS d WHERE d.case_id = c.id AND d.met_at IS NULL
            """
        )
        cursor.execute(
            """
            INSERT INTO cases_earlywarning (case_id, reason, created_at, resolved_at)
            SELECT id, 'collective', created_at, NULL FROM cases_case WHERE is_collective
            """
        )
    # Each move between stages records when the case entered the stage it leaves, as
    # the case services write it.
    case_event_stage_entries_fill()
    # As autovacuum would leave them: statistics, and the visibility map that lets
    # PostgreSQL answer from an index alone.
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_caseevent", "cases_deadline", "cases_earlywarning"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def leader() -> User:
    user, _created = User.objects.get_or_create(
        username="bench-leader", defaults={"full_name": "基准测试领导"}
    )
    user.groups.add(Group.objects.get(name="leadership"))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="leadership", codename="view_dashboard")
    )
    return user


def timed(client: Client, url: str, *, fresh: bool) -> tuple[float, list[dict]]:
    if fresh:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, queries.captured_queries


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--slowest", action="store_true")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader())
    today = timezone.localdate()
    index, export = reverse("dashboard:index"), reverse("dashboard:xlsx")
    # The default range (this month so far), and a year: every figure over most of the
    # data; a year for one district, and for one department (a department head's view).
    year = f"?start={today.replace(year=today.year - 1)}&end={today}"
    district = District.objects.order_by("order", "id").first().pk
    department = Department.objects.get(code="rights").pk
    ranges = [
        ("this month", ""),
        ("12 months", year),
        ("12 months, one district", f"{year}&district={district}"),
        ("12 months, one department", f"{year}&department={department}"),
    ]
    upkeep = []
    print(
        "| cases | range | computed median (ms) | computed p95 (ms) | queries "
        "| cached median (ms) | queries | .xlsx computed (ms) |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    slowest: list[dict] = []
    for count in options.sizes:
        load(count)
        started = time.perf_counter()
        rollups_rebuild()  # as the nightly run, or the first refresh, does
        rebuilt = time.perf_counter() - started
        # Beat's run each minute: the open cases, and the days of the cases saved since
        # (marked here as a save would: cases taken at random, their days spread over
        # the 13 months).
        refreshes = []
        for changed in (0, 10, 100):
            runs = []
            for _run in range(3):
                marked = Case.objects.order_by("?")[:changed]
                Case.objects.filter(pk__in=marked).update(figures_pending=True)
                started = time.perf_counter()
                rollups_refresh()
                runs.append(time.perf_counter() - started)
            refreshes.append(statistics.median(runs))
        upkeep.append((count, rebuilt, *refreshes))
        with connection.cursor() as cursor:
            # What autovacuum does after the refreshes' rewrites (the migration has it
            # act after 2 % of a rollup table changed).
            cursor.execute(f"VACUUM ANALYZE {', '.join(ROLLUP_TABLES)}")
        for label, query in ranges:
            timed(client, index + query, fresh=True)  # warm up: connections, templates, plans
            fresh = [timed(client, index + query, fresh=True) for _run in range(options.runs)]
            cached = [timed(client, index + query, fresh=False) for _run in range(options.runs)]
            runs = max(3, options.runs // 4)
            xlsx = [timed(client, export + query, fresh=True)[0] for _run in range(runs)]
            seconds = [elapsed for elapsed, _queries in fresh]
            cached_seconds = [elapsed for elapsed, _queries in cached]
            print(
                f"| {Case.objects.count():,} | {label} | {statistics.median(seconds) * 1000:.0f} "
                f"| {p95(seconds) * 1000:.0f} | {len(fresh[-1][1])} "
                f"| {statistics.median(cached_seconds) * 1000:.0f} | {len(cached[-1][1])} "
                f"| {statistics.median(xlsx) * 1000:.0f} |",
                flush=True,
            )
            slowest = sorted(fresh[-1][1], key=lambda q: float(q["time"]), reverse=True)[:5]
    print(
        "\n| cases | rebuild, every day (s) | refresh, no case saved (s) "
        "| refresh, 10 cases saved (s) | refresh, 100 cases saved (s) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count, rebuilt, *refreshed in upkeep:
        print(f"| {count:,} | {rebuilt:.1f} | " + " | ".join(f"{s:.2f}" for s in refreshed) + " |")
    if options.slowest:
        print("\nSlowest queries of the last computed request:")
        for query in slowest:
            print(f"- {float(query['time']) * 1000:.0f} ms: {query['sql'][:300]}")


if __name__ == "__main__":
    main()
