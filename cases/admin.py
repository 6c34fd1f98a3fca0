from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import (
    ArbitrationAward,
    Case,
    CaseEvent,
    Complainant,
    Deadline,
    DeadlineRule,
    DisputeCategory,
    District,
    EarlyWarning,
    Escalation,
    Evidence,
    Handoff,
    MediationSession,
    PersonalDataAccess,
    ReopenRequest,
    RoutingRule,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Where new complaints go: the most specific rule (township, then district) wins."""

    list_display = ["district", "township", "organisation"]
    list_filter = ["district"]
    search_fields = ["township", "organisation__name"]
    list_select_related = ["district", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "order", "active"]
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
    fields = ["at", "actor", "text", "from_status", "to_status", "note", "public"]
    readonly_fields = fields


class ComplainantInline(ReadOnlyInline):
    model = Complainant
    fk_name = "case"
    # Full ID numbers and phones stay on the case page, where views are checked.
    fields = ["name", "origin_case"]
    readonly_fields = fields


class DeadlineInline(ReadOnlyInline):
    model = Deadline
    fields = ["rule", "started_on", "due_on", "extended_by", "paused_on", "state", "met_at"]
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


class AwardInline(ReadOnlyInline):
    model = ArbitrationAward
    fields = ["awarded_on", "document_number", "amount_awarded", "is_final"]
    readonly_fields = fields


class ReopenRequestInline(ReadOnlyInline):
    model = ReopenRequest
    fields = ["requested_at", "reason", "state", "decided_by", "decided_at", "decision_note"]
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
        "organisation",
        "department",
        "handler",
        "created_at",
    ]
    list_filter = ["status", "district", "department", "channel", "is_collective"]
    search_fields = ["number", "employer_name"]
    list_select_related = ["district", "organisation", "department", "handler"]
    date_hierarchy = "created_at"
    inlines = [
        ComplainantInline,
        DeadlineInline,
        HandoffInline,
        SessionInline,
        AwardInline,
        ReopenRequestInline,
        EvidenceInline,
        TimelineInline,
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """A change applies to deadlines opened afterwards; the action below
    recomputes the running ones too (in the background)."""

    list_display = [
        "label",
        "label_en",
        "key",
        "limit",
        "unit",
        "due_soon",
        "starts",
        "extension_allowed",
        "extension_limit",
        "source",
    ]
    readonly_fields = ["key", "updated_at"]
    actions = ["recompute_running"]

    def has_add_permission(self, request):
        return False  # the engine knows each rule by its key

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Recompute the running deadlines of the selected rules"))
    def recompute_running(self, request, queryset):
        from zhanjiang_union.celery import enqueue_on_commit

        from .tasks import deadlines_recompute

        ids = list(
            Deadline.objects.filter(rule__in=queryset, met_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        enqueue_on_commit(
            deadlines_recompute, deadline_ids=ids, reason=str(_("The time-limit rule was changed."))
        )
        self.message_user(
            request,
            _("%(count)s running deadlines will be recomputed.") % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["deadline", "level", "created_at", "notified_at"]
    list_filter = ["level"]
    list_select_related = ["deadline__case", "deadline__rule"]
    readonly_fields = ["deadline", "level", "created_at", "notified_at", "notified"]

    def has_add_permission(self, request):
        return False


@admin.register(EarlyWarning)
class EarlyWarningAdmin(admin.ModelAdmin):
    list_display = ["case", "reason", "created_at", "resolved_at"]
    list_filter = ["reason"]
    list_select_related = ["case"]
    readonly_fields = ["case", "reason", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "case", "view", "client_address"]
    list_filter = ["view", "at"]
    search_fields = ["user__username", "user__full_name", "case__number"]
    list_select_related = ["user", "case"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
