"""Fill a PostgreSQL database with realistic cases for benchmarks.

    manage.py generate_cases 1000000

Cases spread over the last two years across the nine divisions, categories,
industries and channels; about 70 % closed with an outcome, the rest open in
every status. An open case in a status that starts a clock (intake, mediation,
inspection, …) has that deadline running, started when it entered the status
and due by the rule, with the state the sweep would give it today and the
case's stored summary to match; most are not yet due. Two
complainants on one case in ten, four to six timeline events per case.

The 12351 hotline in proportion: about 1.5 calls per case. Every case that
came in by the hotline has the call it was registered from; the others are
consultations (advice, referrals, callbacks). Callbacks are mostly made within
the next working day, some late, a few still open. Every walk-in case has its
petition visit, and further visits came without a case; group visits name one
to five representatives. Three cases in a thousand were taken to a petition
bureau; six closed cases in ten have their satisfaction follow-up. The calls,
visits and follow-ups are taken by a few `bench-operator-N` accounts of the
service centre, created when missing.

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
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import DEADLINES_ON_ENTERING, due_date, soon_from, soon_until
from cases.models import CaseEvent, DeadlineRule, DisputeCategory, District
from cases.validators import RESIDENT_ID_CHECK_CHARS, RESIDENT_ID_WEIGHTS
from cases.workflow import STAGE_OF_STATUS, Status
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import organisation_city
from zhanjiang_union.organisations.services import organisations_load
from zhanjiang_union.workdays.calendar import subtract_working_days

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

# Every table the generator writes, emptied first unless --keep.
TABLES = [
    "hotline_callbackattempt", "hotline_callbackescalation", "hotline_call",
    "hotline_representative", "hotline_visit", "hotline_externalpetition", "hotline_followup",
    "cases_escalation", "cases_deadline", "cases_caseevent", "cases_complainant",
    "cases_personaldataaccess", "cases_evidence", "cases_handoff", "cases_mediationsession",
    "cases_mediationagreement", "cases_earlywarning", "cases_case",
]  # fmt: skip

SERVICE_CENTRE = "service-centre"
OPERATORS = 8
CALLS_PER_CASE = 1.5
# Visits that came without a case, per case; walk-in cases have theirs besides.
LOOSE_VISITS_PER_CASE = 0.04
# An overdue deadline is at most this many days past its due date.
LATEST_DAYS_OVERDUE = 12
# Calls and visits spread over the same two years as the cases.
SPREAD_DAYS = 730

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁郑谢宋唐许邓冯韩曹曾彭萧蔡潘莫"
GIVEN_NAMES = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "海燕",
    "国强", "丽娟", "文斌", "晓东", "春梅", "家豪", "嘉欣", "俊杰", "小红", "永强", "美玲",
]  # fmt: skip
MOBILE_PREFIXES = [
    *(f"13{digit}" for digit in range(10)),
    *(f"15{digit}" for digit in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"18{digit}" for digit in range(10)),
]
# 赤坎 霞山 坡头 麻章 遂溪 徐闻 廉江 雷州 吴川
ZHANJIANG_REGIONS = [
    "440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882", "440883",
]  # fmt: skip
RESIDENT_ID_POOL = 1009

CALL_SUMMARIES = [
    "咨询拖欠工资如何维权",
    "咨询解除劳动合同经济补偿",
    "咨询工伤认定程序",
    "咨询未签劳动合同二倍工资",
    "咨询社会保险缴纳问题",
    "反映加班费未足额支付",
    "咨询劳动仲裁申请材料",
    "咨询女职工产假待遇",
]
STREETS = ["人民大道", "海滨大道", "解放路", "椹川大道", "建设路", "中山路", "观海路", "南桥路"]
VISIT_DEMANDS = [
    "要求企业支付拖欠工资",
    "要求补缴社会保险",
    "要求支付经济补偿金",
    "反映企业搬迁安置问题",
    "要求认定工伤并支付待遇",
]
VISIT_ACTIONS = [
    "解答政策并告知维权途径",
    "登记诉求，转职工维权与服务部跟进",
    "协调企业负责人当面沟通",
]
PETITION_LEVELS = {"city": "市信访局", "provincial": "省信访局", "national": "国家信访局"}
FOLLOW_UP_RESULTS = {"satisfied": "满意", "fairly_satisfied": "基本满意", "dissatisfied": "不满意"}


def sql_array(values) -> str:
    return "ARRAY[" + ",".join(f"'{value}'" for value in values) + "]"


def pick(values, key: str) -> str:
    """SQL for one of `values`, chosen by the integer SQL expression `key`."""
    return f"({sql_array(values)})[1 + ({key}) %% {len(values)}]"


def person_name(key: str) -> str:
    return f"({pick(SURNAMES, key)} || {pick(GIVEN_NAMES, f'({key}) * 13')})"


def mobile(key: str) -> str:
    """An 11-digit mainland mobile number (13x, 15x, 18x) for the integer `key`."""
    return (
        f"({pick(MOBILE_PREFIXES, f'({key}) * 7')} || "
        f"lpad(((({key}) * 2654435761) %% 100000000)::text, 8, '0'))"
    )


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


def local_day(moment: str) -> str:
    return f"(({moment}) AT TIME ZONE %(tz)s)::date"


def sweep_state(due_on: str, soon_on: str | None = None) -> str:
    """The state the deadline sweep gives a running deadline due on `due_on` today (due
    soon from `soon_on` where the rows have one, else within the fixed span)."""
    soon = f"{soon_on} <= %(today)s" if soon_on else f"{due_on} <= %(soon_until)s"
    return f"""CASE WHEN {due_on} < %(long_before)s THEN 'overdue_long'
                    WHEN {due_on} < %(today)s THEN 'overdue'
                    WHEN {soon} THEN 'due_soon'
                    ELSE 'normal' END"""


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
        "Bulk-insert N realistic cases and their hotline records (PostgreSQL only) for benchmarks."
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
        today = timezone.localdate()
        self.params = {
            "now": timezone.now(),
            "today": today,
            "tz": settings.TIME_ZONE,
            # The callbacks' window: their rule's own, as the callback sweep takes it.
            "soon_until": soon_until(DeadlineRule.objects.get(key="callback"), today),
            "long_before": subtract_working_days(today, settings.DEADLINE_OVERDUE_LONG_DAYS),
        }
        with transaction.atomic(), connection.cursor() as cursor:
            self._staff()
            # Check foreign keys statement by statement: deferred to COMMIT, a
            # million rows' checks queue up and take longer than the inserts.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not keep:
                cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
            # Everything after the cases is derived from the new ones only, so
            # that --keep leaves the cases already there as they were.
            self.params["first_case"] = self._next_id(cursor, "cases_case")
            cursor.execute("SELECT coalesce(max(sequence), 0) FROM cases_case WHERE year = 2025")
            self._cases(cursor, count, offset=cursor.fetchone()[0])
            if organisations:
                self._spread(cursor, grid_grow(organisations))
            self._complainants(cursor)
            self._events(cursor)
            self._deadlines(cursor)
            calls = self._calls(cursor, count)
            visits = self._visits(cursor, count)
            petitions = self._external_petitions(cursor)
            follow_ups = self._follow_ups(cursor)
            self._hotline_events(cursor)
            # Each move between stages records when the case entered the stage it leaves.
            case_event_stage_entries_fill()
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                # Sets the visibility map (index-only counts) and the planner's statistics.
                cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES)}")
        # The dashboard's figures, from every case (the minute refresh reads only the
        # cases saved one by one).
        call_command("dashboard_rollups", rebuild=True, stdout=self.stdout)
        self.stdout.write(
            _(
                "%(cases)s cases, %(calls)s calls, %(visits)s visits, %(petitions)s external "
                "petitions, %(follow_ups)s follow-ups in %(seconds).1f s"
            )
            % {
                "cases": f"{count:,}",
                "calls": f"{calls:,}",
                "visits": f"{visits:,}",
                "petitions": f"{petitions:,}",
                "follow_ups": f"{follow_ups:,}",
                "seconds": time.perf_counter() - started,
            }
        )

    def _execute(self, cursor, sql: str, **params) -> int:
        cursor.execute(sql, {**self.params, **params})
        return cursor.rowcount

    @staticmethod
    def _next_id(cursor, table: str) -> int:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]

    def _staff(self) -> None:
        """The operators who take the generated calls and visits."""
        group = Group.objects.filter(name=Role.HOTLINE_OPERATOR).first()
        centre = Department.objects.filter(code=SERVICE_CENTRE).first()
        if group is None or centre is None or not District.objects.exists():
            raise CommandError(_("Load the reference data first: manage.py seed."))
        operators = []
        for n in range(1, OPERATORS + 1):
            username = f"bench-operator-{n}"
            operator = User.objects.filter(username=username).first()
            if operator is None:
                # No password: nobody logs in as them.
                operator = User.objects.create_user(
                    username=username, full_name=f"接线员{n}号", department=centre
                )
            operator.groups.add(group)
            operators.append(operator.pk)
        self.operators = sql_array(operators) + "::bigint[]"
        self.params["centre"] = centre.pk

    def _operator(self, key: str) -> str:
        return f"({self.operators})[1 + ({key}) %% {OPERATORS}]"

    def _cases(self, cursor, count: int, offset: int) -> None:
        districts = [d.pk for d in District.objects.all()]
        categories = [c.pk for c in DisputeCategory.objects.all()]
        departments = list(
            Department.objects.filter(
                code__in=["rights", "rights", "grassroots", "service-centre"]
            ).values_list("pk", flat=True)
        )
        # g drives every choice through different primes, so the columns do not
        # line up with each other; created_at spreads over 730 days.
        # The f-string holds our own constants, never input.
        self._execute(
            cursor,
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
                SELECT %(now)s::timestamptz - ((g * 7919) %% (730 * 24)) * interval '1 hour' AS created,
                    CASE WHEN g %% 10 < 7 THEN 'closed'
                         ELSE ({sql_array(OPEN_STATUSES)})[1 + (g / 10) %% {len(OPEN_STATUSES)}] END AS status
            ) AS s
            """,  # noqa: S608
            offset=offset,
            count=count,
        )

    def _spread(self, cursor, organisations: list[tuple[int, int | None]]) -> None:
        """Each new case at one of the organisations, drawn evenly by its id, and in its
        county's district (a case at the city keeps the district it was drawn)."""
        self._execute(
            cursor,
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

    def _complainants(self, cursor) -> None:
        # The first complainant's name and number are a function of the case id:
        # the call a hotline case came from repeats them without a join.
        ids = f"({sql_array(resident_ids())})"
        self._execute(
            cursor,
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

    def _events(self, cursor) -> None:
        self._execute(
            cursor,
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

    def _deadlines(self, cursor) -> None:
        """The deadline each open case runs on, as the portal opens it on entering the
        status: started that day, due by the rule (working days and holidays counted
        here, once per start day, and looked up in the database)."""
        today = self.params["today"]
        rules = {rule.key: rule for rule in DeadlineRule.objects.all()}
        for status, keys in DEADLINES_ON_ENTERING.items():
            for key in keys:
                rule = rules[key]
                # Three in four started less than one period ago and are not yet due.
                period = max(1, (due_date(rule, today)[0] - today).days)
                latest = period + LATEST_DAYS_OVERDUE
                due = [due_date(rule, today - timedelta(days=back)) for back in range(latest + 1)]
                self._execute(
                    cursor,
                    f"""
                    INSERT INTO cases_deadline (case_id, rule_id, handoff_id, started_on, due_on,
                        soon_on, extended_by, paused_on, paused_days, state, unloaded_year,
                        met_at)
                    SELECT c.id, %(rule)s, NULL, s.started_on, d.due_on, d.soon_on, 0, NULL, 0,
                        {sweep_state("d.due_on", "d.soon_on")}, d.unloaded_year, NULL
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
                                AS unloaded_year
                    ) AS d
                    WHERE c.id >= %(first_case)s AND c.status = %(status)s
                    """,  # noqa: S608
                    rule=rule.pk,
                    status=status,
                    period=period,
                    due_on=[day for day, _unloaded in due],
                    soon_on=[soon_from(rule, day) for day, _unloaded in due],
                    unloaded=[unloaded for _day, unloaded in due],
                )
        # Each case's stored summary, as `deadlines.case_summary_refresh` keeps it.
        self._execute(
            cursor,
            """
            UPDATE cases_case c SET next_due_on = d.due_on, next_soon_on = d.soon_on,
                deadline_state = d.state
            FROM cases_deadline d
            WHERE d.case_id = c.id AND d.met_at IS NULL AND c.id >= %(first_case)s
            """,
        )

    def _calls(self, cursor, count: int) -> int:
        first_call = self._next_id(cursor, "hotline_call")
        columns = """(received_at, duration_seconds, phone, caller_name, category_id, summary,
            urgency, outcome, referred_to_id, operator_id, department_id, case_id,
            callback_due_on, callback_state, callback_unloaded_year, callback_attempts,
            callback_done_at, created_at, updated_at, figures_pending)"""
        # The call each hotline case was registered from, a few minutes before it.
        registered = self._execute(
            cursor,
            f"""
            INSERT INTO hotline_call {columns}
            SELECT r.received_at, 180 + (c.id * 17) %% 1200, {mobile("c.id")},
                {person_name("c.id")}, c.category_id, '来电反映' || c.employer_name || '拖欠工资，登记投诉',
                CASE WHEN c.is_collective THEN 'urgent' ELSE 'normal' END, 'case', NULL,
                {self._operator("c.id")}, %(centre)s, c.id, NULL, '', NULL, 0, NULL, r.received_at,
                r.received_at, false
            FROM cases_case c
            CROSS JOIN LATERAL (
                SELECT c.created_at - (5 + c.id %% 40) * interval '1 minute' AS received_at
            ) AS r
            WHERE c.id >= %(first_case)s AND c.channel = 'hotline'
            """,  # noqa: S608
        )
        consultations = max(0, round(count * CALLS_PER_CASE) - registered)
        today = self.params["today"]
        callback_rule = DeadlineRule.objects.get(key="callback")
        due = [
            due_date(callback_rule, today - timedelta(days=back)) for back in range(SPREAD_DAYS + 2)
        ]
        departments = list(
            Department.objects.exclude(code=SERVICE_CENTRE).values_list("pk", flat=True)
        )
        categories = [c.pk for c in DisputeCategory.objects.all()]
        # Advice seven calls in ten, a referral or a callback in the rest. A callback is
        # made 2 to 29 hours after the call (so mostly by the next working day), one in
        # nine days later, unless that time has not come yet; one in 33 was never made.
        self._execute(
            cursor,
            f"""
            INSERT INTO hotline_call {columns}
            SELECT r.received_at, CASE WHEN g %% 20 = 0 THEN NULL ELSE 45 + (g * 13) %% 900 END,
                {mobile("g * 3 + 1")}, CASE WHEN g %% 8 = 0 THEN '' ELSE {person_name("g * 3 + 1")} END,
                CASE WHEN g %% 5 = 0 THEN NULL ELSE {pick(categories, "g * 13")}::bigint END,
                {pick(CALL_SUMMARIES, "g * 7")},
                CASE WHEN g %% 25 = 0 THEN 'urgent' ELSE 'normal' END,
                r.outcome,
                CASE WHEN r.outcome = 'referred' THEN {pick(departments, "g")}::bigint END,
                {self._operator("g")}, %(centre)s, NULL,
                b.due_on,
                CASE WHEN r.outcome <> 'callback' THEN ''
                     WHEN b.done_at IS NULL THEN {sweep_state("b.due_on")}
                     WHEN {local_day("b.done_at")} <= b.due_on THEN 'due_soon'
                     ELSE 'overdue' END,
                b.unloaded_year,
                CASE WHEN r.outcome <> 'callback' THEN 0
                     WHEN b.done_at IS NULL THEN g %% 2
                     ELSE 1 + (g %% 4 = 0)::int END,
                b.done_at, r.received_at, COALESCE(b.done_at, r.received_at), false
            FROM generate_series(1, %(consultations)s::bigint) AS g
            CROSS JOIN LATERAL (
                SELECT %(now)s::timestamptz
                        - ((g * 7919) %% ({SPREAD_DAYS} * 24 * 60)) * interval '1 minute' AS received_at,
                    CASE WHEN (g * 31) %% 100 < 70 THEN 'advice'
                         WHEN (g * 31) %% 100 < 85 THEN 'referred'
                         ELSE 'callback' END AS outcome
            ) AS r
            CROSS JOIN LATERAL (
                SELECT %(today)s::date - {local_day("r.received_at")} AS back,
                    r.received_at + (2 + g %% 28) * interval '1 hour'
                        + CASE WHEN g %% 9 = 0 THEN (1 + g %% 4) * interval '1 day' ELSE interval '0' END AS call_back_at
            ) AS t
            CROSS JOIN LATERAL (
                SELECT CASE WHEN r.outcome = 'callback'
                            THEN (%(due_on)s::date[])[1 + t.back] END AS due_on,
                    CASE WHEN r.outcome = 'callback'
                         THEN (%(unloaded)s::smallint[])[1 + t.back] END AS unloaded_year,
                    CASE WHEN r.outcome = 'callback' AND g %% 33 <> 0 AND t.call_back_at <= %(now)s
                         THEN t.call_back_at END AS done_at
            ) AS b
            """,  # noqa: S608
            consultations=consultations,
            due_on=[day for day, _unloaded in due],
            unloaded=[unloaded for _day, unloaded in due],
        )
        # The attempts behind each callback's count: the last one of a callback made
        # reached the caller, every other one did not.
        self._execute(
            cursor,
            """
            INSERT INTO hotline_callbackattempt (call_id, result, note, by_id, at)
            SELECT k.id, a.result, CASE WHEN a.result = 'reached' THEN '已回电答复' ELSE '无人接听' END,
                k.operator_id,
                CASE WHEN a.result = 'reached' THEN k.callback_done_at
                     ELSE least(k.received_at + n * interval '1 hour', %(now)s) END
            FROM hotline_call k
            CROSS JOIN LATERAL generate_series(1, k.callback_attempts::int) AS n
            CROSS JOIN LATERAL (
                SELECT CASE WHEN k.callback_done_at IS NOT NULL AND n = k.callback_attempts
                            THEN 'reached' ELSE 'not_reached' END AS result
            ) AS a
            WHERE k.id >= %(first_call)s AND k.outcome = 'callback'
            """,
            first_call=first_call,
        )
        return registered + consultations

    def _visits(self, cursor, count: int) -> int:
        first_visit = self._next_id(cursor, "hotline_visit")
        columns = """(visited_at, visitor_count, employer_name, demands, action_taken, case_id,
            follow_up_due_on, received_by_id, department_id, created_at, visitor_name,
            visitor_phone)"""
        # The visit each walk-in case was registered from; a collective one came as a group.
        registered = self._execute(
            cursor,
            f"""
            INSERT INTO hotline_visit {columns}
            SELECT c.created_at - interval '20 minutes', c.workers_involved, c.employer_name,
                c.demand, '接待并登记投诉', c.id, NULL, {self._operator("c.id")}, %(centre)s,
                c.created_at - interval '20 minutes', '', ''
            FROM cases_case c WHERE c.id >= %(first_case)s AND c.channel = 'walk_in'
            """,  # noqa: S608
        )
        loose = round(count * LOOSE_VISITS_PER_CASE)
        self._execute(
            cursor,
            f"""
            INSERT INTO hotline_visit {columns}
            SELECT v.visited_at, CASE WHEN g %% 20 = 0 THEN 5 + g %% 26 ELSE 1 + g %% 3 END,
                '湛江市企业' || ((g * 13) %% 20000) || '有限公司', {pick(VISIT_DEMANDS, "g")},
                {pick(VISIT_ACTIONS, "g * 7")}, NULL,
                CASE WHEN g %% 3 = 0 THEN {local_day("v.visited_at")} + 7 END,
                {self._operator("g")}, %(centre)s, v.visited_at, '', ''
            FROM generate_series(1, %(loose)s::bigint) AS g
            CROSS JOIN LATERAL (
                SELECT %(now)s::timestamptz
                    - ((g * 7919) %% ({SPREAD_DAYS} * 24 * 60)) * interval '1 minute' AS visited_at
            ) AS v
            """,  # noqa: S608
            loose=loose,
        )
        # 信访工作条例 Art. 20: a group of five or more sends one to five representatives;
        # every other small visit names one.
        self._execute(
            cursor,
            f"""
            INSERT INTO hotline_representative (visit_id, name, phone)
            SELECT v.id, {person_name("v.id * 5 + n")}, {mobile("v.id * 5 + n + 300000000")}
            FROM hotline_visit v
            CROSS JOIN LATERAL generate_series(1, CASE WHEN v.visitor_count >= 5 THEN 1 + v.id %% 5
                                                       WHEN v.id %% 2 = 0 THEN 1 ELSE 0 END) AS n
            WHERE v.id >= %(first_visit)s
            """,  # noqa: S608
            first_visit=first_visit,
        )
        return registered + loose

    def _external_petitions(self, cursor) -> int:
        # One in four was never a case the union registered.
        return self._execute(
            cursor,
            f"""
            INSERT INTO hotline_externalpetition (petitioned_on, level, case_id, employer_name,
                people_count, note, department_id, recorded_by_id, created_at)
            SELECT p.petitioned_on,
                CASE WHEN c.id %% 30 = 0 THEN 'national' WHEN c.id %% 6 = 0 THEN 'provincial'
                     ELSE 'city' END,
                CASE WHEN c.id %% 4 = 0 THEN NULL ELSE c.id END, c.employer_name,
                c.workers_involved, '', CASE WHEN c.id %% 4 = 0 THEN NULL ELSE c.department_id END,
                {self._operator("c.id")},
                (p.petitioned_on + time '16:30') AT TIME ZONE %(tz)s
            FROM cases_case c
            CROSS JOIN LATERAL (
                SELECT least({local_day("c.created_at")} + (20 + c.id %% 60)::int, %(today)s::date)
                    AS petitioned_on
            ) AS p
            WHERE c.id >= %(first_case)s AND (c.id * 7919) %% 1000 < 3
            """,  # noqa: S608
        )

    def _follow_ups(self, cursor) -> int:
        return self._execute(
            cursor,
            f"""
            INSERT INTO hotline_followup (case_id, result, note, by_id, at, source)
            SELECT c.id,
                CASE WHEN (c.id * 7) %% 100 < 70 THEN 'satisfied'
                     WHEN (c.id * 7) %% 100 < 92 THEN 'fairly_satisfied'
                     ELSE 'dissatisfied' END,
                '', {self._operator("c.id")},
                least(c.closed_at + (3 + c.id %% 5) * interval '1 day', %(now)s), 'call'
            FROM cases_case c
            WHERE c.id >= %(first_case)s AND c.status = 'closed' AND (c.id / 10) %% 10 < 6
            """,  # noqa: S608
        )

    def _hotline_events(self, cursor) -> None:
        """The staff-only timeline lines the hotline services write on a case, with the
        facts (`data`) each line is put into words from when shown."""
        levels = " ".join(f"WHEN '{key}' THEN '{name}'" for key, name in PETITION_LEVELS.items())
        results = " ".join(f"WHEN '{key}' THEN '{name}'" for key, name in FOLLOW_UP_RESULTS.items())
        when = "'YYYY-MM-DD HH24:MI'"
        self._execute(
            cursor,
            f"""
            INSERT INTO cases_caseevent (case_id, at, actor_id, action, summary, from_status,
                to_status, note, data, public)
            SELECT k.case_id, k.received_at + interval '10 minutes', k.operator_id,
                'hotline.call.linked',
                '已根据' || to_char(k.received_at AT TIME ZONE %(tz)s, {when}) || '的12351来电登记',
                '', '', '', jsonb_build_object('call_id', k.id, 'received_at', k.received_at), false
            FROM hotline_call k WHERE k.case_id >= %(first_case)s
            UNION ALL
            SELECT v.case_id, v.visited_at + interval '10 minutes', v.received_by_id,
                'hotline.visit.linked',
                to_char(v.visited_at AT TIME ZONE %(tz)s, {when}) || '来访（' || v.visitor_count || '人）',
                '', '', '', jsonb_build_object(
                    'visit_id', v.id, 'visited_at', v.visited_at, 'visitors', v.visitor_count
                ), false
            FROM hotline_visit v WHERE v.case_id >= %(first_case)s
            UNION ALL
            SELECT p.case_id, p.created_at, p.recorded_by_id, 'hotline.external_petition.recorded',
                p.petitioned_on || '向' || CASE p.level {levels} END || '信访', '', '', '',
                jsonb_build_object(
                    'external_petition_id', p.id, 'level', p.level, 'date', p.petitioned_on
                ), false
            FROM hotline_externalpetition p WHERE p.case_id >= %(first_case)s
            UNION ALL
            SELECT f.case_id, f.at, f.by_id, 'hotline.follow_up.recorded',
                '满意度回访：' || CASE f.result {results} END, '', '', '',
                jsonb_build_object('result', f.result), false
            FROM hotline_followup f WHERE f.case_id >= %(first_case)s
            """,  # noqa: S608
        )
