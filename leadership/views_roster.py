"""Admins edit the task-force roster on the portal's own pages: add, edit, retire and
reorder members, each change with a reason that the roster's history shows."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanjiang_union.access import permission_required

from . import services
from .forms import RosterMemberForm, RosterOrderForm, RosterRetireForm
from .models import RosterMember

CHANGE = "leadership.change_rostermember"
ADD = "leadership.add_rostermember"


@permission_required(CHANGE)
def member_list(request):
    today = timezone.localdate()
    members = RosterMember.objects.select_related("department").order_by("order", "id")
    serving = RosterMember.objects.filter(RosterMember.active_on(today)).values_list(
        "pk", flat=True
    )
    return render(
        request,
        "leadership/member_list.html",
        {"members": members, "serving": set(serving), "can_add": request.user.has_perm(ADD)},
    )


def _form_page(
    request, *, form, title: str, save, done: str, template="leadership/member_form.html"
):
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(form)
            except services.LeadershipError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(request, done)
                return redirect("leadership:members")
    return render(request, template, {"form": form, "title": title}, status=status)


@permission_required(ADD)
def member_new(request):
    form = RosterMemberForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("Add a member to the task force"),
        save=lambda form: services.roster_member_save(
            member=form.save(commit=False),
            in_charge_of=form.cleaned_data["in_charge_of"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        done=_("The member is added to the roster."),
    )


@permission_required(CHANGE)
def member_edit(request, pk: int):
    member = get_object_or_404(RosterMember, pk=pk)
    form = RosterMemberForm(request.POST or None, instance=member)
    return _form_page(
        request,
        form=form,
        title=_("Edit %(member)s") % {"member": member},
        save=lambda form: services.roster_member_save(
            member=form.save(commit=False),
            in_charge_of=form.cleaned_data["in_charge_of"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        done=_("The change is saved and shows in the roster’s history."),
    )


@permission_required(CHANGE)
def member_retire(request, pk: int):
    member = get_object_or_404(RosterMember, pk=pk)
    form = RosterRetireForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=_("%(member)s leaves the task force") % {"member": member},
        save=lambda form: services.roster_member_retire(
            member=member,
            until=form.cleaned_data["active_until"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        done=_("%(name)s is retired from the roster; the history keeps the record.")
        % {"name": member.name},
    )


@permission_required(CHANGE)
def member_order(request):
    today = timezone.localdate()
    members = RosterMember.objects.filter(RosterMember.active_on(today)).order_by("order", "id")
    form = RosterOrderForm(request.POST or None, members=members)
    return _form_page(
        request,
        form=form,
        title=_("Order of the roster"),
        save=lambda form: services.roster_reorder(
            orders=form.orders(), actor=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("The new order is saved."),
    )
