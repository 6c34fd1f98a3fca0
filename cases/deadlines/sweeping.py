"""The periodic sweep: every open deadline's state set set-wise, each level crossed
escalated once, to the handler, the department's head, the organisation's heads up
the tree, then the leaders in charge."""

import logging
from collections import defaultdict
from datetime import date

from django.db.models import CharField, F, JSONField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.accounts.models import User
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.escalation_reach import (
    escalation_fallback_recipients,
    leaders_in_charge,
    office_directors,
)
from zhanjiang_union.localnames import local_name_expression
from zhanjiang_union.notifications.services import (
    message_expression,
    messages_for,
    notify_rows,
)

from ..escalation import (
    Bands,
    burst_analyze,
    escalations_claim,
    escalations_insert,
    states_set,
)
from ..models import Case, Deadline, Escalation
from ..workflow import Status

logger = logging.getLogger(__name__)

# --- The sweep --------------------------------------------------------------------------


def sweep(
    *, today: date | None = None, reconcile: bool = False, notify_chunk: int = 20_000
) -> dict[str, int]:
    """Set every running deadline's state, escalate what crossed a level, once, and
    notify.

    Set-wise through the escalation engine (cases/escalation.py): twelve moves of the
    deadlines (each an UPDATE with the INSERT … SELECTs of the escalations it owes),
    twelve UPDATEs of the cases' stored summary, and per chunk of escalations a fixed
    number of statements that write the notifications in the database: the count does
    not grow with the cases. `reconcile` (the nightly run) also checks every running
    deadline for an escalation its state owes and lacks.
    """
    bands = Bands.on(today or timezone.localdate())
    running = Deadline.objects.filter(met_at__isnull=True, paused_on__isnull=True)
    changed, created = states_set(
        running,
        due_field="due_on",
        state_field="state",
        bands=bands,
        escalations=Escalation,
        soon_field="soon_on",
    )
    # The cases' stored summary follows the same bands on its own next_due_on (the due
    # date of the deadline whose state it mirrors).
    open_cases = Case.objects.exclude(status=Status.CLOSED).exclude(
        deadline_state__in=["", "paused"]
    )
    states_set(
        open_cases,
        due_field="next_due_on",
        state_field="deadline_state",
        bands=bands,
        soon_field="next_soon_on",
    )
    if reconcile:
        created += escalations_insert(model=Escalation, rows=running, state_field="state")
    burst_analyze(created, Escalation)
    recipients = _Recipients.load()
    notified = escalations_claim(
        model=Escalation, chunk=notify_chunk, notify=recipients.escalations_notify
    )
    return {"state_changes": changed, "escalations": created, "notified": notified}


