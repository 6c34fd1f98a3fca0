"""Fill a PostgreSQL database with realistic cases for benchmarks.

    manage.py generate_cases 1000000

Cases spread over the last two years across the nine divisions, categories,
industries and channels; about 70 % closed with an outcome, the rest open in
every status. An open case in a status that starts a clock (intake, mediation,
inspection, …) has that deadline running, started when it entered the status
and due by the rule, with the state the sweep would give it today and the
case's stored summary to match; most are not yet due. Two
complainants on one case in ten, four to six timeline events per case.

The apps above cases add the records they keep of the new cases, registered
with `cases.benchmark_data` when they are ready: the 12351 hotline its calls,
visits, external petitions and follow-ups (`hotline/benchmark_data.py`).

Personal data is fake but well-formed: Chinese names, 11-digit mobile
numbers (13x, 15x, 18x), resident ID numbers from Zhanjiang's divisions with
a right check digit.

Everything is inserted with INSERT … SELECT generate_series in the database,
so a million cases take minutes, not hours. Refuses to run in production or
on SQLite. `--keep` adds to the cases already there.

`--organisations N` grows the union's grid to N organisations first: the city and
its nine county-level federations (`manage.py seed`), under each county townships,
and under each township enterprise mediation committees (codes `bench-…`, kept
between runs), and spreads the generated cases evenly over the whole tree.

    manage.py generate_cases 100000 --organisations 2000
"""

import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.benchmark_data import (
    SPREAD_DAYS,
    Run,
    benchmark_records,
    local_day,
    mobile,
    person_name,
    pick,
    sql_array,
)
from cases.deadlines import DEADLINES_ON_ENTERING, due_date, soon_from, state_for
from cases.models import CaseEvent, DeadlineRule, DisputeCategory, District
from cases.validators import RESIDENT_ID_CHECK_CHARS, RESIDENT_ID_WEIGHTS
from cases.workflow import STAGE_OF_STATUS, Status
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city
from zhanjiang_union.organisations.services import organisations_load
from zhanjiang_union.punctuation import mark

# Every open status of the workflow, so a status added there is generated too.
OPEN_STATUSES = [status for status in Status.values if status != Status.CLOSED]
OUTCOMES = [
    "agreement_performed",
    "award",
    "inspection_order",
    "withdrawn",
    "not_accepted",
    "judgment",
]
INDUSTRIES = list("ABCDEFGHIJKLMNOPQRS")
CHANNELS = ["web", "web", "web", "hotline", "hotline", "walk_in", "court", "grid", "enterprise"]

# Every table the cases' part writes, emptied first unless --keep.
TABLES = [
    "cases_escalation", "cases_deadline", "cases_caseevent", "cases_complainant",
    "cases_personaldataaccess", "cases_evidence", "cases_handoff", "cases_mediationsession",
    "cases_mediationagreement", "cases_earlywarning", "cases_case",
]  # fmt: skip

# An overdue deadline is at most this many days past its due date.
LATEST_DAYS_OVERDUE = 12

# 赤坎 霞山 坡头 麻章 遂溪 徐闻 廉江 雷州 吴川
ZHANJIANG_REGIONS = [
    "440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882", "440883",
]  # fmt: skip
RESIDENT_ID_POOL = 1009

STREETS = ["人民大道", "海滨大道", "解放路", "椹川大道", "建设路", "中山路", "观海路", "南桥路"]


def resident_ids() -> list[str]:
    """Well-formed resident ID numbers (GB 11643 check digit) of people born 1965–2004."""
    numbers = []
    for n in range(RESIDENT_ID_POOL):
        born = date(1965, 1, 1) + timedelta(days=(n * 7919) % (40 * 365))
        body = f"{ZHANJIANG_REGIONS[n % len(ZHANJIANG_REGIONS)]}{born:%Y%m%d}{(n * 37) % 1000:03d}"
        total = sum(
            int(digit) * weight for digit, weight in zip(body, RESIDENT_ID_WEIGHTS, strict=True)
        )
        numbers.append(body + RESIDENT_ID_CHECK_CHARS[total % 11])
    return numbers


