"""The worker's rating of how a closed case was handled, on the tracking page.

The rating is the hotline's satisfaction follow-up (回访), which sits above cases: the
hotline provides the form and what records it when it is ready (`hotline.apps`), and
the tracking page asks here. Without it, the page offers no rating.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class WorkerRating:
    form_class: type[forms.Form]
    # (case, cleaned_data): record the worker's rating; raises a DomainError to refuse.
    record: Callable[..., object]


_rating: WorkerRating | None = None


def worker_rating_provide(rating: WorkerRating) -> None:
    global _rating
    _rating = rating


def worker_rating_form(data=None) -> forms.Form | None:
    return _rating.form_class(data) if _rating is not None else None


def worker_rating_record(case, cleaned_data: dict) -> None:
    _rating.record(case, cleaned_data)
