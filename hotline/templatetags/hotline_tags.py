from django import template

from zhanjiang_union.masking import mask_phone as _mask_phone

from .. import access, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def case_hotline_records(context, case) -> dict:
    """For the case page (whoever may read the case): the calls and visits the case
    came from, masked, and its satisfaction follow-up. Links to the call and visit
    pages only for those who may open them."""
    user = context["request"].user
    records = selectors.case_hotline_records(case=case)
    return {
        "calls": [{"call": call, "phone": _mask_phone(call.phone)} for call in records["calls"]],
        "visits": records["visits"],
        "follow_up": records["follow_up"],
        "link_calls": access.can_read_calls(user),
        "link_visits": user.has_perm(access.VIEW_VISITS) or user.has_perm(access.RECORD_VISITS),
    }


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value or "")
