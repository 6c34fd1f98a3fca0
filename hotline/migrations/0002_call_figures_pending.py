import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """When each call last changed, and a mark on the calls whose latest change the
    dashboard's figures do not hold yet. The calls already here are not marked: the
    figures' first build reads every call."""

    dependencies = [
        ("hotline", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="call",
            name="figures_pending",
            field=models.BooleanField(db_default=False, editable=False),
        ),
        migrations.AlterField(
            model_name="call",
            name="figures_pending",
            field=models.BooleanField(db_default=True, editable=False),
        ),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(
                condition=models.Q(("figures_pending", True)),
                fields=["id"],
                name="call_figures_pending",
            ),
        ),
    ]
