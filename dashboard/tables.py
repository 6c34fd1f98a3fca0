"""The dashboard's headline figures and tables, built from the selectors' reads: labels
in the viewer's language, each figure with its link to the cases behind it. No queries
here; the page, the print view and the .xlsx export all show what this builds."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import DEADLINES_ON_ACKNOWLEDGEMENT, DEADLINES_ON_ENTERING
from cases.models import Channel, Deadline, DisputeCategory, District, Industry
from cases.workflow import STAGE_OF_STATUS, Stage, Status
from leadership.models import Measure, SelfInspectionReport
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.workdays.spans import month_end

from .figures import (
    AMOUNT,
    COUNT,
    DATE,
    DAYS,
    NUMBER,
    RATE,
    TEXT,
    DashboardFilters,
    Figure,
    Headline,
    Link,
    Row,
    Table,
    yuan,
)
from .links import (
    LATE,
    case_list_link,
    closed_link,
    filed_link,
    nearest_link,
    page_link,
    with_note,
)

OPEN_STAGES = [stage for stage in Stage.values if stage != Stage.CLOSED]
# In the organisations side by side: the organisation's own cases, beside its children's.
OWN = "own"


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _rule_stages() -> dict[str, str]:
    """The stage each time limit runs in, from the deadline engine's own tables."""
    stages = {}
    for status, keys in DEADLINES_ON_ENTERING.items():
        for key in keys:
            stages[key] = STAGE_OF_STATUS[status]
    for body, keys in DEADLINES_ON_ACKNOWLEDGEMENT.items():
        for key in keys:
            stages[key] = Stage(body)
    return stages


def _pairs(value) -> list[tuple[object, object]]:
    """(key, count) pairs from a mapping or a list of pairs (or of two-field dicts)."""
    if not value:
        return []
    items = value.items() if hasattr(value, "items") else value
    pairs = []
    for item in items:
        if isinstance(item, dict):
            item = tuple(item.values())[:2]
        key, count = item
        pairs.append((key, count))
    return pairs