class _Recipients:
    """Who hears of an escalation. At the city federation, by department: its heads
    (overdue, and due soon when the case has no handler), the task-force leaders in
    charge of it (分管领导) and the office director (long overdue). Along the grid, a
    case at a township (or any organisation below the city) goes up its line: due soon
    and unhandled, its own heads; overdue, its own heads and those of the organisation
    above it (the county federation); long overdue, the heads of the whole line below
    the city and then the city's leaders in charge and office director, as for the
    city's own cases. Read once per sweep: a few rows."""

    def __init__(
        self,
        heads: dict,
        leaders: dict,
        office: list,
        fallback: list | None = None,
        organisation_heads: dict | None = None,
        lines: dict | None = None,
    ):
        self.heads, self.leaders, self.office = heads, leaders, office
        # Nobody at a level (no head, no leader in charge, inactive accounts): the
        # task-force office and the administrators, so no escalation goes to no one.
        self.fallback = fallback or []
        self.organisation_heads = organisation_heads or defaultdict(list)
        # organisation id -> the ids of its line below the city, nearest first.
        self.lines = lines or {}

    @classmethod
    def load(cls) -> "_Recipients":
        heads, organisation_heads = defaultdict(list), defaultdict(list)
        for user in (
            User.objects.filter(groups__name=Role.DEPARTMENT_HEAD, is_active=True)
            .select_related("organisation")
            .distinct()
        ):
            if user.organisation_id and user.organisation.depth > 1:
                organisation_heads[user.organisation_id].append(user)
            elif user.department_id:
                heads[user.department_id].append(user)
        today = timezone.localdate()
        return cls(
            heads,
            defaultdict(list, leaders_in_charge(today=today)),
            office_directors(today=today),
            escalation_fallback_recipients(today=today),
            organisation_heads,
            _organisation_lines(),
        )

    def of(self, level: str, department_id: int, organisation_id: int | None = None) -> list:
        """The users told of an escalation at `level` of a case in a department and an
        organisation, each once (the handler of a case hearing first that it is due
        soon is `escalations_notify`'s)."""
        line = self.lines.get(organisation_id, [])
        along = [self.organisation_heads[pk] for pk in line]
        if level == Deadline.State.OVERDUE_LONG:
            # The city always hears of it: its people, or the fallback when it has none.
            city = self.leaders[department_id] + self.office or self.fallback
            users = [user for heads in along for user in heads] + city
        elif line:
            users = [user for heads in along[:2] for user in heads]
            # Nobody at the township or the county: the city's department heads.
            users = users or self.heads[department_id]
        else:
            users = self.heads[department_id]
        return list({user.pk: user for user in users or self.fallback}.values())

    def escalations_notify(self, claimed) -> None:
        """Write the notifications of a chunk of escalations in the database, in the
        language of the sweep (the portal's), and record on each whom it told."""
        subjects = {
            Deadline.State.DUE_SOON: _("Due soon: %(rule)s of case %(number)s"),
            Deadline.State.OVERDUE: _("Overdue: %(rule)s of case %(number)s"),
            Deadline.State.OVERDUE_LONG: _("Long overdue: %(rule)s of case %(number)s"),
        }
        columns = {
            "rule": local_name_expression("deadline__rule__label"),
            "number": F("deadline__case__number"),
            "due": Cast("deadline__due_on", CharField()),
        }
        body = message_expression(_("%(rule)s of case %(number)s is due on %(due)s."), **columns)
        # The case page's address, the case id in the middle.
        prefix, suffix = reverse("cases:detail", args=[_URL_MARK]).split(str(_URL_MARK))
        url = Concat(
            Value(prefix), Cast("deadline__case_id", CharField()), Value(suffix),
            output_field=CharField(),
        )  # fmt: skip
        # A time limit that ended since it crossed (met, the case closed, the handoff
        # acknowledged) tells nobody: its claim stands, with no one told.
        claimed = claimed.filter(deadline__met_at__isnull=True)
        groups = claimed.values_list(
            "level", "deadline__case__department_id", "deadline__case__organisation_id"
        ).distinct()
        # The groups that tell the same people share their statements: along a grid of
        # thousands of organisations most have no heads of their own and fall back to
        # the same ones, so the statements follow the sets of people told, not the
        # organisations.
        told: dict[tuple, dict[int, set]] = defaultdict(lambda: defaultdict(set))
        people: dict[tuple, list] = {}
        for level, department_id, organisation_id in groups:
            users = self.of(level, department_id, organisation_id)
            key = (level, tuple(sorted(user.pk for user in users)))
            told[key][department_id].add(organisation_id)
            people[key] = users
        handled = Q(deadline__case__handler__isnull=False, deadline__case__handler__is_active=True)
        parts = []
        for (level, _ids), departments in told.items():
            where = Q()
            for department_id, organisation_ids in departments.items():
                at = Q(deadline__case__organisation_id__in=organisation_ids - {None})
                if None in organisation_ids:
                    at |= Q(deadline__case__organisation__isnull=True)
                where |= Q(deadline__case__department_id=department_id) & at
            message = {
                "subject": message_expression(subjects[level], **columns),
                "body": body,
                "url": url,
                "case": F("deadline__case_id"),
                "deadline": F("deadline_id"),
            }
            rows = claimed.filter(where, level=level)
            if level == Deadline.State.DUE_SOON:
                # The handler of the case first; the department's heads when it has none.
                parts.append(messages_for(rows, to="deadline__case__handler", **message))
                handler = Deadline.objects.filter(pk=OuterRef("deadline_id")).values(
                    "case__handler_id"
                )
                rows.filter(handled).update(
                    notified=Cast(
                        Concat(
                            Value("["),
                            Cast(Subquery(handler), CharField()),
                            Value("]"),
                            output_field=CharField(),
                        ),
                        JSONField(),
                    )
                )
                rows = rows.exclude(handled)
            users = people[(level, _ids)]
            parts += [messages_for(rows, to=user, **message) for user in users]
            rows.update(notified=sorted(user.pk for user in users))
        notify_rows(parts)


_URL_MARK = 987654321


def _organisation_lines() -> dict[int, list[int]]:
    """Every organisation below the city to its line up to (not including) the city,
    nearest first: one query over the tree's ids and paths (a few thousand rows)."""
    from zhanjiang_union.organisations.models import Organisation

    rows = list(Organisation.objects.values_list("pk", "path", "depth"))
    by_path = {path: pk for pk, path, _depth in rows}
    step = Organisation.steplen
    lines = {}
    for pk, path, depth in rows:
        if depth > 1:
            lines[pk] = [by_path[path[: i * step]] for i in range(depth, 1, -1)]
    return lines
