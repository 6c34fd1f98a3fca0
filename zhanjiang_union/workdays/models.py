import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class _CalendarEntry(models.Model):
    """Remembers the year a row had when loaded: moving a day from one year to
    another changes the working days of both."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # post_save has seen the year the row had before; this is now the one it has.
        self._loaded_year = self._entry_year()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_year = instance._entry_year()
        return instance

    def _entry_year(self) -> int | None:
        raise NotImplementedError

    def affected_years(self) -> set[int]:
        years = {self._entry_year(), getattr(self, "_loaded_year", None)}
        years.discard(None)
        return years


class CalendarDay(_CalendarEntry):
    """An admin-entered day that overrides the chinesecalendar package: a holiday
    or make-up workday of a year the package does not know yet, or a correction."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (rest day)")
        WORKDAY = "workday", _("Make-up workday (调休上班)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=32, blank=True, help_text=_("The festival, e.g. 春节 or 国庆节.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up workday")
        verbose_name_plural = _("holidays and make-up workdays")

    def __str__(self) -> str:
        label = f"{self.date} {self.get_kind_display()}"
        return f"{label} ({self.name})" if self.name else label

    def _entry_year(self) -> int | None:
        # __dict__, not the attribute: reading a deferred field would query.
        value = self.__dict__.get("date")
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return value.year if value is not None else None


class CalendarYear(_CalendarEntry):
    """A year's schedule as the administrator has entered it."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Date of the State Council General Office's notice on the year's holidays."),
    )
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_(
            "Every public holiday and make-up workday of the year has been entered as a "
            "calendar day."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)

    def _entry_year(self) -> int | None:
        value = self.__dict__.get("year")
        return int(value) if value is not None else None
