from django import forms
from django.utils.translation import gettext_lazy as _


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All messages")), ("open", _("Still open only"))],
    )
