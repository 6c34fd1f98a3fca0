from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.TextChoices):
    """The periodic work whose silence breaks a promise to workers: no sweep, no
    escalation; no delivery pass, a lost notification stays lost; no refresh, the
    leadership reads stale figures."""

    DEADLINE_SWEEP = "deadline_sweep", _("Deadline sweep")
    DASHBOARD_REFRESH = "dashboard_refresh", _("Dashboard figures refresh")
    NOTIFICATION_DELIVERY = "notification_delivery", _("Notification delivery")


class Heartbeat(models.Model):
    """When a job last finished without error, and how long that run took. One row per
    job, written by the job itself (services.heartbeat_record)."""

    job = models.CharField(_("job"), max_length=32, choices=Job.choices, primary_key=True)
    last_success = models.DateTimeField(_("last success"))
    last_duration = models.FloatField(_("duration of the last run (seconds)"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.get_job_display()}: {self.last_success:%Y-%m-%d %H:%M:%S}"
