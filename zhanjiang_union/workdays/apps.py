from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhanjiang_union.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from . import calendar
        from .models import CalendarDay, CalendarYear

        for model in (CalendarDay, CalendarYear):
            post_save.connect(
                calendar.calendar_edited,
                sender=model,
                dispatch_uid=f"workdays-save-{model.__name__}",
            )
            post_delete.connect(
                calendar.calendar_edited,
                sender=model,
                dispatch_uid=f"workdays-delete-{model.__name__}",
            )
        request_started.connect(calendar.request_begins, dispatch_uid="workdays-request-begins")
        request_finished.connect(calendar.request_ends, dispatch_uid="workdays-request-ends")
