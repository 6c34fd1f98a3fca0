"""Give every roster member and measure that exists before history tracking began one
"created" history record holding its current state, so that the first change made
afterwards shows what it changed from (django-simple-history's `populate_history`,
done here so no one has to remember to run it)."""

from django.db import migrations
from django.utils import timezone


def _baseline(apps, model_name, m2m_name, owner_field):
    model = apps.get_model("leadership", model_name)
    history = apps.get_model("leadership", f"Historical{model_name}")
    history_m2m = apps.get_model("leadership", f"Historical{model_name}_{m2m_name}")
    through = getattr(model, m2m_name).through
    now = timezone.now()
    plain = [field.attname for field in model._meta.concrete_fields]
    for instance in model._default_manager.all():
        if history._default_manager.filter(id=instance.pk).exists():
            continue
        record = history._default_manager.create(
            history_date=now,
            history_type="+",
            history_user=None,
            **{name: getattr(instance, name) for name in plain},
        )
        history_m2m._default_manager.bulk_create(
            history_m2m(
                history=record,
                id=row.id,
                department_id=row.department_id,
                **{f"{owner_field}_id": instance.pk},
            )
            for row in through._default_manager.filter(**{f"{owner_field}_id": instance.pk})
        )


def forwards(apps, schema_editor):
    _baseline(apps, "RosterMember", "in_charge_of", "rostermember")
    _baseline(apps, "Measure", "departments", "measure")


class Migration(migrations.Migration):

    dependencies = [
        ("leadership", "0002_history_activities_reports"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
