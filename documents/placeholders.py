"""The placeholders an admin may put in a document template, and the one function that
fills them.

A template is plain text with `{{ 名称 }}` where a fact of the case goes. It is never
run through a template engine: an admin's text cannot call a tag, a filter or an
attribute, only name one of the placeholders below. A name outside this list, an
unclosed `{{`, or anything that looks like a template tag (`{% … %}`, `{# … #}`) is
refused when the template is saved, with the offending text named.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# name -> what it is filled with (shown to admins beside the template form).
PLACEHOLDERS: dict[str, str] = {
    "文号": gettext_lazy("the document's own number, e.g. 湛工维调〔2026〕1号"),
    "案件编号": gettext_lazy("the case number"),
    "职工姓名": gettext_lazy("the workers' names, joined by 、"),
    "职工身份证号码": gettext_lazy("the workers' resident ID numbers, joined by 、"),
    "职工住址": gettext_lazy("the first worker's address"),
    "职工联系电话": gettext_lazy("the first worker's mobile phone"),
    "用人单位": gettext_lazy("the employer's name"),
    "统一社会信用代码": gettext_lazy("the employer's unified social credit code"),
    "用人单位地址": gettext_lazy("the employer's address"),
    "争议类别": gettext_lazy("the dispute category"),
    "事实与理由": gettext_lazy("what happened, as the complaint says"),
    "请求事项": gettext_lazy("what the worker asks for"),
    "金额合计": gettext_lazy("the amount claimed, e.g. 12800.00元"),
    "登记日期": gettext_lazy("the day the union registered the complaint"),
    "受理日期": gettext_lazy("the day the mediation application was accepted"),
    "制作日期": gettext_lazy("the day the document is made"),
    "调解员": gettext_lazy("the case's handler"),
    "协议签订日期": gettext_lazy("the day the mediation agreement was signed"),
    "协议金额": gettext_lazy("the amount agreed, e.g. 12800.00元"),
    "协议履行期限": gettext_lazy("the day the agreed amount is due"),
    "协议内容": gettext_lazy("the terms of the agreement"),
    "理由": gettext_lazy(
        "the reason typed when making the document (non-acceptance, mediation ended)"
    ),
    "接收单位": gettext_lazy("the office a handoff goes to"),
    "移送日期": gettext_lazy("the day of the handoff"),
    "移送事由": gettext_lazy("the handoff's note"),
    "送达文书": gettext_lazy("the title and number of the document served"),
    "受送达人": gettext_lazy("whom the document is served on"),
    "送达地址": gettext_lazy("the address of whom the document is served on"),
}

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
_TAG = re.compile(r"\{%|%\}|\{#|#\}")


def placeholders_in(text: str) -> list[str]:
    """The names of the placeholders in `text`, in order (repeats kept)."""
    return [name.strip() for name in _PLACEHOLDER.findall(text or "")]


def text_problems(text: str) -> list[str]:
    """What is wrong with one template text, each as a message for the admin."""
    text = text or ""
    problems = []
    if tag := _TAG.search(text):
        problems.append(
            _("“%(tag)s”: template tags are not allowed, only placeholders such as {{ 职工姓名 }}.")
            % {"tag": tag.group(0)}
        )
    unknown = []
    for name in placeholders_in(text):
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    for name in unknown:
        problems.append(
            _("Unknown placeholder “{{ %(name)s }}”. The placeholders are listed beside the form.")
            % {"name": name}
        )
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append(_("A placeholder is not closed: write it as {{ 名称 }}."))
    return problems


def template_fields_validate(texts: dict[str, str]) -> None:
    """Raise ValidationError naming, field by field, every problem of the texts."""
    errors = {name: problems for name, text in texts.items() if (problems := text_problems(text))}
    if errors:
        raise ValidationError(errors)


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each placeholder replaced by its value (an unknown one, which saving
    refuses, is left as it stands rather than guessed)."""

    def value(match: re.Match) -> str:
        name = match.group(1).strip()
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(value, text or "")


SAMPLE_VALUES: dict[str, str] = {
    "文号": "湛工维调〔2026〕1号",
    "案件编号": "湛工维〔2026〕00001号",
    "职工姓名": "张三",
    "职工身份证号码": "11010519491231002X",
    "职工住址": "湛江市赤坎区人民大道1号",
    "职工联系电话": "13800138000",
    "用人单位": "湛江某某电子有限公司",
    "统一社会信用代码": "91440800MA4UJ8XY1C",
    "用人单位地址": "湛江市霞山区工业大道8号",
    "争议类别": "劳动报酬（含拖欠工资）、工伤医疗费、经济补偿或者赔偿金",
    "事实与理由": "2026年1月至3月的工资未发放。",
    "请求事项": "支付拖欠工资12800元。",
    "金额合计": "12800.00元",
    "登记日期": "2026年3月5日",
    "受理日期": "2026年3月6日",
    "制作日期": "2026年3月9日",
    "调解员": "李调解",
    "协议签订日期": "2026年3月20日",
    "协议金额": "12000.00元",
    "协议履行期限": "2026年4月30日",
    "协议内容": "被申请人分两期支付申请人工资12000元。",
    "理由": "该事项不属于劳动争议调解范围。",
    "接收单位": "湛江市劳动保障监察支队",
    "移送日期": "2026年3月10日",
    "移送事由": "用人单位涉嫌拖欠多名职工工资。",
    "送达文书": "受理通知书（湛工维受〔2026〕1号）",
    "受送达人": "张三",
    "送达地址": "湛江市赤坎区人民大道1号",
}
