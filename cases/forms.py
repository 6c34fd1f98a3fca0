from datetime import date, timedelta

from captcha.fields import CaptchaField
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.accounts.models import Department
from zhanjiang_union.forms import Button, KeptChoiceField
from zhanjiang_union.organisations.models import Organisation
from zhanjiang_union.punctuation import mark
from zhanjiang_union.resilience.submissions import SubmissionKeyMixin

from . import case_numbers
from .models import Case, Deadline, DisputeCategory, District, Industry, MediationSession
from .uploads import MultipleEvidenceField
from .validators import (
    normalize_credit_code,
    normalize_mobile,
    normalize_resident_id,
    validate_credit_code,
    validate_mainland_mobile,
    validate_resident_id,
)
from .workflow import Body, Outcome, Stage, Status, receiver_default


def _date_input() -> forms.DateInput:
    # A browser's date input takes only ISO dates; the locale's 2026/12/01 leaves it empty.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ComplaintForm(SubmissionKeyMixin, forms.Form):
    """The worker's complaint, in three short sections that fit a phone screen."""

    name = forms.CharField(label=_("Your name"), max_length=64)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=20,
        help_text=_("18 characters, as on your ID card."),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("We send your case number and query code to this number."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    address = forms.CharField(label=_("Your address (optional)"), max_length=255, required=False)

    employer_name = forms.CharField(label=_("Employer’s name"), max_length=128)
    employer_credit_code = forms.CharField(
        label=_("Employer’s unified social credit code (optional)"),
        max_length=20,
        required=False,
        help_text=_("18 characters; on the business licence. Leave empty if you do not know it."),
    )
    employer_address = forms.CharField(
        label=_("Employer’s address (optional)"), max_length=255, required=False
    )
    district = KeptChoiceField(
        label=_("District or county"),
        queryset=District.objects.filter(active=True),
        kept_as="cases.districts.active",
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", "---------"), *Industry.choices]
    )

    category = KeptChoiceField(
        label=_("What is the dispute about?"),
        queryset=DisputeCategory.objects.filter(active=True),
        kept_as="cases.categories.active",
    )
    workers_involved = forms.IntegerField(
        label=_("How many workers are affected, you included?"),
        min_value=1,
        max_value=100_000,
        initial=1,
    )
    amount_claimed = forms.DecimalField(
        label=_("Amount claimed in yuan (optional)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    facts = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("When and where you worked, what went wrong, since when."),
    )
    demand = forms.CharField(
        label=_("What do you ask for?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The arbitration time limit (劳动争议调解仲裁法 Art. 27) counts from these days.
    knew_on = forms.DateField(
        label=_("When did you first know of the problem? (optional)"),
        required=False,
        widget=_date_input(),
        help_text=_("The one-year time limit to apply for arbitration counts from this day."),
    )
    job_ended_on = forms.DateField(
        label=_("If your job has ended: the day it ended (optional)"),
        required=False,
        widget=_date_input(),
    )
    evidence = MultipleEvidenceField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_(
            "Contract, pay slips, chat records…: PDF, JPG, PNG or Word, up to 10 files of 10 MB."
        ),
    )

    @cached_property
    def helper(self) -> FormHelper:
        # Built when the form is rendered: a valid filing never is, and an empty form's
        # page is mostly served ready-made (cases/complaint_page.py).
        helper = FormHelper()
        helper.attrs = {"novalidate": True}
        helper.layout = Layout(
            "submission_key",
            Fieldset(_("1. About you"), "name", "id_number", "phone", "email", "address"),
            Fieldset(
                _("2. Your employer"),
                "employer_name",
                "employer_credit_code",
                "employer_address",
                "district",
                "industry",
            ),
            Fieldset(
                _("3. Your dispute"),
                "category",
                "workers_involved",
                "amount_claimed",
                "facts",
                "demand",
                "knew_on",
                "job_ended_on",
                "evidence",
            ),
            # The worker is told how their information is used before they submit.
            HTML('{% include "cases/_privacy_notice.html" %}'),
            Button("submit", _("Submit the complaint"), style="danger", css_class="btn-lg w-100"),
        )
        return helper

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        for name in ("knew_on", "job_ended_on"):
            if data.get(name) and not _recent(data[name]):
                self.add_error(
                    name, _("Enter a date within the last ten years, and not in the future.")
                )
        return data

    def clean_id_number(self):
        value = normalize_resident_id(self.cleaned_data["id_number"])
        validate_resident_id(value)
        return value

    def clean_phone(self):
        value = normalize_mobile(self.cleaned_data["phone"])
        validate_mainland_mobile(value)
        return value

    def clean_employer_credit_code(self):
        value = normalize_credit_code(self.cleaned_data["employer_credit_code"])
        if value:
            validate_credit_code(value)
        return value


class StaffIntakeForm(ComplaintForm):
    """The same complaint, registered by staff for a caller or a visitor."""

    channel = forms.ChoiceField(label=_("Came by"), choices=Case.channel.field.choices)
    is_mass_incident = forms.BooleanField(
        label=_("Sudden or mass incident (突发性、群体性事件)"), required=False
    )
    grid = forms.CharField(label=_("Grid (网格)"), max_length=64, required=False)

    # Worded for the staff member typing for someone else, not for the worker.
    STAFF_LABELS = {
        "name": _("Complainant’s name"),
        "phone": _("Complainant’s mobile phone"),
        "email": _("Complainant’s e-mail (optional)"),
        "address": _("Complainant’s address (optional)"),
        "workers_involved": _("How many workers are affected, the complainant included?"),
        "facts": _("What happened (as the complainant tells it)"),
        "demand": _("What the complainant asks for"),
        "knew_on": _("When the complainant first knew of the problem (optional)"),
    }
    STAFF_HELP = {
        "phone": _("The case number and query code are sent to this number."),
        "facts": _("When and where they worked, what went wrong, since when."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.STAFF_LABELS.items():
            self.fields[name].label = label
        for name, text in self.STAFF_HELP.items():
            self.fields[name].help_text = text
        # A caller rarely has the ID card at hand: the case is registered without it,
        # marked "to complete"; an agreement cannot be recorded until it is.
        self.fields["id_number"].required = False
        self.fields["id_number"].label = _("Complainant’s resident ID number (if known)")
        self.fields["id_number"].help_text = _(
            "Leave empty if the complainant does not have it at hand: the case is marked "
            "“to complete”, and it is needed before an agreement is recorded."
        )
        # layout[0] is the submission key, then the three sections.
        self.helper.layout[1].legend = _("1. The complainant")
        self.helper.layout[2].legend = _("2. The employer")
        self.helper.layout[3].legend = _("3. The dispute")
        self.helper.layout.insert(
            1, Fieldset(_("Registration"), "channel", "is_mass_incident", "grid")
        )
        # The worker's privacy notice is for the worker's own form; the staff register
        # what the complainant tells them.
        del self.helper.layout[-2]
        self.helper.layout[-1] = Submit("submit", _("Register the case"), css_class="btn-primary")

    def clean_id_number(self):
        value = normalize_resident_id(self.cleaned_data["id_number"])
        if value:
            validate_resident_id(value)
        return value


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=case_numbers.MAX_INPUT,
        help_text=_("As on your receipt, e.g. 湛工维〔2026〕00123号; 2026-123 or 123 will do."),
    )
    code = forms.CharField(
        label=_("Query code"),
        max_length=32,
        help_text=_("8 letters and digits; a code never has 0, O, 1, I or L."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if captcha:
            # After repeated wrong codes for this case number (from anywhere): a picture
            # to read, rendered here (django-simple-captcha), so guessing cannot be automated.
            self.fields["captcha"] = CaptchaField(
                label=_("Characters in the picture"),
                help_text=_(
                    "Several wrong query codes were tried for this case number: type the "
                    "characters you see, to show you are not a program."
                ),
                error_messages={
                    "required": _("Type the characters in the picture."),
                    "invalid": _("The characters do not match the picture."),
                },
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Look up"), css_class="btn-primary w-100"))

    def clean_number(self) -> str:
        """The case number in its one written form, whatever form it was typed in."""
        try:
            return str(case_numbers.case_number_parse(self.cleaned_data["number"]))
        except case_numbers.CaseNumberInvalid:
            raise forms.ValidationError(
                _(
                    "Enter the case number as on your receipt, e.g. 湛工维〔2026〕00123号, "
                    "or its year and number, e.g. 2026-123."
                ),
                code="case_number",
            ) from None

    def clean_code(self) -> str:
        return case_numbers.query_code_normalize(self.cleaned_data["code"])


class WorkbenchFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=64)
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("department", _("My department’s queue")), ("mine", _("My cases"))],
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    district = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.all()
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=DisputeCategory.objects.all()
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Case.channel.field.choices]
    )
    collective = forms.ChoiceField(
        label=_("Collective"),
        required=False,
        choices=[("", _("All")), ("1", _("Collective only")), ("0", _("Individual only"))],
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("All")),
            *Deadline.State.choices,
            ("late", _("Overdue or long overdue")),
            ("paused", _("Paused")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("deadline", _("Next deadline first")), ("newest", _("Newest first"))],
    )
    closed = forms.BooleanField(label=_("Include closed"), required=False)
    # Reached from the dashboard's figures: not shown in the filter bar.
    created_from = forms.DateField(required=False, widget=forms.HiddenInput)
    created_to = forms.DateField(required=False, widget=forms.HiddenInput)
    closed_from = forms.DateField(required=False, widget=forms.HiddenInput)
    closed_to = forms.DateField(required=False, widget=forms.HiddenInput)
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(), required=False, widget=forms.HiddenInput
    )
    industry = forms.ChoiceField(
        choices=[("", ""), *Industry.choices], required=False, widget=forms.HiddenInput
    )
    warning = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The cases of an organisation's subtree (the organisation alone with
    # organisation_only), within what the user may see.
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput
    )
    organisation_only = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _recent(day: date) -> bool:
    """Dates of things that happened: not in the future, not decades back."""
    today = timezone.localdate()
    return today - timedelta(days=3653) <= day <= today


