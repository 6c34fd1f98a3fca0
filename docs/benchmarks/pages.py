"""Benchmark: how long the main pages take, and how many queries they make,
on a PostgreSQL database filled by `manage.py generate_cases N`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench ALLOWED_HOSTS=testserver \\
        .venv/bin/python docs/benchmarks/pages.py

Requests go through Django's test client in this process (the full
middleware stack, templates and database; no network), 30 each after 3
warm-up requests. Prints a markdown table: median and p95 latency, queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from cases import services  # noqa: E402
from cases.models import Case  # noqa: E402
from hotline.models import Call  # noqa: E402
from zhanjiang_union.accounts.models import Department, User  # noqa: E402
from zhanjiang_union.accounts.roles import Role  # noqa: E402

RUNS, WARMUP = 30, 3


def user(username: str, role: str, department: str | None) -> User:
    from django.contrib.auth.models import Group

    account, _ = User.objects.get_or_create(
        username=username,
        defaults={"department": Department.objects.filter(code=department).first()},
    )
    account.groups.add(Group.objects.get(name=role))
    return account


def measure(label: str, request) -> str:
    row = _measure(label, request)
    print(row, flush=True)
    return row


def _measure(label: str, request) -> str:
    timings, queries = [], []
    for run in range(WARMUP + RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(run)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code in (200, 302), (label, response.status_code)
        if run >= WARMUP:
            timings.append(elapsed)
            queries.append(len(captured))
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
    return f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {spread} |"


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database filled by generate_cases.")
    call_command("seed", verbosity=0)
    total = Case.objects.count()
    leader = user("bench-leader", Role.LEADERSHIP, None)
    mediator = user("bench-mediator", Role.MEDIATOR, "rights")
    staff, boss = Client(), Client()
    staff.force_login(mediator)
    boss.force_login(leader)
    case = (
        Case.objects.filter(department__code="rights")
        .exclude(status="closed")
        .order_by("-pk")
        .first()
    )
    # A case whose query code we know, for the tracking page.
    tracked, code = services.case_create(
        complainants=[services.ComplainantInput(name="基准", id_number="11010519491231002X", phone="13800138000")],
        employer_name="基准测试公司", district=case.district, industry="C", category=case.category,
        facts="基准", demand="基准", channel="web",
    )  # fmt: skip
    phone = case.complainants.first().phone
    workbench = reverse("cases:workbench")
    print(f"\n{total:,} cases\n")
    print("| page | median (ms) | p95 (ms) | queries |")
    print("| --- | ---: | ---: | ---: |", flush=True)
    rows = [
        measure("workbench, department queue (mediator)", lambda run: staff.get(workbench)),
        measure("workbench, all cases (leadership)", lambda run: boss.get(workbench)),
        measure(
            "workbench, filtered: stage + district + overdue",
            lambda run: boss.get(
                workbench,
                {"stage": "mediation", "district": case.district_id, "deadline": "overdue"},
            ),
        ),
        measure("workbench, search by phone", lambda run: boss.get(workbench, {"q": phone})),
        measure("workbench, page 200", lambda run: boss.get(workbench, {"page": 200})),
        measure("case page", lambda run: staff.get(reverse("cases:detail", args=[case.pk]))),
        measure(
            "tracking lookup + result",
            lambda run: Client(REMOTE_ADDR=f"10.9.{run // 250}.{run % 250}").post(
                reverse("cases:track"), {"number": tracked.number, "code": code}, follow=True
            ),
        ),
    ]
    operator = Client()
    operator.force_login(user("bench-operator", Role.HOTLINE_OPERATOR, "service-centre"))
    call = Call.objects.order_by("-pk").first()
    for label, name in (
        ("12351 desk", "hotline:desk"),
        ("hotline calls", "hotline:calls"),
        ("hotline callback queue", "hotline:callbacks"),
        ("hotline follow-ups due", "hotline:followups"),
        ("petition visits", "hotline:visits"),
    ):
        rows.append(measure(label, lambda run, name=name: operator.get(reverse(name))))
    rows.append(
        measure(
            "hotline call page",
            lambda run: operator.get(reverse("hotline:call_detail", args=[call.pk])),
        )
    )
    try:
        dashboard = reverse("dashboard:index")
    except NoReverseMatch:
        dashboard = None
    if dashboard:
        from django.core.cache import cache

        def uncached(run):
            cache.clear()  # measure the computation, not the one-minute cache
            return boss.get(dashboard)

        rows.append(measure("dashboard (cache cleared each time)", uncached))
        rows.append(measure("dashboard (cached)", lambda run: boss.get(dashboard)))
    return rows


if __name__ == "__main__":
    main()
