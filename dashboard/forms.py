from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from cases.models import District
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.forms import BoundedDateField
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.organisations.selectors import (
    organisation_city,
    organisation_line,
    organisation_subtree,
    organisation_tree,
)

from .access import DashboardScope
from .figures import DashboardFilters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def default_range(today: date) -> tuple[date, date]:
    """The current month up to today."""
    return today.replace(day=1), today


class OrganisationChoiceField(forms.ModelChoiceField):
    """The organisations in tree order, each indented by its level."""

    def label_from_instance(self, obj: Organisation) -> str:
        return "\u3000" * (obj.depth - 1) + str(obj)


class DashboardFilterForm(forms.Form):
    start = BoundedDateField(label=_("From"), required=False, widget=DateInput())
    end = BoundedDateField(label=_("To"), required=False, widget=DateInput())
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.all(),
        empty_label=_("All districts"),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
    )
    organisation = OrganisationChoiceField(
        label=_("Union organisation"),
        required=False,
        queryset=organisation_tree(),
        # The scope line under the form says that it covers those below it too.
        empty_label=_("All organisations"),
    )

    def __init__(self, data=None, *, today: date, scope: DashboardScope | None = None):
        super().__init__(data)
        scope = scope or DashboardScope()
        self.today = today
        self.forced_department = forced_department = scope.department
        # The organisation the viewer is held to: the choice lists only its subtree, so
        # an organisation outside it in the URL is an invalid choice, and the figures
        # stay those of the viewer's own organisation.
        self.held_organisation = scope.organisation
        self.fields["start"].initial, self.fields["end"].initial = default_range(today)
        if scope.organisation is not None:
            field = self.fields["organisation"]
            field.queryset = organisation_subtree(organisation=scope.organisation).order_by("path")
            field.initial = scope.organisation
            field.empty_label = None
            # Districts and departments are the city federation's: below it, the
            # organisation is the scope.
            del self.fields["department"]
            del self.fields["district"]
        if forced_department is not None:
            # A department's figures are the city's; an organisation's are all of its
            # departments' (the figures are kept by one or the other).
            del self.fields["organisation"]
        if forced_department is not None and "department" in self.fields:
            # Disabled: Django keeps the initial value whatever the request says, so a
            # department head cannot widen the dashboard by editing the URL.
            field = self.fields["department"]
            field.disabled = True
            field.initial = forced_department
            field.queryset = Department.objects.filter(pk=forced_department.pk)
            field.empty_label = None

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if organisation and organisation.depth > 1 and "district" in self.fields:
            for name in ("district", "department"):
                if data.get(name):
                    self.add_error(
                        name,
                        _(
                            "An organisation's figures are for all its districts and "
                            "departments: choose an organisation or a district and a "
                            "department, not both."
                        ),
                    )
        if "start" in data and "end" in data:
            start, end = self._range(data.get("start"), data.get("end"))
            if start > end:
                self.add_error(
                    "end" if data.get("end") else "start",
                    _("The end of the range is before its start."),
                )
        return data

    def _range(self, start: date | None, end: date | None) -> tuple[date, date]:
        # Only an end: its month up to it. Only a start: from it up to today.
        if start is None and end is None:
            return default_range(self.today)
        if start is None:
            return end.replace(day=1), end
        return start, end or self.today

    def _organisation_choices_show(self, viewed: Organisation | None) -> None:
        """List, of the thousands of organisations the choice accepts, those a reader
        moves to from here: the line from the viewer's own organisation (or the city)
        down to the one viewed, and the organisations just below it. Rendering every
        organisation would cost more than the figures."""
        field = self.fields["organisation"]
        top = self.held_organisation
        shown: list[Organisation] = []
        if viewed is not None:
            line = organisation_line(organisation=viewed)[::-1]  # from the root down
            shown = [o for o in line if top is None or o.path.startswith(top.path)]
        below = viewed or top or organisation_city()
        if below is not None:
            if not shown:
                shown = [below]
            shown += list(below.get_children())
        choices = [] if top is not None else [("", field.empty_label)]
        choices += [(o.pk, field.label_from_instance(o)) for o in shown]
        field.widget.choices = choices

    @property
    def range_is_default(self) -> bool:
        """True when the dates given were wrong and the default range is shown instead."""
        return self.is_bound and any(
            name in self.errors for name in ("start", "end", NON_FIELD_ERRORS)
        )

    def filters(self) -> DashboardFilters:
        """The filters to compute with: each value given and valid, the default range
        when the dates are missing or wrong. Never raises: a bad URL shows the form's
        errors over the default figures."""
        data = {}
        if self.is_bound:
            self.is_valid()  # cleans; the fields that passed are in cleaned_data
            data = self.cleaned_data
        if self.range_is_default:
            start, end = default_range(self.today)
        else:
            start, end = self._range(data.get("start"), data.get("end"))
        district = data.get("district")
        department = self.forced_department or data.get("department")
        organisation = data.get("organisation") or self.held_organisation
        if organisation is not None and organisation.depth > 1:
            district = department = None
        if "organisation" in self.fields:
            self._organisation_choices_show(organisation)
        return DashboardFilters(
            start=start,
            end=end,
            district_id=district.pk if district else None,
            department_id=department.pk if department else None,
            department_forced=self.forced_department is not None,
            district_name=str(district or ""),
            department_name=str(department or ""),
            organisation_id=organisation.pk if organisation else None,
            # The city's subtree is every case, read from the rows of them all.
            organisation_path=organisation.path if organisation and organisation.depth > 1 else "",
            organisation_name=str(organisation or ""),
        )
