from django.db import migrations

from performance.rules import performance_rules_ensure


def load(apps, schema_editor):
    performance_rules_ensure(apps.get_model("cases", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
