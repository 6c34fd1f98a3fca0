"""The default time limits of DOMAIN.md: statutory ones and the union's own
service standards. Admins edit them afterwards; loading leaves edited rows be."""

# key, label, limit, unit, the clock starts at, extension allowed, longest extension, source
RULES = [
    ("triage", "分流受理", 3, "working", "投诉登记", False, None, "工会服务标准"),
    (
        "mediation",
        "工会调解",
        15,
        "calendar",
        "受理调解申请",
        True,
        None,
        "劳动争议调解仲裁法第十四条；经双方同意可延长",
    ),
    (
        "court_mediation",
        "诉前委派调解",
        30,
        "calendar",
        "调解员签收法院移交材料",
        True,
        None,
        "最高法《关于人民法院特邀调解的规定》第二十七条；双方同意可延长",
    ),
    (
        "arbitration_acceptance",
        "仲裁委决定是否受理",
        5,
        "calendar",
        "收到仲裁申请",
        False,
        None,
        "劳动争议调解仲裁法第二十九条",
    ),
    (
        "arbitration_award",
        "仲裁裁决",
        45,
        "calendar",
        "仲裁委受理",
        True,
        15,
        "劳动争议调解仲裁法第四十三条；经仲裁委主任批准可延长15日",
    ),
    (
        "inspection_acceptance",
        "劳动监察决定是否受理",
        5,
        "working",
        "收到投诉",
        False,
        None,
        "关于实施《劳动保障监察条例》若干规定第十八条",
    ),
    (
        "inspection_investigation",
        "劳动监察调查处理",
        60,
        "working",
        "立案",
        True,
        30,
        "劳动保障监察条例第十七条；经部门负责人批准可延长30个工作日",
    ),
    (
        "petition_acceptance",
        "信访告知是否受理",
        15,
        "calendar",
        "收到信访事项",
        False,
        None,
        "信访工作条例第二十二、二十三条",
    ),
    (
        "petition_handling",
        "信访事项办理",
        60,
        "calendar",
        "受理",
        True,
        30,
        "信访工作条例第三十四条；经批准可延长30日",
    ),
    ("handoff_ack", "移送签收", 3, "working", "移送", False, None, "工会服务标准"),
    ("callback", "12351热线回电", 1, "working", "来电", False, None, "工会服务标准"),
]


# How many of each period's last days (in its unit) show as due soon: the last working
# day of a 3-working-day limit, the last 3 days of a 15-day one, about a sixth of longer ones.
DUE_SOON = {
    "triage": 1,
    "mediation": 3,
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
    has_due_soon = any(field.name == "due_soon" for field in DeadlineRule._meta.fields)
    for key, label, limit, unit, starts, extension_allowed, extension_limit, source in RULES:
        extra = {"due_soon": DUE_SOON.get(key, 1)} if has_due_soon else {}
        DeadlineRule.objects.get_or_create(
            key=key,
            defaults={
                **extra,
                "label": label,
                "limit": limit,
                "unit": unit,
                "starts": starts,
                "extension_allowed": extension_allowed,
                "extension_limit": extension_limit,
                "source": source,
            },
        )
