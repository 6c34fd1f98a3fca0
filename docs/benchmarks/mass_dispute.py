"""Benchmark: a mass dispute. Many complaints against one employer through the real
complaint form under gunicorn, beside a bare Django view on the same gunicorn; then the
early warning, a member case's page, the merge into one collective case, its roll, the
workbench, the dashboard and the next sweep.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_mass \\
        python docs/benchmarks/mass_dispute.py --generate 100000 --complaints 2000 --clients 4

It migrates and seeds the database, optionally fills it with `generate_cases N --keep`,
starts gunicorn itself (`docs/benchmarks/bench_wsgi.py`: the portal plus `/bench/bare` and
the bare form view `/bench/form`;
2 workers, port 8766, rate limiting off for the run: every client is 127.0.0.1), files
the complaints with `--clients` concurrent clients (each GETs the form for its CSRF
token and submission key, then POSTs it as a phone's browser does with the portal's
script, as a plain form when no file is chosen (static/js/portal.js); every connection
closed at once, as in
complaint_load.py), measures the bare view (GET) and the bare form view (GET + POST, the
complaint form's target is a quarter of its rate) with as many clients for as long each, stops
gunicorn, and then measures the pages in this process with Django's test client (the
full middleware stack, templates and database; as pages.py does). Only loopback is
contacted; every loop is bounded in count and time. Prints markdown tables.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORT = 8766
FORM = "/complaints/new/"
RUNS, WARMUP = 30, 3


def _exchange(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def _complaint(choices: tuple[str, str], employer: str, n: int) -> dict:
    district, category = choices
    return {
        "name": f"职工{n}",
        "id_number": "11010519491231002X",
        "phone": f"139{n:08d}",
        "email": "",
        "address": "湛江市霞山区",
        "employer_name": employer,
        "employer_credit_code": "",
        "employer_address": "湛江市霞山区工业大道1号",
        "district": district,
        "industry": "C",
        "category": category,
        "workers_involved": "1",
        "amount_claimed": f"{3000 + n % 2000}",
        "facts": "工厂停产，拖欠三个月工资。",
        "demand": "支付拖欠的工资。",
    }


def _file(counter: list, total: int, results: list, lock, choices, employer, deadline) -> None:
    while time.monotonic() < deadline:
        with lock:
            if counter[0] >= total:
                return
            counter[0] += 1
            n = counter[0]
        started = time.perf_counter()
        try:
            _status, headers, page = _exchange("GET", FORM)
            cookies = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
            fields = dict(
                re.findall(r'name="(csrfmiddlewaretoken|submission_key)" value="([^"]+)"', page)
            )
            body = urllib.parse.urlencode({**fields, **_complaint(choices, employer, n)}).encode()
            status, headers, _page = _exchange("POST", FORM, body, {
                "Cookie": cookies, "Referer": f"http://127.0.0.1:{PORT}{FORM}",
                "Content-Type": "application/x-www-form-urlencoded",
            })  # fmt: skip
            ok = status == 302 and dict(headers).get("Location", "").endswith("/complaints/done/")
        except Exception:  # a refused connection or a 5xx: counted, not raised
            ok = False
        with lock:
            results.append((ok, time.perf_counter() - started))


def _bare(deadline: float, results: list, lock) -> None:
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            status, _headers, _page = _exchange("GET", "/bench/bare")
            ok = status == 200
        except Exception:
            ok = False
        with lock:
            results.append((ok, time.perf_counter() - started))


def _bare_form(deadline: float, results: list, lock) -> None:
    """GET the bare form view for its CSRF token, POST it: one submission, as a filing is."""
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            _status, headers, page = _exchange("GET", "/bench/form")
            cookies = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "name": "职工", "amount": "3000"}
            ).encode()
            status, _headers, _page = _exchange("POST", "/bench/form", body, {
                "Cookie": cookies, "Referer": f"http://127.0.0.1:{PORT}/bench/form",
                "Content-Type": "application/x-www-form-urlencoded",
            })  # fmt: skip
            ok = status == 302
        except Exception:
            ok = False
        with lock:
            results.append((ok, time.perf_counter() - started))


def _run(target, args_for, clients: int) -> tuple[list, float]:
    results: list = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=target, args=args_for(results, lock)) for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def _stats(results: list, elapsed: float) -> dict:
    timings = sorted(duration * 1000 for ok, duration in results if ok)
    return {
        "done": len(timings),
        "per_second": len(timings) / elapsed if elapsed else 0,
        "errors": sum(1 for ok, _ in results if not ok),
        "median": statistics.median(timings) if timings else float("nan"),
        "p95": timings[max(int(len(timings) * 0.95) - 1, 0)] if timings else float("nan"),
        "seconds": elapsed,
    }


def _manage(env, *command, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *command], cwd=BASE, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip


def serve_and_file(args, env, employer: str) -> tuple[dict, dict]:
    ids = _manage(
        env, "shell", "-c",
        # A leadership account for the early warning to reach.
        "from django.contrib.auth.models import Group;"
        "from zhanjiang_union.accounts.models import User;"
        "leader, _ = User.objects.get_or_create(username='bench-leader');"
        "leader.groups.add(Group.objects.get(name='leadership'));"
        "from cases.models import District, DisputeCategory;"
        "print(District.objects.get(name='霞山区').pk, DisputeCategory.objects.get(code='pay').pk)",
        capture=True,
    ).stdout.split()[-2:]  # fmt: skip
    server = subprocess.Popen(
        [BIN / "gunicorn", "bench_wsgi:application", "--pythonpath",
         f"{BASE / 'docs' / 'benchmarks'},{BASE}", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=BASE, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        counter = [0]
        deadline = time.monotonic() + args.max_seconds
        filing, filing_time = _run(
            _file,
            lambda results, lock: (counter, args.complaints, results, lock, tuple(ids), employer, deadline),
            args.clients,
        )  # fmt: skip
        bare_seconds = min(max(filing_time, 5), 30)
        stop = time.monotonic() + bare_seconds
        bare, bare_time = _run(_bare, lambda results, lock: (stop, results, lock), args.clients)
        stop = time.monotonic() + bare_seconds
        form, form_time = _run(
            _bare_form, lambda results, lock: (stop, results, lock), args.clients
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _stats(filing, filing_time), _stats(bare, bare_time), _stats(form, form_time)


def measure_pages(employer: str) -> list[str]:
    sys.path.insert(0, str(BASE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanjiang_union.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cases import collective, deadlines
    from cases.models import Case, EarlyWarning
    from zhanjiang_union.accounts.models import Department, User
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.notifications.models import Notification

    settings.ALLOWED_HOSTS = ["*"]

    def user(username, role, department):
        account, _ = User.objects.get_or_create(
            username=username,
            defaults={"department": Department.objects.filter(code=department).first()},
        )
        account.groups.add(Group.objects.get(name=role))
        return account

    def timed(label, request, runs=RUNS):
        timings, queries, size = [], [], 0
        for run in range(WARMUP + runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = request(run)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if run >= WARMUP:
                timings.append(elapsed)
                queries.append(len(captured))
                size = len(response.content)
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        spread = (
            f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
        )
        row = f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {size / 1024:.0f} | {spread} |"
        print(row, flush=True)
        return row

    rows = []
    filed = Case.objects.filter(employer_name=employer).order_by("created_at", "id")
    count = filed.count()
    third = filed[2]
    warnings = EarlyWarning.objects.filter(
        reason=EarlyWarning.Reason.GROUP_FORMING, case__employer_name=employer
    )
    first_warning = warnings.order_by("created_at").first()
    leaders = Notification.objects.filter(
        recipient__groups__name=Role.LEADERSHIP, subject__contains=first_warning.case.number
    ) if first_warning else Notification.objects.none()  # fmt: skip
    print(
        f"\n{count} complaints filed; group-dispute warnings: {warnings.count()}; "
        f"the warning {(first_warning.created_at - third.created_at).total_seconds():.3f} s "
        f"after the threshold filing began; leadership inbox rows for it: {leaders.count()}",
        flush=True,
    )

    mediator = user("bench-mediator", Role.MEDIATOR, "rights")
    leader = user("bench-leader", Role.LEADERSHIP, None)
    staff, boss = Client(), Client()
    staff.force_login(mediator)
    boss.force_login(leader)
    print(
        "\n| page | median (ms) | p95 (ms) | size (KB) | queries |\n| --- | ---: | ---: | ---: | ---: |"
    )
    member = filed[count // 2]
    rows.append(
        timed(
            f"a member's case page ({count - 1} related)",
            lambda run: staff.get(reverse("cases:detail", args=[member.pk])),
        )
    )  # noqa: E501
    rows.append(
        timed(
            "merge page (preview: all)",
            lambda run: staff.get(
                reverse("cases:collective_merge", args=[filed[0].pk]), {"selection": "all"}
            ),
        )
    )  # noqa: E501

    target = filed[0]
    sources = collective.collective_candidates(
        case=target, user=mediator, filters=collective.CandidateFilters()
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        merged = collective.collective_merge(target=target, sources=sources, actor=mediator)
    merge_seconds = time.perf_counter() - started
    print(
        f"\nmerge: {merged} complaints into {target.number} in {merge_seconds:.2f} s, {len(captured)} statements\n",
        flush=True,
    )  # noqa: E501

    rows.append(
        timed(
            f"the collective case's page ({merged + 1} workers)",
            lambda run: staff.get(reverse("cases:detail", args=[target.pk])),
        )
    )  # noqa: E501
    rows.append(
        timed(
            "its roll, page 1 (mediator)",
            lambda run: staff.get(reverse("cases:collective", args=[target.pk])),
        )
    )  # noqa: E501
    last = merged // 50 + 1
    rows.append(
        timed(
            "its roll, last page",
            lambda run: staff.get(reverse("cases:collective", args=[target.pk]), {"page": last}),
        )
    )  # noqa: E501
    rows.append(
        timed(
            "its roll as .xlsx",
            lambda run: staff.get(reverse("cases:collective_xlsx", args=[target.pk])),
            runs=5,
        )
    )  # noqa: E501
    rows.append(
        timed(
            "workbench (department, newest)",
            lambda run: staff.get(reverse("cases:workbench"), {"sort": "newest"}),
        )
    )  # noqa: E501
    rows.append(timed("dashboard (leadership)", lambda run: boss.get(reverse("dashboard:index"))))
    started = time.perf_counter()
    result = deadlines.sweep()
    print(f"\nnext sweep: {time.perf_counter() - started:.2f} s ({result})", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generate", type=int, default=0, help="generate_cases N --keep first")
    parser.add_argument("--max-seconds", type=int, default=3600)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    env = {**os.environ, "RATELIMIT_ENABLE": "0", "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0"}
    _manage(env, "migrate", "-v0")
    _manage(env, "seed", "-v0")
    _manage(env, "collectstatic", "--noinput", "-v0")
    if args.generate:
        _manage(env, "generate_cases", str(args.generate), "--keep")
    employer = f"湛江停产电子有限公司{int(time.time())}"
    filing, bare, form = serve_and_file(args, env, employer)
    print("| view | clients | requests | per second | errors | median (ms) | p95 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, row in (
        ("complaint form (GET + POST)", filing),
        ("bare Django form view (GET + POST)", form),
        ("bare Django view (GET)", bare),
    ):
        print(
            f"| {label} | {args.clients} | {row['done']} | {row['per_second']:.1f} | {row['errors']} "
            f"| {row['median']:.0f} | {row['p95']:.0f} |"
        )
    for baseline, row in (("bare form submissions", form), ("bare requests", bare)):
        ratio = filing["per_second"] / row["per_second"] if row["per_second"] else 0
        print(f"\nfilings per second / {baseline} per second: {ratio:.1%}", flush=True)
    measure_pages(employer)
    sys.exit(1 if filing["errors"] else 0)


if __name__ == "__main__":
    main()
