from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Case documents")

    def ready(self):
        # The timeline line of a document made, in the reader's language: cases keeps the
        # registry, this app adds its one action to it (cases names no app above it).
        from cases.timeline import renders

        from .models import DocumentKind

        @renders("documents.document.made")
        def _document_made(event):
            return _("Document made: %(kind)s %(number)s") % {
                "kind": DocumentKind(event.data["kind"]).label,
                "number": event.data["number"],
            }
