"""Reference data transcribed from the union's 2021 action plan (shared/seed).

`manage.py seed` loads it; every record is keyed by a stable code or name so
that loading it again changes nothing.
"""

# (code, name); order as in the plan.
DEPARTMENTS = [
    ("rights", "职工维权与服务部"),
    ("grassroots", "基层工作部"),
    ("publicity", "宣传教育和信息工作部"),
    ("party", "机关党委"),
    ("service-centre", "市职工服务中心"),
    ("office", "领导小组办公室"),
]

# (number, title, text, responsible department codes)
MEASURES = [
    (
        1,
        "发挥好协调劳动关系的作用",
        "各级工会组织要统筹处理好促进企业发展和维护职工权益的关系，调动劳动关系主体双方的积极性、主动性，"
        "推动企业和职工协商共事、机制共建、效益共享、利益共享。要协助企业完善规章制度，加强劳动法律监督，"
        "有条件的工会组织要协助企业开展劳动用工法律“体检”活动。加大工会普法力度，广泛开展“工会普法大讲堂”活动，"
        "引导职工树立法治观念，增强法律意识，自觉维护社会和谐稳定。",
        ["rights", "grassroots"],
    ),
    (
        2,
        "加大工会维权工作力度",
        "推进全市维权体系建设，建立网格化工会法律维权体系，深化区域、行业集体协商。加强专职指导员队伍建设，"
        "建立一支高素质工会维权骨干队伍。充分发挥基层、企业劳动争议调解组织的作用，将劳动争议化解在萌芽状态。"
        "健全劳动关系预防预警网络体系建设，充分发挥“工会+法院”劳动争议诉调对接工作室作用，强化与法院、人社、"
        "司法等部门合作，针对劳动纠纷突发性、群体性事件，实现工会调解、劳动仲裁、法律诉讼有机衔接。",
        ["rights", "grassroots"],
    ),
    (
        3,
        "加强职工维权阵地建设",
        "畅通12351职工维权热线，做好工会信访接待工作，为职工提供法律服务，对合理诉求积极主动协调相关部门予以解决，"
        "实现“诉求不出门，对外零上访”目标，将矛盾化解在基层。",
        ["rights", "service-centre"],
    ),
]

# (number, title, text): 三、工作要求. They bind every department, so none is named.
REQUIREMENTS = [
    (
        1,
        "加强组织领导",
        "坚持主要领导统抓统管，分管领导牵头负责，各部门和直属事业单位要严格按照职责分工贯彻落实，确保取得实效。",
    ),
    (
        2,
        "强化自查自纠",
        "各部门和直属事业单位要按责任分工定期对各项工作措施落实情况进行自查自纠，定期向分管领导报送贯彻落实情况。",
    ),
    (
        3,
        "严格工作纪律",
        "严格执行各项工作纪律，以“抓铁有痕、踏石留印”的劲头抓好各项工作措施贯彻落实，让企业和职工看到实实在在的成效和变化，"
        "对服务态度、服务质量和服务效率以及违反优化营商环境建设行为绝不姑息迁就。",
    ),
    (
        4,
        "加大宣传力度",
        "充分发挥主流媒体专题专栏的作用，利用网站、微信等新媒体，全方位、多层次开展宣传，加大对典型经验和成功做法的总结推广力度，"
        "促进相互学习借鉴提高，促进优化营商环境，推动高质量发展的良好局面。",
    ),
]

# The 2021 plan's appendix: (name, group role, title as the plan gives it, department
# headed, directs the office). Titles as written, 第一副组长 included; the one
# abbreviation, 经审委主任, is written in full (经费审查委员会主任). The posts are
# those of the plan's date: an administrator dates each member's term.
ROSTER = [
    ("朱华雄", "leader", "市人大常委会副主任、市总工会主席", None, False),
    ("陈端", "first_deputy", "市总工会党组书记、常务副主席", None, False),
    ("邵平静", "deputy", "市总工会党组成员、副主席", None, False),
    ("吴廉泉", "deputy", "市总工会党组成员、经费审查委员会主任", None, False),
    ("谢明春", "deputy", "市总工会党组成员、四级调研员", "office", True),
    ("揭育纯", "member", "市总工会基层工作部部长", "grassroots", False),
    ("冉荣华", "member", "市总工会职工维权与服务部部长", "rights", False),
    ("凌海飞", "member", "市总工会宣传教育和信息工作部部长", "publicity", False),
    ("孙平", "member", "市总工会机关党委专职副书记", "party", False),
    ("梁颖玉", "member", "市职工服务中心主任", "service-centre", False),
]

