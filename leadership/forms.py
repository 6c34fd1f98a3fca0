from datetime import date, datetime, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.accounts.models import Department
from zhanjiang_union.forms import EARLIEST, RowChoiceField, RowsChoiceField

from . import access
from .models import Activity, Measure, RosterMember
from .periods import ended_periods

# Periods a department can open a report for: the last year's worth of months.
OPENABLE_PERIODS = 12


class DateInput(forms.DateInput):
    input_type = "date"


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.attrs = {"novalidate": True}
    helper.add_input(Submit("submit", label, css_class="btn-primary"))
    return helper


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=Activity.Kind.choices)
    measure = forms.ModelChoiceField(
        label=_("Measure"),
        queryset=Measure.objects.all(),
        required=False,
        help_text=_("Leave empty for the measure this kind of activity belongs to."),
    )
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=100_000, initial=0
    )
    enterprises = forms.CharField(
        label=_("Enterprises"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One enterprise per line."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not access.may_record_for_any_department(user):
            # Shown, not editable: the activity is recorded for the user's department.
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)
            field.initial = user.department_id
            field.disabled = True
        self.helper = _helper(_("Record the activity"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        today = timezone.localdate()
        if held_on > today:
            raise forms.ValidationError(_("An activity is recorded once it has taken place."))
        if held_on < EARLIEST:
            # A mistyped year (0202 for 2025): it would sit at the end of every list
            # and in no report.
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": today.isoformat()}
            )
        return held_on


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Activity.Kind.choices]
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"}),
    )

    def clean_month(self) -> date | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            return datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from None


class ReportOpenForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        periods = ended_periods(timezone.localdate(), OPENABLE_PERIODS)
        self.fields["period"].choices = [(p.start.isoformat(), p.label) for p in periods]
        if not user.has_perm(access.ACT_ON_ALL):
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)
            field.initial = user.department_id
            field.disabled = True
        self.helper = _helper(_("Write the report"))
        self.helper.form_action = reverse("leadership:report_open")

    def clean_period(self) -> date:
        return date.fromisoformat(self.cleaned_data["period"])


class ReportSubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Report"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "How your department carried out its measures in the period, what went wrong "
            "and what it corrected. The case and activity figures are added automatically."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Submit to the leader in charge"))


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept the report")), ("return", _("Send it back for revision"))],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when sending the report back: say what needs to change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the review"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what needs to change when sending a report back."))
        return data


# --- Roster editing (admins, on /leadership/members/) ------------------------------------

REASON_MAX = 100  # django-simple-history's history_change_reason column


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX,
        help_text=_(
            "Shown in the roster’s change history, e.g. 市总工会党组会议决定（2026年11月）."
        ),
    )


def _iso_date_input() -> forms.DateInput:
    # A browser's date input takes only ISO dates.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RosterMemberForm(forms.ModelForm):
    reason = _reason_field()

    class Meta:
        model = RosterMember
        fields = [
            "name",
            "group_role",
            "title",
            "title_en",
            "department",
            "in_charge_of",
            "is_office_director",
            "order",
            "active_from",
            "user",
        ]
        widgets = {
            "active_from": _iso_date_input(),
            "in_charge_of": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "department": RowChoiceField,
            "in_charge_of": RowsChoiceField,
            "user": RowChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class RosterRetireForm(forms.Form):
    active_until = forms.DateField(
        label=_("Serves until"), widget=_iso_date_input(), initial=timezone.localdate
    )
    reason = _reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_active_until(self):
        day = self.cleaned_data["active_until"]
        if not date(2000, 1, 1) <= day <= timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("Enter a date between 2000 and a year from today."))
        return day


class RosterOrderForm(forms.Form):
    """The display order of the serving members, one number each, and one reason."""

    reason = _reason_field()

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"order_{member.pk}"] = forms.IntegerField(
                label=str(member), min_value=0, max_value=32767, initial=member.order
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def orders(self) -> dict[int, int]:
        return {member.pk: self.cleaned_data[f"order_{member.pk}"] for member in self.members}
