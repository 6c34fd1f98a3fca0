from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from zhanjiang_union import kept
        from zhanjiang_union.accounts.models import Department
        from zhanjiang_union.organisations.models import Organisation
        from zhanjiang_union.workdays.signals import calendar_changed

        from .models import DeadlineRule, DisputeCategory, District, RoutingRule

        # What a filing reads of them is kept per process (routing, forms, intake).
        kept.watch(District, DisputeCategory, RoutingRule, DeadlineRule, Organisation, Department)

        calendar_changed.connect(_recompute_after_calendar_change, dispatch_uid="cases-recompute")


def _recompute_after_calendar_change(sender, years, **kwargs):
    # Recomputing may touch many cases: a Celery task, not the admin's request.
    from zhanjiang_union.celery import enqueue

    from .tasks import deadlines_recompute

    # The nightly reconciliation makes good a recompute the broker could not take.
    enqueue(
        deadlines_recompute, years=sorted(years), reason=str(_("The holiday calendar was changed."))
    )
