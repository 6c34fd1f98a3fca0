"""What apps above cases hear of a case's moves (they may not be imported from here).

`case_moving` is sent inside the move's transaction before anything changes: a receiver
may refuse the move by raising a DomainError, whose message the user reads. `case_moved`
is sent after the move and its timeline line, in the same transaction."""

from django.dispatch import Signal

# sender=Case, case, action, from_status, outcome, note, actor
case_moving = Signal()
# sender=Case, case, action, from_status, actor
case_moved = Signal()
# sender=Case, case, limitation: what the complaint says of when the worker knew of the
# infringement and when the job ended (keys knew_on, job_ended_on; empty when not said)
case_filed = Signal()
