from django import template

from cases.validators import mask_phone as _mask_phone
from cases.validators import mask_resident_id as _mask_resident_id

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
