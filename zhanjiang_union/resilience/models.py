from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A form's one-time submission key, recorded in the transaction of what the form
    created. A resubmission of the same key (a double click, a retry after a timeout or
    an error page) finds this row and is answered with the first result, not a second
    filing. `session_hash` says which browser session filed, so only that one is shown
    what only the filer may see (a complaint's query code)."""

    key = models.UUIDField(unique=True)
    kind = models.CharField(max_length=40)
    session_hash = models.CharField(max_length=64, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    result_url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class CacheEntry(models.Model):
    """The table of the cache's fallback (Django's DatabaseCache, the layout
    `createcachetable` makes), so it exists wherever the migrations ran: rate limits
    and cached counts live here while Redis is unreachable (resilience/cache.py)."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "resilience_cache"
        verbose_name = _("cache entry")
        verbose_name_plural = _("cache entries")

    def __str__(self) -> str:
        return self.cache_key
