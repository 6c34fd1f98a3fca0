from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhanjiang_union.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from zhanjiang_union import kept

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
        # The calendar's token is read once per request, with the kept tables'.
        kept.listen()
