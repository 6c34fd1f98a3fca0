from django.db import migrations, models


class Migration(migrations.Migration):
    """Marks the cases whose latest change the dashboard's figures do not hold yet. The
    cases already here are not marked: the figures' first build reads every case."""

    dependencies = [
        ("cases", "0010_caseevent_stage_entered_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="figures_pending",
            field=models.BooleanField(db_default=False, editable=False),
        ),
        migrations.AlterField(
            model_name="case",
            name="figures_pending",
            field=models.BooleanField(db_default=True, editable=False),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("figures_pending", True)),
                fields=["id"],
                name="case_figures_pending",
            ),
        ),
    ]
