"""The knowledge base's reference data: the plain-language guides for workers."""

from .guides_seed import guides_ensure


def reference_data_load() -> dict[str, int]:
    return {"guides": guides_ensure()}
