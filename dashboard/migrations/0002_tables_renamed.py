"""The figures' tables take this app's name: leadership_caseflow becomes
dashboard_caseflow, and so on.

Renamed rather than kept under their old names (`db_table`) so that the tables are
named, as every other table of the portal, by the app whose models they hold: whoever
reads the database, or a later migration, finds them in dashboard/models.py, and no
model carries a name that points to another app. The rename is cheap on SQLite and on
PostgreSQL alike: `ALTER TABLE … RENAME TO` changes the catalogue, not the rows, and
keeps the indexes (named without the table: `caseflow_org_district`) and the autovacuum
settings leadership's 0005 gave them. Nothing else refers to these tables: no foreign
key points at them.
"""

from django.db import migrations

MODELS = (
    "callcount",
    "caseflow",
    "deadlineend",
    "durationcount",
    "mediationend",
    "opencasecount",
    "rollupstate",
)


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_initial"),
        ("leadership", "0010_rollups_to_dashboard"),
    ]

    # No table name: each model's default, dashboard_<model>.
    operations = [migrations.AlterModelTable(name=name, table=None) for name in MODELS]
