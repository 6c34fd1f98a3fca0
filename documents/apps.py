from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Case documents")

    def ready(self):
        from cases.retention import case_deidentified

        from . import timeline  # noqa: F401  (registers the document's timeline lines)
        from .services import case_documents_deidentify

        def _deidentified(sender, case, **kwargs):
            case_documents_deidentify(case=case)

        # A case past its retention period: its documents lose their personal data with it.
        case_deidentified.connect(_deidentified, dispatch_uid="documents-deidentify", weak=False)
