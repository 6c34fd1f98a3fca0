"""Documents' reference data: a default template for each kind of document."""

from .defaults import document_templates_ensure


def reference_data_load() -> dict[str, int]:
    return {"document templates": document_templates_ensure()}
