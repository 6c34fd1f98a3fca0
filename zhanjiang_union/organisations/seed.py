"""The grid's reference data: the city federation and the nine county-level federations."""

from .services import organisations_load


def reference_data_load() -> dict[str, int]:
    return organisations_load()
