"""gunicorn settings for the portal: `gunicorn --config deploy/gunicorn.conf.py
zhanjiang_union.wsgi` (deploy/systemd/zjgh-web.service). Behind nginx
(deploy/nginx/zjgh.conf), on loopback. docs/deployment.md explains each choice."""

import multiprocessing
import os
import shutil

# Loopback only: nginx is the one client. The address matches nginx's upstream.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Synchronous workers: the portal's views are short database work; nginx buffers slow
# clients (uploads and responses), so a worker is busy only while Django is.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jitter: not all at once), which
# bounds any slow leak.
max_requests = 2000
max_requests_jitter = 200
# gunicorn believes X-Forwarded-Proto from nginx only; the portal reads the client's
# address itself (TRUSTED_PROXIES, zhanjiang_union/clientip.py).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
# nginx writes the access log; gunicorn's errors go to the journal.
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "zjgh-web"

# Prometheus metrics from every worker process (zhanjiang_union/monitoring/metrics.py):
# each writes its samples into this folder, a scrape adds them up.
PROMETHEUS_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(os.environ.get("VAR_DIR", "var"), "prometheus"),
)


def on_starting(server):
    # Samples of the previous run's processes would be added to this run's.
    shutil.rmtree(PROMETHEUS_DIR, ignore_errors=True)
    os.makedirs(PROMETHEUS_DIR, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
