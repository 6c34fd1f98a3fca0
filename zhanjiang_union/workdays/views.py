"""An admin pastes the State Council's notice; the page shows what it read, and a second
submit (the same text, read again on the server) loads the year."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhanjiang_union.access import permission_required

from . import services
from .calendar import package_knows
from .forms import NoticeForm

PERMISSIONS = ("workdays.add_calendarday", "workdays.change_calendaryear")


@permission_required(*PERMISSIONS)
def notice_import(request):
    form = NoticeForm(request.POST or None)
    status = 200
    preview = None
    if request.method == "POST":
        if form.is_valid():
            notice = form.notice
            if request.POST.get("confirm"):
                services.notice_apply(notice=notice)
                messages.success(
                    request,
                    _(
                        "The %(year)s holidays and make-up workdays are loaded and the year is "
                        "marked complete. Open deadlines are being recomputed; their handlers "
                        "are told of any date that moves."
                    )
                    % {"year": notice.year},
                )
                return redirect("workdays:notice")
            preview = notice
        else:
            status = 400
    return render(
        request,
        "workdays/notice.html",
        {
            "form": form,
            "preview": preview,
            "package_knows": package_knows(preview.year) if preview else False,
        },
        status=status,
    )