class TransitionForm(SubmissionKeyMixin, forms.Form):
    """One form for every move; fields that the move does not need are dropped."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    receiver_name = forms.CharField(label=_("Receiving office"), max_length=128, required=False)
    sent_on = forms.DateField(label=_("Date sent"), widget=_date_input())
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=_date_input())
    amount_agreed = forms.DecimalField(
        label=_("Amount agreed (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    payment_due = forms.DateField(label=_("Payment due by"), widget=_date_input())
    terms = forms.CharField(
        label=_("Terms of the agreement"), widget=forms.Textarea(attrs={"rows": 4})
    )
    awarded_on = forms.DateField(label=_("Award date"), widget=_date_input())
    award_document_number = forms.CharField(
        label=_("Award document number"),
        max_length=64,
        help_text=_("e.g. 湛劳人仲案字〔2026〕123号"),
    )
    amount_awarded = forms.DecimalField(
        label=_("Amount awarded in yuan (optional)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    is_final = forms.BooleanField(
        label=_("Final award (终局裁决, Art. 47)"),
        required=False,
        help_text=_("Not final: the worker may sue within 15 days of receiving it."),
    )

    HANDOFF_FIELDS = ("receiver_name", "sent_on", "document_number")
    AGREEMENT_FIELDS = ("signed_on", "amount_agreed", "payment_due", "terms")
    AWARD_FIELDS = ("awarded_on", "award_document_number", "amount_awarded", "is_final")

    def __init__(self, *args, move, outcomes, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.move = move
        if outcomes:
            self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]
        else:
            del self.fields["outcome"]
        if not move.handoff_to:
            for name in self.HANDOFF_FIELDS:
                del self.fields[name]
        else:
            self.fields["sent_on"].initial = timezone.localdate()
            self.fields["receiver_name"].initial = receiver_default(move.handoff_to, case)
            self.fields["receiver_name"].help_text = Body(move.handoff_to).label
        if not move.needs_agreement:
            for name in self.AGREEMENT_FIELDS:
                del self.fields[name]
        if not move.needs_award:
            for name in self.AWARD_FIELDS:
                del self.fields[name]
        else:
            self.fields["awarded_on"].initial = timezone.localdate()
        if move.needs_reason:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", move.label, css_class="btn-primary"))

    def clean(self):
        data = super().clean()
        for name in ("sent_on", "signed_on", "awarded_on"):
            if data.get(name) and not _recent(data[name]):
                self.add_error(
                    name, _("Enter a date within the last ten years, and not in the future.")
                )
        due = data.get("payment_due")
        if due and not (date(2000, 1, 1) <= due <= timezone.localdate() + timedelta(days=5 * 365)):
            self.add_error("payment_due", _("Enter a payment date within the next five years."))
        signed, due = data.get("signed_on"), data.get("payment_due")
        if signed and due and due < signed:
            self.add_error("payment_due", _("The payment date cannot be before the signing date."))
        return data

    def award(self) -> dict | None:
        if "awarded_on" not in self.fields:
            return None
        data = self.cleaned_data
        return {
            "awarded_on": data["awarded_on"],
            "document_number": data["award_document_number"],
            "amount_awarded": data["amount_awarded"],
            "is_final": data["is_final"],
        }


def _handler_label(user) -> str:
    organisation = user.organisation
    if organisation is None or organisation.depth == 1:
        return str(user)
    return f"{user}（{organisation}）"


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers.select_related("organisation").order_by(
            "full_name", "username"
        )
        # A mediator lent from an organisation below (cases.secondments) says whose.
        self.fields["handler"].label_from_instance = _handler_label
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Assign"), css_class="btn-primary"))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # inside the case page's own form
        self.helper.disable_csrf = True
        self.helper.add_input(Button("submit", _("Add note"), style="outline-primary"))


class HandOnForm(forms.Form):
    """Hand a case down to an organisation below, or report it up to one above."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(label=_("To"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, targets, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = targets
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label, css_class="btn-primary"))


