"""One way to show any record's log: a case's timeline, a call's callback attempts, a
report's reviews, the roster's changes. Each app turns its rows into `LogEntry`s and
includes `_log.html`, so every log reads alike: when, who, what, the note, and the
fields changed before → after.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    text: str
    who: str = ""
    subject: str = ""  # what the line is about, in a log that covers many things
    aside: str = ""  # a muted addition to the text, e.g. (status → status)
    note: str = ""
    note_label: str = ""
    changes: Sequence[Change] = ()
    changes_are_new: bool = False  # a record's first entry: its values, not a diff
    internal: bool = False  # staff-only, shown muted
