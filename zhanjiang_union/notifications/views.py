from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import InboxFilterForm
from .models import Notification


@login_required
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    show = form.cleaned_data["show"] if form.is_valid() else ""
    notes = selectors.inbox_notes(user=request.user, still_open=show == "open")
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "form": form, "show": show})


@require_POST
@login_required
def mark_read(request, pk: int | None = None):
    if pk is not None:
        # Someone else's notification does not exist, as far as this user can tell.
        get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)
