from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .calendar import package_knows
from .models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]
    ordering = ["date"]
    fields = ["date", "kind", "name"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        # A make-up workday falls on a weekend: seeing the weekday catches typos.
        return date_format(obj.date, "l")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published_on", "complete", "loaded"]
    list_filter = ["complete"]
    ordering = ["-year"]
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "To load a year the chinesecalendar package does not know yet: enter every "
                    "public holiday and every make-up workday of the year as a calendar day, "
                    "as the State Council's notice lists them, then tick “complete”. Until then "
                    "deadlines in that year are counted on weekends only."
                ),
                "fields": ["year", "published_on", "complete", "note"],
            },
        )
    ]

    @admin.display(description=_("known to the package"), boolean=True)
    def loaded(self, obj: CalendarYear) -> bool:
        return package_knows(obj.year)
