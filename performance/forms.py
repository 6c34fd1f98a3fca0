"""The forms after an agreement or an award. They parse; the services decide."""

from datetime import date, timedelta
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.uploads import MultipleEvidenceField

from .models import JudicialConfirmation, LimitationEvent, Payment

MAX_ROWS = 12


def _date_input() -> forms.DateInput:
    # A browser's date input takes only ISO dates.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0.01"), max_digits=14, decimal_places=2, **kwargs
    )


def _past(day: date) -> bool:
    """Something that happened: not in the future, not decades back."""
    today = timezone.localdate()
    return today - timedelta(days=3653) <= day <= today


def _plausible(day: date) -> bool:
    """A date agreed or expected: within ten years back and five ahead."""
    today = timezone.localdate()
    return today - timedelta(days=3653) <= day <= today + timedelta(days=5 * 366)


def _check(form, name: str, test, message) -> None:
    value = form.cleaned_data.get(name)
    if value and not test(value):
        form.add_error(name, message)


PAST = _("Enter a date within the last ten years, and not in the future.")
PLAUSIBLE = _("Enter a date within the last ten years or the next five.")


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class="btn-primary"))
    return helper


class _RowForm(forms.Form):
    """A row of a table of rows: small inputs, the label read aloud only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            boolean = isinstance(field, forms.BooleanField)
            field.widget.attrs["class"] = (
                "form-check-input" if boolean else "form-control form-control-sm"
            )


class InstalmentForm(_RowForm):
    amount = _money_field(_("Amount (yuan)"), required=False)
    due_on = forms.DateField(
        label=pgettext_lazy("instalment", "Due on"), widget=_date_input(), required=False
    )
    payee = forms.CharField(label=_("Paid to"), max_length=128, required=False)

    def clean(self):
        data = super().clean()
        _check(self, "due_on", _plausible, PLAUSIBLE)
        filled = [data.get(name) for name in ("amount", "due_on", "payee")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Fill in the amount, the date and the payee, or none."))
        return data


class BaseScheduleFormSet(forms.BaseFormSet):
    def instalments(self):
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("amount")]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.instalments():
            raise forms.ValidationError(_("Enter at least one instalment."))


ScheduleFormSet = forms.formset_factory(
    InstalmentForm,
    formset=BaseScheduleFormSet,
    extra=0,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=_date_input())
    amount = _money_field(_("Amount (yuan)"))
    method = forms.ChoiceField(label=_("How"), choices=Payment.Method.choices)
    evidence = MultipleEvidenceField(
        label=_("Evidence of the payment (optional)"),
        required=False,
        help_text=_("One file: a bank slip, a receipt, a screenshot. PDF, JPG, PNG or Word."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        self.helper = _helper(_("Record the payment"))

    def clean(self):
        data = super().clean()
        _check(self, "paid_on", _past, PAST)
        if len(data.get("evidence") or []) > 1:
            self.add_error("evidence", _("Attach one file for a payment."))
        return data

    def evidence_file(self):
        files = self.cleaned_data.get("evidence") or []
        return files[0] if files else None


class NonPaymentForm(forms.Form):
    note = forms.CharField(
        label=_("What happened (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tell the union the employer has not paid"))
        self.helper.form_tag = False


class ConfirmationForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=JudicialConfirmation.Result.choices)
    on = forms.DateField(label=_("Date"), widget=_date_input())
    court = forms.CharField(label=_("Court"), max_length=128, required=False)
    document_number = forms.CharField(label=_("Ruling number"), max_length=64, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Record"))

    def clean(self):
        data = super().clean()
        _check(self, "on", _past, PAST)
        return data


class AwardClaimForm(_RowForm):
    claim = forms.CharField(label=_("Claim"), max_length=128, required=False)
    amount = forms.DecimalField(
        label=_("Amount awarded (yuan)"), min_value=0, max_digits=14, decimal_places=2,
        required=False,
    )  # fmt: skip
    is_final = forms.BooleanField(label=_("Final for this claim (Art. 47)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("claim") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount awarded for this claim (0 if none)."))
        if data.get("amount") is not None and not data.get("claim"):
            self.add_error("claim", _("Name the claim."))
        return data


class BaseClaimFormSet(forms.BaseFormSet):
    def claims(self):
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("claim")]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.claims():
            raise forms.ValidationError(_("Enter at least one claim the award decides."))


ClaimFormSet = forms.formset_factory(
    AwardClaimForm,
    formset=BaseClaimFormSet,
    extra=0,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)


class AwardReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("The award was received on"), widget=_date_input())

    def clean(self):
        data = super().clean()
        _check(self, "received_on", _past, PAST)
        return data


class LimitationFactsForm(forms.Form):
    knew_on = forms.DateField(
        label=_("The worker knew or should have known of the infringement on"),
        widget=_date_input(),
    )
    job_ended = forms.BooleanField(label=_("The job has ended"), required=False)
    job_ended_on = forms.DateField(
        label=_("The job ended on"), widget=_date_input(), required=False,
        help_text=_("For wage arrears the limitation period runs from the end of the job."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        _check(self, "knew_on", _past, PAST)
        _check(self, "job_ended_on", _past, PAST)
        if (
            data.get("job_ended")
            and not data.get("job_ended_on")
            and "job_ended_on" not in self.errors
        ):
            self.add_error("job_ended_on", _("Enter the day the job ended."))
        if not data.get("job_ended"):
            data["job_ended_on"] = None
        return data


class LimitationEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=LimitationEvent.Kind.choices)
    on = forms.DateField(label=_("On"), widget=_date_input())
    until = forms.DateField(
        label=_("Until (suspension only; empty while it lasts)"), widget=_date_input(),
        required=False,
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add"))

    def clean(self):
        data = super().clean()
        _check(self, "on", _past, PAST)
        _check(self, "until", _past, PAST)
        if data.get("until") and data.get("on") and data["until"] < data["on"]:
            self.add_error("until", _("The end cannot be before the start."))
        if data.get("kind") != LimitationEvent.Kind.SUSPENSION:
            data["until"] = None
        return data
