"""The time limits after an agreement or an award, as rows of the deadline engine's
rules (cases.DeadlineRule: admins edit them afterwards). docs/legal-basis.md says where
each was checked.

An instalment and the limitation period are dates, not periods: their rules have a limit
of 0 days counted from the date itself (a date on a rest day or holiday moves to the
next working day, 民法典 Art. 203), and their due-soon window is the reminder before it.
"""

from zhanjiang_union.localnames import english_names_fill

LAW = "《中华人民共和国劳动争议调解仲裁法》"

# key, label, limit, unit, the clock starts at, extension allowed, longest extension,
# source, due-soon days
RULES = [
    (
        "instalment",
        "调解协议约定付款",
        0,
        "calendar",
        "调解协议约定的付款日",
        False,
        None,
        f"{LAW}第十五条；一方在协议约定期限内不履行的，另一方可以申请仲裁（拖欠劳动报酬等事项另可依第十六条申请支付令）",
        3,
    ),
    (
        "judicial_confirmation",
        "申请司法确认",
        30,
        "calendar",
        "调解协议生效",
        False,
        None,
        "《中华人民共和国民事诉讼法》第二百零五条；2023年修正文本，双方当事人自调解协议生效之日起三十日内共同申请",
        7,
    ),
    (
        # Art. 48 (final award: the worker) and Art. 50 (other awards: either party).
        "award_suit",
        "不服仲裁裁决起诉",
        15,
        "calendar",
        "收到仲裁裁决书",
        False,
        None,
        f"{LAW}第四十八条；终局裁决由劳动者起诉，其他裁决当事人均可依第五十条起诉",
        3,
    ),
    (
        "award_set_aside",
        "用人单位申请撤销终局裁决",
        30,
        "calendar",
        "收到仲裁裁决书",
        False,
        None,
        f"{LAW}第四十九条；向劳动争议仲裁委员会所在地的中级人民法院申请",
        5,
    ),
    (
        "arbitration_limitation",
        "仲裁时效届满",
        0,
        "calendar",
        "仲裁时效期间的最后一日",
        False,
        None,
        f"{LAW}第二十七条；仲裁时效期间为一年，可以中断；因不可抗力或者有其他正当理由不能申请仲裁的，仲裁时效中止",
        30,
    ),
    (
        # Of an award in force, or of an agreement the court confirmed (a date, like the
        # limitation period: performance.award computes the two years' last day).
        "enforcement",
        "申请强制执行",
        0,
        "calendar",
        "申请执行期间的最后一日",
        False,
        None,
        "《中华人民共和国民事诉讼法》第二百五十条；2023年修正文本，申请执行的期间为二年，"
        "从法律文书规定履行期间的最后一日起计算，未规定的从法律文书生效之日起计算",
        60,
    ),
]

FIELDS = ("label", "limit", "unit", "starts", "extension_allowed", "extension_limit", "source")

# Each rule's name and the event its clock starts at, in English (zhanjiang_union.localnames).
ENGLISH = {
    "instalment": ("Payment agreed in the mediation agreement", "the payment day agreed"),
    "judicial_confirmation": (
        "Application for judicial confirmation",
        "the mediation agreement taking effect",
    ),
    "award_suit": ("Suit against the arbitral award", "receipt of the arbitral award"),
    "award_set_aside": (
        "Employer's application to set aside a final award",
        "receipt of the arbitral award",
    ),
    "arbitration_limitation": (
        "End of the arbitration limitation period",
        "the last day of the limitation period",
    ),
    "enforcement": (
        "Application to the court for enforcement",
        "the last day of the two years to apply",
    ),
}


def performance_rules_ensure(DeadlineRule) -> int:
    """Create the missing rules (takes the model: the migration passes its own)."""
    created = 0
    for key, *values in RULES:
        *fields, due_soon = values
        defaults = dict(zip(FIELDS, fields, strict=True), due_soon=due_soon)
        created += DeadlineRule.objects.get_or_create(key=key, defaults=defaults)[1]
    if any(field.name == "label_en" for field in DeadlineRule._meta.fields):
        rules = DeadlineRule.objects.filter(key__in=ENGLISH)
        english_names_fill(
            rules, {k: v[0] for k, v in ENGLISH.items()}, key="key", field="label_en"
        )
        english_names_fill(
            rules, {k: v[1] for k, v in ENGLISH.items()}, key="key", field="starts_en"
        )
    return created
