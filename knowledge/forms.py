from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import DisputeCategory
from cases.validators import normalize_mobile, validate_mainland_mobile
from zhanjiang_union.forms import RowsChoiceField

from .models import Article, Law, Lecture, TypicalCase


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search laws, guides and typical cases"), max_length=100, required=False
    )


class LawUploadForm(forms.Form):
    title = forms.CharField(label=_("name of the law"), max_length=128)
    issuing_body = forms.CharField(label=_("issuing body"), max_length=128)
    version_date = forms.DateField(label=_("version date"), help_text=_("YYYY-MM-DD"))
    status = forms.ChoiceField(label=_("status"), choices=Law.Status.choices)
    file = forms.FileField(
        label=_("plain text (UTF-8)"),
        help_text=_("One article per 第X条; chapters 第X章, sections 第X节."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The text is larger than 2 MB."))
        raw = uploaded.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file is not plain text in UTF-8 or GB18030."))


class GuideSmsForm(forms.Form):
    phone = forms.CharField(label=_("caller's mobile phone"), max_length=20)

    def clean_phone(self):
        value = normalize_mobile(self.cleaned_data["phone"])
        validate_mainland_mobile(value)
        return value


class TypicalCaseForm(forms.ModelForm):
    categories = RowsChoiceField(
        label=_("dispute categories"), queryset=DisputeCategory.objects.filter(active=True)
    )
    articles = RowsChoiceField(
        label=_("articles applied"),
        queryset=Article.objects.select_related("law"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = TypicalCase
        fields = ["title", "facts", "handling", "outcome", "outcome_note", "lesson"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["facts", "handling", "outcome_note", "lesson"]
        }


class LectureForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Lecture
        fields = [
            "title",
            "speaker",
            "starts_at",
            "place",
            "audience",
            "summary",
            "published",
            "activity",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The lecture activities of the department recorded under the measure, and
        # not yet the record of another lecture.
        from leadership.models import Activity

        activities = Activity.objects.filter(kind=Activity.Kind.LECTURE).filter(
            models.Q(lecture__isnull=True) | models.Q(lecture=self.instance.pk or 0)
        )
        if department is not None:
            activities = activities.filter(department=department)
        self.fields["activity"].queryset = activities.order_by("-held_on", "-id")
        self.fields["activity"].required = False
        self.fields["activity"].help_text = _(
            "After it is held: the activity recorded under the measure (leadership pages)."
        )

    def clean_starts_at(self):
        # A lecture is announced for the coming years or recorded from recent ones; a
        # year far outside them is a typing slip (and year 1 has no UTC time to store).
        starts_at = self.cleaned_data["starts_at"]
        this_year = timezone.localdate().year
        if not this_year - 10 <= starts_at.year <= this_year + 5:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": this_year - 10, "latest": this_year + 5}
            )
        return starts_at
