"""The figures' tables came from the leadership app: a database migrated before the move
(leadership's 0009, no dashboard app yet) keeps its rows, its content types and its
grants when it migrates to the end, and the rows read through the dashboard's models.
(A new database takes the same migrations: the test database is one.)"""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dashboard.models import CaseFlow, RollupState
from dashboard.rollups import rollups_rebuild

BEFORE_THE_MOVE = [("leadership", "0009_rollups_by_organisation"), ("dashboard", None)]
DASHBOARD_READERS = {"department_head", "leadership", "admin"}
MOVED = ("callcount", "caseflow", "deadlineend", "durationcount", "mediationend", "opencasecount", "rollupstate")  # fmt: skip


def migrate(targets=None):
    """Migrate the test database to `targets` (the latest migrations when None) and
    return the models as they stand there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    reached = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(reached).apps


def tables(app_label: str) -> set[str]:
    """Which of the moved models' tables carry this app's name."""
    names = set(connection.introspection.table_names())
    return {model for model in MOVED if f"{app_label}_{model}" in names}


def autovacuum_settings(table: str) -> list[str] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_figures_and_grants():
    old = migrate(BEFORE_THE_MOVE)
    assert (tables("leadership"), tables("dashboard")) == (set(MOVED), set())
    old_flow = old.get_model("leadership", "CaseFlow").objects.create(
        period="d", day=date(2026, 11, 2), district=0, department=0, organisation=7, filed=3
    )
    # The one state row the refresh keeps (pk 1), whatever ids earlier tests used.
    old.get_model("leadership", "RollupState").objects.create(pk=1)
    # The content type and a default permission of a moved model, granted to a group.
    content_type = ContentType.objects.get(app_label="leadership", model="caseflow")
    permission = Permission.objects.get(content_type=content_type, codename="view_caseflow")
    group = Group.objects.create(name="figures readers")
    group.permissions.add(permission)
    # The dashboard's own permission, which the roles hold.
    view_dashboard = Permission.objects.get(
        content_type__app_label="leadership", codename="view_dashboard"
    )
    assert set(view_dashboard.group_set.values_list("name", flat=True)) == DASHBOARD_READERS

    migrate()

    assert (tables("leadership"), tables("dashboard")) == (set(), set(MOVED))
    if connection.vendor == "postgresql":
        # What leadership's 0005 set, kept by the rename.
        assert "autovacuum_vacuum_scale_factor=0.02" in autovacuum_settings("dashboard_caseflow")
    flow = CaseFlow.objects.get()
    assert (flow.pk, flow.day, flow.organisation, flow.filed) == (
        old_flow.pk, date(2026, 11, 2), 7, 3,
    )  # fmt: skip
    assert RollupState.objects.count() == 1
    # The same content type and permission rows, now the dashboard's, still granted.
    assert ContentType.objects.get_for_model(CaseFlow).pk == content_type.pk
    assert group.permissions.get().pk == permission.pk
    assert Group.objects.filter(
        permissions__content_type__app_label="dashboard",
        permissions__codename="view_caseflow",
    ).exists()
    # The dashboard's permission is still leadership.view_dashboard, the same row, held
    # by the same roles.
    assert (
        Permission.objects.get(content_type__app_label="leadership", codename="view_dashboard").pk
        == view_dashboard.pk
    )
    assert set(view_dashboard.group_set.values_list("name", flat=True)) == DASHBOARD_READERS
    # The renamed tables take new rows after the old ones: what the refresh writes.
    assert (
        CaseFlow.objects.create(period="d", day=date(2026, 11, 3), district=0, department=0).pk
        > flow.pk
    )
    rollups_rebuild()
    assert RollupState.objects.get().built_at is not None