class TableBuilder:
    """Builds the dashboard's parts for one set of filters; `today` is the day "now",
    "this week" and "this month" refer to."""

    def __init__(self, *, filters: DashboardFilters, today: date):
        self.filters = filters
        self.start, self.end = filters.start, filters.end
        self.today = today
        self.stage_labels = {stage: str(Stage(stage).label) for stage in Stage.values}

    # Links, with the dashboard's filters.

    def _list(self, **params) -> Link:
        return case_list_link(filters=self.filters, **params)

    def _filed(self, start: date | None = None, end: date | None = None, **params) -> Link:
        return filed_link(
            filters=self.filters, start=start or self.start, end=end or self.end, **params
        )

    def _closed(self, start: date | None = None, end: date | None = None, **params) -> Link:
        return closed_link(
            filters=self.filters, start=start or self.start, end=end or self.end, **params
        )

    def _late(self, **params) -> Link:
        return self._list(deadline=LATE, **params)

    def _nearest(self, note: str, **params) -> Link:
        return nearest_link(filters=self.filters, note=note, **params)

    # Headline figures.

    def headlines(
        self,
        *,
        totals: dict,
        warned: int,
        mediation: tuple[int, int],
        close_median: float | None,
    ) -> list[Headline]:
        today = self.today
        week_start, month_start = today - timedelta(days=today.weekday()), today.replace(day=1)
        due_soon, overdue, overdue_long = (
            totals[state] for state in ("due_soon", "overdue", "overdue_long")
        )
        agreed, failed = mediation
        now, week, month = _("now"), _("this week"), _("this month")
        in_range = _("in the range")
        closed_in_range, filed_in_range = (
            _("cases closed in the range"),
            _("cases filed in the range"),
        )
        open_total = sum(totals[f"open_{stage}"] for stage in OPEN_STAGES)
        agreement_note = _(
            "The list shows the open cases with an agreement now; the rate counts the "
            "mediations that ended in the range, from the case timelines."
        )
        return [
            Headline("open", _("Open cases"), Figure(open_total, link=self._list()), now),
            Headline(
                "filed_week",
                _("New cases"),
                Figure(totals["filed_week"], link=self._filed(week_start, today)),
                week,
            ),
            Headline(
                "filed_month",
                _("New cases"),
                Figure(totals["filed_month"], link=self._filed(month_start, today)),
                month,
            ),
            Headline(
                "closed_week",
                _("Closed cases"),
                Figure(totals["closed_week"], link=self._closed(week_start, today)),
                week,
            ),
            Headline(
                "closed_month",
                _("Closed cases"),
                Figure(totals["closed_month"], link=self._closed(month_start, today)),
                month,
            ),
            Headline(
                "due_soon",
                _("Cases with a time limit due soon"),
                Figure(due_soon, link=self._list(deadline=Deadline.State.DUE_SOON)),
                now,
            ),
            Headline(
                "overdue",
                _("Cases overdue"),
                Figure(
                    overdue,
                    link=self._list(deadline=Deadline.State.OVERDUE),
                    alarm=overdue > 0,
                ),
                now,
            ),
            Headline(
                "overdue_long",
                _("Cases long overdue"),
                Figure(
                    overdue_long,
                    link=self._list(deadline=Deadline.State.OVERDUE_LONG),
                    alarm=overdue_long > 0,
                ),
                now,
            ),
            Headline(
                "collective_open",
                _("Collective disputes open"),
                Figure(totals["collective_open"], link=self._list(collective="1")),
                now,
            ),
            Headline(
                "warnings_open",
                _("Open cases with an early warning"),
                Figure(warned, link=self._list(warning="1"), alarm=warned > 0),
                now,
            ),
            Headline(
                "mediation_success",
                _("Mediation success rate"),
                Figure(
                    _rate(agreed, agreed + failed),
                    RATE,
                    link=self._nearest(agreement_note, status=Status.AGREEMENT),
                ),
                _("%(agreed)s of %(ended)s mediations ended in the range")
                % {"agreed": agreed, "ended": agreed + failed},
            ),
            Headline(
                "median_close_days",
                _("Median days to close"),
                Figure(close_median, DAYS, link=self._closed()),
                closed_in_range,
            ),
            Headline(
                "filed", _("Cases filed"), Figure(totals["filed"], link=self._filed()), in_range
            ),
            Headline(
                "closed", _("Cases closed"), Figure(totals["closed"], link=self._closed()), in_range
            ),
            Headline(
                "recovered",
                _("Amount recovered for workers"),
                Figure(totals["recovered"], AMOUNT, link=self._closed()),
                closed_in_range,
            ),
            Headline(
                "workers",
                _("Workers covered"),
                Figure(
                    totals["workers"],
                    # The list is of cases; the figure counts the workers in them.
                    link=Link(
                        self._filed().url,
                        note=_("The list shows the cases these workers brought."),
                    ),
                ),
                filed_in_range,
            ),
        ]

    # Tables.

    def stages(self, *, totals: dict) -> Table:
        return Table(
            "stages",
            _("Open cases by stage"),
            (_("Stage"),),
            (_("Open cases"),),
            tuple(
                Row(
                    (self.stage_labels[stage],),
                    (Figure(totals[f"open_{stage}"], link=self._list(stage=stage)),),
                )
                for stage in OPEN_STAGES
            ),
        )

    def stage_days(self, *, stays: dict[str, tuple[int, float | None]]) -> Table:
        note = _(
            "The list shows the open cases now in this stage; the figure counts the stays in "
            "it that ended in the range, from the case timelines."
        )
        rows = []
        for stage in OPEN_STAGES:
            count, median = stays.get(stage, (0, None))
            link = self._nearest(note, stage=stage)
            rows.append(
                Row(
                    (self.stage_labels[stage],),
                    (Figure(count, link=link), Figure(median, DAYS, link=link)),
                )
            )
        return Table(
            "stage_days",
            _("Time spent in each stage"),
            (_("Stage"),),
            (_("Stays ended in the range"), _("Median days")),
            tuple(rows),
            note=_(
                "A stay runs from the move into a stage to the move out of it; moves within a "
                "stage (mediation to agreement) do not end it."
            ),
        )

    def on_time(self, *, rules: list[dict]) -> Table:
        stages = _rule_stages()
        note = _(
            "The list shows the open cases now in this stage; the figure counts the time "
            "limits that ended in the range."
        )
        rows = []
        for rule in rules:
            link = self._nearest(note, stage=stages.get(rule["rule__key"], ""))
            rows.append(
                Row(
                    (rule["rule__label"],),
                    (
                        Figure(rule["ended"], link=link),
                        Figure(rule["on_time"], link=link),
                        Figure(_rate(rule["on_time"], rule["ended"]), RATE, link=link),
                    ),
                )
            )
        return Table(
            "on_time",
            _("Time limits met on time"),
            (_("Time limit"),),
            (_("Ended in the range"), _("Met on time"), _("On-time rate")),
            tuple(rows),
            note=_(
                "A time limit is met on time when it ended on or before its due day (Beijing time)."
            ),
        )

    def trend(self, *, months: list[date], filed: dict, closed: dict) -> Table:
        rows = []
        for month in months:
            last = min(month_end(month), self.end)
            rows.append(
                Row(
                    (f"{month:%Y-%m}",),
                    (
                        Figure(filed.get(month, 0), link=self._filed(month, last)),
                        Figure(closed.get(month, 0), link=self._closed(month, last)),
                    ),
                )
            )
        return Table(
            "trend",
            _("Filed and closed per month"),
            (_("Month"),),
            (_("Cases filed"), _("Cases closed")),
            tuple(rows),
            note=_("The twelve months up to the end of the range."),
        )

    def district_stages(self, *, districts: list[District], counts: dict) -> Table:
        rows = []
        for district in districts:
            stages = counts.get(district.pk, {})
            rows.append(
                Row(
                    (str(district),),
                    (
                        *[
                            Figure(
                                stages.get(stage, 0),
                                link=self._list(district=district.pk, stage=stage),
                            )
                            for stage in OPEN_STAGES
                        ],
                        Figure(sum(stages.values()), link=self._list(district=district.pk)),
                    ),
                )
            )
        return Table(
            "district_stages",
            _("Open cases by district and stage"),
            (_("District"),),
            (*[self.stage_labels[stage] for stage in OPEN_STAGES], _("Total")),
            tuple(rows),
        )

    def _breakdown(self, key, title, heading, members, figures, param, keep_empty) -> Table:
        """A breakdown by one dimension: `members` are (value, label) in display order,
        `param` the workbench's filter for it (or a function of the value giving the
        filters); members without cases are left out unless `keep_empty`."""
        rows = []
        for value, label in members:
            row = figures.get(value)
            if row is None and not keep_empty:
                continue
            row = row or {"filed": 0, "closed": 0, "open": 0, "late": 0, "recovered": None}
            narrow = param(value) if callable(param) else {param: value}
            rows.append(
                Row(
                    (label,),
                    (
                        Figure(row["filed"], link=self._filed(**narrow)),
                        Figure(row["closed"], link=self._closed(**narrow)),
                        Figure(row["open"], link=self._list(**narrow)),
                        Figure(row["late"], link=self._late(**narrow), alarm=row["late"] > 0),
                        Figure(yuan(row["recovered"]), AMOUNT, link=self._closed(**narrow)),
                    ),
                )
            )
        headings = (
            _("Filed in the range"),
            _("Closed in the range"),
            _("Open now"),
            _("Overdue now"),
            _("Amount recovered"),
        )
        return Table(key, title, (heading,), headings, tuple(rows))

    def breakdowns(
        self,
        *,
        figures: dict[str, dict],
        districts: list[District],
        categories: list[DisputeCategory],
        departments: list[Department],
    ) -> dict[str, Table]:
        # Every district, category, channel and department is listed (a zero says
        # something); of the twenty industries only those with cases.
        specs = [
            ("by_district", _("By district"), _("District"), "district_id", "district",
             [(d.pk, str(d)) for d in districts], True),
            ("by_industry", _("By industry"), _("Industry"), "industry", "industry",
             [(code, str(label)) for code, label in Industry.choices], False),
            ("by_category", _("By dispute category"), _("Category"), "category_id", "category",
             [(c.pk, str(c)) for c in categories], True),
            ("by_channel", _("By channel"), _("Channel"), "channel", "channel",
             [(code, str(label)) for code, label in Channel.choices], True),
            ("by_department", _("By responsible department"), _("Department"), "department_id",
             "department", [(d.pk, str(d)) for d in departments], True),
        ]  # fmt: skip
        return {
            key: self._breakdown(key, title, heading, members, figures[field], param, keep)
            for key, title, heading, field, param, members, keep in specs
        }

    def organisations(self, *, parent, children: list, figures: dict) -> Table:
        """The organisation's children side by side (the county-level federations at the
        city, the townships at a county), each with its whole subtree, and the
        organisation's own cases in a last row."""
        members = [(child.pk, str(child)) for child in children]
        members.append((OWN, _("%(name)s (its own cases)") % {"name": parent}))

        def narrow(value) -> dict:
            if value == OWN:
                return {"organisation": parent.pk, "organisation_only": "1"}
            return {"organisation": value}

        table = self._breakdown(
            "by_organisation",
            _("Organisations below %(name)s side by side") % {"name": parent},
            _("Union organisation"),
            members,
            figures,
            narrow,
            True,
        )
        note = _(
            "Each row counts the cases of the organisation and of every organisation below it."
        )
        return Table(table.key, table.title, table.label_headings, table.headings, table.rows, note)

    def resolution(self, *, totals: dict) -> list[Headline]:
        """Where the disputes resolved in the range were resolved, each share with its
        definition under it."""
        resolved = totals["resolved"]
        list_note = _(
            "The list shows every case closed in the range; the share counts those "
            "resolved, by where and how."
        )
        link = with_note(self._closed(), list_note)
        return [
            Headline(
                "resolved_grassroots",
                _("Resolved at grassroots level"),
                Figure(_rate(totals["resolved_grassroots"], resolved), RATE, link=link),
                _(
                    "Of the %(resolved)s disputes resolved in the range (closed with the "
                    "agreement performed, an arbitration award, a labor inspection order, "
                    "the petition resolved or a court judgment): the share handled by a "
                    "township or street federation, a regional or sector union, an "
                    "enterprise union or an enterprise mediation committee."
                )
                % {"resolved": resolved},
            ),
            Headline(
                "resolved_in_union",
                _("Resolved in the union before arbitration"),
                Figure(_rate(totals["resolved_in_union"], resolved), RATE, link=link),
                _(
                    "Of the same %(resolved)s disputes: the share resolved by mediation in "
                    "the union, its agreement performed, that never went to arbitration or "
                    "the court."
                )
                % {"resolved": resolved},
            ),
        ]

    def _report_cells(self, department: Department) -> tuple[Figure, Figure]:
        """The department's latest self-inspection report: period and status (red when
        overdue), and the day it was submitted."""
        reports = page_link("leadership:reports")
        status = getattr(department, "report_status", None)
        if not status:
            return Figure(_("No report yet"), TEXT, link=reports), Figure(None, DATE)
        start, end = department.report_period_start, department.report_period_end
        period = f"{start:%Y-%m}"
        if (end.year, end.month) != (start.year, start.month):
            period = f"{period}—{end:%Y-%m}"
        text = f"{period} {SelfInspectionReport.Status(status).label}"
        overdue = (
            status in SelfInspectionReport.NOT_SUBMITTED and department.report_due_on < self.today
        )
        if overdue:
            text = _("%(report)s, overdue") % {"report": text}
        submitted = department.report_submitted_at
        return (
            Figure(text, TEXT, link=reports, alarm=overdue),
            Figure(timezone.localtime(submitted).date() if submitted else None, DATE),
        )

    def board(
        self,
        *,
        measures: list[Measure],
        departments: list[Department],
        by_department: dict,
        activities: dict[tuple[int, int], int],
    ) -> Table:
        """Each measure, each department answering for it: its open and late cases, its
        activities under the measure in the range, its latest self-inspection report."""
        with_reports = {department.pk: department for department in departments}
        one_month = (self.start.year, self.start.month) == (self.end.year, self.end.month)
        activities_note = (
            "" if one_month else _("The list shows the department’s activities month by month.")
        )
        rows = []
        for measure in measures:
            answering = list(measure.departments.all())
            for index, department in enumerate(answering):
                narrow = {"department": department.pk}
                figures = by_department.get(department.pk, {})
                late_cases = figures.get("late", 0)
                rows.append(
                    Row(
                        labels=(str(measure), str(department)),
                        spans=(len(answering) if index == 0 else 0, 1),
                        cells=(
                            Figure(figures.get("open", 0), link=self._list(**narrow)),
                            Figure(late_cases, link=self._late(**narrow), alarm=late_cases > 0),
                            Figure(
                                activities.get((measure.pk, department.pk), 0),
                                link=page_link(
                                    "leadership:activities",
                                    note=activities_note,
                                    department=department.pk,
                                    month=f"{self.end:%Y-%m}" if one_month else "",
                                ),
                            ),
                            *self._report_cells(with_reports.get(department.pk, department)),
                        ),
                    )
                )
        return Table(
            "board",
            _("Department responsibility board"),
            (_("Measure"), _("Department")),
            (
                _("Open cases"),
                _("Cases overdue"),
                _("Activities in the range"),
                _("Last self-inspection report"),
                _("Submitted on"),
            ),
            tuple(rows),
            note=_(
                "Cases overdue: open cases of the department with an overdue or long-overdue "
                "time limit. Activities: those recorded under the measure."
            ),
        )

    # The 12351 hotline and petition reception (figures from the hotline app).

    def hotline(self, *, figures: dict) -> tuple[list[Headline], dict[str, Table]]:
        calls_note = _(
            "Calls are counted by the hotline; the list shows the cases registered from calls."
        )
        calls = with_note(self._filed(channel=Channel.HOTLINE), calls_note)
        visits = with_note(
            self._filed(channel=Channel.WALK_IN),
            _(
                "Visits are counted by the reception; the list shows the cases registered "
                "from visits."
            ),
        )
        petitions = self._nearest(
            _(
                "The list shows the cases in the petition stage; petitions to outside "
                "authorities are recorded by the reception."
            ),
            stage=Stage.PETITION,
        )
        follow_ups = page_link(
            "hotline:followups",
            note=_("The list shows the closed cases still waiting for a follow-up."),
        )
        external = figures.get("external_petitions") or 0
        in_range = _("in the range")

        def headline(key: str, label: str, kind: str, link: Link, alarm: bool = False):
            return Headline(key, label, Figure(figures.get(key), kind, link, alarm), in_range)

        headlines = [
            headline("calls_total", _("12351 calls"), COUNT, calls),
            headline("resolved_on_call_rate", _("Resolved during the call"), RATE, calls),
            headline("callbacks_on_time_rate", _("Callbacks made on time"), RATE, calls),
            headline("visits_total", _("Petition visits received"), COUNT, visits),
            headline("group_visits", _("Group visits"), COUNT, visits),
            # 对外零上访: the goal is zero, so any is shown in red.
            headline(
                "external_petitions",
                _("External petitions (goal: zero)"),
                COUNT,
                petitions,
                alarm=external > 0,
            ),
            headline(
                "external_petitions_per_100_cases",
                _("External petitions per 100 cases"),
                NUMBER,
                petitions,
            ),
            headline(
                "resolved_inside_rate", _("Demands resolved inside the union"), RATE, petitions
            ),
            headline(
                "satisfaction_rate",
                _("Satisfied or fairly satisfied (follow-ups and workers’ ratings)"),
                RATE,
                follow_ups,
            ),
        ]

        def day_link(day) -> Link:
            if not isinstance(day, date):
                return calls
            return with_note(self._filed(day, day, channel=Channel.HOTLINE), calls_note)

        def label(key) -> str:
            return key.isoformat() if isinstance(key, date) else str(key)

        def table(key: str, title: str, heading: str, link) -> Table:
            return Table(
                key,
                title,
                (heading,),
                (_("Calls"),),
                tuple(
                    Row((label(name),), (Figure(count, link=link(name)),))
                    for name, count in _pairs(figures.get(key))
                ),
            )

        tables = {
            "calls_by_day": table("calls_by_day", _("12351 calls per day"), _("Day"), day_link),
            "calls_by_category": table(
                "calls_by_category", _("12351 calls by category"), _("Category"), lambda _k: calls
            ),
            "calls_by_outcome": table(
                "calls_by_outcome", _("12351 calls by outcome"), _("Call outcome"), lambda _k: calls
            ),
            "follow_ups_by_result": Table(
                "follow_ups_by_result",
                _("Satisfaction of closed cases"),
                (_("Result"),),
                (_("Follow-ups and ratings"),),
                tuple(
                    Row((str(name),), (Figure(count, link=follow_ups),))
                    for name, count in _pairs(figures.get("follow_ups_by_result"))
                ),
                note=_(
                    "Follow-up calls (回访) and the workers’ own ratings on the tracking page, "
                    "recorded in the range."
                ),
            ),
        }
        return headlines, tables