class OrganisationMergeForm(forms.Form):
    """Close an organisation into another: its open cases, staff and those below go along."""

    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        from zhanjiang_union.organisations.models import Organisation

        self.fields["into"].queryset = (
            Organisation.objects.exclude(path__startswith=organisation.path)
            .exclude(active_until__lt=timezone.localdate())
            .order_by("path")
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Merge"), css_class="btn-danger"))


class OrganisationImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    workbook = forms.FileField(label=_("Workbook (.xlsx)"))
    action = forms.ChoiceField(
        choices=[("preview", "preview"), ("import", "import")], widget=forms.HiddenInput
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The workbook is larger than 5 MB."))
        return upload


class AcknowledgeForm(forms.Form):
    acknowledged_by_name = forms.CharField(
        label=_("Acknowledged by (name at the receiving body)"), max_length=64
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("submit", _("Record the acknowledgement"), css_class="btn-primary")
        )


class SessionForm(forms.ModelForm):
    def clean_scheduled_at(self):
        when = self.cleaned_data["scheduled_at"]
        today = timezone.localdate()
        if (
            not today - timedelta(days=365)
            <= timezone.localtime(when).date()
            <= today + timedelta(days=365)
        ):
            raise forms.ValidationError(_("Enter a date within a year of today."))
        return when

    class Meta:
        model = MediationSession
        fields = ["scheduled_at", "place", "participants"]
        widgets = {
            "scheduled_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Schedule the session"), css_class="btn-primary"))


class SessionResultForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            c for c in MediationSession.Result.choices if c[0] != MediationSession.Result.SCHEDULED
        ],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    record_failure = forms.BooleanField(
        label=_("Also record that mediation failed, with this note as the reason"),
        required=False,
        help_text=_(
            "For a failed session after which no agreement can be reached: the worker can "
            "then be guided to apply for arbitration."
        ),
    )

    def __init__(self, *args, can_end_mediation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_end_mediation:
            del self.fields["record_failure"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Record the result"), css_class="btn-primary"))

    def clean(self):
        data = super().clean()
        if data.get("record_failure"):
            if data.get("result") != MediationSession.Result.FAILED:
                self.add_error("record_failure", _("Only a failed session can end the mediation."))
            elif not (data.get("note") or "").strip():
                self.add_error("note", _("Give the reason mediation failed."))
        return data


class RecoveredForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Amount recovered (yuan)"), min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save"), css_class="btn-primary"))


class CaseIdsField(forms.ModelMultipleChoiceField):
    """Case ids as typed: a value that is not an id a database column can hold (25 digits,
    "1e309") is an invalid choice like any other, never an overflow in the query."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**63):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": text[:32]},
                )  # fmt: skip
        return super()._check_values(value)


class RelatedCasesForm(forms.Form):
    """Link this case to one related case, or merge related cases into it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    cases = CaseIdsField(
        label=_("Related open cases"),
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, related, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = related
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.number} · {case.employer_name}"
        )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by"), min_value=1, max_value=365)
    approver = forms.CharField(label=_("Approved by"), max_length=64)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, deadline, **kwargs):
        super().__init__(*args, **kwargs)
        rule = deadline.rule
        self.fields["days"].help_text = rule.get_unit_display()
        if rule.extension_limit is not None:
            self.fields["days"].max_value = max(rule.extension_limit - deadline.extended_by, 1)
            self.fields["days"].widget.attrs["max"] = self.fields["days"].max_value
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Extend"), css_class="btn-primary"))


