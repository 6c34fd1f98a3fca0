from django import template

from api.models import WorkOrder
from api.staff_views import can_work

register = template.Library()


@register.inclusion_tag("api/_work_order_panel.html", takes_context=True)
def work_order_panel(context, case=None, call=None):
    """The 12345 work orders of a case (or the one of a call), with the steps the
    reader may take: one query, none for the many cases that have none."""
    orders = WorkOrder.objects.select_related("case").prefetch_related("deadlines")
    if call is not None:
        orders = orders.filter(call=call)
    else:
        orders = orders.filter(case=case)
    orders = list(orders)
    user = context["request"].user
    return {"work_orders": orders, "can_work": bool(orders) and can_work(user, orders[0])}
