"""The forms of the collective case's pages (cases.collective holds the rules)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.forms import BoundedDateField

from .models import DisputeCategory


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MergeSelectionForm(forms.Form):
    """Which complaints to merge: every open one against the employer (the default),
    narrowed by filing date or category, or the case numbers typed. Read from the query
    string to preview, and again from the POST that confirms."""

    ALL, NUMBERS = "all", "numbers"
    selection = forms.ChoiceField(
        label=_("Complaints to merge"),
        choices=[
            (ALL, _("All open complaints against this employer")),
            (NUMBERS, _("Only the case numbers below")),
        ],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    numbers = forms.CharField(
        label=_("Case numbers"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more, separated by spaces, commas or new lines."),
    )
    filed_from = BoundedDateField(label=_("Filed from"), required=False, widget=_date_input())
    filed_to = BoundedDateField(label=_("Filed until"), required=False, widget=_date_input())
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=DisputeCategory.objects.filter(active=True),
        required=False,
        empty_label=_("Any"),
    )

    def clean(self):
        data = super().clean()
        numbers = tuple(n for n in re.split(r"[\s,，、;；]+", data.get("numbers") or "") if n)
        if data.get("selection") == self.NUMBERS and not numbers:
            self.add_error("numbers", _("Type at least one case number."))
        if len(numbers) > 5000:
            self.add_error("numbers", _("At most 5000 case numbers at a time."))
        data["number_list"] = numbers if data.get("selection") == self.NUMBERS else ()
        start, end = data.get("filed_from"), data.get("filed_to")
        if start and end and start > end:
            self.add_error("filed_to", _("The end date is before the start date."))
        return data


class MergeConfirmForm(forms.Form):
    """The count the mediator saw and confirms, with the case's version."""

    expected_count = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SplitForm(forms.Form):
    origin = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class RepresentativeForm(forms.Form):
    complainant = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    chosen = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class NoticeForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=60)
    body = forms.CharField(
        label=_("Message"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by SMS to every worker of the case; keep it short. No personal data."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send to every worker")))
