from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import placeholders, selectors
from .models import TEMPLATE_TEXT_FIELDS, CaseDocument, DocumentTemplate


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Saving runs the model's check: an unknown placeholder is refused, named, next to
    its field. The preview fills the saved text with the sample values."""

    list_display = ["kind", "title", "number_prefix", "updated_at", "updated_by"]
    fields = ["kind", "number_prefix", *TEMPLATE_TEXT_FIELDS, "placeholder_list", "sample_preview"]
    readonly_fields = ["kind", "placeholder_list", "sample_preview", "updated_by"]

    def has_add_permission(self, request):
        return False  # one template per kind, seeded

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("placeholders"))
    def placeholder_list(self, obj):
        return format_html_join(
            "", "<div><code>{{{{ {} }}}}</code> {}</div>", placeholders.PLACEHOLDERS.items()
        )

    @admin.display(description=_("preview with sample values"))
    def sample_preview(self, obj):
        values = selectors.preview_values(
            case=None, prefix=obj.number_prefix, today=timezone.localdate()
        )
        lines = [placeholders.fill(getattr(obj, name), values) for name in TEMPLATE_TEXT_FIELDS]
        return format_html_join(
            "", "<div>{}</div>", ((line,) for text in lines for line in text.splitlines())
        )


@admin.register(CaseDocument)
class CaseDocumentAdmin(admin.ModelAdmin):
    """Read-only: a document once made and numbered is a record of what was sent."""

    list_display = ["number", "kind", "case", "made_at", "made_by"]
    list_filter = ["kind", "year"]
    fields = ["number", "kind", "case", "made_at", "made_by"]
    readonly_fields = fields
    list_select_related = ["case", "made_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
