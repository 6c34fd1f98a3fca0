"""The settings pick their backends from the environment (README, "Configuration")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.conf import settings
from zhanjiang_union.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "broker": app.conf.broker_url,
    "result_backend": app.conf.result_backend,
    "cache": settings.CACHES["default"]["BACKEND"],
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
    "secure_cookies": getattr(settings, "SESSION_COOKIE_SECURE", False),
}))
"""


def probe(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    clean.update(DJANGO_SETTINGS_MODULE="zhanjiang_union.settings", VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_server(tmp_path):
    config = probe(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "portal.sqlite3")
    assert config["broker"] == "filesystem://"
    assert config["result_backend"].startswith("file://")
    assert config["cache"].endswith("FileBasedCache")
    assert (config["language"], config["time_zone"]) == ("zh-hans", "Asia/Shanghai")
    assert (tmp_path / "celery" / "queue").is_dir()


def test_database_url_selects_postgresql(tmp_path):
    config = probe(tmp_path, DATABASE_URL="postgres://portal@db.example:5432/zjgh")
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "zjgh"
    assert config["broker"] == "filesystem://"


def test_redis_url_selects_redis_for_broker_results_and_cache(tmp_path):
    config = probe(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    assert config["broker"] == "redis://127.0.0.1:6379/3"
    assert config["result_backend"] == "redis://127.0.0.1:6379/3"
    # Django's Redis cache with short timeouts and a database fallback (resilience/cache.py).
    assert config["cache"] == "zhanjiang_union.resilience.cache.RedisCacheWithFallback"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="zhanjiang_union.settings", VAR_DIR=str(tmp_path), PRODUCTION="1"
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("flag", ["1", "true"])
def test_production_mode_sets_secure_cookies(tmp_path, flag):
    config = probe(tmp_path, PRODUCTION=flag, SECRET_KEY="x" * 60)
    assert config["secure_cookies"] is True


def test_check_deploy_reports_nothing_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        VAR_DIR=str(tmp_path),
        PRODUCTION="1",
        SECRET_KEY="k3y-" + "9f8e7d6c5b4a" * 5,
        ALLOWED_HOSTS="portal.zjgh.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
