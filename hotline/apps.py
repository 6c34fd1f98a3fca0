from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hotline"
    verbose_name = _("12351 hotline and petition reception")

    def ready(self):
        # The hotline's lines on a case's timeline join the registry.
        from cases.benchmark_data import benchmark_records_register
        from cases.retention import case_deidentified
        from zhanjiang_union.workdays.signals import calendar_changed

        from . import timeline  # noqa: F401
        from .benchmark_data import HotlineRecords
        from .intake import intake_register
        from .retention import case_hotline_deidentify

        intake_register()  # cases registered from calls and visits; the worker's rating
        benchmark_records_register(HotlineRecords)  # its records of generate_cases' cases

        case_deidentified.connect(case_hotline_deidentify, dispatch_uid="hotline-deidentify")

        calendar_changed.connect(
            _recompute_after_calendar_change, dispatch_uid="hotline-callbacks-recompute"
        )


def _recompute_after_calendar_change(sender, years, **kwargs):
    # A new holiday can move a callback's due date; a task, not the admin's request.
    from zhanjiang_union.celery import enqueue

    from .tasks import callbacks_recompute

    enqueue(callbacks_recompute, years=sorted(years))