# The city federation and its nine county-level federations, from `manage.py seed`.
GRID_TOP = 10
# Enterprise mediation committees per township, about.
COMMITTEES_PER_TOWNSHIP = 10


def _children_bulk(parent: Organisation, children: list[Organisation]) -> list[Organisation]:
    """Insert the children under `parent` after its last child, in one statement: their
    tree paths computed as treebeard would give them one by one."""
    last = parent.get_last_child()
    step = Organisation._str2int(last.path[-Organisation.steplen :]) if last else 0
    for number, child in enumerate(children, start=step + 1):
        child.depth = parent.depth + 1
        child.path = Organisation._get_path(parent.path, child.depth, number)
        child.numchild = 0
    created = Organisation.objects.bulk_create(children)
    Organisation.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(children))
    parent.numchild += len(children)
    return created


def grid_grow(total: int) -> list[tuple[int, int | None]]:
    """(id, district id of its county) of `total` organisations: the city and its
    counties, each county with the same share of townships and of committees below
    them, created when missing. The city's district is None: it covers them all."""
    organisations_load()
    city = organisation_city()
    counties = list(city.get_children().filter(kind=Organisation.Kind.COUNTY).order_by("path"))
    below, extra = divmod(max(0, total - 1 - len(counties)), len(counties))
    for index, county in enumerate(counties):
        per_county = below + (index < extra)
        townships_each = max(1, round(per_county / (COMMITTEES_PER_TOWNSHIP + 1)))
        if not per_county:
            continue
        townships = list(
            Organisation.objects.filter(code__startswith=f"bench-{county.code}-t").filter(
                depth=county.depth + 1
            )
        )
        missing = [
            Organisation(
                code=f"bench-{county.code}-t{n}",
                name=f"{county.name}测试{n}号镇总工会",
                kind=Organisation.Kind.TOWNSHIP,
            )
            for n in range(len(townships) + 1, townships_each + 1)
        ]
        if missing:
            county.refresh_from_db()
            townships += _children_bulk(county, missing)
        committees = per_county - townships_each
        ordered = sorted(townships, key=lambda t: int(t.code.rsplit("-t", 1)[1]))
        for number, township in enumerate(ordered[:townships_each]):
            wanted = committees // townships_each + (number < committees % townships_each)
            have = Organisation.objects.filter(
                path__startswith=township.path, depth=township.depth + 1
            ).count()
            if have < wanted:
                township.refresh_from_db()
                _children_bulk(
                    township,
                    [
                        Organisation(
                            code=f"{township.code}-c{n}",
                            name=f"{township.name}测试{n}号企业劳动争议调解委员会",
                            kind=Organisation.Kind.COMMITTEE,
                        )
                        for n in range(have + 1, wanted + 1)
                    ],
                )
    district_of = {
        county.path: District.objects.filter(name=county.area).values_list("pk", flat=True).first()
        for county in counties
    }
    rows = Organisation.objects.order_by("path").values_list("pk", "path")[:total]
    return [(pk, district_of.get(path[: 2 * Organisation.steplen])) for pk, path in rows]


def case_event_stage_entries_fill() -> int:
    """Set `stage_entered_at` on every move between stages that lacks it, in one
    statement: for data loaded in bulk (this generator and the dashboard benchmark). Statuses and the
    table name are our own constants."""
    table = CaseEvent._meta.db_table

    def stage(column: str) -> str:
        whens = " ".join(
            f"WHEN {column} = '{status}' THEN '{stage}'"
            for status, stage in STAGE_OF_STATUS.items()
        )
        return f"CASE {whens} ELSE '' END"

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET stage_entered_at = moves.entered FROM ("  # noqa: S608
            "SELECT id, LAG(at) OVER (PARTITION BY case_id ORDER BY at, id) AS entered "
            f"FROM {table} WHERE to_status <> '' "
            f"AND {stage('from_status')} <> {stage('to_status')}"
            f") AS moves WHERE {table}.id = moves.id AND moves.entered IS NOT NULL "
            f"AND {table}.stage_entered_at IS NULL"
        )
        return max(cursor.rowcount, 0)


