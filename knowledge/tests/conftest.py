"""A small hand-built corpus in the shape of the real one: a made-up law (the
repository ships no law text), the seeded guides and one published typical case."""

from datetime import date

import pytest

CORPUS_LAW = """示范劳动权益条例
（测试用的虚构文本）
第一章 总则
第一条 为了保护劳动者的合法权益，构建和谐劳动关系，制定本条例。
第二章 工作时间和劳动报酬
第二条 用人单位安排劳动者延长工作时间的，应当支付不低于工资的百分之一百五十的加班费。
休息日安排工作又不能安排补休的，支付不低于工资的百分之二百的加班费。
第三条 工资应当以货币形式按月支付给劳动者本人，不得克扣或者无故拖欠劳动者的工资。
第三章 劳动合同的解除
第四条 用人单位违反本条例规定解除或者终止劳动合同的，应当依照经济补偿标准的二倍向劳动者支付赔偿金。
第五条 劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。
第四章 工伤
第六条 职工因工作遭受事故伤害，治疗工伤所需的医疗费用，从工伤保险基金支付。
第七条 用人单位应当参加工伤保险，为本单位全部职工缴纳工伤保险费。
第五章 争议处理
第八条 发生劳动争议，当事人可以向调解组织申请调解；不愿调解或者调解不成的，可以向劳动争议仲裁委员会申请仲裁。
"""


@pytest.fixture
def corpus(seeded, make_user):
    from cases.models import DisputeCategory
    from knowledge import search
    from knowledge.guides_seed import guides_ensure
    from knowledge.importer import law_import
    from knowledge.models import TypicalCase

    law = law_import(
        text=CORPUS_LAW,
        title="示范劳动权益条例",
        issuing_body="示例",
        version_date=date(2026, 1, 1),
    )
    guides_ensure()
    typical = TypicalCase.objects.create(
        title="某餐饮企业拖欠厨师加班费，工会调解后足额支付",
        facts="劳动者甲在某餐饮企业任厨师，连续三个月每天工作十二小时，单位一直不给加班费。",
        handling="工会受理后组织双方调解，依照有关规定核算加班费。",
        outcome="agreement_performed",
        outcome_note="单位一次性支付加班费一万二千元。",
        status=TypicalCase.Status.PUBLISHED,
    )
    typical.categories.set(DisputeCategory.objects.filter(code="pay"))
    typical.articles.set(law.articles.filter(number=2))
    search.typical_case_index(typical_case=typical)
    return {"law": law, "typical": typical}
