"""The union's grid (网格化维权): the city federation, the county-level federations,
the township and street federations and regional or sector unions, and below them the
enterprise unions and enterprise labor-dispute mediation committees.

A materialised-path tree (django-treebeard's MP_Node): each row's `path` starts with
its parent's, so "this organisation and everything below it" is one indexed
`path LIKE 'prefix%'` on PostgreSQL and SQLite alike, with no recursion and a query
count that does not grow with the depth or the size of the tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from zhanjiang_union.localnames import local_name


class Organisation(MP_Node):
    class Kind(models.TextChoices):
        CITY = "city", _("City federation of trade unions")
        COUNTY = "county", _("County-level federation of trade unions")
        ZONE = "zone", _("Functional zone federation of trade unions")
        TOWNSHIP = "township", _("Township or street federation of trade unions")
        REGIONAL = "regional", _("Regional or sector union")
        ENTERPRISE = "enterprise", _("Enterprise union")
        COMMITTEE = "committee", _("Enterprise labor-dispute mediation committee")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128, unique=True)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    # What it covers, as the organisation states it (the routing rules in cases say
    # which complaints it receives).
    area = models.CharField(_("district or township covered"), max_length=128, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    has_mediation_committee = models.BooleanField(
        _("has a labor-dispute mediation committee"), default=False
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")

    def __str__(self) -> str:
        return local_name(self)


class Mediator(models.Model):
    """调解员名册: a mediator of an organisation, with a portal account or without one
    (a lawyer volunteer who comes to sessions is on the register all the same)."""

    class Kind(models.TextChoices):
        INSTRUCTOR = "instructor", _("Full-time instructor (专职指导员)")
        PART_TIME = "part_time", _("Part-time mediator")
        LAWYER = "lawyer", _("Lawyer volunteer")
        COURT = "court", _("Court-appointed mediator (特邀调解员)")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("union organisation"),
        on_delete=models.PROTECT,
        related_name="mediators",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_record",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    areas = models.CharField(
        _("areas of practice"),
        max_length=255,
        blank=True,
        help_text=_("For example: 劳动报酬, 工伤, 集体协商"),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__path", "name", "id"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators' register")

    def __str__(self) -> str:
        return self.name


class MediatorQualification(models.Model):
    """A training course attended or a certificate held, with its dates."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        CERTIFICATE = "certificate", _("Certificate")

    mediator = models.ForeignKey(Mediator, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("training or certificate", "title"), max_length=128)
    obtained_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-obtained_on", "id"]
        verbose_name = _("training or certificate")
        verbose_name_plural = _("trainings and certificates")

    def __str__(self) -> str:
        return self.title
