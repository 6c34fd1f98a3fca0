"""reverse(), remembered: pages that build hundreds of links (the dashboard) ask for the
same few URLs over and over. Keyed by script prefix and URLconf, so a request under
another prefix or URLconf gets its own."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=64)
def _reversed(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


def cached_reverse(name: str) -> str:
    """The URL of a pattern without arguments."""
    return _reversed(name, get_script_prefix(), get_urlconf())
