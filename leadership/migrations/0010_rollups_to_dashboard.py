"""The dashboard's figures kept ready moved to the dashboard app: this app lets go of
their models in the migration state only. Their tables and rows stay; the dashboard's
0001 has taken them over (it runs first) and its 0002 renames them."""

from django.db import migrations

MODELS = (
    "CallCount",
    "CaseFlow",
    "DeadlineEnd",
    "DurationCount",
    "MediationEnd",
    "OpenCaseCount",
    "RollupState",
)


class Migration(migrations.Migration):

    dependencies = [
        ("leadership", "0009_rollups_by_organisation"),
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MODELS],
        ),
    ]
