"""The complaint form's sections, rendered once rather than on every visit.

A factory that closes brings its workers to the form all at once, and crispy's rendering
of its nineteen fields was two thirds of the CPU of a filing (docs/benchmarks.md, "A mass
dispute"). An empty form differs from visit to visit only in its CSRF token and its
one-time submission key, which the page writes itself (cases/complaint_form.html); the
rest is kept per process, keyed by what it shows: the language, the preselected category
and the district and category choices as read on this visit. A district renamed or added
is a different key, so nothing has to be invalidated and no stale list is ever served.
A form with errors is rendered in full every time. Settings (the retention period the
privacy notice states) change only with a restart, or in tests, which say so.
"""

from collections import OrderedDict
from threading import Lock

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core.signals import setting_changed
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
        with _lock:
            _rendered[key] = html
            while len(_rendered) > KEPT:
                _rendered.popitem(last=False)
    return html
