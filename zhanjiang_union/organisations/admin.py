from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Mediator, MediatorQualification, Organisation


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin, SimpleHistoryAdmin):
    # treebeard's form places a new or moved organisation under its parent.
    form = movenodeform_factory(Organisation)
    list_display = ["name", "kind", "area", "has_mediation_committee", "active_until", "is_demo"]
    list_filter = ["kind", "has_mediation_committee", "is_demo"]
    search_fields = ["name", "name_en", "code", "area"]


class QualificationInline(admin.TabularInline):
    model = MediatorQualification
    extra = 1


@admin.register(Mediator)
class MediatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation", "user", "active_until", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "user"]
    autocomplete_fields = ["organisation", "user"]
    inlines = [QualificationInline]
