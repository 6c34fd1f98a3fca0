from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.case_numbers import CaseNumberInvalid, case_number_parse
from cases.services import case_number_format
from zhanjiang_union.forms import Button, RowChoiceField
from zhanjiang_union.resilience.submissions import SubmissionKeyMixin

from . import selectors
from .models import TEMPLATE_TEXT_FIELDS, DocumentKind, DocumentTemplate


class DocumentMakeForm(SubmissionKeyMixin, forms.Form):
    """What a kind of document needs typed or chosen besides the case: a reason, the
    referral a handoff letter is for, the document served and on whom."""

    reason = forms.CharField(
        label=gettext_lazy("Reason the document states"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    handoff = RowChoiceField(
        label=gettext_lazy("Referral"), queryset=None, empty_label=gettext_lazy("Please choose")
    )
    served = RowChoiceField(
        label=gettext_lazy("Document served"),
        queryset=None,
        empty_label=gettext_lazy("Please choose"),
    )
    recipient = forms.ChoiceField(label=gettext_lazy("Served on"))

    def __init__(self, *args, case, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in selectors.NEEDS_REASON:
            self.fields["reason"].initial = selectors.default_reason(case=case, kind=kind)
        else:
            del self.fields["reason"]
        if kind == DocumentKind.HANDOFF:
            self.fields["handoff"].queryset = selectors.referable_handoffs(case)
            self.fields["handoff"].label_from_instance = lambda handoff: (
                f"{handoff.get_body_display()} {handoff.receiver_name} {handoff.sent_on:%Y-%m-%d}"
            )
        else:
            del self.fields["handoff"]
        if kind == DocumentKind.SERVICE:
            self.fields["served"].queryset = selectors.servable_documents(case)
            people = selectors.recipients(case=case)
            self.fields["recipient"].choices = [("", _("Please choose"))] + [(p, p) for p in people]
        else:
            del self.fields["served"], self.fields["recipient"]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.add_input(Submit("submit", _("Make the document"), css_class="btn-primary"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("reason", "handoff", "served", "recipient")
            if name in data
        }


class DocumentTemplateForm(forms.ModelForm):
    """An admin's edit of a template, with a preview against the sample or a case."""

    preview_case = forms.CharField(
        label=gettext_lazy("Preview with the case"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("A case number; left empty, the preview uses sample values."),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["number_prefix", *TEMPLATE_TEXT_FIELDS]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "signature": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The cases this admin may read: a number outside them is "not found".
        self.cases = cases
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.add_input(Button("preview", _("Preview"), style="outline-primary"))
        self.helper.add_input(Submit("save", _("Save the template"), css_class="btn-primary"))

    def clean_preview_case(self):
        text = self.cleaned_data["preview_case"].strip()
        if not text:
            return None
        try:
            number = case_number_parse(text)
        except CaseNumberInvalid:
            raise forms.ValidationError(
                _("Not a case number. Example: %(example)s")
                % {"example": case_number_format(2026, 1)}
            ) from None
        case = (
            self.cases.select_related("category", "handler")
            .filter(number=case_number_format(number.year, number.sequence))
            .first()
            if self.cases is not None
            else None
        )
        if case is None:
            raise forms.ValidationError(_("No case with this number."))
        return case
