from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Measure, ReportEvent, RosterMember, SelfInspectionReport


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind"]
    list_filter = ["kind"]
    filter_horizontal = ["departments"]
    history_list_display = ["title"]


@admin.register(RosterMember)
class RosterMemberAdmin(SimpleHistoryAdmin):
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
    history_list_display = ["title", "active_until"]

    def has_delete_permission(self, request, obj=None):
        # A member who leaves is retired with "active until", never deleted, so that
        # the roster's history keeps who was in charge of what and when.
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "department", "participants", "recorded_by"]
    list_filter = ["kind", "department"]
    date_hierarchy = "held_on"
    raw_id_fields = ["recorded_by"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    fields = ["at", "action", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SelfInspectionReport)
class SelfInspectionReportAdmin(admin.ModelAdmin):
    """Read-only here: reports move only through the services (the portal's pages)."""

    list_display = ["department", "period_start", "due_on", "status", "submitted_at"]
    list_filter = ["status", "department"]
    date_hierarchy = "period_start"
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
