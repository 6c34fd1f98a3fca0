import re
from datetime import datetime, timedelta

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import DisputeCategory
from zhanjiang_union.accounts.models import Department
from zhanjiang_union.resilience.submissions import SubmissionKeyMixin

from . import selectors, services
from .models import MAX_REPRESENTATIVES, Call, CallbackAttempt, ExternalPetition, FollowUp, Urgency
from .validators import normalize_caller_phone

# A call or visit logged a few minutes "in the future" is a clock difference, not a typo.
CLOCK_TOLERANCE = timedelta(minutes=5)
_DURATION_RE = re.compile(r"(?:(\d{1,2}):)?(\d{1,3}):(\d{1,2})|(\d{1,5})")
MAX_DURATION = 6 * 3600


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _local_now():
    return timezone.localtime().replace(second=0, microsecond=0)


def _helper(label, css_class="btn-primary") -> FormHelper:
    # Templates write the <form> tag (with its action and CSRF token) around it.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Submit("submit", label, css_class=css_class))
    return helper


class PhoneField(forms.CharField):
    """A caller's mobile or landline, returned in its stored form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_caller_phone(value) if value else value


class CaseNumberField(forms.CharField):
    """A case chosen by its number; returns the case (or None when left empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The full number, or year and sequence: 2026-123."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        case = selectors.case_by_number(text=value)
        if case is None:
            raise ValidationError(_("No case has this number."), code="unknown_case")
        return case


# Nothing the desk records happened before the portal's records begin; older times are
# typing slips (0001-01-01 cannot even be read back in Beijing time).
EARLIEST = datetime(2000, 1, 1)


def _not_in_future(moment):
    if moment and moment > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError(_("This time is in the future."), code="future")
    if moment and moment < timezone.make_aware(EARLIEST):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.date().isoformat(), "latest": timezone.localdate().isoformat()},
            code="too_early",
        )
    return moment


def parse_duration(text: str) -> int | None:
    """Seconds from "m:ss", "h:mm:ss" or plain seconds; None for an empty field."""
    text = text.strip().replace("：", ":")
    if not text:
        return None
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        raise ValidationError(
            _("Enter the duration as minutes:seconds (3:25) or as seconds (205)."),
            code="invalid_duration",
        )
    hours, minutes, seconds, plain = match.groups()
    if plain is not None:
        total = int(plain)
    else:
        if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            raise ValidationError(
                _("Seconds and minutes after a colon go up to 59."), code="invalid_duration"
            )
        total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if total > MAX_DURATION:
        raise ValidationError(_("A call lasts at most six hours."), code="too_long")
    return total


