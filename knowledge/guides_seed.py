"""The guides `manage.py seed` creates when missing (admins edit them afterwards).

Time limits are not written here: each guide names rules of the portal's own
table (cases.DeadlineRule), and its page reads them from there."""

GUIDES = [
    {
        "slug": "unpaid-wages",
        "title": "被拖欠工资怎么办",
        "category": "pay",
        "order": 1,
        "keywords": "拖欠工资 欠薪 工资不发 克扣工资 加班费 双倍工资",
        "summary": (
            "用人单位应当以货币形式按月支付工资，不得克扣或者无故拖欠。加班费、双倍工资同样是劳动报酬。"
            "工资被拖欠、加班费不给，先保存证据，再找工会调解或者向劳动保障监察机构投诉，也可以申请劳动仲裁。"
        ),
        "steps": "\n".join(
            [
                "把考勤记录、工资条、银行流水、聊天记录、加班安排等保存好，能拍照的都拍照。",
                "先和单位协商，协商不成可以在本网站投诉或拨打12351职工维权热线，工会受理后组织调解。",
                "调解不成或者单位不履行调解协议，可以申请劳动仲裁；拖欠工资也可以向劳动保障监察机构投诉。",
                "达成调解协议后单位不按期支付的，可以凭调解协议向人民法院申请支付令。",
            ]
        ),
        "documents": "\n".join(
            [
                "身份证",
                "劳动合同或者工牌、工作服等能证明在这里工作的材料",
                "工资条、银行流水、考勤记录",
                "加班的安排或者记录",
            ]
        ),
        "rules": ["triage", "mediation", "inspection_acceptance", "arbitration_award"],
    },
    {
        "slug": "work-injury",
        "title": "工伤了怎么办",
        "category": "pay",
        "order": 2,
        "keywords": "工伤 工伤认定 工伤医疗费 工伤保险 受伤",
        "summary": (
            "在工作时间和工作场所内，因工作原因受到事故伤害的，应当认定为工伤。"
            "受伤后先治疗，保存好医疗费票据和病历，由单位或者本人申请工伤认定，工伤医疗费按规定支付。"
        ),
        "steps": "\n".join(
            [
                "先到医院治疗，保存病历、诊断证明和医疗费票据。",
                "请单位申请工伤认定；单位不申请的，本人或者近亲属、工会可以申请。",
                "认定工伤后按规定享受工伤保险待遇，单位没有参加工伤保险的由单位支付。",
                "对待遇有争议的，可以投诉或拨打12351职工维权热线，由工会协助调解或者申请劳动仲裁。",
            ]
        ),
        "documents": "\n".join(
            [
                "身份证",
                "病历、诊断证明、医疗费票据",
                "事故经过和证人的联系方式",
                "劳动合同或者工作证明",
            ]
        ),
        "rules": ["triage", "mediation", "arbitration_award"],
    },
    {
        "slug": "unlawful-dismissal",
        "title": "被违法解除怎么办",
        "category": "dismissal",
        "order": 3,
        "keywords": "辞退 开除 解雇 违法解除 经济补偿 赔偿金",
        "summary": (
            "用人单位解除劳动合同要有法律规定的理由和程序。被辞退、被开除，单位说不出合法理由的，"
            "可以要求继续履行合同，或者要求经济补偿、赔偿金。"
        ),
        "steps": "\n".join(
            [
                "要求单位出具书面的解除通知，写明理由和日期。",
                "保存劳动合同、工资记录和单位通知解除的聊天记录或者录音。",
                "在本网站投诉或拨打12351职工维权热线，工会受理后组织调解，要求经济补偿或者赔偿金。",
                "调解不成的，可以申请劳动仲裁，注意仲裁时效为一年。",
            ]
        ),
        "documents": "\n".join(["身份证", "劳动合同", "解除劳动合同的通知", "工资条或者银行流水"]),
        "rules": ["triage", "mediation", "arbitration_acceptance", "arbitration_award"],
    },
]


def guides_ensure() -> int:
    """Create the guides that are missing; leave edited ones as they are."""
    from cases.models import DeadlineRule, DisputeCategory

    from . import search
    from .models import Guide

    created = 0
    for item in GUIDES:
        category = DisputeCategory.objects.filter(code=item["category"]).first()
        if category is None or Guide.objects.filter(slug=item["slug"]).exists():
            continue
        guide = Guide.objects.create(
            slug=item["slug"],
            title=item["title"],
            summary=item["summary"],
            keywords=item["keywords"],
            steps=item["steps"],
            documents=item["documents"],
            category=category,
            order=item["order"],
        )
        guide.deadline_rules.set(DeadlineRule.objects.filter(key__in=item["rules"]))
        search.guide_index(guide=guide)
        created += 1
    return created
