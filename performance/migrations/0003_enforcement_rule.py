from django.db import migrations

from performance.rules import performance_rules_ensure


def load(apps, schema_editor):
    # Adds the rules missing so far (the time limit to apply for enforcement).
    performance_rules_ensure(apps.get_model("cases", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_rules"), ("cases", "0016_english_names")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