class CallForm(SubmissionKeyMixin, forms.Form):
    """The desk's one form. Every field is a one-line input, a radio or a select, so
    that Enter submits the whole form from anywhere in it."""

    phone = PhoneField(label=_("Caller phone"))
    caller_name = forms.CharField(label=_("Caller name"), max_length=64, required=False)
    received_at = forms.DateTimeField(
        label=_("Time of the call"),
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    duration = forms.CharField(
        label=_("Duration"),
        max_length=10,
        required=False,
        help_text=_("minutes:seconds or seconds"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "3:25"}),
    )
    category = forms.ModelChoiceField(
        label=_("Dispute category"),
        queryset=DisputeCategory.objects.filter(active=True),
        required=False,
        empty_label=_("— consultation only —"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(label=_("Call summary"), max_length=2000)
    outcome = forms.ChoiceField(
        label=_("What was done"), choices=Call.Outcome.choices, widget=forms.RadioSelect
    )
    referred_to = forms.ModelChoiceField(
        label=_("Referred to"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Only when the caller was referred to a department."),
    )
    callback_at = forms.DateTimeField(
        label=_("Call back at"),
        required=False,
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("Only for a callback: a time agreed with the caller (optional)."),
    )
    callback_assignee = forms.ModelChoiceField(
        label=_("Who calls back"),
        queryset=None,
        required=False,
        empty_label=_("Me"),
        help_text=_("Only for a callback: someone else at the desk, who gets a message."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from zhanjiang_union.accounts.models import User

        self.fields["callback_assignee"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                Q(groups__permissions__codename="use_desk")
                | Q(user_permissions__codename="use_desk")
            )
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["received_at"].initial = _local_now
        # The number is typed first; when a lookup brought it in, the name comes next.
        first = "caller_name" if self.initial.get("phone") else "phone"
        self.fields[first].widget.attrs["autofocus"] = True
        # The template wraps the form and its one submit button: Enter saves.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "submission_key",
            Row(
                Column("phone", css_class="col-sm-6 col-md-4"),
                Column("caller_name", css_class="col-sm-6 col-md-4"),
                Column("received_at", css_class="col-sm-6 col-md-4"),
            ),
            Row(
                Column("duration", css_class="col-sm-6 col-md-3"),
                Column("category", css_class="col-md-5"),
                Column(InlineRadios("urgency"), css_class="col-md-4"),
            ),
            "summary",
            Row(
                Column(InlineRadios("outcome"), css_class="col-md-8"),
                Column("referred_to", css_class="col-md-4"),
            ),
            Row(
                Column("callback_at", css_class="col-sm-6 col-md-4"),
                Column("callback_assignee", css_class="col-sm-6 col-md-4"),
            ),
        )

    def clean_received_at(self):
        return _not_in_future(self.cleaned_data["received_at"])

    def clean_callback_at(self):
        moment = self.cleaned_data["callback_at"]
        if moment is None:
            return None
        now = timezone.now()
        if moment < now - CLOCK_TOLERANCE:
            raise ValidationError(_("Choose a callback time that is still to come."), code="past")
        if moment > now + timedelta(days=60):
            raise ValidationError(_("Agree a callback within the next 60 days."), code="too_far")
        return moment

    def clean_duration(self):
        return parse_duration(self.cleaned_data["duration"])

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Call.Outcome.REFERRED and not data.get("referred_to"):
            self.add_error("referred_to", _("Choose the department the caller was referred to."))
        if data.get("outcome") != Call.Outcome.CALLBACK:
            for name in ("callback_at", "callback_assignee"):
                if data.get(name):
                    self.add_error(
                        name, _("Only a call that needs a callback gets a time or a person.")
                    )
        return data


class LookupForm(forms.Form):
    """?phone= on the desk: who is calling, have they called before, do they have a case."""

    phone = PhoneField(label=_("Look up a caller"))


class CallFilterForm(forms.Form):
    day = forms.DateField(label=_("Day of the call"), required=False, widget=DateInput)
    phone = PhoneField(label=_("Caller phone"), required=False)


class CallbackForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result of the callback"),
        choices=CallbackAttempt.Result.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the callback"))


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Is the worker satisfied?"),
        choices=FollowUp.Result.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the follow-up"))


class FollowUpFilterForm(forms.Form):
    days = forms.IntegerField(
        label=_("Closed in the last (days)"), min_value=1, max_value=366, required=False
    )


class VisitForm(SubmissionKeyMixin, forms.Form):
    visited_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    visitor_count = forms.IntegerField(
        label=_("Number of visitors"), min_value=1, max_value=10_000, initial=1
    )
    visitor_name = forms.CharField(
        label=_("Visitor’s name"),
        max_length=64,
        required=False,
        help_text=_("For a visitor who comes alone; a group names its representatives below."),
    )
    visitor_phone = PhoneField(label=_("Visitor’s phone"), required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=128, required=False)
    demands = forms.CharField(
        label=_("Demands"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    action_taken = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    case = CaseNumberField(label=_("Existing case (number)"))
    follow_up_due_on = forms.DateField(label=_("Follow up by"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_at"].initial = _local_now
        # The template adds the representatives' rows and the submit button.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "submission_key",
            Row(
                Column("visited_at", css_class="col-sm-6"),
                Column("visitor_count", css_class="col-sm-6"),
            ),
            Row(
                Column("visitor_name", css_class="col-sm-6"),
                Column("visitor_phone", css_class="col-sm-6"),
            ),
            "employer_name",
            "demands",
            "action_taken",
            Row(
                Column("case", css_class="col-sm-6"),
                Column("follow_up_due_on", css_class="col-sm-6"),
            ),
        )

    def clean_visited_at(self):
        return _not_in_future(self.cleaned_data["visited_at"])


class RepresentativeForm(forms.Form):
    # Not required field by field (no asterisk: rows are optional below five visitors);
    # a row that is started needs both.
    name = forms.CharField(label=_("Representative"), max_length=64, required=False)
    phone = PhoneField(label=_("Contact number"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("phone"):
            self.add_error("phone", _("Give the representative’s contact number."))
        if data.get("phone") and not data.get("name"):
            self.add_error("name", _("Give the representative’s name."))
        return data


class BaseRepresentativeFormSet(forms.BaseFormSet):
    """Up to five rows; blank rows are ignored. How many are needed depends on the
    number of visitors, which the visit form passes in as `visitor_count`."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _(
            "A visit names at most %(num)d representatives (信访工作条例 Art. 20)."
        ),
    }
    visitor_count: int | None = None

    def filled(self) -> list[services.RepresentativeInput]:
        return [
            services.RepresentativeInput(
                name=form.cleaned_data["name"], phone=form.cleaned_data["phone"]
            )
            for form in self.forms
            if form.has_changed() and form.cleaned_data and form.cleaned_data.get("name")
        ]

    def clean(self):
        super().clean()
        if any(self.errors) or self.visitor_count is None:
            return
        try:
            services.visit_representatives_check(
                visitor_count=self.visitor_count, count=len(self.filled())
            )
        except services.HotlineError as error:
            raise ValidationError(error.message, code="representatives") from None


RepresentativeFormSet = forms.formset_factory(
    RepresentativeForm,
    formset=BaseRepresentativeFormSet,
    extra=MAX_REPRESENTATIVES,
    max_num=MAX_REPRESENTATIVES,
    absolute_max=MAX_REPRESENTATIVES,
    validate_max=True,
)


class VisitCaseForm(forms.Form):
    case = CaseNumberField(label=_("Case number"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Link to this case"), "btn-outline-primary")


class ExternalPetitionForm(SubmissionKeyMixin, forms.Form):
    petitioned_on = forms.DateField(label=_("Date of the petition"), widget=DateInput)
    level = forms.ChoiceField(label=_("Taken to"), choices=ExternalPetition.Level.choices)
    employer_name = forms.CharField(label=_("Employer"), max_length=128)
    people_count = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=100_000, initial=1
    )
    case = CaseNumberField(label=_("Case (number), if the union has one"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record the external petition"))

    def clean_petitioned_on(self):
        day = self.cleaned_data["petitioned_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A petition is recorded once it has happened."))
        return day


class RatingForm(forms.Form):
    """The worker's rating of a closed case, on the tracking page."""

    result = forms.ChoiceField(
        label=_("How satisfied are you with how your case was handled?"),
        choices=FollowUp.Result.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("submit", _("Send my rating"), css_class="btn-primary"))