class PauseForm(forms.Form):
    REASONS = [
        ("appraisal", _("An appraisal (鉴定) is under way")),
        ("unreachable", _("A party cannot be reached")),
        ("worker_request", _("The worker asked for time")),
        ("related_case", _("A related case is pending")),
        ("other", _("Other")),
    ]
    reason = forms.ChoiceField(label=_("Why is the clock paused?"), choices=REASONS)
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Button("submit", _("Pause the clock"), style="warning"))

    def reason_text(self) -> str:
        label = dict(self.REASONS)[self.cleaned_data["reason"]]
        note = self.cleaned_data["note"].strip()
        return f"{label}{mark('colon')}{note}" if note else str(label)


class MoreEvidenceForm(forms.Form):
    evidence = MultipleEvidenceField(
        label=_("Add evidence"),
        help_text=_("PDF, JPG, PNG or Word, up to 10 files of 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # inside the page's own multipart form
        self.helper.disable_csrf = True
        self.helper.add_input(Button("submit", _("Upload"), style="outline-primary"))


class MassIncidentForm(forms.Form):
    """Mark a sudden or mass incident (the case page's small form)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(
        max_length=2000,
        error_messages={"required": _("Say what happened.")},
    )

    def first_error(self) -> str:
        if "version" in self.errors:
            return _("The page was out of date: open the case again and retry.")
        return next(iter(self.errors.values()))[0]


class ReopenRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the case be reopened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the employer has not paid what was agreed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(
            Button("submit", _("Ask for the case to be reopened"), style="outline-danger")
        )


class ReopenDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept: reopen the case")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason (required to decline; the worker reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the request is declined: the worker reads it."))
        return data


class PhoneSignInForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone given in your complaint"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("submit", _("Send me a code"), css_class="btn-primary w-100"))

    def clean_phone(self):
        value = normalize_mobile(self.cleaned_data["phone"])
        validate_mainland_mobile(value)
        return value


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}
        ),
        help_text=_("6 digits, valid for 5 minutes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("submit", _("Sign in"), css_class="btn-primary w-100"))

    def clean_code(self):
        import unicodedata

        value = "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split())
        if not (len(value) == 6 and value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("Enter the 6 digits of the code."))
        return value


class SecondmentDeclineForm(forms.Form):
    """The lending organisation's head declines the loan of a mediator, saying why."""

    reason = forms.CharField(
        label=_("Why can the mediator not be lent?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
