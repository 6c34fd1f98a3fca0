from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhanjiang_union.organisations"
    label = "organisations"
    verbose_name = _("Union organisations")
