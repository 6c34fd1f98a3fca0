"""Starting and talking to the production stack (see __init__.py)."""

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
DEPLOY = BASE_DIR / "deploy"
VENV_BIN = Path(sys.executable).parent
DEMO_PASSWORD = "zjgh-demo-2026"  # manage.py seed --demo
NGINX = "/usr/sbin/nginx"
OPENSSL = "/usr/bin/openssl"
REDIS_SERVER = "/usr/bin/redis-server"
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"
CHROMIUM = "/usr/bin/chromium"
MONITOR_ADDRESS = "127.0.0.9"


def tools_available() -> bool:
    return all(
        os.access(tool, os.X_OK)
        for tool in (NGINX, REDIS_SERVER, OPENSSL, CHROMIUM, SYSTEMD_ANALYZE)
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def substitute(text: str, replacements: dict[str, str]) -> str:
    """Each replacement must match: if the deploy file changes, the test says so
    rather than quietly running something else."""
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in the deploy file"
        text = text.replace(old, new)
    return text


def unit_service(name: str) -> dict[str, list[str]]:
    """The [Service] section of deploy/systemd/NAME as key -> values."""
    values: dict[str, list[str]] = {}
    section = None
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
            continue
        if section == "[Service]":
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


# --- Talking to it ---------------------------------------------------------------------


def unverified_tls() -> ssl.SSLContext:
    """TLS that accepts the certificate the test made (and any other)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _BoundHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, source: str, context: ssl.SSLContext):
        super().__init__(context=context)
        self.source = source

    def https_open(self, req):
        connection = partial(http.client.HTTPSConnection, source_address=(self.source, 0))
        return self.do_open(connection, req, context=self._context)


class _BoundHTTP(urllib.request.HTTPHandler):
    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def http_open(self, req):
        connection = partial(http.client.HTTPConnection, source_address=(self.source, 0))
        return self.do_open(connection, req)


@dataclass
class Client:
    """A client at one loopback address (its socket bound there), with its own cookies
    (sent over plain HTTP too, so a client may talk to gunicorn directly as nginx does).
    Redirects are not followed: the tests look at them."""

    base: str
    source: str = "127.0.0.1"
    cookies: dict = field(default_factory=dict)
    # The form tokens read per page, reused until the CSRF cookie changes (at login),
    # as a browser keeps a page open: half the requests.
    tokens: dict = field(default_factory=dict)

    def __post_init__(self):
        context = unverified_tls()
        self._opener = urllib.request.build_opener(
            _BoundHTTPS(self.source, context), _BoundHTTP(self.source), _NoRedirect()
        )

    def request(self, method, path, data=None, headers=None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (https:// or http:// to the stack)
            self.base + path, data=body, method=method, headers=headers or {}
        )
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self._opener.open(request, timeout=30) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as answer:
            response = Response(answer.code, answer.headers, answer.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
                if name == "csrftoken":
                    self.tokens.clear()
        return response

    def get(self, path, headers=None) -> Response:
        return self.request("GET", path, headers=headers)

    def csrf_token(self, path, headers=None) -> str:
        if path not in self.tokens:
            page = self.get(path, headers)
            assert page.status == 200, (path, page.status)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            self.tokens[path] = token
        return self.tokens[path]

    def post_form(self, path, data, headers=None) -> Response:
        headers = headers or {}
        token = self.csrf_token(path, headers)
        origin = self.base if self.base.startswith("https") else self.base.replace("http", "https")
        headers = {"Referer": origin + path, "Origin": origin, **headers}
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token}, headers)

    def log_in(self, username, password, headers=None) -> Response:
        return self.post_form(
            "/accounts/login/", {"username": username, "password": password}, headers
        )


# --- Starting it -----------------------------------------------------------------------


class Stack:
    def __init__(self, root: Path, database_url: str):
        self.root = root
        self.database_url = database_url
        self.https_port, self.http_port, self.app_port, self.redis_port = (
            free_port(),
            free_port(),
            free_port(),
            free_port(),
        )
        self.base = f"https://127.0.0.1:{self.https_port}"
        self.direct = f"http://127.0.0.1:{self.app_port}"
        self.var = root / "var"
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    @property
    def env(self) -> dict[str, str]:
        keep = {
            key: value
            for key, value in os.environ.items()
            if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH")
        }
        return keep | {
            "PRODUCTION": "1",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": self.base,
            "PUBLIC_BASE_URL": self.base,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "VAR_DIR": str(self.var),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            # nginx connects to gunicorn from here, and only nginx is trusted.
            "TRUSTED_PROXIES": "127.0.0.1",
            "METRICS_ALLOWED_ADDRESSES": MONITOR_ADDRESS,
            # Beat every 3 seconds, so a stopped beat shows within the test's time.
            "DEADLINE_SWEEP_MINUTES": "0.05",
            "DASHBOARD_REFRESH_MINUTES": "0.05",
            "NOTIFICATION_PASS_MINUTES": "0.05",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args, production=True):
        env = self.env if production else {k: v for k, v in self.env.items() if k != "PRODUCTION"}
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"

    def start(self, name, argv, env=None, cwd=BASE_DIR):
        log = self.root / f"{name}.log"
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env or self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name, timeout=20):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self):
        # All at once: each shuts down gracefully in its own time, side by side.
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def log_tail(self, name, lines=40) -> str:
        log = self.logs.get(name)
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log else ""

    def up(self):
        self.secret_key = secrets.token_urlsafe(48)
        self.var.mkdir()
        self.start(
            "redis",
            [
                REDIS_SERVER,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
        )
        # collectstatic needs no database: it runs while the database is migrated.
        collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The demo accounts (seed refuses them with PRODUCTION=1); then as a release does.
        self.manage("migrate", "--noinput", "-v", "0", production=False)
        self.manage("seed", "--demo", production=False)
        _out, errors = collectstatic.communicate(timeout=300)
        assert collectstatic.returncode == 0, f"collectstatic:\n{errors[-3000:]}"
        self._certificate()
        self._nginx()
        self._service(
            "web",
            "zjgh-web.service",
            extra={
                "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
                "GUNICORN_WORKERS": "2",
            },
        )
        self._service("worker", "zjgh-worker.service")
        self._service("beat", "zjgh-beat.service")
        self.wait_for(lambda: Client(self.base).get("/healthz").status == 200, "healthz 200")

    def wait_for(self, condition, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                assert process.poll() is None, f"{name} exited:\n{self.log_tail(name)}"
            try:
                if condition():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(
            f"timed out waiting for {what}\n"
            + "\n".join(f"--- {name}\n{self.log_tail(name, 15)}" for name in self.logs)
        )

    def _certificate(self):
        self.cert, self.key = self.root / "portal.crt", self.root / "portal.key"
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                str(self.key),
                "-out",
                str(self.cert),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )

    def _nginx(self):
        site = substitute(
            (DEPLOY / "nginx" / "zjgh.conf").read_text(),
            {
                "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
                "listen 80;": f"listen 127.0.0.1:{self.http_port};",
                "server 127.0.0.1:8001;": f"server 127.0.0.1:{self.app_port};",
                "/etc/ssl/zjgh/portal.crt": str(self.cert),
                "/etc/ssl/zjgh/portal.key": str(self.key),
                "/srv/zjgh/var/static/": f"{self.var / 'static'}/",
                "/var/log/nginx/zjgh.access.log": str(self.root / "nginx-access.log"),
                "/var/log/nginx/zjgh.error.log": str(self.root / "nginx-error.log"),
            },
        )
        (self.root / "zjgh.conf").write_text(site)
        temp = self.root / "nginx-temp"
        temp.mkdir()
        # The http block as Debian's /etc/nginx/nginx.conf has it, gzip on included:
        # the site must hold its own against it.
        (self.root / "nginx.conf").write_text(
            f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {self.root / "nginx.pid"};
error_log {self.root / "nginx-error.log"};
daemon off;
events {{ worker_connections 256; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    gzip on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    access_log {self.root / "nginx-access.log"};
    include {self.root / "zjgh.conf"};
}}
"""
        )
        self.start(
            "nginx",
            [
                NGINX,
                "-e",
                str(self.root / "nginx-error.log"),
                "-p",
                str(self.root),
                "-c",
                str(self.root / "nginx.conf"),
            ],
        )

    def _service(self, name, unit, extra=None):
        """Start what the systemd unit starts: its ExecStart and Environment, with the
        installation's paths made the test's."""
        service = unit_service(unit)
        paths = {
            "/srv/zjgh/venv/bin/": f"{VENV_BIN}/",
            "/srv/zjgh/var": str(self.var),
            "/run/zjgh-web": str(self.root / "run"),
        }
        (exec_start,) = service["ExecStart"]
        argv = [self._paths(word, paths) for word in shlex.split(exec_start)]
        env = dict(self.env)
        for assignment in service.get("Environment", []):
            key, _, value = assignment.partition("=")
            env[key] = self._paths(value, paths)
        env.update(extra or {})
        (working_directory,) = service["WorkingDirectory"]
        assert working_directory == "/srv/zjgh/app"  # the repository's checkout
        self.start(name, argv, env=env, cwd=BASE_DIR)

    @staticmethod
    def _paths(text, paths):
        for old, new in paths.items():
            text = text.replace(old, new)
        return text
