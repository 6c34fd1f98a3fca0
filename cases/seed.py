"""Cases' reference data: Zhanjiang's districts, the dispute categories and the default
time-limit rules (the rules' migration loads them too; a flushed test database has not)."""

from zhanjiang_union import seed_data
from zhanjiang_union.localnames import english_names_fill

from .deadline_rules import deadline_rules_ensure
from .models import DeadlineRule, DisputeCategory, District


def reference_data_load() -> dict[str, int]:
    created = {"districts": 0, "categories": 0}
    for order, (code, name, kind) in enumerate(seed_data.DISTRICTS, start=1):
        _district, new = District.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )
        created["districts"] += new
    for order, (code, name) in enumerate(seed_data.DISPUTE_CATEGORIES, start=1):
        _category, new = DisputeCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        created["categories"] += new
    english_names_fill(District.objects.all(), seed_data.DISTRICT_NAMES_EN)
    english_names_fill(DisputeCategory.objects.all(), seed_data.DISPUTE_CATEGORY_NAMES_EN)
    deadline_rules_ensure(DeadlineRule)
    return created
