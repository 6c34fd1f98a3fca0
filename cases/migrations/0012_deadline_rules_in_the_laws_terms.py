"""Personal data removed after retention is marked on the case; labour inspection
is named as the law names it. The default time limits in the law's terms and full citations: the mediation
clock of Art. 14 starts at the receipt of the application, and the mediation
committee's own handling limit stands beside it.

Rules are admin-editable: a row is updated only while it still equals the old
default in every field; a row an admin changed is left as it is."""

from django.db import migrations, models

from cases.deadline_rules import FIELDS, RULES, deadline_rules_ensure

# The defaults of 0005, as they were.
OLD = {
    "triage": ("分流受理", 3, "working", "投诉登记", False, None, "工会服务标准"),
    "mediation": (
        "工会调解", 15, "calendar", "受理调解申请", True, None,
        "劳动争议调解仲裁法第十四条；经双方同意可延长",
    ),
    "court_mediation": (
        "诉前委派调解", 30, "calendar", "调解员签收法院移交材料", True, None,
        "最高法《关于人民法院特邀调解的规定》第二十七条；双方同意可延长",
    ),
    "arbitration_acceptance": (
        "仲裁委决定是否受理", 5, "calendar", "收到仲裁申请", False, None,
        "劳动争议调解仲裁法第二十九条",
    ),
    "arbitration_award": (
        "仲裁裁决", 45, "calendar", "仲裁委受理", True, 15,
        "劳动争议调解仲裁法第四十三条；经仲裁委主任批准可延长15日",
    ),
    "inspection_acceptance": (
        "劳动监察决定是否受理", 5, "working", "收到投诉", False, None,
        "关于实施《劳动保障监察条例》若干规定第十八条",
    ),
    "inspection_investigation": (
        "劳动监察调查处理", 60, "working", "立案", True, 30,
        "劳动保障监察条例第十七条；经部门负责人批准可延长30个工作日",
    ),
    "petition_acceptance": (
        "信访告知是否受理", 15, "calendar", "收到信访事项", False, None,
        "信访工作条例第二十二、二十三条",
    ),
    "petition_handling": (
        "信访事项办理", 60, "calendar", "受理", True, 30, "信访工作条例第三十四条；经批准可延长30日",
    ),
    "handoff_ack": ("移送签收", 3, "working", "移送", False, None, "工会服务标准"),
    "callback": ("12351热线回电", 1, "working", "来电", False, None, "工会服务标准"),
}


def _update(apps, old, new):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for key, values in old.items():
        row = DeadlineRule.objects.filter(key=key).first()
        if row is None or tuple(getattr(row, name) for name in FIELDS) != tuple(values):
            continue
        for name, value in zip(FIELDS, new[key], strict=True):
            setattr(row, name, value)
        row.save()


def forwards(apps, schema_editor):
    _update(apps, OLD, {key: tuple(values) for key, *values in RULES})
    deadline_rules_ensure(apps.get_model("cases", "DeadlineRule"))


def backwards(apps, schema_editor):
    # The added handling rule stays: deadlines may refer to it.
    _update(apps, {key: tuple(values) for key, *values in RULES if key in OLD}, OLD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_case_figures_pending")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="personal_data_removed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="personal data removed at"
            ),
        ),
        migrations.AlterField(
            model_name="handoff",
            name="body",
            field=models.CharField(
                choices=[
                    ("union_mediation", "Union mediation committee"),
                    ("arbitration", "Labor dispute arbitration commission"),
                    ("inspection", "Labor inspection authority"),
                    ("petition", "Petition office (信访)"),
                    ("court", "People's court"),
                    ("other", "Other authority"),
                ],
                max_length=24,
                verbose_name="receiving body",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
