"""The 12351 hotline's records of the cases `manage.py generate_cases` writes, in
proportion: about 1.5 calls per case. Every case that came in by the hotline has the call
it was registered from; the others are consultations (advice, referrals, callbacks).
Callbacks are mostly made within the next working day, some late, a few still open; an
open one is due by the "callback" rule, in the state the callback sweep gives it today.
Every walk-in case has its petition visit, and further visits came without a case; group
visits name one to five representatives. Three cases in a thousand were taken to a
petition bureau; six closed cases in ten have their satisfaction follow-up. The calls,
visits and follow-ups are taken by a few `bench-operator-N` accounts of the service
centre, created when missing.

Registered with the command when the app is ready (`cases.benchmark_data`).
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cases import deadlines
from cases.benchmark_data import (
    SPREAD_DAYS,
    BenchmarkRecords,
    local_day,
    mobile,
    person_name,
    pick,
    sql_array,
)
from cases.models import DeadlineRule, DisputeCategory
from zhanjiang_union.accounts.models import Department, User
from zhanjiang_union.accounts.roles import Role

from .callbacks import CALLBACK_RULE, SERVICE_CENTRE, callback_bands

OPERATORS = 8
CALLS_PER_CASE = 1.5
# Visits that came without a case, per case; walk-in cases have theirs besides.
LOOSE_VISITS_PER_CASE = 0.04

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


class HotlineRecords(BenchmarkRecords):
    tables = (
        "hotline_callbackattempt", "hotline_callbackescalation", "hotline_call",
        "hotline_representative", "hotline_visit", "hotline_externalpetition", "hotline_followup",
    )  # fmt: skip

    def prepare(self) -> None:
        """The operators who take the generated calls and visits."""
        group = Group.objects.filter(name=Role.HOTLINE_OPERATOR).first()
        centre = Department.objects.filter(code=SERVICE_CENTRE).first()
        if group is None or centre is None:
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
        self.run.params["centre"] = centre.pk

    def fill(self) -> str:
        calls = self._calls()
        visits = self._visits()
        petitions = self._external_petitions()
        follow_ups = self._follow_ups()
        self._case_events()
        return _(
            "%(calls)s calls, %(visits)s visits, %(petitions)s external petitions, "
            "%(follow_ups)s follow-ups"
        ) % {
            "calls": f"{calls:,}",
            "visits": f"{visits:,}",
            "petitions": f"{petitions:,}",
            "follow_ups": f"{follow_ups:,}",
        }

    def _operator(self, key: str) -> str:
        return f"({self.operators})[1 + ({key}) %% {OPERATORS}]"

    def _calls(self) -> int:
        first_call = self.run.next_id("hotline_call")
        columns = """(received_at, duration_seconds, phone, caller_name, category_id, summary,
            urgency, outcome, referred_to_id, operator_id, department_id, case_id,
            callback_due_on, callback_state, callback_unloaded_year, callback_attempts,
            callback_done_at, created_at, updated_at, figures_pending)"""
        # The call each hotline case was registered from, a few minutes before it.
        registered = self.run.execute(
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
        consultations = max(0, round(self.run.count * CALLS_PER_CASE) - registered)
        # Due by the "callback" rule from the day of the call, in the state the callback
        # sweep gives it today, both looked up by the days since the call.
        today = self.run.params["today"]
        rule = DeadlineRule.objects.get(key=CALLBACK_RULE)
        due = [
            deadlines.due_date(rule, today - timedelta(days=back))
            for back in range(SPREAD_DAYS + 2)
        ]
        bands = callback_bands(today)
        departments = list(
            Department.objects.exclude(code=SERVICE_CENTRE).values_list("pk", flat=True)
        )
        categories = [c.pk for c in DisputeCategory.objects.all()]
        # Advice seven calls in ten, a referral or a callback in the rest. A callback is
        # made 2 to 29 hours after the call (so mostly by the next working day), one in
        # nine days later, unless that time has not come yet; one in 33 was never made.
        self.run.execute(
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
                     WHEN b.done_at IS NULL THEN b.state
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
                    (%(states)s::text[])[1 + t.back] AS state,
                    CASE WHEN r.outcome = 'callback' AND g %% 33 <> 0 AND t.call_back_at <= %(now)s
                         THEN t.call_back_at END AS done_at
            ) AS b
            """,  # noqa: S608
            consultations=consultations,
            due_on=[day for day, _unloaded in due],
            unloaded=[unloaded for _day, unloaded in due],
            states=[bands.state_of(day) for day, _unloaded in due],
        )
        # The attempts behind each callback's count: the last one of a callback made
        # reached the caller, every other one did not.
        self.run.execute(
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

    def _visits(self) -> int:
        first_visit = self.run.next_id("hotline_visit")
        columns = """(visited_at, visitor_count, employer_name, demands, action_taken, case_id,
            follow_up_due_on, received_by_id, department_id, created_at, visitor_name,
            visitor_phone)"""
        # The visit each walk-in case was registered from; a collective one came as a group.
        registered = self.run.execute(
            f"""
            INSERT INTO hotline_visit {columns}
            SELECT c.created_at - interval '20 minutes', c.workers_involved, c.employer_name,
                c.demand, '接待并登记投诉', c.id, NULL, {self._operator("c.id")}, %(centre)s,
                c.created_at - interval '20 minutes', '', ''
            FROM cases_case c WHERE c.id >= %(first_case)s AND c.channel = 'walk_in'
            """,  # noqa: S608
        )
        loose = round(self.run.count * LOOSE_VISITS_PER_CASE)
        self.run.execute(
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
        self.run.execute(
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

    def _external_petitions(self) -> int:
        # One in four was never a case the union registered.
        return self.run.execute(
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

    def _follow_ups(self) -> int:
        return self.run.execute(
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

    def _case_events(self) -> None:
        """The staff-only timeline lines the hotline services write on a case, with the
        facts (`data`) each line is put into words from when shown."""
        levels = " ".join(f"WHEN '{key}' THEN '{name}'" for key, name in PETITION_LEVELS.items())
        results = " ".join(f"WHEN '{key}' THEN '{name}'" for key, name in FOLLOW_UP_RESULTS.items())
        when = "'YYYY-MM-DD HH24:MI'"
        self.run.execute(
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
