"""docs/ops/backup.sh and restore.sh, run for real: a case filed with evidence
comes back whole in a fresh database and media folder."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases.models import Case, Evidence

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
OPS = Path(__file__).resolve().parents[2] / "docs" / "ops"


def database_url(name: str) -> str:
    db = connection.settings_dict
    host, port, user = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"] or "postgres"
    return f"postgres://{user}@{host}:{port}/{name}"


def run(script: str, *args, **env):
    subprocess.run(
        [str(OPS / script), *map(str, args)],
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )


def test_backup_then_restore_into_an_empty_database(make_case, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
    case = make_case(evidence_files=[SimpleUploadedFile("工资条.png", png, "image/png")])
    evidence = Evidence.objects.get(case=case)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        run("backup.sh", tmp_path / "backups", DATABASE_URL=database_url(source),
            PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT))  # fmt: skip
        (backup,) = (tmp_path / "backups").iterdir()
        media = tmp_path / "restored-media"
        run(
            "restore.sh", backup, DATABASE_URL=database_url(restored), PRIVATE_MEDIA_ROOT=str(media)
        )

        import psycopg2

        check = psycopg2.connect(database_url(restored))
        try:
            with check.cursor() as cursor:
                cursor.execute("SELECT number, employer_name FROM cases_case")
                assert cursor.fetchall() == [(case.number, case.employer_name)]
                cursor.execute("SELECT count(*) FROM cases_caseevent")
                assert cursor.fetchone()[0] == case.events.count()
        finally:
            check.close()  # psycopg2's "with" commits but does not close
        assert (media / evidence.file.name).read_bytes() == png
        assert Case.objects.count() == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
