"""deploy/ is what docs/deployment.md describes, and what the stack test runs
(zhanjiang_union/tests/stack/). These checks keep the three from drifting apart."""

import re
import runpy
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
DOCS = (BASE_DIR / "docs" / "deployment.md").read_text()
SITE = (DEPLOY / "nginx" / "zjgh.conf").read_text()


def deploy_files() -> list[str]:
    return sorted(
        str(path.relative_to(BASE_DIR))
        for path in DEPLOY.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def test_the_deployment_guide_links_every_deploy_file():
    assert deploy_files() == [
        "deploy/gunicorn.conf.py",
        "deploy/nginx/zjgh.conf",
        "deploy/systemd/zjgh-beat.service",
        "deploy/systemd/zjgh-web.service",
        "deploy/systemd/zjgh-worker.service",
    ]
    for name in deploy_files():
        assert f"(../{name})" in DOCS, name


def test_the_guide_pastes_no_copy_of_them():
    # A copy in prose drifts from the file that is installed and tested.
    for directive in ("proxy_pass", "proxy_set_header", "ExecStart=", "server {", "[Service]"):
        assert directive not in DOCS, directive


def test_gunicorn_listens_where_nginx_sends():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    upstream = re.search(r"upstream zjgh_app \{\s*(?:#.*\n\s*)*server ([\d.:]+);", SITE).group(1)
    assert config["bind"] == upstream == "127.0.0.1:8001"
    # nginx reaches gunicorn from that loopback address: the one trusted proxy.
    assert "TRUSTED_PROXIES=127.0.0.1 " in DOCS
    assert config["forwarded_allow_ips"] == "127.0.0.1"


def test_nginx_sets_the_forwarded_headers_itself():
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in SITE
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in SITE
    # nginx is the edge: the header holds one address, none of it written by the client.
    assert "$proxy_add_x_forwarded_for" not in SITE


def test_request_limit_fits_ten_evidence_files():
    from cases.uploads import MAX_EVIDENCE_BYTES

    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", SITE).group(1))
    assert 10 * MAX_EVIDENCE_BYTES < limit_mb * 1024 * 1024 <= 12 * MAX_EVIDENCE_BYTES


def test_pages_are_not_compressed_static_files_are_precompressed():
    assert "gzip off;" in SITE
    assert "gzip_static on;" in SITE
    assert not any("gzip" in name.lower() for name in settings.MIDDLEWARE)


def test_exactly_one_beat_and_it_is_not_in_the_worker():
    units = {path.name: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}
    beats = [name for name, text in units.items() if re.search(r"^ExecStart=.* beat", text, re.M)]
    assert beats == ["zjgh-beat.service"]
    assert "--beat" not in units["zjgh-worker.service"]
    assert "--config deploy/gunicorn.conf.py" in units["zjgh-web.service"]
