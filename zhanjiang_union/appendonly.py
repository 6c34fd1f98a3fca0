from django.db import models


class AppendOnlyModel(models.Model):
    """A log row: written once, never edited, never deleted (timelines, review
    histories). Bulk deletes through a queryset are the admin's business and
    are not offered anywhere in the portal."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only.")