# (code, name, kind)
DISTRICTS = [
    ("chikan", "赤坎区", "district"),
    ("xiashan", "霞山区", "district"),
    ("potou", "坡头区", "district"),
    ("mazhang", "麻章区", "district"),
    ("suixi", "遂溪县", "county"),
    ("xuwen", "徐闻县", "county"),
    ("lianjiang", "廉江市", "city"),
    ("leizhou", "雷州市", "city"),
    ("wuchuan", "吴川市", "city"),
    ("zetdz", "湛江经济技术开发区", "zone"),
]

# (code, name): 劳动争议调解仲裁法 Art. 2.
DISPUTE_CATEGORIES = [
    ("labor-relation", "确认劳动关系"),
    ("contract", "订立、履行、变更、解除和终止劳动合同"),
    ("dismissal", "除名、辞退和辞职、离职"),
    ("conditions", "工作时间、休息休假、社会保险、福利、培训以及劳动保护"),
    ("pay", "劳动报酬（含拖欠工资）、工伤医疗费、经济补偿或者赔偿金"),
    ("other", "其他"),
]

# English names, by the codes above (numbers for the measures and requirements): shown in
# English mode (zhanjiang_union.localnames); an administrator may edit them.
DEPARTMENT_NAMES_EN = {
    "rights": "Workers’ Rights and Services Department",
    "grassroots": "Grassroots Work Department",
    "publicity": "Publicity, Education and Information Department",
    "party": "Party Committee of the Federation’s Offices",
    "service-centre": "Municipal Workers’ Service Center",
    "office": "Task Force Office",
}

DISTRICT_NAMES_EN = {
    "chikan": "Chikan District",
    "xiashan": "Xiashan District",
    "potou": "Potou District",
    "mazhang": "Mazhang District",
    "suixi": "Suixi County",
    "xuwen": "Xuwen County",
    "lianjiang": "Lianjiang City",
    "leizhou": "Leizhou City",
    "wuchuan": "Wuchuan City",
    "zetdz": "Zhanjiang Economic and Technological Development Zone",
}

DISPUTE_CATEGORY_NAMES_EN = {
    "labor-relation": "Confirming an employment relationship",
    "contract": "Concluding, performing, changing, cancelling or ending a labor contract",
    "dismissal": "Removal, dismissal, resignation or leaving a job",
    "conditions": (
        "Working hours, rest and leave, social insurance, benefits, training and labor protection"
    ),
    "pay": (
        "Pay (wage arrears included), work-injury medical costs, economic compensation or damages"
    ),
    "other": "Other",
}

MEASURE_TITLES_EN = {
    1: "Play a full part in coordinating labor relations",
    2: "Step up the union’s work for workers’ rights",
    3: "Strengthen the union’s service points for workers’ rights",
}

# The roster's titles, by member name.
ROSTER_TITLES_EN = {
    "朱华雄": "Deputy Director of the Standing Committee of the Municipal People’s Congress; "
    "Chairman of the Municipal Federation of Trade Unions",
    "陈端": "Secretary of the Federation’s Party Leadership Group; Executive Vice-Chairman",
    "邵平静": "Member of the Federation’s Party Leadership Group; Vice-Chairman",
    "吴廉泉": "Member of the Federation’s Party Leadership Group; "
    "Director of the Funds Audit Committee",
    "谢明春": "Member of the Federation’s Party Leadership Group; Fourth-Grade Researcher",
    "揭育纯": "Head of the Federation’s Grassroots Work Department",
    "冉荣华": "Head of the Federation’s Workers’ Rights and Services Department",
    "凌海飞": "Head of the Federation’s Publicity, Education and Information Department",
    "孙平": "Full-time Deputy Secretary of the Party Committee of the Federation’s Offices",
    "梁颖玉": "Director of the Municipal Workers’ Service Center",
}

REQUIREMENT_TITLES_EN = {
    1: "Strengthen organization and leadership",
    2: "Inspect and correct regularly",
    3: "Keep strict work discipline",
    4: "Make the work widely known",
}

