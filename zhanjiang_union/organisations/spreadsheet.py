"""The grid to and from .xlsx: the organisation tree and the mediators' register.

One machine for both sheets: a sheet is described by its columns (the headers, in
Chinese as the union's staff fill them in, are its contract), how a record reads as a
row, what is wrong with each row (said in the reader's language with its row number)
and how a checked row is written. The import checks every row first and writes all of
them or none, in one transaction."""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from zhanjiang_union.accounts.models import User
from zhanjiang_union.errors import DomainError
from zhanjiang_union.spreadsheets import write_cell

from .models import Mediator, MediatorQualification, Organisation

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
YES = {"是", "有", "yes", "y", "1", "true"}
NO = {"否", "无", "no", "n", "0", "false", ""}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportRefused(DomainError):
    pass


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    parsed: dict = field(default_factory=dict)  # what the checks read, for the write

    def shown(self, names) -> list[str]:
        return [self.values.get(name, "") for name in names]


def _text(value) -> str:
    """A cell as text: a date as 2026-03-12, a whole number without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(text: str) -> date | None:
    """A date written 2026-03-12 or 2026/03/12; None when it is not one."""
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return None


def _choices(choices_class) -> dict[str, str]:
    """A choice as written in the sheet (its code, or its label in either language) → code."""
    found = {}
    for value, label in choices_class.choices:
        found[value] = value
        found[str(label)] = value
        with override("zh-hans"):
            found[str(choices_class(value).label)] = value
    return found


def _label_zh(choices_class, value) -> str:
    with override("zh-hans"):
        return str(choices_class(value).label)


class Sheet:
    """What one kind of sheet reads and writes; subclasses fill in the four methods."""

    title = ""
    columns: list[tuple[str, str]] = []  # (field, header)
    optional: set[str] = set()  # columns an older sheet may lack (read as empty)
    preview: tuple[str, ...] = ()  # the columns a preview shows beside each row's errors

    @classmethod
    def preview_headers(cls) -> list[str]:
        headers = dict(cls.columns)
        return [headers[name] for name in cls.preview]

    def row_values(self, record) -> dict:
        raise NotImplementedError

    def prepare(self) -> None:
        """Read what the checks compare against (once per sheet, not once per row)."""

    def row_check(self, row: ImportRow) -> None:
        raise NotImplementedError

    def row_write(self, row: ImportRow) -> None:
        raise NotImplementedError

    # The machine.

    def workbook(self, records) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = self.title
        for column, (_name, header) in enumerate(self.columns, start=1):
            write_cell(sheet, row=1, column=column, value=header)
        for row, record in enumerate(records, start=2):
            values = self.row_values(record)
            for column, (name, _header) in enumerate(self.columns, start=1):
                write_cell(sheet, row=row, column=column, value=values[name])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def check(self, upload) -> list[ImportRow]:
        """Every row of the sheet with what is wrong with it (nothing: it can be imported)."""
        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
            raise ImportRefused(_("This file is not an .xlsx workbook.")) from error
        lines = book.worksheets[0].iter_rows(values_only=True)
        headers = [_text(cell) for cell in next(lines, [])]
        missing = [
            header
            for name, header in self.columns
            if header not in headers and name not in self.optional
        ]
        if missing:
            raise ImportRefused(
                _("The sheet lacks the columns %(columns)s.") % {"columns": "、".join(missing)}
            )
        position = {
            name: headers.index(header) for name, header in self.columns if header in headers
        }
        self.prepare()
        rows = []
        for number, line in enumerate(lines, start=2):
            values = {
                name: _text(line[position[name]])
                if name in position and position[name] < len(line)
                else ""
                for name, _header in self.columns
            }
            if not any(values.values()):
                continue
            row = ImportRow(number=number, values=values)
            self.row_check(row)
            rows.append(row)
        return rows

    def import_all(self, upload) -> int:
        """Import every row, or none when any is wrong (ImportRefused). Returns the count."""
        with transaction.atomic():
            rows = self.check(upload)
            if not rows:
                raise ImportRefused(_("The sheet has no rows to import."))
            if any(row.errors for row in rows):
                raise ImportRefused(
                    _("Nothing was imported: correct the rows marked and try again.")
                )
            for row in rows:
                self.row_write(row)
        return len(rows)


class OrganisationSheet(Sheet):
    """The organisation tree: a parent is an organisation already here or one on an
    earlier row."""

    title = "工会组织"
    preview = ("code", "name", "kind", "parent")
    columns = [
        ("code", "代码"),
        ("name", "名称"),
        ("kind", "类型"),
        ("parent", "上级代码"),
        ("area", "覆盖区县或镇街"),
        ("address", "地址"),
        ("contact_name", "联系人"),
        ("contact_phone", "联系电话"),
        ("has_mediation_committee", "设有调解委员会"),
        ("name_en", "英文名称"),
    ]
    optional = {"name_en"}

    def __init__(self):
        self._parents = None

    def row_values(self, organisation) -> dict:
        if self._parents is None:
            self._parents = {o.path: o.code for o in Organisation.objects.only("path", "code")}
        return {
            "code": organisation.code,
            "name": organisation.name,
            "name_en": organisation.name_en,
            "kind": _label_zh(Organisation.Kind, organisation.kind),
            "parent": self._parents.get(organisation.path[: -Organisation.steplen], ""),
            "area": organisation.area,
            "address": organisation.address,
            "contact_name": organisation.contact_name,
            "contact_phone": organisation.contact_phone,
            "has_mediation_committee": "是" if organisation.has_mediation_committee else "否",
        }

    def prepare(self) -> None:
        self.kinds = _choices(Organisation.Kind)
        self.known = set(Organisation.objects.values_list("code", flat=True))
        self.names = set(Organisation.objects.values_list("name", flat=True))
        self.seen_codes, self.seen_names = set(), set()

    def row_check(self, row: ImportRow) -> None:
        values, errors = row.values, row.errors
        code, name = values["code"], values["name"]
        if not CODE.match(code):
            errors.append(_("the code must be letters, digits and hyphens"))
        elif code in self.known or code in self.seen_codes:
            errors.append(_("duplicate code “%(code)s”") % {"code": code})
        if not name:
            errors.append(_("the name is missing"))
        elif name in self.names or name in self.seen_names:
            errors.append(_("duplicate name “%(name)s”") % {"name": name})
        if values["kind"] not in self.kinds:
            errors.append(_("unknown type “%(kind)s”") % {"kind": values["kind"]})
        parent = values["parent"]
        if not parent:
            errors.append(_("the parent code is missing"))
        elif parent not in self.known and parent not in self.seen_codes:
            errors.append(_("unknown parent “%(code)s”") % {"code": parent})
        phone = values["contact_phone"].replace(" ", "")
        if phone and not PHONE.match(phone):
            errors.append(_("bad phone number “%(phone)s”") % {"phone": phone})
        if values["has_mediation_committee"].lower() not in YES | NO:
            errors.append(_("write 是 or 否 for the mediation committee"))
        self.seen_codes.add(code)
        self.seen_names.add(name)

    def row_write(self, row: ImportRow) -> None:
        values = row.values
        parent = Organisation.objects.get(code=values["parent"])
        parent.add_child(
            code=values["code"],
            name=values["name"],
            name_en=values["name_en"],
            kind=self.kinds[values["kind"]],
            area=values["area"],
            address=values["address"],
            contact_name=values["contact_name"],
            contact_phone=values["contact_phone"].replace(" ", ""),
            has_mediation_committee=values["has_mediation_committee"].lower() in YES,
        )


# One training or certificate in the register's sheet: 证书|广东省工会劳动争议调解员证|
# 2025-06-18|2028-06-17 (the last date may be left out); several are separated by "；"
# or a new line in the same cell.
QUALIFICATION_SEPARATOR = re.compile(r"[；;\n]+")


class MediatorSheet(Sheet):
    """The mediators' register of the organisations in `scope` (a queryset): an
    organisation code outside it reads as unknown, as it would to the person importing."""

    title = "调解员名册"
    preview = ("organisation", "name", "kind")
    columns = [
        ("organisation", "组织代码"),
        ("name", "姓名"),
        ("kind", "类别"),
        ("account", "门户账号"),
        ("phone", "联系电话"),
        ("areas", "业务领域"),
        ("active_from", "任职起始日期"),
        ("active_until", "任职截止日期"),
        ("qualifications", "培训和证书"),
    ]

    def __init__(self, *, scope):
        self.scope = scope

    def row_values(self, mediator) -> dict:
        items = [
            "|".join(
                part
                for part in (
                    _label_zh(MediatorQualification.Kind, item.kind),
                    item.title,
                    item.obtained_on.isoformat(),
                    item.valid_until.isoformat() if item.valid_until else "",
                )
                if part
            )
            for item in mediator.qualifications.all()
        ]
        return {
            "organisation": mediator.organisation.code,
            "name": mediator.name,
            "kind": _label_zh(Mediator.Kind, mediator.kind),
            "account": mediator.user.username if mediator.user else "",
            "phone": mediator.phone,
            "areas": mediator.areas,
            "active_from": mediator.active_from.isoformat() if mediator.active_from else "",
            "active_until": mediator.active_until.isoformat() if mediator.active_until else "",
            "qualifications": "；".join(items),
        }

    def prepare(self) -> None:
        self.kinds = _choices(Mediator.Kind)
        self.item_kinds = _choices(MediatorQualification.Kind)
        self.organisations = {o.code: o for o in self.scope}
        self.registered = set(
            Mediator.objects.filter(organisation__in=self.scope).values_list(
                "organisation__code", "name"
            )
        )
        self.accounts = {}
        self.accounts_taken = set(
            Mediator.objects.filter(user__isnull=False).values_list("user_id", flat=True)
        )
        self.seen = set()

    def _account(self, username: str):
        if username not in self.accounts:
            self.accounts[username] = User.objects.filter(username=username).first()
        return self.accounts[username]

    def _qualifications(self, text: str, errors: list[str]) -> list[dict]:
        items = []
        for entry in QUALIFICATION_SEPARATOR.split(text):
            if not entry.strip():
                continue
            parts = [part.strip() for part in entry.split("|")]
            kind = self.item_kinds.get(parts[0]) if parts else None
            obtained = _day(parts[2]) if len(parts) > 2 else None
            valid_until = _day(parts[3]) if len(parts) > 3 and parts[3] else None
            if (
                kind is None
                or len(parts) not in (3, 4)
                or not parts[1]
                or obtained is None
                or (len(parts) == 4 and parts[3] and valid_until is None)
            ):
                errors.append(
                    _("write a training or certificate as 证书|名称|2025-06-18, not “%(text)s”")
                    % {"text": entry.strip()}
                )
                continue
            items.append(
                {
                    "kind": kind,
                    "title": parts[1],
                    "obtained_on": obtained,
                    "valid_until": valid_until,
                }
            )
        return items

    def row_check(self, row: ImportRow) -> None:
        values, errors = row.values, row.errors
        code, name = values["organisation"], values["name"]
        organisation = self.organisations.get(code)
        if organisation is None:
            errors.append(_("unknown organisation code “%(code)s”") % {"code": code})
        if not name:
            errors.append(_("the name is missing"))
        elif (code, name) in self.registered or (code, name) in self.seen:
            errors.append(
                _("%(name)s is already on the register of “%(code)s”")
                % {"name": name, "code": code}
            )
        if values["kind"] not in self.kinds:
            errors.append(_("unknown kind “%(kind)s”") % {"kind": values["kind"]})
        username = values["account"]
        if username:
            account = self._account(username)
            if account is None:
                errors.append(_("unknown portal account “%(username)s”") % {"username": username})
            elif account.pk in self.accounts_taken:
                errors.append(
                    _("the portal account “%(username)s” is already on the register")
                    % {"username": username}
                )
            elif organisation is not None and account.organisation_id not in (
                None,
                organisation.pk,
            ):
                errors.append(
                    _("the portal account “%(username)s” belongs to another organisation")
                    % {"username": username}
                )
            if account is not None:
                self.accounts_taken.add(account.pk)
        phone = values["phone"].replace(" ", "")
        if phone and not PHONE.match(phone):
            errors.append(_("bad phone number “%(phone)s”") % {"phone": phone})
        days = {}
        for name_of_date in ("active_from", "active_until"):
            text = values[name_of_date]
            days[name_of_date] = _day(text) if text else None
            if text and days[name_of_date] is None:
                errors.append(_("bad date “%(date)s”: write it as 2026-03-12") % {"date": text})
        if (
            days["active_from"]
            and days["active_until"]
            and days["active_until"] < days["active_from"]
        ):
            errors.append(_("the active period ends before it begins"))
        row.parsed = {
            **days,
            "qualifications": self._qualifications(values["qualifications"], errors),
        }
        self.seen.add((code, name))

    def row_write(self, row: ImportRow) -> None:
        values = row.values
        mediator = Mediator.objects.create(
            organisation=self.organisations[values["organisation"]],
            name=values["name"],
            kind=self.kinds[values["kind"]],
            user=self._account(values["account"]) if values["account"] else None,
            phone=values["phone"].replace(" ", ""),
            areas=values["areas"],
            active_from=row.parsed["active_from"],
            active_until=row.parsed["active_until"],
        )
        for item in row.parsed["qualifications"]:
            MediatorQualification.objects.create(mediator=mediator, **item)


# The organisation tree's sheet under the names the pages and tests know.
COLUMNS = OrganisationSheet.columns


def organisations_workbook(*, organisations) -> bytes:
    return OrganisationSheet().workbook(organisations)


def organisations_import_check(*, upload) -> list[ImportRow]:
    return OrganisationSheet().check(upload)


def organisations_import(*, upload) -> int:
    return OrganisationSheet().import_all(upload)


def mediators_workbook(*, mediators) -> bytes:
    return MediatorSheet(scope=Organisation.objects.none()).workbook(mediators)


def mediators_import_check(*, upload, scope) -> list[ImportRow]:
    return MediatorSheet(scope=scope).check(upload)


def mediators_import(*, upload, scope) -> int:
    return MediatorSheet(scope=scope).import_all(upload)
