import copy
from datetime import date

from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

# Dates a form takes: outside these bounds they are typing mistakes, and far ones would
# overflow the date arithmetic (9999-12-31 + 1 day) instead of showing an error.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between EARLIEST and LATEST; any other is refused with the reader's message."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            )


class Button(Submit):
    """A submit button in any Bootstrap style. crispy's Submit always adds
    btn-primary, which hides the text of an outline button under a solid fill."""

    def __init__(self, name: str, value, *, style: str = "primary", css_class: str = "", **kwargs):
        super().__init__(name, value, **kwargs)
        self.field_classes = f"btn btn-{style} {css_class}".strip()


def _is_row_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) < 2**63


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses an id no database column can hold (SQLite raises
    OverflowError on one) with the field's own "not one of the choices" message."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_row_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """The same for a choice of several rows."""

    def _check_values(self, value):
        for each in value:
            if not _is_row_id(each):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(each)[:20]},
                )
        return super()._check_values(value)


class KeptChoiceField(RowChoiceField):
    """A choice of one row of a small table kept per process (zhanjiang_union/kept.py,
    whose `watch` must name its model): checked against the kept rows instead of one
    query per form sent. `kept_as` names the rows of this field's own queryset, which a
    form must not narrow per instance."""

    def __init__(self, *args, kept_as: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_as = kept_as

    def kept_rows(self) -> dict:
        from .kept import kept

        # .all(): a fresh read each time, not the rows a queryset of the form's class
        # (shared by every instance) keeps once it has been read.
        return kept(self.kept_as, lambda: {row.pk: row for row in self.queryset.all()})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _is_row_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        row = self.kept_rows().get(int(str(value)))
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return copy.copy(row)  # the kept row is shared by this process's requests
