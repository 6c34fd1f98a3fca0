from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All messages")), ("open", _("Still open only"))],
    )


class MarkReadForm(forms.Form):
    """Where to go after marking read: a path on this site, or the inbox."""

    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, host: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_next(self) -> str:
        target = self.cleaned_data["next"]
        # Only a path of ours: "foo" or "-1" would be taken for a URL name, "//x" for a host.
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.host}
        ):
            return ""
        return target
