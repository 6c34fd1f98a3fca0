"""The portal's Chinese speaks the law's words, one word for each thing, with Chinese
punctuation: checked over the compiled catalogue (what a reader sees in Chinese), the
Chinese written straight into the templates, and the reference data
(docs/legal-basis.md says why each word)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from cases.deadline_rules import RULES
from documents.defaults import DEFAULT_TEMPLATES
from knowledge.guides_seed import GUIDES
from zhanjiang_union import seed_data

ROOT = Path(settings.BASE_DIR)
CJK = "\u4e00-\u9fff"

# (forbidden term, why, what to say instead)
FORBIDDEN = [
    ("立案", "the union registers (登记); 立案 is a court's or inspectorate's act", "登记"),
    ("越级", "pejorative; the city petition bureau is no higher body of the union", "对外信访"),
    ("上级机关", "the petition bureau is not the union's superior", "信访部门"),
    ("移送仲裁", "only the worker applies for arbitration", "引导（协助）职工申请劳动仲裁"),
    ("移送人民法院", "only the worker sues", "引导职工向人民法院起诉"),
    ("移送法院", "only the worker sues", "引导职工向人民法院起诉"),
    ("人社局劳动保障监察", "the law's name of the body", "劳动保障监察机构"),
    ("劳动监察", "the law's name", "劳动保障监察"),
    ("驾驶舱", "one name for the dashboard", "数据看板"),
    ("统计口径", "the range of dates is a period", "统计期间"),
    ("集体访", "one name for a group visit", "集体来访"),
    ("按时回访率", "a callback is 回电; 回访 is the satisfaction follow-up", "按时回电率"),
    ("法院调解", "pre-filing mediation that succeeds ends in a 调解协议", "调解协议"),
    ("诉调对接调解", "one name for court-assigned mediation", "诉前委派调解"),
    ("办结", "one word for closing a case", "结案"),
    ("处理完毕", "what replaced 办结 reads stiff; a message's matter is done", "已完成 / 待处理"),
    ("12351热线", "one name for the hotline", "12351职工维权热线"),
    ("¥", "money is written …元", "元"),
    (
        "暂停计算",
        "a stopped limitation period is 时效中止 (Art. 27); a clock is paused",
        "时效中止",
    ),
    ("统计期内", "one name for the range of dates", "统计期间"),
    ("时间线", "a case's record of events is its 办理记录", "办理记录"),
    ("集体争议", "one name for a dispute of ten or more workers", "集体劳动争议"),
    ("职工维权热线12351", "the hotline's one name puts the number first", "12351职工维权热线"),
    ("程序包", "one name for the holiday package", "软件包"),
    (
        "《劳动争议调解仲裁法》",
        "citations in full official form",
        "《中华人民共和国劳动争议调解仲裁法》",
    ),
    ("《民事诉讼法》", "citations in full official form", "《中华人民共和国民事诉讼法》"),
    ("《个人信息保护法》", "citations in full official form", "《中华人民共和国个人信息保护法》"),
    ("《劳动合同法》", "citations in full official form", "《中华人民共和国劳动合同法》"),
]
# Words of the screens and messages only: the reference data keeps the plan's own titles
# (…工作部部长) and the staff's name of the triage limit (分流受理).
UI_FORBIDDEN = [
    (
        "部长",
        "a department may be headed by a 主任 (市职工服务中心, 办公室): the role is named",
        "部门负责人",
    ),
    ("分流", "the status a worker and staff read is 已登记，待审查", "待审查"),
    (
        "劳动争议仲裁委员会",
        "the body is named as Zhanjiang's is (湛江市劳动人事争议仲裁委员会)",
        "劳动人事争议仲裁委员会",
    ),
]
FORBIDDEN_PATTERNS = [
    (re.compile(rf"12351\s+[{CJK}]|[{CJK}]\s+12351"), "no space around 12351 (12351职工维权热线)"),
    (
        re.compile(rf"[{CJK}] +[0-9A-Za-z%]|[0-9A-Za-z] +[{CJK}]|\)[sd] +[{CJK}]"),
        "no space between Chinese and numbers or Latin letters",
    ),
    (
        re.compile(rf"[{CJK}][:;,?!()\[\]]|[(\[:;,][{CJK}]|[)\]][{CJK}]"),
        "full-width ：；，？！（）［］ beside Chinese",
    ),
    (
        re.compile(r"(?:%\(\w+\)s|\{count\}|\d)个(?:证据)?(?:文件|材料)"),
        "one measure word for evidence files: 份 (补充证据材料3份)",
    ),
    (
        re.compile(r"(?<!时效)中止(?!审理|时效)"),
        "中止 is procedural (时效中止, 中止审理); a paused clock reads 暂停计时",
    ),
    (re.compile(r"(?:\d|%\(\w+\)s) MB"), "megabytes as 10MB, as 5MB elsewhere"),
    (re.compile(r"^湛江市总工会：", re.M), "a text message signs 【湛江市总工会】"),
    (re.compile(rf"如 +[{CJK}0-9]"), "no space after 如 before the example"),
]
REQUIRED = [
    "引导（协助）职工申请劳动仲裁",
    "引导职工向人民法院起诉",
    "移送劳动保障监察机构",
    "劳动保障监察机构",
    "根据此来电登记",
    "新登记案件",
    "登记日期",
    "受理调解申请",
    "不予受理",
    "对外信访（对外上访）",
    "按时回电率",
    "暂停计时（如鉴定期间）",
    "数据看板",
    "统计期间",
    "集体来访",
    "12351职工维权热线",
    "诉前委派调解",
    "已登记劳动人事争议仲裁委员会的受理通知",
    "用人单位所在县（市、区）",
    "部门负责人",
    "时效中断",
    "时效中止",
    "【湛江市总工会】",
    "可以推举代表参加调解、仲裁或者诉讼活动",
    "《中华人民共和国劳动争议调解仲裁法》第十五条",
    "《中华人民共和国民事诉讼法》第二百零五条",
]
# Latin words a Chinese reader meets on purpose: file formats, and the admin's commands.
LATIN_ALLOWED = {
    # The letters a query code never uses, named as themselves (and I, O below).
    "L",
    "PDF",
    # The API's messages name its protocol as partners read it (HTTP headers, media
    # types, the token scheme, the digest, the problem document's field).
    "Authorization",
    "Bearer",
    "Content-Length",
    "Idempotency-Key",
    "JSON",
    "json",
    "SHA",
    "application",
    "multipart",
    "form-data",
    "errors",
    "min",
    # Text encodings, named as they are.
    "UTF",
    "GB",
    "JPG",
    "PNG",
    "Word",
    "Excel",
    "MB",
    "X",
    "I",
    "O",
    "Z",
    "S",
    "V",
    "DATABASE_URL",
    "PostgreSQL",
    "YYYY-MM",
    "chinesecalendar",
    "manage.py",
    "seed",
    "rebuild",
}


def catalogue() -> dict[str, str]:
    mo = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    return {str(key): text for key, text in translations._catalog.items() if key}


def template_chinese() -> dict[str, str]:
    """The Chinese written straight into each template: its text outside the
    translated strings (which the catalogue check covers) and comments."""
    texts = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        source = path.read_text()
        source = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", source, flags=re.S)
        source = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", "", source, flags=re.S)
        source = re.sub(r"\{% translate .*?%\}|\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
        source = re.sub(r"<[^>]*>", " ", source)
        texts[str(path.relative_to(ROOT))] = source
    return texts


def reference_data() -> dict[str, str]:
    texts = {}
    for code, name in seed_data.DEPARTMENTS:
        texts[f"department {code}"] = name
    for number, title, text, _departments in seed_data.MEASURES:
        texts[f"measure {number}"] = title + "\n" + text
    for name, _role, title, _department, _office in seed_data.ROSTER:
        texts[f"roster {name}"] = title
    for key, label, _limit, _unit, _starts, _ext, _most, source in RULES:
        texts[f"rule {key}"] = label
        texts[f"rule {key} source"] = source
    for kind, (_prefix, title, addressee, body, signature) in DEFAULT_TEMPLATES.items():
        texts[f"document {kind}"] = "\n".join([title, addressee, body, signature])
    for guide in GUIDES:
        texts[f"guide {guide['slug']}"] = "\n".join(
            [guide["title"], guide["summary"], guide["steps"], guide["documents"]]
        )
    return texts


SOURCES = {"catalogue": catalogue, "templates": template_chinese, "reference": reference_data}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(("term", "why", "instead"), FORBIDDEN, ids=[t for t, *_ in FORBIDDEN])
def test_no_forbidden_term(source, term, why, instead):
    found = [where for where, text in SOURCES[source]().items() if term in text]
    assert not found, f"{term} ({why}; say {instead}) in {found[:5]}"


@pytest.mark.parametrize("source", ["catalogue", "templates"])
@pytest.mark.parametrize(
    ("term", "why", "instead"), UI_FORBIDDEN, ids=[t for t, *_ in UI_FORBIDDEN]
)
def test_no_forbidden_term_on_screen(source, term, why, instead):
    found = [where for where, text in SOURCES[source]().items() if term in text]
    assert not found, f"{term} ({why}; say {instead}) in {found[:5]}"


PATTERN_IDS = [
    "12351",
    "spaces",
    "marks",
    "evidence-count",
    "limitation-word",
    "megabytes",
    "sms-signature",
    "example-space",
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(("pattern", "rule"), FORBIDDEN_PATTERNS, ids=PATTERN_IDS)
def test_chinese_punctuation_and_spacing(source, pattern, rule):
    # Markup does not count: 热线 <a>12351</a> reads 热线 12351.
    texts = {where: re.sub(r"<[^>]+>", "", text) for where, text in SOURCES[source]().items()}
    found = [
        (where, match.group()) for where, text in texts.items() for match in pattern.finditer(text)
    ]
    assert not found, f"{rule}: {found[:8]}"


@pytest.mark.parametrize("term", REQUIRED)
def test_the_laws_words_are_there(term):
    assert any(term in text for text in catalogue().values()), term


def test_the_catalogue_translates_every_string_into_chinese():
    stray = set()
    for text in catalogue().values():
        # Placeholders: Python's, and the browser's {name} in the evidence checks.
        bare = re.sub(r"%\([a-z_]+\)[.0-9]*[sdf]|\{[a-z_]+\}|<[^>]+>|https?://\S+", "", text)
        stray |= set(re.findall(r"[A-Za-z][A-Za-z_.-]*[A-Za-z]|[A-Za-z]", bare)) - LATIN_ALLOWED
    assert not stray, stray


def test_the_glossary_catches_what_it_forbids():
    # The checks can fail: a line with each old word is caught.
    old = "根据此来电立案 越级上访 领导驾驶舱 移送仲裁 统计口径 集体访 12351 职工 已中止"
    caught = [term for term, *_ in FORBIDDEN if term in old]
    assert {"立案", "越级", "驾驶舱", "移送仲裁", "统计口径", "集体访"} <= set(caught)
    limitation = FORBIDDEN_PATTERNS[4][0]
    assert limitation.search(old) and limitation.search("计时已中止")
    assert not limitation.search("因不可抗力不能申请仲裁（时效中止）；中止审理")
    assert not limitation.search("从中止时效的原因消除之日起继续计算")
    assert FORBIDDEN_PATTERNS[5][0].search("每份不超过10 MB") and not FORBIDDEN_PATTERNS[5][
        0
    ].search("每份不超过10MB")
    assert FORBIDDEN_PATTERNS[6][0].search("湛江市总工会：您的登录验证码是123456")
    assert not FORBIDDEN_PATTERNS[6][0].search("【湛江市总工会】您的登录验证码是123456")
    assert FORBIDDEN_PATTERNS[7][0].search("如 湛工维〔2026〕00123号")
    on_screen = "等待部长处理 待分流 由劳动争议仲裁委员会决定"
    assert [term for term, *_ in UI_FORBIDDEN if term in on_screen] == [
        "部长",
        "分流",
        "劳动争议仲裁委员会",
    ]
    assert "劳动争议仲裁委员会" not in "由劳动人事争议仲裁委员会决定"
    assert FORBIDDEN_PATTERNS[0][0].search(old)
    assert FORBIDDEN_PATTERNS[2][0].search("[身份证号已删除]")
    assert not FORBIDDEN_PATTERNS[2][0].search("［身份证号已删除］")
    assert FORBIDDEN_PATTERNS[2][0].search("案件(已登记)") and FORBIDDEN_PATTERNS[1][0].search(
        "共 18 位"
    )
    assert FORBIDDEN_PATTERNS[3][0].search("有%(count)s个证据文件未能写入")
    assert not FORBIDDEN_PATTERNS[3][0].search("补充证据材料%(count)s份")
    assert "处理完毕" in [term for term, *_ in FORBIDDEN if term in "仅看未处理完毕的"]


def test_the_error_page_speaks_only_chinese_to_a_chinese_reader():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        page = render_to_string("500.html")
    text = re.sub(r"<[^>]+>", " ", page)
    assert "系统暂时出错" in text and "12351职工维权热线" in text
    assert not re.search(r"[A-Za-z]{2,}", text), text
    with translation.override("en"):
        assert "The portal hit an error" in render_to_string("500.html")


SPOKEN_ATTRIBUTE = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"{]*[A-Za-z]{2,}[^"]*)"')


def test_what_a_screen_reader_speaks_is_translated():
    # An attribute written in English is read out in English to a Chinese reader.
    found = [
        (str(path.relative_to(ROOT)), match.group(1))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in SPOKEN_ATTRIBUTE.finditer(path.read_text())
    ]
    assert not found, found[:8]
    assert SPOKEN_ATTRIBUTE.search('<nav aria-label="breadcrumb">')
    assert not SPOKEN_ATTRIBUTE.search("<nav aria-label=\"{% translate 'Breadcrumb' %}\">")
