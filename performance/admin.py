from django.contrib import admin

from .models import Instalment, JudicialConfirmation, Payment


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = ("paid_on", "amount", "method", "evidence", "recorded_by")
    can_delete = False


@admin.register(Instalment)
class InstalmentAdmin(admin.ModelAdmin):
    # Read-only here: payments and schedules change through the case page's services.
    list_display = ("agreement", "number", "amount", "due_on", "paid_on")
    readonly_fields = ("agreement", "number", "amount", "due_on", "payee", "deadline", "paid_on")
    inlines = [PaymentInline]

    def has_add_permission(self, request):
        return False


@admin.register(JudicialConfirmation)
class JudicialConfirmationAdmin(admin.ModelAdmin):
    list_display = ("agreement", "result", "on", "court")
    readonly_fields = ("agreement",)
