from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API and 12345 work orders")

    def ready(self):
        # The timeline lines of work-order steps, registered with cases.timeline.
        from . import schema, timeline  # noqa: F401
