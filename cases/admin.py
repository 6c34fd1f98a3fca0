from django.contrib import admin

from .models import (
    Case,
    CaseEvent,
    Complainant,
    DisputeCategory,
    District,
    Evidence,
    Handoff,
    MediationSession,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TimelineInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "actor", "summary", "from_status", "to_status", "note", "public"]
    readonly_fields = fields


class ComplainantInline(ReadOnlyInline):
    model = Complainant
    fk_name = "case"
    # Full ID numbers and phones stay on the case page, where views are checked.
    fields = ["name", "origin_case"]
    readonly_fields = fields


class HandoffInline(ReadOnlyInline):
    model = Handoff
    fields = ["body", "receiver_name", "sent_on", "document_number", "acknowledged_at"]
    readonly_fields = fields


class SessionInline(ReadOnlyInline):
    model = MediationSession
    fields = ["scheduled_at", "place", "result"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["name", "kind", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-mostly: cases change through the workbench, where every change
    is checked against the workflow and written to the timeline."""

    list_display = [
        "number",
        "employer_name",
        "district",
        "status",
        "department",
        "handler",
        "created_at",
    ]
    list_filter = ["status", "district", "department", "channel", "is_collective"]
    search_fields = ["number", "employer_name"]
    list_select_related = ["district", "department", "handler"]
    date_hierarchy = "created_at"
    inlines = [ComplainantInline, HandoffInline, SessionInline, EvidenceInline, TimelineInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]
