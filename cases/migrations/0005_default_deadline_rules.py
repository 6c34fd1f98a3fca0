"""The statutory and service-standard time limits of DOMAIN.md, as defaults an
admin can edit. Existing rows are left as the admin set them."""

from django.db import migrations

from cases.deadline_rules import deadline_rules_ensure


def create_rules(apps, schema_editor):
    deadline_rules_ensure(apps.get_model("cases", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_deadlinerule_deadline_earlywarning_escalation_and_more")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
