from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    """Degrade, never drop: one-time submission keys, the cache's database fallback,
    the polite page of a database blip, and the count of faults met."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "zhanjiang_union.resilience"
    label = "resilience"
    verbose_name = _("Fault tolerance")
