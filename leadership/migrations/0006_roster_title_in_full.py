"""The roster's one abbreviated title written in full (经费审查委员会主任), and the
hotline named without a space in measure (三); rows an administrator changed since
the seed are left as they are."""

from django.db import migrations

TITLE_OLD = "市总工会党组成员、经审委主任"
TITLE_NEW = "市总工会党组成员、经费审查委员会主任"
HOTLINE_OLD = "畅通 12351 职工维权热线"
HOTLINE_NEW = "畅通12351职工维权热线"


def forwards(apps, schema_editor):
    RosterMember = apps.get_model("leadership", "RosterMember")
    RosterMember._default_manager.filter(name="吴廉泉", title=TITLE_OLD).update(title=TITLE_NEW)
    Measure = apps.get_model("leadership", "Measure")
    for measure in Measure._default_manager.filter(text__startswith=HOTLINE_OLD):
        measure.text = HOTLINE_NEW + measure.text.removeprefix(HOTLINE_OLD)
        measure.save(update_fields=["text"])


def backwards(apps, schema_editor):
    RosterMember = apps.get_model("leadership", "RosterMember")
    RosterMember._default_manager.filter(name="吴廉泉", title=TITLE_NEW).update(title=TITLE_OLD)


class Migration(migrations.Migration):
    dependencies = [("leadership", "0005_dashboard_rollups")]

    operations = [migrations.RunPython(forwards, backwards)]
