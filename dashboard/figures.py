"""The dashboard's data: plain, picklable values (they are cached), shown by the page,
the print view and the .xlsx export alike, so all three always hold the same numbers."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import gettext as _


def yuan(amount: Decimal | None) -> Decimal:
    """An amount in yuan with its two decimals (SQLite's SUM drops trailing zeros)."""
    return (amount or Decimal("0")).quantize(Decimal("0.01"))


# How a figure is shown: a count of cases, a rate (0–1), yuan, days, a plain number,
# a date or text.
COUNT = "count"
RATE = "rate"
AMOUNT = "amount"
DAYS = "days"
NUMBER = "number"
DATE = "date"
TEXT = "text"


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    district_id: int | None = None
    department_id: int | None = None
    # Held to the department by the viewer's role (a department head), not chosen.
    department_forced: bool = False
    district_name: str = ""
    department_name: str = ""
    # The organisation whose subtree the figures cover (None: every organisation) and
    # its tree path; the path is empty for the city federation, whose subtree is
    # everything.
    organisation_id: int | None = None
    organisation_path: str = ""
    organisation_name: str = ""

    @property
    def cache_scope(self) -> str:
        scope = "forced" if self.department_forced else "chosen"
        return (
            f"{self.start}:{self.end}:{self.district_id}:{self.department_id}:{scope}"
            f":{self.organisation_id}:{self.organisation_path}"
        )

    @property
    def in_subtree(self) -> bool:
        """The figures cover an organisation below the city and what is below it."""
        return bool(self.organisation_path)


@dataclass(frozen=True)
class Link:
    """A link to the case list behind a figure. `note` says how the list differs from
    the figure when the workbench cannot filter exactly; empty when it is exact."""

    url: str
    note: str = ""


@dataclass(frozen=True)
class Figure:
    value: int | float | Decimal | date | str | None
    kind: str = COUNT
    link: Link | None = None
    alarm: bool = False  # shown in red: something that should be zero is not

    @property
    def text(self) -> str:
        value = self.value
        if value is None:
            return "—"
        if self.kind == RATE:
            return f"{value * 100:.1f}%"
        if self.kind == AMOUNT:
            return _("%(amount)s yuan") % {"amount": f"{value:,.2f}"}
        if self.kind == DAYS:
            return f"{value:.1f}"
        if self.kind == NUMBER:
            return f"{value:,.2f}"
        if self.kind == DATE:
            return value.isoformat()
        if self.kind == COUNT:
            return f"{value:,}"
        return str(value)

    def __html__(self) -> str:
        """The figure as the page shows it: its link (with the note as a tooltip), red
        when it is an alarm, the exact value in data-value. Written here rather than in
        a template included per cell: a page holds several hundred figures."""
        css = format_html(' class="{}"', "text-danger fw-bold") if self.alarm else ""
        if self.link is None or self.value is None:
            return format_html('<span{} data-value="{}">{}</span>', css, self.raw, self.text)
        title = format_html(' title="{}"', self.link.note) if self.link.note else ""
        return format_html(
            '<a href="{}"{}{} data-value="{}">{}</a>',
            self.link.url,
            title,
            css,
            self.raw,
            self.text,
        )

    # As a form's BoundField: templates render {{ figure }} through str().
    __str__ = __html__

    @property
    def raw(self) -> str:
        """The exact value, for the page's data-value attribute (tests, scripts)."""
        if self.value is None:
            return ""
        if self.kind == DATE:
            return self.value.isoformat()
        return str(self.value)


@dataclass(frozen=True)
class Row:
    labels: tuple[str, ...]
    cells: tuple[Figure, ...]
    # Per label: how many rows it spans (1 usually; 0 where the row above spans it),
    # so the responsibility board shows each measure once over its departments.
    spans: tuple[int, ...] = ()

    @property
    def label_spans(self) -> list[tuple[str, int]]:
        spans = self.spans or (1,) * len(self.labels)
        return list(zip(self.labels, spans, strict=True))


@dataclass(frozen=True)
class Table:
    key: str  # stable: the page's ids, the chart beside it
    title: str
    label_headings: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""

    @property
    def width(self) -> int:
        return len(self.label_headings) + len(self.headings)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    figure: Figure
    note: str = ""  # the period it covers ("this week", "in the range", "now")


@dataclass
class Dashboard:
    filters: DashboardFilters
    today: date
    generated_at: datetime
    headlines: list[Headline]
    tables: dict[str, Table]
    # None: the hotline's figures are not available (yet); the page leaves them out.
    hotline_headlines: list[Headline] = field(default_factory=list)
    hotline_tables: dict[str, Table] = field(default_factory=dict)
    # The grassroots and union-level shares, each with its definition (shown under it).
    resolution_headlines: list[Headline] = field(default_factory=list)
