from django.db import models
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.accounts.models import Department


class Measure(models.Model):
    """One of the plan's work measures, with the departments that answer for it."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=128)
    text = models.TextField(_("text"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("responsible departments"), related_name="measures"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"（{self.chinese_number}）{self.title}"

    @property
    def chinese_number(self) -> str:
        numerals = "一二三四五六七八九十"
        return numerals[self.number - 1] if 1 <= self.number <= 10 else str(self.number)


class RosterMember(models.Model):
    """A member of the task force (领导小组), as listed in the plan's appendix."""

    class GroupRole(models.TextChoices):
        LEADER = "leader", _("Leader")
        FIRST_DEPUTY = "first_deputy", _("First deputy leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    name = models.CharField(_("name"), max_length=32)
    group_role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices)
    title = models.CharField(_("title"), max_length=128)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department headed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="heads_on_roster",
    )
    in_charge_of = models.ManyToManyField(
        Department,
        verbose_name=_("departments in charge of (分管)"),
        blank=True,
        related_name="leaders_in_charge",
    )
    is_office_director = models.BooleanField(_("directs the task-force office"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roster_entry",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("task-force member")
        verbose_name_plural = _("task-force members")
        constraints = [
            models.UniqueConstraint(fields=["name", "group_role"], name="roster_unique_name_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_role_display()} {self.name}"
