"""Cases' reference data: Zhanjiang's districts, the dispute categories and the default
time-limit rules (the rules' migration loads them too; a flushed test database has not)."""

from zhanjiang_union import seed_data
from zhanjiang_union.localnames import english_names_fill
from zhanjiang_union.organisations.models import Organisation

from .deadline_rules import deadline_rules_ensure
from .models import DeadlineRule, DisputeCategory, District, RoutingRule


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
    created["routing rules"] = routing_rules_load()
    return created


def routing_rules_load() -> int:
    """The demo grid's routing (`seed --demo`): 雷州市 to its federation, its demo
    townships to theirs. Nothing otherwise: complaints go to the city federation until an
    administrator routes a district or township to an organisation whose staff work in
    the portal, so that no complaint lands where nobody reads it."""
    if not Organisation.objects.filter(is_demo=True).exists():
        return 0
    districts = {district.code: district for district in District.objects.all()}
    organisations = {
        organisation.code: organisation
        for organisation in Organisation.objects.filter(
            code__in=[code for _district, _township, code in seed_data.DEMO_ROUTING_RULES]
        )
    }
    created = 0
    for district_code, township, organisation_code in seed_data.DEMO_ROUTING_RULES:
        district = districts.get(district_code)
        organisation = organisations.get(organisation_code)
        if district is None or organisation is None:
            continue
        _rule, new = RoutingRule.objects.get_or_create(
            district=district, township=township, defaults={"organisation": organisation}
        )
        created += new
    return created
