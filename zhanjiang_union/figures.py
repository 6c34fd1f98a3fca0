from django.db import models


class FiguresPendingModel(models.Model):
    """A row the dashboard's figures are summed from (cases, 12351 calls): every save
    marks it, and the dashboard's refresh (dashboard/rollups.py) clears the
    mark once it has redone the days the row touches. A queryset update() does not
    mark it; the nightly rebuild covers those. Each model indexes its marked rows."""

    figures_pending = models.BooleanField(db_default=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.figures_pending = True
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "figures_pending" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "figures_pending"]
        super().save(*args, **kwargs)
