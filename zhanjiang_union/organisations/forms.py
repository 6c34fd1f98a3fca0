"""The mediators' register as its organisation's head edits it in the portal."""

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanjiang_union.accounts.models import User

from .models import Mediator, MediatorQualification, Organisation
from .spreadsheet import PHONE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MediatorForm(forms.ModelForm):
    class Meta:
        model = Mediator
        fields = ["name", "kind", "user", "phone", "areas", "active_from", "active_until"]
        widgets = {"active_from": DateInput(), "active_until": DateInput()}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        # A portal account of this organisation not yet on the register (or this
        # mediator's own); a mediator without an account is registered all the same.
        taken = Mediator.objects.filter(user__isnull=False).exclude(pk=self.instance.pk)
        own = Q(organisation=organisation)
        if organisation.depth == 1:  # staff recorded before the grid work for the city
            own |= Q(organisation__isnull=True)
        self.fields["user"].queryset = (
            User.objects.filter(own, is_active=True)
            .exclude(pk__in=taken.values("user_id"))
            .order_by("full_name", "username")
        )
        self.fields["user"].required = False
        self.fields["user"].empty_label = _("No portal account")
        self.fields["phone"].help_text = _("A mobile number (11 digits) or 0759-1234567.")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "")
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Write a mobile number or a landline with its area code.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", _("The active period ends before it begins."))
        return cleaned


class QualificationForm(forms.ModelForm):
    class Meta:
        model = MediatorQualification
        fields = ["kind", "title", "obtained_on", "valid_until"]
        widgets = {"obtained_on": DateInput(), "valid_until": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("obtained_on"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("It cannot be valid until a day before it was obtained.")
            )
        return cleaned


QualificationFormSet = inlineformset_factory(
    Mediator, MediatorQualification, form=QualificationForm, extra=1, max_num=20, can_delete=True
)


class MediatorEndForm(forms.Form):
    """End a mediator's active period: they stay on the register, as having served."""

    active_until = forms.DateField(label=_("Active until"), widget=DateInput())

    def __init__(self, *args, mediator: Mediator, **kwargs):
        kwargs.setdefault("initial", {"active_until": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.mediator = mediator

    def clean_active_until(self):
        day = self.cleaned_data["active_until"]
        if self.mediator.active_from and day < self.mediator.active_from:
            raise forms.ValidationError(
                _("The active period began on %(day)s: it cannot end before.")
                % {"day": self.mediator.active_from.isoformat()}
            )
        return day
