from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import InboxFilterForm, MarkReadForm
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
    form = MarkReadForm(request.POST, host=request.get_host())
    target = form.cleaned_data["next"] if form.is_valid() else ""
    return HttpResponseRedirect(target or reverse("notifications:inbox"))
