from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin, SimpleHistoryAdmin):
    # treebeard's form places a new or moved organisation under its parent.
    form = movenodeform_factory(Organisation)
    list_display = ["name", "kind", "area", "has_mediation_committee", "active_until", "is_demo"]
    list_filter = ["kind", "has_mediation_committee", "is_demo"]
    search_fields = ["name", "code", "area"]
