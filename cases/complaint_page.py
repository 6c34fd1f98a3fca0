"""The complaint form's page and sections, rendered once rather than on every visit.

A factory that closes brings its workers to the form all at once, and crispy's rendering
of its nineteen fields was two thirds of the CPU of a filing (docs/benchmarks.md, "A mass
dispute"). An empty form differs from visit to visit only in its CSRF token and its
one-time submission key, which the page writes itself (cases/complaint_form.html); the
rest is kept per process, keyed by what it shows: the language, the preselected category
and the district and category choices as read on this visit. A district renamed or added
is a different key, so nothing has to be invalidated and no stale list is ever served.
A form with errors is rendered in full every time. Settings (the retention period the
privacy notice states) change only with a restart, or in tests, which say so.

For a visitor who is not signed in and has no message waiting (a worker on a phone, two
thousand of them on the day a factory closes), the whole page is kept the same way, also
keyed by the address it was asked for (its query string preselects a category and is the
language switch's way back): the page differs from visit to visit only in the CSRF token
and the submission key, written into it on each visit (`page_kept`).
"""

import uuid
from collections import OrderedDict
from threading import Lock

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# Languages × preselected categories × the rare edit of a list: a handful in practice.
KEPT = 32
_rendered: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = Lock()


def _forget(**kwargs) -> None:
    with _lock:
        _rendered.clear()


setting_changed.connect(_forget, dispatch_uid="cases-complaint-sections")


def _sections_helper(form) -> FormHelper:
    """The form's own layout without what the page writes itself: the <form> tag, the
    CSRF token and the submission key (the layout's first item)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*form.helper.layout.fields[1:])
    return helper


def _choices(field) -> tuple:
    # The rows as the field offers them, from the rows it keeps (zhanjiang_union/kept.py).
    return tuple((pk, field.label_from_instance(row)) for pk, row in field.kept_rows().items())


def complaint_sections(form) -> SafeString:
    """The form's sections, error summary, privacy notice and submit button."""
    if form.is_bound or settings.DEBUG:
        return render_crispy_form(form, helper=_sections_helper(form))
    key = (
        get_language(),
        str(form["category"].value() or ""),
        _choices(form.fields["district"]),
        _choices(form.fields["category"]),
    )
    html = _rendered.get(key)
    if html is None:
        html = render_crispy_form(form, helper=_sections_helper(form))
        _keep(key, html)
    return html


def _keep(key: tuple, html: str) -> None:
    with _lock:
        _rendered[key] = html
        while len(_rendered) > KEPT:
            _rendered.popitem(last=False)


# What a kept page carries in place of each visit's own token and key: text no district,
# category or address can put on the page (rendered values are escaped; these are not).
TOKEN_HERE = "\x00csrf-token\x00"  # noqa: S105 (a placeholder, not a secret)
KEY_HERE = "\x00submission-key\x00"


def page_kept(request, *, form_class, initial, template: str) -> HttpResponse | None:
    """The empty form's whole page for a visitor not signed in with no message waiting,
    with this visit's CSRF token and a new submission key; None when it is to be
    rendered (a member of staff, a message to show, DEBUG). `initial()` gives the form's
    initial values, asked only when the page is rendered."""
    if settings.DEBUG or request.user.is_authenticated or len(get_messages(request)):
        return None
    key = (
        "page",
        get_language(),
        request.get_full_path(),
        _choices(form_class.base_fields["district"]),
        _choices(form_class.base_fields["category"]),
    )
    html = _rendered.get(key)
    if html is None:
        form = form_class(initial={**initial(), "submission_key": KEY_HERE})
        context = {"form": form, "sections": complaint_sections(form), "csrf_token": TOKEN_HERE}
        html = render_to_string(template, context, request=request)
        _keep(key, html)
    page = html.replace(TOKEN_HERE, get_token(request)).replace(KEY_HERE, str(uuid.uuid4()))
    return HttpResponse(page)
