"""The union's grid (网格化维权): the city federation, the county-level federations,
the township and street federations and regional or sector unions, and below them the
enterprise unions and enterprise labour-dispute mediation committees.

A materialised-path tree (django-treebeard's MP_Node): each row's `path` starts with
its parent's, so "this organisation and everything below it" is one indexed
`path LIKE 'prefix%'` on PostgreSQL and SQLite alike, with no recursion and a query
count that does not grow with the depth or the size of the tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node


class Organisation(MP_Node):
    class Kind(models.TextChoices):
        CITY = "city", _("City federation of trade unions")
        COUNTY = "county", _("County-level federation of trade unions")
        ZONE = "zone", _("Functional zone federation of trade unions")
        TOWNSHIP = "township", _("Township or street federation of trade unions")
        REGIONAL = "regional", _("Regional or sector union")
        ENTERPRISE = "enterprise", _("Enterprise union")
        COMMITTEE = "committee", _("Enterprise labour-dispute mediation committee")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    # What it covers, as the organisation states it (the routing rules in cases say
    # which complaints it receives).
    area = models.CharField(_("district or township covered"), max_length=128, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    has_mediation_committee = models.BooleanField(
        _("has a labour-dispute mediation committee"), default=False
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")

    def __str__(self) -> str:
        return self.name
