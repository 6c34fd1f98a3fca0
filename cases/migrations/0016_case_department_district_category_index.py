from django.db import migrations, models

# The planner takes department, district and category as independent: at a million
# cases it thinks a combination nobody filed is common and walks the primary key
# backwards through the whole department looking for it. Statistics on the three
# together (PostgreSQL's extended statistics, taken by ANALYZE) tell it which
# combinations exist; the index then answers from its first page.
STATISTICS = "case_dept_district_category_stats"


def statistics_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) "
        "ON department_id, district_id, category_id FROM cases_case"
    )
    # Every combination (departments × districts × categories: a few hundred) fits.
    schema_editor.execute(f"ALTER STATISTICS {STATISTICS} SET STATISTICS 1000")


def statistics_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0015_merge_field_work"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["department", "district", "category", "id"],
                name="case_dept_district_category",
            ),
        ),
        migrations.RunPython(statistics_create, statistics_drop),
    ]
