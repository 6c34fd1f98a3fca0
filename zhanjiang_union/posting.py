"""The one way a view hands a posted form to a service.

A valid POST goes to `save(cleaned_data)`, a service call. Bad input stays next to its
field (400); a rule's refusal, a DomainError, is shown on the form, above it or next to
the field named (409); a form sent twice (a double tap, a retry) is answered with the
first one's result instead of doing it again. What was typed is kept in every case: the
view shows the same form again with the status returned.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse

from zhanjiang_union.errors import DomainError
from zhanjiang_union.resilience.submissions import AlreadySubmitted
from zhanjiang_union.resilience.views import already_done_redirect


@dataclass(frozen=True)
class Posted:
    status: int  # 200 saved (or not posted), 400 bad input, 409 refused
    saved: bool = False
    result: Any = None  # what `save` returned
    again: HttpResponse | None = None  # the answer to a form sent a second time


NOT_POSTED = Posted(status=200)


def form_post(
    request,
    form: forms.BaseForm | None,
    save: Callable[[dict], Any],
    *,
    refusal_field: str | None = None,
    on_refusal: Callable[[str], None] | None = None,
) -> Posted:
    """`on_refusal(message)`: where a refusal is said instead of on the form (the case
    pages say it above the page, as a message, beside what changed meanwhile)."""
    if request.method != "POST" or form is None:
        return NOT_POSTED
    if not form.is_valid():
        return Posted(status=400)
    try:
        result = save(form.cleaned_data)
    except AlreadySubmitted as again:
        return Posted(status=200, again=already_done_redirect(request, again.submission))
    except DomainError as error:
        if on_refusal is not None:
            on_refusal(error.message)
        else:
            form.add_error(refusal_field, error.message)
        return Posted(status=409)
    return Posted(status=200, saved=True, result=result)
