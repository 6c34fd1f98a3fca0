"""The dashboard's figures kept ready (dashboard/models.py), moved here from the
leadership app, where 0005 and 0009 made their tables.

This app takes the models over in the migration state only: their tables stay as they
are, rows and all (leadership's 0010 lets go of them the same way, and 0002 here then
renames them). Their content types follow them (`leadership.caseflow` becomes
`dashboard.caseflow`, and so on), so the permissions Django made for them keep their
rows and any grant of one stays. On a new database there are none yet: Django makes
them after migrating, under this app.
"""

from django.db import migrations, models

MODELS = (
    "callcount",
    "caseflow",
    "deadlineend",
    "durationcount",
    "mediationend",
    "opencasecount",
    "rollupstate",
)


def _content_types_move(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    # Should the target already have one (Django made it after an earlier, interrupted
    # run), the source's is left for `remove_stale_contenttypes`.
    taken = content_types.filter(app_label=target, model__in=MODELS).values_list(
        "model", flat=True
    )
    content_types.filter(app_label=source, model__in=MODELS).exclude(model__in=list(taken)).update(
        app_label=target
    )
    ContentType.objects.clear_cache()


def content_types_to_dashboard(apps, schema_editor):
    _content_types_move(apps, schema_editor, source="leadership", target="dashboard")


def content_types_to_leadership(apps, schema_editor):
    _content_types_move(apps, schema_editor, source="dashboard", target="leadership")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("leadership", "0009_rollups_by_organisation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RollupState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('built_at', models.DateTimeField(null=True)),
                        ('refreshed_at', models.DateTimeField(null=True)),
                    ],
                    options={
                        'db_table': 'leadership_rollupstate',
                    },
                ),
                migrations.CreateModel(
                    name='CallCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('outcome', models.CharField(max_length=16)),
                        ('category', models.PositiveBigIntegerField()),
                        ('linked', models.BooleanField()),
                        ('on_time', models.BooleanField()),
                        ('n', models.IntegerField()),
                    ],
                    options={
                        'db_table': 'leadership_callcount',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department', 'period', 'day'], name='callcount_org_district'), models.Index(fields=['organisation', 'department', 'district', 'period', 'day'], name='callcount_org_department')],
                    },
                ),
                migrations.CreateModel(
                    name='CaseFlow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('field', models.CharField(blank=True, max_length=16)),
                        ('value', models.CharField(blank=True, max_length=32)),
                        ('filed', models.IntegerField(default=0)),
                        ('closed', models.IntegerField(default=0)),
                        ('workers', models.BigIntegerField(default=0)),
                        ('recovered', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                        ('resolved', models.IntegerField(default=0)),
                        ('resolved_grassroots', models.IntegerField(default=0)),
                        ('resolved_in_union', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'leadership_caseflow',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department', 'period', 'day'], name='caseflow_org_district'), models.Index(fields=['organisation', 'department', 'district', 'period', 'day'], name='caseflow_org_department')],
                    },
                ),
                migrations.CreateModel(
                    name='DeadlineEnd',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('rule', models.PositiveBigIntegerField()),
                        ('ended', models.IntegerField(default=0)),
                        ('on_time', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'leadership_deadlineend',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department', 'period', 'day'], name='deadlineend_org_district'), models.Index(fields=['organisation', 'department', 'district', 'period', 'day'], name='deadlineend_org_department')],
                    },
                ),
                migrations.CreateModel(
                    name='DurationCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('measure', models.CharField(max_length=16)),
                        ('tenths', models.IntegerField()),
                        ('n', models.IntegerField()),
                    ],
                    options={
                        'db_table': 'leadership_durationcount',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department', 'period', 'day'], name='durationcount_org_district'), models.Index(fields=['organisation', 'department', 'district', 'period', 'day'], name='durationcount_org_department')],
                    },
                ),
                migrations.CreateModel(
                    name='MediationEnd',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('next_day', models.DateField(null=True)),
                        ('agreed', models.IntegerField(default=0)),
                        ('failed', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'leadership_mediationend',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department', 'period', 'day'], name='mediationend_org_district'), models.Index(fields=['organisation', 'department', 'district', 'period', 'day'], name='mediationend_org_department')],
                    },
                ),
                migrations.CreateModel(
                    name='OpenCaseCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('district', models.PositiveBigIntegerField()),
                        ('department', models.PositiveBigIntegerField()),
                        ('organisation', models.PositiveBigIntegerField(default=0)),
                        ('field', models.CharField(blank=True, max_length=16)),
                        ('value', models.CharField(blank=True, max_length=32)),
                        ('status', models.CharField(blank=True, max_length=24)),
                        ('deadline_state', models.CharField(blank=True, max_length=16)),
                        ('is_collective', models.BooleanField(default=False)),
                        ('warned', models.BooleanField(default=False)),
                        ('n', models.PositiveIntegerField()),
                    ],
                    options={
                        'db_table': 'leadership_opencasecount',
                        'indexes': [models.Index(fields=['organisation', 'district', 'department'], name='opencasecount_org_lookup')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_dashboard, content_types_to_leadership),
    ]
