from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Admins see here which e-mails failed to go out, and why."""

    list_display = ["subject", "recipient", "created_at", "read_at", "delivery", "delivery_error"]
    list_filter = ["delivery", "created_at"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
