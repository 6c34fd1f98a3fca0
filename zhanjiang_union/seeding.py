"""`manage.py seed`: each app loads its own reference data, in the order of
INSTALLED_APPS (the base first, then cases, the hotline, the leadership), from a
`seed` module with a `reference_data_load() -> {what: count created}` function. The
base names no app above it: it finds their seed modules as Django finds admin modules."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create every app's missing reference records; return counts created. Records
    that exist are left as an administrator may have edited them."""
    created: dict[str, int] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.seed"
        if find_spec(name) is None:
            continue
        created.update(import_module(name).reference_data_load())
    return created