# The union's grid (DOMAIN.md): the city federation and the nine county-level
# federations, each coded as the district it covers.
CITY_FEDERATION = "湛江市总工会"
CITY_FEDERATION_CODE = "zhanjiang"
COUNTY_FEDERATIONS = [
    ("chikan", "赤坎区总工会", "赤坎区"),
    ("xiashan", "霞山区总工会", "霞山区"),
    ("potou", "坡头区总工会", "坡头区"),
    ("mazhang", "麻章区总工会", "麻章区"),
    ("lianjiang", "廉江市总工会", "廉江市"),
    ("leizhou", "雷州市总工会", "雷州市"),
    ("wuchuan", "吴川市总工会", "吴川市"),
    ("suixi", "遂溪县总工会", "遂溪县"),
    ("xuwen", "徐闻县总工会", "徐闻县"),
]

# `seed --demo` only: (code, name, kind, parent code, area covered).
DEMO_ORGANISATIONS = [
    ("leizhou-leicheng", "雷城街道总工会", "township", "leizhou", "雷州市雷城街道"),
    ("leizhou-kelu", "客路镇总工会", "township", "leizhou", "雷州市客路镇"),
    ("leizhou-fucheng", "附城镇总工会", "township", "leizhou", "雷州市附城镇"),
    ("leizhou-park", "雷州市工业园区联合工会", "regional", "leizhou", "雷州市工业园区"),
    (
        "leizhou-park-food",
        "雷州某某食品有限公司劳动争议调解委员会",
        "committee",
        "leizhou-park",
        "雷州市工业园区",
    ),
    (
        "leizhou-kelu-sugar",
        "客路某某糖业有限公司劳动争议调解委员会",
        "committee",
        "leizhou-kelu",
        "雷州市客路镇",
    ),
]

# The organisations' English names, by code (the reference federations and the demo
# records), written where an organisation's English name is empty.
ORGANISATION_NAMES_EN = {
    "zhanjiang": "Zhanjiang Federation of Trade Unions",
    "chikan": "Chikan District Federation of Trade Unions",
    "xiashan": "Xiashan District Federation of Trade Unions",
    "potou": "Potou District Federation of Trade Unions",
    "mazhang": "Mazhang District Federation of Trade Unions",
    "lianjiang": "Lianjiang City Federation of Trade Unions",
    "leizhou": "Leizhou City Federation of Trade Unions",
    "wuchuan": "Wuchuan City Federation of Trade Unions",
    "suixi": "Suixi County Federation of Trade Unions",
    "xuwen": "Xuwen County Federation of Trade Unions",
    "leizhou-leicheng": "Leicheng Subdistrict Federation of Trade Unions",
    "leizhou-kelu": "Kelu Town Federation of Trade Unions",
    "leizhou-fucheng": "Fucheng Town Federation of Trade Unions",
    "leizhou-park": "Leizhou Industrial Park Joint Trade Union",
    "leizhou-park-food": "Leizhou Sample Food Co. Labor-Dispute Mediation Committee",
    "leizhou-kelu-sugar": "Kelu Sample Sugar Co. Labor-Dispute Mediation Committee",
}

# `seed --demo` only: (district code, township, organisation code).
DEMO_ROUTING_RULES = [
    ("leizhou", "", "leizhou"),
    ("leizhou", "雷城街道", "leizhou-leicheng"),
    ("leizhou", "客路镇", "leizhou-kelu"),
    ("leizhou", "附城镇", "leizhou-fucheng"),
]

# `seed --demo` only: the mediators' register, (name, kind, organisation code, the demo
# account's username or None, areas of practice, [(training or certificate, title, date)]).
DEMO_MEDIATORS = [
    (
        "梁文杰",
        "instructor",
        "leizhou-kelu",
        "kelu_mediator",
        "劳动报酬、工伤",
        [("certificate", "广东省工会劳动争议调解员证", "2025-06-18")],
    ),
    ("符晓东", "part_time", "leizhou-fucheng", "fucheng_mediator", "劳动合同", []),
    (
        "蔡律师",
        "lawyer",
        "leizhou",
        None,
        "劳动合同、经济补偿",
        [("training", "劳动争议调解实务培训班", "2026-03-12")],
    ),
    ("庞调解", "court", "leizhou", None, "诉前委派调解", []),
]
