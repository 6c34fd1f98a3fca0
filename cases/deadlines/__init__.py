"""Time limits of cases, by job:

- `computing`: when a limit falls due on the working-day calendar, and the clocks a case
  opens and ends as it moves or a handoff is signed for;
- `changes`: a clock extended, paused and resumed by hand, or recomputed after the holiday
  calendar changed;
- `sweeping`: the periodic sweep that sets every open deadline's state and escalates each
  level once, and whom it tells;
- `early_warning`: a group dispute forming, or a large arrears, told to the leadership once.

Dates are computed once, when a deadline opens or changes, and stored: lists sort and
filter on `due_on` through an index instead of recomputing per row. Callers use the
package (`from cases import deadlines`; `deadlines.sweep(...)`).
"""

from .changes import deadline_extend, deadline_pause, deadline_resume, deadlines_recompute
from .computing import (
    DEADLINES_ON_ACKNOWLEDGEMENT,
    DEADLINES_ON_ENTERING,
    STARTS_AT_RECEIPT,
    DeadlineError,
    application_received_on,
    case_summary_refresh,
    deadline_open,
    deadlines_end,
    due_date,
    first_deadlines_open,
    first_deadlines_planned,
    on_handoff_acknowledged,
    on_handoff_sent,
    on_status_entered,
    soon_from,
    soon_until,
    state_for,
    summary_of,
)
from .early_warning import early_warnings_raise
from .sweeping import sweep

__all__ = [
    "DEADLINES_ON_ACKNOWLEDGEMENT",
    "DEADLINES_ON_ENTERING",
    "STARTS_AT_RECEIPT",
    "DeadlineError",
    "application_received_on",
    "case_summary_refresh",
    "deadline_extend",
    "deadline_open",
    "deadline_pause",
    "deadline_resume",
    "deadlines_end",
    "deadlines_recompute",
    "due_date",
    "early_warnings_raise",
    "first_deadlines_open",
    "first_deadlines_planned",
    "on_handoff_acknowledged",
    "on_handoff_sent",
    "on_status_entered",
    "soon_from",
    "soon_until",
    "state_for",
    "summary_of",
    "sweep",
]
