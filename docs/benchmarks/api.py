"""Benchmark: complaints filed per second through the API, through the web form, and a
bare Django view, on the same gunicorn in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_bench \\
        .venv/bin/python docs/benchmarks/api.py --clients 8 --seconds 20

It migrates and seeds the database, registers an API client (rate limit out of the
way), starts gunicorn on a free loopback port with one extra URL, `/bench/bare` (a view
that answers "ok" and touches nothing: the floor set by gunicorn, Django's middleware
and the loopback), then runs each phase for the given time with the given number of
client threads (bounded: they stop by themselves), stops gunicorn and prints one
Markdown row per phase. Only 127.0.0.1 is contacted.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def complaint(district: str, category: str) -> dict:
    return {
        "name": "压测职工",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "address": "湛江市赤坎区",
        "employer_name": "湛江压测有限公司",
        "employer_address": "",
        "district": district,
        "industry": "C",
        "category": category,
        "workers_involved": 1,
        "amount_claimed": "5000",
        "facts": "工资未发放。",
        "demand": "支付工资。",
    }


def exchange(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    # One connection per request, closed at once (gunicorn's sync workers linger on an
    # open one), as in complaint_load.py.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def bare(port, _context):
    status, _h, _b = exchange(port, "GET", "/bench/bare")
    return status == 200


def web_form(port, context):
    status, headers, page = exchange(port, "GET", "/complaints/new/")
    cookie = next(
        v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "csrftoken" in v
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {**complaint(*context["pks"]), "email": "", "employer_credit_code": ""}
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **form}).encode()
    status, headers, _page = exchange(port, "POST", "/complaints/new/", body, {
        "Cookie": cookie, "Referer": f"http://127.0.0.1:{port}/complaints/new/",
        "Content-Type": "application/x-www-form-urlencoded",
    })  # fmt: skip
    return status == 302


def api(port, context):
    body = json.dumps(complaint(*context["codes"]), ensure_ascii=False).encode()
    status, _h, _b = exchange(port, "POST", "/api/v1/complaints", body, {
        "Authorization": f"Bearer {context['token']}", "Content-Type": "application/json",
    })  # fmt: skip
    return status == 201


def run_phase(step, port, context, clients: int, seconds: float) -> dict:
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = step(port, context)
            except Exception:  # a refused connection or a 5xx: counted, not raised
                ok = False
            with lock:
                results.append((ok, time.perf_counter() - started))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    times = sorted(t for ok, t in results if ok)
    return {
        "per_second": len(times) / elapsed,
        "errors": sum(1 for ok, _t in results if not ok),
        "p50": statistics.median(times) * 1000 if times else 0,
        "p95": times[int(len(times) * 0.95) - 1] * 1000 if times else 0,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    env = {**os.environ, "RATELIMIT_ENABLE": "0", "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0"}
    python = BASE / ".venv" / "bin" / "python"

    def manage(*command, **kwargs):
        return subprocess.run(
            [python, "manage.py", *command], cwd=BASE, env=env, check=True, **kwargs
        )

    manage("migrate", "-v0")
    manage("seed", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    script = (
        "from api import services; from cases.models import District, DisputeCategory;"
        "d = District.objects.filter(active=True).first();"
        "c = DisputeCategory.objects.filter(active=True).first();"
        "client, token = services.client_create(name='bench-' + __import__('secrets').token_hex(4),"
        " scopes=['complaints:file'], rate='1000000/min');"
        "print(token, d.pk, c.pk, d.code, c.code)"
    )
    out = manage("shell", "-c", script, capture_output=True, text=True).stdout.split()[-5:]
    context = {"token": out[0], "pks": (out[1], out[2]), "codes": (out[3], out[4])}
    port = free_port()
    server = subprocess.Popen(
        [BASE / ".venv" / "bin" / "gunicorn", "bench_wsgi:application", "--pythonpath",
         f"{HERE},{BASE}", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--log-level", "warning"],
        cwd=BASE, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if exchange(port, "GET", "/bench/bare")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:g} s each")
        print("| path | per second | errors | p50 (ms) | p95 (ms) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, step in (
            ("bare Django view", bare),
            ("web form (GET + POST)", web_form),
            ("API (POST JSON)", api),
        ):
            row = run_phase(step, port, context, args.clients, args.seconds)
            print(
                f"| {label} | {row['per_second']:.1f} | {row['errors']} | "
                f"{row['p50']:.0f} | {row['p95']:.0f} |"
            )
            sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
