from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.escalation_reach import escalation_gaps

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]

    # Escalations with no one to go to are said where departments are looked after.
    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self._warn_escalation_gaps(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._warn_escalation_gaps(request, department_id=object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_escalation_gaps(self, request, department_id=None) -> None:
        for gap in escalation_gaps():
            if (
                department_id is None
                or gap.department is None
                or (str(gap.department.pk) == str(department_id))
            ):
                messages.warning(request, gap.message)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "organisation", "department", "is_active", "is_staff"]
    list_filter = ["department", "groups", "is_active", "is_staff"]
    autocomplete_fields = ["organisation"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Union"), {"fields": ["full_name", "organisation", "department", "phone"]}),
    ]
