"""Reference data in the reader's language. Districts, categories, departments, deadline
rules and measures are named in Chinese (`name`, `label`, `title`) and carry an English
name beside it (`name_en`, …), seeded and admin-editable. `local_name` picks the one the
active language reads: the models' `__str__`, the pages, the exports, the dashboard and the
messages all go through it, so a record never shows Chinese in English mode while it has an
English name (an empty one falls back to the Chinese).

A builtin template library (settings.TEMPLATES): `{{ deadline.rule|local_name:"label" }}`.
"""

from django import template
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

register = template.Library()


def reads_chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@register.filter
def local_name(record, field: str = "name") -> str:
    """The record's `field` in the active language; `record` is a model instance or a
    `values()` row holding `field` and `field + "_en"`."""
    if record is None or record == "":
        return ""
    values = record if isinstance(record, dict) else record.__dict__
    if not reads_chinese() and values.get(f"{field}_en"):
        return values[f"{field}_en"]
    return values.get(field, "")


def local_name_expression(path: str):
    """`local_name` in the database, for `values()` and `annotate()`: the field at `path`
    (e.g. "deadline__rule__label") in the active language, the Chinese where the English
    is empty."""
    if reads_chinese():
        return F(path)
    return Coalesce(NullIf(F(f"{path}_en"), Value("")), F(path))


def english_names_fill(records, names: dict, *, key: str = "code", field: str = "name_en") -> None:
    """Write the seeded English names (`names`: key value → English) into the `records`
    (a queryset, a migration's historical model's too) whose English name is empty: loading
    again changes nothing, and an administrator's own wording stays."""
    for value, english in names.items():
        records.filter(**{key: value, field: ""}).update(**{field: english})
