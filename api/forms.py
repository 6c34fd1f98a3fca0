from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    """Signing for an order takes no field; the form checks the request all the same."""


class ExtendForm(forms.Form):
    new_date = forms.DateField(
        label=_("Reply by (new date)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return value


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not the union’s business (the rule that says so)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    result = forms.CharField(
        label=_("Result (办结反馈)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