class Command(BaseCommand):
    help = (
        "Bulk-insert N realistic cases and the records the other apps keep of them "
        "(PostgreSQL only) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--keep", action="store_true", help="Add to existing cases.")
        parser.add_argument(
            "--organisations",
            type=int,
            default=0,
            help="Grow the grid to this many organisations and spread the cases over them.",
        )

    def handle(self, *args, count: int, keep: bool, organisations: int = 0, **options):
        if settings.PRODUCTION:
            raise CommandError(_("Never in production."))
        if connection.vendor != "postgresql":
            raise CommandError(_("Set DATABASE_URL to a PostgreSQL database."))
        if count < 1:
            raise CommandError(_("Give the number of cases to generate, 1 or more."))
        if organisations and organisations < GRID_TOP:
            raise CommandError(
                _("Give at least %(count)s organisations: the city and its nine counties.")
                % {"count": GRID_TOP}
            )
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            self.run = Run(
                cursor,
                count,
                params={
                    "now": timezone.now(),
                    "today": timezone.localdate(),
                    "tz": settings.TIME_ZONE,
                },
            )
            if not District.objects.exists():
                raise CommandError(_("Load the reference data first: manage.py seed."))
            others = [records(self.run) for records in benchmark_records()]
            for records in others:
                records.prepare()
            tables = [table for records in others for table in records.tables] + TABLES
            # Check foreign keys statement by statement: deferred to COMMIT, a
            # million rows' checks queue up and take longer than the inserts.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not keep:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            # Everything after the cases is derived from the new ones only, so
            # that --keep leaves the cases already there as they were.
            self.run.params["first_case"] = self.run.next_id("cases_case")
            cursor.execute("SELECT coalesce(max(sequence), 0) FROM cases_case WHERE year = 2025")
            self._cases(count, offset=cursor.fetchone()[0])
            if organisations:
                self._spread(grid_grow(organisations))
            self._complainants()
            self._events()
            self._deadlines()
            written = [records.fill() for records in others]
            # Each move between stages records when the case entered the stage it leaves.
            case_event_stage_entries_fill()
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                # Sets the visibility map (index-only counts) and the planner's statistics.
                grown = ["organisations_organisation"] if organisations else []
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables + grown)}")
        # The dashboard's figures, from every case (the minute refresh reads only the
        # cases saved one by one).
        call_command("dashboard_rollups", rebuild=True, stdout=self.stdout)
        counts = {"cases": f"{count:,}", "seconds": time.perf_counter() - started}
        if written:
            line = _("%(cases)s cases, %(records)s in %(seconds).1f s") % {
                **counts,
                "records": mark("comma").join(written),
            }
        else:
            line = _("%(cases)s cases in %(seconds).1f s") % counts
        self.stdout.write(line)

    def _cases(self, count: int, offset: int) -> None:
        districts = [d.pk for d in District.objects.all()]
        categories = [c.pk for c in DisputeCategory.objects.all()]
        departments = list(
            Department.objects.filter(
                code__in=["rights", "rights", "grassroots", "service-centre"]
            ).values_list("pk", flat=True)
        )
        # g drives every choice through different primes, so the columns do not
        # line up with each other; created_at spreads over the two years.
        # The f-string holds our own constants, never input.
        self.run.execute(
            f"""
            INSERT INTO cases_case (year, sequence, number, query_code_hash, status, outcome,
                outcome_note, closed_at, employer_name, employer_key, employer_credit_code,
                employer_address, district_id, grid, industry, category_id, workers_involved,
                amount_claimed, amount_recovered, facts, demand, channel, is_collective,
                is_mass_incident, department_id, handler_id, filed_by_id, registered_by_id,
                linked_to_id, merged_into_id, created_at, updated_at, updated_by_id, version,
                next_due_on, deadline_state, figures_pending)
            SELECT 2025, %(offset)s + g, 'ZJ-BENCH-' || (%(offset)s + g), md5((%(offset)s + g)::text),
                s.status,
                CASE WHEN s.status = 'closed' THEN ({sql_array(OUTCOMES)})[1 + g %% {len(OUTCOMES)}] ELSE '' END,
                '',
                CASE WHEN s.status = 'closed' THEN s.created + ((g %% 60) || ' days')::interval END,
                '湛江市企业' || (g %% 20000) || '有限公司', 'zjqy' || (g %% 20000), '', '',
                ({sql_array(districts)}::bigint[])[1 + g %% {len(districts)}], '',
                ({sql_array(INDUSTRIES)})[1 + (g * 7) %% {len(INDUSTRIES)}],
                ({sql_array(categories)}::bigint[])[1 + (g * 13) %% {len(categories)}],
                CASE WHEN g %% 40 = 0 THEN 10 + g %% 50 ELSE 1 + g %% 3 END,
                (1000 + (g * 37) %% 90000)::numeric,
                CASE WHEN s.status = 'closed' THEN (500 + (g * 37) %% 60000)::numeric ELSE 0 END,
                '拖欠工资等情况说明', '支付拖欠款项',
                ({sql_array(CHANNELS)})[1 + (g * 11) %% {len(CHANNELS)}],
                g %% 40 = 0, false,
                ({sql_array(departments)}::bigint[])[1 + (g * 17) %% {len(departments)}],
                NULL, NULL, NULL, NULL, NULL,
                -- Not marked for the dashboard's refresh: the rebuild below reads them all.
                s.created, s.created, NULL, 1, NULL, '', false
            FROM generate_series(1, %(count)s::bigint) AS g
            CROSS JOIN LATERAL (
                SELECT %(now)s::timestamptz - ((g * 7919) %% ({SPREAD_DAYS} * 24)) * interval '1 hour' AS created,
                    CASE WHEN g %% 10 < 7 THEN 'closed'
                         ELSE ({sql_array(OPEN_STATUSES)})[1 + (g / 10) %% {len(OPEN_STATUSES)}] END AS status
            ) AS s
            """,  # noqa: S608
            offset=offset,
            count=count,
        )

    def _spread(self, organisations: list[tuple[int, int | None]]) -> None:
        """Each new case at one of the organisations, drawn evenly by its id, and in its
        county's district (a case at the city keeps the district it was drawn)."""
        self.run.execute(
            f"""
            UPDATE cases_case SET
                organisation_id = (%(organisations)s::bigint[])[1 + (id * 7919) %% {len(organisations)}],
                district_id = coalesce(
                    (%(districts)s::bigint[])[1 + (id * 7919) %% {len(organisations)}], district_id)
            WHERE id >= %(first_case)s
            """,  # noqa: S608
            organisations=[pk for pk, _district in organisations],
            districts=[district for _pk, district in organisations],
        )

    def _complainants(self) -> None:
        # The first complainant's name and number are a function of the case id:
        # the call a hotline case came from repeats them without a join.
        ids = f"({sql_array(resident_ids())})"
        self.run.execute(
            f"""
            INSERT INTO cases_complainant (case_id, name, id_number, phone, address, email,
                origin_case_id)
            SELECT c.id, {person_name("c.id")}, {ids}[1 + c.id %% {RESIDENT_ID_POOL}],
                {mobile("c.id")}, '湛江市' || {pick(STREETS, "c.id * 3")} || 1 + c.id %% 300 || '号', '', NULL::bigint
            FROM cases_case c WHERE c.id >= %(first_case)s
            UNION ALL
            SELECT c.id, {person_name("c.id + 7")}, {ids}[1 + (c.id + 7) %% {RESIDENT_ID_POOL}],
                {mobile("c.id + 500000000")}, '', '', NULL
            FROM cases_case c WHERE c.id >= %(first_case)s AND c.id %% 10 = 0
            """,  # noqa: S608
        )

    def _events(self) -> None:
        self.run.execute(
            """
            INSERT INTO cases_caseevent (case_id, at, actor_id, action, summary, from_status,
                to_status, note, data, public)
            SELECT c.id, c.created_at, NULL::bigint, 'cases.case.filed', '投诉已登记', '', 'intake', '',
                '{}'::jsonb, true
            FROM cases_case c WHERE c.id >= %(first_case)s
            UNION ALL
            SELECT c.id, c.created_at + interval '1 day', NULL, 'cases.case.accept_mediation',
                '已受理调解申请', 'intake', 'mediation', '', '{}'::jsonb, true
            FROM cases_case c WHERE c.id >= %(first_case)s AND c.status <> 'intake'
            UNION ALL
            SELECT c.id, c.created_at + ((k + 1) || ' days')::interval, NULL, 'cases.note.added',
                '内部备注', '', '', '跟进情况', '{}'::jsonb, false
            FROM cases_case c CROSS JOIN generate_series(1, 2) AS k WHERE c.id >= %(first_case)s
            UNION ALL
            SELECT c.id, c.closed_at, NULL, 'cases.case.close', '已结案', 'mediation', 'closed', '',
                jsonb_build_object('outcome', c.outcome), true
            FROM cases_case c WHERE c.id >= %(first_case)s AND c.status = 'closed'
            """,
        )

    def _deadlines(self) -> None:
        """The deadline each open case runs on, as the portal opens it on entering the
        status: started that day, due by the rule (working days and holidays counted
        here, once per start day, and looked up in the database)."""
        today = self.run.params["today"]
        rules = {rule.key: rule for rule in DeadlineRule.objects.all()}
        for status, keys in DEADLINES_ON_ENTERING.items():
            for key in keys:
                rule = rules[key]
                # Three in four started less than one period ago and are not yet due.
                period = max(1, (due_date(rule, today)[0] - today).days)
                latest = period + LATEST_DAYS_OVERDUE
                # Due date, due-soon window and the state the sweep gives it today, by
                # the days since the deadline started.
                due = [due_date(rule, today - timedelta(days=back)) for back in range(latest + 1)]
                soon = [soon_from(rule, day) for day, _unloaded in due]
                self.run.execute(
                    f"""
                    INSERT INTO cases_deadline (case_id, rule_id, handoff_id, started_on, due_on,
                        soon_on, extended_by, paused_on, paused_days, state, unloaded_year,
                        met_at)
                    SELECT c.id, %(rule)s, NULL, s.started_on, d.due_on, d.soon_on, 0, NULL, 0,
                        d.state, d.unloaded_year, NULL
                    FROM cases_case c
                    CROSS JOIN LATERAL (
                        SELECT greatest({local_day("c.created_at")}, %(today)s::date - (CASE
                            WHEN c.id %% 4 = 0 THEN %(period)s + 1 + (c.id / 4 * 7) %% {LATEST_DAYS_OVERDUE}
                            ELSE (c.id * 7919) %% %(period)s END)::int) AS started_on
                    ) AS s
                    CROSS JOIN LATERAL (
                        SELECT (%(due_on)s::date[])[1 + (%(today)s::date - s.started_on)] AS due_on,
                            (%(soon_on)s::date[])[1 + (%(today)s::date - s.started_on)]
                                AS soon_on,
                            (%(unloaded)s::smallint[])[1 + (%(today)s::date - s.started_on)]
                                AS unloaded_year,
                            (%(states)s::text[])[1 + (%(today)s::date - s.started_on)] AS state
                    ) AS d
                    WHERE c.id >= %(first_case)s AND c.status = %(status)s
                    """,  # noqa: S608
                    rule=rule.pk,
                    status=status,
                    period=period,
                    due_on=[day for day, _unloaded in due],
                    soon_on=soon,
                    unloaded=[unloaded for _day, unloaded in due],
                    states=[
                        state_for(day, today, soon_on)
                        for (day, _unloaded), soon_on in zip(due, soon, strict=True)
                    ],
                )
        # Each case's stored summary, as `deadlines.case_summary_refresh` keeps it.
        self.run.execute(
            """
            UPDATE cases_case c SET next_due_on = d.due_on, next_soon_on = d.soon_on,
                deadline_state = d.state
            FROM cases_deadline d
            WHERE d.case_id = c.id AND d.met_at IS NULL AND c.id >= %(first_case)s
            """,
        )
