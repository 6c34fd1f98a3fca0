"""Load test: the public complaint form under concurrent workers, served by
gunicorn on loopback, as a browser would use it (GET the form for the CSRF
cookie and token, then POST a complete complaint).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zjgh_load \\
        .venv/bin/python docs/benchmarks/complaint_load.py --clients 20 --seconds 30

It starts gunicorn itself (4 workers, port 8765, rate limiting off for the
run: every client comes from 127.0.0.1), runs the clients for the given time
(bounded: they stop by themselves), stops gunicorn, and prints requests per
second, errors and latency. Only loopback is ever contacted.
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
PORT = 8765
PATH = "/complaints/new/"
URL = f"http://127.0.0.1:{PORT}{PATH}"


def complaint(district: str, category: str) -> dict:
    return {
        "name": "压测职工",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "email": "",
        "address": "湛江市赤坎区",
        "employer_name": "湛江压测有限公司",
        "employer_credit_code": "",
        "employer_address": "",
        "district": district,
        "industry": "C",
        "category": category,
        "workers_involved": "1",
        "amount_claimed": "5000",
        "facts": "工资未发放。",
        "demand": "支付工资。",
    }


def _exchange(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request on its own connection, closed as soon as the response is
    read: gunicorn's sync worker lingers up to 2 s for a client that keeps its
    end open (RFC 9112 graceful close), which a lazy client would measure."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def client(deadline: float, results: list, lock: threading.Lock, choices: tuple[str, str]) -> None:
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            status, headers, page = _exchange("GET", PATH)
            cookie = next(
                v.split(";")[0]
                for k, v in headers
                if k.lower() == "set-cookie" and "csrftoken" in v
            )
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, **complaint(*choices)}
            ).encode()
            status, headers, _page = _exchange("POST", PATH, body, {
                "Cookie": cookie, "Referer": URL, "Content-Type": "application/x-www-form-urlencoded",
            })  # fmt: skip
            ok = status == 302 and dict(headers).get("Location", "").endswith("/complaints/done/")
        except Exception:  # a refused connection or a 5xx: counted, not raised
            ok = False
        with lock:
            results.append((ok, time.perf_counter() - started))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    env = {**os.environ, "RATELIMIT_ENABLE": "0", "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "0"}
    python = BASE / ".venv" / "bin" / "python"
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=BASE, env=env, check=True)
    subprocess.run([python, "manage.py", "seed", "-v0"], cwd=BASE, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE, env=env, check=True
    )
    ids = subprocess.run(
        [python, "manage.py", "shell", "-c",
         "from cases.models import District, DisputeCategory;"
         "print(District.objects.first().pk, DisputeCategory.objects.first().pk)"],
        cwd=BASE, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-2:]  # fmt: skip
    server = subprocess.Popen(
        [BASE / ".venv" / "bin" / "gunicorn", "zhanjiang_union.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "4", "--log-level", "warning"],
        cwd=BASE, env=env,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(URL, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(deadline, results, lock, tuple(ids)))
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    timings = sorted(duration * 1000 for ok, duration in results if ok)
    errors = sum(1 for ok, _ in results if not ok)
    p95 = timings[int(len(timings) * 0.95) - 1] if timings else float("nan")
    print("| clients | seconds | complaints filed | per second | errors | median (ms) | p95 (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {args.clients} | {elapsed:.0f} | {len(timings)} | {len(timings) / elapsed:.1f} | {errors} "
        f"| {statistics.median(timings):.0f} | {p95:.0f} |"
    )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
