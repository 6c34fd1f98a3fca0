from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .backends import mask_phone
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Admins see here which messages failed to go out, and why."""

    list_display = [
        "subject",
        "recipient",
        "address",
        "created_at",
        "read_at",
        "delivery",
        "attempts",
        "delivery_error",
    ]
    list_filter = ["delivery", "created_at"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.editable]

    @admin.display(description=_("address"))
    def address(self, note: Notification) -> str:
        # Direct addresses are complainants' own: masked, like every list of them.
        return (
            mask_phone(note.to_phone)
            if note.to_phone
            else (note.to_email[:2] + "…" if note.to_email else "")
        )

    def get_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.scrub_when_sent:
            # A receipt's text holds the worker's query code: nobody reads it here.
            fields.remove("body")
        return fields

    def has_add_permission(self, request):
        return False
