"""Where a staff intake can start from besides a blank form: a 12351 call, a petition
visit, each opened as `?call=<id>` or `?visit=<id>` on the intake page.

The records belong to the hotline app, which sits above cases, so the intake page does
not import them: the hotline registers each source when it is ready (`hotline.apps`), as
it registers its timeline lines (`cases.timeline`). A source prefills the form from its
record and links the record to the case in the filing's own transaction; without the
hotline installed, the intake page is a blank form and the parameters are ignored.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .services import CaseError

if TYPE_CHECKING:
    from .models import Case


class AlreadyRegistered(CaseError):
    """The record already has its case: registering another would file it twice."""

    def __init__(self, case: "Case"):
        super().__init__(
            _("A case was already registered from this: %(number)s.") % {"number": case.number}
        )
        self.case = case


@dataclass(frozen=True)
class IntakeSource:
    parameter: str  # the query parameter naming the record
    # (record_id, user) -> the intake form's initial data; raises AlreadyRegistered, a
    # DomainError or Http404 for a record the user may not open.
    initial: Callable[..., dict]
    # (record_id, case, actor): link the record to the new case, both ways.
    link: Callable[..., object]


_SOURCES: dict[str, IntakeSource] = {}


def intake_source_register(source: IntakeSource) -> None:
    _SOURCES[source.parameter] = source


def intake_source_named(params: Mapping[str, str]) -> tuple[IntakeSource | None, str | None]:
    """The source a request names and its record's id, or (None, None)."""
    for parameter, source in _SOURCES.items():
        if params.get(parameter):
            return source, params[parameter]
    return None, None
