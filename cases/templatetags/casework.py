from django import template

from zhanjiang_union.masking import mask_phone as _mask_phone
from zhanjiang_union.masking import mask_resident_id as _mask_resident_id

register = template.Library()


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value or "")


@register.filter
def mask_resident_id(value: str) -> str:
    return _mask_resident_id(value or "")


@register.filter
def count_for(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.simple_tag
def retention_period() -> str:
    """How long a closed case keeps the worker's personal data, in the reader's words."""
    from django.conf import settings
    from django.utils.translation import ngettext

    days = settings.PERSONAL_DATA_RETENTION_DAYS
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
