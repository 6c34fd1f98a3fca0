"""The demo grid of 雷州市 (`seed --demo`), its staff and a case at each of three of its
organisations."""

import pytest

from cases.models import District
from cases.seed import routing_rules_load
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.services import organisations_demo_load

KELU_ADDRESS = "湛江市雷州市客路镇工业大道8号"
FUCHENG_ADDRESS = "湛江市雷州市附城镇南亭路2号"
LEIZHOU_ADDRESS = "湛江市雷州市某某路1号"


@pytest.fixture
def grid(seeded):
    """The organisations by code, the demo townships and their routing included."""
    organisations_demo_load()
    routing_rules_load()
    return {organisation.code: organisation for organisation in Organisation.objects.all()}


@pytest.fixture
def grid_user(make_user, grid):
    def make(role, organisation_code, department_code=None):
        user = make_user(role, department_code)
        user.organisation = grid[organisation_code]
        user.save(update_fields=["organisation"])
        return user

    return make


@pytest.fixture
def leizhou_cases(make_case, grid):
    leizhou = District.objects.get(code="leizhou")
    return {
        where: make_case(
            employer_name=f"{name}某某公司", district=leizhou, employer_address=address
        )
        for where, name, address in (
            ("kelu", "客路", KELU_ADDRESS),
            ("fucheng", "附城", FUCHENG_ADDRESS),
            ("leizhou", "雷州", LEIZHOU_ADDRESS),
        )
    }
