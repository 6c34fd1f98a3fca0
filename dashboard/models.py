"""The dashboard's figures, kept ready.

The dashboard reads these instead of the million rows behind them (see
dashboard/rollups.py, which writes them). Each table holds, per local day and per
month, the sums at each level of three dimensions: the case's union organisation, its
district and its department, each either kept or summed over (0), so a view with any
filter reads only the few rows of its own level. A subtree of the organisation tree is
the sum of the rows of its organisations (their ids by path prefix); "every
organisation" has rows of its own (organisation 0), so the city's view reads as few
rows as before the grid. Organisation, district and department are plain numbers here,
0 meaning "all": they are keys of figures, not references.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupPeriod(models.TextChoices):
    DAY = "d", _("day")
    MONTH = "m", _("month")


class _Rollup(models.Model):
    period = models.CharField(max_length=1, choices=RollupPeriod.choices)
    day = models.DateField()  # the month's first day for a month
    district = models.PositiveBigIntegerField()
    department = models.PositiveBigIntegerField()
    # The case's organisation (a case with none counts at the city federation).
    organisation = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return (
            f"{self.day} ({self.get_period_display()}) "
            f"{self.organisation}/{self.district}/{self.department}"
        )


def _rollup_indexes(table: str) -> list[models.Index]:
    """A view reads one level: the organisations (0, one, or those of a subtree), and
    district and department both given, or one given and the other > 0 (one row per
    district within a department, per department within a district)."""
    return [
        models.Index(
            fields=["organisation", "district", "department", "period", "day"],
            name=f"{table}_org_district",
        ),
        models.Index(
            fields=["organisation", "department", "district", "period", "day"],
            name=f"{table}_org_department",
        ),
    ]


class CaseFlow(_Rollup):
    """Cases filed (with their workers) and closed (with the yuan recovered) per day, in
    total (`field` empty) or per value of one breakdown field."""

    field = models.CharField(max_length=16, blank=True)  # "", industry, category, channel
    value = models.CharField(max_length=32, blank=True)
    filed = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    workers = models.BigIntegerField(default=0)
    recovered = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # Of the cases closed: those resolved (rollups.RESOLVED_OUTCOMES), those resolved at
    # a grassroots organisation (below the county), and those resolved by mediation in
    # the union without going to arbitration or the court.
    resolved = models.IntegerField(default=0)
    resolved_grassroots = models.IntegerField(default=0)
    resolved_in_union = models.IntegerField(default=0)

    class Meta:
        # The breakdown field is in the key and, by department, the sums ride along
        # (PostgreSQL's INCLUDE): a county's view adds up some two hundred organisations'
        # rows from the index alone, where reading each row from the table cost 90 ms at
        # a million cases. By district (a rarer view) the rows come from the table.
        indexes = [
            models.Index(
                fields=["organisation", "district", "department", "field", "period", "day"],
                name="caseflow_org_district",
            ),
            models.Index(
                fields=["organisation", "department", "district", "field", "period", "day"],
                include=[
                    "value", "filed", "closed", "workers", "recovered", "resolved",
                    "resolved_grassroots", "resolved_in_union",
                ],
                name="caseflow_org_department",
            ),
        ]  # fmt: skip


class DurationCount(_Rollup):
    """How long things took, as a histogram for medians: stays in each stage that ended
    on the day (`measure` the stage) and cases closed on the day, from their filing
    (`measure` "case"). `tenths` is the lower end of the bucket, in tenths of a day
    (see rollups.duration_bucket)."""

    CASE = "case"

    measure = models.CharField(max_length=16)
    tenths = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = _rollup_indexes("durationcount")


class MediationEnd(_Rollup):
    """Mediations that ended on the day in an agreement or a failure. `next_day` is when
    the same case's mediation next ended (empty for its last): a period counts a case by
    its last result in the period, so an end counts when its successor falls outside."""

    next_day = models.DateField(null=True)
    agreed = models.IntegerField(default=0)
    failed = models.IntegerField(default=0)

    class Meta:
        indexes = _rollup_indexes("mediationend")


class DeadlineEnd(_Rollup):
    """Deadlines of one rule that ended on the day, and how many on time."""

    rule = models.PositiveBigIntegerField()
    ended = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        indexes = _rollup_indexes("deadlineend")


class CallCount(_Rollup):
    """12351 calls received on the day by outcome and category (0: consultation only),
    linked to a case or not, called back on time or not. Day rows only (the dashboard
    draws the calls day by day), per department (district always 0; department 0: all
    calls, those taken outside any department included)."""

    outcome = models.CharField(max_length=16)
    category = models.PositiveBigIntegerField()
    linked = models.BooleanField()
    on_time = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        indexes = _rollup_indexes("callcount")


class OpenCaseCount(models.Model):
    """The open cases now, counted by status, deadline state, collective and warned
    (`field` empty), or by the value of one breakdown field and deadline state."""

    district = models.PositiveBigIntegerField()
    department = models.PositiveBigIntegerField()
    organisation = models.PositiveBigIntegerField(default=0)
    field = models.CharField(max_length=16, blank=True)
    value = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=24, blank=True)
    deadline_state = models.CharField(max_length=16, blank=True)
    is_collective = models.BooleanField(default=False)
    warned = models.BooleanField(default=False)
    n = models.PositiveIntegerField()

    class Meta:
        # Covering (PostgreSQL's INCLUDE): the minute's refresh rewrites these rows, which
        # scatters them over the table; a county's view reads its ~200 organisations' rows
        # from the index alone (20 ms a query at a million cases from the table, 4 ms).
        indexes = [
            models.Index(
                fields=["organisation", "district", "department", "field"],
                include=["value", "status", "deadline_state", "is_collective", "warned", "n"],
                name="opencasecount_org_lookup",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation}/{self.district}/{self.department} "
            f"{self.field} {self.value}: {self.n}"
        )


class RollupState(models.Model):
    """The one row saying when the figures were last brought up to date."""

    built_at = models.DateTimeField(null=True)  # the last rebuild of every day
    refreshed_at = models.DateTimeField(null=True)  # the last refresh of the changed days

    def __str__(self) -> str:
        return f"built {self.built_at}, refreshed {self.refreshed_at}"
