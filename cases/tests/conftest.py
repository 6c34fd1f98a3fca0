import pytest

from cases import services
from cases.models import DisputeCategory, District, Industry

VALID_ID = "11010519491231002X"
VALID_PHONE = "13800138000"
VALID_CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture
def complaint_data(seeded):
    """What a worker types into the complaint form."""
    return {
        "name": "张三",
        "id_number": VALID_ID,
        "phone": VALID_PHONE,
        "email": "",
        "address": "湛江市赤坎区人民大道1号",
        "employer_name": "湛江某某电子有限公司",
        "employer_credit_code": "",
        "employer_address": "湛江市霞山区工业大道8号",
        "district": District.objects.get(name="霞山区").pk,
        "industry": Industry.MANUFACTURING,
        "category": DisputeCategory.objects.get(code="pay").pk,
        "workers_involved": 1,
        "amount_claimed": "12800.00",
        "facts": "2026年8月至10月的工资未发放。",
        "demand": "支付拖欠工资12800元。",
    }


@pytest.fixture
def make_case(seeded):
    """make_case(**overrides) -> a case filed through the service, as the form does."""

    def make(complainants=None, **overrides):
        fields = {
            "employer_name": "湛江某某电子有限公司",
            "district": District.objects.get(name="霞山区"),
            "industry": Industry.MANUFACTURING,
            "category": DisputeCategory.objects.get(code="pay"),
            "facts": "工资未发放。",
            "demand": "支付工资。",
            "channel": "web",
        }
        fields.update(overrides)
        people = complainants or [
            services.ComplainantInput(name="张三", id_number=VALID_ID, phone=VALID_PHONE)
        ]
        case, _code = services.case_create(complainants=people, **fields)
        return case

    return make
