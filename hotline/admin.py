from django.contrib import admin

from .models import (
    Call,
    CallbackAttempt,
    CallbackEscalation,
    ExternalPetition,
    FollowUp,
    Representative,
    Visit,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttemptInline(ReadOnlyInline):
    model = CallbackAttempt
    fields = ["at", "by", "result", "note"]
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    # Callers' numbers stay on the call page, where views are checked and masked.
    list_display = ["received_at", "operator", "category", "outcome", "callback_due_on", "case"]
    list_filter = ["outcome", "urgency", "callback_state"]
    date_hierarchy = "received_at"
    exclude = ["phone"]
    readonly_fields = ["operator", "department", "case", "created_at"]
    inlines = [AttemptInline]


@admin.register(CallbackEscalation)
class CallbackEscalationAdmin(admin.ModelAdmin):
    list_display = ["call", "level", "created_at", "notified_at"]
    list_filter = ["level"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["case", "result", "by", "at"]
    list_filter = ["result"]
    readonly_fields = ["case", "by", "at"]


class RepresentativeInline(ReadOnlyInline):
    model = Representative
    fields = ["name"]
    readonly_fields = fields


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["visited_at", "visitor_count", "employer_name", "case", "follow_up_due_on"]
    date_hierarchy = "visited_at"
    readonly_fields = ["received_by", "department", "case", "created_at"]
    inlines = [RepresentativeInline]


@admin.register(ExternalPetition)
class ExternalPetitionAdmin(admin.ModelAdmin):
    list_display = ["petitioned_on", "level", "employer_name", "people_count", "case"]
    list_filter = ["level"]
    date_hierarchy = "petitioned_on"
    readonly_fields = ["recorded_by", "department", "case", "created_at"]
