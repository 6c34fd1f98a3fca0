"""The union's side of a 12345 work order, as actions on the case and call pages:
sign for it, ask for more time, send it back, reply with the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import access as case_access

from . import work_orders
from .forms import ExtendForm, ReplyForm, SendBackForm, SignForm
from .models import WorkOrder

STEPS = {
    "sign": (SignForm, gettext_lazy("Sign for the work order")),
    "extend": (ExtendForm, gettext_lazy("Ask for more time")),
    "send-back": (SendBackForm, gettext_lazy("Ask to send the work order back")),
    "reply": (ReplyForm, gettext_lazy("Reply with the result")),
}


def can_work(user, work_order: WorkOrder) -> bool:
    """Whoever may act on the case, and the 12351 desk."""
    return case_access.can_act(user, work_order.case) or user.has_perm("hotline.use_desk")


def work_order_for_user(user, pk: int) -> WorkOrder:
    work_order = get_object_or_404(WorkOrder.objects.select_related("case", "call"), pk=pk)
    if not (case_access.can_read(user, work_order.case) or user.has_perm("hotline.use_desk")):
        raise Http404
    if not can_work(user, work_order):
        raise PermissionDenied
    return work_order


def _perform(step: str, work_order: WorkOrder, user, data: dict):
    if step == "sign":
        return work_orders.work_order_sign(work_order=work_order, actor=user)
    if step == "extend":
        return work_orders.work_order_extend(
            work_order=work_order, actor=user, reason=data["reason"], new_date=data["new_date"]
        )
    if step == "send-back":
        return work_orders.work_order_send_back(
            work_order=work_order, actor=user, reason=data["reason"]
        )
    return work_orders.work_order_reply(work_order=work_order, actor=user, result=data["result"])


@login_required
def work_order_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    work_order = work_order_for_user(request.user, pk)
    form_class, title = STEPS[step]
    form = form_class(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _perform(step, work_order, request.user, form.cleaned_data)
            except work_orders.WorkOrderError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                done = (
                    _("Asked: the 12345 platform decides (work order %(order)s).")
                    if step in ("extend", "send-back")
                    else _("Done: the 12345 platform is told (work order %(order)s).")
                )
                messages.success(request, done % {"order": work_order.order_number})
                return redirect("cases:detail", pk=work_order.case_id)
        else:
            status = 400
    return render(
        request,
        "api/work_order_step.html",
        {"work_order": work_order, "case": work_order.case, "form": form, "title": title},
        status=status,
    )
