from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.localnames import local_name

from .roles import Role


class Department(models.Model):
    """A department of the union (职工维权与服务部 …); staff belong to one."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    name_en = models.CharField(_("name in English"), max_length=128, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return local_name(self)


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    # The union organisation a member of staff works for (the city federation's
    # staff also have a department); empty for workers.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("union organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> set[str]:
        """The role keys of the groups this user belongs to (cached per request)."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(
                self.groups.filter(name__in=Role.values).values_list("name", flat=True)
            )
        return self._role_cache

    def has_role(self, role: str) -> bool:
        return role in self.roles
