"""The organisation tree to and from .xlsx: an export of a subtree, and an import that
checks every row first (unknown parent, duplicate code, bad phone …, each said in the
reader's language with its row number) and writes all of them or none."""

import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from zhanjiang_union.errors import DomainError
from zhanjiang_union.spreadsheets import write_cell

from .models import Organisation

# (field, header): the headers are the sheet's contract, in Chinese as the union's
# staff fill it in.
COLUMNS = [
    ("code", "代码"),
    ("name", "名称"),
    ("kind", "类型"),
    ("parent", "上级代码"),
    ("area", "覆盖区县或镇街"),
    ("address", "地址"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
    ("has_mediation_committee", "设有调解委员会"),
]
PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
YES = {"是", "有", "yes", "y", "1", "true"}
NO = {"否", "无", "no", "n", "0", "false", ""}


class ImportRefused(DomainError):
    pass


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)


def _kinds() -> dict[str, str]:
    """A type as written in the sheet (its code, or its label in either language) → code."""
    kinds = {}
    for value, label in Organisation.Kind.choices:
        kinds[value] = value
        kinds[str(label)] = value
        with override("zh-hans"):
            kinds[str(Organisation.Kind(value).label)] = value
    return kinds


def organisations_workbook(*, organisations) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "工会组织"
    for column, (_name, header) in enumerate(COLUMNS, start=1):
        write_cell(sheet, row=1, column=column, value=header)
    parents = {o.path: o.code for o in Organisation.objects.only("path", "code")}
    for row, organisation in enumerate(organisations, start=2):
        parent = parents.get(organisation.path[: -Organisation.steplen], "")
        with override("zh-hans"):
            kind = str(organisation.get_kind_display())
        values = {
            "code": organisation.code,
            "name": organisation.name,
            "kind": kind,
            "parent": parent,
            "area": organisation.area,
            "address": organisation.address,
            "contact_name": organisation.contact_name,
            "contact_phone": organisation.contact_phone,
            "has_mediation_committee": "是" if organisation.has_mediation_committee else "否",
        }
        for column, (name, _header) in enumerate(COLUMNS, start=1):
            write_cell(sheet, row=row, column=column, value=values[name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def organisations_import_check(*, upload) -> list[ImportRow]:
    """Every row of the sheet with what is wrong with it (nothing: it can be imported)."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportRefused(_("This file is not an .xlsx workbook.")) from error
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    headers = [str(cell or "").strip() for cell in next(lines, [])]
    wanted = [header for _name, header in COLUMNS]
    missing = [header for header in wanted if header not in headers]
    if missing:
        raise ImportRefused(
            _("The sheet lacks the columns %(columns)s.") % {"columns": "、".join(missing)}
        )
    position = {header: headers.index(header) for header in wanted}
    kinds = _kinds()
    known = set(Organisation.objects.values_list("code", flat=True))
    names = set(Organisation.objects.values_list("name", flat=True))
    seen_codes, seen_names, rows = set(), set(), []
    for number, line in enumerate(lines, start=2):
        def cell(header, line=line):
            index = position[header]
            value = line[index] if index < len(line) else None
            return "" if value is None else str(value).strip()

        values = {name: cell(header) for name, header in COLUMNS}
        if not any(values.values()):
            continue
        row = ImportRow(number=number, values=values)
        code, name = values["code"], values["name"]
        if not CODE.match(code):
            row.errors.append(_("the code must be letters, digits and hyphens"))
        elif code in known or code in seen_codes:
            row.errors.append(_("duplicate code “%(code)s”") % {"code": code})
        if not name:
            row.errors.append(_("the name is missing"))
        elif name in names or name in seen_names:
            row.errors.append(_("duplicate name “%(name)s”") % {"name": name})
        if values["kind"] not in kinds:
            row.errors.append(_("unknown type “%(kind)s”") % {"kind": values["kind"]})
        parent = values["parent"]
        if not parent:
            row.errors.append(_("the parent code is missing"))
        elif parent not in known and parent not in seen_codes:
            row.errors.append(_("unknown parent “%(code)s”") % {"code": parent})
        phone = values["contact_phone"].replace(" ", "")
        if phone and not PHONE.match(phone):
            row.errors.append(_("bad phone number “%(phone)s”") % {"phone": phone})
        if values["has_mediation_committee"].lower() not in YES | NO:
            row.errors.append(_("write 是 or 否 for the mediation committee"))
        seen_codes.add(code)
        seen_names.add(name)
        rows.append(row)
    return rows


@transaction.atomic
def organisations_import(*, upload) -> int:
    """Import every row, or none when any is wrong (ImportRefused). Returns the count."""
    rows = organisations_import_check(upload=upload)
    if not rows:
        raise ImportRefused(_("The sheet has no rows to import."))
    if any(row.errors for row in rows):
        raise ImportRefused(_("Nothing was imported: correct the rows marked and try again."))
    kinds = _kinds()
    for row in rows:
        values = row.values
        parent = Organisation.objects.get(code=values["parent"])
        parent.add_child(
            code=values["code"],
            name=values["name"],
            kind=kinds[values["kind"]],
            area=values["area"],
            address=values["address"],
            contact_name=values["contact_name"],
            contact_phone=values["contact_phone"].replace(" ", ""),
            has_mediation_committee=values["has_mediation_committee"].lower() in YES,
        )
    return len(rows)
