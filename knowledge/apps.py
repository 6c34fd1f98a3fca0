from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Legal knowledge")

    def ready(self):
        from cases.retention import case_deidentified

        from .search import closed_case_forget

        # A case past retention loses its words in the index with its facts.
        case_deidentified.connect(closed_case_forget, dispatch_uid="knowledge-deidentify")
