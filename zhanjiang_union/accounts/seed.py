"""The base layer's reference data: the union's departments and the role groups."""

from .services import departments_load, roles_sync


def reference_data_load() -> dict[str, int]:
    created = departments_load()
    roles_sync()
    return created
