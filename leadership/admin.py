from django.contrib import admin

from .models import Measure, RosterMember


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    filter_horizontal = ["departments"]


@admin.register(RosterMember)
class RosterMemberAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "group_role",
        "title",
        "department",
        "is_office_director",
        "order",
        "active_until",
    ]
    list_editable = ["order"]
    list_filter = ["group_role", "active_until"]
    filter_horizontal = ["in_charge_of"]
