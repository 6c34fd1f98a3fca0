"""Benchmark: the API's case reads on a large database, in process (no HTTP server).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench \\
        .venv/bin/python manage.py generate_cases 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench \\
        .venv/bin/python docs/benchmarks/api_lists.py --requests 50

Registers a client reading 职工维权与服务部's cases, then times each request (the first
one of each kind is a warm-up, not counted) and counts its queries. Prints one Markdown
row per request kind.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from api import services
    from cases.models import Case
    from zhanjiang_union.accounts.models import Department

    department = Department.objects.get(code="rights")
    _client, token = services.client_create(
        name=f"bench-lists-{time.time_ns()}",
        scopes=["cases:read"],
        department=department,
        rate="1000000/min",
    )
    http = Client(headers={"Authorization": f"Bearer {token}"}, SERVER_NAME="127.0.0.1")
    total = Case.objects.filter(department=department).count()
    number = (
        Case.objects.filter(department=department)
        .order_by("-id")
        .values_list("number", flat=True)[500]
    )
    first_page = http.get("/api/v1/cases").json()
    kinds = {
        "list, first page": "/api/v1/cases",
        "list, a later page (cursor)": _path(first_page["next"]),
        "list, collective, overdue": "/api/v1/cases?collective=true&deadline=late",
        "list, district and category": "/api/v1/cases?district=xiashan&category=pay",
        "list, closed included": "/api/v1/cases?closed=true",
        "one case": f"/api/v1/cases/{number}",
    }
    print(f"{Case.objects.count():,} cases, {total:,} in the client's department")
    print("| request | p50 (ms) | p95 (ms) | queries |")
    print("| --- | ---: | ---: | ---: |")
    for label, path in kinds.items():
        assert http.get(path).status_code == 200, path
        times, queries = [], set()
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = http.get(path)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            queries.add(len(captured))
        times.sort()
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        counts = "/".join(str(n) for n in sorted(queries))
        print(f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {counts} |")


if __name__ == "__main__":
    main()
