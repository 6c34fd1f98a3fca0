from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "leadership"
    verbose_name = _("Leadership and task force")

    def ready(self):
        # The sweeps below this app reach the roster's people through the base's
        # questions (zhanjiang_union/escalation_reach.py); the roster answers them.
        from zhanjiang_union.escalation_reach import roster_provide

        from .selectors import roster_leaders_in_charge, roster_office_directors

        roster_provide(
            leaders_in_charge=roster_leaders_in_charge,
            office_directors=roster_office_directors,
        )
