from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """After the agreement and the award: whether the employer pays, the worker's other
    doors and their time limits, and the arbitration limitation period."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("Performance of agreements and awards")

    def ready(self):
        from cases.signals import case_filed, case_moved, case_moving

        from . import timeline  # noqa: F401  (its lines join the case timeline's registry)
        from .limitation_watch import on_case_filed
        from .services import on_case_moved, on_case_moving

        case_moving.connect(on_case_moving, dispatch_uid="performance-moving")
        case_moved.connect(on_case_moved, dispatch_uid="performance-moved")
        case_filed.connect(on_case_filed, dispatch_uid="performance-filed")
