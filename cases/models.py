from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A county-level division of Zhanjiang, or a functional zone an admin adds."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")
        CITY = "city", _("County-level city")
        ZONE = "zone", _("Functional zone")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class DisputeCategory(models.Model):
    """The scope of a labor dispute (劳动争议调解仲裁法 Art. 2)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dispute category")
        verbose_name_plural = _("dispute categories")

    def __str__(self) -> str:
        return self.name
