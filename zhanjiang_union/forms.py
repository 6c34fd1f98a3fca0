from crispy_forms.layout import Submit


class Button(Submit):
    """A submit button in any Bootstrap style. crispy's Submit always adds
    btn-primary, which hides the text of an outline button under a solid fill."""

    def __init__(self, name: str, value, *, style: str = "primary", css_class: str = "", **kwargs):
        super().__init__(name, value, **kwargs)
        self.field_classes = f"btn btn-{style} {css_class}".strip()
