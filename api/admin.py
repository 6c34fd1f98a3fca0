"""Administrators register API clients here: a new client's token, and a rotated one,
is shown once on a page of its own (never in a message or a cookie)."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services, webhooks
from .auth import RATE_PATTERN
from .models import ApiCall, ApiClient, Scope, WebhookAttempt, WebhookDelivery, WorkOrder


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    webhook_url = forms.URLField(
        label=gettext_lazy("webhook address"), required=False, assume_scheme="https"
    )

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "department", "rate", "webhook_url", "is_active"]

    def clean_rate(self):
        rate = self.cleaned_data["rate"].strip()
        if not RATE_PATTERN.match(rate):
            raise forms.ValidationError(_("Write the rate as a number per period, e.g. 600/min."))
        return rate

    def clean(self):
        data = super().clean()
        if Scope.READ_CASES in (data.get("scopes") or []) and not data.get("department"):
            self.add_error("department", _("A client that reads cases needs its department."))
        return data


def _token_page(request, client, token):
    return TemplateResponse(
        request,
        "admin/api/token_once.html",
        {
            "client": client,
            "token": token,
            "title": _("The token of %(client)s") % {"client": client},
            "opts": ApiClient._meta,
        },
        headers={"Cache-Control": "no-store"},
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = [
        "name",
        "scopes",
        "department",
        "rate",
        "is_active",
        "token_prefix",
        "last_used_at",
    ]
    list_filter = ["is_active"]
    readonly_fields = ["token_prefix", "rotated_at", "last_used_at", "revoked_at", "created_at"]
    actions = ["rotate_token", "revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = services.client_create(
            name=obj.name,
            scopes=obj.scopes,
            department=obj.department,
            rate=obj.rate,
            webhook_url=obj.webhook_url,
        )
        obj.pk = client.pk
        request._api_new_token = (client, token)

    def response_add(self, request, obj, post_url_continue=None):
        client, token = request._api_new_token
        return _token_page(request, client, token)

    @admin.action(description=gettext_lazy("Issue a new token (the old one stops working)"))
    def rotate_token(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one client at a time."), messages.ERROR)
            return None
        client = queryset.get()
        return _token_page(request, client, services.client_rotate(client=client))

    @admin.action(description=gettext_lazy("Revoke (its token stops working)"))
    def revoke(self, request, queryset):
        for client in queryset:
            services.client_revoke(client=client)
        self.message_user(request, _("Revoked."), messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ["at", "client", "method", "endpoint", "status", "duration_ms"]
    list_filter = ["status", "client"]
    date_hierarchy = "at"


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "client",
        "event_type",
        "event_id",
        "attempts",
        "last_status",
        "delivered_at",
        "next_attempt_at",
    ]
    list_filter = ["event_type", ("delivered_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "client",
        "work_order",
        "event_id",
        "event_type",
        "payload",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_status",
        "last_error",
    ]
    exclude = ["claimed_until"]
    inlines = [WebhookAttemptInline]
    actions = ["retry_now"]

    def has_change_permission(self, request, obj=None):
        return request.method == "GET" and super(ReadOnlyAdmin, self).has_view_permission(
            request, obj
        )

    @admin.action(description=gettext_lazy("Retry now"))
    def retry_now(self, request, queryset):
        for delivery in queryset.filter(delivered_at__isnull=True):
            webhooks.delivery_retry_now(delivery=delivery)
        self.message_user(request, _("Queued for sending."), messages.SUCCESS)


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    list_display = [
        "order_number",
        "platform",
        "status",
        "received_at",
        "sign_by",
        "reply_by",
        "case",
    ]
    list_filter = ["status", "platform"]
    search_fields = ["order_number"]
    raw_id_fields = ["call", "case"]
