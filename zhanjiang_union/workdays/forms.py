from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .notice import NoticeError, parse_notice


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the notice"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the whole notice 国务院办公厅关于YYYY年部分节假日安排的通知, from its title "
            "to its date, as published on www.gov.cn."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_text(self):
        text = self.cleaned_data["text"]
        try:
            self.notice = parse_notice(text)
        except NoticeError as error:
            raise forms.ValidationError(error.message) from None
        return text
