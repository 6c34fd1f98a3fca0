"""Benchmark: the union's grid at scale, on PostgreSQL.

Not a test: for each size it fills the database with `generate_cases N
--organisations M` (the city, its nine counties, townships and enterprise committees
below them, the cases spread over the whole tree), then times, with Django's test
client in this process (full middleware stack, no network):

- the workbench of a county federation's head (its subtree of ~M/9 organisations), with
  its counts from the minute's cache and computed, and a city department head's (who
  reads the department's city cases and every organisation's below),
- the case page of a case at one of the county's townships, read by that head,
- the county's dashboard and the city's, computed (the one-minute cache emptied
  before each request),
- the deadline sweep in its steady state (the day after a first sweep).

    createdb -h 127.0.0.1 -U postgres zjgh_grid
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_grid ALLOWED_HOSTS=testserver \\
        .venv/bin/python docs/benchmarks/grid_scale.py 10000 100000 --organisations 2000

Prints a markdown table per size: median and p95 latency, queries. `--loaded` measures
the database as it is, without generating (for a million cases loaded once beforehand
with `manage.py generate_cases 1000000 --organisations 2000`; the size given is then
only a label).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases import deadlines  # noqa: E402
from cases.models import Case  # noqa: E402
from zhanjiang_union.accounts.models import Department, User  # noqa: E402
from zhanjiang_union.accounts.roles import Role  # noqa: E402
from zhanjiang_union.organisations.models import Organisation  # noqa: E402
from zhanjiang_union.organisations.selectors import organisation_subtree  # noqa: E402

WARMUP = 3
COUNTY = "leizhou"


def account(
    username: str, role: str, organisation: Organisation | None, department: str | None = None
) -> User:
    user, _created = User.objects.get_or_create(username=username)
    user.organisation = organisation
    user.department = Department.objects.filter(code=department).first()
    user.save(update_fields=["organisation", "department"])
    user.groups.add(Group.objects.get(name=role))
    return user


def measure(label: str, request, runs: int) -> None:
    timings, queries = [], []
    for run in range(WARMUP + runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request()
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (label, response.status_code)
        if run >= WARMUP:
            timings.append(elapsed)
            queries.append(len(captured))
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
    print(f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {spread} |", flush=True)


def getter(client: Client, url: str, *, uncached: bool = False):
    def request():
        if uncached:
            cache.clear()
        return client.get(url)

    return request


def main(sizes: list[int], organisations: int, runs: int, loaded: bool = False) -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    for size in sizes:
        started = time.perf_counter()
        if not loaded:
            call_command("generate_cases", size, organisations=organisations, verbosity=0)
        else:
            # What autovacuum does on a production server (docs/deployment.md), after what
            # an earlier run's sweep and refresh rewrote: index-only reads need it.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        load_seconds = time.perf_counter() - started
        county = Organisation.objects.get(code=COUNTY)
        subtree = organisation_subtree(organisation=county)
        head = Client()
        head.force_login(account("bench-county-head", Role.DEPARTMENT_HEAD, county))
        leader = Client()
        leader.force_login(account("bench-leader", Role.LEADERSHIP, None))
        city_head = Client()
        city = Organisation.objects.get(depth=1)
        city_head.force_login(account("bench-city-head", Role.DEPARTMENT_HEAD, city, "rights"))
        case = (
            Case.objects.filter(organisation__in=subtree.filter(depth=county.depth + 1))
            .order_by("pk")
            .first()
        )
        print(
            f"\n{size:,} cases over {Organisation.objects.count():,} organisations "
            f"({subtree.count():,} in {county.name}'s subtree, "
            f"{Case.objects.filter(organisation__in=subtree.values('pk')).count():,} of its "
            f"cases), {'loaded before' if loaded else f'loaded in {load_seconds:.0f} s'}\n"
        )
        print("| what | median (ms) | p95 (ms) | queries |")
        print("| --- | ---: | ---: | ---: |")
        workbench = reverse("cases:workbench")
        measure("county head's workbench", getter(head, workbench), runs)
        measure(
            "county head's workbench, counts computed",
            getter(head, workbench, uncached=True),
            runs,
        )
        measure(
            "a city department head's workbench (reads every organisation below)",
            getter(city_head, workbench),
            runs,
        )
        detail = reverse("cases:detail", args=[case.pk])
        measure(
            "case page (a township's case, read by the county head)", getter(head, detail), runs
        )
        dashboard = reverse("dashboard:index")
        computed = max(5, runs // 2)
        measure("county dashboard, computed", getter(head, dashboard, uncached=True), computed)
        measure("city dashboard, computed", getter(leader, dashboard, uncached=True), computed)
        today = timezone.localdate()
        deadlines.sweep(today=today)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            deadlines.sweep(today=today + timedelta(days=1))
            steady = time.perf_counter() - started
        print(f"| steady sweep (s) | {steady:.2f} | | {len(captured)} |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--loaded", action="store_true", help="measure the data already there")
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.organisations, arguments.runs, arguments.loaded)
