from django import template
from django.db.models import Prefetch

from api.models import WorkOrder, WorkOrderRequest
from api.staff_views import can_work

register = template.Library()


@register.inclusion_tag("api/_work_order_panel.html", takes_context=True)
def work_order_panel(context, case=None, call=None):
    """The 12345 work orders of a case (or the one of a call), with the steps the
    reader may take: three queries, one for the many cases that have none."""
    orders = WorkOrder.objects.select_related("case").prefetch_related(
        "deadlines",
        Prefetch(
            "requests",
            queryset=WorkOrderRequest.objects.filter(decision=WorkOrderRequest.Decision.PENDING),
            to_attr="pending_requests",
        ),
    )
    if call is not None:
        orders = orders.filter(call=call)
    else:
        orders = orders.filter(case=case)
    orders = list(orders)
    for order in orders:
        order.pending = order.pending_requests[0] if order.pending_requests else None
    user = context["request"].user
    return {"work_orders": orders, "can_work": bool(orders) and can_work(user, orders[0])}
