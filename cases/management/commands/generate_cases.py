"""Fill a PostgreSQL database with realistic cases for benchmarks.

    manage.py generate_cases 1000000

Cases spread over the last two years across the nine divisions, categories,
industries and channels; about 70 % closed with an outcome, the rest open in
every status with a running deadline; two complainants on one case in ten,
four to six timeline events per case. Everything is inserted with
INSERT … SELECT generate_series in the database, so a million cases take
minutes, not hours. Refuses to run in production or on SQLite.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cases.models import DeadlineRule, DisputeCategory, District
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.workdays.calendar import add_working_days, subtract_working_days

OPEN_STATUSES = [
    "intake", "mediation", "court_mediation", "agreement", "mediation_failed",
    "inspection", "petition", "arbitration", "award", "litigation",
]  # fmt: skip
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
# The deadline rule each open status runs on.
STATUS_RULE = {
    "intake": "triage", "mediation": "mediation", "court_mediation": "court_mediation",
    "inspection": "inspection_acceptance", "petition": "petition_acceptance",
    "arbitration": "arbitration_acceptance",
}  # fmt: skip


def sql_array(values) -> str:
    return "ARRAY[" + ",".join(f"'{value}'" for value in values) + "]"


class Command(BaseCommand):
    help = "Bulk-insert N realistic cases (PostgreSQL only) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--keep", action="store_true", help="Add to existing cases.")

    def handle(self, *args, count: int, keep: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("Never in production.")
        if connection.vendor != "postgresql":
            raise CommandError("Set DATABASE_URL to a PostgreSQL database.")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            # Check foreign keys statement by statement: deferred to COMMIT, a
            # million rows' checks queue up and take longer than the inserts.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not keep:
                cursor.execute(
                    "TRUNCATE cases_escalation, cases_deadline, cases_caseevent, cases_complainant, "
                    "cases_personaldataaccess, cases_evidence, cases_handoff, cases_mediationsession, "
                    "cases_mediationagreement, cases_earlywarning, cases_case RESTART IDENTITY CASCADE"
                )
            cursor.execute("SELECT coalesce(max(sequence), 0) FROM cases_case WHERE year = 2025")
            offset = cursor.fetchone()[0]
            self._cases(cursor, count, offset)
            self._complainants(cursor)
            self._events(cursor)
            self._deadlines(cursor)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # sets the visibility map: index-only counts
        self.stdout.write(f"{count:,} cases in {time.perf_counter() - started:.1f} s")

    def _cases(self, cursor, count: int, offset: int) -> None:
        districts = [d.pk for d in District.objects.all()]
        categories = [c.pk for c in DisputeCategory.objects.all()]
        departments = list(
            Department.objects.filter(
                code__in=["rights", "rights", "grassroots", "service-centre"]
            ).values_list("pk", flat=True)
        )
        now = timezone.now()
        # g drives every choice through different primes, so the columns do not
        # line up with each other; created_at spreads over 730 days.
        # The f-string holds our own constants, never input.
        cursor.execute(
            f"""
            INSERT INTO cases_case (year, sequence, number, query_code_hash, status, outcome,
                outcome_note, closed_at, employer_name, employer_key, employer_credit_code,
                employer_address, district_id, grid, industry, category_id, workers_involved,
                amount_claimed, amount_recovered, facts, demand, channel, is_collective,
                is_mass_incident, department_id, created_at, updated_at, version)
            SELECT 2025, %(offset)s + g, 'ZJ-BENCH-' || (%(offset)s + g), md5(g::text),
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
                s.created, s.created, 1
            FROM generate_series(1, %(count)s::bigint) AS g
            CROSS JOIN LATERAL (
                SELECT %(now)s::timestamptz - ((g * 7919) %% (730 * 24)) * interval '1 hour' AS created,
                    CASE WHEN g %% 10 < 7 THEN 'closed'
                         ELSE ({sql_array(OPEN_STATUSES)})[1 + (g * 3) %% {len(OPEN_STATUSES)}] END AS status
            ) AS s
            """,  # noqa: S608
            {"offset": offset, "count": count, "now": now},
        )

    def _complainants(self, cursor) -> None:
        cursor.execute(
            """
            INSERT INTO cases_complainant (case_id, name, id_number, phone, address, email)
            SELECT c.id, '职工' || c.id, '11010519491231002X', '138' || lpad((c.id % 100000000)::text, 8, '0'), '', ''
            FROM cases_case c
            UNION ALL
            SELECT c.id, '工友' || c.id, '11010519491231002X', '139' || lpad((c.id % 100000000)::text, 8, '0'), '', ''
            FROM cases_case c WHERE c.id % 10 = 0
            """
        )

    def _events(self, cursor) -> None:
        cursor.execute(
            """
            INSERT INTO cases_caseevent (case_id, at, action, summary, from_status, to_status, note, data, public)
            SELECT c.id, c.created_at, 'cases.case.filed', '投诉已登记', '', 'intake', '', '{}'::jsonb, true
            FROM cases_case c
            UNION ALL
            SELECT c.id, c.created_at + interval '1 day', 'cases.case.accept_mediation', '受理调解',
                'intake', 'mediation', '', '{}'::jsonb, true
            FROM cases_case c WHERE c.status <> 'intake'
            UNION ALL
            SELECT c.id, c.created_at + ((k + 1) || ' days')::interval, 'cases.note.added', '内部备注', '', '',
                '跟进情况', '{}'::jsonb, false
            FROM cases_case c CROSS JOIN generate_series(1, 2) AS k
            UNION ALL
            SELECT c.id, c.closed_at, 'cases.case.close', '结案', 'mediation', 'closed', '', '{}'::jsonb, true
            FROM cases_case c WHERE c.status = 'closed'
            """
        )

    def _deadlines(self, cursor) -> None:
        rules = dict(DeadlineRule.objects.values_list("key", "pk"))
        today = timezone.localdate()
        # States as the sweep would set them, and each case's stored summary.
        soon_until = add_working_days(today, settings.DEADLINE_DUE_SOON_DAYS)
        long_before = subtract_working_days(today, settings.DEADLINE_OVERDUE_LONG_DAYS)
        for status, key in STATUS_RULE.items():
            cursor.execute(
                """
                INSERT INTO cases_deadline (case_id, rule_id, started_on, due_on, extended_by,
                    paused_days, state, unloaded_year)
                SELECT c.id, %(rule)s, %(today)s::date - 10, d.due_on, 0, 0,
                    CASE WHEN d.due_on < %(long_before)s THEN 'overdue_long'
                         WHEN d.due_on < %(today)s THEN 'overdue'
                         WHEN d.due_on <= %(soon_until)s THEN 'due_soon'
                         ELSE 'normal' END,
                    NULL
                FROM cases_case c
                CROSS JOIN LATERAL (
                    SELECT %(today)s::date + (((c.id * 7919) %% 151) - 30)::int AS due_on
                ) AS d
                WHERE c.status = %(status)s
                """,
                {
                    "rule": rules[key], "today": today, "status": status,
                    "soon_until": soon_until, "long_before": long_before,
                },
            )  # fmt: skip
        cursor.execute(
            """
            UPDATE cases_case c SET next_due_on = d.due_on, deadline_state = d.state
            FROM cases_deadline d WHERE d.case_id = c.id AND d.met_at IS NULL
            """
        )
