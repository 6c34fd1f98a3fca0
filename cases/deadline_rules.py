"""The default time limits of DOMAIN.md: statutory ones and the union's own
service standards, each cited in full official form (docs/legal-basis.md says
where each was checked). Admins edit them afterwards; loading leaves edited
rows be."""

from zhanjiang_union.localnames import english_names_fill

# The union's own service standards are no law; they are cited as this.
SERVICE_STANDARD = "湛江市总工会服务标准"

LAW = "《中华人民共和国劳动争议调解仲裁法》"

# key, label, limit, unit, the clock starts at, extension allowed, longest extension, source
RULES = [
    ("triage", "分流受理", 3, "working", "登记投诉", False, None, SERVICE_STANDARD),
    (
        # Art. 14: 15 days from the mediation body's receipt of the application
        # (the complaint's registration); after them the worker may apply for
        # arbitration. The law gives no extension of this period.
        "mediation",
        "调解期限",
        15,
        "calendar",
        "调解组织收到调解申请",
        False,
        None,
        f"{LAW}第十四条",
    ),
    (
        # The mediation committee's own handling limit, counted from acceptance.
        "mediation_handling",
        "调解委员会办理期限",
        15,
        "calendar",
        "受理调解申请",
        True,
        None,
        "《企业劳动争议协商调解规定》（人力资源和社会保障部令第17号）第二十九条；"
        "双方当事人同意延期的，可以延长",
    ),
    (
        "court_mediation",
        "诉前委派调解期限",
        30,
        "calendar",
        "特邀调解员签字接收法院移交材料",
        True,
        None,
        "《最高人民法院关于人民法院特邀调解的规定》（法释〔2016〕14号）第二十七条；"
        "双方当事人同意延长调解期限的，不受此限",
    ),
    (
        "arbitration_acceptance",
        "仲裁委员会决定是否受理",
        5,
        "calendar",
        "劳动争议仲裁委员会收到仲裁申请",
        False,
        None,
        f"{LAW}第二十九条",
    ),
    (
        "arbitration_award",
        "仲裁裁决期限",
        45,
        "calendar",
        "劳动争议仲裁委员会受理仲裁申请",
        True,
        15,
        f"{LAW}第四十三条；案情复杂需要延期的，经劳动争议仲裁委员会主任批准，"
        "可以延期，延长期限不得超过十五日",
    ),
    (
        "inspection_acceptance",
        "劳动保障监察机构决定是否受理",
        5,
        "working",
        "劳动保障行政部门接到投诉",
        False,
        None,
        "《关于实施〈劳动保障监察条例〉若干规定》（劳动和社会保障部令第25号）第十八条",
    ),
    (
        "inspection_investigation",
        "劳动保障监察调查期限",
        60,
        "working",
        "劳动保障行政部门立案",
        True,
        30,
        "《劳动保障监察条例》（国务院令第423号）第十七条；情况复杂的，"
        "经劳动保障行政部门负责人批准，可以延长30个工作日",
    ),
    (
        # Art. 23 binds bodies other than the petition bureaus, the union among
        # them (Art. 22 is the bureaus' own 15 days to register and forward).
        "petition_acceptance",
        "书面告知信访人处理途径",
        15,
        "calendar",
        "收到信访人直接提出的信访事项",
        False,
        None,
        "《信访工作条例》第二十三条；予以登记，并书面告知信访人接收情况以及处理途径和程序",
    ),
    (
        "petition_handling",
        "信访事项办理期限",
        60,
        "calendar",
        "受理信访事项",
        True,
        30,
        "《信访工作条例》第三十四条；情况复杂的，经本机关、单位负责人批准，"
        "可以适当延长，延长期限不得超过30日",
    ),
    ("handoff_ack", "接收单位签收", 3, "working", "递交材料", False, None, SERVICE_STANDARD),
    ("callback", "12351职工维权热线回电", 1, "working", "来电", False, None, SERVICE_STANDARD),
]

# key: (label, the clock starts at), in English (zhanjiang_union.localnames); the legal
# sources stay in their official Chinese form.
ENGLISH = {
    "triage": ("Triage", "the complaint’s registration"),
    "mediation": ("Mediation period", "the mediation body’s receipt of the application"),
    "mediation_handling": (
        "Mediation committee’s handling limit",
        "acceptance of the mediation application",
    ),
    "court_mediation": (
        "Court-assigned pre-filing mediation",
        "the mediator’s signing for the court’s file",
    ),
    "arbitration_acceptance": (
        "Arbitration commission decides whether to accept",
        "the commission’s receipt of the application",
    ),
    "arbitration_award": ("Arbitration award period", "the commission’s acceptance of the case"),
    "inspection_acceptance": (
        "Labor inspection authority decides whether to accept",
        "the authority’s receipt of the complaint",
    ),
    "inspection_investigation": (
        "Labor inspection investigation period",
        "the authority’s opening of the case",
    ),
    "petition_acceptance": (
        "Tell the petitioner in writing how the petition is handled",
        "receipt of a petition made directly",
    ),
    "petition_handling": ("Petition handling period", "acceptance of the petition"),
    "handoff_ack": ("Receiving body acknowledges", "the handoff"),
    "callback": ("12351 hotline callback", "the call"),
}

FIELDS = ("label", "limit", "unit", "starts", "extension_allowed", "extension_limit", "source")


# How many of each period's last days (in its unit) show as due soon: the last working
# day of a 3-working-day limit, the last 3 days of a 15-day one, about a sixth of longer ones.
DUE_SOON = {
    "triage": 1,
    "mediation": 3,
    "mediation_handling": 3,
    "court_mediation": 5,
    "arbitration_acceptance": 1,
    "arbitration_award": 7,
    "inspection_acceptance": 1,
    "inspection_investigation": 10,
    "petition_acceptance": 3,
    "petition_handling": 10,
    "handoff_ack": 1,
    "callback": 1,
}


def deadline_rules_ensure(DeadlineRule) -> None:
    """Create the missing default rules (takes the model: migrations pass theirs, which
    may be older than the due-soon field)."""
    fields = {field.name for field in DeadlineRule._meta.fields}
    for key, *values in RULES:
        defaults = dict(zip(FIELDS, values, strict=True))
        if "due_soon" in fields:
            defaults["due_soon"] = DUE_SOON.get(key, 1)
        DeadlineRule.objects.get_or_create(key=key, defaults=defaults)
    if "label_en" in fields:
        deadline_rules_english_fill(DeadlineRule)


def deadline_rules_english_fill(DeadlineRule) -> None:
    """Give the default rules their English name and start where these are empty (an
    administrator's own wording stays)."""
    rules = DeadlineRule.objects.all()
    labels = {key: label for key, (label, _starts) in ENGLISH.items()}
    starts = {key: starts for key, (_label, starts) in ENGLISH.items()}
    english_names_fill(rules, labels, key="key", field="label_en")
    english_names_fill(rules, starts, key="key", field="starts_en")
