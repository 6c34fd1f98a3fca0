"""End-to-end tests: Playwright drives Debian's Chromium against pytest-django's live_server.

The pages are in Chinese (a zh-CN browser gets the portal's default language). The tests find
fields by their labels and buttons by their names as a person reads them; the Chinese text is
taken from the portal's own strings through its translations, so the tests follow the
catalogue rather than copies of it.
"""

import re
import struct
import zlib
from pathlib import Path

PASSWORD = "a-long-test-password"  # make_user's password
VALID_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # the check digit is wrong
VALID_PHONE = "13800138000"

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def zh(message: str, **params) -> str:
    """The portal's Chinese for an English source string, with %(name)s params filled in."""
    from django.utils import translation

    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def zh_str(lazy) -> str:
    """A lazy label or choice label (a form field's, a TextChoices member's) in Chinese."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(lazy)


def label_of(form_class, name: str) -> str:
    return zh_str(form_class.base_fields[name].label)


def field(scope, label: str):
    """The control a label names exactly: crispy's required-field asterisk and the
    admin's trailing colon aside, so that 姓名 never matches 用人单位名称."""
    return scope.get_by_label(re.compile(r"^\s*" + re.escape(label) + r"\s*\*?\s*[:：]?\s*$"))


def shoot(page, name: str) -> None:
    """A full-page screenshot into docs/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=SCREENSHOTS / f"{name}.png", full_page=True, animations="disabled", caret="hide"
    )


def small_png(path: Path, size: int = 24) -> Path:
    """Write a real PNG (a red square, size × size) and return its path."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * size for _ in range(size))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


COMPLAINT = {
    "name": "李海燕",
    "id_number": VALID_ID,
    "phone": VALID_PHONE,
    "address": "湛江市赤坎区人民大道1号",
    "employer_name": "湛江某某电子有限公司",
    "employer_address": "湛江市霞山区工业大道8号",
    "district": "霞山区",
    "industry": "C",  # Industry.MANUFACTURING
    "category": "pay",
    "workers_involved": "1",
    "amount_claimed": "12800",
    "facts": "2026年8月至10月的工资未发放，多次向车间主任催要无果。",
    "demand": "支付拖欠工资12800元。",
}


def fill_complaint(page, form_class=None, **overrides) -> dict:
    """Type a complaint into the worker's form or the staff intake form (the same fields,
    worded for each), as a person does: text by label, choices by the label they read.
    Returns what was typed; an `id_number` of "" leaves that field empty."""
    from cases.forms import ComplaintForm
    from cases.models import DisputeCategory, Industry

    form = (form_class or ComplaintForm)()

    def label(name):
        return zh_str(form.fields[name].label)

    data = {**COMPLAINT, **overrides}
    for name in (
        "name",
        "id_number",
        "phone",
        "address",
        "employer_name",
        "employer_address",
        "workers_involved",
        "amount_claimed",
        "facts",
        "demand",
    ):
        field(page, label(name)).fill(data[name])
    field(page, label("district")).select_option(label=data["district"])
    field(page, label("industry")).select_option(label=zh_str(Industry(data["industry"]).label))
    field(page, label("category")).select_option(
        label=DisputeCategory.objects.get(code=data["category"]).name
    )
    return data
