"""The leadership's reference data from the plan: its measures with their responsible
departments, the work requirements, and the task-force roster of the appendix."""

from zhanjiang_union import seed_data
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.localnames import english_names_fill

from .models import Measure, RosterMember


def reference_data_load() -> dict[str, int]:
    created = {"measures": 0, "requirements": 0, "roster": 0}
    departments = {department.code: department for department in Department.objects.all()}
    for number, title, text, codes in seed_data.MEASURES:
        measure, new = Measure.all_kinds.get_or_create(
            kind=Measure.Kind.MEASURE,
            number=number,
            defaults={
                "title": title,
                "title_en": seed_data.MEASURE_TITLES_EN[number],
                "text": text,
            },
        )
        if new:
            measure.departments.set([departments[code] for code in codes])
        created["measures"] += new
    for number, title, text in seed_data.REQUIREMENTS:
        _requirement, new = Measure.all_kinds.get_or_create(
            kind=Measure.Kind.REQUIREMENT,
            number=number,
            defaults={
                "title": title,
                "title_en": seed_data.REQUIREMENT_TITLES_EN[number],
                "text": text,
            },
        )
        created["requirements"] += new
    english_names_fill(
        Measure.objects.all(), seed_data.MEASURE_TITLES_EN, key="number", field="title_en"
    )
    english_names_fill(
        Measure.requirements.all(), seed_data.REQUIREMENT_TITLES_EN, key="number", field="title_en"
    )
    for order, (name, group_role, title, dept_code, directs_office) in enumerate(
        seed_data.ROSTER, start=1
    ):
        _member, new = RosterMember.objects.get_or_create(
            name=name,
            group_role=group_role,
            defaults={
                "title": title,
                "title_en": seed_data.ROSTER_TITLES_EN.get(name, ""),
                "department": departments.get(dept_code),
                "is_office_director": directs_office,
                "order": order,
            },
        )
        created["roster"] += new
    english_names_fill(
        RosterMember.objects.all(), seed_data.ROSTER_TITLES_EN, key="name", field="title_en"
    )
    return created
